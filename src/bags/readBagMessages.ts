import * as fs from "node:fs";
import { McapStreamReader } from "@mcap/core";
import { parse } from "@foxglove/rosmsg";
import { MessageReader } from "@foxglove/rosmsg2-serialization";

/** One decoded message of a ROS 2 bag. */
export interface BagMessage {
  readonly topic: string;
  /** The ROS 2 type, e.g. "sensor_msgs/msg/LaserScan". */
  readonly type: string;
  /** When the recorder logged it [ns]. */
  readonly logTimeNs: bigint;
  readonly message: unknown;
}

export interface ReadBagOptions {
  /** Decode only channels for which this returns true (others are skipped undecoded). */
  readonly accept?: (topic: string, type: string) => boolean;
  /** Bytes read from the file at a time. Default 1 MiB. */
  readonly chunkBytes?: number;
}

/**
 * Reads the messages of a ROS 2 MCAP bag (`ros2 bag record -s mcap`: schema encoding ros2msg,
 * message encoding cdr) in file order, streaming the file in chunks so memory stays small.
 * Synchronous on purpose: replay and tests want a plain loop. Throws with the file name on a
 * corrupt file or on compressed chunks (zstd / lz4 decompressors are not bundled; re-record with
 * `--storage-preset-profile none` or decompress with `mcap convert`).
 */
export function* readBagMessages(path: string, options: ReadBagOptions = {}): Generator<BagMessage> {
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  const reader = new McapStreamReader({ validateCrcs: true });
  const schemas = new Map<number, { name: string; encoding: string; data: Uint8Array }>();
  const channels = new Map<number, { topic: string; type: string; reader: MessageReader } | null>();
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch (e) {
    throw new Error(`cannot open bag ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const buffer = new Uint8Array(chunkBytes);
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, chunkBytes, null);
      if (read === 0) break;
      reader.append(buffer.subarray(0, read));
      for (;;) {
        let record;
        try {
          record = reader.nextRecord();
        } catch (e) {
          throw new Error(`${path}: ${e instanceof Error ? e.message : String(e)}`);
        }
        if (record === undefined) break;
        if (record.type === "Schema") {
          schemas.set(record.id, { name: record.name, encoding: record.encoding, data: record.data });
        } else if (record.type === "Channel") {
          const schema = schemas.get(record.schemaId);
          const decodable = schema !== undefined && schema.encoding === "ros2msg" && record.messageEncoding === "cdr";
          const wanted = decodable && (options.accept?.(record.topic, schema.name) ?? true);
          channels.set(record.id, wanted ? { topic: record.topic, type: schema.name, reader: new MessageReader(parse(new TextDecoder().decode(schema.data), { ros2: true })) } : null);
        } else if (record.type === "Message") {
          const channel = channels.get(record.channelId);
          if (channel === undefined || channel === null) continue;
          // Copies: the decoder may return typed-array views into the reader's buffer, which is reused.
          yield { topic: channel.topic, type: channel.type, logTimeNs: record.logTime, message: detach(channel.reader.readMessage(record.data)) };
        }
      }
    }
    if (!reader.done()) throw new Error(`${path}: truncated MCAP file (no footer)`);
  } finally {
    fs.closeSync(fd);
  }
}

function detach(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return (value as Float64Array).slice();
  if (Array.isArray(value)) return value.map(detach);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, detach(v)]));
  }
  return value;
}
