import { at } from "../indexed";
import { fitLineTls, LineFit } from "./LineFit";
import { isValidRange } from "./rep117";
import type { ScanBuffer } from "./ScanBuffer";
import { SEGMENT_DETECTOR_DEFAULTS, ScanSegmenter, validateSegmentDetector, type SegmentDetectorConfig } from "./ScanSegmenter";
import { clearDetection, emptyDetection, type TargetDetection, type TargetDetector } from "./TargetDetector";
import { withoutUndefined } from "./withoutUndefined";

/** EdgeDetectorConfig's own defaults (laser_ranging's schema uses them too, so they agree). */
export const EDGE_DETECTOR_DEFAULTS = {
  /** [1] */
  min_points: 5,
  /** [m] */
  min_length_m: 0.3,
} as const;

/** Fewest beams a board segment may be configured to need [1]: a line fit with a residual needs 3. */
export const EDGE_MIN_POINTS_FLOOR = 3;

export interface EdgeDetectorConfig extends SegmentDetectorConfig {
  /** Which end of the surface is the edge: "left" = larger bearing (REP-103 y left), "right" = smaller. */
  readonly edge: "left" | "right";
  /** Shortest surface accepted [m] (the backboard is 1.80 m wide). Default 0.3. */
  readonly min_length_m?: number;
}

/**
 * Finds the end of a flat surface (the backboard's side edge): a straight segment of the search
 * region, fitted by total least squares; the edge lies between its last beam and the next beam,
 * which must see something farther (or nothing) - otherwise a nearer object hides the edge. The
 * point reported is halfway between the two beams' hits on the fitted line, so the error is at
 * most half a beam spacing. More than one straight segment is ambiguous. Defaults: min_points 5
 * (floor 3); jump_m and max_residual_m from SEGMENT_DETECTOR_DEFAULTS.
 */
export class EdgeDetector implements TargetDetector {
  readonly kind = "backboard_edge";
  readonly config: Required<EdgeDetectorConfig>;
  readonly detection: TargetDetection = emptyDetection("not run yet");
  private readonly segmenter = new ScanSegmenter();
  private readonly line = new LineFit();
  /** The edge point found by the last edgePoint call that returned true [m]. */
  private edgeX = Number.NaN;
  private edgeY = Number.NaN;

  constructor(config: EdgeDetectorConfig) {
    const c: Required<EdgeDetectorConfig> = { ...SEGMENT_DETECTOR_DEFAULTS, ...EDGE_DETECTOR_DEFAULTS, ...withoutUndefined(config) };
    validateSegmentDetector("edge detector", c, EDGE_MIN_POINTS_FLOOR);
    if (!(["left", "right"] as readonly string[]).includes(c.edge)) throw new Error(`edge detector: edge must be "left" or "right", got ${c.edge}`);
    if (!(c.min_length_m >= 0)) throw new Error(`edge detector: min_length_m must be >= 0, got ${c.min_length_m}`);
    this.config = c;
  }

  detect(scan: ScanBuffer): TargetDetection {
    const d = this.detection;
    clearDetection(d);
    const c = this.config;
    const seg = this.segmenter;
    seg.segment(scan, c, c.jump_m);
    let weakReason = "";
    for (let k = 0; k < seg.segmentCount; k++) {
      const start = at(seg.starts, k);
      const n = at(seg.lengths, k);
      if (n < c.min_points) {
        weakReason ||= `segment of ${n} beams < min_points ${c.min_points}`;
        continue;
      }
      const length = seg.chord(k);
      if (length < c.min_length_m) {
        weakReason ||= `segment ${length.toFixed(2)} m < min_length_m ${c.min_length_m}`;
        continue;
      }
      if (!fitLineTls(seg.xs, seg.ys, start, n, this.line)) continue;
      if (this.line.rms > c.max_residual_m) {
        weakReason ||= `line residual ${this.line.rms.toFixed(4)} m > max_residual_m ${c.max_residual_m}`;
        continue;
      }
      const endPoint = c.edge === "left" ? start + n - 1 : start;
      const endBeam = at(seg.beams, endPoint);
      const nextBeam = c.edge === "left" ? endBeam + 1 : endBeam - 1;
      if (nextBeam < seg.firstBeam || nextBeam > seg.lastBeam) {
        weakReason ||= "the surface runs out of the search region: its edge is not seen";
        continue;
      }
      if (!this.edgePoint(scan, endBeam, nextBeam)) {
        weakReason ||= "a nearer object hides the edge";
        continue;
      }
      d.candidates++;
      if (d.candidates > 1) continue;
      d.x_m = this.edgeX;
      d.y_m = this.edgeY;
      d.residual_m = this.line.rms;
      d.points = n;
    }
    if (d.candidates === 0) {
      d.reason = seg.pointCount === 0 ? "no valid beam in the search region" : `no edge candidate (${weakReason || "no segment"})`;
      return d;
    }
    if (d.candidates > 1) {
      clearDetection(d, `ambiguous: ${d.candidates} straight segments could carry the edge`, d.candidates);
      return d;
    }
    d.found = true;
    return d;
  }

  /**
   * Midpoint of the hits of beams `endBeam` and `nextBeam` on the fitted line, into edgeX / edgeY;
   * false (leaving them) unless the next beam sees past the line.
   */
  private edgePoint(scan: ScanBuffer, endBeam: number, nextBeam: number): boolean {
    const aNext = scan.angleOf(nextBeam);
    const tNext = this.lineHit(aNext);
    const rNext = scan.ranges[nextBeam] ?? Number.NaN;
    const nextSeesFarther = Number.isNaN(rNext)
      ? false
      : rNext === Number.POSITIVE_INFINITY || (isValidRange(rNext, scan.rangeMin, scan.rangeMax) && rNext > tNext + this.config.jump_m);
    if (!nextSeesFarther || !Number.isFinite(tNext)) return false;
    const aEnd = scan.angleOf(endBeam);
    const tEnd = this.lineHit(aEnd);
    this.edgeX = (tEnd * Math.cos(aEnd) + tNext * Math.cos(aNext)) / 2;
    this.edgeY = (tEnd * Math.sin(aEnd) + tNext * Math.sin(aNext)) / 2;
    return true;
  }

  /** Range along bearing `a` [rad] to the fitted line [m]; +Inf when the bearing (nearly) parallels it. */
  private lineHit(a: number): number {
    const f = this.line;
    const cos = f.nx * Math.cos(a) + f.ny * Math.sin(a);
    return cos > 1e-6 ? f.c / cos : Number.POSITIVE_INFINITY;
  }
}
