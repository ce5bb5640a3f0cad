import type { ScanBuffer } from "./ScanBuffer";

/**
 * One LaserScan filter (laser_filters style). `update` changes `scan` in place and returns false
 * when the result must not be published (setting `lastReason`). Only beams [0, scan.count) are
 * read or written; a filter may shorten a scan (crop) but never lengthen it. Filters get only
 * geometrically sane scans (ScanBuffer.geometryProblem() === "").
 */
export interface ScanFilter {
  readonly type: string;
  update(scan: ScanBuffer): boolean;
  /** Why the last update returned false; "" otherwise. */
  readonly lastReason: string;
  /** Forgets history kept across scans. */
  reset(): void;
}
