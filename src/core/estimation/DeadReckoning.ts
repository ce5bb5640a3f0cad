import { wrapAngle, type Pose2 } from "../court/courtMap";

/**
 * The robot's pose integrated from odometry twists alone, in a frame of its own (it starts at the
 * origin): only its motion between two times means anything. The start search uses it to carry a
 * pose found for the robot at a batch's time to where the robot is when the search ends.
 */
export class DeadReckoning {
  private current: Pose2 = { x: 0, y: 0, yaw: 0 };
  private time = Number.NaN;

  /** Whether any twist has been integrated. */
  get heard(): boolean {
    return !Number.isNaN(this.time);
  }

  get pose(): Pose2 {
    return this.current;
  }

  /**
   * Integrates the body twist (vx, vy [m/s], yawRate [rad/s]) held since the last call up to
   * `time` [s] (midpoint heading). A gap longer than `maxGap` [s], a stamp going back or a
   * non-finite twist integrates nothing (the next twist starts from here).
   */
  update(time: number, vx: number, vy: number, yawRate: number, maxGap = 0.5): void {
    const dt = time - this.time;
    if ([vx, vy, yawRate, time].every(Number.isFinite) && dt > 0 && dt <= maxGap) {
      const heading = this.current.yaw + (yawRate * dt) / 2;
      const c = Math.cos(heading);
      const s = Math.sin(heading);
      this.current = { x: this.current.x + (c * vx - s * vy) * dt, y: this.current.y + (s * vx + c * vy) * dt, yaw: wrapAngle(this.current.yaw + yawRate * dt) };
    }
    if (Number.isFinite(time) && !(time < this.time)) this.time = time;
  }
}
