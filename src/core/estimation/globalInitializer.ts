import { at } from "../indexed";
import { symmetricTwin, wrapAngle, type CourtMap, type Pose2, type Surface } from "../court/courtMap";
import { predictRangeInto, RayCast, type SensorMount } from "../court/rayCaster";
import { rangeBearing, type DetectionMeasurement, type RangeBearing, type RangeMeasurement } from "./poseEkf";
import { STATE_SIZE } from "./stateLayout";
import { normalCdf } from "../ballistics/normalCdf";
import { chiSquareQuantile, Z_95, Z_99 } from "./chiSquare";
import { invert, symmetricEigenvalues3 } from "./smallMatrix";

export interface InitCandidate {
  readonly pose: Pose2;
  /** 3x3 row-major over (x, y, yaw) [m^2, rad^2], from the fit's information. */
  readonly covariance: readonly number[];
  /** Sum of squared normalised residuals, each capped at impossibleRayCost, plus impossible no-returns [1]. */
  readonly cost: number;
}

/**
 * The tests a start pose must pass, as /diagnostics names a failure:
 * - ranges: at least 4 measurements (3 unknowns and one to check them): a valid range is one, a
 *   detection of a landmark (the pole: range and bearing) two;
 * - candidates: some pose in the start region explains the ranges at all;
 * - chi_square: the squared normalised residuals sum to no more than chi-square (n - 3 dof, 99 %;
 *   95 % when measurements were left out);
 * - ray_outlier: every ray and detection within 3 sigma of the map (and no ray that the pose says
 *   meets nothing);
 * - no_return: no +Inf reading where the pose predicts a surface within the sensor's range;
 * - unique: no second, distinct pose in the start region passes the tests above;
 * - observability: the information's weakest direction is known to init.max_start_sigma.
 */
export type StartTest = "ranges" | "candidates" | "chi_square" | "ray_outlier" | "no_return" | "unique" | "observability";

/** How well a pose fits a batch of ranges, against the start tests. */
export interface FitCheck {
  /** Sum of squared normalised residuals of the rays that meet the map and of the detections [1]. */
  readonly chiSquare: number;
  /** Degrees of freedom: measurements (a ray 1, a detection 2) minus the pose's 3 unknowns [1]. */
  readonly dof: number;
  /** The chi-square test's limit at that many degrees of freedom [1]. */
  readonly chiSquareLimit: number;
  /** The largest |residual| / sigma over the rays [1]; Infinity when a ray meets nothing. */
  readonly worstRaySigmas: number;
  /** +Inf readings where the pose predicts a surface well within the sensor's range [1]. */
  readonly noReturnConflicts: number;
  /**
   * Standard deviation along the worst-determined direction of (x, y, yaw), from the smallest
   * eigenvalue of the information matrix, yaw counted at a 1 m lever [m]. Infinity: unobserved.
   */
  readonly weakestSigma: number;
  /** The first consistency test the pose fails (chi_square, ray_outlier, no_return), if any. */
  readonly failure?: { readonly test: StartTest; readonly message: string };
}

export type InitResult =
  | { readonly kind: "unique"; readonly best: InitCandidate; readonly check: FitCheck; readonly message: string }
  /** Two or more distinct poses in the region pass the tests (the court's symmetry, too few rays): not guessed. */
  | { readonly kind: "ambiguous"; readonly test: "unique"; readonly candidates: readonly InitCandidate[]; readonly message: string }
  | { readonly kind: "failed"; readonly test: StartTest; readonly message: string; readonly best?: InitCandidate };

/**
 * Where the robot may start: x in [xMin, xMax], y in [yMin, yMax] on the court [m], heading within
 * yawHalfWidth of yawCentre [rad] (pi or more: any heading). It is what excludes the court's 180
 * degree twin; nothing picks between two poses inside it.
 */
export interface StartRegion {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
  readonly yawCentre: number;
  readonly yawHalfWidth: number;
}

export interface GlobalInitializerOptions {
  /** Grid spacing of candidate positions [m]. Default 0.25. */
  readonly gridStep?: number;
  /** Grid spacing of candidate headings [rad]. Default pi / 18 (10 deg). */
  readonly yawStep?: number;
  /** Keep-out distance of the robot centre from the fence [m]. Default 0.2. */
  readonly fenceMargin?: number;
  /** Number of distinct coarse candidates refined by Gauss-Newton [1]. Default 24. */
  readonly candidates?: number;
  /** searchNear: the new pose must beat the current one by this much cost (chi-square units) [1]. Default 9. */
  readonly ambiguityMargin?: number;
  /** Largest |residual| / sigma of any ray at an accepted pose [1]. Default 3. */
  readonly maxRaySigmas?: number;
  /** Cost of a ray the pose says cannot return what was measured [1]. Default 25. */
  readonly impossibleRayCost?: number;
  /** Standard normal quantile of the chi-square test (2.326348: 99 %) [1]. Default Z_99. */
  readonly consistencyZ?: number;
  /**
   * The same for a start found after leaving measurements out (1.644854: 95 %) [1]. Default Z_95:
   * the search chose what to leave out to make the rest fit, so what is left must fit better than
   * a batch nobody chose from (a moved pole can pull a wrong pose just inside the 99 % test once
   * the one range that contradicts it is gone).
   */
  readonly leftOutConsistencyZ?: number;
  /** A start's worst-determined direction must be known to this standard deviation [m]. Default 0.05. */
  readonly maxStartSigma?: number;
}

/** A window of poses around a centre: |x - cx|, |y - cy| <= halfWidth [m], |yaw - cyaw| <= halfYaw [rad]. */
export interface SearchWindow {
  readonly centre: Pose2;
  readonly halfWidth: number;
  readonly halfYaw: number;
}

/**
 * What a search around the filter's pose found: a pose that explains the ranges better than the
 * minimum the filter sits in (by the ambiguity margin, and within the cost limit), or not, and why.
 */
export type LocalSearchResult =
  | { readonly kind: "better"; readonly best: InitCandidate; readonly message: string }
  | { readonly kind: "no_better"; readonly message: string };

/**
 * A search cut into steps of bounded work (one column of one heading of the coarse grid, or one
 * pose tried by the Gauss-Newton refinement): the caller runs a few per callback, so no callback stalls.
 */
export type SearchSteps<T> = Generator<void, T, void>;

/** Candidate positions and headings to score, with their spacings [m], [rad]. */
/** Typed arrays: one element kind, so the grid loops read unboxed doubles (a number[] may hold small integers, then doubles). */
interface SearchGrid {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly yaws: Float64Array;
  readonly step: number;
  readonly yawStep: number;
}

/** x, y, yaw. */
const POSE_UNKNOWNS = 3;
/** Rays a start needs: one more than the unknowns, so the fit can be checked at all. */
export const MIN_START_RAYS = POSE_UNKNOWNS + 1;
/** Measurements a start may leave out as wrong (each one a search more; what is left must still pass every test). */
const MAX_LEFT_OUT = 2;
/**
 * Degrees of freedom that must stay after leaving measurements out: with fewer, a pose fitted to
 * what is left passes the chi-square test whatever the batch (7 ranges all 2.5 sigma off pass
 * once two are gone).
 */
const MIN_DOF_LEFT_OUT = 3;
/** Times a Gauss-Newton step that would raise the cost is halved before the fit stops there. */
const STEP_HALVINGS = 6;
/** Coarse cells refined by a search near a pose: its window holds one or two minima, not the court's dozens. */
const LOCAL_CANDIDATES = 4;
/** Poses closer than this are the same candidate [m] / [rad]. */
const SAME_POSITION = 0.05;
const SAME_YAW = 0.035;
/** chi-square, 3 dof, 99 %: two passing poses closer than this (Mahalanobis, squared) are one minimum. */
const SAME_MINIMUM_MAHALANOBIS2 = 11.34;

/**
 * Finds the robot's pose in a start region of the court from one batch of ranges: a coarse grid
 * scored with a truncated cost, the best distinct cells refined by Gauss-Newton, and a decision
 * that accepts a pose only when it passes every StartTest, and otherwise says which test failed
 * instead of guessing.
 */
export class GlobalInitializer {
  private readonly map: CourtMap;
  private readonly gridStep: number;
  private readonly yawStep: number;
  private readonly fenceMargin: number;
  private readonly keep: number;
  private readonly ambiguityMargin: number;
  private readonly maxRaySigmas: number;
  private readonly impossibleRayCost: number;
  private readonly consistencyZ: number;
  private readonly leftOutConsistencyZ: number;
  private readonly maxStartSigma: number;

  constructor(map: CourtMap, options: GlobalInitializerOptions = {}) {
    this.map = map;
    this.gridStep = positive("gridStep", options.gridStep ?? 0.25);
    this.yawStep = positive("yawStep", options.yawStep ?? Math.PI / 18);
    this.fenceMargin = options.fenceMargin ?? 0.2;
    if (!(this.fenceMargin >= 0 && 2 * this.fenceMargin < Math.min(map.spec.length, map.spec.width))) {
      throw new Error(`fenceMargin must be >= 0 and leave room on the court, got ${this.fenceMargin}`);
    }
    this.keep = options.candidates ?? 24;
    if (!(Number.isInteger(this.keep) && this.keep >= 2)) throw new Error(`candidates must be an integer >= 2, got ${this.keep}`);
    this.ambiguityMargin = positive("ambiguityMargin", options.ambiguityMargin ?? 9);
    this.maxRaySigmas = positive("maxRaySigmas", options.maxRaySigmas ?? 3);
    this.impossibleRayCost = positive("impossibleRayCost", options.impossibleRayCost ?? 25);
    this.consistencyZ = positive("consistencyZ", options.consistencyZ ?? Z_99);
    this.leftOutConsistencyZ = positive("leftOutConsistencyZ", options.leftOutConsistencyZ ?? Z_95);
    this.maxStartSigma = positive("maxStartSigma", options.maxStartSigma ?? 0.05);
  }

  /** The whole court inside the fence margin, any heading. */
  get wholeCourt(): StartRegion {
    const x = this.map.spec.length / 2;
    const y = this.map.spec.width / 2;
    return { xMin: -x, xMax: x, yMin: -y, yMax: y, yawCentre: 0, yawHalfWidth: Math.PI };
  }

  /** search() run to the end in one call (tests, tools); the nodes step it with searchSteps(). */
  search(batch: readonly RangeMeasurement[], region: StartRegion = this.wholeCourt, detections: readonly DetectionMeasurement[] = []): InitResult {
    return runToEnd(this.searchSteps(batch, region, detections));
  }

  /**
   * Locates the robot in `region` from one batch of ranges. REP-117: NaN, -Inf and out-of-limits
   * ranges are ignored, +Inf counts as "nothing within max range" against poses that predict a
   * surface. Detections of a landmark (the pole) are range-and-bearing measurements of the
   * nearest one. A pose is accepted only when it passes every StartTest.
   * A wrong measurement (a person by the robot, a ray that meets the fence a few centimetres from
   * a corner, the detector taking something else for the pole, a pole that is not where the map
   * says) fails the fit tests at the right pose. Then the search runs again with measurements
   * left out, up to MAX_LEFT_OUT (keeping MIN_DOF_LEFT_OUT degrees of freedom), in two orders:
   * the ray whose removal explains the rest best first, and the detection first (one pole
   * detection against one range along the court is a toss-up only trying both shows). What is left must pass every test on its own (the chi-square one at
   * leftOutConsistencyZ), uniqueness and observability included. The order that leaves out fewer
   * wins; when both leave out as many and find different poses, the batch does not say which
   * measurement was wrong: no start (test "unique").
   */
  *searchSteps(batch: readonly RangeMeasurement[], region: StartRegion = this.wholeCourt, detections: readonly DetectionMeasurement[] = []): SearchSteps<InitResult> {
    const first = yield* this.searchOnce(batch, region, detections, this.consistencyZ);
    if (!fitFailed(first) || first.best === undefined) return first;
    const rayFirst = yield* this.leaveOut(first.best.pose, batch, region, detections, "ray first");
    const detectionFirst = usableDetections(detections).length > 0 ? yield* this.leaveOut(first.best.pose, batch, region, detections, "detection first") : undefined;
    // The fewest measurements left out explain the batch best; two ways that leave out as few
    // and land apart leave the batch undecided.
    const found = [rayFirst, detectionFirst]
      .filter((t): t is LeaveOutTrial & { result: Extract<InitResult, { kind: "unique" }> } => t?.result.kind === "unique")
      .sort((a, b) => a.leftOut.length - b.leftOut.length);
    const [one, other] = found;
    if (one === undefined) return first;
    if (other !== undefined && other.leftOut.length === one.leftOut.length && !samePose(one.result.best.pose, other.result.best.pose)) {
      return {
        kind: "ambiguous",
        test: "unique",
        candidates: [one.result.best, other.result.best],
        message: `leaving out ${one.leftOut.join(" and ")} gives ${describePose(one.result.best.pose)}, leaving out ${other.leftOut.join(" and ")} gives ${describePose(other.result.best.pose)}: the ranges do not say which measurement is wrong (with everything, ${first.message})`,
      };
    }
    return { ...one.result, message: `${one.result.message}; left out ${one.leftOut.join(" and ")} (with everything, ${first.message})` };
  }

  /**
   * Searches again with measurements left out one at a time, up to MAX_LEFT_OUT and while
   * MIN_DOF_LEFT_OUT degrees of freedom stay to test the rest, as long as the fit tests fail:
   * first the ray whose removal explains the rest best, or the detection; then whichever
   * measurement's removal explains the rest best.
   */
  private *leaveOut(pose: Pose2, batch: readonly RangeMeasurement[], region: StartRegion, detections: readonly DetectionMeasurement[], order: "ray first" | "detection first"): SearchSteps<LeaveOutTrial> {
    let rays = batch;
    let seen = detections;
    let best = pose;
    let result: InitResult | undefined;
    const leftOut: string[] = [];
    for (let dropped = 0; dropped < MAX_LEFT_OUT; dropped++) {
      const worst = dropped === 0 && order === "detection first" ? this.detectionAt(best, seen) : yield* this.worstMeasurement(best, rays, seen, region, dropped === 0 ? "rays" : "any");
      if (worst === undefined) break;
      const remaining = usableRays(rays).finite.length + 2 * usableDetections(seen).length - (worst.kind === "ray" ? 1 : 2);
      if (remaining - POSE_UNKNOWNS < MIN_DOF_LEFT_OUT) break;
      if (worst.kind === "ray") {
        const ray = worst.measurement;
        rays = rays.filter((m) => m !== ray);
        leftOut.push(`the ray at ${ray.mount.yaw.toFixed(2)} rad reading ${ray.range.toFixed(3)} m (${worst.sigmas.toFixed(1)} sigma off)`);
      } else {
        const detection = worst.measurement;
        seen = seen.filter((d) => d !== detection);
        leftOut.push(`the pole detection (${worst.sigmas.toFixed(1)} sigma off)`);
      }
      result = yield* this.searchOnce(rays, region, seen, this.leftOutConsistencyZ);
      if (!fitFailed(result) || result.best === undefined) break;
      best = result.best.pose;
    }
    return { result: result ?? { kind: "failed", test: "ranges", message: "too few measurements to leave one out" }, leftOut };
  }

  /**
   * The measurement whose removal explains the rest best: refitted without it from `pose` (the
   * best pose with everything), the lowest cost. The residuals at `pose` alone would not do: the
   * fit to everything settles on whichever side of a conflict weighs more, so the wrong
   * measurement can show the smallest residual there (a ray that alone fixes a direction pulls
   * the pose onto itself). Among the rays only, or the detection too.
   */
  private *worstMeasurement(pose: Pose2, batch: readonly RangeMeasurement[], detections: readonly DetectionMeasurement[], region: StartRegion, among: "rays" | "any"): SearchSteps<WorstMeasurement | undefined> {
    const { finite: rays, noReturn } = usableRays(batch);
    const seen = usableDetections(detections);
    const grid = this.regionGrid(region);
    let worst: WorstMeasurement | undefined;
    let lowest = Infinity;
    for (const m of rays) {
      const cost = yield* this.refitCost(pose, { rays: rays.filter((r) => r !== m), detections: seen }, noReturn, grid);
      if (worst === undefined || cost < lowest) {
        lowest = cost;
        worst = { kind: "ray", measurement: m, sigmas: this.sigmasOff(pose, { rays: [m], detections: [] }) };
      }
    }
    for (const d of among === "any" ? seen : []) {
      const cost = yield* this.refitCost(pose, { rays, detections: seen.filter((x) => x !== d) }, noReturn, grid);
      if (worst === undefined || cost < lowest) {
        lowest = cost;
        worst = { kind: "detection", measurement: d, sigmas: this.sigmasOff(pose, { rays: [], detections: [d] }) };
      }
    }
    return worst;
  }

  /** The cost of `measurements` refitted from `pose` (Infinity when the refit fails). */
  private *refitCost(pose: Pose2, measurements: Measurements, noReturn: readonly RangeMeasurement[], grid: SearchGrid): SearchSteps<number> {
    const refit = yield* this.refine(pose, measurements, noReturn, grid, new FitScratch(measurements));
    return refit?.cost ?? Infinity;
  }

  /** How far one measurement is off at `pose` [sigma]: a detection by its range or bearing, whichever is more; Infinity for a ray that meets nothing. */
  private sigmasOff(pose: Pose2, one: Measurements): number {
    const scratch = new FitScratch(one);
    if (this.rows(pose, one, scratch) > 0 || scratch.rows === 0) return Infinity;
    let largest = 0;
    for (let r = 0; r < scratch.rows; r++) largest = Math.max(largest, Math.abs(at(scratch.e, r)));
    return largest;
  }

  /** The first usable detection and how far off it is at `pose`. */
  private detectionAt(pose: Pose2, detections: readonly DetectionMeasurement[]): WorstMeasurement | undefined {
    const d = usableDetections(detections)[0];
    return d === undefined ? undefined : { kind: "detection", measurement: d, sigmas: this.sigmasOff(pose, { rays: [], detections: [d] }) };
  }

  private *searchOnce(batch: readonly RangeMeasurement[], region: StartRegion, detections: readonly DetectionMeasurement[], consistencyZ: number): SearchSteps<InitResult> {
    checkRegion(region);
    const { finite: rays, noReturn } = usableRays(batch);
    const seen = usableDetections(detections);
    const finite: Measurements = { rays, detections: seen };
    const count = rays.length + 2 * seen.length;
    if (count < MIN_START_RAYS) {
      return { kind: "failed", test: "ranges", message: `need at least ${MIN_START_RAYS} measurements (${POSE_UNKNOWNS} unknowns and one to check them; a range counts 1, a detection 2), got ${rays.length} valid ranges of ${batch.length} and ${seen.length} detections` };
    }
    const grid = this.regionGrid(region);
    if (grid.xs.length === 0 || grid.ys.length === 0) return { kind: "failed", test: "candidates", message: `the start region ${describeRegion(region)} leaves no room on the court` };
    const inRegion = (p: Pose2): boolean => insideRegion(p, region);
    const scratch = new FitScratch(finite);
    const refined = (yield* this.refinedCandidates(grid, finite, noReturn, this.keep, scratch)).filter((c) => inRegion(c.pose));
    // The grid is not symmetric about the court centre, so where the region holds both, the twin
    // of the leader may not have been refined from as good a cell: refine it too, or a twin could
    // fail to show up by grid luck.
    const leader = refined[0];
    if (leader !== undefined && this.map.spec.secondHoop && inRegion(symmetricTwin(leader.pose))) {
      const twin = yield* this.refine(symmetricTwin(leader.pose), finite, noReturn, grid, scratch);
      if (twin !== undefined && inRegion(twin.pose) && !holdsPose(refined, twin.pose)) refined.push(twin);
    }
    if (refined.length === 0) return { kind: "failed", test: "candidates", message: `no pose in the start region ${describeRegion(region)} explains the ranges` };
    refined.sort((a, b) => a.cost - b.cost);
    const checked = refined.map((candidate) => ({ candidate, check: this.check(candidate.pose, finite, noReturn, scratch, consistencyZ) }));
    const passing = distinctMinima(checked.filter(({ check }) => check.failure === undefined).map(({ candidate }) => candidate));
    const first = checked[0];
    if (passing.length === 0 && first !== undefined) {
      const failure = first.check.failure ?? { test: "candidates", message: "no pose passes" };
      return { kind: "failed", test: failure.test, message: `the best pose ${describePose(first.candidate.pose)} ${failure.message}`, best: first.candidate };
    }
    if (passing.length > 1) {
      return {
        kind: "ambiguous",
        test: "unique",
        candidates: passing,
        message: `${passing.length} distinct poses in the start region pass the fit tests (${passing.slice(0, 3).map((c) => describePose(c.pose)).join(", ")}${passing.length > 3 ? ", ..." : ""}): the rays do not pin the pose; narrow init.region or add rays`,
      };
    }
    const only = passing[0];
    const check = only === undefined ? undefined : checked.find((c) => c.candidate === only)?.check;
    if (only === undefined || check === undefined) return { kind: "failed", test: "candidates", message: "no pose passes" };
    if (!(check.weakestSigma <= this.maxStartSigma)) {
      return { kind: "failed", test: "observability", message: `the pose ${describePose(only.pose)} fits, but its worst-determined direction is known only to ${check.weakestSigma.toFixed(3)} m (limit ${this.maxStartSigma} m): the rays leave a direction of (x, y, yaw) unobserved`, best: only };
    }
    return {
      kind: "unique",
      best: only,
      check,
      message: `chi-square ${check.chiSquare.toFixed(1)} <= ${check.chiSquareLimit.toFixed(1)} (${check.dof} dof), worst ray ${check.worstRaySigmas.toFixed(1)} sigma, weakest direction ${(100 * check.weakestSigma).toFixed(1)} cm, no other pose in the region fits`,
    };
  }

  /**
   * How `pose` fits the batch against the consistency tests (chi_square, ray_outlier, no_return),
   * and how well the rays determine it.
   */
  private check(pose: Pose2, finite: Measurements, noReturn: readonly RangeMeasurement[], scratch: FitScratch, consistencyZ = this.consistencyZ): FitCheck {
    let chiSquare = 0;
    let worst = 0;
    const info = scratch.info.fill(0);
    const missing = this.rows(pose, finite, scratch);
    const { e, J } = scratch;
    for (let r = 0; r < scratch.rows; r++) {
      const er = at(e, r);
      chiSquare += er * er;
      worst = Math.max(worst, Math.abs(er));
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) info[i * 3 + j] = at(info, i * 3 + j) + at(J, 3 * r + i) * at(J, 3 * r + j);
    }
    let noReturnConflicts = 0;
    for (let r = 0; r < noReturn.length; r++) {
      const m = noReturn[r];
      if (m !== undefined && predictRangeInto(this.map, pose, m.mount, scratch.ray) && scratch.ray.distance < m.maxRange - 3 * m.sigma) noReturnConflicts++;
    }
    const measured = finite.rays.length + 2 * finite.detections.length;
    const dof = measured - POSE_UNKNOWNS;
    const chiSquareLimit = dof > 0 ? chiSquareQuantile(consistencyZ, dof) : 0;
    const weakestSigma = weakestDirectionSigma(info);
    const fit = { chiSquare, dof, chiSquareLimit, worstRaySigmas: missing > 0 ? Infinity : worst, noReturnConflicts, weakestSigma };
    if (missing > 0) return { ...fit, failure: { test: "ray_outlier", message: `has ${missing} of ${finite.rays.length} valid rays meeting nothing on the map` } };
    if (!(chiSquare <= chiSquareLimit)) return { ...fit, failure: { test: "chi_square", message: `leaves chi-square ${chiSquare.toFixed(1)} over ${measured} measurements, more than noise would (${chiSquareLimit.toFixed(1)}, ${dof} dof, ${(100 * normalCdf(consistencyZ)).toFixed(0)} %)` } };
    if (worst > this.maxRaySigmas) return { ...fit, failure: { test: "ray_outlier", message: `leaves a ray ${worst.toFixed(1)} sigma off (limit ${this.maxRaySigmas})` } };
    if (noReturnConflicts > 0) return { ...fit, failure: { test: "no_return", message: `predicts a surface for ${noReturnConflicts} rays that returned nothing (+Inf)` } };
    return fit;
  }

  /** searchNear() run to the end in one call (tests, tools); the nodes step it with searchNearSteps(). */
  searchNear(batch: readonly RangeMeasurement[], window: SearchWindow): LocalSearchResult {
    return runToEnd(this.searchNearSteps(batch, window));
  }

  /**
   * Searches a window around `centre` (the filter's pose when its measurements keep being gated)
   * for a pose that explains the ranges clearly better than `centre` itself does, as well as noise
   * would and with every ray within 3 sigma: then the filter sat on a wrong pose. The window is gridded at five steps per
   * half-width in x and y and ten in heading, and bounds the answer, not only the grid.
   */
  *searchNearSteps(batch: readonly RangeMeasurement[], window: SearchWindow): SearchSteps<LocalSearchResult> {
    const { finite: rays, noReturn } = usableRays(batch);
    // With no more rays than the pose's 3 unknowns every nearby pose may fit exactly: nothing to tell a wrong pose from a wrong ray.
    if (rays.length <= POSE_UNKNOWNS) return { kind: "no_better", message: `${rays.length} valid ranges cannot outvote one for ${POSE_UNKNOWNS} unknowns` };
    const finite: Measurements = { rays, detections: [] };
    const { centre, halfWidth, halfYaw } = window;
    if (![centre.x, centre.y, centre.yaw].every(Number.isFinite) || !(halfWidth >= 0 && halfYaw >= 0 && Number.isFinite(halfWidth) && Number.isFinite(halfYaw))) {
      throw new Error(`searchNear needs a finite centre and half-widths >= 0, got ${JSON.stringify(window)}`);
    }
    const step = Math.max(halfWidth / 5, 1e-3);
    const yawStep = Math.max(halfYaw / 10, 1e-3);
    const xLimit = this.map.spec.length / 2 - this.fenceMargin;
    const yLimit = this.map.spec.width / 2 - this.fenceMargin;
    const grid: SearchGrid = {
      xs: gridValues(Math.max(-xLimit, centre.x - halfWidth), Math.min(xLimit, centre.x + halfWidth), step),
      ys: gridValues(Math.max(-yLimit, centre.y - halfWidth), Math.min(yLimit, centre.y + halfWidth), step),
      yaws: gridValues(centre.yaw - halfYaw, centre.yaw + halfYaw, yawStep).map(wrapAngle),
      step,
      yawStep,
    };
    const inWindow = (p: Pose2): boolean => Math.abs(p.x - centre.x) <= halfWidth && Math.abs(p.y - centre.y) <= halfWidth && Math.abs(wrapAngle(p.yaw - centre.yaw)) <= halfYaw;
    const scratch = new FitScratch(finite);
    const best = (yield* this.refinedCandidates(grid, finite, noReturn, LOCAL_CANDIDATES, scratch)).find((c) => inWindow(c.pose));
    if (best === undefined) return { kind: "no_better", message: "no pose in the window explains the ranges" };
    const centreCost = this.fit(centre, finite, noReturn, scratch);
    if (centreCost - best.cost < this.ambiguityMargin) {
      return { kind: "no_better", message: `the best pose in the window (cost ${best.cost.toFixed(1)}) is not ${this.ambiguityMargin} better than the current one (${centreCost.toFixed(1)})` };
    }
    // A least-squares compromise can beat the current pose by spreading one bad ray over the
    // others: the new pose must fit the rays as noise would (chi-square over the n - 3 redundant
    // ones, 99 %), and every ray on its own.
    const check = this.check(best.pose, finite, noReturn, scratch);
    if (check.failure?.test === "chi_square") {
      return { kind: "no_better", message: `the best pose in the window leaves cost ${check.chiSquare.toFixed(1)} over ${rays.length} ranges, more than noise would (${check.chiSquareLimit.toFixed(1)}, chi-square ${check.dof} dof, 99 %)` };
    }
    if (check.failure?.test === "ray_outlier") {
      return { kind: "no_better", message: `the best pose in the window leaves a ray ${check.worstRaySigmas.toFixed(1)} sigma off (limit ${this.maxRaySigmas.toFixed(1)})` };
    }
    return { kind: "better", best, message: `cost ${best.cost.toFixed(1)} over ${rays.length} ranges against ${centreCost.toFixed(1)} at the current pose` };
  }

  /** The grid over `region` clipped to the court inside the fence margin. */
  private regionGrid(region: StartRegion): SearchGrid {
    const xLimit = this.map.spec.length / 2 - this.fenceMargin;
    const yLimit = this.map.spec.width / 2 - this.fenceMargin;
    const fullCircle = region.yawHalfWidth >= Math.PI;
    const nYaw = Math.max(1, Math.round((fullCircle ? 2 * Math.PI : 2 * region.yawHalfWidth) / this.yawStep));
    const yawStep = (fullCircle ? 2 * Math.PI : 2 * region.yawHalfWidth) / nYaw;
    const yawFrom = fullCircle ? -Math.PI : region.yawCentre - region.yawHalfWidth + yawStep / 2;
    return {
      xs: gridValues(Math.max(-xLimit, region.xMin), Math.min(xLimit, region.xMax), this.gridStep),
      ys: gridValues(Math.max(-yLimit, region.yMin), Math.min(yLimit, region.yMax), this.gridStep),
      yaws: Float64Array.from({ length: nYaw }, (_, i) => wrapAngle(yawFrom + i * yawStep)),
      step: this.gridStep,
      yawStep,
    };
  }

  /** The grid's `keep` best distinct cells refined by Gauss-Newton, distinct fits only, best first. */
  private *refinedCandidates(grid: SearchGrid, finite: Measurements, noReturn: readonly RangeMeasurement[], keep: number, scratch: FitScratch): SearchSteps<InitCandidate[]> {
    const refined: InitCandidate[] = [];
    for (const pose of yield* this.coarseCandidates(grid, finite, noReturn, keep)) {
      const fit = yield* this.refine(pose, finite, noReturn, grid, scratch);
      if (fit === undefined) continue;
      if (holdsPose(refined, fit.pose)) continue;
      refined.push(fit);
    }
    return refined.sort((a, b) => a.cost - b.cost);
  }

  /** Grid poses with the lowest truncated cost, at least two cells or two yaw steps apart; one step per column of one heading. */
  private *coarseCandidates(grid: SearchGrid, measurements: Measurements, noReturn: readonly RangeMeasurement[], keep: number): SearchSteps<Pose2[]> {
    const { xs, ys, yaws } = grid;
    const scorer = new CoarseScorer(this.map, measurements, noReturn, grid);
    const perYaw = xs.length * ys.length;
    const count = perYaw * yaws.length;
    // Each cell's (cost, index) packed in one number: a typed-array sort beats a comparator many times over.
    const indexBits = 2 ** Math.ceil(Math.log2(count + 1));
    const keys = new Float64Array(count);
    let k = 0;
    for (let iy = 0; iy < yaws.length; iy++) {
      scorer.turnTo(at(yaws, iy));
      for (let ix = 0; ix < xs.length; ix++) {
        k = scorer.scoreColumn(at(xs, ix), ys, keys, k, indexBits);
        yield;
      }
      // Sorted a heading at a time (a few hundred cells, within one step), merged by bestApart.
      keys.subarray(iy * perYaw, k).sort();
    }
    return bestApart(keys, indexBits, grid, keep);
  }

  /**
   * Robust Gauss-Newton from a grid pose, each step at most one grid cell and one yaw step, one
   * search step per fit tried; undefined if it leaves the court. Its numbers live in `scratch`
   * (the pose too, copied out at the end): a step allocates nothing but the generator's own
   * step result.
   */
  private *refine(start: Pose2, finite: Measurements, noReturn: readonly RangeMeasurement[], grid: SearchGrid, scratch: FitScratch): SearchSteps<InitCandidate | undefined> {
    const pose = scratch.pose;
    pose.x = start.x;
    pose.y = start.y;
    pose.yaw = start.yaw;
    // The rays cast at the current pose: its cost here, and the next step's residuals and
    // Jacobians in the scratch's rows (the last fit's: a trial that is taken is the last one fitted).
    let cost = this.fit(pose, finite, noReturn, scratch);
    // Whether scratch.inverse holds the damped information's inverse at the last pose: the step's matrix and, at the end, the covariance.
    let inverted = false;
    for (let iter = 0; iter < 20; iter++) {
      if (iter > 0) yield;
      if (!this.gaussNewtonStep(scratch, grid)) return undefined;
      inverted = true;
      const converged = scratch.converged;
      // Never uphill in the capped cost (halving the step up to STEP_HALVINGS times): a step that
      // swings a ray onto another surface is taken back instead of settled in.
      let moved = false;
      for (let halving = 0; halving <= STEP_HALVINGS && !moved; halving++) {
        if (halving > 0) yield;
        const trialCost = this.fit(scratch.trialAt(halving), finite, noReturn, scratch);
        if (trialCost <= cost) {
          scratch.takeTrial();
          cost = trialCost;
          moved = true;
        }
      }
      if (!moved) break;
      if (!this.insideCourt(pose)) return undefined;
      if (converged) break;
    }
    if (!inverted) return undefined;
    return { pose: { x: pose.x, y: pose.y, yaw: pose.yaw }, covariance: Array.from(scratch.inverse), cost };
  }

  /**
   * The Gauss-Newton step from the scratch's rows (the last fit's), into scratch.step, scaled to
   * at most one grid cell and one yaw step (scratch.scale), with the damped information's inverse
   * in scratch.inverse and whether the step is small enough to stop after (scratch.converged).
   * False when the information is singular.
   */
  private gaussNewtonStep(scratch: FitScratch, grid: SearchGrid): boolean {
    const { info, gradient: g, step, e, J } = scratch;
    info.fill(0);
    g.fill(0);
    // A ray this pose says meets nothing has no row: it pulls nowhere, and the cost charges it.
    for (let r = 0; r < scratch.rows; r++) {
      const er = at(e, r);
      // Cauchy weights at the cost's cap (iteratively reweighted): a ray far off (a spike, or one
      // the step swung onto another surface) stops pulling, as the capped cost stops counting it.
      const w = 1 / (1 + (er * er) / this.impossibleRayCost);
      for (let i = 0; i < 3; i++) {
        const Ji = at(J, 3 * r + i);
        g[i] = at(g, i) + w * Ji * er;
        for (let j = 0; j < 3; j++) info[i * 3 + j] = at(info, i * 3 + j) + w * Ji * at(J, 3 * r + j);
      }
    }
    // A weak prior keeps unobservable directions (too few rays) from running away.
    info[0] = at(info, 0) + 1e-2;
    info[4] = at(info, 4) + 1e-2;
    info[8] = at(info, 8) + 1e-1;
    const inv = invert(info, 3, scratch.inverse, scratch.work);
    if (inv === undefined) return false;
    for (let i = 0; i < 3; i++) step[i] = at(inv, i * 3) * at(g, 0) + at(inv, i * 3 + 1) * at(g, 1) + at(inv, i * 3 + 2) * at(g, 2);
    const stepLength = Math.hypot(at(step, 0), at(step, 1));
    // Limit a step to one cell / yaw step so a wrong surface association cannot fling it across the court.
    scratch.scale = Math.min(1, grid.step / Math.max(1e-12, stepLength), grid.yawStep / Math.max(1e-12, Math.abs(at(step, 2))));
    scratch.converged = scratch.scale === 1 && stepLength < 1e-5 && Math.abs(at(step, 2)) < 1e-6;
    return true;
  }

  /**
   * The capped cost at `pose`: each row's residual capped at impossibleRayCost, as is a ray that
   * meets nothing, plus impossible no-returns. Its rows are left in `scratch`.
   */
  private fit(pose: Pose2, finite: Measurements, noReturn: readonly RangeMeasurement[], scratch: FitScratch): number {
    const missing = this.rows(pose, finite, scratch);
    let cost = missing * this.impossibleRayCost;
    const e = scratch.e;
    for (let r = 0; r < scratch.rows; r++) cost += Math.min(at(e, r) * at(e, r), this.impossibleRayCost);
    for (let r = 0; r < noReturn.length; r++) {
      const m = noReturn[r];
      if (m !== undefined && predictRangeInto(this.map, pose, m.mount, scratch.ray) && scratch.ray.distance < m.maxRange - 3 * m.sigma) cost += this.impossibleRayCost;
    }
    return cost;
  }

  /**
   * Each measurement at `pose` as whitened rows (residual / sigma and its Jacobian / sigma over
   * x, y, yaw), written into scratch.e, scratch.J and scratch.rows: a ray one, a detection two
   * (range and bearing of the landmark that fits it best). Rays the pose says meet nothing have
   * no row; returns how many.
   */
  private rows(pose: Pose2, finite: Measurements, scratch: FitScratch): number {
    const { e, J, ray, landmark: model } = scratch;
    const landmarks = this.map.landmarks;
    let n = 0;
    let missing = 0;
    for (let r = 0; r < finite.rays.length; r++) {
      const m = finite.rays[r];
      if (m === undefined) continue;
      if (!predictRangeInto(this.map, pose, m.mount, ray)) {
        missing++;
        continue;
      }
      e[n] = (m.range - ray.distance) / m.sigma;
      J[3 * n] = ray.dX / m.sigma;
      J[3 * n + 1] = ray.dY / m.sigma;
      J[3 * n + 2] = ray.dYaw / m.sigma;
      n++;
    }
    for (let k = 0; k < finite.detections.length; k++) {
      const d = finite.detections[k];
      if (d === undefined) continue;
      const range = at(scratch.detectionRange, k);
      const bearing = at(scratch.detectionBearing, k);
      let bestCost = Infinity;
      let found = false;
      for (let l = 0; l < landmarks.length; l++) {
        const landmark = landmarks[l];
        if (landmark === undefined) continue;
        rangeBearing(pose, d.mount, landmark.position, model);
        const H = model.H;
        const eRange = (range - model.range) / d.sigmaRange;
        const eBearing = wrapAngle(bearing - model.bearing) / d.sigmaBearing;
        const cost = eRange ** 2 + eBearing ** 2;
        if (cost < bestCost) {
          bestCost = cost;
          found = true;
          // Rows n (range) and n + 1 (bearing), overwritten by a landmark that fits better.
          e[n] = eRange;
          J[3 * n] = at(H, 0) / d.sigmaRange;
          J[3 * n + 1] = at(H, 1) / d.sigmaRange;
          J[3 * n + 2] = at(H, 2) / d.sigmaRange;
          e[n + 1] = eBearing;
          J[3 * n + 3] = at(H, STATE_SIZE) / d.sigmaBearing;
          J[3 * n + 4] = at(H, STATE_SIZE + 1) / d.sigmaBearing;
          J[3 * n + 5] = at(H, STATE_SIZE + 2) / d.sigmaBearing;
        }
      }
      if (found) n += 2;
    }
    scratch.rows = n;
    return missing;
  }

  private insideCourt(p: Pose2): boolean {
    return Math.abs(p.x) <= this.map.spec.length / 2 - this.fenceMargin / 2 && Math.abs(p.y) <= this.map.spec.width / 2 - this.fenceMargin / 2;
  }
}

/** The measurement farthest off at a pose, and by how many sigmas. */
type WorstMeasurement =
  | { readonly kind: "ray"; readonly measurement: RangeMeasurement; readonly sigmas: number }
  | { readonly kind: "detection"; readonly measurement: DetectionMeasurement; readonly sigmas: number };

/** A search with measurements left out: its result and what was left out. */
interface LeaveOutTrial {
  readonly result: InitResult;
  readonly leftOut: readonly string[];
}

/** Standard deviation along the worst-determined direction of an information matrix (3 x 3, row-major) [m or rad]. */
function weakestDirectionSigma(info: Float64Array): number {
  const smallest = Math.min(...symmetricEigenvalues3(info));
  return smallest > 0 ? 1 / Math.sqrt(smallest) : Infinity;
}

/** Whether a start failed a fit test (so leaving a wrong measurement out may rescue it). */
function fitFailed(r: InitResult): r is Extract<InitResult, { kind: "failed" }> {
  return r.kind === "failed" && (r.test === "chi_square" || r.test === "ray_outlier");
}

/** The measurements a pose is fitted to: valid ranges and landmark detections. */
interface Measurements {
  readonly rays: readonly RangeMeasurement[];
  readonly detections: readonly DetectionMeasurement[];
}

/**
 * One search's working memory for fitting poses to its measurements, allocated once per search.
 * A search fits thousands of poses; an object or array per ray and pose (rows, Jacobians, the
 * Gauss-Newton step, the ray cast's hit) kept the garbage collector pausing the sensor callbacks
 * the search runs in (issue 13), so fits write here instead. A search's fits follow one another
 * and never interleave: the rows of the last fit stay here until the next fit, and refine reads
 * them after its trial fits (the trial it takes is always the last one it fitted).
 */
class FitScratch {
  /** Whitened residual (residual / sigma) of each row of the last fit [1]: a ray one row, a detection two. */
  readonly e: Float64Array;
  /** Each row's Jacobian / sigma over x, y, yaw: three per row. */
  readonly J: Float64Array;
  /** Rows the last fit wrote [1]. */
  rows = 0;
  /** Each detection's range [m] and bearing [rad] in the laser frame: the same at every pose. */
  readonly detectionRange: Float64Array;
  readonly detectionBearing: Float64Array;
  /** The ray cast's hit and the landmark model at the pose being fitted. */
  readonly ray = new RayCast();
  readonly landmark: RangeBearing = { range: 0, bearing: 0, H: new Float64Array(2 * STATE_SIZE) };
  /** Information matrix (refine's, check's), its inverse (the last covariance), the inversion's work, gradient and step. */
  readonly info = new Float64Array(9);
  readonly inverse = new Float64Array(9);
  readonly work = new Float64Array(9);
  readonly gradient = new Float64Array(3);
  readonly step = new Float64Array(3);
  /** The step's length limit, as a fraction of the step [1], and whether the fit stops after it. */
  scale = 1;
  converged = false;
  /** refine's pose and its trial step's. */
  readonly pose = { x: 0, y: 0, yaw: 0 };
  readonly trial = { x: 0, y: 0, yaw: 0 };

  constructor(measurements: Measurements) {
    const rows = measurements.rays.length + 2 * measurements.detections.length;
    this.e = new Float64Array(rows);
    this.J = new Float64Array(3 * rows);
    this.detectionRange = Float64Array.from(measurements.detections, (d) => Math.hypot(d.point.x, d.point.y));
    this.detectionBearing = Float64Array.from(measurements.detections, (d) => Math.atan2(d.point.y, d.point.x));
  }

  /** The trial pose: the step from the pose, at its scale halved `halvings` times. */
  trialAt(halvings: number): Pose2 {
    let scale = this.scale;
    for (let i = 0; i < halvings; i++) scale /= 2;
    const { pose, trial, step } = this;
    trial.x = pose.x + scale * at(step, 0);
    trial.y = pose.y + scale * at(step, 1);
    trial.yaw = wrapAngle(pose.yaw + scale * at(step, 2));
    return trial;
  }

  /** Moves the pose to the trial pose. */
  takeTrial(): void {
    this.pose.x = this.trial.x;
    this.pose.y = this.trial.y;
    this.pose.yaw = this.trial.yaw;
  }
}

/**
 * The values of `keys`, made of runs of `run` values each sorted ascending, in ascending order:
 * next() gives the index of the next one, -1 after the last (the best few cells are wanted, not
 * all of them, and an index needs no object).
 */
class SortedRunsMerge {
  /** Each run's next index into keys. */
  private readonly heads: Int32Array;

  constructor(
    private readonly keys: Float64Array,
    private readonly run: number,
  ) {
    this.heads = new Int32Array(Math.ceil(keys.length / run));
    for (let r = 0; r < this.heads.length; r++) this.heads[r] = r * run;
  }

  next(): number {
    const keys = this.keys;
    let best = -1;
    let bestKey = Infinity;
    for (let r = 0; r < this.heads.length; r++) {
      const i = at(this.heads, r);
      if (i < Math.min(keys.length, (r + 1) * this.run) && (keys[i] ?? Infinity) < bestKey) {
        bestKey = keys[i] ?? Infinity;
        best = r;
      }
    }
    if (best < 0) return -1;
    const index = at(this.heads, best);
    this.heads[best] = index + 1;
    return index;
  }
}

/** Runs a stepped search to its end. */
export function runToEnd<T>(steps: SearchSteps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
  }
}

/**
 * A stepped search run a few steps at a time: `advance` does at most `maxSteps` steps and returns
 * the result once there is one (and again on every later call).
 */
export class SteppedSearch<T> {
  private result: { readonly value: T } | undefined;
  private taken = 0;

  constructor(private readonly steps: SearchSteps<T>) {}

  /** Steps done so far [1]. */
  get stepsTaken(): number {
    return this.taken;
  }

  advance(maxSteps: number): T | undefined {
    for (let i = 0; i < maxSteps && this.result === undefined; i++) {
      const next = this.steps.next();
      this.taken++;
      if (next.done === true) this.result = { value: next.value };
    }
    return this.result?.value;
  }
}

/**
 * The best cells of the coarse grid (keys: each cell's packed cost and index, sorted a heading at a
 * time), at least two cells or two yaw steps apart, up to `keep` of them. It visits a few hundred
 * cells to find them: no object per cell visited, only per cell kept.
 */
function bestApart(keys: Float64Array, indexBits: number, grid: SearchGrid, keep: number): Pose2[] {
  const { xs, ys, yaws, step, yawStep } = grid;
  const perYaw = xs.length * ys.length;
  const chosen: Pose2[] = [];
  const merge = new SortedRunsMerge(keys, perYaw);
  for (let next = merge.next(); next >= 0 && chosen.length < keep; next = merge.next()) {
    const index = at(keys, next) % indexBits;
    const rest = index % perYaw;
    const x = at(xs, Math.floor(rest / ys.length));
    const y = at(ys, rest % ys.length);
    const yaw = at(yaws, Math.floor(index / perYaw));
    let apart = true;
    for (let c = 0; c < chosen.length; c++) {
      const p = chosen[c];
      if (p === undefined) continue;
      if (!(Math.abs(wrapAngle(p.yaw - yaw)) > 2 * yawStep || fartherThan(p.x - x, p.y - y, 2 * step))) {
        apart = false;
        break;
      }
    }
    if (apart) chosen.push({ x, y, yaw });
  }
  return chosen;
}

/** Whether `candidates` holds a pose that is the same as `pose` (samePose). */
function holdsPose(candidates: readonly InitCandidate[], pose: Pose2): boolean {
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (c !== undefined && samePose(c.pose, pose)) return true;
  }
  return false;
}

/** Of passing candidates (best first), those that are not the same minimum as a better one. */
function distinctMinima(passing: readonly InitCandidate[]): InitCandidate[] {
  const minima: InitCandidate[] = [];
  for (const candidate of passing) {
    if (!minima.some((m) => mahalanobis2(m, candidate.pose) < SAME_MINIMUM_MAHALANOBIS2 || samePose(m.pose, candidate.pose))) minima.push(candidate);
  }
  return minima;
}

/** Squared Mahalanobis distance of `pose` from candidate `c` under its covariance. */
function mahalanobis2(c: InitCandidate, pose: Pose2): number {
  const inverse = invert(Float64Array.from(c.covariance), 3);
  if (inverse === undefined) return Infinity;
  const d = [pose.x - c.pose.x, pose.y - c.pose.y, wrapAngle(pose.yaw - c.pose.yaw)];
  let sum = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum += at(d, i) * at(inverse, i * 3 + j) * at(d, j);
  return sum;
}

function insideRegion(p: Pose2, region: StartRegion): boolean {
  return (
    p.x >= region.xMin - SAME_POSITION &&
    p.x <= region.xMax + SAME_POSITION &&
    p.y >= region.yMin - SAME_POSITION &&
    p.y <= region.yMax + SAME_POSITION &&
    (region.yawHalfWidth >= Math.PI || Math.abs(wrapAngle(p.yaw - region.yawCentre)) <= region.yawHalfWidth + SAME_YAW)
  );
}

function checkRegion(r: StartRegion): void {
  const finite = [r.xMin, r.xMax, r.yMin, r.yMax, r.yawCentre, r.yawHalfWidth].every(Number.isFinite);
  if (!(finite && r.xMin <= r.xMax && r.yMin <= r.yMax && r.yawHalfWidth > 0)) throw new Error(`a start region needs finite bounds with min <= max and a heading half-width > 0, got ${JSON.stringify(r)}`);
}

function describeRegion(r: StartRegion): string {
  return `x [${r.xMin}, ${r.xMax}] m, y [${r.yMin}, ${r.yMax}] m, yaw ${r.yawCentre} +- ${r.yawHalfWidth} rad`;
}

function describePose(p: Pose2): string {
  return `(${p.x.toFixed(2)} m, ${p.y.toFixed(2)} m, ${p.yaw.toFixed(2)} rad)`;
}

/**
 * REP-117: NaN, -Inf and out-of-limits ranges are ignored; +Inf (nothing within max range) is kept
 * apart, as a check on candidate poses.
 */
/** Detections with a finite mount, a point away from the laser and sigmas > 0. */
function usableDetections(detections: readonly DetectionMeasurement[]): DetectionMeasurement[] {
  return detections.filter(
    (d) => [d.mount.x, d.mount.y, d.mount.yaw, d.point.x, d.point.y].every(Number.isFinite) && Math.hypot(d.point.x, d.point.y) > 1e-6 && d.sigmaRange > 0 && d.sigmaBearing > 0 && Number.isFinite(d.sigmaRange) && Number.isFinite(d.sigmaBearing),
  );
}

function usableRays(batch: readonly RangeMeasurement[]): { finite: RangeMeasurement[]; noReturn: RangeMeasurement[] } {
  const rays = batch.filter((m) => [m.mount.x, m.mount.y, m.mount.z, m.mount.yaw].every(Number.isFinite) && m.sigma > 0 && Number.isFinite(m.sigma));
  return { finite: rays.filter((m) => m.range >= m.minRange && m.range <= m.maxRange), noReturn: rays.filter((m) => m.range === Infinity) };
}

function samePose(a: Pose2, b: Pose2): boolean {
  return closerThan(a.x - b.x, a.y - b.y, SAME_POSITION) && Math.abs(wrapAngle(a.yaw - b.yaw)) < SAME_YAW;
}

// Math.hypot(dx, dy) compared with a limit, with Math.hypot's answer but mostly without calling
// it: it allocates in V8 (about 50 bytes a call) and the searches compare thousands of distances.
// dx^2 + dy^2 decides unless it lies within HYPOT_MARGIN (relative) of limit^2, a margin far wider
// than the rounding of either; there (and for NaN) Math.hypot decides.
const HYPOT_MARGIN = 1e-9;

/** Math.hypot(dx, dy) > limit. */
function fartherThan(dx: number, dy: number, limit: number): boolean {
  const squared = dx * dx + dy * dy;
  if (squared > limit * limit * (1 + HYPOT_MARGIN)) return true;
  if (squared < limit * limit * (1 - HYPOT_MARGIN)) return false;
  return Math.hypot(dx, dy) > limit;
}

/** Math.hypot(dx, dy) < limit. */
function closerThan(dx: number, dy: number, limit: number): boolean {
  const squared = dx * dx + dy * dy;
  if (squared < limit * limit * (1 - HYPOT_MARGIN)) return true;
  if (squared > limit * limit * (1 + HYPOT_MARGIN)) return false;
  return Math.hypot(dx, dy) < limit;
}

function gridValues(from: number, to: number, step: number): Float64Array {
  const values: number[] = [];
  for (let v = from; v <= to + 1e-9; v += step) values.push(v);
  return Float64Array.from(values);
}

function positive(name: string, value: number): number {
  if (!(value > 0 && Number.isFinite(value))) throw new Error(`${name} must be a finite number > 0, got ${value}`);
  return value;
}

/** Each ray's mount offset from the robot centre [m] and unit direction in the court frame, for one heading at a time. */
class RotatedRays {
  readonly offX: Float64Array;
  readonly offY: Float64Array;
  readonly dx: Float64Array;
  readonly dy: Float64Array;

  constructor(private readonly rays: readonly RangeMeasurement[]) {
    this.offX = new Float64Array(rays.length);
    this.offY = new Float64Array(rays.length);
    this.dx = new Float64Array(rays.length);
    this.dy = new Float64Array(rays.length);
  }

  /** Rotates every ray's mount by the robot heading `yaw` [rad]. */
  turnTo(yaw: number): void {
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    for (let r = 0; r < this.rays.length; r++) {
      const mount = this.rays[r]?.mount;
      if (mount === undefined) continue;
      this.offX[r] = c * mount.x - s * mount.y;
      this.offY[r] = s * mount.x + c * mount.y;
      this.dx[r] = Math.cos(yaw + mount.yaw);
      this.dy[r] = Math.sin(yaw + mount.yaw);
    }
  }
}

/** A coarse cell's cost term is capped here (a ray far off, a no-return that should have met a surface) [1]. */
const COARSE_TRUNCATE = 16;

/**
 * The coarse grid's truncated cost of a cell, for one heading at a time, its inputs laid out once
 * per search in typed arrays: the grid scores tens of thousands of cells, each one arithmetic
 * only, allocating nothing.
 */
class CoarseScorer {
  /** The rays with a reading come first in casters and rays, the no-returns after them. */
  private readonly withReading: number;
  private readonly casters: readonly FlatCaster[];
  private readonly rays: RotatedRays;
  /** Each ray's reading [m] and variance, widened by half a cell and half a yaw step [m^2] (rays with a reading). */
  private readonly ranges: Float64Array;
  private readonly coarseVariance: Float64Array;
  /** A no-return ray that meets a surface nearer than this is charged [m] (no-returns). */
  private readonly noReturnLimit: Float64Array;
  private readonly detections: readonly DetectionMeasurement[];
  private readonly detectionRange: Float64Array;
  private readonly detectionBearing: Float64Array;
  private readonly detectionVariance: Float64Array;
  /** Each detected point's offset from the robot centre at the current heading, court frame [m]. */
  private readonly seenOffX: Float64Array;
  private readonly seenOffY: Float64Array;
  private readonly landmarkX: Float64Array;
  private readonly landmarkY: Float64Array;
  /** Scratch for one column: each cell's cost so far, and one ray's distance from each cell [m]. */
  private columnCost = new Float64Array(0);
  private distances = new Float64Array(0);

  constructor(map: CourtMap, measurements: Measurements, noReturn: readonly RangeMeasurement[], grid: SearchGrid) {
    const rays = measurements.rays;
    const halfCell = grid.step / 2;
    const yawStep = grid.yawStep;
    this.withReading = rays.length;
    const all = [...rays, ...noReturn];
    this.casters = all.map((m) => new FlatCaster(map, m.mount));
    this.rays = new RotatedRays(all);
    this.ranges = Float64Array.from(rays, (m) => m.range);
    // A true pose lies up to half a cell and half a yaw step from a grid pose: widen each sigma so
    // that offset does not throw the right cell out.
    this.coarseVariance = Float64Array.from(rays, (m) => m.sigma * m.sigma + 2 * halfCell * halfCell + (m.range * yawStep * 0.5) ** 2);
    this.noReturnLimit = Float64Array.from(noReturn, (m) => m.maxRange - 2 * grid.step);
    const detections = (this.detections = measurements.detections);
    this.detectionRange = Float64Array.from(detections, (d) => Math.hypot(d.point.x, d.point.y));
    this.detectionBearing = Float64Array.from(detections, (d) => Math.atan2(d.point.y, d.point.x));
    this.detectionVariance = Float64Array.from(detections, (d, i) => {
      const range = at(this.detectionRange, i);
      const lever = Math.hypot(d.mount.x, d.mount.y) + range;
      return d.sigmaRange ** 2 + (range * d.sigmaBearing) ** 2 + 2 * halfCell * halfCell + (lever * yawStep * 0.5) ** 2;
    });
    this.seenOffX = new Float64Array(detections.length);
    this.seenOffY = new Float64Array(detections.length);
    this.landmarkX = Float64Array.from(map.landmarks, (l) => l.position.x);
    this.landmarkY = Float64Array.from(map.landmarks, (l) => l.position.y);
  }

  /** Turns every ray and detection to the robot heading `yaw` [rad]. */
  turnTo(yaw: number): void {
    this.rays.turnTo(yaw);
    for (let i = 0; i < this.detections.length; i++) {
      const d = this.detections[i];
      if (d === undefined) continue;
      const range = at(this.detectionRange, i);
      const bearing = at(this.detectionBearing, i);
      const c = Math.cos(yaw);
      const sn = Math.sin(yaw);
      this.seenOffX[i] = c * d.mount.x - sn * d.mount.y + range * Math.cos(yaw + d.mount.yaw + bearing);
      this.seenOffY[i] = sn * d.mount.x + c * d.mount.y + range * Math.sin(yaw + d.mount.yaw + bearing);
    }
  }

  /**
   * Scores the cells (x, y) for y in `ys` at the current heading: each one's truncated cost and
   * index packed into keys[k], k counting up from `k`. Returns the next k.
   */
  scoreColumn(x: number, ys: Float64Array, keys: Float64Array, k: number, indexBits: number): number {
    const cells = ys.length;
    const cost = this.costs(cells);
    cost.fill(0, 0, cells);
    // Index loops here and in every loop per cell, ray or row: for...of over an array of numbers
    // left a boxed number per cell behind (measured: 15 bytes a cell).
    for (let i = 0; i < this.detections.length; i++) {
      const offX = at(this.seenOffX, i);
      const offY = at(this.seenOffY, i);
      const variance = at(this.detectionVariance, i);
      for (let iy = 0; iy < cells; iy++) {
        const px = x + offX;
        const py = at(ys, iy) + offY;
        let nearest = Infinity;
        for (let l = 0; l < this.landmarkX.length; l++) nearest = Math.min(nearest, (px - at(this.landmarkX, l)) ** 2 + (py - at(this.landmarkY, l)) ** 2);
        cost[iy] = at(cost, iy) + Math.min(nearest / variance, COARSE_TRUNCATE);
      }
    }
    // A ray at a time down the column: one call per ray and column, not per cell. A call per cell
    // passed four doubles and returned one, each boxed on the heap (measured: 10.7 MB over the
    // callback bench's run, its start and lock-out searches).
    const rays = this.rays;
    const distances = this.distances;
    for (let r = 0; r < this.casters.length; r++) {
      const caster = this.casters[r];
      if (caster === undefined) continue;
      caster.distancesAlongColumn(x + at(rays.offX, r), at(rays.offY, r), ys, at(rays.dx, r), at(rays.dy, r), distances);
      if (r < this.withReading) {
        const range = at(this.ranges, r);
        const variance = at(this.coarseVariance, r);
        for (let iy = 0; iy < cells; iy++) {
          const e = range - at(distances, iy);
          cost[iy] = at(cost, iy) + (Number.isFinite(e) ? Math.min((e * e) / variance, COARSE_TRUNCATE) : COARSE_TRUNCATE);
        }
      } else {
        const limit = at(this.noReturnLimit, r - this.withReading);
        for (let iy = 0; iy < cells; iy++) if (at(distances, iy) < limit) cost[iy] = at(cost, iy) + COARSE_TRUNCATE;
      }
    }
    let next = k;
    for (let iy = 0; iy < cells; iy++) {
      keys[next] = Math.round(at(cost, iy) * 1e4) * indexBits + next;
      next++;
    }
    return next;
  }

  /** The column's per-cell cost, grown to `cells` once and reused. */
  private costs(cells: number): Float64Array {
    if (this.columnCost.length < cells) {
      this.columnCost = new Float64Array(cells);
      this.distances = new Float64Array(cells);
    }
    return this.columnCost;
  }
}

/**
 * The surfaces one ray height can see, flattened into typed arrays: the grid search casts tens of
 * thousands of rays and this keeps each one to a few multiplications per surface.
 */
class FlatCaster {
  private readonly segments: Float64Array; // ax, ay, ex, ey per segment
  private readonly circles: Float64Array; // cx, cy, r^2 per circle

  constructor(map: CourtMap, mount: SensorMount) {
    // Counted, then written straight into typed arrays (not grown as number arrays): a search makes one per ray.
    const sees = (s: Surface): boolean => !(mount.z < s.zMin || mount.z > s.zMax) && (s.kind === "segment" || mount.sees !== "lines");
    let segments = 0;
    let circles = 0;
    for (const s of map.surfaces) {
      if (!sees(s)) continue;
      if (s.kind === "segment") segments++;
      else circles++;
    }
    this.segments = new Float64Array(4 * segments);
    this.circles = new Float64Array(3 * circles);
    let i = 0;
    let j = 0;
    for (const s of map.surfaces) {
      if (!sees(s)) continue;
      if (s.kind === "segment") {
        this.segments[i++] = s.a.x;
        this.segments[i++] = s.a.y;
        this.segments[i++] = s.b.x - s.a.x;
        this.segments[i++] = s.b.y - s.a.y;
      } else {
        this.circles[j++] = s.centre.x;
        this.circles[j++] = s.centre.y;
        this.circles[j++] = s.radius * s.radius;
      }
    }
  }

  /**
   * Into out[i]: the distance [m] to the first surface from (ox, oy0 + ys[i]) along the unit
   * direction (dx, dy), Infinity for none; for every cell of a column at once (see scoreColumn).
   */
  distancesAlongColumn(ox: number, oy0: number, ys: Float64Array, dx: number, dy: number, out: Float64Array): void {
    const seg = this.segments;
    const circ = this.circles;
    for (let c = 0; c < ys.length; c++) {
      const oy = oy0 + at(ys, c);
      let best = Infinity;
      for (let i = 0; i + 3 < seg.length; i += 4) {
        const wx = at(seg, i) - ox;
        const wy = at(seg, i + 1) - oy;
        const ex = at(seg, i + 2);
        const ey = at(seg, i + 3);
        const denom = dx * ey - dy * ex;
        if (denom === 0) continue;
        const t = (wx * ey - wy * ex) / denom;
        const u = (wx * dy - wy * dx) / denom;
        if (t > 1e-9 && u >= 0 && u <= 1 && t < best) best = t;
      }
      for (let i = 0; i + 2 < circ.length; i += 3) {
        const wx = ox - at(circ, i);
        const wy = oy - at(circ, i + 1);
        const b = wx * dx + wy * dy;
        const cc = wx * wx + wy * wy - at(circ, i + 2);
        const disc = b * b - cc;
        if (cc <= 0 || disc < 0) continue;
        const t = -b - Math.sqrt(disc);
        if (t > 1e-9 && t < best) best = t;
      }
      out[c] = best;
    }
  }
}
