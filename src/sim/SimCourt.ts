import type { CourtSpec } from "../core/court/courtMap";

/**
 * The simulator's own court geometry and ray caster. It reads the same numbers as the estimator
 * (the court map YAML, through CourtSpec) but builds its surfaces and casts its rays with code of
 * its own, so a bug in the estimator's geometry cannot hide by being copied into the sensor truth.
 *
 * Court frame as courtMap.ts: origin at the court centre on the floor, x towards the target hoop,
 * y left, z up. A ray has an azimuth in the court frame and an elevation above horizontal, so a
 * laser mounted 5 cm up sees the 10 cm fence while a beam mounted higher passes over it.
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

export interface SimCourtOptions {
  /** Rim tube radius [m]: the ring a laser can catch. Default 0.01 (a 20 mm steel rim, estimate). */
  readonly rimTubeRadius?: number;
  /** How far the net hangs below the rim [m]. Default 0.40 (FIBA nets 0.40-0.45 m). */
  readonly netLength?: number;
  /** Chance a ray crossing the net returns from it [1]. Default 0.3 (estimate: an open mesh). */
  readonly netReflectivity?: number;
}

const NO_HIT: RayHit = { range: Infinity, surface: "" };

export class SimCourt {
  readonly surfaces: readonly SimSurface[];
  /** Rim inner radius [m]. */
  readonly rimRadius: number;

  constructor(
    readonly spec: CourtSpec,
    options: SimCourtOptions = {},
  ) {
    const tube = options.rimTubeRadius ?? 0.01;
    const netLength = options.netLength ?? 0.4;
    const netReflectivity = options.netReflectivity ?? 0.3;
    if (!(tube > 0 && tube < 0.1)) throw new Error(`rimTubeRadius must be in (0, 0.1) m, got ${tube}`);
    if (!(netLength >= 0)) throw new Error(`netLength must be >= 0 m, got ${netLength}`);
    if (!(netReflectivity >= 0 && netReflectivity <= 1)) throw new Error(`netReflectivity must be in [0, 1], got ${netReflectivity}`);
    this.rimRadius = spec.rimInnerDiameter / 2;
    const hx = spec.length / 2;
    const hy = spec.width / 2;
    const fence = (name: string, ax: number, ay: number, bx: number, by: number): SimSegment => ({
      kind: "segment",
      name,
      ax,
      ay,
      bx,
      by,
      zMin: 0,
      zMax: spec.fenceHeight,
      reflectivity: 1,
    });
    const surfaces: SimSurface[] = [
      fence("fence_right", -hx, -hy, hx, -hy),
      fence("fence_far", hx, -hy, hx, hy),
      fence("fence_left", hx, hy, -hx, hy),
      fence("fence_near", -hx, hy, -hx, -hy),
    ];
    const hoop = (sign: 1 | -1, suffix: string): void => {
      const fx = Math.cos(spec.hoopFacing);
      const fy = Math.sin(spec.hoopFacing);
      const rimX = sign * spec.hoopX;
      const rimY = sign * spec.hoopY;
      const boardX = rimX - sign * spec.backboardOffset * fx;
      const boardY = rimY - sign * spec.backboardOffset * fy;
      const half = spec.backboardWidth / 2;
      surfaces.push({
        kind: "segment",
        name: `backboard${suffix}`,
        ax: boardX - half * fy,
        ay: boardY + half * fx,
        bx: boardX + half * fy,
        by: boardY - half * fx,
        zMin: spec.backboardBottomHeight,
        zMax: spec.backboardBottomHeight + spec.backboardHeight,
        reflectivity: 1,
      });
      surfaces.push({
        kind: "circle",
        name: `pole${suffix}`,
        cx: sign * spec.poleX,
        cy: sign * spec.poleY,
        radius: spec.poleRadius,
        zMin: 0,
        zMax: spec.poleHeight,
        reflectivity: 1,
        hollow: false,
      });
      surfaces.push({
        kind: "circle",
        name: `rim${suffix}`,
        cx: rimX,
        cy: rimY,
        radius: this.rimRadius + tube,
        zMin: spec.rimHeight - tube,
        zMax: spec.rimHeight + tube,
        reflectivity: 1,
        hollow: true,
      });
      if (netLength > 0) {
        surfaces.push({
          kind: "circle",
          name: `net${suffix}`,
          cx: rimX,
          cy: rimY,
          radius: this.rimRadius,
          zMin: spec.rimHeight - netLength,
          zMax: spec.rimHeight - tube,
          reflectivity: netReflectivity,
          hollow: true,
        });
      }
    };
    hoop(1, "");
    if (spec.secondHoop) hoop(-1, "_2");
    this.surfaces = surfaces;
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
