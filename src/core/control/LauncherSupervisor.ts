import type { PlanarCovariance } from "../ballistics/shotGeometry";
import type { ShotPlanner } from "../ballistics/ShotPlanner";
import type { Writable } from "../ballistics/ShotResult";
import { solveMovingShot, type MovingShot, type MovingShotInput, type MovingShotOptions } from "../ballistics/solveMovingShot";
import { requireNonNegative, requirePositive } from "../ballistics/validate";
import { DEFAULT_FLYWHEEL_CONTROLLER, FlywheelController, type FlywheelControllerOptions, type FlywheelInput, type FlywheelMode, type FlywheelOutput } from "./FlywheelController";
import { FlywheelPermitState, WheelFeedbackState, type FlywheelPermit, type WheelFeedback } from "./flywheelPermit";
import { checkedReadyGateOptions, isTargetFresh, ReadyGate, type NotReadyReason, type ReadyGateInput, type ReadyGateOptions } from "./readyGate";

/** The shot for a target: solveMovingShot on a planner in the node, anything alike in a test. */
export interface ShotSolver {
  solve(input: MovingShotInput): MovingShot;
}

/**
 * The node's solver: solveMovingShot on a ShotPlanner. Both fields are swapped in place when
 * parameters change (a rebuilt planner, new moving.* options); the planner keeps its warm start
 * otherwise.
 */
export class PlannerShotSolver implements ShotSolver {
  constructor(
    public planner: ShotPlanner,
    public moving: MovingShotOptions,
  ) {}

  solve(input: MovingShotInput): MovingShot {
    return solveMovingShot(this.planner, input, this.moving);
  }
}

export interface LauncherSupervisorOptions {
  readonly flywheel: FlywheelControllerOptions;
  /** Bang-bang (effort mode) for shots beyond this distance [m]; +inf: never. */
  readonly bangBangBeyond_m: number;
  readonly gate: Required<ReadyGateOptions>;
  /** The longest gap between two wheel measurements (and from activation to the first) [s]. */
  readonly feedbackTimeout_s: number;
  /** Drive the wheel without fresh feedback (a bench without an encoder). */
  readonly allowOpenLoop: boolean;
  /** Armed at every activation, without launcher/arm. */
  readonly armedAtStart: boolean;
  /** Wheel speed while armed with no valid target [rad/s]. */
  readonly idleSpeed_radps: number;
  /** How long the last planned shot's speed is held once the target is no longer valid [s]. */
  readonly holdSpeedTime_s: number;
  /** While no shot is possible, solve again only this often [s]. */
  readonly impossibleReplanPeriod_s: number;
  /** Carry the launcher's velocity relative to the hoop into the shot. */
  readonly movingShots: boolean;
  /** Least time between two shots [s]. */
  readonly fireCooldown_s: number;
}

/** One target estimate in the launcher frame, as the node copies it out of its message. */
export interface TargetEstimate {
  /** Its stamp [s]. */
  readonly stamp_s: number;
  /** Finite and not flagged stale by the estimator. */
  readonly valid: boolean;
  /** The rim centre [m] and its horizontal covariance [m^2]. */
  readonly x_m: number;
  readonly y_m: number;
  readonly covariance: PlanarCovariance;
  /** The hoop's velocity relative to the launcher [m/s] (the launcher's own is its opposite). */
  readonly hoopVelocityX_mps: number;
  readonly hoopVelocityY_mps: number;
}

/** What launcher/fire gets: fired, or the first reason it may not. */
export type FireOutcome = "fired" | "not_ready" | "cooling_down" | "no_shot";

/**
 * launcher_control's supervisor, ROS-free and time passed in [s] (control_toolbox's pure Pid
 * beside a thin ROS wrapper is the model): the e-stop, arming, the wheel's feedback and the
 * flywheel permit (core/control/flywheelPermit), the shot for the latest target, the wheel
 * setpoint (the shot's speed, held a while after the target goes invalid, else idle), bang-bang
 * beyond a distance, the FlywheelController, the ready gate's inputs and the decision to fire.
 * The node translates messages and parameters into calls and publishes what step() leaves in
 * its fields; the words (which name topics and parameters) stay in the node.
 *
 * A control cycle allocates nothing here: the feedback, permit, gate input and flywheel input
 * are objects of this instance updated in place, the gate's reasons are worded only on request.
 * (The shot solver's own allocation is the ballistics'.) configure() applies new parameters to
 * the live parts, keeping the wheel's integrator, its at-speed dwell and the planner's warm start;
 * only a new flywheel mode builds a new FlywheelController.
 */
export class LauncherSupervisor {
  private options: LauncherSupervisorOptions;
  private flywheel: FlywheelController;
  private readonly gate: ReadyGate;
  private readonly feedbackState = new WheelFeedbackState();
  private readonly permitState = new FlywheelPermitState();
  private readonly gateInput = new GateInput();
  private readonly plannedShot = { probability: 0, atSpeedProbability: 0 };
  private readonly impossibleShot = { impossible: "" };
  private readonly flywheelInput: Writable<FlywheelInput> = { setpoint_radps: 0, measured_radps: Number.NaN, now_s: 0, bangBang: false };
  private readonly covariance: Writable<PlanarCovariance> = { xx: 0, xy: 0, yy: 0 };
  private readonly shotInput: Writable<MovingShotInput>;

  private eStopped = false;
  private armedFlag = false;
  /** When the node last activated [s]: the feedback timeout runs from here until the first measurement. */
  private activatedAt = 0;
  /**
   * The last wheel speed since activation [rad/s] and when it arrived [s]. Times are plain
   * numbers beside a flag, never number | undefined: V8 keeps a number-only field's double in
   * place, a mixed field boxes every new value (an allocation per cycle).
   */
  private wheelSpeed = Number.NaN;
  private wheelStamp = Number.NaN;
  private hasWheel = false;
  /** The latest target estimate's stamp [s] (hasTarget false: none yet) and the hoop's velocity [m/s]. */
  private targetStamp = Number.NaN;
  private hasTarget = false;
  private targetValidFlag = false;
  private hoopVelocityX = 0;
  private hoopVelocityY = 0;
  /** The last planned shot's wheel speed [rad/s] and when [s]: held a while when the target goes invalid. */
  private plannedSpeed = Number.NaN;
  private plannedAt = -Infinity;
  private lastSolve = -Infinity;
  private lastShot = -Infinity;
  private shotCount = 0;
  private shotValue: MovingShot | undefined;
  private outputValue: FlywheelOutput | undefined;
  private lastTargetValid = false;

  constructor(
    options: LauncherSupervisorOptions,
    private readonly solver: ShotSolver,
  ) {
    checkOptions(options);
    this.options = options;
    this.flywheel = new FlywheelController(options.flywheel);
    this.gate = new ReadyGate(options.gate);
    this.shotInput = { target_x_m: 0, target_y_m: 0, covariance: this.covariance, velocity_x_mps: 0, velocity_y_mps: 0, wheelSpeedError_radps: 0 };
    this.gateInput.feedback = this.feedbackState;
  }

  /**
   * New parameters for the live parts: gains, limits, gate thresholds, speeds and flags take
   * effect from the next cycle and nothing is forgotten. A new flywheel mode (velocity <-> effort:
   * the command changes unit and topic) builds a new FlywheelController, which starts as after a
   * reset. Returns whether it did. A refused value (thrown, naming it) changes nothing.
   */
  configure(options: LauncherSupervisorOptions): { readonly rebuiltFlywheel: boolean } {
    checkOptions(options);
    const newMode = (options.flywheel.mode ?? DEFAULT_FLYWHEEL_CONTROLLER.mode) !== this.flywheel.mode;
    const flywheel = newMode ? new FlywheelController(options.flywheel) : undefined;
    if (flywheel === undefined) this.flywheel.configure(options.flywheel);
    else {
      this.flywheel = flywheel;
      this.outputValue = undefined;
    }
    this.gate.configure(options.gate);
    this.options = options;
    return { rebuiltFlywheel: flywheel !== undefined };
  }

  /** The solver's model changed (a rebuilt planner): the next cycle solves afresh, even within the replan period. */
  replan(): void {
    this.lastSolve = -Infinity;
  }

  /** Lifecycle activate at `now_s` [s]: disarmed (unless armedAtStart), waiting for fresh feedback; nothing from before spins the wheel. */
  activate(now_s: number): void {
    this.armedFlag = this.options.armedAtStart;
    this.activatedAt = now_s;
    this.hasWheel = false;
    this.wheelStamp = Number.NaN;
    this.wheelSpeed = Number.NaN;
    this.flywheel.reset();
  }

  /** Lifecycle deactivate: disarmed, the loop reset (the caller commands zero). */
  deactivate(): void {
    this.flywheel.reset();
    this.armedFlag = false;
  }

  /** The e-stop, a level: engaged holds the wheel at zero and closes the gate, whatever the arming. */
  setEStop(engaged: boolean): void {
    this.eStopped = engaged;
  }

  /** The operator's arm switch. The e-stop wins over it. */
  setArmed(armed: boolean): void {
    this.armedFlag = armed;
  }

  /** A wheel speed measurement [rad/s] arriving at `now_s` [s]; a non-finite one is ignored. */
  measureWheel(speed_radps: number, now_s: number): void {
    if (!Number.isFinite(speed_radps)) return;
    this.wheelSpeed = speed_radps;
    this.wheelStamp = now_s;
    this.hasWheel = true;
  }

  /** The latest target estimate, copied (the caller may reuse its object). */
  setTarget(target: TargetEstimate): void {
    this.targetStamp = target.stamp_s;
    this.hasTarget = true;
    this.targetValidFlag = target.valid;
    this.shotInput.target_x_m = target.x_m;
    this.shotInput.target_y_m = target.y_m;
    this.covariance.xx = target.covariance.xx;
    this.covariance.xy = target.covariance.xy;
    this.covariance.yy = target.covariance.yy;
    this.hoopVelocityX = target.hoopVelocityX_mps;
    this.hoopVelocityY = target.hoopVelocityY_mps;
  }

  /**
   * One control cycle at `now_s` [s]: the feedback and the permit, the shot for a valid and fresh
   * target, the setpoint, the flywheel (or its reset while held at zero), the gate. Returns the
   * command (rad/s or V by the mode; 0 while held).
   */
  step(now_s: number): number {
    const o = this.options;
    const feedback = this.feedbackState.update(now_s, this.activatedAt, this.hasWheel ? this.wheelStamp : undefined, o.feedbackTimeout_s);
    const permit = this.permitState.update(this.eStopped, this.armedFlag, feedback.kind === "fresh", o.allowOpenLoop);
    const stamp = this.targetStamp;
    const targetValid = this.hasTarget && this.targetValidFlag;
    const fresh = this.hasTarget && isTargetFresh(now_s, stamp, o.gate.targetTimeout_s);
    const shot = targetValid && fresh ? this.solveOrReuse(now_s) : undefined;
    this.shotValue = shot;
    const plan = shot?.plan;

    let setpoint = o.idleSpeed_radps;
    if (plan?.kind === "planned") {
      setpoint = plan.wheelSpeed_radps;
      this.plannedSpeed = setpoint;
      this.plannedAt = now_s;
    } else if (now_s - this.plannedAt <= o.holdSpeedTime_s) {
      setpoint = this.plannedSpeed;
    }
    let output: FlywheelOutput | undefined;
    if (permit.drive === "zero") {
      // Held still: the ramp restarts from the measured speed when the wheel may be driven again.
      this.flywheel.reset();
    } else {
      const input = this.flywheelInput;
      input.setpoint_radps = setpoint;
      // Open loop: a stale measurement is no measurement.
      input.measured_radps = !this.hasWheel || permit.drive === "open_loop" ? Number.NaN : this.wheelSpeed;
      input.now_s = now_s;
      input.bangBang = (plan?.kind === "planned" ? plan.solution.distance_m : 0) > o.bangBangBeyond_m;
      output = this.flywheel.update(input);
    }
    this.lastTargetValid = targetValid;
    this.outputValue = output;

    const gate = this.gateInput;
    gate.now_s = now_s;
    gate.eStopped = this.eStopped;
    gate.armed = this.armedFlag;
    gate.hasTarget = this.hasTarget;
    gate.stamp_s = stamp;
    gate.targetValid = targetValid;
    if (plan === undefined) gate.shot = undefined;
    else if (plan.kind === "planned") {
      this.plannedShot.probability = plan.make.probability;
      this.plannedShot.atSpeedProbability = plan.atSpeedMake.probability;
      gate.shot = this.plannedShot;
    } else {
      this.impossibleShot.impossible = plan.message;
      gate.shot = this.impossibleShot;
    }
    gate.wheelAtSpeed = output?.atSetpoint ?? false;
    this.gate.evaluate(gate);
    return output === undefined ? 0 : output.command;
  }

  /**
   * launcher/fire at `now_s` [s]: fires (counts the shot; the caller feeds a ball) when the gate
   * is ready, the cooldown has passed and the last cycle planned a shot; else says which of those
   * failed first. Words nothing: see notReadyReasons and lastShot_s.
   */
  fire(now_s: number): FireOutcome {
    if (!this.gate.ready) return "not_ready";
    if (now_s - this.lastShot < this.options.fireCooldown_s) return "cooling_down";
    if (this.shotValue?.plan.kind !== "planned") return "no_shot";
    this.lastShot = now_s;
    this.shotCount++;
    return "fired";
  }

  /** Ready to fire, as of the last cycle (false before the first). */
  get ready(): boolean {
    return this.gate.ready;
  }

  /** Why not ready as of the last cycle, worded now (a refused fire, /diagnostics): not every cycle. */
  notReadyReasons(): NotReadyReason[] {
    return this.gate.reasons();
  }

  /** The last cycle's shot: undefined without a valid, fresh target. */
  get shot(): MovingShot | undefined {
    return this.shotValue;
  }

  /** The last cycle's flywheel output (the controller's own object); undefined while held at zero. */
  get output(): FlywheelOutput | undefined {
    return this.outputValue;
  }

  /** The last cycle's feedback and permit (objects updated in place every cycle). */
  get feedback(): WheelFeedback {
    return this.feedbackState;
  }

  get permit(): FlywheelPermit {
    return this.permitState;
  }

  /** Whether the last cycle had a valid target (its freshness aside). */
  get targetValid(): boolean {
    return this.lastTargetValid;
  }

  get armed(): boolean {
    return this.armedFlag;
  }

  get flywheelMode(): FlywheelMode {
    return this.flywheel.mode;
  }

  /** The last wheel measurement since activation [rad/s]; NaN before the first. */
  get wheelSpeed_radps(): number {
    return this.wheelSpeed;
  }

  /** The PID's integral term [V] (effort mode). */
  get integralTerm_V(): number {
    return this.flywheel.integralTerm_V;
  }

  /** When the last shot was fired [s] (-inf: none yet), and how many since construction. */
  get lastShot_s(): number {
    return this.lastShot;
  }

  get shots(): number {
    return this.shotCount;
  }

  get fireCooldown_s(): number {
    return this.options.fireCooldown_s;
  }

  /** The shot for the current target, or the last impossible one again while the replan period runs. */
  private solveOrReuse(now_s: number): MovingShot {
    const last = this.shotValue;
    if (last?.plan.kind === "impossible" && now_s - this.lastSolve < this.options.impossibleReplanPeriod_s) return last;
    this.lastSolve = now_s;
    const input = this.shotInput;
    // The launcher's velocity relative to the hoop is the opposite of the hoop's.
    input.velocity_x_mps = this.options.movingShots ? -this.hoopVelocityX : 0;
    input.velocity_y_mps = this.options.movingShots ? -this.hoopVelocityY : 0;
    // The smoothed error of the last driven cycle: the ball sees the wheel's mean speed error, not one sample's noise.
    const output = this.outputValue;
    input.wheelSpeedError_radps = output === undefined || !Number.isFinite(output.smoothedError_radps) ? 0 : -output.smoothedError_radps;
    return this.solver.solve(input);
  }
}

/**
 * The ready gate's input as the supervisor keeps it: one object rewritten every cycle, its target
 * stamp a plain number beside a flag (see wheelStamp) and read through the getter the gate expects.
 */
class GateInput implements ReadyGateInput {
  now_s = 0;
  eStopped = false;
  armed = false;
  feedback: WheelFeedback = { kind: "awaited", sinceActivation_s: 0 };
  hasTarget = false;
  stamp_s = Number.NaN;
  targetValid = false;
  shot: ReadyGateInput["shot"] = undefined;
  wheelAtSpeed = false;

  get targetStamp_s(): number | undefined {
    return this.hasTarget ? this.stamp_s : undefined;
  }
}

function checkOptions(options: LauncherSupervisorOptions): void {
  requirePositive("feedbackTimeout_s", options.feedbackTimeout_s);
  // Checked here, before configure() changes the flywheel: a bad gate value must leave everything as it was.
  checkedReadyGateOptions(options.gate);
  requireNonNegative("idleSpeed_radps", options.idleSpeed_radps);
  requireNonNegative("holdSpeedTime_s", options.holdSpeedTime_s);
  requireNonNegative("impossibleReplanPeriod_s", options.impossibleReplanPeriod_s);
  requireNonNegative("fireCooldown_s", options.fireCooldown_s);
  if (Number.isNaN(options.bangBangBeyond_m)) throw new Error(`bangBangBeyond_m must be a distance or +inf, got ${options.bangBangBeyond_m}`);
}
