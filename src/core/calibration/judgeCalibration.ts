import { chiSquareSurvival } from "../estimation/chiSquare";
import type { CalibrationResult } from "./fitLaunchCalibration";
import { logNormalCdf } from "./logNormalCdf";

/** A range of values a physical parameter can take on a real launcher. */
export interface PlausibleRange {
  readonly min: number;
  readonly max: number;
}

/**
 * A basketball's drag coefficient is 0.47-0.54 (docs/domain.md); the hall's air density a few
 * percent off the configured one moves the fitted value by as much. Outside 0.3-0.7 the fit is
 * standing in for something else: a wrong launch angle, release height or wheel radius.
 */
export const DEFAULT_PLAUSIBLE_DRAG: PlausibleRange = { min: 0.3, max: 0.7 };
/**
 * Exit speed over wheel surface speed: about 0.5 for one wheel against a hood, about 1 for two
 * opposed wheels (docs/domain.md). Beyond 0.2-1.0 the wheel speeds or the wheel radius are wrong.
 */
export const DEFAULT_PLAUSIBLE_EFFICIENCY: PlausibleRange = { min: 0.2, max: 1.0 };
/** Significance of the goodness-of-fit and outlier tests [1]: a fit that is right fails each about once in a hundred calibrations. */
export const DEFAULT_FIT_SIGNIFICANCE = 0.01;

export interface CalibrationJudgementOptions {
  /** Significance of both tests [1] (default DEFAULT_FIT_SIGNIFICANCE); see judgeCalibration. */
  readonly significance?: number;
  /** Plausible drag coefficient [1]; checked when the fit fitted it. Default DEFAULT_PLAUSIBLE_DRAG. */
  readonly dragCoefficientRange?: PlausibleRange;
  /** Plausible efficiency at zero surface speed [1]. Default DEFAULT_PLAUSIBLE_EFFICIENCY. */
  readonly efficiencyRange?: PlausibleRange;
}

export interface CalibrationOutlier {
  /** Index of the shot in the fitted list. */
  readonly shotIndex: number;
  /** Its CSV line, when it came from one. */
  readonly line: number | undefined;
  /** Its standardised residual [sigma]. */
  readonly residual: number;
}

export interface ImplausibleValue {
  readonly parameter: "efficiency" | "drag_coefficient";
  readonly estimate: number;
  readonly range: PlausibleRange;
}

export interface CalibrationJudgement {
  /** Every test passed (or could not be run for want of degrees of freedom): the fit may be used. */
  readonly consistent: boolean;
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  /** P(chi-square >= the fit's) for a model that is right [1]; NaN with no degree of freedom left. */
  readonly pValue: number;
  readonly significance: number;
  /** |standardised residual| beyond which a shot is an outlier [sigma]. */
  readonly outlierBound: number;
  readonly outliers: readonly CalibrationOutlier[];
  readonly implausible: readonly ImplausibleValue[];
  /** Why the fit is not consistent, one sentence per failed test (empty when consistent). */
  readonly problems: readonly string[];
  /** What could not be judged, without failing the fit. */
  readonly notes: readonly string[];
}

/**
 * Judges a calibration fit, leaving its values alone:
 *
 * - goodness of fit: the fit's chi-square (the sum of squared standardised residuals, the priors'
 *   included) against chi-square with the fit's degrees of freedom. A p-value below `significance`
 *   says the model cannot explain the shots within their sigmas: a wrong launch angle, wheel radius
 *   or release height, misread misses, or sigmas set too small. Exact for measured misses
 *   (Gaussian); for made / short / long outcomes the residuals are signed deviances and the test
 *   is the usual large-sample approximation.
 * - outliers: a shot whose |standardised residual| exceeds the Bonferroni bound, the two-sided
 *   normal quantile at significance / (number of shots): a fit that is right has any shot beyond it
 *   with probability at most `significance` (3.29 sigma for 10 shots at 0.01, 3.48 for 20).
 * - plausibility: the fitted efficiency and, when fitted, the drag coefficient inside their
 *   plausible ranges. A value held at the params' value is not the fit's and is not judged.
 * - convergence: the estimates of a fit that did not converge are only its last iterate.
 */
export function judgeCalibration(fit: CalibrationResult, options: CalibrationJudgementOptions = {}): CalibrationJudgement {
  const significance = options.significance ?? DEFAULT_FIT_SIGNIFICANCE;
  if (!(significance > 0 && significance < 1)) throw new Error(`significance must be in (0, 1), got ${significance}`);
  const dragRange = checkedRange("dragCoefficientRange", options.dragCoefficientRange ?? DEFAULT_PLAUSIBLE_DRAG);
  const efficiencyRange = checkedRange("efficiencyRange", options.efficiencyRange ?? DEFAULT_PLAUSIBLE_EFFICIENCY);
  const problems: string[] = [];
  const notes: string[] = [];

  const dof = fit.degreesOfFreedom;
  const pValue = dof > 0 ? chiSquareSurvival(fit.chiSquare, dof) : NaN;
  if (dof <= 0) {
    notes.push(`no degree of freedom left (${fit.residuals.length} shots for as many fitted values): the fit matches any shots exactly and cannot be tested; take more shots`);
  } else if (pValue < significance) {
    problems.push(
      `chi-square ${fit.chiSquare.toFixed(1)} for ${dof} degrees of freedom: p-value ${formatPValue(pValue)}, below ${significance}: ` +
        "the model does not explain the shots within their sigmas",
    );
  }

  const outlierBound = normalUpperQuantile(significance / (2 * fit.residuals.length));
  const outliers: CalibrationOutlier[] = [];
  fit.residuals.forEach((r, shotIndex) => {
    if (Math.abs(r.residual) > outlierBound) outliers.push({ shotIndex, line: r.shot.line, residual: r.residual });
  });
  for (const o of outliers) {
    problems.push(`${o.line === undefined ? `shot ${o.shotIndex + 1}` : `line ${o.line}`}: standardised residual ${o.residual.toFixed(2)}, beyond the outlier bound +-${outlierBound.toFixed(2)}`);
  }

  const implausible: ImplausibleValue[] = [];
  const judgeValue = (parameter: ImplausibleValue["parameter"], estimate: number, range: PlausibleRange, name: string): void => {
    if (estimate >= range.min && estimate <= range.max) return;
    implausible.push({ parameter, estimate, range });
    problems.push(`${name} ${estimate.toFixed(4)} outside its plausible ${range.min}-${range.max}`);
  };
  judgeValue("efficiency", fit.efficiency.estimate, efficiencyRange, "efficiency");
  if (fit.dragCoefficient.fitted) judgeValue("drag_coefficient", fit.dragCoefficient.estimate, dragRange, "drag coefficient");

  if (!fit.converged) problems.push(`the fit did not converge in ${fit.iterations} iterations: the estimates are its last iterate`);

  return {
    consistent: problems.length === 0,
    chiSquare: fit.chiSquare,
    degreesOfFreedom: dof,
    pValue,
    significance,
    outlierBound,
    outliers,
    implausible,
    problems,
    notes,
  };
}

/** A p-value for people: three decimals, or two significant digits below 0.001. */
export function formatPValue(p: number): string {
  if (Number.isNaN(p)) return "-";
  if (p === 0) return "< 1e-300";
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

/**
 * z with P(Z > z) = tail for a standard normal Z, by bisection on log Phi(-z): normalCdf's 1.5e-7
 * absolute error moves a 3.3-sigma bound by about 1e-4 sigma.
 */
export function normalUpperQuantile(tail: number): number {
  if (!(tail > 0 && tail < 1)) throw new Error(`normalUpperQuantile needs a tail probability in (0, 1), got ${tail}`);
  const target = Math.log(tail);
  let low = -40;
  let high = 40;
  while (high - low > 1e-9) {
    const mid = (low + high) / 2;
    // log Phi(-z) falls as z grows.
    if (logNormalCdf(-mid) > target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

function checkedRange(name: string, range: PlausibleRange): PlausibleRange {
  if (!(Number.isFinite(range.min) && Number.isFinite(range.max) && range.min < range.max)) {
    throw new Error(`${name} needs finite min < max, got ${range.min}-${range.max}`);
  }
  return range;
}
