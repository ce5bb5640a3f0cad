import { createBallisticModel } from "../../../src/core/ballistics/BallisticModel";
import { FlightIntegrator } from "../../../src/core/ballistics/FlightIntegrator";
import { solveExitSpeed } from "../../../src/core/ballistics/solveExitSpeed";
import { WheelModel } from "../../../src/core/ballistics/WheelModel";
import { fitLaunchCalibration, outcomeResidual, type CalibrationOptions, type CalibrationShot } from "../../../src/core/calibration/fitLaunchCalibration";
import { logNormalCdf } from "../../../src/core/calibration/logNormalCdf";
import { SeededRandom } from "../../../src/core/random/SeededRandom";

const angle = (60 * Math.PI) / 180;
const nominal = { ballistics: createBallisticModel(), wheel: { efficiency: 0.5 }, launchAngle_rad: angle };

/**
 * Synthetic shots from a "true" robot (efficiency, Cd): the team aims each shot with the nominal
 * model, plus a random wheel speed offset, and records the miss (with reading noise) or the outcome.
 */
function syntheticShots(trueEfficiency: number, trueDrag: number, distances: number[], kind: "miss" | "outcome", seed: number): CalibrationShot[] {
  const random = new SeededRandom(seed);
  const truth = new FlightIntegrator(createBallisticModel({ drag_coefficient: trueDrag }));
  const trueWheel = new WheelModel({ efficiency: trueEfficiency });
  const nominalIntegrator = new FlightIntegrator(nominal.ballistics);
  const nominalWheel = new WheelModel(nominal.wheel);
  const shots: CalibrationShot[] = [];
  for (const d of distances) {
    const s = solveExitSpeed(nominalIntegrator, d, angle);
    if (s.kind !== "solution") throw new Error("no nominal solution");
    const omega = nominalWheel.wheelSpeedFor(s.exitSpeed_mps, d) * (1 + 0.01 * random.gaussian());
    // Shot-to-shot scatter: 0.2 % of exit speed.
    const v = trueWheel.exitSpeedFor(omega, d) * (1 + 0.002 * random.gaussian());
    const flight = truth.crossRimPlane(v, angle);
    if (flight.kind !== "crossing") throw new Error("no crossing");
    const miss = flight.x_m - d;
    if (kind === "miss") shots.push({ distance_m: d, wheelSpeed_radps: omega, miss_m: miss + 0.01 * random.gaussian() });
    else {
      const c = 0.225 - 0.121 / Math.sin(flight.entryAngle_rad);
      shots.push({ distance_m: d, wheelSpeed_radps: omega, outcome: Math.abs(miss) <= c ? "made" : miss < 0 ? "short" : "long" });
    }
  }
  return shots;
}

const spread = (from: number, to: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));

describe("fitLaunchCalibration", () => {
  it.each([0.45, 0.4993, 0.55])("recovers efficiency %f from measured misses at one distance (drag held)", (eff) => {
    const shots = syntheticShots(eff, 0.5, Array(12).fill(5) as number[], "miss", 7);
    const fit = fitLaunchCalibration(shots, nominal, { missSigma_m: 0.01 });
    expect(fit.dragCoefficient.fitted).toBe(false);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.efficiency.estimate - eff)).toBeLessThan(4 * fit.efficiency.standardError + 1e-4);
    expect(fit.efficiency.standardError).toBeLessThan(0.002);
    expect(fit.residuals).toHaveLength(12);
  });

  it("fits efficiency and drag when the shots span 3-8 m", () => {
    const shots = syntheticShots(0.47, 0.54, spread(3, 8, 30), "miss", 11);
    const fit = fitLaunchCalibration(shots, nominal, { missSigma_m: 0.01 });
    expect(fit.dragCoefficient.fitted).toBe(true);
    expect(Math.abs(fit.efficiency.estimate - 0.47)).toBeLessThan(4 * fit.efficiency.standardError);
    expect(Math.abs(fit.dragCoefficient.estimate - 0.54)).toBeLessThan(4 * fit.dragCoefficient.standardError);
    expect(fit.dragCoefficient.standardError).toBeLessThan(0.05);
  });

  it("recovers the efficiency from made / short / long outcomes alone", () => {
    // The wheel speeds scatter 1 % around the nominal aim, so outcomes straddle the window.
    const shots = syntheticShots(0.497, 0.5, Array(80).fill(6) as number[], "outcome", 3);
    const counts = { made: 0, short: 0, long: 0 };
    for (const s of shots) if (s.outcome) counts[s.outcome]++;
    expect(counts.short).toBeGreaterThan(0);
    expect(counts.long).toBeGreaterThan(0);
    const fit = fitLaunchCalibration(shots, nominal, { outcomeSigma_m: 0.03 });
    expect(Math.abs(fit.efficiency.estimate - 0.497)).toBeLessThan(Math.max(4 * fit.efficiency.standardError, 0.004));
  });

  it.each([
    ["made", 0],
    ["short", -1],
    ["long", 1],
  ] as const)("an outcome residual is smallest where the outcome is likeliest: %s", (outcome, direction) => {
    const far = outcomeResidual(outcome, direction === 0 ? 0.2 : -direction * 0.2, 0.05, 0.03);
    const near = outcomeResidual(outcome, direction * 0.2, 0.05, 0.03);
    expect(Math.abs(near)).toBeLessThan(Math.abs(far));
    if (outcome === "made") expect(outcomeResidual("made", 0, 0.05, 0.03)).toBe(0);
  });

  it("a drag prior pulls a poorly identified drag towards the model's value by the weights of a Gaussian product", () => {
    // Few shots over 2.5-6.5 m: the drag is barely identified, so the prior decides much of it.
    const shots = syntheticShots(0.48, 0.55, [2.5, 6.5, 2.5, 6.5, 2.5, 6.5], "miss", 5);
    const free = fitLaunchCalibration(shots, nominal, { missSigma_m: 0.02, fitDrag: true });
    const prior = fitLaunchCalibration(shots, nominal, { missSigma_m: 0.02, fitDrag: true, dragPriorSigma: 0.03 });
    const tight = fitLaunchCalibration(shots, nominal, { missSigma_m: 0.02, fitDrag: true, dragPriorSigma: 1e-6 });
    // Reference: with the efficiency free too, the prior moves the drag to between the free fit and 0.5.
    expect(Math.abs(prior.dragCoefficient.estimate - 0.5)).toBeLessThan(Math.abs(free.dragCoefficient.estimate - 0.5));
    expect(prior.dragCoefficient.standardError).toBeLessThan(free.dragCoefficient.standardError);
    expect(tight.dragCoefficient.estimate).toBeCloseTo(0.5, 4);
    expect(prior.degreesOfFreedom).toBe(free.degreesOfFreedom + 1);
    // The product itself: the free fit's drag (its marginal, variance s^2) times the prior N(0.5, 0.03^2)
    // peaks at the precision-weighted mean with variance 1 / (1/s^2 + 1/0.03^2). The reported standard
    // errors carry the reduced chi-square scale, so take it off to compare the information.
    const unscaled = (fit: typeof free): number => fit.dragCoefficient.standardError / Math.sqrt(Math.max(1, fit.chiSquare / fit.degreesOfFreedom));
    const likelihoodWeight = 1 / unscaled(free) ** 2;
    const priorWeight = 1 / 0.03 ** 2;
    const product = (likelihoodWeight * free.dragCoefficient.estimate + priorWeight * 0.5) / (likelihoodWeight + priorWeight);
    // Within 5e-4 of a 0.009 pull (the model is only nearly linear in the drag over that step).
    expect(Math.abs(free.dragCoefficient.estimate - product)).toBeGreaterThan(0.005);
    expect(prior.dragCoefficient.estimate).toBeCloseTo(product, 3);
    expect(unscaled(prior)).toBeCloseTo(Math.sqrt(1 / (likelihoodWeight + priorWeight)), 3);
  });

  it("weighs far shots less when the launcher's spread is given (each miss's sigma from the flight's sensitivities)", () => {
    const shots = syntheticShots(0.49, 0.5, [3, 7], "miss", 9);
    const fit = fitLaunchCalibration(shots, nominal, { missSigma_m: 0.01, fitDrag: false, exitSpeedSigmaFraction: 0.002, launchAngleSigma_rad: 0.005 });
    const integrator = new FlightIntegrator(nominal.ballistics);
    const wheel = new WheelModel({ efficiency: fit.efficiency.estimate });
    // The residual's sigma, recomputed by hand from the nominal model at each shot.
    const sigmaOf = (shot: CalibrationShot): number => {
      const v = new WheelModel(nominal.wheel).exitSpeedFor(shot.wheelSpeed_radps, shot.distance_m);
      const f = integrator.crossRimPlane(v, angle);
      if (f.kind !== "crossing") throw new Error("no crossing");
      return Math.hypot(0.01, f.dxdSpeed_s * v * 0.002, f.dxdAngle_mprad * 0.005);
    };
    fit.residuals.forEach((r) => {
      const f = integrator.crossRimPlane(wheel.exitSpeedFor(r.shot.wheelSpeed_radps, r.shot.distance_m), angle);
      if (f.kind !== "crossing") throw new Error("no crossing");
      expect(r.residual).toBeCloseTo((f.x_m - r.shot.distance_m - (r.shot.miss_m ?? NaN)) / sigmaOf(r.shot), 6);
    });
    expect(sigmaOf(shots[1] ?? shots[0]!)).toBeGreaterThan(sigmaOf(shots[0]!));
    // The behaviour: a 5 cm misreading of the far shot moves the fitted efficiency less with the
    // spreads (the far shot weighs less) than with the reading error alone.
    const misread = shots.map((shot, i) => (i === 1 ? { ...shot, miss_m: (shot.miss_m ?? NaN) + 0.05 } : shot));
    const shift = (options: CalibrationOptions): number =>
      Math.abs(fitLaunchCalibration(misread, nominal, options).efficiency.estimate - fitLaunchCalibration(shots, nominal, options).efficiency.estimate);
    const weighted = shift({ missSigma_m: 0.01, fitDrag: false, exitSpeedSigmaFraction: 0.002, launchAngleSigma_rad: 0.005 });
    const unweighted = shift({ missSigma_m: 0.01, fitDrag: false });
    expect(weighted).toBeGreaterThan(0);
    expect(weighted).toBeLessThan(0.8 * unweighted);
  });

  it.each([
    [{ dragPriorSigma: 0 }, /dragPriorSigma must be > 0 \(Infinity: no prior\), got 0/],
    [{ missSigma_m: 0 }, /missSigma_m must be > 0, got 0/],
    [{ outcomeSigma_m: NaN }, /outcomeSigma_m must be > 0, got NaN/],
    [{ exitSpeedSigmaFraction: -0.1 }, /exitSpeedSigmaFraction must be in \[0, 1\), got -0.1/],
    [{ launchAngleSigma_rad: NaN }, /launchAngleSigma_rad must be in \[0, 1\) rad, got NaN/],
  ])("rejects %j", (options, message) => {
    expect(() => fitLaunchCalibration(syntheticShots(0.5, 0.5, [4], "miss", 1), nominal, options)).toThrow(message);
  });

  it("rejects an empty shot list", () => {
    expect(() => fitLaunchCalibration([], nominal)).toThrow(/at least one shot, got 0/);
  });
});

describe("logNormalCdf", () => {
  it.each([
    [0, Math.log(0.5)],
    [-3, Math.log(0.001349898)],
    [-6, Math.log(9.865876e-10)],
    [-20, -203.917155],
  ])("log Phi(%f) = %f", (x, expected) => {
    expect(logNormalCdf(x)).toBeCloseTo(expected, 3);
  });
});
