import type { CourtMap, Pose2 } from "../court/courtMap";
import { predictRange, type SensorMount } from "../court/rayCaster";
import { GlobalInitializer } from "./globalInitializer";
import type { CorrectionResult, PoseEkf, RangeMeasurement, RejectReason, StepResult } from "./poseEkf";

export interface LockoutRecoveryOptions {
  /** Corrections of one input gated in a row, or of all inputs together, that start a recovery [1]. */
  readonly gatedInARow: number;
  /** Variances added to x, y [m^2] and yaw [rad^2] when every input is gated and no better pose is found. */
  readonly inflation: readonly [number, number, number];
  /** Half-width of the window searched around the filter's pose, in x and in y [m]. */
  readonly searchHalfWidth: number;
  /** Half-width of the window searched around the filter's heading [rad]. */
  readonly searchHalfYaw: number;
  /** Readings older than this (filter time) are left out of the search [s]. */
  readonly maxReadingAge: number;
}

/** What a recovery did, for the log and /diagnostics. */
export type RecoveryEvent =
  | { readonly kind: "relocated"; readonly input: string; readonly from: Pose2; readonly to: Pose2; readonly message: string }
  | { readonly kind: "inflated"; readonly input: string; readonly message: string }
  | { readonly kind: "input_disagrees"; readonly input: string; readonly message: string };

export type RecoveryCounts = Readonly<Record<RecoveryEvent["kind"], number>>;

/**
 * Readings kept per input; the search takes the one of median residual, so a spike (up to two of
 * five) does not steer it.
 */
const READINGS_KEPT = 5;
/**
 * Rejections that say the pose and the reading disagree: gated, or a valid reading from a ray the
 * pose says meets nothing (a wrong heading can swing a beam off the backboard).
 */
const DISAGREEMENTS: ReadonlySet<RejectReason> = new Set<RejectReason>(["gated", "ray_misses_map"]);
/** A later search for an input that disagreed waits this many times longer, up to MAX_BACKOFF. */
const BACKOFF_FACTOR = 2;
const MAX_BACKOFF = 64;

interface Reading {
  readonly measurement: RangeMeasurement;
  /** The filter's pose when the reading was fused (or gated). */
  readonly pose: Pose2;
  readonly time: number;
}

/**
 * The way out of a gate lock-out. An EKF that settled on a wrong pose gates the measurements that
 * would correct it; an input gated `gatedInARow` times in a row says so. Three cases:
 * - the latest readings of all inputs fit a nearby pose clearly better than the filter's: a wrong
 *   local minimum (three rays of four fit a second pose): relocate there;
 * - every input is gated and no better pose is near: the estimate drifted (wheel slip); widen the
 *   pose covariance so the measurements are let back in;
 * - the others agree and no better pose is near: the input disagrees (an obstacle in its ray, a
 *   moved mount): keep gating it, say so, and search again for it ever less often.
 */
export class LockoutRecovery {
  private readonly recent = new Map<string, Reading[]>();
  private readonly search: GlobalInitializer;
  private readonly gatedRuns = new Map<string, number>();
  private readonly backoff = new Map<string, number>();
  private gatedAll = 0;
  private readonly counts: Record<RecoveryEvent["kind"], number> = { relocated: 0, inflated: 0, input_disagrees: 0 };
  private last: RecoveryEvent | undefined;

  constructor(
    private readonly ekf: PoseEkf,
    private readonly map: CourtMap,
    private options: LockoutRecoveryOptions,
  ) {
    LockoutRecovery.check(options);
    this.search = new GlobalInitializer(map);
  }

  /** New options (writable parameters); the counts so far are kept. */
  setOptions(options: LockoutRecoveryOptions): void {
    LockoutRecovery.check(options);
    this.options = options;
  }

  get recoveries(): RecoveryCounts {
    return { ...this.counts };
  }

  get lastEvent(): RecoveryEvent | undefined {
    return this.last;
  }

  /** After PoseEkf.updateRange for input `name`: keeps a valid reading for a search and acts on a lock-out. */
  afterRange(name: string, measurement: RangeMeasurement, result: CorrectionResult): RecoveryEvent | undefined {
    // Only valid readings (REP-117: NaN, -Inf, +Inf and out-of-limits ones cannot be fitted), whether
    // or not the current pose agrees with them.
    if (measurement.range >= measurement.minRange && measurement.range <= measurement.maxRange) {
      const readings = this.recent.get(name) ?? [];
      readings.push({ measurement, pose: this.ekf.pose(), time: this.ekf.currentTime });
      if (readings.length > READINGS_KEPT) readings.shift();
      this.recent.set(name, readings);
    }
    return this.afterCorrection(name, result);
  }

  /** After any other correction (a detection): counts it towards a lock-out. */
  afterCorrection(name: string, result: CorrectionResult | StepResult): RecoveryEvent | undefined {
    if (result.accepted) {
      this.gatedRuns.set(name, 0);
      this.backoff.delete(name);
      this.gatedAll = 0;
      return undefined;
    }
    if (!DISAGREEMENTS.has(result.reason)) return undefined;
    const run = (this.gatedRuns.get(name) ?? 0) + 1;
    this.gatedRuns.set(name, run);
    this.gatedAll++;
    const allLocked = this.gatedAll >= this.options.gatedInARow;
    if (!allLocked && run < this.options.gatedInARow * (this.backoff.get(name) ?? 1)) return undefined;
    this.gatedRuns.set(name, 0);
    if (allLocked) this.gatedAll = 0;
    const event = this.recover(name, allLocked);
    this.counts[event.kind]++;
    this.last = event;
    return event;
  }

  private recover(input: string, allLocked: boolean): RecoveryEvent {
    const { gatedInARow, searchHalfWidth, searchHalfYaw, inflation } = this.options;
    const from = this.ekf.pose();
    const found = this.search.searchNear(this.batch(from), { centre: from, halfWidth: searchHalfWidth, halfYaw: searchHalfYaw });
    if (found.kind === "better" && this.ekf.relocate(found.best.pose, found.best.covariance).accepted) {
      this.gatedRuns.clear();
      this.backoff.clear();
      this.gatedAll = 0;
      const to = found.best.pose;
      return { kind: "relocated", input, from, to, message: `${input} gated ${gatedInARow} times in a row; the latest ranges fit a pose ${(100 * Math.hypot(to.x - from.x, to.y - from.y)).toFixed(1)} cm, ${(to.yaw - from.yaw).toFixed(3)} rad away better (${found.message}): relocated there` };
    }
    if (allLocked) {
      this.ekf.inflatePose(inflation);
      return { kind: "inflated", input, message: `${gatedInARow} corrections gated in a row and no better pose within ${searchHalfWidth} m, ${searchHalfYaw} rad (${found.message}): pose covariance widened to let the measurements back in` };
    }
    const backoff = Math.min(MAX_BACKOFF, (this.backoff.get(input) ?? 1) * BACKOFF_FACTOR);
    this.backoff.set(input, backoff);
    return { kind: "input_disagrees", input, message: `${input} gated ${gatedInARow} times in a row while the other inputs agree and no pose within ${searchHalfWidth} m, ${searchHalfYaw} rad fits better (${found.message}): an obstacle in its ray or a moved mount? Next search after ${gatedInARow * backoff} more` };
  }

  /**
   * One reading per input, as a ray from the robot as it is now: each recent reading's mount is
   * moved by the filter's own motion since (relative motion is what odometry knows well, even when
   * the absolute pose is wrong), and of the readings younger than maxReadingAge the one whose
   * residual at the current pose is the median is kept.
   */
  private batch(now: Pose2): RangeMeasurement[] {
    const batch: RangeMeasurement[] = [];
    for (const readings of this.recent.values()) {
      const rays = readings
        .filter((r) => this.ekf.currentTime - r.time <= this.options.maxReadingAge)
        .map((r) => {
          const ray: RangeMeasurement = { ...r.measurement, mount: mountSeenFrom(now, r.pose, r.measurement.mount) };
          // A ray the current pose says misses the map is ranked by its reading alone.
          const predicted = predictRange(this.map, now, ray.mount)?.distance ?? 0;
          return { ray, residual: ray.range - predicted };
        })
        .sort((a, b) => a.residual - b.residual);
      const median = rays[Math.floor((rays.length - 1) / 2)];
      if (median !== undefined) batch.push(median.ray);
    }
    return batch;
  }

  private static check(o: LockoutRecoveryOptions): void {
    if (!(Number.isInteger(o.gatedInARow) && o.gatedInARow >= 1)) throw new Error(`gatedInARow must be an integer >= 1, got ${o.gatedInARow}`);
    if (!o.inflation.every((v) => v >= 0 && Number.isFinite(v))) throw new Error(`inflation must be 3 finite variances >= 0, got [${o.inflation.join(", ")}]`);
    for (const [name, value] of [["searchHalfWidth", o.searchHalfWidth], ["searchHalfYaw", o.searchHalfYaw], ["maxReadingAge", o.maxReadingAge]] as const) {
      if (!(value >= 0 && Number.isFinite(value))) throw new Error(`${name} must be a finite number >= 0, got ${value}`);
    }
  }
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
    x: x + Math.cos(yaw) * mount.x - Math.sin(yaw) * mount.y,
    y: y + Math.sin(yaw) * mount.x + Math.cos(yaw) * mount.y,
    z: mount.z,
    yaw: yaw + mount.yaw,
  };
}
