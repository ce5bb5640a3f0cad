import { requireChoice, requireFinite, requirePositive } from "../ballistics/validate";

/**
 * How the integral is kept from winding up while the output saturates (control_toolbox names):
 * - none: only the integral clamp;
 * - back_calculation: the integral is bled by (saturated - unsaturated) / trackingTimeConstant;
 * - conditional_integration: the integral stops growing while the output is saturated and the
 *   error would push it further into saturation.
 */
export type AntiWindupStrategy = "none" | "back_calculation" | "conditional_integration";

export interface PidOptions {
  /** Proportional gain [output per error unit]. Default 0. */
  readonly kP?: number;
  /** Integral gain [output per error unit second]. Default 0. */
  readonly kI?: number;
  /** Derivative gain [output second per error unit]. Default 0. */
  readonly kD?: number;
  /** Bounds of the integral term (already times kI) [output units]. Default -inf / +inf. */
  readonly iMin?: number;
  readonly iMax?: number;
  /** Bounds of the total output [output units]. Default -inf / +inf. */
  readonly uMin?: number;
  readonly uMax?: number;
  readonly antiWindup?: AntiWindupStrategy;
  /** Back-calculation time constant [s]. Default sqrt(kD / kI) when both are set, else 1 / kI, else 1 s. */
  readonly trackingTimeConstant_s?: number;
}

/**
 * A PID in the style of ros-controls/control_toolbox: pure, time passed in, an explicit anti-windup
 * strategy plus integral and output clamps.
 *
 * Edge cases, as control_toolbox handles them:
 * - dt == 0 returns the last command and changes nothing (two callbacks in the same instant);
 * - dt < 0 (or non-finite dt) throws: time went backwards, a bug upstream;
 * - a non-finite error (or feedforward) returns NaN and leaves the state untouched, so one bad
 *   sample neither poisons the integral nor the derivative; the last command stays the one
 *   `dt == 0` would return. The caller must treat NaN as "do not drive".
 */
export class Pid {
  private kP = 0;
  private kI = 0;
  private kD = 0;
  private iMin = -Infinity;
  private iMax = Infinity;
  private uMin = -Infinity;
  private uMax = Infinity;
  private antiWindup: AntiWindupStrategy = "back_calculation";
  private trackingTimeConstant = 1;
  private integral = 0;
  private previousError = NaN;
  /** What a call with dt == 0 returns [output units]. */
  private lastCommand = 0;

  constructor(options: PidOptions = {}) {
    this.configure(options);
  }

  /**
   * New gains, clamps and strategy, keeping the state (control_toolbox's set_gains): the integral
   * carries over, clamped into the new integral bounds, so retuning a running loop does not make
   * it jump. Rejects bad values (naming them) and then changes nothing.
   */
  configure(options: PidOptions): void {
    const kP = options.kP ?? 0;
    const kI = options.kI ?? 0;
    const kD = options.kD ?? 0;
    requireFinite("kP", kP);
    requireFinite("kI", kI);
    requireFinite("kD", kD);
    const iMin = options.iMin ?? -Infinity;
    const iMax = options.iMax ?? Infinity;
    const uMin = options.uMin ?? -Infinity;
    const uMax = options.uMax ?? Infinity;
    if (Number.isNaN(iMin) || Number.isNaN(iMax) || !(iMin <= iMax)) {
      throw new Error(`iMin must be <= iMax, got iMin ${iMin}, iMax ${iMax}`);
    }
    if (Number.isNaN(uMin) || Number.isNaN(uMax) || !(uMin <= uMax)) {
      throw new Error(`uMin must be <= uMax, got uMin ${uMin}, uMax ${uMax}`);
    }
    const antiWindup = options.antiWindup ?? "back_calculation";
    requireChoice("antiWindup", antiWindup, ["none", "back_calculation", "conditional_integration"]);
    const defaultTc = kI !== 0 && kD !== 0 ? Math.sqrt(Math.abs(kD / kI)) : kI !== 0 ? 1 / Math.abs(kI) : 1;
    const trackingTimeConstant = options.trackingTimeConstant_s ?? defaultTc;
    requirePositive("trackingTimeConstant_s", trackingTimeConstant);
    this.kP = kP;
    this.kI = kI;
    this.kD = kD;
    this.iMin = iMin;
    this.iMax = iMax;
    this.uMin = uMin;
    this.uMax = uMax;
    this.antiWindup = antiWindup;
    this.trackingTimeConstant = trackingTimeConstant;
    this.integral = clamp(this.integral, iMin, iMax);
  }

  /** The integral term as it stands (already times kI) [output units]. */
  get integralTerm(): number {
    return this.integral;
  }

  /**
   * One update: `error` = setpoint - measurement [error units], `dt_s` since the last call [s],
   * `feedforward` added before the output clamp [output units] so that anti-windup sees the real
   * saturation of the actuator. The first call has no derivative (no previous error to difference).
   */
  compute(error: number, dt_s: number, feedforward = 0): number {
    if (!(dt_s >= 0) || !Number.isFinite(dt_s)) throw new Error(`dt must be a finite number >= 0 s, got ${dt_s}`);
    if (dt_s === 0) return this.lastCommand;
    if (!Number.isFinite(error) || !Number.isFinite(feedforward)) return NaN;

    const p = this.kP * error;
    const d = Number.isNaN(this.previousError) ? 0 : (this.kD * (error - this.previousError)) / dt_s;
    let integral = this.integral;
    const candidate = clamp(integral + this.kI * error * dt_s, this.iMin, this.iMax);
    if (this.antiWindup === "conditional_integration") {
      const trial = feedforward + p + candidate + d;
      const saturatedHigh = trial > this.uMax && error > 0;
      const saturatedLow = trial < this.uMin && error < 0;
      if (!saturatedHigh && !saturatedLow) integral = candidate;
    } else {
      integral = candidate;
    }
    const unsaturated = feedforward + p + integral + d;
    const command = clamp(unsaturated, this.uMin, this.uMax);
    if (this.antiWindup === "back_calculation" && command !== unsaturated) {
      integral = clamp(integral + ((command - unsaturated) * dt_s) / this.trackingTimeConstant, this.iMin, this.iMax);
    }
    this.integral = integral;
    this.previousError = error;
    this.lastCommand = command;
    return command;
  }

  /** Zeroes the integral, forgets the previous error and the last command. */
  reset(): void {
    this.integral = 0;
    this.previousError = NaN;
    this.lastCommand = 0;
  }
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
