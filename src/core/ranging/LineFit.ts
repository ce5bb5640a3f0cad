import { at } from "../indexed";
/**
 * A 2D line in Hesse normal form: points p with nx * p.x + ny * p.y = c, |n| = 1, c >= 0 (the
 * distance from the laser origin). Filled in place by fitLineTls so fits allocate nothing.
 */
export class LineFit {
  nx = 0;
  ny = 0;
  c = 0;
  /** Centroid of the points used [m]. */
  mx = 0;
  my = 0;
  /** Points used [1]. */
  n = 0;
  /** Root mean square orthogonal residual [m]. */
  rms = Number.NaN;
  /** Sum of squared positions along the line about the centroid [m^2] (the fit's lever arm). */
  spreadAlong = 0;

  /** Signed orthogonal distance of (x, y) to the line [m]. */
  residual(x: number, y: number): number {
    return this.nx * x + this.ny * y - this.c;
  }
}

/**
 * Total least squares line through the points i in [start, start + n) of xs / ys for which `use`
 * is undefined or use[i] === 1 (indexed like xs). Returns false (leaving `out` unusable) with
 * fewer than 2 points. The normal is the eigenvector of the smallest eigenvalue of the 2x2
 * scatter matrix. The offset lets a detector fit one segment of its point arrays without a view.
 */
export function fitLineTls(xs: Float64Array, ys: Float64Array, start: number, n: number, out: LineFit, use?: Uint8Array): boolean {
  const end = start + n;
  let count = 0;
  let sx = 0;
  let sy = 0;
  for (let i = start; i < end; i++) {
    if (use !== undefined && use[i] !== 1) continue;
    sx += at(xs, i);
    sy += at(ys, i);
    count++;
  }
  if (count < 2) return false;
  const mx = sx / count;
  const my = sy / count;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = start; i < end; i++) {
    if (use !== undefined && use[i] !== 1) continue;
    const dx = at(xs, i) - mx;
    const dy = at(ys, i) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  // Direction of largest spread; the normal is perpendicular to it.
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const dirX = Math.cos(theta);
  const dirY = Math.sin(theta);
  let nx = -dirY;
  let ny = dirX;
  let c = nx * mx + ny * my;
  if (c < 0) {
    nx = -nx;
    ny = -ny;
    c = -c;
  }
  const along = dirX * dirX * sxx + 2 * dirX * dirY * sxy + dirY * dirY * syy;
  const across = Math.max(0, sxx + syy - along);
  out.nx = nx;
  out.ny = ny;
  out.c = c;
  out.mx = mx;
  out.my = my;
  out.n = count;
  out.rms = Math.sqrt(across / count);
  out.spreadAlong = along;
  return true;
}
