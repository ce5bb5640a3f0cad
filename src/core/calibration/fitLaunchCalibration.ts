import { createBallisticModel, rimClearance, type BallisticModel } from "../ballistics/BallisticModel";
import { FlightIntegrator, type FlightOutcome } from "../ballistics/FlightIntegrator";
import { requirePositive } from "../ballistics/validate";
import { DEFAULT_WHEEL_MODEL, WheelModel, type WheelModelOptions } from "../ballistics/WheelModel";
import { levenbergMarquardt } from "./levenbergMarquardt";
import { logNormalCdf } from "./logNormalCdf";

export type ShotOutcome = "made" | "short" | "long";

/**
 * The drag prior the calibrate CLI and the simulator use [1]: a basketball's drag coefficient is
 * 0.47-0.54 (docs/domain.md) and the hall's air density a few percent off the configured one; their
 * product is what the fit sees, about 0.03 in drag-coefficient units.
 */
export const DEFAULT_DRAG_PRIOR_SIGMA = 0.03;

/** One test shot. At least one of outcome and miss_m; miss_m wins when both are given. */
export interface CalibrationShot {
  /** Horizontal distance from the release point to the rim centre [m]. */
  readonly distance_m: number;
  /** Measured wheel speed at the shot [rad/s]. */
  readonly wheelSpeed_radps: number;
  readonly outcome?: ShotOutcome;
  /** Signed horizontal miss of the ball centre at the rim plane [m], positive long. */
  readonly miss_m?: number;
  /** Launch angle [rad]; default the model's. */
  readonly launchAngle_rad?: number;
  /** Where it came from (CSV line), for residual reports. */
  readonly line?: number;
}

/** The model being calibrated: the flight, the wheel, and the fixed hood angle. */
export interface CalibrationModel {
  readonly ballistics: BallisticModel;
  readonly wheel: WheelModelOptions;
  /** Launch angle [rad] of shots that do not give theirs. */
  readonly launchAngle_rad: number;
}

export interface CalibrationOptions {
  /** Fit the drag coefficient too: "auto" when the shots span minDragSpan_m or more. Default "auto". */
  readonly fitDrag?: boolean | "auto";
  /** Distance span that makes the drag coefficient identifiable [m]. Default 2. */
  readonly minDragSpan_m?: number;
  /** 1-sigma of a measured miss [m] (how well the team reads the miss). Default 0.02. */
  readonly missSigma_m?: number;
  /** 1-sigma shot-to-shot scatter of the miss, for made / short / long outcomes [m]. Default 0.05. */
  readonly outcomeSigma_m?: number;
  /**
   * Shot-to-shot spread of the launcher (1-sigma): exit speed as a fraction [1] and launch angle
   * [rad]. A measured miss scatters by this much on top of missSigma_m, more at long range, so far
   * shots weigh less. Default 0 each (missSigma_m alone).
   */
  readonly exitSpeedSigmaFraction?: number;
  readonly launchAngleSigma_rad?: number;
  /**
   * 1-sigma of a prior on the drag coefficient around the model's value [1]: ten shots barely
   * separate drag from efficiency, and a ball's drag is known to a few hundredths (docs/domain.md: 0.47-0.54).
   * It also absorbs the air density's uncertainty. Default Infinity (no prior).
   */
  readonly dragPriorSigma?: number;
  /**
   * Fit the change of efficiency with wheel surface speed (the wheel's efficiency_slope_spm,
   * efficiency = e0 + slope * surface speed) too: a ball that slips more on a faster wheel leaves
   * a constant-efficiency model a few percent off across 2-7 m. Default false.
   *
   * At one launch angle the slope and the drag coefficient bend the needed wheel speed against
   * distance almost alike: exact misses at ten distances over 3-7.5 m at 60 deg left the drag
   * undetermined to +-1.4 (1 sigma, 1 cm misses) with both free, and the fit may stop anywhere
   * along that valley (its predictions all agree inside the shots' range). Shots at two
   * or more launch angles (a hood) separate them; with a fixed hood, hold the drag, or give it
   * (dragPriorSigma) or the slope (efficiencySlopePriorSigma) a prior. "auto" fits the slope when
   * the shots span minDragSpan_m or more and one of those holds: the drag is not fitted, a prior
   * on the drag or the slope is finite, or the shots stand at two or more launch angles.
   */
  readonly fitEfficiencySlope?: boolean | "auto";
  /**
   * 1-sigma of a prior on efficiency_slope_spm around the model's value [s/m]: at one launch angle
   * the slope and the drag coefficient are nearly collinear (see fitEfficiencySlope) and a prior
   * decides how the bend is shared. Default Infinity (no prior).
   */
  readonly efficiencySlopePriorSigma?: number;
  /** Levenberg-Marquardt iterations at most. Default 50. */
  readonly maxIterations?: number;
}

export interface FittedParameter {
  readonly estimate: number;
  /** 1-sigma [same unit]; 0 when the parameter was held fixed. */
  readonly standardError: number;
  readonly fitted: boolean;
}

export interface ShotResidual {
  readonly shot: CalibrationShot;
  /** Predicted signed miss at the rim plane with the fitted model [m]. */
  readonly predictedMiss_m: number;
  /** Clearance R - r / sin(entry) of the predicted flight [m]. */
  readonly clearance_m: number;
  /** Standardised residual [1]: (predicted - measured) / sigma, or the signed deviance of an outcome. */
  readonly residual: number;
  /** The 1-sigma the residual is standardised by [m]: the measured miss's, or the outcome scatter. */
  readonly sigma_m: number;
}

export interface CalibrationResult {
  /** Efficiency at zero surface speed, e0 [1] (the wheel's `efficiency`). */
  readonly efficiency: FittedParameter;
  readonly dragCoefficient: FittedParameter;
  /** Change of efficiency per m/s of surface speed [s/m] (the wheel's efficiency_slope_spm); the model's, not fitted, unless fitEfficiencySlope. */
  readonly efficiencySlope: FittedParameter;
  readonly residuals: readonly ShotResidual[];
  /** Sum of squared standardised residuals (-2 log-likelihood up to a constant). */
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Fits the launch efficiency (and the drag coefficient when the shots span enough distance, and
 * the efficiency's change with surface speed when asked) to test shots by maximum likelihood,
 * solved as least squares with Levenberg-Marquardt (levenbergMarquardt.ts).
 *
 * Each shot gives a standardised residual:
 * - a measured miss m at the rim plane: (predicted - m) / missSigma, a Gaussian measurement;
 * - an outcome is censored data: "made" says the miss was within the clearance, "short" below
 *   -clearance, "long" above it. With shot-to-shot scatter sigma (outcomeSigma) its likelihood is
 *   Phi((c - p) / sigma) - Phi((-c - p) / sigma), Phi((-c - p) / sigma) or Phi((p - c) / sigma)
 *   for the predicted miss p. Its residual is the signed square root of its deviance,
 *   -2 log(L / L_best), so the sum of squares is -2 log-likelihood and least squares is maximum
 *   likelihood. This keeps made shots informative (they pull the prediction to the rim centre)
 *   and short / long shots one-sided, which treating them as misses of +-c would not.
 *
 * Standard errors come from the inverse of J^T J (the Fisher information of standardised
 * residuals), scaled up by the reduced chi-square when the scatter is larger than assumed.
 *
 * The parameters, in order: efficiency, then the drag coefficient when fitted, then
 * efficiency_slope_spm when fitted; each Gaussian prior adds one residual (after the shots', drag
 * first). A step must keep the efficiency and the drag positive and the efficiency at the wheel's
 * top surface speed positive (the WheelModel's own condition).
 */
export function fitLaunchCalibration(
  shots: readonly CalibrationShot[],
  model: CalibrationModel,
  options: CalibrationOptions = {},
): CalibrationResult {
  const plan = planFit(shots, model, options);
  const layout = new FittedParameterLayout(model, plan.fitDrag, plan.fitSlope);
  // Each measured miss's sigma, from the starting model's flights and held fixed: a sigma that
  // moved with the parameters would reward fits that blow the scatter up.
  const startFlights = flyShots(shots, model, layout.base.efficiency, layout.base.drag, layout.base.slope);
  const sigmas = shotSigmas(startFlights, plan.missSigma, plan.speedSpread, plan.angleSpread);
  const useDragPrior = plan.fitDrag && Number.isFinite(plan.dragPriorSigma);
  const useSlopePrior = plan.fitSlope && Number.isFinite(plan.slopePriorSigma);
  const solution = levenbergMarquardt<ShotResidual[]>(
    {
      // The least-squares vector: every shot's standardised residual, then the drag prior's, then the slope prior's.
      evaluate: (params) => {
        const detail = residualsOf(flyShots(shots, model, layout.efficiencyOf(params), layout.dragOf(params), layout.slopeOf(params)), sigmas, plan.outcomeSigma);
        const vector = detail.map((r) => r.residual);
        if (useDragPrior) vector.push((layout.dragOf(params) - layout.base.drag) / plan.dragPriorSigma);
        if (useSlopePrior) vector.push((layout.slopeOf(params) - layout.base.slope) / plan.slopePriorSigma);
        return { vector, detail };
      },
      feasible: (params) => layout.feasible(params),
      steps: layout.steps,
    },
    layout.start,
    plan.maxIterations,
  );
  // Each prior counts as one more observation.
  const dof = shots.length + (useDragPrior ? 1 : 0) + (useSlopePrior ? 1 : 0) - layout.start.length;
  const standardErrors = solution.standardErrors(dof > 0 ? Math.max(1, solution.cost / dof) : 1);
  const fitted = (index: number): FittedParameter => ({ estimate: solution.params[index] ?? NaN, standardError: standardErrors[index] ?? NaN, fitted: true });
  return {
    efficiency: fitted(0),
    dragCoefficient: plan.fitDrag ? fitted(layout.dragIndex) : { estimate: layout.base.drag, standardError: 0, fitted: false },
    efficiencySlope: plan.fitSlope ? fitted(layout.slopeIndex) : { estimate: layout.base.slope, standardError: 0, fitted: false },
    residuals: solution.detail,
    chiSquare: solution.cost,
    degreesOfFreedom: dof,
    iterations: solution.iterations,
    converged: solution.converged,
  };
}

/** The options resolved to values and checked, and what the shots let the fit free. */
interface FitPlan {
  readonly missSigma: number;
  readonly outcomeSigma: number;
  readonly maxIterations: number;
  readonly speedSpread: number;
  readonly angleSpread: number;
  readonly dragPriorSigma: number;
  readonly slopePriorSigma: number;
  readonly fitDrag: boolean;
  readonly fitSlope: boolean;
}

function planFit(shots: readonly CalibrationShot[], model: CalibrationModel, options: CalibrationOptions): FitPlan {
  if (shots.length === 0) throw new Error("calibration needs at least one shot, got 0");
  const missSigma = options.missSigma_m ?? 0.02;
  const outcomeSigma = options.outcomeSigma_m ?? 0.05;
  const speedSpread = options.exitSpeedSigmaFraction ?? 0;
  const angleSpread = options.launchAngleSigma_rad ?? 0;
  const dragPriorSigma = options.dragPriorSigma ?? Infinity;
  const slopePriorSigma = options.efficiencySlopePriorSigma ?? Infinity;
  requirePositive("missSigma_m", missSigma);
  requirePositive("outcomeSigma_m", outcomeSigma);
  if (!(speedSpread >= 0 && speedSpread < 1)) throw new Error(`exitSpeedSigmaFraction must be in [0, 1), got ${speedSpread}`);
  if (!(angleSpread >= 0 && angleSpread < 1)) throw new Error(`launchAngleSigma_rad must be in [0, 1) rad, got ${angleSpread}`);
  if (!(dragPriorSigma > 0)) throw new Error(`dragPriorSigma must be > 0 (Infinity: no prior), got ${dragPriorSigma}`);
  if (!(slopePriorSigma > 0)) throw new Error(`efficiencySlopePriorSigma must be > 0 s/m (Infinity: no prior), got ${slopePriorSigma}`);
  const slopeOption: unknown = options.fitEfficiencySlope ?? false;
  if (!(typeof slopeOption === "boolean" || slopeOption === "auto")) {
    throw new Error(`fitEfficiencySlope must be true, false or "auto", got ${JSON.stringify(slopeOption)}`);
  }
  shots.forEach((s, i) => {
    if (s.outcome === undefined && s.miss_m === undefined) throw new Error(`shot ${i} has neither an outcome nor a miss_m`);
  });
  const minSpan = options.minDragSpan_m ?? 2;
  const distances = shots.map((s) => s.distance_m);
  const span = Math.max(...distances) - Math.min(...distances);
  const fitDrag = options.fitDrag === "auto" || options.fitDrag === undefined ? span >= minSpan && shots.length >= 3 : options.fitDrag;
  const fitSlope =
    slopeOption === "auto"
      ? span >= minSpan &&
        shots.length >= (fitDrag ? 3 : 2) &&
        (!fitDrag || Number.isFinite(dragPriorSigma) || Number.isFinite(slopePriorSigma) || distinctAngles(shots, model.launchAngle_rad) >= 2)
      : slopeOption;
  return { missSigma, outcomeSigma, maxIterations: options.maxIterations ?? 50, speedSpread, angleSpread, dragPriorSigma, slopePriorSigma, fitDrag, fitSlope };
}

/** Where each parameter sits in the solver's vector: the efficiency first, then the drag and the slope when fitted. */
class FittedParameterLayout {
  /** The model's values: the start, and what a parameter not fitted is held at. */
  readonly base: { readonly efficiency: number; readonly drag: number; readonly slope: number };
  readonly start: readonly number[];
  /** Forward-difference steps: the slope's moves the efficiency at 20 m/s surface speed by 2e-5, as the efficiency's own step. */
  readonly steps: readonly number[];
  readonly dragIndex: number;
  readonly slopeIndex: number;
  /** The wheel's top surface speed [m/s], where the efficiency must still be positive. */
  private readonly topSurface_mps: number;

  constructor(
    model: CalibrationModel,
    private readonly fitDrag: boolean,
    private readonly fitSlope: boolean,
  ) {
    this.base = {
      efficiency: model.wheel.efficiency ?? DEFAULT_WHEEL_MODEL.efficiency,
      drag: model.ballistics.drag_coefficient,
      slope: model.wheel.efficiency_slope_spm ?? DEFAULT_WHEEL_MODEL.efficiency_slope_spm,
    };
    this.topSurface_mps = (model.wheel.max_speed_radps ?? DEFAULT_WHEEL_MODEL.max_speed_radps) * (model.wheel.wheel_radius_m ?? DEFAULT_WHEEL_MODEL.wheel_radius_m);
    this.dragIndex = fitDrag ? 1 : -1;
    this.slopeIndex = fitSlope ? (fitDrag ? 2 : 1) : -1;
    this.start = [this.base.efficiency, ...(fitDrag ? [this.base.drag] : []), ...(fitSlope ? [this.base.slope] : [])];
    this.steps = [1e-5, ...(fitDrag ? [1e-4] : []), ...(fitSlope ? [1e-6] : [])];
  }

  efficiencyOf(params: readonly number[]): number {
    return params[0] ?? NaN;
  }

  dragOf(params: readonly number[]): number {
    return this.fitDrag ? (params[this.dragIndex] ?? NaN) : this.base.drag;
  }

  slopeOf(params: readonly number[]): number {
    return this.fitSlope ? (params[this.slopeIndex] ?? NaN) : this.base.slope;
  }

  /** A parameter set the models accept: positive efficiency and drag, a positive efficiency up to the top surface speed. */
  feasible(params: readonly number[]): boolean {
    const efficiency = this.efficiencyOf(params);
    return efficiency > 0 && (!this.fitDrag || this.dragOf(params) > 0) && (!this.fitSlope || efficiency + this.slopeOf(params) * this.topSurface_mps > 0);
  }
}

/** One test shot flown with one parameter set. */
interface FlownShot {
  readonly shot: CalibrationShot;
  /** Exit speed the wheel model gives for the shot's wheel speed [m/s]. */
  readonly exitSpeed_mps: number;
  readonly flight: FlightOutcome;
  /** Clearance R - r / sin(entry) of the flight [m]; 0 without a crossing. */
  readonly clearance_m: number;
  /** Signed miss at the rim plane [m]; a ball that never comes down through it is short by the whole distance. */
  readonly predictedMiss_m: number;
}

/** Every shot flown with one efficiency [1], drag coefficient [1] and efficiency slope [s/m]. */
function flyShots(shots: readonly CalibrationShot[], model: CalibrationModel, efficiency: number, drag: number, slope: number): FlownShot[] {
  const ballistics = createBallisticModel({ ...model.ballistics, drag_coefficient: drag });
  const integrator = new FlightIntegrator(ballistics);
  const wheel = new WheelModel({ ...model.wheel, efficiency, efficiency_slope_spm: slope });
  return shots.map((shot) => {
    const exitSpeed = wheel.exitSpeedFor(shot.wheelSpeed_radps, shot.distance_m);
    const flight = integrator.crossRimPlane(exitSpeed, shot.launchAngle_rad ?? model.launchAngle_rad);
    const crossed = flight.kind === "crossing";
    return {
      shot,
      exitSpeed_mps: exitSpeed,
      flight,
      clearance_m: crossed ? Math.max(0, rimClearance(ballistics, flight.entryAngle_rad)) : 0,
      predictedMiss_m: crossed ? flight.x_m - shot.distance_m : -shot.distance_m,
    };
  });
}

/** Standardised residuals of flown shots: a measured miss against its sigma [m], an outcome by its deviance. */
function residualsOf(flown: readonly FlownShot[], missSigmas: readonly number[], outcomeSigma: number): ShotResidual[] {
  return flown.map(({ shot, predictedMiss_m: predicted, clearance_m: clearance }, i) => {
    if (shot.miss_m !== undefined) {
      const sigma = missSigmas[i] ?? NaN;
      return { shot, predictedMiss_m: predicted, clearance_m: clearance, residual: (predicted - shot.miss_m) / sigma, sigma_m: sigma };
    }
    const residual = outcomeResidual(shot.outcome ?? "made", predicted, clearance, outcomeSigma);
    return { shot, predictedMiss_m: predicted, clearance_m: clearance, residual, sigma_m: outcomeSigma };
  });
}

/** 1-sigma of each shot's measured miss [m]: the reading's error and the launcher's spread through the flight's sensitivities. */
function shotSigmas(flown: readonly FlownShot[], missSigma: number, speedSpread: number, angleSpread: number): number[] {
  if (speedSpread === 0 && angleSpread === 0) return flown.map(() => missSigma);
  return flown.map(({ flight, exitSpeed_mps: speed }) => {
    if (flight.kind !== "crossing") return missSigma;
    return Math.hypot(missSigma, flight.dxdSpeed_s * speed * speedSpread, flight.dxdAngle_mprad * angleSpread);
  });
}

/** Signed square root of the deviance of a censored outcome (see fitLaunchCalibration). */
export function outcomeResidual(outcome: ShotOutcome, predicted_m: number, clearance_m: number, sigma_m: number): number {
  const c = clearance_m / sigma_m;
  const p = predicted_m / sigma_m;
  switch (outcome) {
    case "short":
      return Math.sqrt(Math.max(0, -2 * logNormalCdf(-c - p)));
    case "long":
      return Math.sqrt(Math.max(0, -2 * logNormalCdf(p - c)));
    case "made": {
      const best = logIntervalProbability(c, -c);
      const here = logIntervalProbability(c - p, -c - p);
      return Math.sign(p) * Math.sqrt(Math.max(0, -2 * (here - best)));
    }
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown outcome ${String(unreachable)}`);
    }
  }
}

/** log(Phi(a) - Phi(b)) for a > b, accurate in the tails (both far on one side). */
function logIntervalProbability(a: number, b: number): number {
  if (b > 0) return logIntervalProbability(-b, -a); // symmetry: move to the lower tail
  const la = logNormalCdf(a);
  const lb = logNormalCdf(b);
  return la + Math.log1p(-Math.exp(Math.min(0, lb - la)));
}

/** How many launch angles the shots were taken at, to 0.5 deg (a hood's setting repeats to about that). */
function distinctAngles(shots: readonly CalibrationShot[], fallback_rad: number): number {
  const halfDegree = Math.PI / 360;
  return new Set(shots.map((s) => Math.round((s.launchAngle_rad ?? fallback_rad) / halfDegree))).size;
}
