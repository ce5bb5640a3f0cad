import { hypot2 } from "../hypot";
import { at } from "../indexed";
import { isValidRange } from "./rep117";
import type { ScanBuffer } from "./ScanBuffer";

/** Where a target is looked for: a bearing interval and a range interval (laser frame). */
export interface SearchRegion {
  /** [rad] */
  readonly bearing_min_rad: number;
  /** [rad] */
  readonly bearing_max_rad: number;
  /** [m] */
  readonly range_min_m: number;
  /** [m] */
  readonly range_max_m: number;
}

export function validateSearchRegion(where: string, r: SearchRegion): void {
  if (!Number.isFinite(r.bearing_min_rad) || !Number.isFinite(r.bearing_max_rad) || !(r.bearing_min_rad < r.bearing_max_rad)) {
    throw new Error(`${where}: need finite bearing_min_rad < bearing_max_rad, got ${r.bearing_min_rad} and ${r.bearing_max_rad}`);
  }
  if (!(r.range_min_m >= 0) || !(r.range_max_m > r.range_min_m)) {
    throw new Error(`${where}: need 0 <= range_min_m < range_max_m, got ${r.range_min_m} and ${r.range_max_m}`);
  }
}

/** What every segment-based detector (pole, board edge) is configured with beside its region. */
export interface SegmentDetectorConfig extends SearchRegion {
  /** A range step larger than this between neighbouring beams starts a new segment [m]. Default 0.15. */
  readonly jump_m?: number;
  /** Fewest beams on the target [1]; each detector states its default and floor. */
  readonly min_points?: number;
  /** Largest RMS residual of the target's fit [m]. Default 0.03. */
  readonly max_residual_m?: number;
}

/** Defaults shared by every segment-based detector (and the node's parameter schema). */
export const SEGMENT_DETECTOR_DEFAULTS = {
  /** [m] */
  jump_m: 0.15,
  /** [m] */
  max_residual_m: 0.03,
} as const;

/** Checks the shared part of a detector's config; throws naming the detector, the key and the value. */
export function validateSegmentDetector(where: string, c: SearchRegion & { jump_m: number; min_points: number; max_residual_m: number }, minPointsFloor: number): void {
  validateSearchRegion(where, c);
  if (!(c.jump_m > 0)) throw new Error(`${where}: jump_m must be > 0, got ${c.jump_m}`);
  if (!Number.isInteger(c.min_points) || c.min_points < minPointsFloor) throw new Error(`${where}: min_points must be an integer >= ${minPointsFloor}, got ${c.min_points}`);
  if (!(c.max_residual_m > 0)) throw new Error(`${where}: max_residual_m must be > 0, got ${c.max_residual_m}`);
}

/**
 * Splits the beams of a search region into segments of consecutive valid beams whose ranges
 * differ by at most `jump_m` between neighbours. Points (x, y) [m] and segment bounds are kept
 * in reusable arrays: segment k is points [starts[k], starts[k] + lengths[k]); beams[p] is the
 * scan index of point p.
 */
export class ScanSegmenter {
  xs = new Float64Array(64);
  ys = new Float64Array(64);
  ranges = new Float64Array(64);
  beams = new Int32Array(64);
  starts = new Int32Array(16);
  lengths = new Int32Array(16);
  pointCount = 0;
  segmentCount = 0;
  /** First and last scan index inside the region's bearing interval. */
  firstBeam = 0;
  lastBeam = -1;

  /** Straight-line distance from the first to the last point of segment k [m]. */
  chord(k: number): number {
    const first = at(this.starts, k);
    const last = first + at(this.lengths, k) - 1;
    return hypot2(at(this.xs, last) - at(this.xs, first), at(this.ys, last) - at(this.ys, first));
  }

  segment(scan: ScanBuffer, region: SearchRegion, jump_m: number): void {
    this.pointCount = 0;
    this.segmentCount = 0;
    const first = Math.max(0, scan.firstBeamAtOrAfter(region.bearing_min_rad));
    const last = Math.min(scan.count - 1, scan.lastBeamAtOrBefore(region.bearing_max_rad));
    this.firstBeam = first;
    this.lastBeam = last;
    if (!(last >= first)) return;
    this.reserve(last - first + 1);
    let prev = Number.NaN;
    let prevBeam = -2;
    for (let i = first; i <= last; i++) {
      const r = scan.ranges[i] ?? Number.NaN;
      if (!isValidRange(r, scan.rangeMin, scan.rangeMax) || r < region.range_min_m || r > region.range_max_m) continue;
      const p = this.pointCount++;
      const a = scan.angleOf(i);
      this.xs[p] = r * Math.cos(a);
      this.ys[p] = r * Math.sin(a);
      this.ranges[p] = r;
      this.beams[p] = i;
      if (i !== prevBeam + 1 || Math.abs(r - prev) > jump_m) {
        this.pushSegment(p);
      } else {
        const k = this.segmentCount - 1;
        this.lengths[k] = at(this.lengths, k) + 1;
      }
      prev = r;
      prevBeam = i;
    }
  }

  private pushSegment(start: number): void {
    if (this.segmentCount >= this.starts.length) {
      const s = new Int32Array(this.starts.length * 2);
      s.set(this.starts);
      this.starts = s;
      const l = new Int32Array(this.lengths.length * 2);
      l.set(this.lengths);
      this.lengths = l;
    }
    this.starts[this.segmentCount] = start;
    this.lengths[this.segmentCount] = 1;
    this.segmentCount++;
  }

  private reserve(n: number): void {
    if (this.xs.length >= n) return;
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    this.ranges = new Float64Array(n);
    this.beams = new Int32Array(n);
  }
}
