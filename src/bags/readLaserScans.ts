import type { LaserScanLike } from "../core/ranging/ScanBuffer";
import { secondsFromTime } from "../msgs/time";
import { readBagMessages } from "./readBagMessages";

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

/** The LaserScan messages of a ROS 2 MCAP bag, in file order (see readBagMessages). */
export function* readLaserScans(path: string, options: ReadLaserScansOptions = {}): Generator<LaserScanRecord> {
  const accept = (topic: string, type: string): boolean => type === LASER_SCAN_SCHEMA && (options.topic === undefined || options.topic === topic);
  for (const record of readBagMessages(path, { accept, ...(options.chunkBytes === undefined ? {} : { chunkBytes: options.chunkBytes }) })) {
    const scan = record.message as LaserScanMessage;
    yield { topic: record.topic, logTimeNs: record.logTimeNs, stamp_s: secondsFromTime(scan.header.stamp), scan };
  }
}
