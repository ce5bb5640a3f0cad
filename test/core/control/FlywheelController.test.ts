import { FlywheelController } from "../../../src/core/control/FlywheelController";
import { SetpointTracker } from "../../../src/core/control/SetpointTracker";
import { SlewRateLimiter } from "../../../src/core/control/SlewRateLimiter";

/** A DC-motor flywheel: J dw/dt = (V - kS sgn(w) - kV w) / kA in the feedforward's own units. */
class FlywheelPlant {
  speed = 0;
  constructor(
    private readonly kS: number,
    private readonly kV: number,
    private readonly kA: number,
  ) {}
  step(volts: number, dt: number): number {
    const v = Math.max(-12, Math.min(12, volts));
    this.speed += ((v - this.kS * Math.sign(this.speed) - this.kV * this.speed) / this.kA) * dt;
    return this.speed;
  }
}

describe("SlewRateLimiter", () => {
  it.each([
    { input: 500, times: [0, 0.1, 0.5, 2], outputs: [0, 35, 175, 500] },
    { input: -100, times: [0, 0.1, 1], outputs: [0, -35, -100] },
  ])("limits the rate to 350 /s towards $input", ({ input, times, outputs }) => {
    const limiter = new SlewRateLimiter(350);
    times.forEach((t, i) => {
      expect(limiter.calculate(input, t)).toBeCloseTo(outputs[i] ?? NaN, 9);
    });
  });

  it("holds on a non-finite input and starts from a reset value", () => {
    const limiter = new SlewRateLimiter(10);
    limiter.reset(50, 0);
    expect(limiter.calculate(NaN, 1)).toBe(50);
    expect(limiter.calculate(0, 2)).toBe(40);
  });

  it("rejects a zero rate", () => {
    expect(() => new SlewRateLimiter(0)).toThrow(/rate_per_s must be > 0, got 0/);
  });
});

describe("SetpointTracker", () => {
  it.each([
    { name: "no measurement yet", steps: [] as [number, number, number][], at: 1, expected: false },
    { name: "within tolerance but not for the dwell", steps: [[100, 99, 0], [100, 101, 0.05]] as [number, number, number][], at: 0.05, expected: false },
    { name: "within tolerance for the dwell", steps: [[100, 99, 0], [100, 101, 0.1]] as [number, number, number][], at: 0.1, expected: true },
    { name: "one sample out resets the dwell", steps: [[100, 99, 0], [100, 97, 0.05], [100, 100, 0.1]] as [number, number, number][], at: 0.1, expected: false },
    { name: "a NaN measurement resets", steps: [[100, 100, 0], [100, NaN, 0.15]] as [number, number, number][], at: 0.15, expected: false },
    { name: "a setpoint jump resets", steps: [[100, 100, 0], [200, 199, 0.12]] as [number, number, number][], at: 0.12, expected: false },
  ])("$name", ({ steps, at, expected }) => {
    const tracker = new SetpointTracker(2, 0.1);
    for (const [sp, m, t] of steps) tracker.update(sp, m, t);
    expect(tracker.atSetpoint(at)).toBe(expected);
  });
});

describe("SetpointTracker smoothed error", () => {
  it("is a first-order low-pass with the dwell as time constant (closed form for a step)", () => {
    const tracker = new SetpointTracker(2, 0.1);
    tracker.update(100, 100, 0);
    for (let k = 1; k <= 30; k++) tracker.update(100, 99, k * 0.01);
    // After 0.3 s of a 1 rad/s error the filter holds 1 - exp(-0.3 / 0.1).
    expect(tracker.smoothedError).toBeCloseTo(1 - Math.exp(-3), 9);
  });

  // A 0.6 rad/s ripple seen at 5 Hz (a 95 Hz ripple sampled at 100 Hz aliases there): the
  // largest smoothed error over the last two ripple periods (20 samples), after 2 s of settling.
  const rippleAmplitude = (dwell_s: number): number => {
    const tracker = new SetpointTracker(2, dwell_s);
    let largest = 0;
    for (let k = 0; k <= 200; k++) {
      const error = 0.6 * Math.sin(2 * Math.PI * 5 * k * 0.01);
      tracker.update(300, 300 - error, k * 0.01);
      if (k > 180) largest = Math.max(largest, Math.abs(tracker.smoothedError));
    }
    return largest;
  };

  it("averages a ripple that the last sample would show at full size", () => {
    // A first-order low-pass with tau 0.1 s passes 1 / sqrt(1 + (2 pi 5 Hz 0.1 s)^2) = 0.303 of a
    // 5 Hz ripple (0.305 for the 100 Hz discrete filter): 0.18 of the 0.6 rad/s.
    const smoothed = rippleAmplitude(0.1);
    expect(smoothed).toBeGreaterThan(0.25 * 0.6);
    expect(smoothed).toBeLessThan(0.35 * 0.6);
    // An unfiltered tracker (dwell 0: the last sample) shows the full ripple and fails the bound.
    const unfiltered = rippleAmplitude(0);
    expect(unfiltered).toBeCloseTo(0.6, 9);
    expect(unfiltered).toBeGreaterThan(0.35 * 0.6);
  });

  it.each([
    { name: "a setpoint jump", after: [200, 199] as const, expected: 1 },
    { name: "a reset", after: undefined, expected: NaN },
  ])("starts over after $name", ({ after, expected }) => {
    const tracker = new SetpointTracker(2, 0.1);
    for (let k = 0; k < 20; k++) tracker.update(100, 98.5, k * 0.01);
    if (after === undefined) tracker.reset();
    else tracker.update(after[0], after[1], 0.2);
    expect(tracker.smoothedError).toEqual(expected);
  });
});

describe("FlywheelController", () => {
  it("passes the acceleration-limited setpoint through in velocity mode, starting from the wheel", () => {
    const c = new FlywheelController({ mode: "velocity", accelerationLimit_radps2: 350 });
    expect(c.update({ setpoint_radps: 400, measured_radps: 50, now_s: 0 }).command).toBe(50);
    expect(c.update({ setpoint_radps: 400, measured_radps: 60, now_s: 0.1 }).command).toBeCloseTo(85, 9);
    expect(c.update({ setpoint_radps: 4000, measured_radps: 60, now_s: 10 }).command).toBe(600); // clamped to max speed
  });

  it.each([
    { name: "PID + feedforward", options: {}, plantKv: 0.0192 },
    { name: "PID + integral with a 10 % model error", options: { kI: 2 }, plantKv: 0.0211 },
    { name: "bang-bang", options: { bangBang: true }, plantKv: 0.0192 },
  ])("effort mode brings a simulated flywheel to speed: $name", ({ options, plantKv }) => {
    const c = new FlywheelController({ mode: "effort", ...options });
    const plant = new FlywheelPlant(0.28, plantKv, 0.007);
    const dt = 0.001; // a 1 kHz loop: bang-bang's ripple is one step of full voltage
    let at = NaN;
    let lastLimited = 0;
    let tail = 0;
    for (let i = 0; i <= 4000; i++) {
      const t = i * dt;
      const out = c.update({ setpoint_radps: 400, measured_radps: plant.speed, now_s: t });
      expect(Math.abs(out.command)).toBeLessThanOrEqual(12);
      expect(out.limitedSetpoint_radps - lastLimited).toBeLessThanOrEqual(350 * dt + 1e-9);
      lastLimited = out.limitedSetpoint_radps;
      if (out.atSetpoint && Number.isNaN(at)) at = t;
      plant.step(out.command, dt);
      if (i > 3500) tail += plant.speed / 500;
    }
    // Averaged over the last 0.5 s: bang-bang chatters by a few rad/s around the setpoint.
    expect(Math.abs(tail - 400)).toBeLessThan(2);
    // The ramp takes 400 / 350 = 1.14 s; at-speed comes after it and the dwell, never before.
    expect(at).toBeGreaterThanOrEqual(400 / 350);
    expect(at).toBeLessThan(3.5);
  });

  it("is not at setpoint without feedback, and drives feedforward only", () => {
    const c = new FlywheelController({ mode: "effort" });
    c.update({ setpoint_radps: 100, now_s: 0 });
    const out = c.update({ setpoint_radps: 100, now_s: 0.01 });
    expect(out.atSetpoint).toBe(false);
    expect(out.error_radps).toBeNaN();
    expect(out.command).toBeCloseTo(0.28 + 0.0192 * 3.5 + 0.007 * 350, 9);
  });

  it("spins down on a non-finite setpoint and throws when time runs backwards", () => {
    const c = new FlywheelController({ mode: "velocity" });
    c.update({ setpoint_radps: 100, measured_radps: 100, now_s: 0 });
    expect(c.update({ setpoint_radps: NaN, measured_radps: 100, now_s: 0.1 }).command).toBeCloseTo(65, 9);
    expect(() => c.update({ setpoint_radps: 100, measured_radps: 100, now_s: 0.05 })).toThrow(/time went backwards/);
  });

  it("starts over after reset", () => {
    const c = new FlywheelController({ mode: "velocity" });
    c.update({ setpoint_radps: 300, measured_radps: 0, now_s: 0 });
    c.update({ setpoint_radps: 300, measured_radps: 0, now_s: 1 });
    c.reset();
    expect(c.update({ setpoint_radps: 300, measured_radps: 20, now_s: 5 }).command).toBe(20);
  });
});
