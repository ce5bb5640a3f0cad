import { requirePositive } from "../ballistics/validate";

/**
 * Limits how fast a setpoint may change, time passed in [s] (WPILib SlewRateLimiter without its
 * clock). On a flywheel it keeps the current draw and the belt sane: the 350 rad/s^2 of docs/domain.md.
 */
export class SlewRateLimiter {
  private rate: number;
  /** Output before the first reset or input is 0 [units]. */
  private value = 0;
  /** The last call's time [s]; NaN: none since the last reset (a plain number field: V8 stores it in place, no box per call). */
  private time = Number.NaN;

  /** @param rate_per_s largest change per second, both ways [units/s] (rad/s^2 for a speed) */
  constructor(rate_per_s: number) {
    requirePositive("rate_per_s", rate_per_s);
    this.rate = rate_per_s;
  }

  /** A new limit [units/s], keeping the output and its clock (a retune does not restart the ramp). */
  setRate(rate_per_s: number): void {
    requirePositive("rate_per_s", rate_per_s);
    this.rate = rate_per_s;
  }

  /**
   * Moves towards `input` by at most rate * elapsed time. The first call only starts the clock
   * (nothing is known about the time before it); a non-finite input holds the output.
   */
  calculate(input: number, now_s: number): number {
    if (!Number.isFinite(now_s)) throw new Error(`now_s must be finite, got ${now_s}`);
    const elapsed = Number.isNaN(this.time) ? 0 : Math.max(0, now_s - this.time);
    this.time = now_s;
    if (!Number.isFinite(input)) return this.value;
    const step = this.rate * elapsed;
    this.value += Math.min(step, Math.max(-step, input - this.value));
    return this.value;
  }

  /**
   * Jumps to `value` [units] at `now_s` [s], e.g. the measured wheel speed when the loop starts.
   * Without a time the next call only restarts the clock.
   */
  reset(value: number, now_s?: number): void {
    this.value = value;
    this.time = now_s ?? Number.NaN;
  }
}
