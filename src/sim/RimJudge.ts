/**
 * The rim judge: exact clean-entry geometry. Near the rim the ball flies a straight line (its
 * velocity where its centre comes down through the rim plane). A sphere of radius r moving along
 * a line sweeps a cylinder of radius r about it; the cylinder cuts the rim plane in an ellipse
 * centred at the crossing point, with half-axis r / sin(a) along the horizontal direction of the
 * velocity (a = the velocity's angle below horizontal) and r across it. The rim, a circle of
 * radius R (its inner radius) in that plane, touches the ball iff one of its points lies in that
 * ellipse. A clean entry (a make) is the ellipse entirely inside the rim circle: its farthest
 * point from the rim centre no farther than R. A vertical drop's footprint is a circle of radius
 * r; a level or rising ball never comes down through the ring: a miss.
 *
 * The rule this replaced tested the crossing point against an ellipse with half-axes
 * R - r / sin(a) along the shot line and R - r across: right on the line of flight, and across
 * it only for steep entries (|across| r >= r^2 / sin^2(a) - r^2, above about 47 deg for R 0.225,
 * r 0.121), lenient everywhere else; the exact made region is its subset (see the test). Of
 * the old made region (a ball flying along the shot line), 75.6 % touches the rim at a 33 deg
 * entry, 19.7 % at 40, 8.7 % at 45, 1.8 % at 55.
 */

// Local names for the Math functions of the hot path: under jest (a vm context) every global
// lookup of Math costs about half a microsecond, which would dominate the judge's time.
const { sqrt, abs, max, min, atan2, cos, sin } = Math;
const finite = Number.isFinite;

export interface RimJudgeOptions {
  /** Rim inner radius R [m], from the court file (no default: a wrong rim makes every verdict wrong). */
  readonly rimRadius: number;
  /** Ball radius r [m], of the ball the true world flies. */
  readonly ballRadius: number;
}

/** Where the ball's centre came down through the rim plane, and how it was moving there. */
export interface RimCrossing {
  /** Ball centre where it came down through the rim plane, relative to the rim centre, court frame [m]. */
  readonly dx: number;
  readonly dy: number;
  /** Ball velocity there, court frame [m/s] (vz < 0). */
  readonly vx: number;
  readonly vy: number;
  readonly vz: number;
  /**
   * Unit horizontal direction of the shot line (release -> rim centre), to call a miss short /
   * long / wide [1]. Normalised here; must not be zero.
   */
  readonly lineX: number;
  readonly lineY: number;
}

/**
 * `along` / `across` [m]: the crossing point's components along the shot line (+ long, beyond the
 * rim centre) and across it (+ left of the shot direction). `clearance` [m]: R minus the largest
 * distance from the rim centre of any point of the ball's footprint (the ellipse above); >= 0 a
 * make, and how much room was left; < 0 how deep the ball cut into the rim; -Infinity for a ball
 * not coming down; NaN without a crossing.
 */
export type ShotVerdict =
  | { readonly made: true; readonly along: number; readonly across: number; readonly clearance: number }
  /**
   * A miss is `wide` when the crossing point is farther across the shot line than along it,
   * otherwise `short` (along < 0) or `long`. `short` includes a ball that never reaches rim
   * height; `long` one still climbing when time ran out.
   */
  | { readonly made: false; readonly miss: "short" | "long" | "wide"; readonly along: number; readonly across: number; readonly clearance: number };

/**
 * The largest distance [m] from the origin of a point of the ellipse centred at (p, q) [m] with
 * half-axes a [m] along x and b [m] along y: max over t of |(p + a cos t, q + b sin t)|, exact to
 * rounding.
 *
 * Seen from the ellipse, the origin is the point (-p, -q); by the ellipse's symmetries take
 * Q = (|p|, |q|), whose farthest ellipse point X lies in the opposite quadrant. With the axes
 * ordered a >= b, X = (-|p| a^2 / s, -|q| b^2 / (s + a^2 - b^2)) for the one root s > 0 of
 * (|p| a / s)^2 + (|q| b / (s + a^2 - b^2))^2 = 1 (Lagrange: X - Q along the ellipse's normal,
 * pointing out). That function of s is convex and decreasing, so Newton's method started at a
 * lower bound of the root (where one term alone is 1) climbs to it monotonically. X is then put
 * back exactly on the ellipse through its angle, so the distance's error is second order in the
 * root's. When p is zero (to 1e-15 relative) the maximum is either on the b axis or at the two
 * points x^2 / a^2 = 1 - (q b / (a^2 - b^2))^2 / b^2, in closed form.
 */
export function farthestEllipseDistance(p: number, q: number, a: number, b: number): number {
  if (!(a >= 0 && b >= 0 && finite(a) && finite(b))) throw new Error(`ellipse half-axes must be finite and >= 0, got ${a} and ${b}`);
  // Order the axes a >= b (swapping the coordinates with them) and fold into the first quadrant.
  const x0 = abs(a >= b ? p : q);
  const y0 = abs(a >= b ? q : p);
  const A = max(a, b);
  const B = min(a, b);
  if (A === B) return sqrt(x0 * x0 + y0 * y0) + A;
  // A segment (B = 0): its far end.
  if (B === 0) return sqrt((x0 + A) ** 2 + y0 * y0);
  const d = A * A - B * B;
  // The two axis ends facing away from Q: lower bounds of the maximum, and a guard on rounding.
  const onAxes = sqrt(max((x0 + A) ** 2 + y0 * y0, x0 * x0 + (y0 + B) ** 2));
  if (x0 <= 1e-15 * (A + y0)) {
    // On the minor axis: the far point is either (0, -B) or one of a symmetric pair.
    const y = (-y0 * B * B) / d;
    if (y0 * B >= d) return onAxes;
    const x2 = A * A * (1 - (y / B) ** 2);
    return max(onAxes, sqrt(x2 + (y - y0) ** 2));
  }
  let s = max(x0 * A, y0 * B - d);
  for (let k = 0; k < 200; k++) {
    const u = (x0 * A) / s;
    const w = (y0 * B) / (s + d);
    const g = u * u + w * w - 1;
    if (!(g > 0)) break;
    const step = g / (2 * ((u * u) / s + (w * w) / (s + d)));
    s += step;
    if (step <= 1e-16 * s) break;
  }
  const t = atan2((-y0 * B) / (s + d), (-x0 * A) / s);
  return max(onAxes, sqrt((A * cos(t) - x0) ** 2 + (B * sin(t) - y0) ** 2));
}

export class RimJudge {
  /** Rim inner radius R [m]. */
  readonly rimRadius: number;
  /** Ball radius r [m]. */
  readonly ballRadius: number;

  constructor(options: RimJudgeOptions) {
    const { rimRadius, ballRadius } = options;
    if (!(ballRadius > 0 && finite(ballRadius))) throw new Error(`ballRadius must be a finite number > 0 m, got ${ballRadius}`);
    if (!(rimRadius > ballRadius && finite(rimRadius))) throw new Error(`rimRadius must be finite and exceed ballRadius (${ballRadius} m), got ${rimRadius}`);
    this.rimRadius = rimRadius;
    this.ballRadius = ballRadius;
  }

  /**
   * R - r / sin(a) [m]: the clearance of a dead-centre crossing at entry angle a [rad] below
   * horizontal, and the room along the line of flight; -Infinity for a = 0 or below.
   */
  clearance(entryAngle: number): number {
    const s = sin(entryAngle);
    return s > 0 ? this.rimRadius - this.ballRadius / s : -Infinity;
  }

  /**
   * R minus the largest distance [m] from the rim centre of the ball's footprint in the rim plane
   * (the ellipse centred at the crossing, half-axes r / sin(a) along the velocity's horizontal
   * direction and r across): >= 0 a clean entry. -Infinity when the ball is not coming down.
   */
  footprintClearance(dx: number, dy: number, vx: number, vy: number, vz: number): number {
    if (!(vz < 0)) return -Infinity;
    const r = this.ballRadius;
    const horizontal = sqrt(vx * vx + vy * vy);
    // r / sin(a), with sin(a) = -vz / |v|.
    const along = (r * sqrt(horizontal * horizontal + vz * vz)) / -vz;
    if (horizontal === 0) return this.rimRadius - (sqrt(dx * dx + dy * dy) + r);
    const ex = vx / horizontal;
    const ey = vy / horizontal;
    return this.rimRadius - farthestEllipseDistance(dx * ex + dy * ey, -dx * ey + dy * ex, along, r);
  }

  judge(c: RimCrossing): ShotVerdict {
    for (const key of ["dx", "dy", "vx", "vy", "vz", "lineX", "lineY"] as const) {
      if (!finite(c[key])) throw new Error(`rim crossing ${key} must be finite, got ${c[key]}`);
    }
    const norm = sqrt(c.lineX * c.lineX + c.lineY * c.lineY);
    if (!(norm > 0)) throw new Error(`rim crossing shot line must not be zero, got (${c.lineX}, ${c.lineY})`);
    const ux = c.lineX / norm;
    const uy = c.lineY / norm;
    const along = c.dx * ux + c.dy * uy;
    const across = -c.dx * uy + c.dy * ux;
    const clearance = this.footprintClearance(c.dx, c.dy, c.vx, c.vy, c.vz);
    // A grazing touch (clearance exactly 0) counts as clean, as the old rule's "<= 1" did.
    if (clearance >= 0) return { made: true, along, across, clearance };
    const miss = abs(across) > abs(along) ? "wide" : along < 0 ? "short" : "long";
    return { made: false, miss, along, across, clearance };
  }

  /** A flight that never came down through the rim plane. */
  noCrossing(reason: "below_rim" | "timeout"): ShotVerdict {
    return reason === "below_rim"
      ? { made: false, miss: "short", along: -Infinity, across: 0, clearance: NaN }
      : { made: false, miss: "long", along: Infinity, across: 0, clearance: NaN };
  }
}
