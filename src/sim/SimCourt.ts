import type { CourtSpec } from "../core/court/courtMap";
import { SimScene, type SimSegment, type SimSurface } from "./SimScene";

export type { RayHit, SimCircle, SimSegment, SimSurface } from "./SimScene";

/**
 * The simulator's own court geometry. It reads the same numbers as the estimator (the court map
 * YAML, through CourtSpec) but builds its surfaces and casts its rays (SimScene) with code of its
 * own, so a bug in the estimator's geometry cannot hide by being copied into the sensor truth.
 *
 * Court frame as courtMap.ts: origin at the court centre on the floor, x towards the target hoop,
 * y left, z up. A ray has an azimuth in the court frame and an elevation above horizontal, so a
 * laser mounted 5 cm up sees the 10 cm fence while a beam mounted higher passes over it.
 */

export interface SimCourtOptions {
  /** Rim tube radius [m]: the ring a laser can catch. Default 0.01 (a 20 mm steel rim, estimate). */
  readonly rimTubeRadius?: number;
  /** How far the net hangs below the rim [m]. Default 0.40 (FIBA nets 0.40-0.45 m). */
  readonly netLength?: number;
  /** Chance a ray crossing the net returns from it [1]. Default 0.3 (estimate: an open mesh). */
  readonly netReflectivity?: number;
}

/** The court's surfaces (fence, backboards, poles, rims, nets) on the simulator's ray caster. */
export class SimCourt extends SimScene {
  /** Rim inner radius [m]. */
  readonly rimRadius: number;

  constructor(
    readonly spec: CourtSpec,
    options: SimCourtOptions = {},
  ) {
    super(courtSurfaces(spec, options));
    this.rimRadius = spec.rimInnerDiameter / 2;
  }
}

/** The surfaces of the court `spec` describes: four fence sides, then each hoop's board, pole, rim and net. */
export function courtSurfaces(spec: CourtSpec, options: SimCourtOptions = {}): SimSurface[] {
  const hoop: HoopOptions = {
    tube: options.rimTubeRadius ?? 0.01,
    netLength: options.netLength ?? 0.4,
    netReflectivity: options.netReflectivity ?? 0.3,
  };
  if (!(hoop.tube > 0 && hoop.tube < 0.1)) throw new Error(`rimTubeRadius must be in (0, 0.1) m, got ${hoop.tube}`);
  if (!(hoop.netLength >= 0)) throw new Error(`netLength must be >= 0 m, got ${hoop.netLength}`);
  if (!(hoop.netReflectivity >= 0 && hoop.netReflectivity <= 1)) throw new Error(`netReflectivity must be in [0, 1], got ${hoop.netReflectivity}`);
  return [...fenceSides(spec), ...hoopSurfaces(spec, 1, "", hoop), ...(spec.secondHoop ? hoopSurfaces(spec, -1, "_2", hoop) : [])];
}

/** The fence's four sides, counter-clockwise from the right one, as high as `spec.fenceHeight`. */
function fenceSides(spec: CourtSpec): SimSegment[] {
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
  return [fence("fence_right", -hx, -hy, hx, -hy), fence("fence_far", hx, -hy, hx, hy), fence("fence_left", hx, hy, -hx, hy), fence("fence_near", -hx, hy, -hx, -hy)];
}

/** The rim tube radius, the net's length and reflectivity (SimCourtOptions with their defaults). */
interface HoopOptions {
  readonly tube: number;
  readonly netLength: number;
  readonly netReflectivity: number;
}

/** One hoop's backboard, pole, rim and net (none when netLength is 0): the target hoop (sign 1) or the one mirrored through the centre (-1). */
function hoopSurfaces(spec: CourtSpec, sign: 1 | -1, suffix: string, options: HoopOptions): SimSurface[] {
  const { tube, netLength } = options;
  const rimRadius = spec.rimInnerDiameter / 2;
  const fx = Math.cos(spec.hoopFacing);
  const fy = Math.sin(spec.hoopFacing);
  const rimX = sign * spec.hoopX;
  const rimY = sign * spec.hoopY;
  const boardX = rimX - sign * spec.backboardOffset * fx;
  const boardY = rimY - sign * spec.backboardOffset * fy;
  const half = spec.backboardWidth / 2;
  const surfaces: SimSurface[] = [
    {
      kind: "segment",
      name: `backboard${suffix}`,
      ax: boardX - half * fy,
      ay: boardY + half * fx,
      bx: boardX + half * fy,
      by: boardY - half * fx,
      zMin: spec.backboardBottomHeight,
      zMax: spec.backboardBottomHeight + spec.backboardHeight,
      reflectivity: 1,
    },
    { kind: "circle", name: `pole${suffix}`, cx: sign * spec.poleX, cy: sign * spec.poleY, radius: spec.poleRadius, zMin: 0, zMax: spec.poleHeight, reflectivity: 1, hollow: false },
    { kind: "circle", name: `rim${suffix}`, cx: rimX, cy: rimY, radius: rimRadius + tube, zMin: spec.rimHeight - tube, zMax: spec.rimHeight + tube, reflectivity: 1, hollow: true },
  ];
  if (netLength > 0) {
    surfaces.push({
      kind: "circle",
      name: `net${suffix}`,
      cx: rimX,
      cy: rimY,
      radius: rimRadius,
      zMin: spec.rimHeight - netLength,
      zMax: spec.rimHeight - tube,
      reflectivity: options.netReflectivity,
      hollow: true,
    });
  }
  return surfaces;
}
