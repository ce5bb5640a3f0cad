import { requireNonNegative } from "../ballistics/validate";

/** FRC 6328's "at goal" band [rad/s] and an estimated dwell [s]: the defaults of the class and of flywheel.tolerance_radps / dwell_s. */
export const DEFAULT_SETPOINT_TRACKER = { tolerance_radps: 2, dwell_s: 0.1 } as const;

/**
 * "At speed" with a dwell: within tolerance of the setpoint continuously for at least the dwell
 * time. False until a measurement arrived (WPILib's atSetpoint rule) and after any measurement out
 * of tolerance, a non-finite one, or a setpoint change larger than the tolerance.
 *
 * It also keeps the error smoothed over the dwell (a first-order low-pass with time constant
 * dwell_s): the encoder's noise (and a shaft's ripple, where the encoder sees one) averages out of it, so it tells the
 * error the ball will see on average, not the one of the last sample.
 */
export class SetpointTracker {
  private tolerance: number = DEFAULT_SETPOINT_TRACKER.tolerance_radps;
  private dwell: number = DEFAULT_SETPOINT_TRACKER.dwell_s;
  private withinSince: number | undefined;
  private lastTime = NaN;
  private lastSetpoint = NaN;
  private smoothed = NaN;

  /**
   * @param tolerance_radps allowed |setpoint - measurement| [rad/s]. Default 2 (FRC 6328's "at goal").
   * @param dwell_s time it must hold [s]. Default 0.1 (estimate).
   */
  constructor(tolerance_radps: number = DEFAULT_SETPOINT_TRACKER.tolerance_radps, dwell_s: number = DEFAULT_SETPOINT_TRACKER.dwell_s) {
    this.configure(tolerance_radps, dwell_s);
  }

  /**
   * A new tolerance [rad/s] and dwell [s], keeping the state: a wheel within the new tolerance
   * since before the change counts that time towards the new dwell (the next update judges it).
   */
  configure(tolerance_radps: number, dwell_s: number): void {
    requireNonNegative("tolerance_radps", tolerance_radps);
    requireNonNegative("dwell_s", dwell_s);
    this.tolerance = tolerance_radps;
    this.dwell = dwell_s;
  }

  /** Feeds one measurement [rad/s] against the setpoint [rad/s] it should match, at `now_s` [s]. */
  update(setpoint_radps: number, measurement_radps: number, now_s: number): boolean {
    const error = setpoint_radps - measurement_radps;
    const setpointJumped = Number.isFinite(this.lastSetpoint) && Math.abs(setpoint_radps - this.lastSetpoint) > this.tolerance;
    if (!Number.isFinite(error) || Math.abs(error) > this.tolerance || setpointJumped) this.withinSince = undefined;
    else this.withinSince ??= now_s;
    const dt = now_s - this.lastTime;
    if (!Number.isFinite(this.smoothed) || setpointJumped || !(dt >= 0) || this.dwell === 0) this.smoothed = error;
    else this.smoothed += (1 - Math.exp(-dt / this.dwell)) * (error - this.smoothed);
    this.lastTime = now_s;
    this.lastSetpoint = setpoint_radps;
    return this.atSetpoint(now_s);
  }

  /** Whether it has held within tolerance for the dwell, as of `now_s` [s] (default: the last update). */
  atSetpoint(now_s: number = this.lastTime): boolean {
    return this.withinSince !== undefined && now_s - this.withinSince >= this.dwell;
  }

  /** The error low-passed over the dwell [rad/s]; NaN before the first measurement. */
  get smoothedError(): number {
    return this.smoothed;
  }

  reset(): void {
    this.smoothed = NaN;
    this.withinSince = undefined;
    this.lastTime = NaN;
    this.lastSetpoint = NaN;
  }
}
