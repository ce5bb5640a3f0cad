/**
 * What no estimator can beat, for the ranging accuracy goals (issue 13): the Cramer-Rao bound of a
 * virtual beam's range on a straight wall and of a pole's centre, for the beams that see them with
 * independent Gaussian range noise; and, on a real recording, the spread of the plain mean of a
 * window's beams, the floor that noise shared by the window's beams sets for any spatial average.
 *
 * The bounds are computed from the geometry alone (the true scene), independently of the fitting
 * code in src/core/ranging, so a figure can say how far the shipped estimator is from the best
 * possible one instead of holding it to a fixed number that the geometry may put out of reach.
 */
import type { LaserScanLike } from "../core/ranging/ScanBuffer";
import { median } from "./figure";

/** (a - b) wrapped into (-pi, pi]. */
function angleBetween(a: number, b: number): number {
  let d = (a - b) % (2 * Math.PI);
  if (d > Math.PI) d -= 2 * Math.PI;
  if (d <= -Math.PI) d += 2 * Math.PI;
  return d;
}

/** A 2 x 2 symmetric information matrix [a11 a12; a12 a22]. */
interface Information2 {
  a11: number;
  a12: number;
  a22: number;
}

/** g' I^-1 g for a 2 x 2 information matrix; +Inf when it is singular (a direction not observed). */
function boundOf(info: Information2, g1: number, g2: number): number {
  const det = info.a11 * info.a22 - info.a12 * info.a12;
  if (!(det > 0)) return Number.POSITIVE_INFINITY;
  return (g1 * g1 * info.a22 - 2 * g1 * g2 * info.a12 + g2 * g2 * info.a11) / det;
}

/**
 * Cramer-Rao bound (standard deviation [m]) of the range along `bearing` [rad] to a straight
 * wall, estimated from the beams at `beamAngles` [rad] (those the estimator fits), each with
 * independent Gaussian range noise `sigma` [m] along its ray.
 *
 * The wall is the line {p : p . n(phi) = rho}: `rho` [m] its distance from the laser, `phi` [rad]
 * the direction of its normal. A beam at angle a reads r(a) = rho / cos(a - phi); the range along
 * the bearing is g = rho / cos(bearing - phi). The bound is grad(g)' I^-1 grad(g) with the
 * Fisher information I = sum over beams of grad(r) grad(r)' / sigma^2 in (rho, phi). Beams that
 * do not meet the wall in front of the laser are left out.
 */
export function wallRangeCrb(beamAngles: readonly number[], bearing: number, rho: number, phi: number, sigma: number): number {
  const info: Information2 = { a11: 0, a12: 0, a22: 0 };
  for (const a of beamAngles) {
    const u = angleBetween(a, phi);
    const c = Math.cos(u);
    if (!(c > 1e-9)) continue;
    // d r / d rho = 1 / cos u; d r / d phi = rho sin u / cos^2 u (u = a - phi).
    const dRho = 1 / c;
    const dPhi = (rho * Math.sin(u)) / (c * c);
    info.a11 += dRho * dRho;
    info.a12 += dRho * dPhi;
    info.a22 += dPhi * dPhi;
  }
  const v = angleBetween(bearing, phi);
  const cv = Math.cos(v);
  if (!(cv > 1e-9)) return Number.POSITIVE_INFINITY;
  const variance = sigma * sigma * boundOf(info, 1 / cv, (rho * Math.sin(v)) / (cv * cv));
  return Math.sqrt(variance);
}

/**
 * Cramer-Rao bound [m] of a round pole's centre (radius `radius` [m], centre (cx, cy) [m] in the
 * laser frame, radius known) from one scan's beams at `beamAngles` [rad], each with independent
 * Gaussian range noise `sigma` [m] along its ray: sqrt(trace(I^-1)), the least RMS distance from
 * the true centre any unbiased estimator reaches. Only beams that meet the pole count (a beam
 * that misses it carries no range information about it). +Inf when fewer than two meet it.
 *
 * A beam along unit vector u meets the pole at r = b - sqrt(b^2 - |c|^2 + R^2), b = u . c, so
 * d r / d c = u - (b u - c) / sqrt(b^2 - |c|^2 + R^2).
 */
export function poleCentreCrb(beamAngles: readonly number[], cx: number, cy: number, radius: number, sigma: number): number {
  const info: Information2 = { a11: 0, a12: 0, a22: 0 };
  for (const a of beamAngles) {
    const ux = Math.cos(a);
    const uy = Math.sin(a);
    const b = ux * cx + uy * cy;
    const disc = b * b - (cx * cx + cy * cy - radius * radius);
    if (!(disc > 0 && b > 0)) continue;
    const s = Math.sqrt(disc);
    const gx = ux - (b * ux - cx) / s;
    const gy = uy - (b * uy - cy) / s;
    info.a11 += gx * gx;
    info.a12 += gx * gy;
    info.a22 += gy * gy;
  }
  const det = info.a11 * info.a22 - info.a12 * info.a12;
  if (!(det > 0)) return Number.POSITIVE_INFINITY;
  return sigma * Math.sqrt((info.a11 + info.a22) / det);
}

/** The angles [rad] of a scan's beams within `halfWidth` [rad] of `bearing` (wrapping at +-pi), as a virtual beam collects them. */
export function beamAnglesAround(scan: Pick<LaserScanLike, "angle_min" | "angle_increment" | "ranges">, bearing: number, halfWidth: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < scan.ranges.length; i++) {
    const a = scan.angle_min + i * scan.angle_increment;
    if (Math.abs(angleBetween(a, bearing)) <= halfWidth) out.push(a);
  }
  return out;
}

/**
 * The floor for any spatial average of a recording's beams around `bearing` [rad]: over the scans,
 * the standard deviation of the mean deviation of the window's valid beams from each beam's own
 * median over the recording. Noise shared by the window's beams in one scan (a per-scan offset,
 * drift) is in every beam alike, so no average over them removes it.
 *
 * With per-beam noise sigma (independent) and a per-scan offset c shared by the N beams, this is
 * sqrt(c^2 + sigma^2 / N); the plain mean is then the best linear unbiased estimate of the offset
 * (its covariance sigma^2 I + c^2 1 1' treats every beam alike), so a line fit centred on the
 * bearing, which is that mean to first order, cannot do better either.
 */
export function windowMeanFloor(scans: readonly LaserScanLike[], bearing: number, halfWidth: number): number {
  const first = scans[0];
  if (first === undefined) return Number.NaN;
  const i0 = Math.max(0, Math.ceil((bearing - halfWidth - first.angle_min) / first.angle_increment));
  const i1 = Math.min(first.ranges.length - 1, Math.floor((bearing + halfWidth - first.angle_min) / first.angle_increment));
  const valid = (s: LaserScanLike, i: number): number => {
    const r = s.ranges[i] ?? Number.NaN;
    return r >= s.range_min && r <= s.range_max ? r : Number.NaN;
  };
  const medians: number[] = [];
  for (let i = i0; i <= i1; i++) {
    const v = scans.map((s) => valid(s, i)).filter(Number.isFinite);
    medians.push(v.length === 0 ? Number.NaN : median(v));
  }
  const means: number[] = [];
  for (const s of scans) {
    let sum = 0;
    let n = 0;
    for (let i = i0; i <= i1; i++) {
      const d = valid(s, i) - (medians[i - i0] ?? Number.NaN);
      if (Number.isFinite(d)) {
        sum += d;
        n++;
      }
    }
    if (n > 0) means.push(sum / n);
  }
  if (means.length < 2) return Number.NaN;
  const mean = means.reduce((a, v) => a + v, 0) / means.length;
  return Math.sqrt(means.reduce((a, v) => a + (v - mean) ** 2, 0) / (means.length - 1));
}
