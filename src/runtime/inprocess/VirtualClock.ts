/** Simulated ROS time [s] that only moves when the owner advances it: tests are deterministic. */
export class VirtualClock {
  private seconds: number;

  constructor(startSeconds = 0) {
    if (!Number.isFinite(startSeconds)) throw new RangeError(`start time must be finite, got ${startSeconds}`);
    this.seconds = startSeconds;
  }

  now(): number {
    return this.seconds;
  }

  /** Moves to `seconds`; time never goes backwards. */
  set(seconds: number): void {
    if (!(seconds >= this.seconds)) throw new RangeError(`clock cannot go back from ${this.seconds} s to ${seconds} s`);
    this.seconds = seconds;
  }
}
