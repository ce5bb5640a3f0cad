import { wrapAngle, type CourtMap, type Pose2, type Surface, type Vec2 } from "./courtMap";

/** A sensor's mount in base_link: position [m], height above the floor [m], heading [rad]. */
export interface SensorMount {
  readonly x: number;
  readonly y: number;
  /** Height of the beam above the floor [m]: the ray sees only surfaces spanning this height. */
  readonly z: number;
  readonly yaw: number;
  /**
   * What the sensor reports: "all" (default) the first surface along the ray; "lines" the first
   * straight surface (a lidar virtual beam fits a line over its window and reports the line's
   * range: a pole thinner than the window is an outlier to it, fused by the pole detection).
   */
  readonly sees?: "all" | "lines";
}

/** Where a ray first meets the map. */
export interface RayHit {
  /** Distance from the ray origin to the surface [m]. */
  readonly distance: number;
  /** Name of the surface hit (e.g. "fence_far", "backboard", "pole"). */
  readonly surface: string;
  /** Unit surface normal at the hit point, facing the ray (normal . direction < 0). */
  readonly normal: Vec2;
}

/** A predicted range with its derivative with respect to the robot pose. */
export interface PredictedRange extends RayHit {
  /** d range / d (x [m], y [m], yaw [rad]) of the robot pose: [1, 1, m/rad]. */
  readonly jacobian: readonly [number, number, number];
  /** Cosine of the angle between the ray and the surface normal (1: square on). */
  readonly incidenceCos: number;
}

/** Hits nearer than this are ignored so a ray starting on a surface does not hit it [m]. */
const MIN_DISTANCE = 1e-9;

/**
 * A ray and where it meets the map, worked out in place by castRayInto and predictRangeInto. The
 * start search predicts hundreds of thousands of ranges and the filter one per reading: a fresh
 * object or three for each (the hit, its normal, the Jacobian) kept the garbage collector pausing
 * the sensor callbacks they run in, so the hot paths own one of these. The ray comes in here too,
 * not as arguments: a number passed to (or returned from) a call the compiler does not inline is
 * boxed, a new object per number.
 */
export class RayCast {
  /** The ray (castRayInto's input): origin in the court frame [m], unit direction, height above the floor [m]. */
  originX = 0;
  originY = 0;
  directionX = 1;
  directionY = 0;
  z = 0;
  /** Distance from the ray origin to the surface [m]. The hit fields hold the last hit written, and nothing after a miss. */
  distance = 0;
  /** Name of the surface hit. */
  surface = "";
  /** Unit surface normal at the hit point, facing the ray. */
  normalX = 0;
  normalY = 0;
  /** d range / d (x [m], y [m], yaw [rad]) of the robot pose: [1, 1, m/rad] (predictRangeInto only). */
  dX = 0;
  dY = 0;
  dYaw = 0;
  /** Cosine of the angle between the ray and the surface normal (predictRangeInto only). */
  incidenceCos = 0;
}

/**
 * First surface a horizontal ray meets, or undefined when it leaves the map without a hit (it
 * passes over the fence, or starts outside the court pointing away).
 * @param origin ray origin in the court frame [m]
 * @param angle ray direction in the court frame [rad]
 * @param z ray height above the floor [m]
 */
export function castRay(map: CourtMap, origin: Vec2, angle: number, z: number, sees: "all" | "lines" = "all"): RayHit | undefined {
  const ray = new RayCast();
  ray.originX = origin.x;
  ray.originY = origin.y;
  ray.directionX = Math.cos(angle);
  ray.directionY = Math.sin(angle);
  ray.z = z;
  if (!castRayInto(map, sees, ray)) return undefined;
  return { distance: ray.distance, surface: ray.surface, normal: { x: ray.normalX, y: ray.normalY } };
}

/**
 * castRay of `ray` (its origin, direction and height), the hit written into it (distance,
 * surface, normal); false, and the hit fields left as they were, when it meets nothing.
 */
export function castRayInto(map: CourtMap, sees: "all" | "lines", ray: RayCast): boolean {
  const ox = ray.originX;
  const oy = ray.originY;
  const dx = ray.directionX;
  const dy = ray.directionY;
  const z = ray.z;
  let best = Infinity;
  let bestSurface: Surface | undefined;
  const surfaces = map.surfaces;
  for (let i = 0; i < surfaces.length; i++) {
    const s = surfaces[i];
    if (s === undefined || z < s.zMin || z > s.zMax) continue;
    if (s.kind === "segment") {
      // origin + t d = a + u (b - a), hit for t > 0 and u in [0, 1].
      const ex = s.b.x - s.a.x;
      const ey = s.b.y - s.a.y;
      const denom = dx * ey - dy * ex;
      if (denom === 0) continue; // parallel: a grazing ray never returns a range
      const wx = s.a.x - ox;
      const wy = s.a.y - oy;
      const t = (wx * ey - wy * ex) / denom;
      const u = (wx * dy - wy * dx) / denom;
      if (t > MIN_DISTANCE && u >= 0 && u <= 1 && t < best) {
        best = t;
        bestSurface = s;
      }
    } else if (sees === "all") {
      // The circle's outside only: nothing from inside it.
      const wx = ox - s.centre.x;
      const wy = oy - s.centre.y;
      const b = wx * dx + wy * dy;
      const cc = wx * wx + wy * wy - s.radius * s.radius;
      if (cc <= 0) continue;
      const disc = b * b - cc;
      if (disc < 0) continue;
      const t = -b - Math.sqrt(disc);
      if (t > MIN_DISTANCE && t < best) {
        best = t;
        bestSurface = s;
      }
    }
  }
  if (bestSurface === undefined) return false;
  let nx: number;
  let ny: number;
  if (bestSurface.kind === "segment") {
    // Normal of the segment's line; flipped below to face the ray.
    const normal = segmentNormal(bestSurface);
    nx = normal.x;
    ny = normal.y;
  } else {
    nx = (ox + best * dx - bestSurface.centre.x) / bestSurface.radius;
    ny = (oy + best * dy - bestSurface.centre.y) / bestSurface.radius;
  }
  if (nx * dx + ny * dy > 0) {
    nx = -nx;
    ny = -ny;
  }
  ray.distance = best;
  ray.surface = bestSurface.name;
  ray.normalX = nx;
  ray.normalY = ny;
  return true;
}

/** castDistance's ray: it is never called from within itself, so one will do. */
const distanceRay = new RayCast();

/**
 * Distance [m] to the first surface a horizontal ray meets (circles too), Infinity for none:
 * castRay without allocation.
 */
export function castDistance(map: CourtMap, ox: number, oy: number, angle: number, z: number): number {
  const ray = distanceRay;
  ray.originX = ox;
  ray.originY = oy;
  ray.directionX = Math.cos(angle);
  ray.directionY = Math.sin(angle);
  ray.z = z;
  return castRayInto(map, "all", ray) ? ray.distance : Infinity;
}

/**
 * Each segment's unit normal (to the left of a to b), worked out once: Math.hypot allocates on
 * every call in V8, and a ray cast would otherwise pay for it on every hit.
 */
const segmentNormals = new WeakMap<Surface, Vec2>();

function segmentNormal(s: Extract<Surface, { kind: "segment" }>): Vec2 {
  let normal = segmentNormals.get(s);
  if (normal === undefined) {
    const ex = s.b.x - s.a.x;
    const ey = s.b.y - s.a.y;
    const len = Math.hypot(ex, ey);
    normal = { x: -ey / len, y: ex / len };
    segmentNormals.set(s, normal);
  }
  return normal;
}

/** Origin [m] and direction [rad] of a mounted sensor's ray for a robot pose in the court frame. */
export function sensorRay(pose: Pose2, mount: SensorMount): { origin: Vec2; angle: number } {
  const c = Math.cos(pose.yaw);
  const s = Math.sin(pose.yaw);
  return {
    origin: { x: pose.x + c * mount.x - s * mount.y, y: pose.y + s * mount.x + c * mount.y },
    angle: pose.yaw + mount.yaw,
  };
}

/**
 * The range a mounted sensor should read from a robot pose, and its analytic derivative.
 * For a hit at distance r on a surface with normal n, moving the origin by ds changes r by
 * -n.ds / n.d and turning the ray by da changes it by -r n.d' / n.d (d the direction, d' its
 * derivative): the same formula serves a plane and a circle (n = radial direction).
 */
export function predictRange(map: CourtMap, pose: Pose2, mount: SensorMount): PredictedRange | undefined {
  const p = new RayCast();
  if (!predictRangeInto(map, pose, mount, p)) return undefined;
  return { distance: p.distance, surface: p.surface, normal: { x: p.normalX, y: p.normalY }, jacobian: [p.dX, p.dY, p.dYaw], incidenceCos: p.incidenceCos };
}

/**
 * predictRange written into `out` (the sensor's ray, its hit, the Jacobian and incidence); false,
 * and the hit not to be read, when the ray meets nothing. The same numbers as predictRange,
 * without allocating.
 */
export function predictRangeInto(map: CourtMap, pose: Pose2, mount: SensorMount, out: RayCast): boolean {
  // sensorRay's origin and angle, inline.
  const c = Math.cos(pose.yaw);
  const s = Math.sin(pose.yaw);
  const angle = pose.yaw + mount.yaw;
  out.originX = pose.x + c * mount.x - s * mount.y;
  out.originY = pose.y + s * mount.x + c * mount.y;
  out.directionX = Math.cos(angle);
  out.directionY = Math.sin(angle);
  out.z = mount.z;
  if (!castRayInto(map, mount.sees ?? "all", out)) return false;
  const dx = out.directionX;
  const dy = out.directionY;
  const nx = out.normalX;
  const ny = out.normalY;
  const nd = nx * dx + ny * dy; // < 0: the normal faces the ray
  const dOriginDyawX = -s * mount.x - c * mount.y;
  const dOriginDyawY = c * mount.x - s * mount.y;
  const nDirDerivative = nx * -dy + ny * dx;
  out.dX = -nx / nd;
  out.dY = -ny / nd;
  out.dYaw = -(nx * dOriginDyawX + ny * dOriginDyawY + out.distance * nDirDerivative) / nd;
  out.incidenceCos = -nd;
  return true;
}

/** A mount on the robot at pose `then`, expressed in the body frame of the robot at pose `now`. */
export function mountSeenFrom(now: Pose2, then: Pose2, mount: SensorMount): SensorMount {
  const c = Math.cos(now.yaw);
  const s = Math.sin(now.yaw);
  const dx = then.x - now.x;
  const dy = then.y - now.y;
  const x = c * dx + s * dy;
  const y = -s * dx + c * dy;
  const yaw = then.yaw - now.yaw;
  return {
    ...mount,
    x: x + Math.cos(yaw) * mount.x - Math.sin(yaw) * mount.y,
    y: y + Math.sin(yaw) * mount.x + Math.cos(yaw) * mount.y,
    z: mount.z,
    yaw: yaw + mount.yaw,
  };
}

/**
 * `pose` moved as the filter moved from `from` to `to` (composed in the robot's frame): where a
 * pose found for the robot at `from` puts the robot now.
 */
export function carryForward(pose: Pose2, from: Pose2, to: Pose2): Pose2 {
  const c = Math.cos(from.yaw);
  const s = Math.sin(from.yaw);
  const dx = c * (to.x - from.x) + s * (to.y - from.y);
  const dy = -s * (to.x - from.x) + c * (to.y - from.y);
  const cp = Math.cos(pose.yaw);
  const sp = Math.sin(pose.yaw);
  return { x: pose.x + cp * dx - sp * dy, y: pose.y + sp * dx + cp * dy, yaw: wrapAngle(pose.yaw + to.yaw - from.yaw) };
}
