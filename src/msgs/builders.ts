import { timeFromSeconds } from "./time";
import type {
  ColorRGBA,
  DiagnosticStatus,
  DiagnosticLevelValue,
  Header,
  KeyValue,
  Marker,
  Pose,
  Quaternion,
  Range,
  TransformStamped,
} from "./types";
import { MarkerAction, RangeRadiationType } from "./types";

/** Header stamped at `seconds` [s] in `frameId`. */
export function header(seconds: number, frameId: string): Header {
  return { stamp: timeFromSeconds(seconds), frame_id: frameId };
}

/** Rotation about z by `yaw` [rad] (REP-103: counter-clockwise seen from above). */
export function quaternionFromYaw(yaw: number): Quaternion {
  return { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) };
}

/** Yaw [rad] in (-pi, pi] of a quaternion, ignoring roll and pitch. */
export function yawFromQuaternion(q: Quaternion): number {
  return Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
}

export function planarPose(x: number, y: number, yaw: number): Pose {
  return { position: { x, y, z: 0 }, orientation: quaternionFromYaw(yaw) };
}

/**
 * The pose of `child` in `parent` at `seconds` [s]: translation (x, y, z) [m] and a rotation about
 * z by `yaw` [rad] (every transform here is planar, as the court is).
 */
export function transformStamped(seconds: number, parent: string, child: string, pose: { readonly x: number; readonly y: number; readonly z?: number; readonly yaw: number }): TransformStamped {
  return {
    header: header(seconds, parent),
    child_frame_id: child,
    transform: { translation: { x: pose.x, y: pose.y, z: pose.z ?? 0 }, rotation: quaternionFromYaw(pose.yaw) },
  };
}

/** A 6x6 covariance (row-major) with the given diagonal. */
export function diagonalCovariance6(diagonal: readonly number[]): Float64Array {
  const covariance = new Float64Array(36);
  diagonal.forEach((value, i) => {
    covariance[i * 7] = value;
  });
  return covariance;
}

/** A laser Range message; `range` keeps REP-117 non-finite values as they are. */
export function rangeMessage(fields: {
  stamp: Header["stamp"];
  frameId: string;
  range: number;
  minRange: number;
  maxRange: number;
  fieldOfView: number;
}): Range {
  return {
    header: { stamp: fields.stamp, frame_id: fields.frameId },
    radiation_type: RangeRadiationType.INFRARED,
    field_of_view: fields.fieldOfView,
    min_range: fields.minRange,
    max_range: fields.maxRange,
    range: fields.range,
  };
}

export function diagnosticStatus(
  level: DiagnosticLevelValue,
  name: string,
  message: string,
  values: Readonly<Record<string, string | number | boolean>>,
  hardwareId = "",
): DiagnosticStatus {
  // A for-in over the record (own keys, in Object.entries' order): entries() and map() made an
  // array per key and two for the list, garbage beside the message on every report.
  const keyValues: KeyValue[] = [];
  for (const key in values) {
    const value = values[key];
    keyValues.push({ key, value: typeof value === "number" ? formatNumber(value) : String(value) });
  }
  return { level, name, message, hardware_id: hardwareId, values: keyValues };
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}

export function color(r: number, g: number, b: number, a = 1): ColorRGBA {
  return { r, g, b, a };
}

/** A marker with every field set (rviz2 rejects none, rclnodejs needs all). */
export function marker(fields: Partial<Marker> & Pick<Marker, "header" | "ns" | "id" | "type">): Marker {
  return {
    action: MarkerAction.ADD,
    pose: planarPose(0, 0, 0),
    scale: { x: 1, y: 1, z: 1 },
    color: color(1, 1, 1, 1),
    lifetime: { sec: 0, nanosec: 0 },
    frame_locked: false,
    points: [],
    colors: [],
    text: "",
    mesh_resource: "",
    mesh_use_embedded_materials: false,
    ...fields,
  };
}
