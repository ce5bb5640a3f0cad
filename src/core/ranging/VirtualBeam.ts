import { hypot2 } from "../hypot";
import { at } from "../indexed";
import { fitLineTls, LineFit } from "./LineFit";
import { isValidRange } from "./rep117";
import type { ScanBuffer } from "./ScanBuffer";
import { withoutUndefined } from "./withoutUndefined";

/** One virtual beam, as configured in the YAML. Angles in the laser frame (REP-103). */
export interface VirtualBeamConfig {
  readonly name: string;
  /** Direction of the virtual beam [rad]. */
  readonly bearing_rad: number;
  /** Beams within bearing +- half_width_rad are fitted [rad], > 0. */
  readonly half_width_rad: number;
  /** Fewest inlier beams for a valid range [1], >= 3. Default 8. */
  readonly min_points?: number;
  /** Largest RMS orthogonal residual of the inliers [m]. Default 0.03. */
  readonly max_residual_m?: number;
  /** Largest angle between the beam and the surface normal [rad], (0, pi/2). Default 1.2 (69 deg). */
  readonly max_incidence_rad?: number;
  /** A beam farther than this from the line is an outlier [m]. Default 0.05 (3 sigma of an LD06). */
  readonly inlier_threshold_m?: number;
  /** RANSAC draws when the plain fit has outliers [1]. Default 32. */
  readonly ransac_iterations?: number;
  /**
   * Largest angle between the bearing and the nearest fitted (inlier) beam [rad], > 0. Default
   * 0.05 (3.6 LD06 beam spacings). Wider, and the range would come from a line drawn across a gap
   * where the scan saw nothing or something else (a near object, a hole): invalid.
   */
  readonly max_bearing_gap_rad?: number;
}

/** A virtual beam's measurement for one scan. The object is reused by VirtualBeam.measure. */
export interface VirtualBeamResult {
  name: string;
  /** Range along the bearing to the fitted surface [m], or NaN / -Inf / +Inf per REP-117. */
  range_m: number;
  /** Standard deviation of range_m from the fit's residuals and geometry [m]; NaN when invalid. */
  range_std_m: number;
  /** RMS orthogonal residual of the inliers [m]. */
  residual_m: number;
  /** Inlier beams used in the final fit [1]. */
  points_used: number;
  /** Valid beams in the window [1]. */
  points_in_window: number;
  /** Angle between the beam and the surface normal [rad]. */
  incidence_rad: number;
  /** Angle between the bearing and the nearest inlier beam [rad]; NaN before a fit. */
  bearing_gap_rad: number;
  /** Why range_m is not valid; "" when it is. */
  reason: string;
}

/**
 * Turns the beams around a bearing into one precise range: robust line fit (plain total least
 * squares when every beam fits; otherwise RANSAC on pairs, then TLS refits on the inliers), then
 * the distance along the bearing to that line. Averages out per-beam noise on a flat surface
 * (fence, wall, backboard face), so its range is far steadier than the single beam's.
 */
/** VirtualBeam's defaults: laser_ranging's schema takes its virtual_beams.* defaults from them. */
export const VIRTUAL_BEAM_DEFAULTS = {
  /** [beams] */
  min_points: 8,
  /** [m] */
  max_residual_m: 0.03,
  /** [rad] */
  max_incidence_rad: 1.2,
  /** [m] */
  inlier_threshold_m: 0.05,
  /** [draws] */
  ransac_iterations: 32,
  /** [rad] */
  max_bearing_gap_rad: 0.05,
} as const;

export class VirtualBeam {
  private settings: Required<VirtualBeamConfig>;
  readonly result: VirtualBeamResult;
  private readonly random: () => number;
  private xs = new Float64Array(64);
  private ys = new Float64Array(64);
  /** Angle of each collected beam from the bearing [rad], in (-pi, pi]. */
  private offsets = new Float64Array(64);
  private inlier = new Uint8Array(64);
  private readonly fit = new LineFit();
  private gapRejections = 0;

  /** @param random uniform [0, 1) source for RANSAC (inject a seeded one for reproducibility) */
  constructor(config: VirtualBeamConfig, random: () => number) {
    const c: Required<VirtualBeamConfig> = { ...VIRTUAL_BEAM_DEFAULTS, ...withoutUndefined(config) };
    const where = `virtual beam "${c.name}"`;
    if (typeof c.name !== "string" || c.name === "") throw new Error(`virtual beam name must be a non-empty string, got ${JSON.stringify(c.name)}`);
    if (!Number.isFinite(c.bearing_rad)) throw new Error(`${where}: bearing_rad must be finite, got ${c.bearing_rad}`);
    if (!(c.half_width_rad > 0 && c.half_width_rad < Math.PI)) throw new Error(`${where}: half_width_rad must be in (0, pi), got ${c.half_width_rad}`);
    if (!Number.isInteger(c.min_points) || c.min_points < 3) throw new Error(`${where}: min_points must be an integer >= 3, got ${c.min_points}`);
    if (!(c.max_residual_m > 0)) throw new Error(`${where}: max_residual_m must be > 0, got ${c.max_residual_m}`);
    if (!(c.max_incidence_rad > 0 && c.max_incidence_rad < Math.PI / 2)) {
      throw new Error(`${where}: max_incidence_rad must be in (0, pi/2), got ${c.max_incidence_rad}`);
    }
    if (!(c.inlier_threshold_m > 0)) throw new Error(`${where}: inlier_threshold_m must be > 0, got ${c.inlier_threshold_m}`);
    if (!Number.isInteger(c.ransac_iterations) || c.ransac_iterations < 1) {
      throw new Error(`${where}: ransac_iterations must be an integer >= 1, got ${c.ransac_iterations}`);
    }
    if (!(c.max_bearing_gap_rad > 0 && c.max_bearing_gap_rad <= Math.PI)) {
      throw new Error(`${where}: max_bearing_gap_rad must be in (0, pi], got ${c.max_bearing_gap_rad}`);
    }
    this.settings = c;
    this.random = random;
    this.result = {
      name: c.name,
      range_m: Number.NaN,
      range_std_m: Number.NaN,
      residual_m: Number.NaN,
      points_used: 0,
      points_in_window: 0,
      incidence_rad: Number.NaN,
      bearing_gap_rad: Number.NaN,
      reason: "not measured yet",
    };
  }

  get config(): Required<VirtualBeamConfig> {
    return this.settings;
  }

  /**
   * Turns the beam to `bearing_rad` in place (its mount moved: a later /tf_static), keeping its
   * statistics; takes effect at the next scan.
   */
  setBearing(bearing_rad: number): void {
    if (!Number.isFinite(bearing_rad)) throw new Error(`virtual beam "${this.settings.name}": bearing_rad must be finite, got ${bearing_rad}`);
    this.settings = { ...this.settings, bearing_rad };
  }

  /** Scans whose fit was refused because no inlier lay within max_bearing_gap_rad of the bearing [1]. */
  get bearingGapRejections(): number {
    return this.gapRejections;
  }

  /** Measures on a geometrically sane scan (ScanBuffer.geometryProblem() === ""). Never throws. */
  measure(scan: ScanBuffer): VirtualBeamResult {
    const r = this.invalidate("");
    const n = this.collect(scan);
    r.points_in_window = n;
    const c = this.config;
    if (n < c.min_points) return this.fail(`${n} valid beams in the window < min_points ${c.min_points}`);
    if (!this.robustFit(n)) return this.fail("no line found among the beams");
    const f = this.fit;
    r.points_used = f.n;
    r.residual_m = f.rms;
    if (f.n < c.min_points) return this.fail(`${f.n} inliers < min_points ${c.min_points}`);
    if (f.rms > c.max_residual_m) return this.fail(`residual ${f.rms.toFixed(4)} m > max_residual_m ${c.max_residual_m}`);
    const ux = Math.cos(c.bearing_rad);
    const uy = Math.sin(c.bearing_rad);
    const cosInc = f.nx * ux + f.ny * uy;
    r.incidence_rad = Math.acos(Math.min(1, Math.abs(cosInc)));
    if (r.incidence_rad > c.max_incidence_rad) {
      return this.fail(`incidence ${r.incidence_rad.toFixed(3)} rad > max_incidence_rad ${c.max_incidence_rad}`);
    }
    if (!(cosInc > 0)) return this.fail("the bearing does not meet the fitted line");
    const gap = this.bearingGap(n);
    if (gap !== "") {
      this.gapRejections++;
      return this.fail(gap);
    }
    const t = f.c / cosInc;
    // Position of the hit along the line, from the centroid (the fit's lever arm).
    const s = (t * ux - f.mx) * -f.ny + (t * uy - f.my) * f.nx;
    const sigma2 = f.n > 2 ? (f.rms * f.rms * f.n) / (f.n - 2) : Number.NaN;
    const offsetVar = sigma2 / f.n + (f.spreadAlong > 0 ? (s * s * sigma2) / f.spreadAlong : 0);
    r.range_std_m = Math.sqrt(offsetVar) / cosInc;
    if (t < scan.rangeMin) {
      r.range_m = Number.NEGATIVE_INFINITY;
      r.reason = `fitted range ${t.toFixed(3)} m < range_min ${scan.rangeMin} m`;
      return r;
    }
    if (t > scan.rangeMax) {
      r.range_m = Number.POSITIVE_INFINITY;
      r.reason = `fitted range ${t.toFixed(3)} m > range_max ${scan.rangeMax} m`;
      return r;
    }
    r.range_m = t;
    r.reason = "";
    return r;
  }

  /** Resets the result to "no measurement" with `reason` (also used when the whole scan is refused). */
  invalidate(reason: string): VirtualBeamResult {
    const r = this.result;
    r.range_m = Number.NaN;
    r.range_std_m = Number.NaN;
    r.residual_m = Number.NaN;
    r.points_used = 0;
    r.points_in_window = 0;
    r.incidence_rad = Number.NaN;
    r.bearing_gap_rad = Number.NaN;
    r.reason = reason;
    return r;
  }

  /** Invalid range, keeping the fit figures found so far for diagnostics. */
  private fail(reason: string): VirtualBeamResult {
    this.result.range_m = Number.NaN;
    this.result.range_std_m = Number.NaN;
    this.result.reason = reason;
    return this.result;
  }

  /** Copies the valid beams of the window into xs / ys; returns how many. */
  private collect(scan: ScanBuffer): number {
    const c = this.config;
    const count = scan.count;
    let first = scan.firstBeamAtOrAfter(c.bearing_rad - c.half_width_rad);
    let last = scan.lastBeamAtOrBefore(c.bearing_rad + c.half_width_rad);
    // A 360 degree scan has a seam (at +-pi or 0/2pi, as the driver chose): a window across it
    // wraps round to the other end instead of being cut in half.
    const fullTurn = count * scan.angleIncrement >= 2 * Math.PI - 0.5 * scan.angleIncrement;
    if (fullTurn) {
      last = Math.min(last, first + count - 1);
    } else {
      first = Math.max(0, first);
      last = Math.min(count - 1, last);
    }
    if (!(last >= first)) return 0;
    const cap = last - first + 1;
    if (this.xs.length < cap) {
      this.xs = new Float64Array(cap);
      this.ys = new Float64Array(cap);
      this.offsets = new Float64Array(cap);
      this.inlier = new Uint8Array(cap);
    }
    let n = 0;
    for (let k = first; k <= last; k++) {
      const i = ((k % count) + count) % count;
      const range = scan.ranges[i] ?? Number.NaN;
      if (!isValidRange(range, scan.rangeMin, scan.rangeMax)) continue;
      const a = scan.angleOf(k);
      this.xs[n] = range * Math.cos(a);
      this.ys[n] = range * Math.sin(a);
      this.offsets[n] = wrapToPi(a - c.bearing_rad);
      n++;
    }
    return n;
  }

  /** Leaves the final fit in this.fit and the inliers in this.inlier; false if none. */
  private robustFit(n: number): boolean {
    const f = this.fit;
    const thr = this.config.inlier_threshold_m;
    if (!fitLineTls(this.xs, this.ys, 0, n, f)) return false;
    if (this.markInliers(n, thr) === n) return true;
    this.ransac(n, thr);
    for (let iter = 0; iter < 3; iter++) {
      if (!fitLineTls(this.xs, this.ys, 0, n, f, this.inlier)) return false;
      const before = f.n;
      if (this.markInliers(n, thr) === before) break;
    }
    return fitLineTls(this.xs, this.ys, 0, n, f, this.inlier);
  }

  /** Sets this.fit to the 2-point line with most inliers (marks them). */
  private ransac(n: number, thr: number): void {
    const f = this.fit;
    let bestCount = -1;
    let bestNx = 0;
    let bestNy = 0;
    let bestC = 0;
    for (let k = 0; k < this.config.ransac_iterations; k++) {
      const i = Math.min(n - 1, Math.floor(this.random() * n));
      const j = Math.min(n - 1, Math.floor(this.random() * n));
      if (i === j) continue;
      const dx = at(this.xs, j) - at(this.xs, i);
      const dy = at(this.ys, j) - at(this.ys, i);
      const len = hypot2(dx, dy);
      if (!(len > 0)) continue;
      const nx = -dy / len;
      const ny = dx / len;
      const c = nx * at(this.xs, i) + ny * at(this.ys, i);
      let count = 0;
      for (let m = 0; m < n; m++) if (Math.abs(nx * at(this.xs, m) + ny * at(this.ys, m) - c) <= thr) count++;
      if (count > bestCount) {
        bestCount = count;
        bestNx = nx;
        bestNy = ny;
        bestC = c;
      }
    }
    if (bestCount < 0) return; // keep the plain fit's inliers
    f.nx = bestNx;
    f.ny = bestNy;
    f.c = bestC;
    this.markInliers(n, thr);
  }

  private markInliers(n: number, thr: number): number {
    let count = 0;
    for (let i = 0; i < n; i++) {
      const ok = Math.abs(this.fit.residual(at(this.xs, i), at(this.ys, i))) <= thr;
      this.inlier[i] = ok ? 1 : 0;
      if (ok) count++;
    }
    return count;
  }

  /**
   * Sets result.bearing_gap_rad to the angle from the bearing to the nearest inlier beam and
   * returns why the fit may not be used there, "" when it may. On a flat surface seen around the
   * bearing the nearest inlier is within half a beam spacing; a wide gap means the scan saw
   * nothing there (no return, a hole) or something off the line (a near object the fit skipped),
   * and a line drawn across it, or beyond its end, is a guess. Every valid beam within the gap
   * must be on the line too: one that is not says the bearing meets another surface (a window
   * that straddles a corner fits the wall beyond it; an object the fit skipped), and the range
   * along the bearing is not the line's.
   */
  private bearingGap(n: number): string {
    let before = Number.POSITIVE_INFINITY;
    let after = Number.POSITIVE_INFINITY;
    const limit = this.config.max_bearing_gap_rad;
    for (let i = 0; i < n; i++) {
      const off = this.offsets[i] ?? Number.NaN;
      if (this.inlier[i] === 1 || !(Math.abs(off) <= limit)) continue;
      this.result.bearing_gap_rad = Number.NaN;
      return `a beam ${off.toFixed(3)} rad from the bearing (${hypot2(at(this.xs, i), at(this.ys, i)).toFixed(3)} m) is off the fitted line: the bearing meets another surface`;
    }
    for (let i = 0; i < n; i++) {
      if (this.inlier[i] !== 1) continue;
      const off = this.offsets[i] ?? Number.NaN;
      if (off <= 0 && -off < before) before = -off;
      if (off >= 0 && off < after) after = off;
    }
    const nearest = Math.min(before, after);
    this.result.bearing_gap_rad = nearest;
    if (nearest <= limit) return "";
    const sides = Number.isFinite(before) && Number.isFinite(after) ? "on both sides" : `on the ${Number.isFinite(before) ? "clockwise" : "counter-clockwise"} side only`;
    return `nearest fitted beam ${nearest.toFixed(3)} rad from the bearing > max_bearing_gap_rad ${limit} (fitted beams ${sides})`;
  }
}

/** The angle in (-pi, pi] [rad]. */
function wrapToPi(a: number): number {
  const w = a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
  return w === -Math.PI ? Math.PI : w;
}
