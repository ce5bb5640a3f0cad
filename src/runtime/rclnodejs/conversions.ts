/**
 * Conversions between rclnodejs's values and ours: QoS profiles, parameter values (rclnodejs
 * holds integers as bigint, we hold numbers) and parameter descriptors. What a parameter becomes is
 * decided in ../rosParameterRules.ts, which the in-process graph shares; this file only builds
 * rclnodejs's objects from it.
 */
import type { ParameterDescriptor, ParameterType, ParameterValue } from "../../core/parameters/schema";
import type { QosProfile } from "../qos";
import { rclnodejsParameterArguments, rosDescriptorOf, rosParameterType, type RosParameterDescriptor, type RosRange } from "../rosParameterRules";
import {
  RclParameterType,
  RclQosPolicy,
  type RclnodejsModule,
  type RclParameter,
  type RclParameterDescriptor,
  type RclQoS,
  type RclRange,
} from "./rclnodejsApi";

/** Our profile as an rclnodejs QoS: keep_last `depth`, reliability and durability as named. */
export function toRclQos(rcl: RclnodejsModule, profile: QosProfile): RclQoS {
  return new rcl.QoS(
    RclQosPolicy.HISTORY_KEEP_LAST,
    profile.depth,
    profile.reliability === "reliable" ? RclQosPolicy.RELIABILITY_RELIABLE : RclQosPolicy.RELIABILITY_BEST_EFFORT,
    profile.durability === "transient_local" ? RclQosPolicy.DURABILITY_TRANSIENT_LOCAL : RclQosPolicy.DURABILITY_VOLATILE,
  );
}

/** The rcl_interfaces/msg/ParameterType code of one of our types (decided in rosParameterRules). */
export function rclParameterType(type: ParameterType): number {
  return rosParameterType(type);
}

/**
 * An rclnodejs parameter value as ours: bigint integers become numbers (exact up to 2^53, far
 * beyond any parameter here), typed arrays become plain arrays. `undefined` for NOT_SET.
 */
export function fromRclParameterValue(type: number, value: unknown): ParameterValue | undefined {
  const toNumber = (v: unknown): number => Number(v);
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<unknown>) : []);
  switch (type) {
    case RclParameterType.BOOL:
      return Boolean(value);
    case RclParameterType.INTEGER:
    case RclParameterType.DOUBLE:
      return toNumber(value);
    case RclParameterType.STRING:
      return String(value);
    case RclParameterType.BOOL_ARRAY:
      return list(value).map(Boolean);
    case RclParameterType.BYTE_ARRAY:
    case RclParameterType.INTEGER_ARRAY:
    case RclParameterType.DOUBLE_ARRAY:
      return list(value).map(toNumber);
    case RclParameterType.STRING_ARRAY:
      return list(value).map(String);
    default:
      return undefined;
  }
}

/** An rclnodejs Parameter of the descriptor's type holding `value` (integers as bigint, as rclnodejs requires). */
export function toRclParameter(rcl: RclnodejsModule, name: string, value: ParameterValue, descriptor: ParameterDescriptor): RclParameter {
  const parameter = rclnodejsParameterArguments(name, value, descriptor);
  return new rcl.Parameter(parameter.name, parameter.type, parameter.value);
}

/**
 * The rclnodejs descriptor `ros2 param describe` shows, as rosParameterRules decides it for both
 * runtimes: description with its unit, read-only flag, a range for scalar numbers only and, in
 * additional_constraints, everything allowed in words.
 */
export function toRclDescriptor(rcl: RclnodejsModule, name: string, descriptor: ParameterDescriptor): RclParameterDescriptor {
  return rclDescriptorOf(rcl, rosDescriptorOf(name, descriptor));
}

/** rclnodejs's ParameterDescriptor (and range) for a ROS descriptor. */
export function rclDescriptorOf(rcl: RclnodejsModule, descriptor: RosParameterDescriptor): RclParameterDescriptor {
  const range = descriptor.range === undefined ? undefined : rclRangeOf(rcl, descriptor.range);
  const rclDescriptor = new rcl.ParameterDescriptor(
    descriptor.name,
    descriptor.type,
    descriptor.description,
    descriptor.readOnly,
    ...(range ? [range] : []),
  );
  rclDescriptor.additionalConstraints = descriptor.additionalConstraints;
  return rclDescriptor;
}

function rclRangeOf(rcl: RclnodejsModule, range: RosRange): RclRange {
  switch (range.kind) {
    case "floating_point":
      return new rcl.FloatingPointRange(range.fromValue, range.toValue, range.step, range.tolerance);
    case "integer":
      return new rcl.IntegerRange(range.fromValue, range.toValue, range.step);
    default: {
      const unreachable: never = range;
      throw new Error(`unknown range ${String(unreachable)}`);
    }
  }
}
