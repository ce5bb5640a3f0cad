import { parse } from "@foxglove/rosmsg";
import { MessageReader, MessageWriter } from "@foxglove/rosmsg2-serialization";
import { ros2msgSchema } from "./ros2msgDefinitions";
import type { MessageTypeName, MessageTypes } from "./types";

/**
 * A message type's CDR encoding (XCDR1, little endian, as rmw and rosbag2 use it), from its
 * ros2msg schema text: bags write with it, and the rclnodejs adapter publishes and takes ROS 2
 * messages as CDR bytes with it, which is about a millisecond faster per hop than rclnodejs's own
 * conversion (docs/performance.md, "Scan to wheel command latency on the real ROS 2 graph").
 */
export interface CdrCodec<T> {
  /** The CDR bytes of `message` (a Buffer, as rclnodejs's raw publish takes them, over the encoder's own bytes: no copy); a missing field takes its .msg default. */
  encode(message: T): Buffer;
  /** The message in `bytes`, shaped as src/msgs/types.ts declares: numeric arrays are typed arrays, int64 fields numbers. */
  decode(bytes: Uint8Array): T;
}

const codecs = new Map<MessageTypeName, CdrCodec<unknown>>();

/** The codec of `type`, built once per process. */
export function cdrCodec<K extends MessageTypeName>(type: K): CdrCodec<MessageTypes[K]> {
  let codec = codecs.get(type);
  if (codec === undefined) {
    codec = buildCodec(ros2msgSchema(type));
    codecs.set(type, codec);
  }
  return codec as CdrCodec<MessageTypes[K]>;
}

function buildCodec(schemaText: string): CdrCodec<unknown> {
  const definitions = parse(schemaText, { ros2: true });
  const writer = new MessageWriter(definitions);
  const reader = new MessageReader(definitions);
  const decode = holdsInt64Fields(schemaText)
    ? (bytes: Uint8Array): unknown => int64AsNumbers(reader.readMessage(bytes))
    : (bytes: Uint8Array): unknown => reader.readMessage(bytes);
  const encode = (message: unknown): Buffer => {
    const bytes = writer.writeMessage(message);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  return { encode, decode };
}

/**
 * Whether a message type's complete ros2msg schema text (its fields and every dependency's)
 * declares an int64 / uint64 field, scalar or array (fixed, unbounded or bounded `[<=N]`): only
 * then do the decoders hand out bigints that int64AsNumbers must turn into numbers. Decided once
 * per type, not per message.
 */
export function holdsInt64Fields(schemaText: string): boolean {
  return /^\s*u?int64(\[(<=)?\d*\])?\s/m.test(schemaText);
}

/**
 * A decoded message as src/msgs/types.ts shapes it: int64 / uint64 fields (bigint when decoded)
 * become numbers; typed arrays stay as they are (they are the documented shape). Rebuilds the
 * whole message: call it only for types that hold such fields (holdsInt64Fields).
 */
export function int64AsNumbers(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Array.from(value, Number);
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(int64AsNumbers);
  const converted: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) converted[key] = int64AsNumbers(field);
  return converted;
}
