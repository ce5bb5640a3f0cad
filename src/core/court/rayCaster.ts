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
 * First surface a horizontal ray meets, or undefined when it leaves the map without a hit (it
 * passes over the fence, or starts outside the court pointing away).
 * @param origin ray origin in the court frame [m]
 * @param angle ray direction in the court frame [rad]
 * @param z ray height above the floor [m]
 */
export function castRay(map: CourtMap, origin: Vec2, angle: number, z: number, sees: "all" | "lines" = "all"): RayHit | undefined {
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  let best = Infinity;
  let bestSurface: Surface | undefined;
  let nx = 0;
  let ny = 0;
  for (const s of map.surfaces) {
    if (z < s.zMin || z > s.zMax) continue;
    if (s.kind === "segment") {
      const t = raySegment(origin, dx, dy, s.a, s.b);
      if (t < best) {
        best = t;
        bestSurface = s;
        // Normal of the segment's line; flipped below to face the ray.
        const ex = s.b.x - s.a.x;
        const ey = s.b.y - s.a.y;
        const len = Math.hypot(ex, ey);
        nx = -ey / len;
        ny = ex / len;
      }
    } else if (sees === "all") {
      const t = rayCircle(origin, dx, dy, s.centre, s.radius);
      if (t < best) {
        best = t;
        bestSurface = s;
        nx = (origin.x + t * dx - s.centre.x) / s.radius;
        ny = (origin.y + t * dy - s.centre.y) / s.radius;
      }
    }
  }
  if (bestSurface === undefined) return undefined;
  if (nx * dx + ny * dy > 0) {
    nx = -nx;
    ny = -ny;
  }
  return { distance: best, surface: bestSurface.name, normal: { x: nx, y: ny } };
}

/**
 * Distance [m] to the first surface a horizontal ray meets, Infinity for none: castRay without
 * allocation, for searches that cast many thousands of rays.
 */
export function castDistance(map: CourtMap, ox: number, oy: number, angle: number, z: number): number {
  const o = { x: ox, y: oy };
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  let best = Infinity;
  for (const s of map.surfaces) {
    if (z < s.zMin || z > s.zMax) continue;
    const t = s.kind === "segment" ? raySegment(o, dx, dy, s.a, s.b) : rayCircle(o, dx, dy, s.centre, s.radius);
    if (t < best) best = t;
  }
  return best;
}

/** Distance along the ray to the segment, or Infinity. */
function raySegment(o: Vec2, dx: number, dy: number, a: Vec2, b: Vec2): number {
  const ex = b.x - a.x;
  const ey = b.y - a.y;
  const denom = dx * ey - dy * ex;
  if (denom === 0) return Infinity; // parallel: a grazing ray never returns a range
  const wx = a.x - o.x;
  const wy = a.y - o.y;
  const t = (wx * ey - wy * ex) / denom;
  const u = (wx * dy - wy * dx) / denom;
  return t > MIN_DISTANCE && u >= 0 && u <= 1 ? t : Infinity;
}

/** Distance along the ray to the circle's outside, or Infinity (also from inside the circle). */
function rayCircle(o: Vec2, dx: number, dy: number, c: Vec2, r: number): number {
  const wx = o.x - c.x;
  const wy = o.y - c.y;
  const b = wx * dx + wy * dy;
  const cc = wx * wx + wy * wy - r * r;
  if (cc <= 0) return Infinity;
  const disc = b * b - cc;
  if (disc < 0) return Infinity;
  const t = -b - Math.sqrt(disc);
  return t > MIN_DISTANCE ? t : Infinity;
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
  const { origin, angle } = sensorRay(pose, mount);
  const hit = castRay(map, origin, angle, mount.z, mount.sees);
  if (hit === undefined) return undefined;
  const c = Math.cos(pose.yaw);
  const s = Math.sin(pose.yaw);
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const n = hit.normal;
  const nd = n.x * dx + n.y * dy; // < 0: the normal faces the ray
  const dOriginDyawX = -s * mount.x - c * mount.y;
  const dOriginDyawY = c * mount.x - s * mount.y;
  const nDirDerivative = n.x * -dy + n.y * dx;
  const jacobian: [number, number, number] = [
    -n.x / nd,
    -n.y / nd,
    -(n.x * dOriginDyawX + n.y * dOriginDyawY + hit.distance * nDirDerivative) / nd,
  ];
  return { ...hit, jacobian, incidenceCos: -nd };
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
