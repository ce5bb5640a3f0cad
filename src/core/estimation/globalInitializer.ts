import { symmetricTwin, wrapAngle, type CourtMap, type Pose2 } from "../court/courtMap";
import { predictRange, type PredictedRange } from "../court/rayCaster";
import type { RangeMeasurement } from "./poseEkf";
import { chiSquareQuantile, Z_99 } from "./chiSquare";
import { invert } from "./smallMatrix";

export interface InitCandidate {
  readonly pose: Pose2;
  /** 3x3 row-major over (x, y, yaw) [m^2, rad^2], from the fit's information. */
  readonly covariance: readonly number[];
  /** Sum of squared normalised residuals plus penalties for impossible rays [1]. */
  readonly cost: number;
  /** Whether this candidate is the best one's 180 degree twin about the court centre. */
  readonly isTwinOfBest: boolean;
}

export type InitResult =
  | { readonly kind: "unique"; readonly best: InitCandidate; readonly runnerUp?: InitCandidate }
  /** Two or more poses explain the ranges about equally well (e.g. the court's symmetry): not guessed. */
  | { readonly kind: "ambiguous"; readonly candidates: readonly InitCandidate[]; readonly symmetric: boolean; readonly message: string }
  | { readonly kind: "failed"; readonly message: string; readonly best?: InitCandidate };

export interface GlobalInitializerOptions {
  /** Grid spacing of candidate positions [m]. Default 0.25. */
  readonly gridStep?: number;
  /** Grid spacing of candidate headings [rad]. Default pi / 18 (10 deg). */
  readonly yawStep?: number;
  /** Keep-out distance of the robot centre from the fence [m]. Default 0.2. */
  readonly fenceMargin?: number;
  /** Number of distinct coarse candidates refined by Gauss-Newton [1]. Default 24. */
  readonly candidates?: number;
  /** The best must beat every distinct runner-up by this much cost (chi-square units) [1]. Default 9. */
  readonly ambiguityMargin?: number;
  /** The best fit fails when its cost per usable range exceeds this [1]. Default 9. */
  readonly maxCostPerRange?: number;
  /** Cost of a ray the pose says cannot return what was measured [1]. Default 25. */
  readonly impossibleRayCost?: number;
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

/** Candidate positions and headings to score, with their spacings [m], [rad]. */
interface SearchGrid {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly yaws: readonly number[];
  readonly step: number;
  readonly yawStep: number;
}

/** x, y, yaw. */
const POSE_UNKNOWNS = 3;
/** Times a Gauss-Newton step that would raise the cost is halved before the fit stops there. */
const STEP_HALVINGS = 6;
/** Coarse cells refined by a search near a pose: its window holds one or two minima, not the court's dozens. */
const LOCAL_CANDIDATES = 4;
/** Poses closer than this are the same candidate [m] / [rad]. */
const SAME_POSITION = 0.05;
const SAME_YAW = 0.035;

/**
 * Finds the robot's pose anywhere on the court from one batch of ranges: a coarse grid scored
 * with a truncated cost, the best distinct cells refined by Gauss-Newton, and a decision that
 * reports an ambiguity (the court's symmetry, too few rays) instead of guessing.
 */
export class GlobalInitializer {
  private readonly map: CourtMap;
  private readonly gridStep: number;
  private readonly yawStep: number;
  private readonly fenceMargin: number;
  private readonly keep: number;
  private readonly ambiguityMargin: number;
  private readonly maxCostPerRange: number;
  private readonly impossibleRayCost: number;

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
    this.maxCostPerRange = positive("maxCostPerRange", options.maxCostPerRange ?? 9);
    this.impossibleRayCost = positive("impossibleRayCost", options.impossibleRayCost ?? 25);
  }

  /**
   * Locates the robot from one batch of ranges. REP-117: NaN, -Inf and out-of-limits ranges are
   * ignored, +Inf counts as "nothing within max range" against poses that predict a surface.
   */
  search(batch: readonly RangeMeasurement[]): InitResult {
    const { finite, noReturn } = usableRays(batch);
    if (finite.length < 2) {
      return { kind: "failed", message: `need at least 2 valid ranges to locate the robot, got ${finite.length} of ${batch.length}` };
    }
    const { length, width } = this.map.spec;
    const nYaw = Math.max(1, Math.round((2 * Math.PI) / this.yawStep));
    const grid: SearchGrid = {
      xs: gridValues(-length / 2 + this.fenceMargin, length / 2 - this.fenceMargin, this.gridStep),
      ys: gridValues(-width / 2 + this.fenceMargin, width / 2 - this.fenceMargin, this.gridStep),
      yaws: Array.from({ length: nYaw }, (_, i) => -Math.PI + (i * 2 * Math.PI) / nYaw),
      step: this.gridStep,
      yawStep: (2 * Math.PI) / nYaw,
    };
    const refined = this.refinedCandidates(grid, finite, noReturn, this.keep);
    const leader = refined[0];
    if (leader === undefined) return { kind: "failed", message: "no candidate pose inside the court explains the ranges" };
    // The grid is not symmetric about the court centre, so the twin of the leader may not have been
    // refined from as good a cell: refine it too, or a twin could win "unique" by grid luck.
    const leaderTwin = this.map.spec.secondHoop ? this.refine(symmetricTwin(leader.pose), finite, noReturn, grid) : undefined;
    if (leaderTwin !== undefined && !refined.some((c) => samePose(c.pose, leaderTwin.pose))) {
      refined.push(leaderTwin);
      refined.sort((a, b) => a.cost - b.cost);
    }
    const first = refined[0] ?? leader;
    const twin = symmetricTwin(first.pose);
    const ranked = refined.map((c) => ({ ...c, isTwinOfBest: c !== first && samePose(c.pose, twin) }));
    const best = ranked[0] ?? first;
    if (best.cost > this.maxCostPerRange * finite.length) {
      return { kind: "failed", message: `the best pose leaves cost ${best.cost.toFixed(1)} over ${finite.length} ranges (limit ${this.maxCostPerRange} per range): the map or the mounts do not match the readings`, best };
    }
    const close = ranked.filter((c) => c.cost - best.cost < this.ambiguityMargin);
    const runnerUp = ranked[1];
    if (close.length === 1) return runnerUp === undefined ? { kind: "unique", best } : { kind: "unique", best, runnerUp };
    const symmetric = close.some((c) => c.isTwinOfBest);
    return {
      kind: "ambiguous",
      candidates: close,
      symmetric,
      message: `${close.length} poses explain the ranges within ${this.ambiguityMargin} of the best cost${symmetric ? " (including the court's 180 degree twin)" : ""}: choose with a start-zone hint`,
    };
  }

  /**
   * Searches a window around `centre` (the filter's pose when its measurements keep being gated)
   * for a pose that explains the ranges clearly better than `centre` itself does, as well as noise
   * would and with every ray within 3 sigma: then the filter sat on a wrong pose. The window is gridded at five steps per
   * half-width in x and y and ten in heading, and bounds the answer, not only the grid.
   */
  searchNear(batch: readonly RangeMeasurement[], window: SearchWindow): LocalSearchResult {
    const { finite, noReturn } = usableRays(batch);
    // With no more rays than the pose's 3 unknowns every nearby pose may fit exactly: nothing to tell a wrong pose from a wrong ray.
    if (finite.length <= POSE_UNKNOWNS) return { kind: "no_better", message: `${finite.length} valid ranges cannot outvote one for ${POSE_UNKNOWNS} unknowns` };
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
    const best = this.refinedCandidates(grid, finite, noReturn, LOCAL_CANDIDATES).find((c) => inWindow(c.pose));
    if (best === undefined) return { kind: "no_better", message: "no pose in the window explains the ranges" };
    const centreCost = this.cost(centre, finite, noReturn);
    if (centreCost - best.cost < this.ambiguityMargin) {
      return { kind: "no_better", message: `the best pose in the window (cost ${best.cost.toFixed(1)}) is not ${this.ambiguityMargin} better than the current one (${centreCost.toFixed(1)})` };
    }
    // A least-squares compromise can beat the current pose by spreading one bad ray over the
    // others: the new pose must fit the rays as noise would (chi-square over the n - 3 redundant
    // ones, 99 %), and every ray on its own.
    const fitLimit = chiSquareQuantile(Z_99, finite.length - POSE_UNKNOWNS);
    if (best.cost > fitLimit) {
      return { kind: "no_better", message: `the best pose in the window leaves cost ${best.cost.toFixed(1)} over ${finite.length} ranges, more than noise would (${fitLimit.toFixed(1)}, chi-square ${finite.length - POSE_UNKNOWNS} dof, 99 %)` };
    }
    const worst = Math.max(...finite.map((m) => normalisedSquaredResidual(this.map, best.pose, m)));
    if (worst > this.maxCostPerRange) {
      return { kind: "no_better", message: `the best pose in the window leaves a ray ${Math.sqrt(worst).toFixed(1)} sigma off (limit ${Math.sqrt(this.maxCostPerRange).toFixed(1)})` };
    }
    return { kind: "better", best, message: `cost ${best.cost.toFixed(1)} over ${finite.length} ranges against ${centreCost.toFixed(1)} at the current pose` };
  }

  /** The grid's `keep` best distinct cells refined by Gauss-Newton, distinct fits only, best first. */
  private refinedCandidates(grid: SearchGrid, finite: readonly RangeMeasurement[], noReturn: readonly RangeMeasurement[], keep: number): InitCandidate[] {
    const refined: InitCandidate[] = [];
    for (const pose of this.coarseCandidates(grid, finite, noReturn, keep)) {
      const fit = this.refine(pose, finite, noReturn, grid);
      if (fit === undefined) continue;
      if (refined.some((c) => samePose(c.pose, fit.pose))) continue;
      refined.push(fit);
    }
    return refined.sort((a, b) => a.cost - b.cost);
  }

  /** Grid poses with the lowest truncated cost, at least two cells or two yaw steps apart. */
  private coarseCandidates(grid: SearchGrid, finite: readonly RangeMeasurement[], noReturn: readonly RangeMeasurement[], keep: number): Pose2[] {
    const { xs, ys, yaws, yawStep } = grid;
    const nYaw = yaws.length;
    const halfCell = grid.step / 2;
    // A true pose lies up to half a cell and half a yaw step from a grid pose: widen each sigma so
    // that offset does not throw the right cell out.
    const coarseVar = finite.map((m) => m.sigma * m.sigma + 2 * halfCell * halfCell + (m.range * yawStep * 0.5) ** 2);
    const truncate = 16;
    const finiteCasters = finite.map((m) => new FlatCaster(this.map, m.mount.z));
    const noReturnCasters = noReturn.map((m) => new FlatCaster(this.map, m.mount.z));
    const count = xs.length * ys.length * nYaw;
    // Each cell's (cost, index) packed in one number: a typed-array sort beats a comparator many times over.
    const indexBits = 2 ** Math.ceil(Math.log2(count + 1));
    const keys = new Float64Array(count);
    let k = 0;
    // Per heading, each ray's direction and its mount's offset from the robot centre in the court
    // frame [m]: the grid cells of one heading then only add their position.
    const finiteRays = new RotatedRays(finite);
    const noReturnRays = new RotatedRays(noReturn);
    for (let iy = 0; iy < nYaw; iy++) {
      const yaw = yaws[iy] ?? 0;
      finiteRays.turnTo(yaw);
      noReturnRays.turnTo(yaw);
      for (const x of xs) {
        for (const y of ys) {
          let cost = 0;
          for (let r = 0; r < finite.length; r++) {
            const m = finite[r];
            const caster = finiteCasters[r];
            if (m === undefined || caster === undefined) continue;
            const e = m.range - caster.distance(x + (finiteRays.offX[r] ?? 0), y + (finiteRays.offY[r] ?? 0), finiteRays.dx[r] ?? 0, finiteRays.dy[r] ?? 0);
            cost += Number.isFinite(e) ? Math.min((e * e) / (coarseVar[r] ?? 1), truncate) : truncate;
          }
          for (let r = 0; r < noReturn.length; r++) {
            const m = noReturn[r];
            const caster = noReturnCasters[r];
            if (m === undefined || caster === undefined) continue;
            if (caster.distance(x + (noReturnRays.offX[r] ?? 0), y + (noReturnRays.offY[r] ?? 0), noReturnRays.dx[r] ?? 0, noReturnRays.dy[r] ?? 0) < m.maxRange - 2 * grid.step) cost += truncate;
          }
          keys[k] = Math.round(cost * 1e4) * indexBits + k;
          k++;
        }
      }
    }
    keys.sort();
    const chosen: Pose2[] = [];
    const perYaw = xs.length * ys.length;
    for (const key of keys) {
      const index = key % indexBits;
      const iy = Math.floor(index / perYaw);
      const rest = index % perYaw;
      const pose = { x: xs[Math.floor(rest / ys.length)] ?? 0, y: ys[rest % ys.length] ?? 0, yaw: yaws[iy] ?? 0 };
      const apart = chosen.every((p) => Math.hypot(p.x - pose.x, p.y - pose.y) > 2 * grid.step || Math.abs(wrapAngle(p.yaw - pose.yaw)) > 2 * yawStep);
      if (apart) chosen.push(pose);
      if (chosen.length >= keep) break;
    }
    return chosen;
  }

  /**
   * Robust Gauss-Newton from a grid pose, each step at most one grid cell and one yaw step;
   * undefined if it leaves the court.
   */
  private refine(start: Pose2, finite: readonly RangeMeasurement[], noReturn: readonly RangeMeasurement[], grid: SearchGrid): InitCandidate | undefined {
    let pose = start;
    // The rays cast at the current pose: its cost, and the next step's residuals and Jacobians.
    let fit = this.fit(pose, finite, noReturn);
    // The damped information's inverse at the last pose: the step's matrix and, at the end, the covariance.
    let covariance: Float64Array | undefined;
    for (let iter = 0; iter < 20; iter++) {
      const info = new Float64Array(9);
      const g = [0, 0, 0];
      for (const [r, m] of finite.entries()) {
        const p = fit.predictions[r];
        // A ray this pose says meets nothing pulls nowhere; the cost charges it.
        if (p === undefined) continue;
        const e = m.range - p.distance;
        // Cauchy weights at the cost's cap (iteratively reweighted): a ray far off (a spike, or one
        // the step swung onto another surface) stops pulling, as the capped cost stops counting it.
        const w = 1 / (m.sigma * m.sigma) / (1 + (e * e) / (m.sigma * m.sigma * this.impossibleRayCost));
        for (let i = 0; i < 3; i++) {
          g[i] = (g[i] ?? 0) + w * (p.jacobian[i] ?? 0) * e;
          for (let j = 0; j < 3; j++) info[i * 3 + j] = (info[i * 3 + j] ?? 0) + w * (p.jacobian[i] ?? 0) * (p.jacobian[j] ?? 0);
        }
      }
      // A weak prior keeps unobservable directions (too few rays) from running away.
      info[0] = (info[0] ?? 0) + 1e-2;
      info[4] = (info[4] ?? 0) + 1e-2;
      info[8] = (info[8] ?? 0) + 1e-1;
      const inv = invert(info, 3);
      if (inv === undefined) return undefined;
      covariance = inv;
      const step = [0, 1, 2].map((i) => (inv[i * 3] ?? 0) * (g[0] ?? 0) + (inv[i * 3 + 1] ?? 0) * (g[1] ?? 0) + (inv[i * 3 + 2] ?? 0) * (g[2] ?? 0));
      // Limit a step to one cell / yaw step so a wrong surface association cannot fling it across the court.
      let scale = Math.min(1, grid.step / Math.max(1e-12, Math.hypot(step[0] ?? 0, step[1] ?? 0)), grid.yawStep / Math.max(1e-12, Math.abs(step[2] ?? 0)));
      const converged = scale === 1 && Math.hypot(step[0] ?? 0, step[1] ?? 0) < 1e-5 && Math.abs(step[2] ?? 0) < 1e-6;
      // Never uphill in the capped cost (halving the step up to STEP_HALVINGS times): a step that
      // swings a ray onto another surface is taken back instead of settled in.
      let next: Pose2 | undefined;
      for (let halving = 0; halving <= STEP_HALVINGS && next === undefined; halving++, scale /= 2) {
        const trial = { x: pose.x + scale * (step[0] ?? 0), y: pose.y + scale * (step[1] ?? 0), yaw: wrapAngle(pose.yaw + scale * (step[2] ?? 0)) };
        const trialFit = this.fit(trial, finite, noReturn);
        if (trialFit.cost <= fit.cost) {
          next = trial;
          fit = trialFit;
        }
      }
      if (next === undefined) break;
      pose = next;
      if (!this.insideCourt(pose)) return undefined;
      if (converged) break;
    }
    if (covariance === undefined) return undefined;
    return { pose, covariance: Array.from(covariance), cost: fit.cost, isTwinOfBest: false };
  }

  /** Sum of squared normalised residuals at `pose`, each capped at impossibleRayCost (as is a ray that meets nothing), plus impossible no-returns. */
  private cost(pose: Pose2, finite: readonly RangeMeasurement[], noReturn: readonly RangeMeasurement[]): number {
    return this.fit(pose, finite, noReturn).cost;
  }

  /** Each finite ray cast at `pose` (undefined where it meets nothing) and the capped cost there. */
  private fit(pose: Pose2, finite: readonly RangeMeasurement[], noReturn: readonly RangeMeasurement[]): { readonly cost: number; readonly predictions: (PredictedRange | undefined)[] } {
    let cost = 0;
    const predictions = finite.map((m) => {
      const p = predictRange(this.map, pose, m.mount);
      cost += Math.min(p === undefined ? Infinity : ((m.range - p.distance) / m.sigma) ** 2, this.impossibleRayCost);
      return p;
    });
    for (const m of noReturn) {
      const p = predictRange(this.map, pose, m.mount);
      if (p !== undefined && p.distance < m.maxRange - 3 * m.sigma) cost += this.impossibleRayCost;
    }
    return { cost, predictions };
  }

  private insideCourt(p: Pose2): boolean {
    return Math.abs(p.x) <= this.map.spec.length / 2 - this.fenceMargin / 2 && Math.abs(p.y) <= this.map.spec.width / 2 - this.fenceMargin / 2;
  }
}

/** Of ambiguous candidates, the one nearest a hint pose (e.g. the configured start zone). */
export function nearestCandidate(candidates: readonly InitCandidate[], hint: Pose2, metresPerRadian = 1): InitCandidate | undefined {
  let best: InitCandidate | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = Math.hypot(c.pose.x - hint.x, c.pose.y - hint.y, metresPerRadian * wrapAngle(c.pose.yaw - hint.yaw));
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/**
 * REP-117: NaN, -Inf and out-of-limits ranges are ignored; +Inf (nothing within max range) is kept
 * apart, as a check on candidate poses.
 */
function usableRays(batch: readonly RangeMeasurement[]): { finite: RangeMeasurement[]; noReturn: RangeMeasurement[] } {
  const rays = batch.filter((m) => [m.mount.x, m.mount.y, m.mount.z, m.mount.yaw].every(Number.isFinite) && m.sigma > 0 && Number.isFinite(m.sigma));
  return { finite: rays.filter((m) => m.range >= m.minRange && m.range <= m.maxRange), noReturn: rays.filter((m) => m.range === Infinity) };
}

/** ((range - predicted) / sigma)^2 at `pose`; Infinity for a ray the pose says meets nothing. */
function normalisedSquaredResidual(map: CourtMap, pose: Pose2, m: RangeMeasurement): number {
  const p = predictRange(map, pose, m.mount);
  return p === undefined ? Infinity : ((m.range - p.distance) / m.sigma) ** 2;
}

function samePose(a: Pose2, b: Pose2): boolean {
  return Math.hypot(a.x - b.x, a.y - b.y) < SAME_POSITION && Math.abs(wrapAngle(a.yaw - b.yaw)) < SAME_YAW;
}

function gridValues(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to + 1e-9; v += step) values.push(v);
  return values;
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
    this.rays.forEach((m, r) => {
      this.offX[r] = c * m.mount.x - s * m.mount.y;
      this.offY[r] = s * m.mount.x + c * m.mount.y;
      this.dx[r] = Math.cos(yaw + m.mount.yaw);
      this.dy[r] = Math.sin(yaw + m.mount.yaw);
    });
  }
}

/**
 * The surfaces one ray height can see, flattened into typed arrays: the grid search casts tens of
 * thousands of rays and this keeps each one to a few multiplications per surface.
 */
class FlatCaster {
  private readonly segments: Float64Array; // ax, ay, ex, ey per segment
  private readonly circles: Float64Array; // cx, cy, r^2 per circle

  constructor(map: CourtMap, z: number) {
    const seg: number[] = [];
    const circ: number[] = [];
    for (const s of map.surfaces) {
      if (z < s.zMin || z > s.zMax) continue;
      if (s.kind === "segment") seg.push(s.a.x, s.a.y, s.b.x - s.a.x, s.b.y - s.a.y);
      else circ.push(s.centre.x, s.centre.y, s.radius * s.radius);
    }
    this.segments = Float64Array.from(seg);
    this.circles = Float64Array.from(circ);
  }

  /** Distance [m] to the first surface from (ox, oy) along the unit direction (dx, dy); Infinity for none. */
  distance(ox: number, oy: number, dx: number, dy: number): number {
    let best = Infinity;
    const seg = this.segments;
    for (let i = 0; i + 3 < seg.length; i += 4) {
      const wx = (seg[i] ?? 0) - ox;
      const wy = (seg[i + 1] ?? 0) - oy;
      const ex = seg[i + 2] ?? 0;
      const ey = seg[i + 3] ?? 0;
      const denom = dx * ey - dy * ex;
      if (denom === 0) continue;
      const t = (wx * ey - wy * ex) / denom;
      const u = (wx * dy - wy * dx) / denom;
      if (t > 1e-9 && u >= 0 && u <= 1 && t < best) best = t;
    }
    const circ = this.circles;
    for (let i = 0; i + 2 < circ.length; i += 3) {
      const wx = ox - (circ[i] ?? 0);
      const wy = oy - (circ[i + 1] ?? 0);
      const b = wx * dx + wy * dy;
      const cc = wx * wx + wy * wy - (circ[i + 2] ?? 0);
      const disc = b * b - cc;
      if (cc <= 0 || disc < 0) continue;
      const t = -b - Math.sqrt(disc);
      if (t > 1e-9 && t < best) best = t;
    }
    return best;
  }
}
