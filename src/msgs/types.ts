/**
 * TypeScript shapes of the standard ROS 2 messages this package uses, as rclnodejs delivers them
 * (float32[] as Float32Array, float64[] as Float64Array, fixed-size float64[36] as Float64Array).
 * rclnodejs generates these from a ROS install; a machine without ROS has none, so they live here.
 * Only standard interfaces: any stock ROS 2 install, rviz2 and `ros2 bag` understand every topic.
 */

export interface Time {
  /** [s] */
  sec: number;
  /** [ns], 0 <= nanosec < 1e9 */
  nanosec: number;
}
export type Duration = Time;

export interface Header {
  stamp: Time;
  frame_id: string;
}

// sensor_msgs
export interface LaserScan {
  header: Header;
  /** [rad] */
  angle_min: number;
  /** [rad] */
  angle_max: number;
  /** [rad] */
  angle_increment: number;
  /** [s] */
  time_increment: number;
  /** [s] */
  scan_time: number;
  /** [m] */
  range_min: number;
  /** [m] */
  range_max: number;
  /** [m], REP-117: NaN invalid, -Inf too close, +Inf no return */
  ranges: Float32Array | number[];
  intensities: Float32Array | number[];
}

export const RangeRadiationType = { ULTRASOUND: 0, INFRARED: 1 } as const;

export interface Range {
  header: Header;
  /** 0 ultrasound, 1 infrared (lasers report infrared) */
  radiation_type: number;
  /** [rad] full cone angle */
  field_of_view: number;
  /** [m] */
  min_range: number;
  /** [m] */
  max_range: number;
  /** [m], REP-117 */
  range: number;
}

export interface JointState {
  header: Header;
  name: string[];
  /** [rad] */
  position: Float64Array | number[];
  /** [rad/s] */
  velocity: Float64Array | number[];
  /** [N m] or [V] for a motor bridge that reports voltage */
  effort: Float64Array | number[];
}

// geometry_msgs
export interface Vector3 {
  x: number;
  y: number;
  z: number;
}
export type Point = Vector3;
export interface Quaternion {
  x: number;
  y: number;
  z: number;
  w: number;
}
export interface Pose {
  position: Point;
  orientation: Quaternion;
}
export interface PoseWithCovariance {
  pose: Pose;
  /** row-major 6x6 over (x, y, z, rot x, rot y, rot z) */
  covariance: Float64Array | number[];
}
export interface Twist {
  /** [m/s] */
  linear: Vector3;
  /** [rad/s] */
  angular: Vector3;
}
export interface TwistWithCovariance {
  twist: Twist;
  covariance: Float64Array | number[];
}
export interface PointStamped {
  header: Header;
  point: Point;
}
export interface PoseWithCovarianceStamped {
  header: Header;
  pose: PoseWithCovariance;
}
export interface Transform {
  /** [m] */
  translation: Vector3;
  rotation: Quaternion;
}
/** The pose of `child_frame_id` in `header.frame_id` (tf2: the transform from child to parent). */
export interface TransformStamped {
  header: Header;
  child_frame_id: string;
  transform: Transform;
}

// tf2_msgs
/** What /tf and /tf_static carry. */
export interface TFMessage {
  transforms: TransformStamped[];
}

// nav_msgs
export interface Odometry {
  header: Header;
  child_frame_id: string;
  pose: PoseWithCovariance;
  twist: TwistWithCovariance;
}

// std_msgs
export interface Bool {
  data: boolean;
}
export interface Float64 {
  data: number;
}
export interface MultiArrayDimension {
  label: string;
  size: number;
  stride: number;
}
export interface MultiArrayLayout {
  dim: MultiArrayDimension[];
  data_offset: number;
}
export interface Float64MultiArray {
  layout: MultiArrayLayout;
  data: Float64Array | number[];
}
export interface ColorRGBA {
  r: number;
  g: number;
  b: number;
  a: number;
}

// visualization_msgs
export const MarkerType = {
  ARROW: 0,
  CUBE: 1,
  SPHERE: 2,
  CYLINDER: 3,
  LINE_STRIP: 4,
  LINE_LIST: 5,
  SPHERE_LIST: 7,
  TEXT_VIEW_FACING: 9,
} as const;
export const MarkerAction = { ADD: 0, DELETE: 2, DELETEALL: 3 } as const;

export interface Marker {
  header: Header;
  ns: string;
  id: number;
  type: number;
  action: number;
  pose: Pose;
  scale: Vector3;
  color: ColorRGBA;
  lifetime: Duration;
  frame_locked: boolean;
  points: Point[];
  colors: ColorRGBA[];
  text: string;
  mesh_resource: string;
  mesh_use_embedded_materials: boolean;
}
export interface MarkerArray {
  markers: Marker[];
}

// diagnostic_msgs
export const DiagnosticLevel = { OK: 0, WARN: 1, ERROR: 2, STALE: 3 } as const;
export type DiagnosticLevelValue = (typeof DiagnosticLevel)[keyof typeof DiagnosticLevel];
export interface KeyValue {
  key: string;
  value: string;
}
export interface DiagnosticStatus {
  level: number;
  name: string;
  message: string;
  hardware_id: string;
  values: KeyValue[];
}
export interface DiagnosticArray {
  header: Header;
  status: DiagnosticStatus[];
}

// rosgraph_msgs
export interface Clock {
  clock: Time;
}

// std_srvs
export type TriggerRequest = Record<string, never>;
export interface TriggerResponse {
  success: boolean;
  message: string;
}
export interface SetBoolRequest {
  data: boolean;
}
export interface SetBoolResponse {
  success: boolean;
  message: string;
}

/** Every message type a node of this package may publish or subscribe, by its ROS 2 name. */
export interface MessageTypes {
  "sensor_msgs/msg/LaserScan": LaserScan;
  "sensor_msgs/msg/Range": Range;
  "sensor_msgs/msg/JointState": JointState;
  "geometry_msgs/msg/PointStamped": PointStamped;
  "geometry_msgs/msg/PoseWithCovarianceStamped": PoseWithCovarianceStamped;
  "nav_msgs/msg/Odometry": Odometry;
  "tf2_msgs/msg/TFMessage": TFMessage;
  "std_msgs/msg/Bool": Bool;
  "std_msgs/msg/Float64": Float64;
  "std_msgs/msg/Float64MultiArray": Float64MultiArray;
  "visualization_msgs/msg/MarkerArray": MarkerArray;
  "diagnostic_msgs/msg/DiagnosticArray": DiagnosticArray;
  "rosgraph_msgs/msg/Clock": Clock;
}
export type MessageTypeName = keyof MessageTypes;

/** Every service type, by its ROS 2 name. */
export interface ServiceTypes {
  "std_srvs/srv/Trigger": { request: TriggerRequest; response: TriggerResponse };
  "std_srvs/srv/SetBool": { request: SetBoolRequest; response: SetBoolResponse };
}
export type ServiceTypeName = keyof ServiceTypes;
export type ServiceRequest<S extends ServiceTypeName> = ServiceTypes[S]["request"];
export type ServiceResponse<S extends ServiceTypeName> = ServiceTypes[S]["response"];
