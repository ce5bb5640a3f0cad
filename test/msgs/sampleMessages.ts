/**
 * One message of every type of src/msgs/types.ts, with the awkward values (NaN, +-Inf, empty and
 * fixed-size arrays, nested arrays of messages): the bag writer's and the CDR codec's tests.
 */
import { diagonalCovariance6, header, marker, planarPose, transformStamped } from "../../src/msgs/builders";
import type { MessageTypeName, MessageTypes } from "../../src/msgs/types";

// Every value is exact in float32, so a float32 field reads back equal.
const stamp = header(1_700_000_000.25, "laser");
export const SAMPLE_MESSAGES: { [K in MessageTypeName]: MessageTypes[K] } = {
  "sensor_msgs/msg/LaserScan": {
    header: stamp,
    angle_min: -1.5,
    angle_max: 1.5,
    angle_increment: 0.5,
    time_increment: 0.0001220703125,
    scan_time: 0.125,
    range_min: 0.015625,
    range_max: 12,
    ranges: new Float32Array([1.5, Infinity, -Infinity, NaN, 3.25]),
    intensities: new Float32Array([200, 0, 0, 0, 100]),
  },
  "sensor_msgs/msg/Range": { header: header(3.5, "left_link"), radiation_type: 1, field_of_view: 0.03125, min_range: 0.0625, max_range: 12, range: 3.984375 },
  "sensor_msgs/msg/JointState": { header: header(4, ""), name: ["flywheel_joint"], position: [12.5], velocity: [412.25], effort: [] },
  "geometry_msgs/msg/PointStamped": { header: header(5, "laser"), point: { x: 1.1, y: -2.2, z: 3.3 } },
  "geometry_msgs/msg/PoseWithCovarianceStamped": {
    header: header(6, "map"),
    pose: { pose: planarPose(1, 2, 0.3), covariance: diagonalCovariance6([0.01, 0.02, 1e6, 1e6, 1e6, 0.003]) },
  },
  "nav_msgs/msg/Odometry": {
    header: header(7, "odom"),
    child_frame_id: "base_link",
    pose: { pose: planarPose(-1, 0.5, -2), covariance: diagonalCovariance6([1, 2, 3, 4, 5, 6]) },
    twist: { twist: { linear: { x: 0.5, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0.1 } }, covariance: new Float64Array(36) },
  },
  "tf2_msgs/msg/TFMessage": {
    transforms: [
      transformStamped(7.5, "map", "odom", { x: 0.25, y: -1.5, yaw: 0.5 }),
      transformStamped(7.5, "base_link", "laser", { x: 0.2, y: 0, z: 0.05, yaw: -2.25 }),
    ],
  },
  "std_msgs/msg/Bool": { data: true },
  "std_msgs/msg/Float64": { data: 1.0471975511965976 },
  "std_msgs/msg/Float64MultiArray": { layout: { dim: [{ label: "joints", size: 1, stride: 1 }], data_offset: 0 }, data: [412.5] },
  "visualization_msgs/msg/MarkerArray": {
    markers: [marker({ header: header(8, "map"), ns: "court", id: 3, type: 4, points: [{ x: 1, y: 2, z: 0 }], text: "fence" })],
  },
  "diagnostic_msgs/msg/DiagnosticArray": {
    header: header(9, ""),
    status: [{ level: 1, name: "sim: flywheel", message: "spinning up", hardware_id: "", values: [{ key: "speed", value: "412" }] }],
  },
  "rosgraph_msgs/msg/Clock": { clock: { sec: 10, nanosec: 5 } },
};

/** Typed arrays as plain arrays, so a Float64Array and a number[] of the same values compare equal. */
export function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}
