import type { CourtMap } from "../court/courtMap";
import { sensorRay } from "../court/rayCaster";
import { multiply, multiplyTransposed, quadraticForm } from "./smallMatrix";
import { StateIndex, STATE_SIZE } from "./stateLayout";

const N = STATE_SIZE;
const { X, Y, YAW, VX, VY, YAW_RATE } = StateIndex;

/** The launcher's mount in base_link: position [m] (z above the floor) and heading [rad]. */
export interface LauncherMount {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly yaw: number;
}

/** The target hoop seen from the launcher frame (what `target/estimate` carries). */
export interface TargetEstimate {
  /** Rim centre in the launcher frame [m] (x forward, y left, z up). */
  readonly position: readonly [number, number, number];
  /** 3x3 row-major [m^2]; z has zero variance (the rim height is a map value). */
  readonly positionCovariance: readonly number[];
  /** Horizontal distance launcher -> rim centre [m] and its standard deviation [m]. */
  readonly horizontalDistance: number;
  readonly horizontalDistanceSigma: number;
  /** Bearing of the rim centre in the launcher frame [rad] and its standard deviation [rad]. */
  readonly bearing: number;
  readonly bearingSigma: number;
  /**
   * Velocity of the rim relative to the launcher [m/s], in launcher axes: minus the launcher's
   * ground velocity. The frame's own turning (-omega x r) is left out: a ball inherits the
   * launcher's ground velocity, and `yawRate` is given for consumers that want the apparent rate.
   */
  readonly velocity: readonly [number, number, number];
  /** 3x3 row-major [(m/s)^2]. */
  readonly velocityCovariance: readonly number[];
  /** Robot yaw rate [rad/s] and its variance [(rad/s)^2]. */
  readonly yawRate: number;
  readonly yawRateVariance: number;
  /** True when no measurement corrected the estimate within the stale timeout. */
  readonly stale: boolean;
}

/**
 * The hoop relative to the launcher from the filter's state and covariance, with first-order
 * covariance propagation.
 * @param state filter state (stateLayout.ts)
 * @param covariance STATE_SIZE x STATE_SIZE row-major
 * @param now current time [s]; lastCorrectionTime [s]; staleTimeout [s]
 */
export function targetRelativeToLauncher(
  map: CourtMap,
  launcher: LauncherMount,
  state: Float64Array,
  covariance: Float64Array,
  timing: { readonly now: number; readonly lastCorrectionTime: number; readonly staleTimeout: number },
): TargetEstimate {
  const x = state[X] ?? 0;
  const y = state[Y] ?? 0;
  const yaw = state[YAW] ?? 0;
  const vx = state[VX] ?? 0;
  const vy = state[VY] ?? 0;
  const w = state[YAW_RATE] ?? 0;
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  // The launcher frame's origin and heading on the court: placed like a sensor's ray.
  const { origin, angle: psi } = sensorRay({ x, y, yaw }, launcher);
  const cp = Math.cos(psi);
  const sp = Math.sin(psi);
  const ex = map.hoop.x - origin.x;
  const ey = map.hoop.y - origin.y;
  // Rim centre in launcher axes: R(-psi) (hoop - launcher origin).
  const px = cp * ex + sp * ey;
  const py = -sp * ex + cp * ey;
  // d(px, py) / d(x, y, yaw): the launcher origin moves with yaw, and the axes turn with it.
  const dLxDyaw = -s * launcher.x - c * launcher.y;
  const dLyDyaw = c * launcher.x - s * launcher.y;
  const J = new Float64Array(2 * N);
  J[X] = -cp;
  J[Y] = -sp;
  J[YAW] = -cp * dLxDyaw - sp * dLyDyaw + py;
  J[N + X] = sp;
  J[N + Y] = -cp;
  J[N + YAW] = sp * dLxDyaw - cp * dLyDyaw - px;
  const P2 = project(J, covariance, 2);

  const distance = Math.hypot(px, py);
  const gd = [px / distance, py / distance];
  const gb = [-py / (distance * distance), px / (distance * distance)];
  const distanceVar = quadraticForm(gd, P2, 2);
  const bearingVar = quadraticForm(gb, P2, 2);

  // Launcher ground velocity in body axes: v + omega x m; then into launcher axes, negated.
  const ubx = vx - w * launcher.y;
  const uby = vy + w * launcher.x;
  const cl = Math.cos(launcher.yaw);
  const sl = Math.sin(launcher.yaw);
  const rvx = -(cl * ubx + sl * uby);
  const rvy = -(-sl * ubx + cl * uby);
  const Jv = new Float64Array(2 * N);
  Jv[VX] = -cl;
  Jv[VY] = -sl;
  Jv[YAW_RATE] = -(cl * -launcher.y + sl * launcher.x);
  Jv[N + VX] = sl;
  Jv[N + VY] = -cl;
  Jv[N + YAW_RATE] = -(-sl * -launcher.y + cl * launcher.x);
  const V2 = project(Jv, covariance, 2);

  return {
    position: [px, py, map.rimHeight - launcher.z],
    positionCovariance: embed3(P2),
    horizontalDistance: distance,
    horizontalDistanceSigma: Math.sqrt(Math.max(distanceVar, 0)),
    bearing: Math.atan2(py, px),
    bearingSigma: Math.sqrt(Math.max(bearingVar, 0)),
    velocity: [rvx, rvy, 0],
    velocityCovariance: embed3(V2),
    yawRate: w,
    yawRateVariance: covariance[YAW_RATE * N + YAW_RATE] ?? 0,
    stale: isStale(timing.now, timing.lastCorrectionTime, timing.staleTimeout),
  };
}

/** Stale when nothing corrected the estimate within `timeout` [s] (or never). */
export function isStale(now: number, lastCorrectionTime: number, timeout: number): boolean {
  return !(now - lastCorrectionTime <= timeout);
}

/**
 * Stale convention for published covariances: element 0 set to -1, the sensor_msgs convention for
 * "no estimate". Consumers test it with `isCovarianceStale`; the other elements keep their values
 * for diagnostics.
 */
export const STALE_COVARIANCE_MARKER = -1;

/** A copy of `covariance` marked stale (element 0 = STALE_COVARIANCE_MARKER), the rest kept. */
export function markCovarianceStale(covariance: ArrayLike<number>): number[] {
  const out = Array.from(covariance);
  out[0] = STALE_COVARIANCE_MARKER;
  return out;
}

/** True for a covariance marked stale (or any non-positive, non-finite first variance: never trust it). */
export function isCovarianceStale(covariance: ArrayLike<number>): boolean {
  const first = covariance[0];
  return first === undefined || !(first >= 0) || !Number.isFinite(first);
}

/** Half-axes [m] and orientation [rad] of the ellipse holding `probability` of a 2x2 covariance (for rviz). */
export function covarianceEllipse(cov2: readonly number[], probability = 0.95): { semiMajor: number; semiMinor: number; angle: number } {
  const a = cov2[0] ?? 0;
  const b = cov2[1] ?? 0;
  const d = cov2[3] ?? 0;
  const mean = (a + d) / 2;
  const root = Math.hypot((a - d) / 2, b);
  const scale = -2 * Math.log(1 - probability); // chi-square 2 dof quantile
  return {
    semiMajor: Math.sqrt(Math.max(mean + root, 0) * scale),
    semiMinor: Math.sqrt(Math.max(mean - root, 0) * scale),
    angle: 0.5 * Math.atan2(2 * b, a - d),
  };
}

/** J (m x N) P J^T: the covariance of m functions of the state with Jacobian J. */
function project(J: Float64Array, P: Float64Array, m: number): Float64Array {
  return multiplyTransposed(multiply(J, P, m, N, N), J, m, N, m);
}

function embed3(P2: Float64Array): number[] {
  return [P2[0] ?? 0, P2[1] ?? 0, 0, P2[2] ?? 0, P2[3] ?? 0, 0, 0, 0, 0];
}
