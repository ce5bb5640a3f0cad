import { createBallisticModel } from "../../../src/core/ballistics/BallisticModel";
import { FlightIntegrator } from "../../../src/core/ballistics/FlightIntegrator";
import { solveExitSpeed } from "../../../src/core/ballistics/solveExitSpeed";
import { WheelModel } from "../../../src/core/ballistics/WheelModel";
import { fitLaunchCalibration, type CalibrationResult, type CalibrationShot } from "../../../src/core/calibration/fitLaunchCalibration";
import { formatPValue, judgeCalibration, normalUpperQuantile, type CalibrationJudgementOptions } from "../../../src/core/calibration/judgeCalibration";
import { SeededRandom } from "../../../src/core/random/SeededRandom";

/** A fit result with these standardised residuals (lines 2, 3, ...), its chi-square their sum of squares. */
function fitWith(
  residuals: readonly number[],
  options: { fittedValues?: number; efficiency?: number; drag?: { estimate: number; fitted: boolean }; converged?: boolean } = {},
): CalibrationResult {
  const fittedValues = options.fittedValues ?? 1;
  return {
    efficiency: { estimate: options.efficiency ?? 0.5, standardError: 0.01, fitted: true },
    dragCoefficient: { ...(options.drag ?? { estimate: 0.5, fitted: false }), standardError: 0 },
    efficiencySlope: { estimate: 0, standardError: 0, fitted: false },
    residuals: residuals.map((residual, i) => ({ shot: { distance_m: 4, wheelSpeed_radps: 300, miss_m: 0, line: i + 2 }, predictedMiss_m: 0, clearance_m: 0.05, residual, sigma_m: 0.02 })),
    chiSquare: residuals.reduce((sum, r) => sum + r * r, 0),
    degreesOfFreedom: residuals.length - fittedValues,
    iterations: 7,
    converged: options.converged ?? true,
  };
}

/** Ten residuals whose squares sum to `chiSquare`, none beyond 3 sigma (for 9 dof with one fitted value). */
const tenResiduals = (chiSquare: number): number[] => Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 1 : -1) * Math.sqrt(chiSquare / 10));

describe("normalUpperQuantile (the outlier bound)", () => {
  // Standard normal table: P(Z > z).
  it.each([
    [0.025, 1.959964],
    [0.005, 2.575829],
    [0.0005, 3.290527],
    [0.00025, 3.480756],
    [0.5, 0],
  ])("P(Z > z) = %p at z = %p", (tail, z) => {
    expect(normalUpperQuantile(tail)).toBeCloseTo(z, 3);
  });

  it.each([[0], [1], [Number.NaN]])("rejects a tail of %p with the value", (tail) => {
    expect(() => normalUpperQuantile(tail)).toThrow(`normalUpperQuantile needs a tail probability in (0, 1), got ${tail}`);
  });
});

describe("judgeCalibration", () => {
  // Tabulated chi-square quantiles for 9 dof (NIST/SEMATECH table 1.3.6.7.4): 95 % 16.919, 99 % 21.666, 99.9 % 27.877.
  it.each([
    [9, true, /^$/, 0],
    [16.919, true, /^$/, 0],
    [21.5, true, /^$/, 0],
    [21.9, false, /^chi-square 21\.9 for 9 degrees of freedom: p-value 0\.009, below 0\.01/, 0],
    [27.877, false, /^chi-square 27\.9 for 9 degrees of freedom: p-value 0\.001, below 0\.01/, 0],
    // The fit, its misses spread evenly: every shot 6.5 sigma off as well.
    [419.7, false, /^chi-square 419\.7 for 9 degrees of freedom: p-value \d\.\de-8\d, below 0\.01: the model does not explain the shots/, 10],
  ])("chi-square %p for 9 dof: consistent %p", (chiSquare, consistent, problem, outliers) => {
    const judgement = judgeCalibration(fitWith(tenResiduals(chiSquare)));
    expect(judgement.consistent).toBe(consistent);
    expect(judgement.problems.join("\n")).toMatch(problem);
    expect(judgement.outliers).toHaveLength(outliers);
  });

  it("p-values at the table's quantiles: 0.05 at 16.919, 0.01 at 21.666 (9 dof)", () => {
    expect(judgeCalibration(fitWith(tenResiduals(16.919))).pValue).toBeCloseTo(0.05, 4);
    expect(judgeCalibration(fitWith(tenResiduals(21.666))).pValue).toBeCloseTo(0.01, 4);
  });

  it.each<[string, number[], number[], number]>([
    // Bonferroni at 0.01 over 10 shots: |r| > 3.29.
    ["one gross miss among ten", [0.3, -0.5, 0.8, 6, -0.2, 0.1, 0.4, -0.9, 0.2, 0.5], [5], 3.2905],
    ["3.2 is inside the bound for ten shots", [0.3, -0.5, 0.8, 3.2, -0.2, 0.1, 0.4, -0.9, 0.2, 0.5], [], 3.2905],
    ["both signs", [-4, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 3.5], [2, 11], 3.2905],
    // Twenty shots: the bound rises to 3.48.
    ["3.4 among twenty", [3.4, ...Array<number>(19).fill(0.5)], [], 3.4808],
  ])("outliers by line: %s", (_name, residuals, lines, bound) => {
    const judgement = judgeCalibration(fitWith(residuals));
    expect(judgement.outlierBound).toBeCloseTo(bound, 3);
    expect(judgement.outliers.map((o) => o.line)).toEqual(lines);
    for (const line of lines) expect(judgement.problems.join("\n")).toMatch(new RegExp(`^line ${line}: standardised residual -?\\d+\\.\\d{2}, beyond the outlier bound \\+-${bound.toFixed(2)}$`, "m"));
    expect(judgement.consistent).toBe(lines.length === 0 && judgement.pValue >= 0.01);
  });

  it.each<[string, Parameters<typeof fitWith>[1], CalibrationJudgementOptions, string[]]>([
    ["a fitted drag of 0.83 (the issue's)", { drag: { estimate: 0.83, fitted: true } }, {}, ["drag_coefficient"]],
    ["a fitted drag of 0.25", { drag: { estimate: 0.25, fitted: true } }, {}, ["drag_coefficient"]],
    ["a held drag of 0 (the params' drag-free model, not the fit's doing)", { drag: { estimate: 0, fitted: false } }, {}, []],
    ["an efficiency of 0.15", { efficiency: 0.15 }, {}, ["efficiency"]],
    ["an efficiency of 1.2", { efficiency: 1.2 }, {}, ["efficiency"]],
    ["an efficiency of 1.2 with two opposed wheels allowed to 1.3", { efficiency: 1.2 }, { efficiencyRange: { min: 0.2, max: 1.3 } }, []],
    ["the bounds themselves", { efficiency: 1, drag: { estimate: 0.3, fitted: true } }, {}, []],
  ])("plausibility: %s", (_name, fit, options, flagged) => {
    const judgement = judgeCalibration(fitWith(tenResiduals(9), { ...fit, fittedValues: 2 }), options);
    expect(judgement.implausible.map((v) => v.parameter)).toEqual(flagged);
    expect(judgement.consistent).toBe(flagged.length === 0);
  });

  it("no degree of freedom left: a note, not a failure", () => {
    const judgement = judgeCalibration(fitWith([0, 0], { fittedValues: 2 }));
    expect(Number.isNaN(judgement.pValue)).toBe(true);
    expect(judgement.consistent).toBe(true);
    expect(judgement.notes.join("\n")).toMatch(/no degree of freedom left \(2 shots for as many fitted values\)/);
  });

  it("a fit that did not converge fails", () => {
    const judgement = judgeCalibration(fitWith(tenResiduals(9), { converged: false }));
    expect(judgement.consistent).toBe(false);
    expect(judgement.problems).toEqual(["the fit did not converge in 7 iterations: the estimates are its last iterate"]);
  });

  it.each<[CalibrationJudgementOptions, string]>([
    [{ significance: 0 }, "significance must be in (0, 1), got 0"],
    [{ significance: 1.5 }, "significance must be in (0, 1), got 1.5"],
    [{ dragCoefficientRange: { min: 0.7, max: 0.3 } }, "dragCoefficientRange needs finite min < max, got 0.7-0.3"],
    [{ efficiencyRange: { min: Number.NaN, max: 1 } }, "efficiencyRange needs finite min < max, got NaN-1"],
  ])("rejects %p with the value", (options, message) => {
    expect(() => judgeCalibration(fitWith(tenResiduals(9)), options)).toThrow(message);
  });

  it.each([
    [0.31841, "0.318"],
    [0.00099, "9.9e-4"],
    [2.8e-11, "2.8e-11"],
    [0, "< 1e-300"],
    [Number.NaN, "-"],
  ])("formats the p-value %p as %p", (p, text) => {
    expect(formatPValue(p)).toBe(text);
  });
});

describe("judgeCalibration on real fits: a right model passes about as often as the significance says", () => {
  const angle = (60 * Math.PI) / 180;
  const ballistics = createBallisticModel();
  const model = { ballistics, wheel: { efficiency: 0.5 }, launchAngle_rad: angle };
  const READ_SIGMA = 0.01;
  const SPEED_SPREAD = 0.002;

  /** Ten measured misses of a robot the model describes but for its efficiency (0.48), with exactly the fit's assumed scatter. */
  function rightModelShots(seed: number): CalibrationShot[] {
    const random = new SeededRandom(seed);
    const flight = new FlightIntegrator(ballistics);
    const aimed = new WheelModel({ efficiency: 0.5 });
    const truth = new WheelModel({ efficiency: 0.48 });
    return [3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5].map((d, i) => {
      const s = solveExitSpeed(flight, d, angle);
      if (s.kind !== "solution") throw new Error(`no shot at ${d} m`);
      const omega = aimed.wheelSpeedFor(s.exitSpeed_mps, d) * (1 + 0.01 * random.gaussian());
      const f = flight.crossRimPlane(truth.exitSpeedFor(omega, d) * (1 + SPEED_SPREAD * random.gaussian()), angle);
      if (f.kind !== "crossing") throw new Error(`no crossing at ${d} m`);
      return { distance_m: d, wheelSpeed_radps: omega, miss_m: f.x_m - d + READ_SIGMA * random.gaussian(), line: i + 2 };
    });
  }

  it("over 40 seeded calibrations: mean chi-square near its 9 dof, at most 2 refused at 0.01", () => {
    const judgements = Array.from({ length: 40 }, (_, seed) =>
      judgeCalibration(fitLaunchCalibration(rightModelShots(seed + 1), model, { fitDrag: false, missSigma_m: READ_SIGMA, exitSpeedSigmaFraction: SPEED_SPREAD })),
    );
    const meanChiSquare = judgements.reduce((sum, j) => sum + j.chiSquare, 0) / judgements.length;
    // chi-square(9) has mean 9 and variance 18: the mean of 40 is within 9 +- 2.0 (3 sigma).
    expect(Math.abs(meanChiSquare - 9)).toBeLessThan(2);
    expect(judgements.filter((j) => !j.consistent).length).toBeLessThanOrEqual(2);
  });

  it("the same shots fitted with a launch angle 3 deg off fail on the p-value", () => {
    const off = { ...model, launchAngle_rad: angle + (3 * Math.PI) / 180 };
    const judgement = judgeCalibration(fitLaunchCalibration(rightModelShots(1), off, { fitDrag: false, missSigma_m: READ_SIGMA, exitSpeedSigmaFraction: SPEED_SPREAD }));
    expect(judgement.pValue).toBeLessThan(0.01);
    expect(judgement.consistent).toBe(false);
  });
});
