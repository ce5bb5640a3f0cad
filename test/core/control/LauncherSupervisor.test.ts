import type { PlannedShot, ShotPlan } from "../../../src/core/ballistics/ShotPlanner";
import type { MovingShot, MovingShotInput } from "../../../src/core/ballistics/solveMovingShot";
import { DEFAULT_FLYWHEEL_CONTROLLER, FlywheelController, type FlywheelMode } from "../../../src/core/control/FlywheelController";
import { LauncherSupervisor, type FireOutcome, type LauncherSupervisorOptions, type ShotSolver, type TargetEstimate } from "../../../src/core/control/LauncherSupervisor";
import type { WheelHoldCode } from "../../../src/core/control/flywheelPermit";
import type { NotReadyCode } from "../../../src/core/control/readyGate";

/** A shot at `distance` [m] needing 60 rad/s per metre, made with `probability` (at speed too). */
function planned(distance: number, probability = 0.9): PlannedShot {
  const solution = {
    kind: "solution" as const,
    distance_m: distance,
    launchAngle_rad: 1.1,
    exitSpeed_mps: 2 * distance,
    timeOfFlight_s: 1,
    entryAngle_rad: 0.8,
    rimClearance_m: 0.05,
    dxdSpeed_s: 1,
    dxdAngle_mprad: 1,
    dtdSpeed_spmps: 0.1,
    flights: 1,
  };
  const make = { probability, missMean_m: 0, missSigma_m: 0.01 };
  return { kind: "planned", solution, wheelSpeed_radps: 60 * distance, window: { low_mps: 0, high_mps: 1, halfWidthFraction: 0.005 }, make, atSpeedMake: make };
}

/**
 * A solver that plans `plan(distance)` for the target's distance and keeps a copy of every input
 * it got (the supervisor reuses its input object, so a reference would show only the last).
 */
class FakeSolver implements ShotSolver {
  readonly inputs: MovingShotInput[] = [];
  constructor(public plan: (distance: number) => ShotPlan = (d) => planned(d)) {}
  solve(input: MovingShotInput): MovingShot {
    this.inputs.push({ ...input, covariance: { ...input.covariance } });
    const plan = this.plan(Math.hypot(input.target_x_m, input.target_y_m));
    return { plan, aim_x_m: input.target_x_m, aim_y_m: input.target_y_m, aimBearing_rad: 0, aimOffset_rad: 0, pathBearing_rad: 0, iterations: 1, converged: plan.kind === "planned" };
  }
}

const OPTIONS: LauncherSupervisorOptions = {
  flywheel: { ...DEFAULT_FLYWHEEL_CONTROLLER, mode: "velocity" },
  bangBangBeyond_m: Infinity,
  gate: { targetTimeout_s: 0.2, minProbability: 0, minRelativeProbability: 0.95 },
  feedbackTimeout_s: 0.1,
  allowOpenLoop: false,
  armedAtStart: false,
  idleSpeed_radps: 150,
  holdSpeedTime_s: 3,
  impossibleReplanPeriod_s: 0.1,
  movingShots: true,
  fireCooldown_s: 0.5,
};

function target(stamp: number, distance: number, valid = true, hoopVelocityX = 0): TargetEstimate {
  return { stamp_s: stamp, valid, x_m: distance, y_m: 0, covariance: { xx: 1e-4, xy: 0, yy: 1e-4 }, hoopVelocityX_mps: hoopVelocityX, hoopVelocityY_mps: 0 };
}

/**
 * The supervisor at 100 Hz beside a wheel and a target, all on one injected clock [s] from 0.
 * Velocity mode: the wheel runs at its command. Effort mode: a motor whose true kV is 10 % above
 * the feedforward's (so the integrator has work to hold), time constant about 0.3 s.
 */
function rig(options: Partial<LauncherSupervisorOptions> = {}, solver = new FakeSolver()) {
  const o: LauncherSupervisorOptions = { ...OPTIONS, ...options };
  const supervisor = new LauncherSupervisor(o, solver);
  const world = { now: 0, speed: 0, distance: 5, feedback: true, targetValid: true, targets: true, commands: [] as number[] };
  supervisor.activate(0);
  const mode = (): FlywheelMode => supervisor.flywheelMode;
  const advance = (seconds: number): void => {
    const end = world.now + seconds - 1e-9;
    while (world.now < end) {
      world.now = Math.round((world.now + 0.01) * 1e6) / 1e6;
      if (world.feedback) supervisor.measureWheel(world.speed, world.now);
      if (world.targets) supervisor.setTarget(target(world.now, world.distance, world.targetValid));
      const command = supervisor.step(world.now);
      world.commands.push(command);
      if (mode() === "velocity") world.speed = command;
      else world.speed += (0.01 * (command - 0.28 * Math.sign(world.speed) - 1.1 * 0.0192 * world.speed)) / 0.007;
    }
  };
  return { supervisor, solver, world, advance };
}

describe("LauncherSupervisor", () => {
  type Step = (r: ReturnType<typeof rig>) => void;
  const arm: Step = (r) => r.supervisor.setArmed(true);
  const disarm: Step = (r) => r.supervisor.setArmed(false);
  const eStop: Step = (r) => r.supervisor.setEStop(true);
  const release: Step = (r) => r.supervisor.setEStop(false);
  const wait =
    (seconds: number): Step =>
    (r) => r.advance(seconds);
  const silence: Step = (r) => {
    r.world.feedback = false;
  };

  it.each<{ name: string; options?: Partial<LauncherSupervisorOptions>; steps: Step[]; drive: "closed_loop" | "open_loop" | "zero"; holds: WheelHoldCode[]; codes: NotReadyCode[] }>([
    { name: "disarmed at activation: zero, though fed back and aimed", steps: [wait(2)], drive: "zero", holds: ["disarmed"], codes: ["disarmed", "wheel_not_at_speed"] },
    { name: "armed_at_start: driven and ready", options: { armedAtStart: true }, steps: [wait(2)], drive: "closed_loop", holds: [], codes: [] },
    { name: "armed: driven and ready", steps: [arm, wait(2)], drive: "closed_loop", holds: [], codes: [] },
    { name: "the e-stop wins over arming (armed after it)", steps: [eStop, arm, wait(2)], drive: "zero", holds: ["e_stopped"], codes: ["e_stopped", "wheel_not_at_speed"] },
    { name: "the e-stop wins over arming (engaged while armed)", steps: [arm, wait(1), eStop, wait(1)], drive: "zero", holds: ["e_stopped"], codes: ["e_stopped", "wheel_not_at_speed"] },
    { name: "the e-stop released while armed: driven again", steps: [arm, eStop, wait(1), release, wait(2)], drive: "closed_loop", holds: [], codes: [] },
    { name: "the e-stop released while disarmed: still zero", steps: [eStop, wait(1), release, wait(1)], drive: "zero", holds: ["disarmed"], codes: ["disarmed", "wheel_not_at_speed"] },
    { name: "e-stopped and disarmed: both said", steps: [eStop, disarm, wait(1)], drive: "zero", holds: ["e_stopped", "disarmed"], codes: ["e_stopped", "disarmed", "wheel_not_at_speed"] },
    { name: "lost feedback: zero, and the reason", steps: [arm, wait(2), silence, wait(0.5)], drive: "zero", holds: ["no_feedback"], codes: ["feedback_lost", "wheel_not_at_speed"] },
    { name: "no feedback since activation: zero", steps: [silence, arm, wait(1)], drive: "zero", holds: ["no_feedback"], codes: ["no_feedback", "wheel_not_at_speed"] },
    {
      name: "no feedback, open loop allowed: driven open loop, never ready",
      options: { allowOpenLoop: true },
      steps: [silence, arm, wait(1)],
      drive: "open_loop",
      holds: [],
      codes: ["no_feedback", "wheel_not_at_speed"],
    },
    { name: "open loop allowed, but disarmed: zero", options: { allowOpenLoop: true }, steps: [silence, wait(1)], drive: "zero", holds: ["disarmed"], codes: ["disarmed", "no_feedback", "wheel_not_at_speed"] },
  ])("$name", ({ options, steps, drive, holds, codes }) => {
    const r = rig(options);
    for (const step of steps) step(r);
    const s = r.supervisor;
    expect(s.permit.drive).toBe(drive);
    expect([...s.permit.holds]).toEqual(holds);
    expect(s.notReadyReasons().map((reason) => reason.code)).toEqual(codes);
    expect(s.ready).toBe(codes.length === 0);
    // Zero is what a held wheel is commanded, and nothing else is.
    const last = r.world.commands.at(-1) ?? Number.NaN;
    if (drive === "zero") expect(last).toBe(0);
    else expect(last).toBeGreaterThan(200);
  });

  it("zeroes the same cycle the e-stop comes, and says so in the gate's words", () => {
    const r = rig({ armedAtStart: true });
    r.advance(2);
    expect(r.world.speed).toBeCloseTo(300, 6);
    r.supervisor.setEStop(true);
    expect(r.supervisor.step(r.world.now)).toBe(0);
    expect(r.supervisor.output).toBeUndefined();
    expect(r.supervisor.notReadyReasons()[0]).toEqual({ code: "e_stopped", message: "e-stop is engaged" });
  });

  it("reports lost feedback by its age", () => {
    const r = rig({ armedAtStart: true });
    r.advance(2);
    r.world.feedback = false;
    r.advance(0.25);
    expect(r.supervisor.feedback).toMatchObject({ kind: "lost" });
    expect(r.supervisor.notReadyReasons()[0]?.message).toBe("wheel speed feedback lost: last measurement 0.250 s ago");
  });

  it("a deactivate disarms, and the next activation waits for arming and for fresh feedback", () => {
    const r = rig();
    r.supervisor.setArmed(true);
    r.advance(2);
    expect(r.world.speed).toBeGreaterThan(200);
    r.supervisor.deactivate();
    expect(r.supervisor.armed).toBe(false);
    r.supervisor.activate(r.world.now);
    expect(r.supervisor.wheelSpeed_radps).toBeNaN();
    r.advance(1);
    expect(r.world.commands.slice(-100).every((c) => c === 0)).toBe(true);
  });

  it.each<{ name: string; before: number; invalidFor: number; expected: number }>([
    { name: "a valid target: its shot's speed", before: 2, invalidFor: 0, expected: 300 },
    { name: "invalid for less than hold_speed_time: the last shot's speed held", before: 2, invalidFor: 2.5, expected: 300 },
    { name: "invalid for longer: idle speed", before: 2, invalidFor: 4, expected: 150 },
  ])("setpoint: $name", ({ before, invalidFor, expected }) => {
    const r = rig({ armedAtStart: true });
    r.advance(before);
    r.world.targetValid = false;
    r.advance(invalidFor);
    expect(r.world.speed).toBeCloseTo(expected, 6);
    if (invalidFor > 0) expect(r.supervisor.shot).toBeUndefined();
  });

  it("a target older than the gate's timeout is not shot at, and idles once the hold is over", () => {
    const r = rig({ armedAtStart: true, holdSpeedTime_s: 0 });
    r.advance(1);
    r.world.targets = false;
    // 0.2 s to go stale, then 0.43 s of the 350 rad/s^2 ramp from 300 to 150 rad/s.
    r.advance(1);
    expect(r.supervisor.shot).toBeUndefined();
    expect(r.supervisor.notReadyReasons().map((x) => x.code)).toContain("target_stale");
    expect(r.world.speed).toBeCloseTo(150, 6);
  });

  it.each<{ distance: number; beyond: number; bangBang: boolean }>([
    { distance: 6, beyond: 5, bangBang: true },
    { distance: 4, beyond: 5, bangBang: false },
    { distance: 6, beyond: Infinity, bangBang: false },
  ])("bang-bang in effort mode for a $distance m shot beyond $beyond m: $bangBang", ({ distance, beyond, bangBang }) => {
    const r = rig({ armedAtStart: true, flywheel: { ...DEFAULT_FLYWHEEL_CONTROLLER, mode: "effort" }, bangBangBeyond_m: beyond });
    r.world.distance = distance;
    r.advance(0.5);
    expect(r.supervisor.output?.usedBangBang).toBe(bangBang);
  });

  it("replans an impossible shot only every impossible_replan_period, a possible one every cycle", () => {
    const solver = new FakeSolver((d) => (d > 8 ? { kind: "impossible", reason: "beyond_top_speed", message: `${d} m is too far`, distance_m: d, launchAngle_rad: 1.1 } : planned(d)));
    const r = rig({ armedAtStart: true }, solver);
    r.world.distance = 9;
    r.advance(1);
    // 100 cycles, a solve every 0.1 s: the first cycle and about every tenth after (times in floating point).
    expect(solver.inputs.length).toBeGreaterThanOrEqual(9);
    expect(solver.inputs.length).toBeLessThanOrEqual(10);
    expect(r.supervisor.notReadyReasons().find((x) => x.code === "no_shot")?.message).toBe("no shot: 9 m is too far");
    r.world.distance = 5;
    // The impossible shot is kept until its period is over; then the possible one is solved every cycle.
    r.advance(0.5);
    const solved = solver.inputs.length;
    r.advance(0.5);
    expect(solver.inputs.length - solved).toBe(50);
  });

  it("hands the solver the launcher's velocity (the hoop's opposite) only with moving shots, and the wheel's smoothed error", () => {
    for (const movingShots of [true, false]) {
      const solver = new FakeSolver();
      const r = rig({ armedAtStart: true, movingShots }, solver);
      r.supervisor.setTarget(target(0.005, 5, true, -1));
      r.world.targets = false;
      r.advance(0.1);
      expect(solver.inputs.at(-1)?.velocity_x_mps).toBe(movingShots ? 1 : 0);
    }
    // In effort mode the wheel lags its ramp: the error the ball would see is handed over, with its sign (measured - commanded).
    const solver = new FakeSolver();
    const r = rig({ armedAtStart: true, flywheel: { ...DEFAULT_FLYWHEEL_CONTROLLER, mode: "effort" } }, solver);
    r.advance(0.5);
    const smoothed = r.supervisor.output?.smoothedError_radps ?? Number.NaN;
    r.advance(0.01);
    expect(Number.isFinite(smoothed) && smoothed !== 0).toBe(true);
    expect(solver.inputs.at(-1)?.wheelSpeedError_radps).toBeCloseTo(-smoothed, 12);
  });

  it.each<{ name: string; steps: Step[]; outcomes: FireOutcome[] }>([
    { name: "ready: fires, then cools down", steps: [arm, wait(2)], outcomes: ["fired", "cooling_down"] },
    { name: "disarmed: not ready", steps: [wait(2)], outcomes: ["not_ready", "not_ready"] },
    { name: "e-stopped: not ready", steps: [arm, wait(2), eStop, (r) => r.supervisor.step(r.world.now)], outcomes: ["not_ready", "not_ready"] },
  ])("fire: $name", ({ steps, outcomes }) => {
    const r = rig();
    for (const step of steps) step(r);
    expect([r.supervisor.fire(r.world.now), r.supervisor.fire(r.world.now + 0.1)]).toEqual(outcomes);
    expect(r.supervisor.shots).toBe(outcomes.filter((o) => o === "fired").length);
    r.advance(0.6);
    if (outcomes[0] === "fired") expect(r.supervisor.fire(r.world.now)).toBe("fired");
  });

  describe("configure: in place, except a new flywheel mode", () => {
    const effort = { ...DEFAULT_FLYWHEEL_CONTROLLER, mode: "effort" as const, kI: 2 };

    it("a gain change keeps the integrator, and the next command follows on", () => {
      const r = rig({ armedAtStart: true, flywheel: effort });
      r.advance(3);
      const integral = r.supervisor.integralTerm_V;
      // The motor's kV is 10 % above the feedforward's: the integrator holds the difference at 300 rad/s.
      expect(integral).toBeGreaterThan(0.3);
      const rebuilt = r.supervisor.configure({ ...OPTIONS, armedAtStart: true, flywheel: { ...effort, kP: 0.3 } });
      expect(rebuilt.rebuiltFlywheel).toBe(false);
      expect(r.supervisor.integralTerm_V).toBe(integral);
      const before = r.world.commands.at(-1) ?? Number.NaN;
      r.advance(0.01);
      expect(Math.abs((r.world.commands.at(-1) ?? Number.NaN) - before)).toBeLessThan(0.05);
      expect(r.supervisor.ready).toBe(true);
    });

    it("a new gate threshold and idle speed apply from the next cycle", () => {
      const r = rig({ armedAtStart: true });
      r.advance(2);
      expect(r.supervisor.ready).toBe(true);
      r.supervisor.configure({ ...OPTIONS, armedAtStart: true, gate: { ...OPTIONS.gate, minProbability: 0.95 } });
      r.advance(0.01);
      expect(r.supervisor.notReadyReasons().map((x) => x.code)).toEqual(["probability_low"]);
    });

    it("a new mode builds a new controller, which starts afresh", () => {
      const r = rig({ armedAtStart: true, flywheel: effort });
      r.advance(3);
      const rebuilt = r.supervisor.configure({ ...OPTIONS, armedAtStart: true, flywheel: { ...effort, mode: "velocity" } });
      expect(rebuilt.rebuiltFlywheel).toBe(true);
      expect(r.supervisor.flywheelMode).toBe("velocity");
      expect(r.supervisor.output).toBeUndefined();
      expect(r.supervisor.integralTerm_V).toBe(0);
    });

    it("refuses a bad value, naming it, and changes nothing", () => {
      const r = rig({ armedAtStart: true, flywheel: effort });
      r.advance(1);
      const integral = r.supervisor.integralTerm_V;
      expect(() => r.supervisor.configure({ ...OPTIONS, flywheel: { ...effort, kP: Number.NaN } })).toThrow(/kP must be a finite number, got NaN/);
      expect(() => r.supervisor.configure({ ...OPTIONS, feedbackTimeout_s: 0 })).toThrow(/feedbackTimeout_s must be > 0, got 0/);
      expect(r.supervisor.integralTerm_V).toBe(integral);
      expect(r.supervisor.flywheelMode).toBe("effort");
    });

    it.each([
      { gate: { targetTimeout_s: 0 }, message: /targetTimeout_s must be > 0, got 0/ },
      { gate: { minProbability: 1.5 }, message: /minProbability must be in \[0, 1\], got 1.5/ },
      { gate: { minRelativeProbability: Number.NaN }, message: /minRelativeProbability must be in \[0, 1\], got NaN/ },
    ])("refuses a bad gate value ($gate) before it touches the flywheel: its new integral clamp is not applied", ({ gate, message }) => {
      const r = rig({ armedAtStart: true, flywheel: effort });
      r.advance(1);
      const integral = r.supervisor.integralTerm_V;
      expect(integral).toBeGreaterThan(0.05);
      expect(() => r.supervisor.configure({ ...OPTIONS, flywheel: { ...effort, iClamp_V: 0.01 }, gate: { ...OPTIONS.gate, ...gate } })).toThrow(message);
      expect(r.supervisor.integralTerm_V).toBe(integral);
    });
  });

  it("matches a FlywheelController driven directly with the same inputs (the supervisor adds no dynamics of its own)", () => {
    const flywheel = { ...DEFAULT_FLYWHEEL_CONTROLLER, mode: "effort" as const, kI: 2 };
    const r = rig({ armedAtStart: true, flywheel });
    const reference = new FlywheelController(flywheel);
    let speed = 0;
    const commands: number[] = [];
    for (let k = 1; k <= 200; k++) {
      const now = Math.round(k * 0.01 * 1e6) / 1e6;
      const out = reference.update({ setpoint_radps: 300, measured_radps: speed, now_s: now, bangBang: false });
      commands.push(out.command);
      speed += (0.01 * (out.command - 0.28 * Math.sign(speed) - 1.1 * 0.0192 * speed)) / 0.007;
    }
    r.advance(2);
    expect(r.world.commands).toEqual(commands);
  });
});
