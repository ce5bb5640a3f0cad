import { hypot2 } from "../hypot";
import { at } from "../indexed";
import { CircleFit, fitCircleKnownRadius } from "./CircleFit";
import type { ScanBuffer } from "./ScanBuffer";
import { SEGMENT_DETECTOR_DEFAULTS, ScanSegmenter, validateSegmentDetector, type SegmentDetectorConfig } from "./ScanSegmenter";
import { withoutUndefined } from "./withoutUndefined";
import { clearDetection, emptyDetection, type TargetDetection, type TargetDetector } from "./TargetDetector";

/** PoleDetectorConfig's own defaults (laser_ranging's schema uses them too, so they agree). */
export const POLE_DETECTOR_DEFAULTS = {
  /** [m] */
  radius_m: 0.1,
  /** [1] */
  min_points: 3,
  /** [m] */
  width_tolerance_m: 0.06,
  /** [1] */
  ambiguity_ratio: 2,
  /** [m] */
  residual_floor_m: 0.005,
} as const;

/** Fewest beams a pole may be configured to need [1]: an LD06 sees 2-3 beams of a 0.1 m pole at 5 m. */
export const POLE_MIN_POINTS_FLOOR = 2;

export interface PoleDetectorConfig extends SegmentDetectorConfig {
  /** Radius of the hoop's support pole [m]. Default 0.1 (measure yours). */
  readonly radius_m?: number;
  /** A segment wider than 2 * radius_m + this cannot be the pole [m]. Default 0.06. */
  readonly width_tolerance_m?: number;
  /**
   * Two candidates whose residuals are within this factor of each other are ambiguous [1], > 1.
   * Default 2.
   */
  readonly ambiguity_ratio?: number;
  /** Residuals below this count as this when comparing candidates [m] (noise floor). Default 0.005. */
  readonly residual_floor_m?: number;
}

/**
 * Finds the pole: segments of the search region that are narrow enough, fitted with a circle of
 * the known radius (Gauss-Newton); the best candidate wins unless another is about as good
 * (ambiguous: nothing published, with the reason). Defaults: min_points 3 (floor 2: an LD06 sees
 * 2-3 beams of a 0.1 m pole at 5 m); jump_m and max_residual_m (RMS radial) from
 * SEGMENT_DETECTOR_DEFAULTS.
 */
export class PoleDetector implements TargetDetector {
  readonly kind = "pole";
  readonly config: Required<PoleDetectorConfig>;
  readonly detection: TargetDetection = emptyDetection("not run yet");
  private readonly segmenter = new ScanSegmenter();
  private readonly circle = new CircleFit();

  constructor(config: PoleDetectorConfig) {
    const c: Required<PoleDetectorConfig> = {
      ...SEGMENT_DETECTOR_DEFAULTS,
      ...POLE_DETECTOR_DEFAULTS,
      ...withoutUndefined(config),
    };
    validateSegmentDetector("pole detector", c, POLE_MIN_POINTS_FLOOR);
    if (!(c.radius_m > 0)) throw new Error(`pole detector: radius_m must be > 0, got ${c.radius_m}`);
    if (!(c.width_tolerance_m >= 0)) throw new Error(`pole detector: width_tolerance_m must be >= 0, got ${c.width_tolerance_m}`);
    if (!(c.ambiguity_ratio > 1)) throw new Error(`pole detector: ambiguity_ratio must be > 1, got ${c.ambiguity_ratio}`);
    if (!(c.residual_floor_m > 0)) throw new Error(`pole detector: residual_floor_m must be > 0, got ${c.residual_floor_m}`);
    this.config = c;
  }

  detect(scan: ScanBuffer): TargetDetection {
    const d = this.detection;
    clearDetection(d);
    const c = this.config;
    const seg = this.segmenter;
    seg.segment(scan, c, c.jump_m);
    let best = -1;
    let bestX = Number.NaN;
    let bestY = Number.NaN;
    let bestScore = Number.POSITIVE_INFINITY;
    let secondScore = Number.POSITIVE_INFINITY;
    let secondX = Number.NaN;
    let secondY = Number.NaN;
    let weakReason = "";
    for (let k = 0; k < seg.segmentCount; k++) {
      const start = at(seg.starts, k);
      const n = at(seg.lengths, k);
      if (n < c.min_points) {
        weakReason ||= `segment of ${n} beams < min_points ${c.min_points}`;
        continue;
      }
      const width = seg.chord(k);
      if (width > 2 * c.radius_m + c.width_tolerance_m) {
        weakReason ||= `segment ${width.toFixed(3)} m wide, too wide for the pole`;
        continue;
      }
      const standing = standsOut(scan, seg, start, n, c.jump_m);
      if (standing !== "") {
        weakReason ||= standing;
        continue;
      }
      if (!fitCircleKnownRadius(seg.xs, seg.ys, start, n, c.radius_m, this.circle)) {
        weakReason ||= "circle fit failed";
        continue;
      }
      const fit = this.circle;
      if (fit.rms > c.max_residual_m) {
        weakReason ||= `circle residual ${fit.rms.toFixed(4)} m > max_residual_m ${c.max_residual_m}`;
        continue;
      }
      // The laser sees the near side: the centre must be farther than the arc.
      const centreRange = hypot2(fit.cx, fit.cy);
      let meanRange = 0;
      for (let p = start; p < start + n; p++) meanRange += at(seg.ranges, p);
      meanRange /= n;
      if (!(centreRange > meanRange)) {
        weakReason ||= "circle centre in front of the arc (concave surface)";
        continue;
      }
      d.candidates++;
      const score = Math.max(fit.rms, c.residual_floor_m);
      if (score < bestScore) {
        secondScore = bestScore;
        secondX = bestX;
        secondY = bestY;
        bestScore = score;
        best = k;
        bestX = fit.cx;
        bestY = fit.cy;
        d.residual_m = fit.rms;
        d.points = n;
      } else if (score < secondScore) {
        secondScore = score;
        secondX = fit.cx;
        secondY = fit.cy;
      }
    }
    if (best < 0) {
      d.reason = seg.pointCount === 0 ? "no valid beam in the search region" : `no pole candidate (${weakReason || "no segment"})`;
      return d;
    }
    if (secondScore <= c.ambiguity_ratio * bestScore) {
      clearDetection(d, `ambiguous: candidates at (${bestX.toFixed(2)}, ${bestY.toFixed(2)}) and (${secondX.toFixed(2)}, ${secondY.toFixed(2)}) m fit about as well`, d.candidates);
      return d;
    }
    d.found = true;
    d.x_m = bestX;
    d.y_m = bestY;
    return d;
  }
}

/** Beams looked at past a segment's end for its background (NaN ones from earlier filters are skipped). */
const BACKGROUND_LOOKAHEAD = 3;

/**
 * A pole stands in front of what is behind it: the nearest non-NaN beam past each end of the
 * segment must be farther by more than `jump` [m] (or +Inf, no return). A segment cut off by the
 * search region's edge, flush with a wall, or with nothing but NaN beside it for
 * BACKGROUND_LOOKAHEAD beams is not a pole: its true width is unknown. (A fence seen obliquely
 * from afar steps by about the speckle filter's range difference from beam to beam; the filter
 * blanks most of it and leaves pairs of beams between runs of NaN, which a circle of known radius
 * fits exactly: with an unseen background counted as standing out, those pairs were published as
 * the pole, 0.5-3 m and 0.5-0.7 rad from it, whenever the pole itself was not a candidate.)
 * Returns "" when the segment stands out, else why not.
 */
function standsOut(scan: ScanBuffer, seg: ScanSegmenter, start: number, n: number, jump: number): string {
  let near = Number.POSITIVE_INFINITY;
  for (let p = start; p < start + n; p++) near = Math.min(near, seg.ranges[p] ?? Number.POSITIVE_INFINITY);
  const farEnough = near + jump;
  return backgroundProblem(scan, seg, at(seg.beams, start) - 1, -1, farEnough) || backgroundProblem(scan, seg, at(seg.beams, start + n - 1) + 1, 1, farEnough);
}

/**
 * Looks from beam `from` outwards (`step` -1 or +1) for the first non-NaN beam: "" when it lies
 * beyond `farEnough` [m], else why the segment fails (nearer, or none within the lookahead: the
 * background is unseen).
 */
function backgroundProblem(scan: ScanBuffer, seg: ScanSegmenter, from: number, step: number, farEnough: number): string {
  for (let k = 0, i = from; k < BACKGROUND_LOOKAHEAD; k++, i += step) {
    if (i < seg.firstBeam || i > seg.lastBeam) return "segment touches the search region's edge";
    const r = scan.ranges[i] ?? Number.NaN;
    if (!Number.isNaN(r)) return r > farEnough ? "" : "segment does not stand out from its background";
  }
  return `segment's background unseen (${BACKGROUND_LOOKAHEAD} NaN beams beside it)`;
}
