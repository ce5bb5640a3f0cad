import { wrapAngle, type Pose2 } from "../court/courtMap";
import type { BodyTwist } from "./poseEkf";

/**
 * The estimator's pose as a transform between REP-105 frames: map -> base_link when it runs
 * without odometry, map -> odom when the base's driver publishes odom -> base_link (then
 * map -> odom is map -> base_link composed with the inverse of odom -> base_link, so the two
 * together give the estimate). Planar: poses in the court's floor plane, yaw about z.
 */

/** `a` then `b` (b expressed in a's frame): the transform from a's parent to b's child. */
export function composePoses(a: Pose2, b: Pose2): Pose2 {
  return composePosesInto(a, b, { x: 0, y: 0, yaw: 0 });
}

/** composePoses written into `out` (which may be `a` or `b`) and returned. */
export function composePosesInto<T extends { x: number; y: number; yaw: number }>(a: Pose2, b: Pose2, out: T): T {
  const c = Math.cos(a.yaw);
  const s = Math.sin(a.yaw);
  const x = a.x + c * b.x - s * b.y;
  const y = a.y + s * b.x + c * b.y;
  const yaw = wrapAngle(a.yaw + b.yaw);
  out.x = x;
  out.y = y;
  out.yaw = yaw;
  return out;
}

/** The inverse transform: composePoses(p, invertPose(p)) is the identity. */
export function invertPose(p: Pose2): Pose2 {
  return invertPoseInto(p, { x: 0, y: 0, yaw: 0 });
}

/** invertPose written into `out` (which may be `p`) and returned. */
export function invertPoseInto<T extends { x: number; y: number; yaw: number }>(p: Pose2, out: T): T {
  const c = Math.cos(p.yaw);
  const s = Math.sin(p.yaw);
  const x = -(c * p.x + s * p.y);
  const y = -(-s * p.x + c * p.y);
  const yaw = wrapAngle(-p.yaw);
  out.x = x;
  out.y = y;
  out.yaw = yaw;
  return out;
}

/**
 * `pose` moved by `twist` held for `dt` [s] (negative: back in time): the exact constant-twist
 * motion (a circular arc, a straight line when the yaw rate is zero).
 */
export function advanceByTwist(pose: Pose2, twist: BodyTwist, dt: number): Pose2 {
  return advanceByTwistInto(pose, twist, dt, { x: 0, y: 0, yaw: 0 });
}

/** advanceByTwist written into `out` (which may be `pose`) and returned. */
export function advanceByTwistInto<T extends { x: number; y: number; yaw: number }>(pose: Pose2, twist: BodyTwist, dt: number, out: T): T {
  const turn = twist.yawRate * dt;
  const ax = twist.vx * dt;
  const ay = twist.vy * dt;
  // sin(t)/t and (1 - cos t)/t, by their series near 0 where the quotients lose their digits.
  const small = Math.abs(turn) < 1e-6;
  const a = small ? 1 - (turn * turn) / 6 : Math.sin(turn) / turn;
  const b = small ? turn / 2 : (1 - Math.cos(turn)) / turn;
  // composePoses(pose, the motion in pose's frame), with the motion's numbers in locals.
  const mx = a * ax - b * ay;
  const my = b * ax + a * ay;
  const c = Math.cos(pose.yaw);
  const s = Math.sin(pose.yaw);
  const x = pose.x + c * mx - s * my;
  const y = pose.y + s * mx + c * my;
  const yaw = wrapAngle(pose.yaw + turn);
  out.x = x;
  out.y = y;
  out.yaw = yaw;
  return out;
}

/** What the estimator puts on /tf at one publishing time. */
export type RobotTransform =
  | {
      readonly kind: "publish";
      /** "base": map -> base_link (no odometry); "odom": map -> odom. */
      readonly child: "base" | "odom";
      readonly transform: Pose2;
      /** [s] */
      readonly stamp: number;
      /** Why the last valid map -> odom is republished instead of a new one (undefined: a new one). */
      readonly heldBecause: string | undefined;
    }
  | { readonly kind: "none"; readonly reason: string };

export interface RobotTransformOptions {
  /** Publish map -> odom from the odometry's pose (true) or map -> base_link (false). */
  readonly useOdometry: boolean;
  /**
   * The odometry pose is brought to the estimate's time by its twist when it is at most this old
   * [s]; older, map -> odom is not recomputed (held).
   */
  readonly maxOdometryAge: number;
}

/**
 * Decides the transform the estimator publishes, REP-105's way:
 * - map -> odom is recomputed from each valid estimate and the odometry pose at the estimate's
 *   time; while the estimate is not valid (stale, suspect, confirming a start) the last valid
 *   map -> odom is republished, so the robot moves on with its odometry as REP-105 expects of a
 *   localizer that lost its fix. Before the first valid estimate nothing is published.
 * - map -> base_link (no odometry) is published only while the estimate is valid: a stale pose
 *   with a fresh stamp would say the robot stands where it was last seen.
 * Stamps only go forward: a time already published is not published again (tf2 warns of
 * TF_REPEATED_DATA and drops it).
 */
export class RobotTransformKeeper {
  /** The last odometry noted, copied (the caller may reuse its objects); undefined before any. */
  private odometry: { stamp: number; readonly pose: { x: number; y: number; yaw: number }; readonly twist: { vx: number; vy: number; yawRate: number } } | undefined;
  /** The last valid map -> odom, once there is one (hasMapToOdom). */
  private readonly lastMapToOdom = { x: 0, y: 0, yaw: 0 };
  private hasMapToOdom = false;
  private lastStamp = -Infinity;
  /** The last update's decision: the status is written from it when asked (diagnostics, 1 Hz), not per update. */
  private lastDecision: RobotTransform | undefined;
  // What update returns, owned and rewritten by each update (50 Hz: issue 16, nothing allocated per
  // tick): the decision to publish, map -> base_link copied from the caller, and the odometry pose
  // brought to the estimate's time and inverted on the way to map -> odom.
  private readonly publishDecision: { kind: "publish"; child: "base" | "odom"; transform: Pose2; stamp: number; heldBecause: string | undefined } = {
    kind: "publish",
    child: "base",
    transform: this.lastMapToOdom,
    stamp: 0,
    heldBecause: undefined,
  };
  private readonly mapToBase = { x: 0, y: 0, yaw: 0 };
  private readonly baseToOdom = { x: 0, y: 0, yaw: 0 };

  private maxOdometryAge: number;
  private readonly useOdometry: boolean;

  constructor(options: RobotTransformOptions) {
    this.useOdometry = options.useOdometry;
    this.maxOdometryAge = checkedAge(options.maxOdometryAge);
  }

  /** A new limit on the odometry's age [s] (the node's stale_timeout, settable at run time). */
  setMaxOdometryAge(seconds: number): void {
    this.maxOdometryAge = checkedAge(seconds);
  }

  /** The odometry's odom -> base_link at `stamp` [s] and its body twist; non-finite ones are ignored. */
  noteOdometry(stamp: number, pose: Pose2, twist: BodyTwist): void {
    const finite = Number.isFinite(stamp) && Number.isFinite(pose.x) && Number.isFinite(pose.y) && Number.isFinite(pose.yaw) && Number.isFinite(twist.vx) && Number.isFinite(twist.vy) && Number.isFinite(twist.yawRate);
    if (!finite) return;
    if (this.odometry !== undefined && stamp < this.odometry.stamp) return;
    this.odometry ??= { stamp, pose: { x: 0, y: 0, yaw: 0 }, twist: { vx: 0, vy: 0, yawRate: 0 } };
    const kept = this.odometry;
    kept.stamp = stamp;
    kept.pose.x = pose.x;
    kept.pose.y = pose.y;
    kept.pose.yaw = pose.yaw;
    kept.twist.vx = twist.vx;
    kept.twist.vy = twist.vy;
    kept.twist.yawRate = twist.yawRate;
  }

  /**
   * The transform for the estimate `mapToBase` at `stamp` [s], valid or not. A "publish" decision
   * is rewritten by the next update (`mapToBase` is copied): read it before.
   */
  update(stamp: number, mapToBase: Pose2, valid: boolean): RobotTransform {
    const decision = this.decide(stamp, mapToBase, valid);
    if (decision.kind === "publish") this.lastStamp = stamp;
    this.lastDecision = decision;
    return decision;
  }

  /** What the last update published, or why nothing (for /diagnostics). */
  get status(): string {
    const decision = this.lastDecision;
    if (decision === undefined) return "nothing yet";
    if (decision.kind === "none") return `none: ${decision.reason}`;
    return `${decision.child === "odom" ? "map -> odom" : "map -> base_link"}${decision.heldBecause === undefined ? "" : ` held: ${decision.heldBecause}`}`;
  }

  private decide(stamp: number, mapToBase: Pose2, valid: boolean): RobotTransform {
    if (!(stamp > this.lastStamp)) return NOT_AFTER_LAST;
    if (!this.useOdometry) {
      if (!valid) return NOT_VALID;
      const copy = this.mapToBase;
      copy.x = mapToBase.x;
      copy.y = mapToBase.y;
      copy.yaw = mapToBase.yaw;
      return this.publish("base", copy, stamp, undefined);
    }
    const odometry = this.odometry;
    const age = odometry === undefined ? Infinity : stamp - odometry.stamp;
    if (valid && odometry !== undefined && Math.abs(age) <= this.maxOdometryAge) {
      // map -> odom = map -> base_link composed with the inverse of odom -> base_link at the estimate's time.
      const baseToOdom = invertPoseInto(advanceByTwistInto(odometry.pose, odometry.twist, age, this.baseToOdom), this.baseToOdom);
      composePosesInto(mapToBase, baseToOdom, this.lastMapToOdom);
      this.hasMapToOdom = true;
      return this.publish("odom", this.lastMapToOdom, stamp, undefined);
    }
    const why = !valid ? NOT_VALID.reason : odometry === undefined ? NO_ODOMETRY.reason : `odometry ${age.toFixed(2)} s from the estimate`;
    if (this.hasMapToOdom) return this.publish("odom", this.lastMapToOdom, stamp, why);
    return !valid ? NOT_VALID : odometry === undefined ? NO_ODOMETRY : { kind: "none", reason: why };
  }

  private publish(child: "base" | "odom", transform: Pose2, stamp: number, heldBecause: string | undefined): RobotTransform {
    const decision = this.publishDecision;
    decision.child = child;
    decision.transform = transform;
    decision.stamp = stamp;
    decision.heldBecause = heldBecause;
    return decision;
  }
}

/** The decisions not to publish that carry no number: one object each. */
const NOT_AFTER_LAST: RobotTransform = Object.freeze({ kind: "none", reason: "no filter time after the last one published" });
const NOT_VALID = Object.freeze({ kind: "none", reason: "estimate not valid" } as const);
const NO_ODOMETRY = Object.freeze({ kind: "none", reason: "no odometry heard yet (map -> odom needs its pose)" } as const);

function checkedAge(seconds: number): number {
  if (!(seconds >= 0)) throw new Error(`maxOdometryAge must be >= 0 s, got ${seconds}`);
  return seconds;
}
