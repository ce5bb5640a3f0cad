/**
 * The frames fixed to the robot (REP-103: x forward, y left, z up; metres and radians), each
 * given relative to a parent: the base frame or another of them. A tree, as a URDF's fixed joints
 * describe one: a lidar's virtual beam is the lidar's frame turned by the beam's bearing, so moving
 * the lidar moves every beam with it. Planar: a frame turns about z only, as every sensor of this
 * robot looks level.
 */

/** One frame as it is written: its pose relative to `parent` ("" for the base frame). */
export interface RobotFrameSpec {
  readonly name: string;
  readonly parent: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly yaw: number;
}

/** A pose in the base frame (x, y, z [m], yaw [rad]). */
export interface FramePose {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly yaw: number;
}

/** The base frame's own pose in itself. */
const BASE_POSE: FramePose = { x: 0, y: 0, z: 0, yaw: 0 };

/**
 * Every frame's pose in the base frame, composing each with its parent's. Throws naming the frame
 * whose parent is not among `specs` (and not ""), or the frames of a loop.
 */
export function framePosesInBase(specs: readonly RobotFrameSpec[]): Map<string, FramePose> {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const poses = new Map<string, FramePose>();
  const resolve = (spec: RobotFrameSpec, path: readonly string[]): FramePose => {
    const known = poses.get(spec.name);
    if (known !== undefined) return known;
    if (path.includes(spec.name)) throw new Error(`frames ${[...path, spec.name].map((n) => `'${n}'`).join(" -> ")} form a loop: each frame's parent must lead to the base frame`);
    let parentPose = BASE_POSE;
    if (spec.parent !== "") {
      const parent = byName.get(spec.parent);
      if (parent === undefined) throw new Error(`frame '${spec.name}': parent '${spec.parent}' is not a robot frame (listed: ${[...byName.keys()].join(", ")}; "" is the base frame)`);
      parentPose = resolve(parent, [...path, spec.name]);
    }
    const pose = compose(parentPose, spec);
    poses.set(spec.name, pose);
    return pose;
  };
  for (const spec of specs) resolve(spec, []);
  return poses;
}

/**
 * `child` (given in `parent`'s frame) in the frame `parent` is given in. The yaws add without
 * wrapping, so a frame written at 3.1416 rad on a parent at 0 stays 3.1416 rad; on an unturned
 * parent (cos 1, sin 0) the result is the exact sum of the two.
 */
export function compose(parent: FramePose, child: FramePose): FramePose {
  const c = Math.cos(parent.yaw);
  const s = Math.sin(parent.yaw);
  return { x: parent.x + c * child.x - s * child.y, y: parent.y + s * child.x + c * child.y, z: parent.z + child.z, yaw: parent.yaw + child.yaw };
}

/** `pose` (in the frame `parent` is given in) as seen from `parent`: the inverse of compose. */
export function relativeTo(parent: FramePose, pose: FramePose): FramePose {
  const c = Math.cos(parent.yaw);
  const s = Math.sin(parent.yaw);
  const dx = pose.x - parent.x;
  const dy = pose.y - parent.y;
  return { x: c * dx + s * dy, y: -s * dx + c * dy, z: pose.z - parent.z, yaw: pose.yaw - parent.yaw };
}
