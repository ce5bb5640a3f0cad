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

/** Surface kinds in the compiled table. */
const SEGMENT = 0;
const CIRCLE = 1;
const HOLLOW_CIRCLE = 2;
/**
 * Per surface, STRIDE numbers: kind, then for a segment ax, ay, -ey, -ex (e = b - a), for a
 * circle cx, cy, radius^2, unused; then zMin, zMax, reflectivity. Precomputing -e and r^2 gives
 * the same values the cast computed per ray (a negation is exact, r * r the same product).
 */
const STRIDE = 8;
/** lastSurface when the ray hit nothing, or the floor. */
const NO_SURFACE = -1;
const FLOOR = -2;
/** Level rays at this many heights keep their candidate lists; more heights start the cache over. */
const LEVEL_CACHE_SIZE = 16;

/** A world the simulated lasers cast into: its surfaces and the first hit along a ray. */
export class SimScene {
  /** The surfaces as numbers (see STRIDE), in the order given: ties go to the earlier surface. */
  private readonly table: Float64Array;
  /** Surfaces whose height band holds z, per height of level rays cast so far (a lidar's one, a laser's own). */
  private readonly levelCandidates = new Map<number, Int32Array>();
  private readonly allSurfaces: Int32Array;
  /** The surface the last ray hit (index, NO_SURFACE or FLOOR): cast's name without a result object per ray. */
  private lastSurface = NO_SURFACE;

  constructor(readonly surfaces: readonly SimSurface[]) {
    for (const surface of surfaces) validateSurface(surface);
    this.table = new Float64Array(surfaces.length * STRIDE);
    surfaces.forEach((surface, i) => {
      const o = i * STRIDE;
      if (surface.kind === "segment") {
        this.table.set([SEGMENT, surface.ax, surface.ay, -(surface.by - surface.ay), -(surface.bx - surface.ax), 0], o);
      } else {
        this.table.set([surface.hollow ? HOLLOW_CIRCLE : CIRCLE, surface.cx, surface.cy, surface.radius * surface.radius, 0, 0], o);
      }
      this.table[o + 5] = surface.zMin;
      this.table[o + 6] = surface.zMax;
      this.table[o + 7] = surface.reflectivity;
    });
    this.allSurfaces = Int32Array.from(surfaces.keys());
  }

  /**
   * The first surface a ray meets, from (x, y, z) [m] along azimuth [rad] (court frame) tilted
   * `elevation` [rad] above horizontal. Porous surfaces return with their reflectivity, decided by
   * `uniform` (always, when omitted). The floor (z = 0) is a surface too.
   */
  cast(x: number, y: number, z: number, azimuth: number, elevation = 0, uniform?: () => number): RayHit {
    const range = this.castRange(x, y, z, azimuth, elevation, uniform);
    if (this.lastSurface === NO_SURFACE) return NO_HIT;
    return { range, surface: this.lastSurface === FLOOR ? "floor" : (this.surfaces[this.lastSurface]?.name ?? "") };
  }

  /** cast's range alone [m] (+Infinity: nothing hit), allocating nothing: the sensor models' hot path. */
  castRange(x: number, y: number, z: number, azimuth: number, elevation = 0, uniform?: () => number): number {
    const level = elevation === 0;
    const slope = Math.tan(elevation);
    // A level ray stays at its height: surfaces outside that band cannot be hit (most of a lidar's work).
    const candidates = level ? this.levelAt(z) : this.allSurfaces;
    let best = this.nearest(candidates, x, y, z, Math.cos(azimuth), Math.sin(azimuth), slope, uniform);
    if (elevation < 0 && z > 0) {
      const s = z / -slope;
      if (s < best) {
        best = s;
        this.lastSurface = FLOOR;
      }
    }
    return Number.isFinite(best) ? best / Math.cos(elevation) : Infinity;
  }

  /**
   * A level fan of `count` rays from (x, y, z) [m], ray i along azimuth `start + i * increment`
   * [rad], their ranges [m] (+Infinity: nothing hit) into `out`: a lidar's revolution, each ray
   * exactly as castRange casts it, without the per-ray set-up.
   */
  castLevelFan(x: number, y: number, z: number, start: number, increment: number, count: number, out: Float64Array): void {
    const candidates = this.levelAt(z);
    for (let i = 0; i < count; i++) {
      const azimuth = start + i * increment;
      const best = this.nearest(candidates, x, y, z, Math.cos(azimuth), Math.sin(azimuth), 0, undefined);
      // best / cos(0): the same number.
      out[i] = Number.isFinite(best) ? best : Infinity;
    }
  }

  /** Indices of the surfaces whose height band holds z. */
  private levelAt(z: number): Int32Array {
    let candidates = this.levelCandidates.get(z);
    if (candidates === undefined) {
      if (this.levelCandidates.size >= LEVEL_CACHE_SIZE) this.levelCandidates.clear();
      candidates = Int32Array.from(this.surfaces.keys()).filter((i) => !(z < this.zMin(i) || z > this.zMax(i)));
      this.levelCandidates.set(z, candidates);
    }
    return candidates;
  }

  private zMin(i: number): number {
    return this.table[i * STRIDE + 5] ?? NaN;
  }

  private zMax(i: number): number {
    return this.table[i * STRIDE + 6] ?? NaN;
  }

  /**
   * The horizontal distance [m] to the first of `candidates` a ray from (x, y, z) with horizontal
   * direction (dx, dy) and `slope` (rise per horizontal metre) meets, +Infinity for none; the
   * surface's index into lastSurface. Surfaces in the given order, a tie to the earlier one.
   */
  private nearest(candidates: Int32Array, x: number, y: number, z: number, dx: number, dy: number, slope: number, uniform: (() => number) | undefined): number {
    const t = this.table;
    let best = Infinity;
    let hit = NO_SURFACE;
    for (let c = 0; c < candidates.length; c++) {
      const i = candidates[c] ?? 0;
      const o = i * STRIDE;
      const kind = t[o] ?? 0;
      const px = t[o + 1] ?? 0;
      const py = t[o + 2] ?? 0;
      // Each candidate distance s is taken when 1e-9 < s < best, the ray's height there lies in the
      // band, and (porous surface, with a uniform source) the draw says it returns.
      let first: number;
      let second = NaN;
      if (kind === SEGMENT) {
        // Solve origin + s d = a + t (b - a) for the horizontal distance s and t in [0, 1].
        const nEy = t[o + 3] ?? 0;
        const nEx = t[o + 4] ?? 0;
        const det = dx * nEy - dy * nEx;
        if (Math.abs(det) < 1e-12) continue;
        const rx = px - x;
        const ry = py - y;
        const along = (dx * ry - dy * rx) / det;
        if (!(along >= 0 && along <= 1)) continue;
        first = (rx * nEy - ry * nEx) / det;
      } else {
        const ox = x - px;
        const oy = y - py;
        const b = ox * dx + oy * dy;
        const disc = b * b - (ox * ox + oy * oy - (t[o + 3] ?? 0));
        if (disc < 0) continue;
        const root = Math.sqrt(disc);
        first = -b - root;
        if (kind === HOLLOW_CIRCLE) second = -b + root;
      }
      for (let k = 0; k < 2; k++) {
        const s = k === 0 ? first : second;
        if (!(s > 1e-9 && s < best)) continue;
        const h = z + s * slope;
        if (h < (t[o + 5] ?? 0) || h > (t[o + 6] ?? 0)) continue;
        const reflectivity = t[o + 7] ?? 1;
        if (reflectivity < 1 && uniform !== undefined && uniform() >= reflectivity) continue;
        best = s;
        hit = i;
      }
    }
    this.lastSurface = hit;
    return best;
  }
}

function validateSurface(surface: SimSurface): void {
  const where = `surface ${surface.name}`;
  if (!(surface.zMax >= surface.zMin)) throw new Error(`${where}: zMax must be >= zMin, got ${surface.zMin} and ${surface.zMax}`);
  if (!(surface.reflectivity >= 0 && surface.reflectivity <= 1)) throw new Error(`${where}: reflectivity must be in [0, 1], got ${surface.reflectivity}`);
  if (surface.kind === "circle" && !(surface.radius > 0)) throw new Error(`${where}: radius must be > 0 m, got ${surface.radius}`);
  if (surface.kind === "segment" && surface.ax === surface.bx && surface.ay === surface.by) throw new Error(`${where}: a segment needs two distinct ends`);
}
