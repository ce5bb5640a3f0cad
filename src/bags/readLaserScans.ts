import * as fs from "node:fs";
import { McapStreamReader } from "@mcap/core";
import { parse } from "@foxglove/rosmsg";
import { MessageReader } from "@foxglove/rosmsg2-serialization";
import type { LaserScanLike } from "../core/ranging/ScanBuffer";

/** sensor_msgs/msg/LaserScan as decoded from CDR (float32[] arrive as Float32Array). */
export interface LaserScanMessage extends LaserScanLike {
  readonly header: { readonly stamp: { readonly sec: number; readonly nanosec: number }; readonly frame_id: string };
  readonly time_increment: number;
  readonly scan_time: number;
  readonly ranges: Float32Array;
  readonly intensities: Float32Array;
}

/** One LaserScan read from a bag. */
export interface LaserScanRecord {
  readonly topic: string;
  /** When the recorder logged it [ns]. */
  readonly logTimeNs: bigint;
  /** header.stamp [s]. */
  readonly stamp_s: number;
  readonly scan: LaserScanMessage;
}

export interface ReadLaserScansOptions {
  /** Only this topic; default every channel whose schema is sensor_msgs/msg/LaserScan. */
  readonly topic?: string;
  /** Bytes read from the file at a time. Default 1 MiB. */
  readonly chunkBytes?: number;
}

const LASER_SCAN_SCHEMA = "sensor_msgs/msg/LaserScan";

/**
 * Reads the LaserScan messages of a ROS 2 MCAP bag (`ros2 bag record -s mcap`: schema encoding
 * ros2msg, message encoding cdr) in file order, streaming the file in chunks so memory stays
 * small. Synchronous on purpose: replay and tests want a plain loop. Throws with the file name on
 * a corrupt file or on compressed chunks (zstd / lz4 decompressors are not bundled; re-record
 * with `--storage-preset-profile none` or decompress with `mcap convert`).
 */
export function* readLaserScans(path: string, options: ReadLaserScansOptions = {}): Generator<LaserScanRecord> {
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  const reader = new McapStreamReader({ validateCrcs: true });
  const schemas = new Map<number, { name: string; encoding: string; data: Uint8Array }>();
  const channels = new Map<number, { topic: string; reader: MessageReader<LaserScanMessage> } | null>();
  const fd = fs.openSync(path, "r");
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
          const wanted =
            schema !== undefined &&
            schema.name === LASER_SCAN_SCHEMA &&
            schema.encoding === "ros2msg" &&
            record.messageEncoding === "cdr" &&
            (options.topic === undefined || options.topic === record.topic);
          channels.set(
            record.id,
            wanted ? { topic: record.topic, reader: new MessageReader<LaserScanMessage>(parse(new TextDecoder().decode(schema.data), { ros2: true })) } : null,
          );
        } else if (record.type === "Message") {
          const channel = channels.get(record.channelId);
          if (channel === undefined || channel === null) continue;
          const decoded = channel.reader.readMessage(record.data);
          // Copies: the decoder may return views into the reader's buffer, which is reused.
          const scan: LaserScanMessage = { ...decoded, ranges: decoded.ranges.slice(), intensities: decoded.intensities.slice() };
          yield {
            topic: channel.topic,
            logTimeNs: record.logTime,
            stamp_s: scan.header.stamp.sec + scan.header.stamp.nanosec * 1e-9,
            scan,
          };
        }
      }
    }
    if (!reader.done()) throw new Error(`${path}: truncated MCAP file (no footer)`);
  } finally {
    fs.closeSync(fd);
  }
}
