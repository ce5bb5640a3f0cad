/**
 * The robot's mounts read from static transforms (tf2's /tf_static: each child frame's pose in its
 * parent, a tree): a frame's pose in a reference frame composed through whatever chain the
 * transforms carry (a URDF has intermediate links), checked planar, and set beside the robot_frames
 * block's numbers. Pure: no ROS types, no clock; quaternions (x, y, z, w) as tf2 sends them.
 */
import { wrapAngle } from "./court/courtMap";
import { framePosesInBase, relativeTo, type FramePose, type RobotFrameSpec } from "./robotFrames";

export interface Vec3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** A unit quaternion (x, y, z, w), as geometry_msgs/Quaternion. */
export interface Quaternion {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly w: number;
}

/** A child frame's pose in its parent: rotate, then translate (tf2's Transform). */
export interface RigidTransform {
  readonly translation: Vec3;
  readonly rotation: Quaternion;
}

/** One static transform: `child`'s pose in `parent` (a TransformStamped on /tf_static). */
export interface StaticTransform extends RigidTransform {
  readonly parent: string;
  readonly child: string;
}

export const IDENTITY: RigidTransform = { translation: { x: 0, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } };

/**
 * Largest roll or pitch [rad] of a mount in the base frame: the rays are planar (each cast at its
 * sensor's height), and a sensor 5 cm above the floor tilted 0.01 rad meets a 10 cm fence top 5 m
 * away, so a steeper one would read something the map does not hold.
 */
export const MAX_MOUNT_TILT_RAD = 0.01;

/**
 * Where /tf_static and the robot_frames block may differ without a warning: 1 mm, 1 mrad (a
 * quaternion's round trip, or a yaw written to four decimals as 3.1416, stays far inside).
 */
export const MOUNT_MATCH_TOLERANCE = { metres: 1e-3, radians: 1e-3 } as const;

function hamilton(a: Quaternion, b: Quaternion): Quaternion {
  return {
    x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
    y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
    z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
    w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
  };
}

/** `v` rotated by the unit quaternion `q` (v' = q v q*, expanded). */
function rotate(q: Quaternion, v: Vec3): Vec3 {
  // t = 2 (q.xyz x v); v' = v + w t + q.xyz x t
  const tx = 2 * (q.y * v.z - q.z * v.y);
  const ty = 2 * (q.z * v.x - q.x * v.z);
  const tz = 2 * (q.x * v.y - q.y * v.x);
  return {
    x: v.x + q.w * tx + (q.y * tz - q.z * ty),
    y: v.y + q.w * ty + (q.z * tx - q.x * tz),
    z: v.z + q.w * tz + (q.x * ty - q.y * tx),
  };
}

/** `child` (given in `parent`'s frame) in the frame `parent` is given in. */
export function composeRigid(parent: RigidTransform, child: RigidTransform): RigidTransform {
  const moved = rotate(parent.rotation, child.translation);
  return {
    translation: { x: parent.translation.x + moved.x, y: parent.translation.y + moved.y, z: parent.translation.z + moved.z },
    rotation: hamilton(parent.rotation, child.rotation),
  };
}

/** The parent's pose as seen from the child: the inverse of `t`. */
export function invertRigid(t: RigidTransform): RigidTransform {
  const conjugate = { x: -t.rotation.x, y: -t.rotation.y, z: -t.rotation.z, w: t.rotation.w };
  const back = rotate(conjugate, t.translation);
  return { translation: { x: -back.x, y: -back.y, z: -back.z }, rotation: conjugate };
}

/** Roll, pitch, yaw [rad] of a unit quaternion, as tf2's Matrix3x3::getRPY gives them (R = Rz(yaw) Ry(pitch) Rx(roll)). */
export function rollPitchYaw(q: Quaternion): { roll: number; pitch: number; yaw: number } {
  const sinPitch = 2 * (q.w * q.y - q.z * q.x);
  return {
    roll: Math.atan2(2 * (q.w * q.x + q.y * q.z), 1 - 2 * (q.x * q.x + q.y * q.y)),
    pitch: Math.asin(Math.max(-1, Math.min(1, sinPitch))),
    yaw: Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z)),
  };
}

/** A planar pose (a turn about z only) as a rigid transform. */
export function rigidFromPose(pose: FramePose): RigidTransform {
  return { translation: { x: pose.x, y: pose.y, z: pose.z }, rotation: { x: 0, y: 0, z: Math.sin(pose.yaw / 2), w: Math.cos(pose.yaw / 2) } };
}

/**
 * The static transforms heard so far, merged by child frame as tf2's buffer keeps them: every
 * /tf_static publisher sends one latched message of its own, and a later transform of a child
 * replaces the earlier one. A transform with a non-finite number or a zero quaternion is not
 * kept (`refused` says why); a quaternion is normalised.
 */
export class StaticTransformTree {
  private readonly byChild = new Map<string, StaticTransform>();
  private readonly named = new Set<string>();
  /** Transforms not kept, and why (the last of each child). */
  readonly refused = new Map<string, string>();

  /** Merges `transforms`; true when a kept transform changed (the mounts must be resolved again). */
  merge(transforms: readonly StaticTransform[]): boolean {
    let changed = false;
    for (const t of transforms) {
      const problem = transformProblem(t);
      if (problem !== undefined) {
        this.refused.set(t.child, `${t.parent} -> ${t.child}: ${problem}`);
        continue;
      }
      this.refused.delete(t.child);
      const n = Math.hypot(t.rotation.x, t.rotation.y, t.rotation.z, t.rotation.w);
      const kept: StaticTransform = { parent: t.parent, child: t.child, translation: { ...t.translation }, rotation: { x: t.rotation.x / n, y: t.rotation.y / n, z: t.rotation.z / n, w: t.rotation.w / n } };
      const before = this.byChild.get(t.child);
      if (before !== undefined && sameTransform(before, kept)) continue;
      this.byChild.set(t.child, kept);
      this.named.add(t.child).add(t.parent);
      changed = true;
    }
    return changed;
  }

  /** Whether a transform has `frame` as its child (tf2 knows its parent). */
  carries(frame: string): boolean {
    return this.byChild.has(frame);
  }

  /** Whether any transform names `frame`, as child or parent. */
  names(frame: string): boolean {
    return this.named.has(frame);
  }

  /**
   * `frame`'s pose in `reference`, through the chain of parents the transforms carry (each frame
   * up to the root of its tree, then the two joined), or why there is none.
   */
  lookup(reference: string, frame: string): { readonly ok: true; readonly transform: RigidTransform } | { readonly ok: false; readonly reason: string } {
    const up = this.toRoot(frame);
    if (!up.ok) return up;
    const down = this.toRoot(reference);
    if (!down.ok) return down;
    if (up.root !== down.root) {
      return { ok: false, reason: `no chain of transforms joins ${reference} and ${frame} (${frame}'s parents end at ${up.root}, ${reference}'s at ${down.root})` };
    }
    return { ok: true, transform: composeRigid(invertRigid(down.transform), up.transform) };
  }

  /** `frame`'s pose in the root of its tree (the frame with no parent its chain reaches). */
  private toRoot(frame: string): { readonly ok: true; readonly root: string; readonly transform: RigidTransform } | { readonly ok: false; readonly reason: string } {
    let transform = IDENTITY;
    let current = frame;
    const seen = [frame];
    for (;;) {
      const t = this.byChild.get(current);
      if (t === undefined) return { ok: true, root: current, transform };
      transform = composeRigid(t, transform);
      if (seen.includes(t.parent)) return { ok: false, reason: `the transforms ${[...seen, t.parent].join(" -> ")} form a loop` };
      seen.push(t.parent);
      current = t.parent;
    }
  }
}

function transformProblem(t: StaticTransform): string | undefined {
  const numbers = [t.translation.x, t.translation.y, t.translation.z, t.rotation.x, t.rotation.y, t.rotation.z, t.rotation.w];
  if (!numbers.every(Number.isFinite)) return "a number is not finite";
  if (!(Math.hypot(t.rotation.x, t.rotation.y, t.rotation.z, t.rotation.w) > 1e-9)) return "its quaternion is zero";
  if (t.child === t.parent) return "a frame cannot be its own parent";
  if (t.child === "" || t.parent === "") return "an empty frame name";
  return undefined;
}

function sameTransform(a: StaticTransform, b: StaticTransform): boolean {
  const q = a.rotation;
  const r = b.rotation;
  return a.parent === b.parent && a.translation.x === b.translation.x && a.translation.y === b.translation.y && a.translation.z === b.translation.z && q.x === r.x && q.y === r.y && q.z === r.z && q.w === r.w;
}

/** How one needed mount stands. */
export type MountState =
  /** Its pose in the reference; `via`: the transforms themselves, or its block parent's pose from them and its block offset. */
  | { readonly kind: "resolved"; readonly frame: string; readonly pose: FramePose; readonly via: "tf_static" | "block_parent" }
  /** Not resolvable from what has been heard yet. */
  | { readonly kind: "waiting"; readonly frame: string; readonly reason: string }
  /** Resolved, but tilted out of the plane beyond the tolerance: not to be used. */
  | { readonly kind: "tilted"; readonly frame: string; readonly roll: number; readonly pitch: number };

/** A frame both the transforms and the robot_frames block give, with different numbers (poses in the reference). */
export interface MountMismatch {
  readonly frame: string;
  readonly tfStatic: FramePose;
  readonly block: FramePose;
}

export interface MountResolution {
  /** Each needed frame, in the order asked. */
  readonly mounts: readonly MountState[];
  /** Frames the transforms carry whose pose differs from the block's (the transforms' are used). */
  readonly mismatches: readonly MountMismatch[];
  /** Whether no needed frame is waiting (a tilted one is resolved, and refused). */
  readonly complete: boolean;
}

export interface MountRequest {
  /** The robot_frames block (its frames' parents and offsets; "" is the base frame). */
  readonly specs: readonly RobotFrameSpec[];
  /**
   * The frame the poses are wanted in: the base frame (a block parent "") by the name the
   * transforms give it (target_estimation's base_frame), or a robot frame (laser_ranging: the
   * lidar's, for its beams' bearings).
   */
  readonly reference: { readonly kind: "base"; readonly name: string } | { readonly kind: "robot_frame"; readonly name: string };
  /** The frames needed, each a robot frame. */
  readonly frames: readonly string[];
  readonly maxTilt?: number;
  readonly tolerance?: { readonly metres: number; readonly radians: number };
}

type Resolved = { readonly ok: true; readonly transform: RigidTransform; readonly via: "tf_static" | "block_parent" } | { readonly ok: false; readonly reason: string };

/**
 * Every needed frame's pose in the reference from the static transforms heard so far:
 * - a frame the transforms carry: composed through their chain (which may pass frames the block
 *   does not list, as a URDF's links);
 * - a frame they do not carry whose block parent is a robot frame (a virtual beam: the lidar's
 *   frame turned by its bearing): its parent's pose, resolved the same way, composed with its
 *   block offset, so the transforms need only carry the lidar;
 * - the reference itself once any transform names it;
 * - otherwise waiting.
 * A resolved frame tilted beyond maxTilt (roll or pitch) is refused; a frame the transforms carry
 * whose pose differs from the block's beyond the tolerance is listed in `mismatches`.
 */
export function resolveMounts(tree: StaticTransformTree, request: MountRequest): MountResolution {
  const maxTilt = request.maxTilt ?? MAX_MOUNT_TILT_RAD;
  const tolerance = request.tolerance ?? MOUNT_MATCH_TOLERANCE;
  const specs = new Map(request.specs.map((spec) => [spec.name, spec]));
  const reference = request.reference.name;
  const blockPoses = framePosesInBase(request.specs);
  const blockReference = request.reference.kind === "base" ? { x: 0, y: 0, z: 0, yaw: 0 } : blockPoses.get(reference);
  const memo = new Map<string, Resolved>();
  const mismatches: MountMismatch[] = [];

  const resolve = (frame: string): Resolved => {
    const known = memo.get(frame);
    if (known !== undefined) return known;
    let result: Resolved;
    if (frame === reference) {
      result = tree.names(reference) ? { ok: true, transform: IDENTITY, via: "tf_static" } : { ok: false, reason: `no transform on /tf_static names ${reference} yet` };
    } else if (tree.carries(frame)) {
      const found = tree.lookup(reference, frame);
      result = found.ok ? { ok: true, transform: found.transform, via: "tf_static" } : found;
      const block = blockPoses.get(frame);
      if (found.ok && block !== undefined && blockReference !== undefined) {
        const mismatch = compareWithBlock(frame, found.transform, relativeTo(blockReference, block), tolerance);
        if (mismatch !== undefined) mismatches.push(mismatch);
      }
    } else {
      const spec = specs.get(frame);
      if (spec === undefined || spec.parent === "") {
        result = { ok: false, reason: `no transform on /tf_static has ${frame} as its child yet` };
      } else {
        const parent = resolve(spec.parent);
        result = parent.ok ? { ok: true, transform: composeRigid(parent.transform, rigidFromPose(spec)), via: "block_parent" } : { ok: false, reason: `its robot_frames parent ${spec.parent}: ${parent.reason}` };
      }
    }
    memo.set(frame, result);
    return result;
  };

  const mounts = request.frames.map((frame): MountState => {
    const resolved = resolve(frame);
    if (!resolved.ok) return { kind: "waiting", frame, reason: resolved.reason };
    const { roll, pitch, yaw } = rollPitchYaw(resolved.transform.rotation);
    if (Math.abs(roll) > maxTilt || Math.abs(pitch) > maxTilt) return { kind: "tilted", frame, roll, pitch };
    const t = resolved.transform.translation;
    return { kind: "resolved", frame, pose: { x: t.x, y: t.y, z: t.z, yaw }, via: resolved.via };
  });
  return { mounts, mismatches, complete: mounts.every((m) => m.kind !== "waiting") };
}

function compareWithBlock(frame: string, transform: RigidTransform, block: FramePose, tolerance: { readonly metres: number; readonly radians: number }): MountMismatch | undefined {
  const t = transform.translation;
  const tfStatic = { x: t.x, y: t.y, z: t.z, yaw: rollPitchYaw(transform.rotation).yaw };
  const apart = Math.max(Math.abs(tfStatic.x - block.x), Math.abs(tfStatic.y - block.y), Math.abs(tfStatic.z - block.z)) > tolerance.metres || Math.abs(wrapAngle(tfStatic.yaw - block.yaw)) > tolerance.radians;
  return apart ? { frame, tfStatic, block } : undefined;
}
