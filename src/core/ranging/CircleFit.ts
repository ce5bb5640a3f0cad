import { hypot2 } from "../hypot";
import { at } from "../indexed";
/** A circle of known radius fitted to points; filled in place by fitCircleKnownRadius. */
export class CircleFit {
  /** Centre [m]. */
  cx = Number.NaN;
  cy = Number.NaN;
  /** RMS of |p - c| - radius [m]. */
  rms = Number.NaN;
  iterations = 0;
}

/**
 * Least squares centre of a circle of known `radius` [m] through points i in [start, start + n)
 * of xs / ys, by Gauss-Newton on r_i = |p_i - c| - radius. Starts behind the arc as seen from
 * the laser (a pole shows the laser its near side), which picks the right one of the two mirror
 * solutions even with 2 points. Returns false if it fails to converge to a finite centre.
 */
export function fitCircleKnownRadius(
  xs: Float64Array,
  ys: Float64Array,
  start: number,
  n: number,
  radius: number,
  out: CircleFit,
  maxIterations = 20,
): boolean {
  if (n < 2) return false;
  let mx = 0;
  let my = 0;
  for (let i = start; i < start + n; i++) {
    mx += at(xs, i);
    my += at(ys, i);
  }
  mx /= n;
  my /= n;
  const d = hypot2(mx, my);
  if (!(d > 0)) return false;
  let cx = mx + (radius * mx) / d;
  let cy = my + (radius * my) / d;
  let it = 0;
  for (; it < maxIterations; it++) {
    let a11 = 1e-12;
    let a12 = 0;
    let a22 = 1e-12;
    let b1 = 0;
    let b2 = 0;
    for (let i = start; i < start + n; i++) {
      const dx = cx - at(xs, i);
      const dy = cy - at(ys, i);
      const dist = hypot2(dx, dy);
      if (!(dist > 0)) continue;
      const jx = dx / dist;
      const jy = dy / dist;
      const res = dist - radius;
      a11 += jx * jx;
      a12 += jx * jy;
      a22 += jy * jy;
      b1 -= jx * res;
      b2 -= jy * res;
    }
    const det = a11 * a22 - a12 * a12;
    if (!(Math.abs(det) > 1e-18)) break;
    const sx = (a22 * b1 - a12 * b2) / det;
    const sy = (a11 * b2 - a12 * b1) / det;
    // Damp steps longer than the radius: with 2-3 points the problem is nearly flat sideways.
    const step = hypot2(sx, sy);
    const scale = step > radius ? radius / step : 1;
    cx += sx * scale;
    cy += sy * scale;
    if (step < 1e-7) break;
  }
  let ss = 0;
  for (let i = start; i < start + n; i++) {
    const res = hypot2(cx - at(xs, i), cy - at(ys, i)) - radius;
    ss += res * res;
  }
  out.cx = cx;
  out.cy = cy;
  out.rms = Math.sqrt(ss / n);
  out.iterations = it;
  return Number.isFinite(cx) && Number.isFinite(cy);
}
