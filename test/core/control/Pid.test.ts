import { Pid, type AntiWindupStrategy } from "../../../src/core/control/Pid";
import { SimpleMotorFeedforward } from "../../../src/core/control/SimpleMotorFeedforward";

describe("SimpleMotorFeedforward", () => {
  const ff = new SimpleMotorFeedforward(); // FRC 6328: kS 0.28, kV 0.0192, kA 0.007
  it.each([
    [0, 0, 0],
    [100, 0, 0.28 + 1.92],
    [-100, 0, -(0.28 + 1.92)],
    [0, 350, 2.45],
    [400, 350, 0.28 + 7.68 + 2.45],
    [400, -350, 0.28 + 7.68 - 2.45],
  ])("v %f rad/s, a %f rad/s^2 -> %f V", (v, a, volts) => {
    expect(ff.calculate(v, a)).toBeCloseTo(volts, 12);
  });

  it.each([
    [{ kV_Vsprad: -1 }, /kV_Vsprad must be >= 0, got -1/],
    [{ kA_Vs2prad: NaN }, /kA_Vs2prad must be >= 0, got NaN/],
    [{ kS_V: Infinity }, /kS_V must be a finite number, got Infinity/],
  ])("rejects %o", (options, message) => {
    expect(() => new SimpleMotorFeedforward(options)).toThrow(message);
  });
});

describe("Pid", () => {
  it.each([
    { error: 2, p: 1.5, command: 3 },
    { error: -4, p: 0.5, command: -2 },
  ])("is proportional: error $error, kP $p", ({ error, p, command }) => {
    expect(new Pid({ kP: p }).compute(error, 0.01)).toBeCloseTo(command, 12);
  });

  it("integrates and differentiates over dt", () => {
    const pid = new Pid({ kI: 2, kD: 0.5 });
    expect(pid.compute(1, 0.1)).toBeCloseTo(0.2, 12); // no derivative on the first call
    expect(pid.compute(3, 0.1)).toBeCloseTo(0.2 + 0.6 + (0.5 * 2) / 0.1, 12);
  });

  it("returns the last command for dt = 0 and changes nothing", () => {
    const pid = new Pid({ kP: 1, kI: 1 });
    const first = pid.compute(2, 0.1);
    expect(pid.compute(100, 0)).toBe(first);
    // The integral is still 0.2: with no error the next command is the integral alone.
    expect(pid.compute(0, 0.1)).toBeCloseTo(0.2, 12);
  });

  it.each([-0.01, NaN, Infinity])("throws for dt = %f", (dt) => {
    expect(() => new Pid({ kP: 1 }).compute(1, dt)).toThrow(/dt must be a finite number >= 0 s/);
  });

  it.each([NaN, Infinity, -Infinity])("returns NaN for error %f without corrupting the state", (bad) => {
    const pid = new Pid({ kP: 1, kI: 1, kD: 0.1 });
    const twin = new Pid({ kP: 1, kI: 1, kD: 0.1 });
    pid.compute(1, 0.1);
    const lastGood = twin.compute(1, 0.1);
    expect(pid.compute(bad, 0.1)).toBeNaN();
    expect(pid.compute(bad, 0)).toBe(lastGood); // the last good command
    expect(pid.compute(0.5, 0.1)).toBe(twin.compute(0.5, 0.1));
  });

  it("clamps the output and the integral", () => {
    const pid = new Pid({ kP: 10, kI: 100, iMin: -1, iMax: 1, uMin: -5, uMax: 5, antiWindup: "none" });
    expect(pid.compute(10, 0.1)).toBe(5);
    // The integral sits at its clamp, 1: with no error the command is the integral alone.
    expect(pid.compute(0, 0.1)).toBe(1);
    expect(pid.compute(-10, 0.1)).toBe(-5);
  });

  // Saturation and recovery: a large error for 2 s drives the output into its clamp; then the
  // error reverses. Anti-windup must let the output leave saturation sooner than no anti-windup.
  const recoverySteps = (strategy: AntiWindupStrategy): number => {
    const pid = new Pid({ kP: 0.5, kI: 2, uMin: -1, uMax: 1, antiWindup: strategy });
    for (let i = 0; i < 200; i++) pid.compute(5, 0.01);
    for (let i = 1; i <= 1000; i++) {
      if (pid.compute(-0.5, 0.01) < 1) return i;
    }
    return Infinity;
  };
  const none = recoverySteps("none");
  it.each(["back_calculation", "conditional_integration"] as const)("%s recovers from saturation faster than none", (strategy) => {
    const steps = recoverySteps(strategy);
    expect(steps).toBeLessThan(none / 5);
    expect(steps).toBeLessThan(100); // within 1 s of the reversal
  });

  it("without anti-windup the integral winds up to its clamp", () => {
    const pid = new Pid({ kP: 0.5, kI: 2, iMin: -3, iMax: 3, uMin: -1, uMax: 1, antiWindup: "none" });
    for (let i = 0; i < 500; i++) pid.compute(5, 0.01);
    // Out of saturation the command shows the integral: -3 (P) + 3 - 0.12 (I at its clamp, minus this step's).
    expect(pid.compute(-6, 0.01)).toBeCloseTo(-0.12, 12);
    expect(none).toBeGreaterThan(100);
  });

  it("counts the feedforward in the saturation", () => {
    const pid = new Pid({ kP: 1, uMin: -12, uMax: 12 });
    expect(pid.compute(3, 0.01, 10)).toBe(12);
    // Unsaturated the feedforward adds to the PID term: 10 + 1.
    expect(new Pid({ kP: 1, uMin: -12, uMax: 12 }).compute(1, 0.01, 10)).toBe(11);
  });

  it.each([
    [{ iMin: 1, iMax: -1 }, /iMin must be <= iMax, got iMin 1, iMax -1/],
    [{ uMin: 2, uMax: 1 }, /uMin must be <= uMax, got uMin 2, uMax 1/],
    [{ kP: NaN }, /kP must be a finite number, got NaN/],
    [{ antiWindup: "clamp" as AntiWindupStrategy }, /antiWindup must be one of none \| back_calculation \| conditional_integration, got "clamp"/],
    [{ kI: 1, trackingTimeConstant_s: 0 }, /trackingTimeConstant_s must be > 0, got 0/],
  ])("rejects %o", (options, message) => {
    expect(() => new Pid(options)).toThrow(message);
  });
});
