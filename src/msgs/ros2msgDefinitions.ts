import type { MessageTypeName } from "./types";

/**
 * The .msg texts of every message this package publishes (ROS 2 Humble / Jazzy), by full ROS 2
 * name, and the complete `ros2msg` schema text rosbag2 stores for a type: the type's own text,
 * then each dependency after a line of 80 '=' and `MSG: pkg/msg/Type`
 * (rosbag2 docs/message_definition_encoding.md). Comments are left out; the layout is exact.
 */
const DEFINITIONS: Readonly<Record<string, string>> = {
  "builtin_interfaces/msg/Time": "int32 sec\nuint32 nanosec",
  "builtin_interfaces/msg/Duration": "int32 sec\nuint32 nanosec",
  "std_msgs/msg/Header": "builtin_interfaces/Time stamp\nstring frame_id",
  "std_msgs/msg/Bool": "bool data",
  "std_msgs/msg/Float64": "float64 data",
  "std_msgs/msg/ColorRGBA": "float32 r\nfloat32 g\nfloat32 b\nfloat32 a",
  "std_msgs/msg/MultiArrayDimension": "string label\nuint32 size\nuint32 stride",
  "std_msgs/msg/MultiArrayLayout": "MultiArrayDimension[] dim\nuint32 data_offset",
  "std_msgs/msg/Float64MultiArray": "MultiArrayLayout layout\nfloat64[] data",
  "sensor_msgs/msg/LaserScan": [
    "std_msgs/Header header",
    "float32 angle_min",
    "float32 angle_max",
    "float32 angle_increment",
    "float32 time_increment",
    "float32 scan_time",
    "float32 range_min",
    "float32 range_max",
    "float32[] ranges",
    "float32[] intensities",
  ].join("\n"),
  "sensor_msgs/msg/Range": [
    "std_msgs/Header header",
    "uint8 ULTRASOUND=0",
    "uint8 INFRARED=1",
    "uint8 radiation_type",
    "float32 field_of_view",
    "float32 min_range",
    "float32 max_range",
    "float32 range",
  ].join("\n"),
  "sensor_msgs/msg/JointState": "std_msgs/Header header\nstring[] name\nfloat64[] position\nfloat64[] velocity\nfloat64[] effort",
  "sensor_msgs/msg/CompressedImage": "std_msgs/Header header\nstring format\nuint8[] data",
  "geometry_msgs/msg/Vector3": "float64 x\nfloat64 y\nfloat64 z",
  "geometry_msgs/msg/Point": "float64 x\nfloat64 y\nfloat64 z",
  "geometry_msgs/msg/Quaternion": "float64 x 0\nfloat64 y 0\nfloat64 z 0\nfloat64 w 1",
  "geometry_msgs/msg/Pose": "Point position\nQuaternion orientation",
  "geometry_msgs/msg/PoseWithCovariance": "Pose pose\nfloat64[36] covariance",
  "geometry_msgs/msg/Twist": "Vector3 linear\nVector3 angular",
  "geometry_msgs/msg/TwistWithCovariance": "Twist twist\nfloat64[36] covariance",
  "geometry_msgs/msg/PointStamped": "std_msgs/Header header\nPoint point",
  "geometry_msgs/msg/PoseWithCovarianceStamped": "std_msgs/Header header\nPoseWithCovariance pose",
  "geometry_msgs/msg/Transform": "Vector3 translation\nQuaternion rotation",
  "geometry_msgs/msg/TransformStamped": "std_msgs/Header header\nstring child_frame_id\nTransform transform",
  "tf2_msgs/msg/TFMessage": "geometry_msgs/TransformStamped[] transforms",
  "nav_msgs/msg/Odometry": "std_msgs/Header header\nstring child_frame_id\ngeometry_msgs/PoseWithCovariance pose\ngeometry_msgs/TwistWithCovariance twist",
  "visualization_msgs/msg/UVCoordinate": "float32 u\nfloat32 v",
  "visualization_msgs/msg/MeshFile": "string filename\nuint8[] data",
  "visualization_msgs/msg/Marker": [
    "int32 ARROW=0",
    "int32 CUBE=1",
    "int32 SPHERE=2",
    "int32 CYLINDER=3",
    "int32 LINE_STRIP=4",
    "int32 LINE_LIST=5",
    "int32 CUBE_LIST=6",
    "int32 SPHERE_LIST=7",
    "int32 POINTS=8",
    "int32 TEXT_VIEW_FACING=9",
    "int32 MESH_RESOURCE=10",
    "int32 TRIANGLE_LIST=11",
    "int32 ADD=0",
    "int32 MODIFY=0",
    "int32 DELETE=2",
    "int32 DELETEALL=3",
    "std_msgs/Header header",
    "string ns",
    "int32 id",
    "int32 type",
    "int32 action",
    "geometry_msgs/Pose pose",
    "geometry_msgs/Vector3 scale",
    "std_msgs/ColorRGBA color",
    "builtin_interfaces/Duration lifetime",
    "bool frame_locked",
    "geometry_msgs/Point[] points",
    "std_msgs/ColorRGBA[] colors",
    "string texture_resource",
    "sensor_msgs/CompressedImage texture",
    "UVCoordinate[] uv_coordinates",
    "string text",
    "string mesh_resource",
    "MeshFile mesh_file",
    "bool mesh_use_embedded_materials",
  ].join("\n"),
  "visualization_msgs/msg/MarkerArray": "Marker[] markers",
  "diagnostic_msgs/msg/KeyValue": "string key\nstring value",
  "diagnostic_msgs/msg/DiagnosticStatus": [
    "byte OK=0",
    "byte WARN=1",
    "byte ERROR=2",
    "byte STALE=3",
    "byte level",
    "string name",
    "string message",
    "string hardware_id",
    "KeyValue[] values",
  ].join("\n"),
  "diagnostic_msgs/msg/DiagnosticArray": "std_msgs/Header header\nDiagnosticStatus[] status",
  "rosgraph_msgs/msg/Clock": "builtin_interfaces/Time clock",
};

const PRIMITIVES = new Set([
  "bool",
  "byte",
  "char",
  "int8",
  "uint8",
  "int16",
  "uint16",
  "int32",
  "uint32",
  "int64",
  "uint64",
  "float32",
  "float64",
  "string",
  "wstring",
]);

const DELIMITER = "=".repeat(80);

/** The .msg text of one type (its own fields only). Throws for a type this package does not know. */
export function ownDefinition(type: string): string {
  const text = DEFINITIONS[type];
  if (text === undefined) throw new Error(`no message definition for ${type}; known: ${Object.keys(DEFINITIONS).join(", ")}`);
  return text;
}

/**
 * The complex field types of `type` as rosbag2 names them: `pkg/Type` as the .msg text writes
 * it, or `<own package>/Type` for a bare name; sorted, as rosbag2 keeps them in a std::set.
 */
export function directDependencies(type: string): string[] {
  const pkg = type.split("/")[0] ?? "";
  const deps = new Set<string>();
  for (const line of ownDefinition(type).split("\n")) {
    const fieldType = (line.trim().split(/\s+/)[0] ?? "").replace(/\[[^\]]*\]$/, "");
    if (fieldType === "" || PRIMITIVES.has(fieldType)) continue;
    deps.add(fieldType.includes("/") ? fieldType : `${pkg}/${fieldType}`);
  }
  return [...deps].sort();
}

/** `pkg/Type` or `pkg/msg/Type` to the full ROS 2 name `pkg/msg/Type`. */
function fullName(type: string): string {
  const parts = type.split("/");
  return parts.length === 2 ? `${parts[0] ?? ""}/msg/${parts[1] ?? ""}` : type;
}

/**
 * The complete ros2msg schema text for a type, exactly as rosbag2's LocalMessageDefinitionSource
 * builds it: depth first, each dependency once, its delimiter naming it as the field did
 * (`MSG: std_msgs/Header`), the rosbag2 code's behaviour (its docs show `pkg/msg/Type`).
 */
export function ros2msgSchema(type: MessageTypeName): string {
  const seen = new Set<string>();
  const append = (t: string): string => {
    let text = ownDefinition(fullName(t));
    for (const dep of directDependencies(fullName(t))) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      text += `\n${DELIMITER}\nMSG: ${dep}\n${append(dep)}`;
    }
    return text;
  };
  return append(type);
}
