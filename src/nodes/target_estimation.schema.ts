import { courtRules, courtSchema } from "../core/court/courtSchema";
import type { StartRegion } from "../core/estimation/globalInitializer";
import type { LockoutRecoveryOptions } from "../core/estimation/lockoutRecovery";
import { DEFAULT_POSE_EKF_OPTIONS as EKF_DEFAULTS, type PoseEkfOptions } from "../core/estimation/poseEkf";
import type { SensorMount } from "../core/court/rayCaster";
import type { RangeNoiseModel } from "../core/estimation/rangeSigma";
import { groupInstances, orderedPair, type ParameterDescriptor, type ParameterRule, type ParameterSchema, type ParameterValue } from "../core/parameters/schema";
import { resolveParamsFiles } from "../runtime/paramsFile";
import type { ParameterValues } from "../runtime/port";
import { diagnosticsPeriodParameter } from "./common";
import { numberArrayParameter, numberParameter, stringParameter } from "../core/parameters/readers";
import { movedToRobotFrames, robotFramePose, robotFramePoses, robotFrameSpecs, robotFrameFields, robotFramesRules, robotFramesSchema, robotFramesShared, ROBOT_FRAMES, ROBOT_FRAMES_SOURCE } from "./robot_frames.schema";

const ro = { readOnly: true } as const;
const metres = (value: number, description: string, min = -20, max = 20): ParameterDescriptor => ({ type: "double", default: value, unit: "m", min, max, description, ...ro });
const radians = (value: number, description: string): ParameterDescriptor => ({ type: "double", default: value, unit: "rad", min: -2 * Math.PI, max: 2 * Math.PI, description, ...ro });

/** target_estimation's fixed parameters: its own, plus the court map (court_abu2025.yaml). */
export const targetEstimationSchema: ParameterSchema = {
  ...courtSchema,
  ...robotFramesSchema,
  diagnostics_period: diagnosticsPeriodParameter,
  map_frame: { type: "string", default: "map", unit: "", description: "The court frame (REP-105 map)", ...ro },
  launcher_frame: { type: "string", default: "launcher", unit: "", description: "frame_id of target/estimate; published as a mount (launcher.*) of base_frame", ...ro },
  base_frame: { type: "string", default: "base_link", unit: "", description: "The robot's body frame (REP-105 base_link): the parent of every robot_frames entry whose parent is empty, and of the launcher", ...ro },
  odom_frame: { type: "string", default: "odom", unit: "", description: "The odometry's frame (REP-105 odom): with odometry.enabled the pose is published as map_frame -> odom_frame", ...ro },
  publish_tf: {
    type: "bool",
    default: true,
    unit: "",
    description:
      "Publish the pose estimate on /tf: map_frame -> odom_frame with odometry.enabled (from the odometry's pose; the base's driver publishes odom -> base), else map_frame -> base_frame, while the estimate is valid (a stale one keeps the last map -> odom). false where another localizer publishes map -> odom",
    ...ro,
  },
  publish_mount_tf: {
    type: "bool",
    default: true,
    unit: "",
    description: "Publish each robot_frames entry (its parent, or base_frame, -> it) and base_frame -> launcher_frame on /tf_static. false where a URDF (robot_state_publisher) publishes them",
    ...ro,
  },
  publish_period: { type: "double", default: 0.02, min: 0.001, max: 1, unit: "s", description: "Period of target/estimate and estimation/robot_pose", ...ro },
  markers_period: { type: "double", default: 0.5, min: 0.01, max: 60, unit: "s", description: "Period of the rviz markers on estimation/markers", ...ro },
  stale_timeout: { type: "double", default: 0.5, min: 0.01, max: 60, unit: "s", description: "No accepted correction for this long marks the estimate stale (covariance[0] = -1)" },
  "launcher.x": metres(0.0, "Launcher (release point) position in base_link, forward"),
  "launcher.y": metres(0.0, "Launcher position in base_link, left"),
  "launcher.z": metres(1.0, "Release point height above the floor", 0, 5),
  "launcher.yaw": radians(0.0, "Launcher heading in base_link"),
  "init.mode": { type: "string", default: "search", choices: ["pose", "search"], unit: "", description: "Start from init.x/y/yaw, or search the start region (init.region.*) with the first ranges", ...ro },
  "init.x": metres(0.0, "Start pose x on the court (init.mode pose)"),
  "init.y": metres(0.0, "Start pose y on the court (init.mode pose)"),
  "init.yaw": radians(0.0, "Start heading on the court (init.mode pose), and the centre of the start region's headings"),
  "init.sigma_xy": { type: "double", default: 0.3, min: 1e-4, max: 20, unit: "m", description: "Standard deviation of the start position", ...ro },
  "init.sigma_yaw": { type: "double", default: 0.2, min: 1e-4, max: 4, unit: "rad", description: "Standard deviation of the start heading", ...ro },
  "init.region.x_min": metres(0.0, "Start region (searched at start and after an integrity failure): smallest x; with the heading limit it excludes the court's 180 degree twin"),
  "init.region.x_max": metres(4.0, "Start region: largest x (clipped to the court; at least 1.9 m in front of the rim: shots are taken from 2-7 m)"),
  "init.region.y_min": metres(-4.0, "Start region: smallest y"),
  "init.region.y_max": metres(4.0, "Start region: largest y"),
  "init.region.yaw_half_width": { type: "double", default: 1.5708, min: 0.01, max: Math.PI, unit: "rad", description: "Start region: headings within this of init.yaw (pi: any heading)", ...ro },
  "init.max_start_sigma": { type: "double", default: 0.05, min: 1e-4, max: 10, unit: "m", description: "A start's worst-determined direction of (x, y, yaw at a 1 m lever) must be known to this standard deviation (the information matrix's smallest eigenvalue)", ...ro },
  "init.batch_period": { type: "double", default: 0.3, min: 0.01, max: 10, unit: "s", description: "Ranges collected over this long form the search's batch", ...ro },
  search_steps_per_callback: { type: "integer", default: 8, min: 1, max: 100000, unit: "1", description: "Search work per sensor callback (start search and lock-out search): one step is one column of the coarse grid at one heading, or one pose tried by the Gauss-Newton refinement; `npm run bench` prints the worst callback", ...ro },
  "integrity.window": { type: "integer", default: 20, min: 2, max: 10000, unit: "1", description: "Corrections per input in the windowed NIS test (a gated one counted at the gate); integrity.min_failing_inputs failing windows at once mark the estimate suspect (published stale) and start a re-search", ...ro },
  "integrity.min_failing_inputs": { type: "integer", default: 2, min: 1, max: 100, unit: "1", description: "Inputs whose windows must fail together for the estimate to be suspect (one alone is an obstacle in its ray: the lock-out recovery's business)", ...ro },
  "integrity.hoop_seen_timeout": { type: "double", default: 1.0, min: 0, max: 60, unit: "s", description: "With detection.enabled, target/estimate is published stale unless a pole detection agreed with the map within this long (0: off): a hoop not seen where the map puts it is not shot at" },
  "integrity.max_speed": { type: "double", default: 0.3, min: 0, max: 10, unit: "m/s", description: "The windowed NIS test judges corrections only while the estimated speed is at most this (driving fast widens the innovations beyond the model: latency, stamp lag)", ...ro },
  "integrity.max_yaw_rate": { type: "double", default: 0.3, min: 0, max: 20, unit: "rad/s", description: "... and the estimated yaw rate at most this", ...ro },
  "integrity.min_full_windows": { type: "integer", default: 3, min: 1, max: 100, unit: "1", description: "After a start or re-search the estimate is published stale until this many inputs (or every input heard from, when fewer report) have a full window that passes the test (a lucky batch is not trusted on its own)", ...ro },
  "integrity.nis_z": { type: "double", default: 4.264891, min: 0.5, max: 10, unit: "1", description: "Standard normal quantile of each input's windowed NIS test (4.264891: one false alarm in 100 000 full windows of a consistent filter)", ...ro },
  "odometry.enabled": { type: "bool", default: true, unit: "", description: "Predict with `odom` (nav_msgs/Odometry twist) when it arrives; constant velocity otherwise", ...ro },
  "odometry.sigma_linear": { type: "double", default: 0.05, min: 1e-6, max: 10, unit: "m/s", description: "Twist standard deviation used when the odometry message's covariance is zero", ...ro },
  "odometry.sigma_angular": { type: "double", default: 0.05, min: 1e-6, max: 10, unit: "rad/s", description: "Yaw-rate standard deviation used when the odometry covariance is zero", ...ro },
  "ekf.process_noise": { type: "double_array", default: [...EKF_DEFAULTS.processNoise], length: 6, min: 0, max: 1e6, unit: "state^2/s", description: "Variance added per second to x [m], y [m], yaw [rad], vx, vy [m/s], yaw rate [rad/s]", ...ro },
  "ekf.motion_process_noise": {
    type: "double_array",
    default: [...EKF_DEFAULTS.motionProcessNoise],
    length: 6,
    min: 0,
    max: 1e6,
    unit: "m^2/m, rad^2/m, m^2/rad, rad^2/rad",
    description: "Pose variance added per metre driven (x, y, yaw) and per radian turned (x, y, yaw): odometry errs as the wheels turn",
    ...ro,
  },
  "ekf.odometry_scale_sigma": { type: "double", default: EKF_DEFAULTS.odometryScaleSigma, min: 0, max: 0.5, unit: "1", description: "1-sigma of the wheel odometry's scale error at start, estimated as a state (0: take odometry at its word)", ...ro },
  "ekf.odometry_scale_noise": { type: "double", default: EKF_DEFAULTS.odometryScaleNoise, min: 0, max: 1, unit: "1/s", description: "Variance added to the odometry scale per second (tyres wear and warm)", ...ro },
  "ekf.covariance_floor": { type: "double_array", default: [...EKF_DEFAULTS.covarianceFloor], length: 6, min: 1e-300, max: 1, unit: "state^2", description: "Smallest variance of x, y, yaw, vx, vy, yaw rate after every step", ...ro },
  "ekf.range_gate": { type: "double", default: EKF_DEFAULTS.rangeGate, min: 0.1, max: 1e6, unit: "1", description: "Mahalanobis gate of a range (chi-square 1 dof; 6.63 = 99 %)" },
  "ekf.detection_gate": { type: "double", default: EKF_DEFAULTS.detectionGate, min: 0.1, max: 1e6, unit: "1", description: "Mahalanobis gate of a detection (chi-square 2 dof; 9.21 = 99 %)" },
  "ekf.range_bias": {
    type: "string",
    default: "independent",
    choices: ["independent", "consider", "estimate"],
    unit: "",
    description:
      "Each range input's systematic error (range_inputs.<name>.systematic_sigma, and relative_sigma beyond relative_beyond): independent: fused as if it were noise (it averages down over readings); consider: a bias per input the covariance carries, not estimated (Schmidt-Kalman); estimate: a bias per input the filter estimates. Set consider for sensors whose error does not average out (a TFmini's 1 % beyond 6 m)",
    ...ro,
  },
  "ekf.max_stamp_lag": { type: "double", default: EKF_DEFAULTS.maxStampLag, min: 0, max: 1, unit: "s", description: "A measurement stamped up to this much before the filter time is applied now; older ones are rejected", ...ro },
  "ekf.lockout_gated": { type: "integer", default: 15, min: 1, max: 100000, unit: "1", description: "This many corrections of one input in a row that disagree with the pose (gated, or its ray misses the map) mean a lock-out: search the latest ranges for a better pose nearby, widen the pose, or name the input (docs/design-notes.md)" },
  "ekf.lockout_search_xy": { type: "double", default: 0.3, min: 0, max: 5, unit: "m", description: "Half-width in x and y of the window searched around the pose on a lock-out" },
  "ekf.lockout_search_yaw": { type: "double", default: 0.3, min: 0, max: 3.2, unit: "rad", description: "Half-width in heading of the window searched around the pose on a lock-out" },
  "ekf.lockout_max_reading_age": { type: "double", default: 0.5, min: 0, max: 10, unit: "s", description: "Lock-out: readings at most this old join a search, inputs heard within it vote on whether the pose moved, and searches are at least this far apart" },
  "ekf.lockout_inflation_xy": { type: "double", default: 0.15, min: 0, max: 10, unit: "m", description: "Standard deviation added to x and y when every input is gated and the search found no better pose" },
  "ekf.lockout_inflation_yaw": { type: "double", default: 0.05, min: 0, max: 3.2, unit: "rad", description: "Standard deviation added to yaw when every input is gated and the search found no better pose" },
  "detection.enabled": { type: "bool", default: true, unit: "", description: "Fuse ranging/target (the pole seen by the lidar) as range and bearing", ...ro },
  "detection.topic": { type: "string", default: "ranging/target", unit: "", description: "geometry_msgs/PointStamped input", ...ro },
  "detection.frame_id": { type: "string", default: "laser", unit: "", description: "The lidar's frame (its scans' and ranging/target's frame_id): a robot_frames entry, where the lidar is mounted", ...ro },
  "detection.sigma_range": { type: "double", default: 0.02, min: 1e-5, max: 10, unit: "m", description: "Standard deviation of the detected pole's range", ...ro },
  "detection.sigma_bearing": { type: "double", default: 0.01, min: 1e-6, max: 1, unit: "rad", description: "Standard deviation of the detected pole's bearing", ...ro },
  "range_inputs.names": { type: "string_array", default: [], unit: "", description: "Range inputs (single-point sensors and lidar virtual beams), each mounted at its frame (range_inputs.<name>.frame_id)", ...ro },
};

/** One block per range input (its frame, topic and noise), and the robot's frames. */
export const targetEstimationGroups: Readonly<Record<string, ParameterSchema>> = {
  [ROBOT_FRAMES]: robotFrameFields,
  range_inputs: {
    topic: { type: "string", optional: true, unit: "", description: "sensor_msgs/Range topic (default ranging/<name>)", ...ro },
    frame_id: {
      type: "string",
      optional: true,
      unit: "",
      description: "The frame its readings carry (default <name>_link; laser_ranging stamps a virtual beam with virtual_beams.<name>.frame_id): a robot_frames entry, whose origin is the ray's and whose x axis its direction",
      ...ro,
    },
    sigma: { type: "double", default: 0.005, min: 1e-5, max: 10, unit: "m", description: "Standard deviation of a reading", ...ro },
    relative_sigma: { type: "double", default: 0, min: 0, max: 1, unit: "1", description: "Extra relative standard deviation beyond relative_beyond (TFmini: 0.01 beyond 6 m)", ...ro },
    relative_beyond: { type: "double", default: 0, min: 0, max: 100, unit: "m", description: "Range beyond which relative_sigma applies", ...ro },
    systematic_sigma: {
      type: "double",
      default: 0,
      min: 0,
      max: 10,
      unit: "m",
      description: "The part of sigma that stays the same from reading to reading (the map's error where the ray lands, the mount's): the windowed integrity test does not expect it to average out. At most sigma",
      ...ro,
    },
    sees: { type: "string", default: "all", choices: ["all", "lines"], unit: "", description: "What the input reports: the first surface along its ray (all: a single-point laser), or the first straight one (lines: a lidar virtual beam fits a line, and a pole in its window is an outlier to it)", ...ro },
  },
};

/** What the schema cannot say key by key: the court's own rules, and the start region's ends in order. */
export const targetEstimationRules: readonly ParameterRule[] = [
  ...courtRules,
  orderedPair("init.region.x_min", "init.region.x_max", false, "the start region"),
  orderedPair("init.region.y_min", "init.region.y_max", false, "the start region"),
  ...robotFramesRules,
  {
    // With mounts from /tf_static, the node would read back the transforms it published itself.
    keys: [ROBOT_FRAMES_SOURCE, "publish_mount_tf"],
    check: (v) =>
      v[ROBOT_FRAMES_SOURCE] === "tf_static" && v.publish_mount_tf === true
        ? `tf_static with 'publish_mount_tf' = true: target_estimation would take its mounts from the transforms it publishes itself; set publish_mount_tf: false (the URDF's robot_state_publisher, or static_transform_publisher, publishes them), or ${ROBOT_FRAMES_SOURCE}: params`
        : undefined,
  },
];

/** Per range input: the systematic part of its noise is a part of sigma (noiseModel refuses more). */
export const targetEstimationGroupRules: Readonly<Record<string, readonly ParameterRule[]>> = {
  range_inputs: [
    {
      keys: ["systematic_sigma", "sigma"],
      check: (v) => {
        const systematic = v.systematic_sigma;
        const sigma = v.sigma;
        if (typeof systematic !== "number" || typeof sigma !== "number" || systematic <= sigma) return undefined;
        return `above its 'sigma' = ${sigma}: it is the part of sigma that does not average out`;
      },
    },
  ],
};

/**
 * Filter options from target_estimation's resolved parameters (`ekf.process_noise`, ...; resolved
 * against targetEstimationSchema, so every key is present): what the node and the benchmark build
 * their filter from. Throws naming a key that is missing or of the wrong type; PoseEkf's
 * constructor checks the ranges. The ekf.lockout_* keys are LockoutRecovery's (lockoutOptionsFromParameters).
 */
export function poseEkfOptionsFromParameters(values: Readonly<Record<string, unknown>>): PoseEkfOptions {
  return {
    processNoise: numberArrayParameter(values, "ekf.process_noise"),
    motionProcessNoise: numberArrayParameter(values, "ekf.motion_process_noise"),
    odometryScaleSigma: numberParameter(values, "ekf.odometry_scale_sigma"),
    odometryScaleNoise: numberParameter(values, "ekf.odometry_scale_noise"),
    covarianceFloor: numberArrayParameter(values, "ekf.covariance_floor"),
    rangeGate: numberParameter(values, "ekf.range_gate"),
    detectionGate: numberParameter(values, "ekf.detection_gate"),
    maxStampLag: numberParameter(values, "ekf.max_stamp_lag"),
    ...rangeBiasOptions(values),
  };
}

/** The filter's range biases (ekf.range_bias): none when independent, else each range input's noise model, input i the i-th of range_inputs.names. */
function rangeBiasOptions(values: Readonly<Record<string, unknown>>): Pick<PoseEkfOptions, "rangeBiases" | "estimateRangeBiases"> {
  const mode = stringParameter(values, "ekf.range_bias");
  if (mode === "independent") return { rangeBiases: [], estimateRangeBiases: false };
  if (mode !== "consider" && mode !== "estimate") throw new Error(`ekf.range_bias must be independent, consider or estimate, got ${mode}`);
  // The range inputs' blocks, as parameter values (the other keys are the caller's to check).
  const parameters: Record<string, ParameterValue> = {};
  for (const [key, value] of Object.entries(values)) if (isParameterValue(value)) parameters[key] = value;
  return { rangeBiases: rangeInputsFromParameters(parameters).map((input) => input.noise), estimateRangeBiases: mode === "estimate" };
}

function isParameterValue(value: unknown): value is ParameterValue {
  if (typeof value === "boolean" || typeof value === "number" || typeof value === "string") return true;
  return Array.isArray(value) && (value.every((v) => typeof v === "boolean") || value.every((v) => typeof v === "number") || value.every((v) => typeof v === "string"));
}

/** LockoutRecovery's options from target_estimation's resolved parameters (`ekf.lockout_*`). */
export function lockoutOptionsFromParameters(values: Readonly<Record<string, unknown>>): LockoutRecoveryOptions {
  const xy = numberParameter(values, "ekf.lockout_inflation_xy") ** 2;
  return {
    gatedInARow: numberParameter(values, "ekf.lockout_gated"),
    inflation: [xy, xy, numberParameter(values, "ekf.lockout_inflation_yaw") ** 2],
    searchHalfWidth: numberParameter(values, "ekf.lockout_search_xy"),
    searchHalfYaw: numberParameter(values, "ekf.lockout_search_yaw"),
    maxReadingAge: numberParameter(values, "ekf.lockout_max_reading_age"),
    stepsPerCall: numberParameter(values, "search_steps_per_callback"),
  };
}

/** The start region (`init.region.*`, headings around `init.yaw`). */
export function startRegionFromParameters(values: ParameterValues): StartRegion {
  return {
    xMin: numberParameter(values, "init.region.x_min"),
    xMax: numberParameter(values, "init.region.x_max"),
    yMin: numberParameter(values, "init.region.y_min"),
    yMax: numberParameter(values, "init.region.y_max"),
    yawCentre: numberParameter(values, "init.yaw"),
    yawHalfWidth: numberParameter(values, "init.region.yaw_half_width"),
  };
}

/**
 * A mount the node moves in place when /tf_static changes it (robot_frames.source tf_static):
 * every measurement holding it follows.
 */
export type MovableMount = { -readonly [K in keyof SensorMount]: SensorMount[K] };

/** One range input (`range_inputs.<name>.*`): a single-point sensor or a lidar virtual beam. */
export interface RangeInput {
  readonly name: string;
  readonly topic: string;
  /** The robot frame its readings carry: its ray starts at the frame's origin along its x axis. */
  readonly frameId: string;
  readonly mount: MovableMount;
  readonly noise: RangeNoiseModel;
}

/**
 * The range inputs `range_inputs.names` lists, from target_estimation's resolved parameters (every
 * field present but the optional topic and frame_id, which default to ranging/<name> and
 * <name>_link), each mounted at its robot frame's pose in the base frame. Throws naming
 * `range_inputs.<name>.frame_id` when that is not a robot frame.
 */
export function rangeInputsFromParameters(values: ParameterValues): RangeInput[] {
  return groupInstances(values, "range_inputs", targetEstimationGroups.range_inputs ?? {}).map(({ name, fields }) => {
    const frameId = typeof fields.frame_id === "string" ? fields.frame_id : `${name}_link`;
    const pose = robotFramePose(values, frameId, `range_inputs.${name}.frame_id`);
    return {
      name,
      topic: typeof fields.topic === "string" ? fields.topic : `ranging/${name}`,
      frameId,
      mount: { ...pose, sees: fields.sees === "lines" ? "lines" : "all" },
      noise: noiseModel(name, fields),
    };
  });
}

/** A range input's noise model; systematic_sigma must not exceed sigma (it is a part of it). */
function noiseModel(name: string, fields: ParameterValues): RangeNoiseModel {
  const sigma = numberParameter(fields, "sigma");
  const systematicSigma = numberParameter(fields, "systematic_sigma");
  if (systematicSigma > sigma) throw new Error(`range_inputs.${name}.systematic_sigma (${systematicSigma} m) must not exceed its sigma (${sigma} m): it is the part of sigma that does not average out`);
  return { sigma, relativeSigma: numberParameter(fields, "relative_sigma"), relativeBeyond: numberParameter(fields, "relative_beyond"), systematicSigma };
}

/** One static transform of the robot: `frame` in `parent`, and the parameters it comes from. */
export interface MountFrame {
  readonly frame: string;
  readonly parent: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly yaw: number;
  readonly source: string;
}

/**
 * The frames fixed to the robot, as /tf_static carries them: each robot_frames entry in its
 * parent (base_frame for an empty parent), as written, and the launcher (launcher_frame at
 * launcher.*) in base_frame. Refused: a frame that is base_frame, map_frame or odom_frame (tf2
 * cannot give one frame two parents), a launcher_frame that is a robot frame, and a robot_frames
 * block whose parents leave the tree (robotFramePoses).
 */
export function mountFramesFromParameters(values: ParameterValues): MountFrame[] {
  robotFramePoses(values);
  const baseFrame = stringParameter(values, "base_frame");
  const frames: MountFrame[] = robotFrameSpecs(values).map((spec) => ({ frame: spec.name, parent: spec.parent === "" ? baseFrame : spec.parent, x: spec.x, y: spec.y, z: spec.z, yaw: spec.yaw, source: `${ROBOT_FRAMES}.names` }));
  const launcherFrame = stringParameter(values, "launcher_frame");
  if (launcherFrame !== "") {
    if (frames.some((f) => f.frame === launcherFrame)) throw new Error(`launcher_frame "${launcherFrame}" is also in ${ROBOT_FRAMES}.names: the launcher is mounted at launcher.*, so give it a frame of its own`);
    frames.push({ frame: launcherFrame, parent: baseFrame, x: numberParameter(values, "launcher.x"), y: numberParameter(values, "launcher.y"), z: numberParameter(values, "launcher.z"), yaw: numberParameter(values, "launcher.yaw"), source: "launcher_frame" });
  }
  const robotFrames = new Map(["base_frame", "map_frame", "odom_frame"].map((key) => [stringParameter(values, key), key]));
  for (const mount of frames) {
    const clash = robotFrames.get(mount.frame);
    if (clash !== undefined) throw new Error(`${mount.source} names "${mount.frame}", which is ${clash}: a sensor needs a frame of its own`);
  }
  return frames;
}

/** The lidar's mount in the base frame: the pose of the robot frame `detection.frame_id` names. */
export function detectionMountFromParameters(values: ParameterValues): MovableMount {
  return { ...robotFramePose(values, stringParameter(values, "detection.frame_id"), "detection.frame_id") };
}

/** The mount keys target_estimation took before the robot_frames block: refused with where each lives now. */
export function retiredTargetEstimationKey(key: string, given: Readonly<Record<string, unknown>>): string | undefined {
  const detection = /^detection\.mount_(x|y|z|yaw)$/.exec(key);
  if (detection !== null) {
    const frame = typeof given["detection.frame_id"] === "string" ? given["detection.frame_id"] : "laser";
    return movedToRobotFrames(frame, detection[1] ?? "x", `the lidar's mount (detection.frame_id = "${frame}")`);
  }
  const input = /^range_inputs\.([^.]+)\.mount_(x|y|z|yaw)$/.exec(key);
  if (input !== null) {
    const frameKey = `range_inputs.${input[1] ?? ""}.frame_id`;
    const frame = typeof given[frameKey] === "string" ? given[frameKey] : `${input[1] ?? ""}_link`;
    return movedToRobotFrames(frame, input[2] ?? "x", `a range input's mount (${frameKey} = "${frame}")`);
  }
  return undefined;
}

/** target_estimation's `shared` heads (the robot_frames block). */
export const targetEstimationShared = robotFramesShared;

/** target_estimation's parameters from params files, resolved against its schema as the node resolves them. */
export function targetEstimationParametersFromFiles(files: readonly string[]): ParameterValues {
  return resolveParamsFiles({ schema: targetEstimationSchema, groups: targetEstimationGroups, rules: targetEstimationRules, groupRules: targetEstimationGroupRules, shared: targetEstimationShared, retired: retiredTargetEstimationKey }, files, "target_estimation");
}
