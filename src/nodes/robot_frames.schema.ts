import { framePosesInBase, type FramePose, type RobotFrameSpec } from "../core/robotFrames";
import { didYouMean } from "../core/parameters/didYouMean";
import { numberParameter, stringParameter } from "../core/parameters/readers";
import { formatValue, groupInstances, type ParameterRule, type ParameterSchema, type ParameterValue } from "../core/parameters/schema";

/**
 * The robot's frames, written once for every node that needs a mount: a `robot_frames` block in a
 * wildcard section of the params file (`/**: ros__parameters: robot_frames: ...`), which
 * laser_ranging (its virtual beams' bearings) and target_estimation (every ray's origin and
 * direction, and /tf_static) both read. A frame is given relative to its parent, so a virtual
 * beam is the lidar's frame turned by its bearing: the bearing laser_ranging fits along and the
 * ray target_estimation expects are one number, and moving the lidar moves every beam.
 */
export const ROBOT_FRAMES = "robot_frames";

const ro = { readOnly: true } as const;

/** Where the nodes take their mounts from: the block's numbers, or /tf_static (a URDF's robot_state_publisher). */
export const ROBOT_FRAMES_SOURCE = `${ROBOT_FRAMES}.source`;
export type MountSource = "params" | "tf_static";

/** The fixed keys of the block: its list of frames and where the mounts come from. */
export const robotFramesSchema: ParameterSchema = {
  [`${ROBOT_FRAMES}.names`]: {
    type: "string_array",
    // The lidar's frame (detection.frame_id's default), at the base's origin until a block says where.
    default: ["laser"],
    unit: "",
    description: "The frames fixed to the robot (set in a `/**:` block: every node reads the same), each with a block robot_frames.<frame>: its parent and its pose in that parent",
    ...ro,
  },
  [ROBOT_FRAMES_SOURCE]: {
    type: "string",
    default: "params",
    choices: ["params", "tf_static"],
    unit: "",
    description:
      "Where laser_ranging and target_estimation take the mounts from: params, the block's numbers; tf_static, /tf_static (a URDF's robot_state_publisher, static_transform_publisher): each frame through any chain of transforms (target_estimation: base_frame -> frame; laser_ranging: each beam in the lidar's frame), a frame it does not carry from its block parent's pose and its block offset, a frame tilted over 0.01 rad refused; no beam range and no estimate until every needed frame resolves; /tf_static wins over the block, a difference warned about on /diagnostics. With it target_estimation's publish_mount_tf must be false",
    ...ro,
  },
};

/** Keys of the block that are not frames: no frame may take their names. */
const BLOCK_KEYS: readonly string[] = ["names", "source"];

/** A frame named like a key of the block would have its fields under that key: refused. */
export const robotFramesRules: readonly ParameterRule[] = [
  {
    keys: [`${ROBOT_FRAMES}.names`],
    check: (v) => {
      const names = v[`${ROBOT_FRAMES}.names`];
      const taken = Array.isArray(names) ? names.map(String).filter((name) => BLOCK_KEYS.includes(name)) : [];
      return taken.length === 0 ? undefined : `lists ${taken.map((n) => `'${n}'`).join(", ")}, the name of the key ${ROBOT_FRAMES}.${taken[0] ?? ""}: rename the frame (${BLOCK_KEYS.map((k) => `${ROBOT_FRAMES}.${k}`).join(", ")} are the block's own keys)`;
    },
  },
];

/** Where the mounts come from (robot_frames.source). */
export function mountSource(values: Readonly<Record<string, ParameterValue>>): MountSource {
  return stringParameter(values, ROBOT_FRAMES_SOURCE) === "tf_static" ? "tf_static" : "params";
}

/** One frame: its parent and its pose in the parent (REP-103: x forward, y left, z up; yaw counter-clockwise). */
export const robotFrameFields: ParameterSchema = {
  parent: {
    type: "string",
    default: "",
    unit: "",
    description: "The frame it is fixed to: another robot_frames entry, or empty for the base frame (target_estimation's base_frame). A lidar's virtual beam: the lidar's frame, x, y, z 0, yaw the beam's bearing",
    ...ro,
  },
  x: { type: "double", default: 0, min: -10, max: 10, unit: "m", description: "Origin in the parent frame, forward", ...ro },
  y: { type: "double", default: 0, min: -10, max: 10, unit: "m", description: "Origin in the parent frame, left", ...ro },
  z: { type: "double", default: 0, min: -10, max: 10, unit: "m", description: "Origin in the parent frame, up (in the base frame: height above the floor; a ray sees only surfaces spanning its height)", ...ro },
  yaw: { type: "double", default: 0, min: -2 * Math.PI, max: 2 * Math.PI, unit: "rad", description: "Heading in the parent frame, counter-clockwise; a range sensor's ray is its frame's x axis", ...ro },
};

/** The nodes' `shared` entry: the block is set in a wildcard section, never in one node's block. */
export const robotFramesShared: Readonly<Record<string, string>> = {
  [ROBOT_FRAMES]: "laser_ranging and target_estimation must read the same robot frames (a virtual beam's bearing and the estimator's ray are one frame's yaw)",
};

/** The frames as written, in `robot_frames.names` order. */
export function robotFrameSpecs(values: Readonly<Record<string, ParameterValue>>): RobotFrameSpec[] {
  return groupInstances(values, ROBOT_FRAMES, robotFrameFields).map(({ name, fields }) => ({
    name,
    parent: stringParameter(fields, "parent"),
    x: numberParameter(fields, "x"),
    y: numberParameter(fields, "y"),
    z: numberParameter(fields, "z"),
    yaw: numberParameter(fields, "yaw"),
  }));
}

/** Every robot frame's pose in the base frame; throws naming the keys of an unknown parent or a loop. */
export function robotFramePoses(values: Readonly<Record<string, ParameterValue>>): Map<string, FramePose> {
  try {
    return framePosesInBase(robotFrameSpecs(values));
  } catch (error) {
    throw new Error(`${ROBOT_FRAMES}: ${(error as Error).message} (robot_frames.<frame>.parent)`);
  }
}

/**
 * The frame a key names, as written in the robot_frames block; throws naming `key` and the
 * listed frames when it is not one.
 */
export function robotFrame(values: Readonly<Record<string, ParameterValue>>, frame: string, key: string): RobotFrameSpec {
  const specs = robotFrameSpecs(values);
  const spec = specs.find((s) => s.name === frame);
  if (spec !== undefined) return spec;
  const names = specs.map((s) => s.name);
  throw new Error(`${key} = ${formatValue(frame)} is not in ${ROBOT_FRAMES}.names = ${formatValue(names)}${didYouMean(frame, names)}: every mount is a robot frame (a \`/**:\` block robot_frames.<frame>: parent, x, y, z, yaw)`);
}

/** A frame's pose in the base frame (see robotFrame for the refusal). */
export function robotFramePose(values: Readonly<Record<string, ParameterValue>>, frame: string, key: string): FramePose {
  robotFrame(values, frame, key);
  const pose = robotFramePoses(values).get(frame);
  if (pose === undefined) throw new Error(`${key} = ${formatValue(frame)}: no pose resolved`);
  return pose;
}

/**
 * The message for a mount key the nodes took before the robot_frames block (`what` it held):
 * where its value lives now, as a did-you-mean naming the robot_frames key of `frame`.
 */
export function movedToRobotFrames(frame: string, axis: string, what: string): string {
  return `no longer taken: ${what} is the robot frame's (one robot_frames block in a \`/**:\` section, read by laser_ranging and target_estimation alike, so the two cannot disagree); did you mean '${ROBOT_FRAMES}.${frame}.${axis}'?`;
}
