import type { Pose2 } from "../court/courtMap";
import { SteppedSearch, type GlobalInitializer, type InitResult, type StartRegion, type StartTest } from "./globalInitializer";
import { mountSeenFrom } from "../court/rayCaster";
import type { DetectionMeasurement, RangeMeasurement } from "./poseEkf";

export type StartupDecision =
  /**
   * `time` is the batch's time [s]: the pose is where the robot was then, when the filter (if it
   * runs: a re-search) was at `anchor`.
   */
  | { readonly kind: "start"; readonly pose: Pose2; readonly covariance: readonly number[]; readonly time: number; readonly anchor?: Pose2; readonly note: string }
  | { readonly kind: "wait"; readonly reason: string; readonly failedTest?: StartTest };

export interface StartupLocalizerOptions {
  /** Ranges are collected over this long (the latest of each input) for one search [s]. */
  readonly batchPeriod: number;
  /** Where the robot may be; the only thing that excludes the court's 180 degree twin. */
  readonly region: StartRegion;
  /** Search steps run per call of add(), so no sensor callback stalls [1]. */
  readonly stepsPerCall: number;
}

/**
 * Where the filter starts (and starts over, after an integrity failure) when the robot may be
 * anywhere in a start region: collects one batch of ranges, runs the global search over the region
 * a few steps per reading, and starts only on a pose that passes every start test. It never picks
 * between two poses that both fit: it waits, and its reason names the test that failed.
 */
export class StartupLocalizer {
  /** The latest reading of each range input, with the filter's pose when it came (a re-search). */
  private readonly latest = new Map<string, { readonly range: RangeMeasurement; readonly anchor?: Pose2 }>();
  /** The latest landmark detection (the pole), likewise. */
  private detection: { readonly detection: DetectionMeasurement; readonly anchor?: Pose2 } | undefined;
  private batchStart = Number.NaN;
  private running: { readonly search: SteppedSearch<InitResult>; readonly time: number; readonly anchor?: Pose2 } | undefined;
  private lastReason = "waiting for ranges";
  private lastTest: StartTest | undefined;
  private lastFailure: string | undefined;

  constructor(
    private readonly search: GlobalInitializer,
    private readonly options: StartupLocalizerOptions,
  ) {
    if (!(options.batchPeriod > 0)) throw new Error(`batchPeriod must be > 0 s, got ${options.batchPeriod}`);
    if (!(Number.isInteger(options.stepsPerCall) && options.stepsPerCall >= 1)) throw new Error(`stepsPerCall must be an integer >= 1, got ${options.stepsPerCall}`);
  }

  /** Why there is no start yet: the last search's failure first, if one failed, then what it does now. */
  get reason(): string {
    return this.lastFailure === undefined ? this.lastReason : `${this.lastFailure}; ${this.lastReason}`;
  }

  /** The start test the last search failed, if it failed one. */
  get failedTest(): StartTest | undefined {
    return this.lastTest;
  }

  /** Drops the batch and any search under way: the next readings start a new one. */
  restart(reason: string): void {
    this.latest.clear();
    this.detection = undefined;
    this.batchStart = Number.NaN;
    this.running = undefined;
    this.lastReason = reason;
    this.lastFailure = undefined;
    this.lastTest = undefined;
  }

  /** Keeps a landmark detection for the batch being collected (the search weighs it with the ranges). */
  addDetection(detection: DetectionMeasurement, anchor?: Pose2): void {
    if (this.running === undefined) this.detection = anchor === undefined ? { detection } : { detection, anchor };
  }

  /**
   * Adds a reading of input `name` at `time` [s], and advances the search once a batch is complete.
   * `anchor`, the filter's pose when it runs (a re-search while the robot moves), lets the batch
   * bring every reading into the robot's frame at the batch's end by the filter's relative motion.
   */
  add(time: number, name: string, range: RangeMeasurement, anchor?: Pose2): StartupDecision {
    if (this.running === undefined) {
      if (Number.isNaN(this.batchStart) || time < this.batchStart) this.batchStart = time;
      this.latest.set(name, anchor === undefined ? { range } : { range, anchor });
      if (time - this.batchStart < this.options.batchPeriod) return this.wait(`collecting ranges (${this.latest.size} inputs so far)`, this.lastTest);
      const batch = [...this.latest.values()].map((reading) =>
        anchor === undefined || reading.anchor === undefined ? reading.range : { ...reading.range, mount: mountSeenFrom(anchor, reading.anchor, reading.range.mount) },
      );
      const seen = this.detection;
      const detections = seen === undefined ? [] : [anchor === undefined || seen.anchor === undefined ? seen.detection : { ...seen.detection, mount: mountSeenFrom(anchor, seen.anchor, seen.detection.mount) }];
      const search = new SteppedSearch(this.search.searchSteps(batch, this.options.region, detections));
      this.detection = undefined;
      this.running = anchor === undefined ? { search, time } : { search, time, anchor };
      this.latest.clear();
      this.batchStart = Number.NaN;
    }
    const { search, time: batchTime, anchor: batchAnchor } = this.running;
    const result = search.advance(this.options.stepsPerCall);
    if (result === undefined) return this.wait(`searching the start region (${search.stepsTaken} steps so far)`, this.lastTest);
    this.running = undefined;
    switch (result.kind) {
      case "unique":
        this.lastTest = undefined;
        this.lastFailure = undefined;
        return { kind: "start", pose: result.best.pose, covariance: result.best.covariance, time: batchTime, ...(batchAnchor === undefined ? {} : { anchor: batchAnchor }), note: `located by global search: ${result.message}` };
      case "ambiguous":
      case "failed":
        this.lastFailure = `start test '${result.test}' failed: ${result.message}`;
        return this.wait("collecting ranges again", result.test);
      default: {
        const unreachable: never = result;
        return unreachable;
      }
    }
  }

  private wait(activity: string, failedTest: StartTest | undefined): StartupDecision {
    this.lastReason = activity;
    this.lastTest = failedTest;
    const reason = this.reason;
    return failedTest === undefined ? { kind: "wait", reason } : { kind: "wait", reason, failedTest };
  }
}
