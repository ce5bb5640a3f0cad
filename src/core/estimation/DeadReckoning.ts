import { wrapAngle, type Pose2 } from "../court/courtMap";
import type { BodyTwist } from "./poseEkf";

/**
 * The robot's pose integrated from odometry twists alone, in a frame of its own (it starts at the
 * origin): only its motion between two times means anything. The start search uses it to carry a
 * pose found for the robot at a batch's time to where the robot is when the search ends.
 */
export class DeadReckoning {
  // The pose as numbers, integrated per odometry message (50 Hz) without an object; `pose` hands out
  // an object of its own, made when the pose moved since the last one (a search keeps the anchors it is given).
  private x = 0;
  private y = 0;
  private yaw = 0;
  private snapshot: Pose2 | undefined = { x: 0, y: 0, yaw: 0 };
  private time = Number.NaN;

  /** Whether any twist has been integrated. */
  get heard(): boolean {
    return !Number.isNaN(this.time);
  }

  /** The pose now, an object the caller may keep (it is not changed by later updates). */
  get pose(): Pose2 {
    this.snapshot ??= { x: this.x, y: this.y, yaw: this.yaw };
    return this.snapshot;
  }

  /**
   * Integrates the body twist (vx, vy [m/s], yawRate [rad/s]) held since the last call up to
   * `time` [s] (midpoint heading). A gap longer than `maxGap` [s], a stamp going back or a
   * non-finite twist integrates nothing (the next twist starts from here). The twist as an object:
   * numbers passed one by one to a call V8 does not inline are boxed, per odometry message.
   */
  update(time: number, twist: BodyTwist, maxGap = 0.5): void {
    const { vx, vy, yawRate } = twist;
    const dt = time - this.time;
    if (Number.isFinite(vx) && Number.isFinite(vy) && Number.isFinite(yawRate) && Number.isFinite(time) && dt > 0 && dt <= maxGap) {
      const heading = this.yaw + (yawRate * dt) / 2;
      const c = Math.cos(heading);
      const s = Math.sin(heading);
      this.x += (c * vx - s * vy) * dt;
      this.y += (s * vx + c * vy) * dt;
      this.yaw = wrapAngle(this.yaw + yawRate * dt);
      this.snapshot = undefined;
    }
    if (Number.isFinite(time) && !(time < this.time)) this.time = time;
  }
}
