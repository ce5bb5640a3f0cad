import { createBallisticModel } from "../../../src/core/ballistics/BallisticModel";
import { FlightIntegrator } from "../../../src/core/ballistics/FlightIntegrator";
import { solveExitSpeed } from "../../../src/core/ballistics/solveExitSpeed";
import { WheelModel } from "../../../src/core/ballistics/WheelModel";
import { fitLaunchCalibration, outcomeResidual, type CalibrationModel, type CalibrationOptions, type CalibrationShot } from "../../../src/core/calibration/fitLaunchCalibration";
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

/**
 * Exact test shots from a robot that is the controller's own model with known values: wheel
 * efficiency e0 + slope * surface speed, a constant drag coefficient. Each shot is aimed with the
 * starting model (efficiency 0.5, no slope, drag 0.5) off by a fixed few percent, and its miss is
 * measured without error, so the fit can reproduce every shot and must land on the truth.
 */
interface OwnModelTruth {
  readonly efficiency: number;
  readonly slope_spm: number;
  readonly drag: number;
}

/** Shots at each distance and each launch angle [deg] (the shots carry their angle when there are several). */
function ownModelShots(truth: OwnModelTruth, distances: readonly number[], anglesDeg: readonly number[] = [60]): CalibrationShot[] {
  const flight = new FlightIntegrator(createBallisticModel({ drag_coefficient: truth.drag }));
  const wheel = new WheelModel({ efficiency: truth.efficiency, efficiency_slope_spm: truth.slope_spm });
  const aimFlight = new FlightIntegrator(nominal.ballistics);
  const aimWheel = new WheelModel(nominal.wheel);
  return anglesDeg.flatMap((deg) =>
    distances.map((d, i) => {
      const a = (deg * Math.PI) / 180;
      const aim = solveExitSpeed(aimFlight, d, a);
      if (aim.kind !== "solution") throw new Error(`no nominal solution at ${d} m, ${deg} deg`);
      // A deterministic aim error of -1.5 .. +1.5 %, so the misses are not all alike.
      const omega = aimWheel.wheelSpeedFor(aim.exitSpeed_mps, d) * (1 + 0.015 * Math.sin(1.7 * i + 0.3));
      const crossing = flight.crossRimPlane(wheel.exitSpeedFor(omega, d), a);
      if (crossing.kind !== "crossing") throw new Error(`no crossing at ${d} m, ${deg} deg`);
      return { distance_m: d, wheelSpeed_radps: omega, miss_m: crossing.x_m - d, ...(anglesDeg.length > 1 ? { launchAngle_rad: a } : {}) };
    }),
  );
}

describe("fitLaunchCalibration: efficiency slope", () => {
  const tenDistances = spread(3, 7.5, 10);

  it.each<[string, OwnModelTruth, readonly number[], readonly number[], CalibrationOptions]>([
    ["efficiency, drag and a falling slope from 10 distances at 58 and 70 deg", { efficiency: 0.56, slope_spm: -0.004, drag: 0.53 }, tenDistances, [58, 70], { fitDrag: true, fitEfficiencySlope: true }],
    ["efficiency, drag and a rising slope from 10 distances at 60 and 68 deg", { efficiency: 0.44, slope_spm: 0.002, drag: 0.47 }, tenDistances, [60, 68], { fitDrag: true, fitEfficiencySlope: true }],
    ["efficiency, drag and slope from 3 distances at 3 angles (auto: several angles)", { efficiency: 0.55, slope_spm: -0.003, drag: 0.52 }, [3, 5, 7.5], [58, 64, 70], { fitEfficiencySlope: "auto" }],
    ["efficiency and slope, the drag held at the truth, from 2 distances", { efficiency: 0.53, slope_spm: -0.0025, drag: 0.5 }, [3, 7, 3, 7], [60], { fitDrag: false, fitEfficiencySlope: true }],
    ["efficiency and slope (auto: the drag held), from 10 distances", { efficiency: 0.47, slope_spm: 0.001, drag: 0.5 }, tenDistances, [60], { fitDrag: false, fitEfficiencySlope: "auto" }],
  ])("recovers %s", (_name, truth, distances, anglesDeg, options) => {
    const shots = ownModelShots(truth, distances, anglesDeg);
    const fit = fitLaunchCalibration(shots, nominal, { missSigma_m: 0.01, ...options });
    expect(fit.converged).toBe(true);
    expect(fit.efficiencySlope.fitted).toBe(true);
    expect(fit.dragCoefficient.fitted).toBe(options.fitDrag !== false);
    expect(fit.efficiency.estimate).toBeCloseTo(truth.efficiency, 6);
    expect(fit.efficiencySlope.estimate).toBeCloseTo(truth.slope_spm, 7);
    expect(fit.dragCoefficient.estimate).toBeCloseTo(truth.drag, 5);
    // Every shot reproduced (the misses are exact), and a standard error for each parameter.
    fit.residuals.forEach((r) => expect(Math.abs(r.residual)).toBeLessThan(1e-4));
    expect(fit.efficiencySlope.standardError).toBeGreaterThan(0);
    expect(fit.degreesOfFreedom).toBe(shots.length - (options.fitDrag === false ? 2 : 3));
  });

  it("at one launch angle, drag and slope are nearly collinear: the shots are reproduced but the drag is barely determined", () => {
    // The profile of this fit over the drag (efficiency and slope refitted at each) stays within a
    // chi-square of 0.05 from 0.45 to 0.85 for 1 cm misses: ten distances at one angle cannot pin it.
    const shots = ownModelShots({ efficiency: 0.56, slope_spm: -0.004, drag: 0.53 }, tenDistances);
    const fit = fitLaunchCalibration(shots, nominal, { missSigma_m: 0.01, fitDrag: true, fitEfficiencySlope: true });
    expect(fit.converged).toBe(true);
    fit.residuals.forEach((r) => expect(Math.abs(r.predictedMiss_m - (r.shot.miss_m ?? NaN))).toBeLessThan(5e-4));
    expect(fit.dragCoefficient.standardError).toBeGreaterThan(0.5);
    expect(Math.abs(fit.dragCoefficient.estimate - 0.53)).toBeLessThan(fit.dragCoefficient.standardError);
    // auto leaves the slope out there (no prior, one angle), and takes it with a drag prior.
    expect(fitLaunchCalibration(shots, nominal, { missSigma_m: 0.01, fitEfficiencySlope: "auto" }).efficiencySlope.fitted).toBe(false);
    expect(fitLaunchCalibration(shots, nominal, { missSigma_m: 0.01, fitEfficiencySlope: "auto", dragPriorSigma: 0.03 }).efficiencySlope.fitted).toBe(true);
  });

  it("without the slope, a slipping launcher leaves a distance-dependent error that the slope removes", () => {
    const truth = { efficiency: 0.56, slope_spm: -0.004, drag: 0.5 };
    const shots = ownModelShots(truth, tenDistances);
    const without = fitLaunchCalibration(shots, nominal, { missSigma_m: 0.01, fitDrag: false });
    const withSlope = fitLaunchCalibration(shots, nominal, { missSigma_m: 0.01, fitDrag: false, fitEfficiencySlope: true });
    const worst = (fit: typeof without): number => Math.max(...fit.residuals.map((r) => Math.abs(r.predictedMiss_m - (r.shot.miss_m ?? NaN))));
    expect(worst(without)).toBeGreaterThan(0.05);
    expect(worst(withSlope)).toBeLessThan(1e-6);
  });

  describe("off, it changes nothing", () => {
    const model: CalibrationModel = { ...nominal, wheel: { efficiency: 0.5, efficiency_slope_spm: -0.002 } };
    it.each<[string, CalibrationShot[], CalibrationOptions]>([
      ["one distance, drag held", syntheticShots(0.45, 0.5, Array(12).fill(5) as number[], "miss", 7), { missSigma_m: 0.01 }],
      ["3-8 m, drag fitted", syntheticShots(0.47, 0.54, spread(3, 8, 30), "miss", 11), { missSigma_m: 0.01 }],
      ["two distances, drag prior", syntheticShots(0.48, 0.55, [2.5, 6.5, 2.5, 6.5, 2.5, 6.5], "miss", 5), { missSigma_m: 0.02, fitDrag: true, dragPriorSigma: 0.03 }],
      ["outcomes", syntheticShots(0.497, 0.5, Array(40).fill(6) as number[], "outcome", 3), { outcomeSigma_m: 0.03 }],
    ])("%s: no option, false, a slope prior alone and an auto that does not apply give the same fit", (_name, shots, options) => {
      for (const m of [nominal as CalibrationModel, model]) {
        const reference = fitLaunchCalibration(shots, m, options);
        expect(reference.efficiencySlope).toEqual({ estimate: m.wheel.efficiency_slope_spm ?? 0, standardError: 0, fitted: false });
        // auto: a single distance spans nothing; one launch angle with the drag fitted and no prior cannot separate slope and drag.
        const variants: CalibrationOptions[] = [{ fitEfficiencySlope: false }, { fitEfficiencySlope: false, efficiencySlopePriorSigma: 0.001 }];
        if (options.dragPriorSigma === undefined) variants.push({ fitEfficiencySlope: "auto" });
        for (const extra of variants) expect(fitLaunchCalibration(shots, m, { ...options, ...extra })).toEqual(reference);
      }
    });

    it("a slope held off is the model's: shots from the model's own slope give back their efficiency and drag exactly", () => {
      const truth = { efficiency: 0.54, slope_spm: -0.002, drag: 0.52 };
      const fit = fitLaunchCalibration(ownModelShots(truth, tenDistances), { ...nominal, wheel: { efficiency: 0.5, efficiency_slope_spm: truth.slope_spm } }, { missSigma_m: 0.01 });
      expect(fit.efficiencySlope).toEqual({ estimate: truth.slope_spm, standardError: 0, fitted: false });
      expect(fit.efficiency.estimate).toBeCloseTo(truth.efficiency, 6);
      expect(fit.dragCoefficient.estimate).toBeCloseTo(truth.drag, 5);
    });
  });

  describe("the slope's prior", () => {
    // Efficiency and slope (drag held at the truth) from exact shots: the free fit is the truth, chi-square
    // about 0, so the reported standard errors are the unscaled ones. The slope's truth is near the model's 0
    // so the flight is nearly linear in the parameters over the pull.
    const truth = { efficiency: 0.51, slope_spm: -0.0006, drag: 0.5 };
    const shots = ownModelShots(truth, [3, 4, 5, 6, 7]);
    const fitWith = (sigma: number): ReturnType<typeof fitLaunchCalibration> =>
      fitLaunchCalibration(shots, nominal, { missSigma_m: 0.01, fitDrag: false, fitEfficiencySlope: true, efficiencySlopePriorSigma: sigma });
    const free = fitWith(Infinity);
    // The reported standard errors carry the reduced chi-square scale (the prior's pull raises the
    // chi-square above the degrees of freedom): take it off to compare the information.
    const unscaled = (fit: typeof free): number => fit.efficiencySlope.standardError / Math.sqrt(Math.max(1, fit.chiSquare / fit.degreesOfFreedom));

    it.each([3e-5, 1e-4, 3e-4])("sigma %f s/m: the Gaussian product of the free fit's slope and the prior N(0, sigma^2)", (sigma) => {
      expect(free.efficiencySlope.estimate).toBeCloseTo(truth.slope_spm, 8);
      const prior = fitWith(sigma);
      // The posterior of a linear model with a prior on one parameter: that parameter's marginal
      // (the free fit's estimate and variance) times the prior; the other parameters follow it.
      const likelihoodWeight = 1 / free.efficiencySlope.standardError ** 2;
      const priorWeight = 1 / sigma ** 2;
      const product = (likelihoodWeight * free.efficiencySlope.estimate + priorWeight * 0) / (likelihoodWeight + priorWeight);
      const pull = Math.abs(free.efficiencySlope.estimate - product);
      expect(pull).toBeGreaterThan(1e-5);
      // Within 0.5 % of the pull (found within 0.05 %): the flight is only nearly linear in the efficiency over it.
      expect(Math.abs(prior.efficiencySlope.estimate - product)).toBeLessThan(0.005 * pull);
      expect(free.chiSquare).toBeLessThan(1e-12);
      expect(Math.abs(unscaled(prior) / Math.sqrt(1 / (likelihoodWeight + priorWeight)) - 1)).toBeLessThan(2e-3);
      expect(prior.degreesOfFreedom).toBe(free.degreesOfFreedom + 1);
    });

    it("a tighter prior pulls the slope monotonically to the model's value and narrows it", () => {
      const fits = [Infinity, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 1e-9].map(fitWith);
      const distance = fits.map((f) => Math.abs(f.efficiencySlope.estimate));
      const errors = fits.map(unscaled);
      for (let i = 1; i < fits.length; i++) {
        expect(distance[i]).toBeLessThan(distance[i - 1] ?? NaN);
        expect(errors[i]).toBeLessThan(errors[i - 1] ?? NaN);
      }
      expect(fits[fits.length - 1]?.efficiencySlope.estimate).toBeCloseTo(0, 8);
    });

    it("with shots at two distances, a tight slope prior gives back the efficiency-and-drag fit", () => {
      const twoDistances = ownModelShots({ efficiency: 0.54, slope_spm: -0.003, drag: 0.52 }, [2.5, 6.5, 2.5, 6.5, 2.5, 6.5]);
      const plain = fitLaunchCalibration(twoDistances, nominal, { missSigma_m: 0.02, fitDrag: true, dragPriorSigma: 0.03 });
      const held = fitLaunchCalibration(twoDistances, nominal, { missSigma_m: 0.02, fitDrag: true, dragPriorSigma: 0.03, fitEfficiencySlope: true, efficiencySlopePriorSigma: 1e-9 });
      const loose = fitLaunchCalibration(twoDistances, nominal, { missSigma_m: 0.02, fitDrag: true, dragPriorSigma: 0.03, fitEfficiencySlope: true, efficiencySlopePriorSigma: 0.002 });
      expect(held.efficiencySlope.estimate).toBeCloseTo(0, 8);
      expect(held.efficiency.estimate).toBeCloseTo(plain.efficiency.estimate, 6);
      expect(held.dragCoefficient.estimate).toBeCloseTo(plain.dragCoefficient.estimate, 4);
      // A loose prior lets the slope take the bend, and the drag goes back towards the model's 0.5.
      expect(loose.efficiencySlope.estimate).toBeLessThan(-0.0005);
      expect(Math.abs(loose.dragCoefficient.estimate - 0.5)).toBeLessThan(Math.abs(plain.dragCoefficient.estimate - 0.5));
    });
  });

  it.each<[string, CalibrationOptions, RegExp]>([
    ["a string that is not auto", { fitEfficiencySlope: "yes" as unknown as boolean }, /fitEfficiencySlope must be true, false or "auto", got "yes"/],
    ["a number", { fitEfficiencySlope: 1 as unknown as boolean }, /fitEfficiencySlope must be true, false or "auto", got 1/],
    ["a zero prior", { fitEfficiencySlope: true, efficiencySlopePriorSigma: 0 }, /efficiencySlopePriorSigma must be > 0 s\/m \(Infinity: no prior\), got 0/],
    ["a negative prior", { efficiencySlopePriorSigma: -0.001 }, /efficiencySlopePriorSigma must be > 0 s\/m \(Infinity: no prior\), got -0.001/],
    ["a NaN prior", { efficiencySlopePriorSigma: NaN }, /efficiencySlopePriorSigma must be > 0 s\/m \(Infinity: no prior\), got NaN/],
  ])("rejects %s with the value", (_name, options, message) => {
    expect(() => fitLaunchCalibration(ownModelShots({ efficiency: 0.5, slope_spm: 0, drag: 0.5 }, [4, 5]), nominal, options)).toThrow(message);
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
