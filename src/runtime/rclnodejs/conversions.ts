/**
 * Conversions between rclnodejs's values and ours: QoS profiles, parameter values (rclnodejs
 * holds integers as bigint, we hold numbers) and parameter descriptors.
 */
import { describeAllowed, type ParameterDescriptor, type ParameterType, type ParameterValue } from "../parameters";
import type { QosProfile } from "../qos";
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

const rclTypeOf: Readonly<Record<ParameterType, number>> = {
  bool: RclParameterType.BOOL,
  integer: RclParameterType.INTEGER,
  double: RclParameterType.DOUBLE,
  string: RclParameterType.STRING,
  bool_array: RclParameterType.BOOL_ARRAY,
  integer_array: RclParameterType.INTEGER_ARRAY,
  double_array: RclParameterType.DOUBLE_ARRAY,
  string_array: RclParameterType.STRING_ARRAY,
};

export function rclParameterType(type: ParameterType): number {
  return rclTypeOf[type];
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
  const type = rclParameterType(descriptor.type);
  switch (descriptor.type) {
    case "integer":
      return new rcl.Parameter(name, type, BigInt(Math.trunc(Number(value))));
    case "integer_array":
      return new rcl.Parameter(name, type, (value as number[]).map((v) => BigInt(Math.trunc(v))));
    case "double":
      return new rcl.Parameter(name, type, Number(value));
    case "bool":
    case "string":
    case "bool_array":
    case "double_array":
    case "string_array":
      return new rcl.Parameter(name, type, value);
    default: {
      const unreachable: never = descriptor.type;
      throw new Error(`unknown parameter type ${String(unreachable)}`);
    }
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The descriptor `ros2 param describe` shows: description with its unit, read-only flag, the
 * numeric range (continuous: step 0, since rclnodejs's default step is 1) and, in
 * additional_constraints, everything allowed in words (choices, array lengths).
 */
export function toRclDescriptor(rcl: RclnodejsModule, name: string, descriptor: ParameterDescriptor): RclParameterDescriptor {
  const unit = descriptor.unit !== "" && descriptor.unit !== "1" ? ` [${descriptor.unit}]` : "";
  const range = rclRange(rcl, descriptor);
  const rclDescriptor = new rcl.ParameterDescriptor(
    name,
    rclParameterType(descriptor.type),
    `${descriptor.description}${unit}`,
    descriptor.readOnly === true,
    ...(range ? [range] : []),
  );
  rclDescriptor.additionalConstraints = describeAllowed(descriptor);
  return rclDescriptor;
}

function rclRange(rcl: RclnodejsModule, descriptor: ParameterDescriptor): RclRange | undefined {
  if (descriptor.min === undefined && descriptor.max === undefined) return undefined;
  switch (descriptor.type) {
    case "integer":
    case "integer_array":
      return new rcl.IntegerRange(
        descriptor.min === undefined ? INT64_MIN : BigInt(Math.ceil(descriptor.min)),
        descriptor.max === undefined ? INT64_MAX : BigInt(Math.floor(descriptor.max)),
        1n,
      );
    case "double":
    case "double_array":
      return new rcl.FloatingPointRange(descriptor.min ?? -Number.MAX_VALUE, descriptor.max ?? Number.MAX_VALUE, 0);
    case "bool":
    case "string":
    case "bool_array":
    case "string_array":
      return undefined;
    default: {
      const unreachable: never = descriptor.type;
      throw new Error(`unknown parameter type ${String(unreachable)}`);
    }
  }
}

/**
 * Whether a message type's complete ros2msg schema text (its fields and every dependency's)
 * declares an int64 / uint64 field, scalar or array (fixed, unbounded or bounded `[<=N]`): only
 * then does rclnodejs hand out bigints that fromRclMessage must turn into numbers. Decided once
 * per subscription, not per message.
 */
export function holdsInt64Fields(schemaText: string): boolean {
  return /^\s*u?int64(\[(<=)?\d*\])?\s/m.test(schemaText);
}

/**
 * A received message as src/msgs/types.ts shapes it: int64 / uint64 fields (bigint in rclnodejs)
 * become numbers; typed arrays stay as they are (they are the documented shape). Rebuilds the
 * whole message: call it only for types that hold such fields (holdsInt64Fields).
 */
export function fromRclMessage(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Array.from(value, Number);
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(fromRclMessage);
  const converted: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) converted[key] = fromRclMessage(field);
  return converted;
}
