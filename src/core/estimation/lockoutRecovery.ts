import { wrapAngle, type CourtMap, type Pose2 } from "../court/courtMap";
import { carryForward, mountSeenFrom, predictRangeInto, RayCast } from "../court/rayCaster";
import { GlobalInitializer, SteppedSearch, type LocalSearchResult } from "./globalInitializer";
import type { CorrectionResult, PoseEkf, RangeMeasurement, RejectReason, StepResult } from "./poseEkf";

export interface LockoutRecoveryOptions {
  /** Corrections of one input in a row that disagree with the pose (gated, or its ray misses the map) and start a recovery [1]. */
  readonly gatedInARow: number;
  /** Variances added to x, y [m^2] and yaw [rad^2] when every input is gated and no better pose is found. */
  readonly inflation: readonly [number, number, number];
  /** Half-width of the window searched around the filter's pose, in x and in y [m]. */
  readonly searchHalfWidth: number;
  /** Half-width of the window searched around the filter's heading [rad]. */
  readonly searchHalfYaw: number;
  /**
   * One age does three jobs [s]: readings older than this (filter time) are left out of a search;
   * inputs not heard for this long lose their vote on whether the pose moved; and searches are at
   * least this far apart (a new search needs new readings).
   */
  readonly maxReadingAge: number;
  /**
   * Search steps run per call (afterRange, afterCorrection, advance), so a search never stalls one
   * callback: it goes on in the next ones [1]. Default: the whole search in one call.
   */
  readonly stepsPerCall?: number;
}

/** What a recovery did (at filter time `time` [s], on a lock-out of `input`), for the log and /diagnostics. */
export type RecoveryEvent = { readonly time: number; readonly input: string; readonly message: string } & (
  | { readonly kind: "relocated" }
  | { readonly kind: "inflated" }
  | { readonly kind: "input_disagrees" }
);

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
/**
 * Another input this many disagreements in a row into its own run is locked out too: at the
 * 99 % gate noise alone does that once in a million readings.
 */
const CONCURRENT_LOCKOUT_RUN = 3;
/** A later report of an input that disagreed waits this many times longer, up to MAX_BACKOFF. */
const BACKOFF_FACTOR = 2;
const MAX_BACKOFF = 64;

type KeptMeasurement = { -readonly [K in keyof RangeMeasurement]: RangeMeasurement[K] };

/**
 * A measurement's values in an object of its own, built as a literal: a spread copy's fields held
 * any value, so each number later written into them was boxed anew (3-4 objects a reading).
 */
function copyOf(m: RangeMeasurement): KeptMeasurement {
  const copy: KeptMeasurement = { mount: m.mount, range: m.range, sigma: m.sigma, minRange: m.minRange, maxRange: m.maxRange };
  if (m.input !== undefined) copy.input = m.input;
  return copy;
}

/** A reading the filter weighed; the oldest record of an input is reused for its newest reading (afterRange). */
interface Reading {
  readonly measurement: KeptMeasurement;
  /** The filter's pose when the reading was fused (or gated). */
  readonly pose: { x: number; y: number; yaw: number };
  time: number;
}

interface InputState {
  /** The latest READINGS_KEPT valid readings the filter weighed, oldest first. */
  readonly readings: Reading[];
  /** Filter time of the latest correction the filter weighed (fused or found disagreeing) [s]. */
  lastTime: number;
  /** Disagreements in a row [1]. */
  gatedRun: number;
  /** Readings accepted since the filter last started over: gatedInARow of them make the input trusted [1]. */
  accepted: number;
  /** Named as disagreeing (input_disagrees) with no acceptance since: left out of searches and of the others' votes. */
  named: boolean;
  /** The next report of a trusted named input waits this many times gatedInARow [1]. */
  backoff: number;
}

/**
 * The way out of a gate lock-out (an input gated gatedInARow times in a row). An EKF that settled
 * on a wrong pose gates the measurements that would correct it, and so does a filter on the right
 * pose with an obstacle in one ray; a batch of readings cannot always tell the two apart (a ray
 * that alone measures one direction fits either), but the history can: odometry says the robot
 * did not jump, so an input that agreed with the filter and then stopped is the input's fault.
 * A search for a better pose nearby runs when
 * - the locked-out input never agreed since the filter (re)started: it may be the one right ray
 *   (three rays of four fit a second pose, and the fourth is gated from the start);
 * - another input is disagreeing too (CONCURRENT_LOCKOUT_RUN in a row): two sensors blocked
 *   together are less likely than a pose that moved (a push);
 * - every other input heard within maxReadingAge is being gated: the estimate drifted (slip).
 * A pose that fits the latest readings clearly better, as noise would, with every ray within 3
 * sigma (GlobalInitializer.searchNear), moves the filter there; else, with every input gated, the pose covariance widens so the measurements are let
 * back in; else the input is named as disagreeing (an obstacle in its ray, a moved mount): left
 * out of the others' votes and searches until it agrees again, and reported ever less often.
 * Searches are at least maxReadingAge apart. Inputs are counted by name; a detection keeps no
 * ray, so its lock-out alone only names it.
 */
export class LockoutRecovery {
  private readonly inputs = new Map<string, InputState>();
  private readonly search: GlobalInitializer;
  private lastSearch = -Infinity;
  /** A search under way: where the filter was when it began, and what began it. */
  private pending: { readonly search: SteppedSearch<LocalSearchResult>; readonly from: Pose2; readonly input: string; readonly allLocked: boolean } | undefined;
  private readonly counts: Record<RecoveryEvent["kind"], number> = { relocated: 0, inflated: 0, input_disagrees: 0 };
  private last: RecoveryEvent | undefined;
  /** The ray cast that ranks a search's readings (batch). */
  private readonly ray = new RayCast();

  constructor(
    private readonly ekf: PoseEkf,
    private readonly map: CourtMap,
    private options: LockoutRecoveryOptions,
  ) {
    LockoutRecovery.check(options);
    this.search = new GlobalInitializer(map);
  }

  /** New options (writable parameters); the counts and readings so far are kept. */
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

  /** The inputs named as disagreeing now (no acceptance since): the ones to look at on the robot. */
  get namedInputs(): string[] {
    return [...this.inputs].filter(([, state]) => state.named).map(([name]) => name);
  }

  /** After PoseEkf.updateRange for input `name`: keeps the reading for a search if the filter weighed it, and acts on a lock-out. */
  afterRange(name: string, measurement: RangeMeasurement, result: CorrectionResult): RecoveryEvent | undefined {
    if (result.accepted || DISAGREEMENTS.has(result.reason)) {
      const readings = this.input(name).readings;
      // Once READINGS_KEPT are kept, the oldest record takes the new reading: no garbage per reading.
      const reading = (readings.length >= READINGS_KEPT ? readings.shift() : undefined) ?? { measurement: copyOf(measurement), pose: { x: 0, y: 0, yaw: 0 }, time: 0 };
      // A copy of the values: the caller may reuse its measurement object for the next reading.
      const kept = reading.measurement;
      kept.mount = measurement.mount;
      kept.range = measurement.range;
      kept.sigma = measurement.sigma;
      kept.minRange = measurement.minRange;
      kept.maxRange = measurement.maxRange;
      this.ekf.poseInto(reading.pose);
      reading.time = this.ekf.currentTime;
      readings.push(reading);
    }
    return this.afterCorrection(name, result);
  }

  /** After any other correction (a detection): counts it towards a lock-out, and runs a search under way a few steps on. */
  afterCorrection(name: string, result: CorrectionResult | StepResult): RecoveryEvent | undefined {
    return this.count(name, result) ?? this.advance();
  }

  private count(name: string, result: CorrectionResult | StepResult): RecoveryEvent | undefined {
    const input = this.input(name);
    const now = this.ekf.currentTime;
    if (result.accepted) {
      input.lastTime = now;
      input.gatedRun = 0;
      input.accepted++;
      input.named = false;
      input.backoff = 1;
      return undefined;
    }
    if (!DISAGREEMENTS.has(result.reason)) return undefined;
    input.lastTime = now;
    input.gatedRun++;
    const n = this.options.gatedInARow;
    const trusted = input.accepted >= n;
    // Back-off slows the reports of an input known to be blocked, never the search for a wrong start.
    if (input.gatedRun < (trusted && input.named ? n * input.backoff : n)) return undefined;
    // The other inputs heard within maxReadingAge (peers); those not named as blocked vote on the
    // pose. Counted in a loop: during a lock-out this runs on every reading.
    let voters = 0;
    let gatedVoters = 0;
    let lockedOut = 1;
    for (const peer of this.inputs.values()) {
      if (peer === input || !(now - peer.lastTime <= this.options.maxReadingAge)) continue;
      if (peer.gatedRun >= CONCURRENT_LOCKOUT_RUN) lockedOut++;
      if (peer.named) continue;
      voters++;
      if (peer.gatedRun > 0) gatedVoters++;
    }
    const allLocked = voters > 0 && gatedVoters === voters;
    // A detection keeps no ray to fit: alone it can only be named.
    const canSearch = input.readings.length > 0;
    const poseMayBeWrong = allLocked || (canSearch && (!trusted || lockedOut >= 2));
    // A search needs fresh readings (and the last one finished); until then keep counting and try again on the next disagreement.
    if (poseMayBeWrong && (this.pending !== undefined || now - this.lastSearch < this.options.maxReadingAge)) return undefined;
    if (poseMayBeWrong) {
      this.begin(name, allLocked);
      return undefined;
    }
    return this.report(this.disagrees(name, canSearch ? "it agreed with the filter before and the robot did not jump: no search" : "no ray of its own to search with"));
  }

  /** Whether a search is under way. */
  get searching(): boolean {
    return this.pending !== undefined;
  }

  /**
   * Runs up to stepsPerCall steps of a search under way; when it ends, acts on it and returns
   * what it did. Call it on every callback: afterRange and afterCorrection call it themselves.
   */
  advance(): RecoveryEvent | undefined {
    const pending = this.pending;
    if (pending === undefined) return undefined;
    const found = pending.search.advance(this.options.stepsPerCall ?? Infinity);
    if (found === undefined) return undefined;
    this.pending = undefined;
    return this.report(this.conclude(pending.input, pending.allLocked, pending.from, found));
  }

  /**
   * After the filter was moved from outside (a start over): readings, runs and any search under way
   * belong to the old pose. Names stay.
   */
  startOver(): void {
    this.pending = undefined;
    for (const input of this.inputs.values()) {
      input.readings.length = 0;
      input.gatedRun = 0;
      input.accepted = 0;
    }
  }

  private report(event: RecoveryEvent): RecoveryEvent {
    this.counts[event.kind]++;
    this.last = event;
    return event;
  }

  private input(name: string): InputState {
    let state = this.inputs.get(name);
    if (state === undefined) {
      state = { readings: [], lastTime: -Infinity, gatedRun: 0, accepted: 0, named: false, backoff: 1 };
      this.inputs.set(name, state);
    }
    return state;
  }

  private begin(input: string, allLocked: boolean): void {
    const { searchHalfWidth, searchHalfYaw } = this.options;
    this.lastSearch = this.ekf.currentTime;
    const from = this.ekf.pose();
    const search = new SteppedSearch(this.search.searchNearSteps(this.batch(from, input), { centre: from, halfWidth: searchHalfWidth, halfYaw: searchHalfYaw }));
    this.pending = { search, from, input, allLocked };
  }

  /**
   * Acts on a finished search begun at pose `from`: the pose it found is where the robot was then,
   * carried forward by the filter's own motion since (the search took some callbacks).
   */
  private conclude(input: string, allLocked: boolean, from: Pose2, found: LocalSearchResult): RecoveryEvent {
    const { gatedInARow, searchHalfWidth, searchHalfYaw, inflation } = this.options;
    if (found.kind === "better") {
      const to = carryForward(found.best.pose, from, this.ekf.pose());
      if (this.ekf.relocate(to, found.best.covariance).accepted) {
        this.startOver();
        return { kind: "relocated", time: this.ekf.currentTime, input, message: `${input} gated ${gatedInARow} times in a row; the latest ranges fit a pose ${(100 * Math.hypot(found.best.pose.x - from.x, found.best.pose.y - from.y)).toFixed(1)} cm, ${wrapAngle(found.best.pose.yaw - from.yaw).toFixed(3)} rad away better (${found.message}): relocated there` };
      }
    }
    if (allLocked) {
      this.ekf.inflatePose(inflation);
      this.startOver();
      return { kind: "inflated", time: this.ekf.currentTime, input, message: `${input} gated ${gatedInARow} times in a row, every other input gated too, and no better pose within ${searchHalfWidth} m, ${searchHalfYaw} rad (${found.message}): pose covariance widened to let the measurements back in` };
    }
    return this.disagrees(input, `no pose within ${searchHalfWidth} m, ${searchHalfYaw} rad fits better (${found.message})`);
  }

  private disagrees(name: string, why: string): RecoveryEvent {
    const input = this.input(name);
    const n = this.options.gatedInARow;
    input.gatedRun = 0;
    input.named = true;
    input.backoff = Math.min(MAX_BACKOFF, input.backoff * BACKOFF_FACTOR);
    return { kind: "input_disagrees", time: this.ekf.currentTime, input: name, message: `${name} gated ${n} times in a row, not every other input; ${why}: an obstacle in its ray or a moved mount? Left out of searches until it agrees again` };
  }

  /**
   * One reading per input, as a ray from the robot as it is now: each recent reading's mount is
   * moved by the filter's own change of pose since (the motion odometry measured, mostly: relative
   * motion is right even when the absolute pose is wrong, and the readings are dropped whenever
   * the recovery moves or widens the filter), and of the readings younger than maxReadingAge the
   * one whose residual at the current pose is the median is kept. Inputs named as blocked are left
   * out, except the one whose lock-out started the search (it may be the one right ray).
   */
  private batch(now: Pose2, triggering: string): RangeMeasurement[] {
    const batch: RangeMeasurement[] = [];
    for (const [name, { readings, named }] of this.inputs) {
      if (named && name !== triggering) continue;
      const rays = readings
        .filter((r) => this.ekf.currentTime - r.time <= this.options.maxReadingAge)
        .map((r) => {
          const ray: RangeMeasurement = { ...r.measurement, mount: mountSeenFrom(now, r.pose, r.measurement.mount) };
          // A ray the current pose says misses the map is ranked by its reading alone.
          const predicted = predictRangeInto(this.map, now, ray.mount, this.ray) ? this.ray.distance : 0;
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
    if (o.stepsPerCall !== undefined && !(o.stepsPerCall === Infinity || (Number.isInteger(o.stepsPerCall) && o.stepsPerCall >= 1))) throw new Error(`stepsPerCall must be an integer >= 1, got ${o.stepsPerCall}`);
  }
}
