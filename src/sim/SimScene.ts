/**
 * The simulator's ray caster over any set of surfaces: vertical wall segments and cylinders, each
 * occupying a height band above the floor, and the floor itself. SimCourt builds the court's
 * surfaces on it; src/sim/worlds builds rooms, corridors and halls on it, so every world the
 * sensor models (LidarModel, PointLaserModel) see is cast by the same code.
 *
 * Frame: x, y on the floor, z up [m]. A ray has an azimuth in that frame and an elevation above
 * horizontal, so a laser mounted 5 cm up sees a 10 cm fence while a beam mounted higher passes over it.
 */

export interface SimSegment {
  readonly kind: "segment";
  readonly name: string;
  readonly ax: number;
  readonly ay: number;
  readonly bx: number;
  readonly by: number;
  /** Height band the surface occupies above the floor [m]. */
  readonly zMin: number;
  readonly zMax: number;
  /** Chance a ray hitting it returns [1]; below 1 for porous things (the net). */
  readonly reflectivity: number;
}

export interface SimCircle {
  readonly kind: "circle";
  readonly name: string;
  readonly cx: number;
  readonly cy: number;
  /** [m] */
  readonly radius: number;
  readonly zMin: number;
  readonly zMax: number;
  readonly reflectivity: number;
  /** A hollow ring (rim, net) is hit where the ray enters and again where it leaves; a pole only where it enters. */
  readonly hollow: boolean;
}

export type SimSurface = SimSegment | SimCircle;

export interface RayHit {
  /** Distance along the beam [m]; +Infinity when nothing is hit. */
  readonly range: number;
  /** Name of the surface hit ("floor", "fence_far", "backboard", "rim", ...), "" for none. */
  readonly surface: string;
}

const NO_HIT: RayHit = { range: Infinity, surface: "" };

/** A world the simulated lasers cast into: its surfaces and the first hit along a ray. */
export class SimScene {
  constructor(readonly surfaces: readonly SimSurface[]) {
    for (const surface of surfaces) validateSurface(surface);
  }

  /**
   * The first surface a ray meets, from (x, y, z) [m] along azimuth [rad] (court frame) tilted
   * `elevation` [rad] above horizontal. Porous surfaces return with their reflectivity, decided by
   * `uniform` (always, when omitted). The floor (z = 0) is a surface too.
   */
  cast(x: number, y: number, z: number, azimuth: number, elevation = 0, uniform?: () => number): RayHit {
    const dx = Math.cos(azimuth);
    const dy = Math.sin(azimuth);
    const slope = Math.tan(elevation);
    const cosEl = Math.cos(elevation);
    let best = Infinity;
    let name = "";
    const consider = (s: number, surface: SimSurface): void => {
      if (!(s > 1e-9 && s < best)) return;
      const h = z + s * slope;
      if (h < surface.zMin || h > surface.zMax) return;
      if (surface.reflectivity < 1 && uniform !== undefined && uniform() >= surface.reflectivity) return;
      best = s;
      name = surface.name;
    };
    for (const surface of this.surfaces) {
      // A level ray stays at its height: surfaces outside that band cannot be hit (most of a lidar's work).
      if (elevation === 0 && (z < surface.zMin || z > surface.zMax)) continue;
      if (surface.kind === "segment") {
        // Solve origin + s d = a + t (b - a) for the horizontal distance s and t in [0, 1].
        const ex = surface.bx - surface.ax;
        const ey = surface.by - surface.ay;
        const det = dx * -ey - dy * -ex;
        if (Math.abs(det) < 1e-12) continue;
        const rx = surface.ax - x;
        const ry = surface.ay - y;
        const s = (rx * -ey - ry * -ex) / det;
        const t = (dx * ry - dy * rx) / det;
        if (t >= 0 && t <= 1) consider(s, surface);
      } else {
        const ox = x - surface.cx;
        const oy = y - surface.cy;
        const b = ox * dx + oy * dy;
        const c = ox * ox + oy * oy - surface.radius * surface.radius;
        const disc = b * b - c;
        if (disc < 0) continue;
        const root = Math.sqrt(disc);
        consider(-b - root, surface);
        if (surface.hollow) consider(-b + root, surface);
      }
    }
    if (elevation < 0 && z > 0) {
      const s = z / -slope;
      if (s < best) {
        best = s;
        name = "floor";
      }
    }
    return Number.isFinite(best) ? { range: best / cosEl, surface: name } : NO_HIT;
  }
}

function validateSurface(surface: SimSurface): void {
  const where = `surface ${surface.name}`;
  if (!(surface.zMax >= surface.zMin)) throw new Error(`${where}: zMax must be >= zMin, got ${surface.zMin} and ${surface.zMax}`);
  if (!(surface.reflectivity >= 0 && surface.reflectivity <= 1)) throw new Error(`${where}: reflectivity must be in [0, 1], got ${surface.reflectivity}`);
  if (surface.kind === "circle" && !(surface.radius > 0)) throw new Error(`${where}: radius must be > 0 m, got ${surface.radius}`);
  if (surface.kind === "segment" && surface.ax === surface.bx && surface.ay === surface.by) throw new Error(`${where}: a segment needs two distinct ends`);
}
