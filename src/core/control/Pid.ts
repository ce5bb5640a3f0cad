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
  private readonly kP: number;
  private readonly kI: number;
  private readonly kD: number;
  private readonly iMin: number;
  private readonly iMax: number;
  private readonly uMin: number;
  private readonly uMax: number;
  private readonly antiWindup: AntiWindupStrategy;
  private readonly trackingTimeConstant: number;
  private integral = 0;
  private previousError = NaN;
  /** What a call with dt == 0 returns [output units]. */
  private lastCommand = 0;

  constructor(options: PidOptions = {}) {
    this.kP = options.kP ?? 0;
    this.kI = options.kI ?? 0;
    this.kD = options.kD ?? 0;
    requireFinite("kP", this.kP);
    requireFinite("kI", this.kI);
    requireFinite("kD", this.kD);
    this.iMin = options.iMin ?? -Infinity;
    this.iMax = options.iMax ?? Infinity;
    this.uMin = options.uMin ?? -Infinity;
    this.uMax = options.uMax ?? Infinity;
    if (Number.isNaN(this.iMin) || Number.isNaN(this.iMax) || !(this.iMin <= this.iMax)) {
      throw new Error(`iMin must be <= iMax, got iMin ${this.iMin}, iMax ${this.iMax}`);
    }
    if (Number.isNaN(this.uMin) || Number.isNaN(this.uMax) || !(this.uMin <= this.uMax)) {
      throw new Error(`uMin must be <= uMax, got uMin ${this.uMin}, uMax ${this.uMax}`);
    }
    this.antiWindup = options.antiWindup ?? "back_calculation";
    requireChoice("antiWindup", this.antiWindup, ["none", "back_calculation", "conditional_integration"]);
    const defaultTc = this.kI !== 0 && this.kD !== 0 ? Math.sqrt(Math.abs(this.kD / this.kI)) : this.kI !== 0 ? 1 / Math.abs(this.kI) : 1;
    this.trackingTimeConstant = options.trackingTimeConstant_s ?? defaultTc;
    requirePositive("trackingTimeConstant_s", this.trackingTimeConstant);
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
