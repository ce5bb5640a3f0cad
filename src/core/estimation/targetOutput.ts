import { hypot2 } from "../hypot";
import { at, atFloat64 } from "../indexed";
import type { CourtMap } from "../court/courtMap";
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
  return new TargetProjection().project(map, launcher, state, covariance, timing.now, timing.lastCorrectionTime, timing.staleTimeout);
}

/** A TargetEstimate whose fields TargetProjection rewrites. */
interface MutableTargetEstimate {
  position: [number, number, number];
  positionCovariance: number[];
  horizontalDistance: number;
  horizontalDistanceSigma: number;
  bearing: number;
  bearingSigma: number;
  velocity: [number, number, number];
  velocityCovariance: number[];
  yawRate: number;
  yawRateVariance: number;
  stale: boolean;
}

/**
 * targetRelativeToLauncher with its Jacobians, products and result owned: target_estimation
 * projects on every publish tick (50 Hz) and allocates nothing for it. The estimate `project`
 * returns is rewritten by the next call: read it (or copy it) before.
 */
export class TargetProjection {
  private readonly J = new Float64Array(2 * N);
  private readonly Jv = new Float64Array(2 * N);
  private readonly JP = new Float64Array(2 * N);
  private readonly P2 = new Float64Array(4);
  private readonly V2 = new Float64Array(4);
  private readonly gradient = [0, 0];
  private readonly estimate: MutableTargetEstimate = {
    position: [0, 0, 0],
    positionCovariance: [0, 0, 0, 0, 0, 0, 0, 0, 0],
    horizontalDistance: 0,
    horizontalDistanceSigma: 0,
    bearing: 0,
    bearingSigma: 0,
    velocity: [0, 0, 0],
    velocityCovariance: [0, 0, 0, 0, 0, 0, 0, 0, 0],
    yawRate: 0,
    yawRateVariance: 0,
    stale: false,
  };

  /** targetRelativeToLauncher's numbers, in the estimate this projection owns. */
  project(map: CourtMap, launcher: LauncherMount, state: Float64Array, covariance: Float64Array, now: number, lastCorrectionTime: number, staleTimeout: number): TargetEstimate {
    const x = atFloat64(state, X);
    const y = atFloat64(state, Y);
    const yaw = atFloat64(state, YAW);
    const vx = atFloat64(state, VX);
    const vy = atFloat64(state, VY);
    const w = atFloat64(state, YAW_RATE);
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    // The launcher frame's origin and heading on the court: placed like a sensor's ray (sensorRay, inline).
    const originX = x + c * launcher.x - s * launcher.y;
    const originY = y + s * launcher.x + c * launcher.y;
    const psi = yaw + launcher.yaw;
    const cp = Math.cos(psi);
    const sp = Math.sin(psi);
    const ex = map.hoop.x - originX;
    const ey = map.hoop.y - originY;
    // Rim centre in launcher axes: R(-psi) (hoop - launcher origin).
    const px = cp * ex + sp * ey;
    const py = -sp * ex + cp * ey;
    // d(px, py) / d(x, y, yaw): the launcher origin moves with yaw, and the axes turn with it.
    const dLxDyaw = -s * launcher.x - c * launcher.y;
    const dLyDyaw = c * launcher.x - s * launcher.y;
    const J = this.J;
    J[X] = -cp;
    J[Y] = -sp;
    J[YAW] = -cp * dLxDyaw - sp * dLyDyaw + py;
    J[N + X] = sp;
    J[N + Y] = -cp;
    J[N + YAW] = sp * dLxDyaw - cp * dLyDyaw - px;
    const P2 = this.projectCovariance(J, covariance, this.P2);

    const distance = hypot2(px, py);
    const g = this.gradient;
    g[0] = px / distance;
    g[1] = py / distance;
    const distanceVar = quadraticForm(g, P2, 2);
    g[0] = -py / (distance * distance);
    g[1] = px / (distance * distance);
    const bearingVar = quadraticForm(g, P2, 2);

    // Launcher ground velocity in body axes: v + omega x m; then into launcher axes, negated.
    const ubx = vx - w * launcher.y;
    const uby = vy + w * launcher.x;
    const cl = Math.cos(launcher.yaw);
    const sl = Math.sin(launcher.yaw);
    const rvx = -(cl * ubx + sl * uby);
    const rvy = -(-sl * ubx + cl * uby);
    const Jv = this.Jv;
    Jv[VX] = -cl;
    Jv[VY] = -sl;
    Jv[YAW_RATE] = -(cl * -launcher.y + sl * launcher.x);
    Jv[N + VX] = sl;
    Jv[N + VY] = -cl;
    Jv[N + YAW_RATE] = -(-sl * -launcher.y + cl * launcher.x);
    const V2 = this.projectCovariance(Jv, covariance, this.V2);

    const out = this.estimate;
    out.position[0] = px;
    out.position[1] = py;
    out.position[2] = map.rimHeight - launcher.z;
    embed3(P2, out.positionCovariance);
    out.horizontalDistance = distance;
    out.horizontalDistanceSigma = Math.sqrt(Math.max(distanceVar, 0));
    out.bearing = Math.atan2(py, px);
    out.bearingSigma = Math.sqrt(Math.max(bearingVar, 0));
    out.velocity[0] = rvx;
    out.velocity[1] = rvy;
    out.velocity[2] = 0;
    embed3(V2, out.velocityCovariance);
    out.yawRate = w;
    out.yawRateVariance = atFloat64(covariance, YAW_RATE * N + YAW_RATE);
    out.stale = isStale(now, lastCorrectionTime, staleTimeout);
    return out;
  }

  /** Marks the estimate `project` last returned stale (the caller's reasons, beyond the timeout). */
  markStale(): void {
    this.estimate.stale = true;
  }

  /** J (2 x N) P J^T: the covariance of two functions of the state with Jacobian J, into `out`. */
  private projectCovariance(J: Float64Array, P: Float64Array, out: Float64Array): Float64Array {
    return multiplyTransposed(multiply(J, P, 2, N, N, this.JP), J, 2, N, 2, out);
  }
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
  const a = at(cov2, 0);
  const b = at(cov2, 1);
  const d = at(cov2, 3);
  const mean = (a + d) / 2;
  const root = hypot2((a - d) / 2, b);
  const scale = -2 * Math.log(1 - probability); // chi-square 2 dof quantile
  return {
    semiMajor: Math.sqrt(Math.max(mean + root, 0) * scale),
    semiMinor: Math.sqrt(Math.max(mean - root, 0) * scale),
    angle: 0.5 * Math.atan2(2 * b, a - d),
  };
}

/** A 2x2 (x, y) covariance placed in a 3x3 (x, y, z) one, z with zero variance, into `out`. */
function embed3(P2: Float64Array, out: number[]): void {
  out[0] = atFloat64(P2, 0);
  out[1] = atFloat64(P2, 1);
  out[2] = 0;
  out[3] = atFloat64(P2, 2);
  out[4] = atFloat64(P2, 3);
  out[5] = 0;
  out[6] = 0;
  out[7] = 0;
  out[8] = 0;
}
