import { definedOnly, requireChoice, requireInRange, requirePositive } from "../ballistics/validate";
import type { Writable } from "../ballistics/ShotResult";
import { DEFAULT_WHEEL_MODEL } from "../ballistics/WheelModel";
import { Pid, type AntiWindupStrategy } from "./Pid";
import { DEFAULT_SETPOINT_TRACKER, SetpointTracker } from "./SetpointTracker";
import { DEFAULT_SIMPLE_MOTOR_FEEDFORWARD, SimpleMotorFeedforward } from "./SimpleMotorFeedforward";
import { SlewRateLimiter } from "./SlewRateLimiter";

/**
 * velocity: the acceleration-limited setpoint goes to ros2_control (a JointGroupVelocityController
 * closes the loop in the drive); effort: this class closes it and commands volts.
 */
export type FlywheelMode = "velocity" | "effort";

export interface FlywheelControllerOptions {
  /** Default "effort". */
  readonly mode?: FlywheelMode;
  /** Setpoints are clamped to +-this [rad/s]. Default the wheel model's top speed, 600. */
  readonly maxSpeed_radps?: number;
  /** Setpoint slew limit [rad/s^2]. Default 350 (FRC 6328, docs/domain.md). */
  readonly accelerationLimit_radps2?: number;
  /** Effort clamp, the supply voltage [V]. Default 12. */
  readonly maxVoltage_V?: number;
  /** Feedforward gains [V], [V per rad/s], [V per rad/s^2]. Defaults 0.28, 0.0192, 0.007 (FRC 6328). */
  readonly kS_V?: number;
  readonly kV_Vsprad?: number;
  readonly kA_Vs2prad?: number;
  /** PID gains on the speed error [V per rad/s], [V per rad], [V s^2 per rad]. Defaults 0.6 (FRC 6328), 0, 0. */
  readonly kP?: number;
  readonly kI?: number;
  readonly kD?: number;
  /** Integral clamp, symmetric [V]. Default 2. */
  readonly iClamp_V?: number;
  /** Default "back_calculation". */
  readonly antiWindup?: AntiWindupStrategy;
  /** Bang-bang in effort mode: full voltage below the setpoint, scaled feedforward above. Default false. */
  readonly bangBang?: boolean;
  /** Feedforward share used above the setpoint in bang-bang [1]. Default 0.9 (WPILib's advice). */
  readonly bangBangFeedforwardScale?: number;
  /** At-speed tolerance [rad/s] and dwell [s]. Defaults 2 and 0.1. */
  readonly tolerance_radps?: number;
  readonly dwell_s?: number;
}

/** The defaults of the class and of the flywheel.* parameters (FRC 6328's where it published them, docs/domain.md). */
export const DEFAULT_FLYWHEEL_CONTROLLER: Required<FlywheelControllerOptions> = {
  mode: "effort",
  // One top speed for the planner's refusals and the loop's clamp (both read wheel.max_speed_radps).
  maxSpeed_radps: DEFAULT_WHEEL_MODEL.max_speed_radps,
  accelerationLimit_radps2: 350,
  maxVoltage_V: 12,
  ...DEFAULT_SIMPLE_MOTOR_FEEDFORWARD,
  kP: 0.6,
  kI: 0,
  kD: 0,
  iClamp_V: 2,
  antiWindup: "back_calculation",
  bangBang: false,
  bangBangFeedforwardScale: 0.9,
  ...DEFAULT_SETPOINT_TRACKER,
};

export interface FlywheelInput {
  /** Wanted wheel speed [rad/s]; non-finite spins down (treated as 0). */
  readonly setpoint_radps: number;
  /** Measured wheel speed [rad/s] (JointState velocity); undefined or NaN when there is none. */
  readonly measured_radps?: number;
  /** Now [s]. */
  readonly now_s: number;
  /** Overrides the bangBang option for this update (e.g. only beyond some distance). */
  readonly bangBang?: boolean;
}

export interface FlywheelOutput {
  readonly mode: FlywheelMode;
  /** rad/s in velocity mode, V in effort mode. */
  readonly command: number;
  /** The acceleration-limited setpoint [rad/s]. */
  readonly limitedSetpoint_radps: number;
  /** Held within tolerance of the (unlimited) setpoint for the dwell. */
  readonly atSetpoint: boolean;
  /** Setpoint - measurement [rad/s]; NaN without a measurement. */
  readonly error_radps: number;
  /** That error low-passed over the dwell [rad/s] (encoder noise averaged out); NaN without a measurement. */
  readonly smoothedError_radps: number;
  readonly usedBangBang: boolean;
}

/**
 * The flywheel loop: clamp the setpoint, limit its acceleration, and either pass it through
 * (velocity mode) or command volts = feedforward(limited setpoint, its slope) + PID(error), or
 * bang-bang (effort mode). At-speed is judged against the requested setpoint, not the ramp, so a
 * wheel still ramping is never "ready". Time is passed in; nothing here knows ROS.
 *
 * It runs every control cycle (100 Hz) and allocates nothing there: update() fills and returns
 * the same output object each time (read it before the next update). configure() retunes it in
 * place (gains, limits, tolerance), keeping the integrator, the ramp and the at-speed dwell; only
 * the mode is fixed for an instance (a velocity command and a voltage share no state).
 */
export class FlywheelController {
  readonly mode: FlywheelMode;
  private maxSpeed = DEFAULT_FLYWHEEL_CONTROLLER.maxSpeed_radps;
  private maxVoltage = DEFAULT_FLYWHEEL_CONTROLLER.maxVoltage_V;
  private bangBang = DEFAULT_FLYWHEEL_CONTROLLER.bangBang;
  private bangBangScale = DEFAULT_FLYWHEEL_CONTROLLER.bangBangFeedforwardScale;
  private feedforward = new SimpleMotorFeedforward();
  private readonly pid = new Pid();
  private readonly limiter = new SlewRateLimiter(DEFAULT_FLYWHEEL_CONTROLLER.accelerationLimit_radps2);
  private readonly tracker = new SetpointTracker();
  /** The last update's time [s]; NaN before the first (a number field, not number | undefined: V8 then stores each new time in place instead of boxing it). */
  private lastTime = Number.NaN;
  private lastLimited = 0;
  /** The one output object this controller fills in place every update. */
  private readonly output: Writable<FlywheelOutput>;

  constructor(options: FlywheelControllerOptions = {}) {
    this.mode = options.mode ?? DEFAULT_FLYWHEEL_CONTROLLER.mode;
    requireChoice("mode", this.mode, ["velocity", "effort"]);
    this.configure(options);
    this.output = { mode: this.mode, command: 0, limitedSetpoint_radps: 0, atSetpoint: false, error_radps: NaN, smoothedError_radps: NaN, usedBangBang: false };
  }

  /**
   * New limits, gains and tolerances (missing ones take the defaults, as in the constructor),
   * keeping the state. A different mode is refused: build a new controller for it. Every value is
   * checked before anything changes, so a refused set leaves the controller as it was.
   */
  configure(options: FlywheelControllerOptions): void {
    const o: Required<FlywheelControllerOptions> = { ...DEFAULT_FLYWHEEL_CONTROLLER, ...definedOnly(options) };
    if (options.mode !== undefined && options.mode !== this.mode) throw new Error(`mode cannot change in place (${this.mode} -> ${options.mode}): build a new FlywheelController`);
    requirePositive("maxSpeed_radps", o.maxSpeed_radps);
    requirePositive("maxVoltage_V", o.maxVoltage_V);
    requireInRange("bangBangFeedforwardScale", o.bangBangFeedforwardScale, 0, 1);
    requireInRange("iClamp_V", o.iClamp_V, 0, Infinity);
    requirePositive("accelerationLimit_radps2", o.accelerationLimit_radps2);
    // Checked on throwaway parts first: the live ones change only once everything passed.
    const feedforward = new SimpleMotorFeedforward({ kS_V: o.kS_V, kV_Vsprad: o.kV_Vsprad, kA_Vs2prad: o.kA_Vs2prad });
    const pidOptions = { kP: o.kP, kI: o.kI, kD: o.kD, iMin: -o.iClamp_V, iMax: o.iClamp_V, uMin: -o.maxVoltage_V, uMax: o.maxVoltage_V, antiWindup: o.antiWindup };
    new Pid(pidOptions);
    new SetpointTracker(o.tolerance_radps, o.dwell_s);
    this.maxSpeed = o.maxSpeed_radps;
    this.maxVoltage = o.maxVoltage_V;
    this.bangBang = o.bangBang;
    this.bangBangScale = o.bangBangFeedforwardScale;
    this.feedforward = feedforward;
    this.pid.configure(pidOptions);
    this.limiter.setRate(o.accelerationLimit_radps2);
    this.tracker.configure(o.tolerance_radps, o.dwell_s);
  }

  /** The PID's integral term [V] (effort mode): what a retune keeps. */
  get integralTerm_V(): number {
    return this.pid.integralTerm;
  }

  /** One cycle. The returned object is this controller's own, overwritten by the next update. */
  update(input: FlywheelInput): FlywheelOutput {
    const now = input.now_s;
    if (!Number.isFinite(now)) throw new Error(`now_s must be finite, got ${now}`);
    const first = Number.isNaN(this.lastTime);
    const dt = first ? 0 : now - this.lastTime;
    if (dt < 0) throw new Error(`time went backwards: ${now} s after ${this.lastTime} s`);
    const goal = Number.isFinite(input.setpoint_radps) ? clamp(input.setpoint_radps, -this.maxSpeed, this.maxSpeed) : 0;
    const measured = input.measured_radps ?? NaN;
    const hasMeasurement = Number.isFinite(measured);
    // Start the ramp from where the wheel is, not from zero: no step on the first update.
    if (first && hasMeasurement) this.limiter.reset(measured, now);
    const limited = this.limiter.calculate(goal, now);
    const acceleration = dt > 0 ? (limited - this.lastLimited) / dt : 0;
    this.lastTime = now;
    this.lastLimited = limited;

    // Without a measurement the tracker restarts: not at speed, and its smoothed error NaN.
    if (!hasMeasurement) this.tracker.reset();
    const out = this.output;
    out.limitedSetpoint_radps = limited;
    out.atSetpoint = hasMeasurement && this.tracker.update(goal, measured, now);
    out.error_radps = hasMeasurement ? goal - measured : NaN;
    out.smoothedError_radps = this.tracker.smoothedError;
    out.usedBangBang = false;
    if (this.mode === "velocity") {
      out.command = limited;
      return out;
    }
    const ff = this.feedforward.calculate(limited, acceleration);
    const useBangBang = input.bangBang ?? this.bangBang;
    if (!hasMeasurement || first) {
      // No feedback (yet): feedforward alone; the node decides whether to keep driving at all.
      out.command = clamp(ff, -this.maxVoltage, this.maxVoltage);
    } else if (useBangBang && limited >= 0) {
      const volts = measured < limited ? this.maxVoltage : this.bangBangScale * ff;
      out.command = clamp(volts, -this.maxVoltage, this.maxVoltage);
      out.usedBangBang = true;
    } else {
      out.command = this.pid.compute(limited - measured, dt, ff);
    }
    return out;
  }

  /** Back to the state before the first update (after an e-stop, on lifecycle deactivate). */
  reset(): void {
    this.lastTime = Number.NaN;
    this.lastLimited = 0;
    this.limiter.reset(0);
    this.pid.reset();
    this.tracker.reset();
  }
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
