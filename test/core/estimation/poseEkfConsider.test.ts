/**
 * The range inputs' systematic errors as consider parameters (PoseEkfOptions.rangeBiases), checked
 * against references that share no code with the filter: a Monte Carlo of the pose error on a
 * static problem whose biases are drawn from the sigmas the filter is given (its covariance must
 * cover the error it makes: mean NEES about 3), and the batch least-squares covariance of that
 * problem in closed form (n readings of one input along one ray are their mean: h x + b + mean
 * noise, variance sigma_b^2 + sigma_w^2 / n), which no filter can beat and the consider filter
 * must come near. Rays are cast by the bench's closed-form reference caster.
 */
import type { Pose2 } from "../../../src/core/court/courtMap";
import { wrapAngle } from "../../../src/core/court/courtMap";
import { defaultCourtMap } from "../../../src/core/court/courtSchema";
import type { SensorMount } from "../../../src/core/court/rayCaster";
import { PoseEkf, type PoseEkfOptions, type RangeMeasurement } from "../../../src/core/estimation/poseEkf";
import { rangeSigma, type RangeNoiseModel } from "../../../src/core/estimation/rangeSigma";
import { invert, symmetricEigenvalues3 } from "../../../src/core/estimation/smallMatrix";
import { STATE_SIZE } from "../../../src/core/estimation/stateLayout";
import { SeededRandom } from "../../../src/core/random/SeededRandom";
import { chiSquareQuantile } from "../../../src/core/estimation/chiSquare";
import { referenceRange } from "../../../src/bench/referenceCourt";

const map = defaultCourtMap();
/** Standing still, with no process noise: a static problem, the pose the only unknown. */
const STATIC: PoseEkfOptions = { processNoise: [0, 0, 0, 0, 0, 0], rangeGate: 1e6 };
const TRUTH: Pose2 = { x: 1, y: -0.5, yaw: 0.05 };
/**
 * A start as good as the start search's: with a bias, the first readings weigh as much as the
 * last (a bias does not average out), so the error of their linearisation at the start stays. From
 * 5 cm and 0.03 rad off with 1 % scale errors at 8 m, mean NEES is about 3.6 (measured), not 3.
 */
const PRIOR_SIGMA: readonly [number, number, number] = [0.02, 0.02, 0.012];
const MOUNTS: readonly SensorMount[] = [
  { x: 0.2, y: 0.25, z: 0.05, yaw: Math.PI / 2 }, // left fence
  { x: -0.3, y: -0.2, z: 0.05, yaw: Math.PI }, // end fence behind
  { x: 0.1, y: 0.1, z: 2.5, yaw: 0 }, // lidar virtual beam on the backboard
  { x: 0.2, y: -0.25, z: 0.05, yaw: -Math.PI / 3 }, // oblique on the right fence: yaw information
];

/** Noise models: white noise `white` [m] under a systematic offset and a scale error beyond `beyond` [m]. */
function model(white: number, offset: number, scale: number, beyond: number): { white: number; noise: RangeNoiseModel } {
  // sigma is the total at no range: the white part and the offset; rangeSigma adds the scale error's.
  return { white, noise: { sigma: Math.hypot(white, offset), systematicSigma: offset, relativeSigma: scale, relativeBeyond: beyond } };
}

const CASES = [
  // name, per-mount models, readings per input
  ["offsets only (a map error of 1 cm at each fence)", MOUNTS.map(() => model(0.005, 0.01, 0, 0)), 30],
  ["scale errors only (TFmini: 1 % beyond 3 m)", MOUNTS.map(() => model(0.02, 0, 0.01, 3)), 30],
  ["offsets and scale errors, unequal inputs", MOUNTS.map((_, i) => model(0.004 * (i + 1), 0.003 * (4 - i), 0.002 * i, 0)), 30],
] as const;

type Case = (typeof CASES)[number];

/** One static run: the pose error at the end and the filter's 3x3 pose covariance. */
/** How the filter treats the biases: estimated (augmented state), only considered (Schmidt-Kalman), or told nothing of them. */
type Mode = "estimated" | "considered" | "ignored";

function staticRun(models: Case[1], perInput: number, rng: SeededRandom, mode: Mode, prior: readonly number[] = PRIOR_SIGMA): { error: [number, number, number]; P: Float64Array } {
  const withBiases = mode !== "ignored";
  const ekf = new PoseEkf(map, { ...STATIC, rangeBiases: withBiases ? models.map((m) => m.noise) : [], estimateRangeBiases: mode === "estimated" });
  const [sx, sy, syaw] = prior.map((v) => v);
  if (sx === undefined || sy === undefined || syaw === undefined) throw new Error("a prior sigma for x, y and yaw");
  const start = { x: TRUTH.x + rng.gaussian(0, sx), y: TRUTH.y + rng.gaussian(0, sy), yaw: TRUTH.yaw + rng.gaussian(0, syaw) };
  ekf.initialize(0, start, [sx ** 2, 0, 0, 0, sy ** 2, 0, 0, 0, syaw ** 2], { vx: 0, vy: 0, yawRate: 0 }, 1e-9);
  // Each input's bias, drawn once per run from what the filter is told.
  const biases = models.map((m) => ({ offset: rng.gaussian(0, m.noise.systematicSigma ?? 0), scale: rng.gaussian(0, m.noise.relativeSigma ?? 0) }));
  for (let k = 1; k <= perInput; k++) {
    MOUNTS.forEach((mount, i) => {
      const m = models[i];
      const bias = biases[i];
      if (m === undefined || bias === undefined) throw new Error("a model per mount");
      const truth = referenceRange(map.spec, TRUTH, mount);
      const lever = truth > (m.noise.relativeBeyond ?? 0) ? truth : 0;
      const range = truth + bias.offset + bias.scale * lever + rng.gaussian(0, m.white);
      const reading: RangeMeasurement = { mount, range, sigma: rangeSigma(range, m.noise), minRange: 0.05, maxRange: 12, input: withBiases ? i : undefined };
      const result = ekf.updateRange(k * 0.01, reading);
      if (!result.accepted) throw new Error(`reading refused: ${result.message}`);
    });
  }
  const pose = ekf.pose();
  const full = ekf.covariance();
  const P = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) P[i * 3 + j] = full[i * STATE_SIZE + j] ?? NaN;
  return { error: [pose.x - TRUTH.x, pose.y - TRUTH.y, wrapAngle(pose.yaw - TRUTH.yaw)], P };
}

function nees(error: readonly number[], P: Float64Array): number {
  const inverse = invert(P, 3);
  if (inverse === undefined) throw new Error("singular pose covariance");
  let sum = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum += (error[i] ?? NaN) * (inverse[i * 3 + j] ?? NaN) * (error[j] ?? NaN);
  return sum;
}

/**
 * The batch least-squares pose covariance of the static problem, in closed form: the prior's
 * information plus, per input, h h^T / (sigma_b^2 + sigma_w^2 / n), h the range's gradient in
 * (x, y, yaw) by central differences of the reference caster.
 */
function batchCovariance(models: Case[1], perInput: number, prior: readonly number[]): Float64Array {
  const info = new Float64Array(9);
  for (let i = 0; i < 3; i++) info[i * 4] = 1 / (prior[i] ?? NaN) ** 2;
  const step = 1e-6;
  MOUNTS.forEach((mount, k) => {
    const m = models[k];
    if (m === undefined) throw new Error("a model per mount");
    const h = (["x", "y", "yaw"] as const).map((key) => (referenceRange(map.spec, { ...TRUTH, [key]: TRUTH[key] + step }, mount) - referenceRange(map.spec, { ...TRUTH, [key]: TRUTH[key] - step }, mount)) / (2 * step));
    const truth = referenceRange(map.spec, TRUTH, mount);
    const lever = truth > (m.noise.relativeBeyond ?? 0) ? truth : 0;
    const bias = (m.noise.systematicSigma ?? 0) ** 2 + ((m.noise.relativeSigma ?? 0) * lever) ** 2;
    const variance = bias + m.white ** 2 / perInput;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) info[i * 3 + j] = (info[i * 3 + j] ?? NaN) + ((h[i] ?? NaN) * (h[j] ?? NaN)) / variance;
  });
  const covariance = invert(info, 3);
  if (covariance === undefined) throw new Error("singular batch information");
  return covariance;
}

describe("range biases as consider parameters, against a Monte Carlo and a batch least-squares reference", () => {
  const RUNS = 80;
  // Mean NEES over RUNS runs of 3 dof: chi-square with 3 RUNS dof over RUNS, 99.9 % two-sided band.
  const low = chiSquareQuantile(-3.29, 3 * RUNS) / RUNS;
  const high = chiSquareQuantile(3.29, 3 * RUNS) / RUNS;

  it.each(CASES)("%s: estimated or considered, the covariance covers the error the biases make (mean NEES in the chi-square band); told nothing of them, the filter is sure of a wrong pose", (_name, models, perInput) => {
    const rng = new SeededRandom(4242);
    const sums: Record<Mode, number> = { estimated: 0, considered: 0, ignored: 0 };
    for (let run = 0; run < RUNS; run++) {
      // The same draws (start, biases, noise) for every mode.
      const seed = Math.floor(rng.uniform() * 1e9);
      for (const mode of ["estimated", "considered", "ignored"] as const) {
        const r = staticRun(models, perInput, new SeededRandom(seed), mode);
        sums[mode] += nees(r.error, r.P);
      }
    }
    for (const mode of ["estimated", "considered"] as const) {
      expect([mode, sums[mode] / RUNS]).toEqual([mode, expect.any(Number)]);
      expect(sums[mode] / RUNS).toBeGreaterThan(low);
      expect(sums[mode] / RUNS).toBeLessThan(high);
    }
    // The same readings fused as independent: the biases average down as if they were noise.
    expect(sums.ignored / RUNS).toBeGreaterThan(3 * high);
  });

  it.each(CASES)("%s: estimated, the pose covariance is the batch least-squares one; considered, no smaller and within 25 % of it", (_name, models, perInput) => {
    // A start 5 mm and 3 mrad off: close enough that the filter's second-order heading term (extra
    // variance while the heading is uncertain, which the batch does not have) and its
    // linearisation away from the truth are below the tolerance.
    const prior = [0.005, 0.005, 0.003];
    const batch = batchCovariance(models, perInput, prior);
    const scale = Math.max(...symmetricEigenvalues3(batch));
    const estimated = whitenedBy(staticRun(models, perInput, new SeededRandom(7), "estimated", prior).P, batch);
    // The optimal filter of a linear problem is its batch solution: equal in every direction (to linearisation).
    expect(Math.min(...symmetricEigenvalues3(estimated))).toBeGreaterThan(0.97);
    expect(Math.max(...symmetricEigenvalues3(estimated))).toBeLessThan(1.03);
    const { P } = staticRun(models, perInput, new SeededRandom(7), "considered", prior);
    const difference = P.map((v, i) => v - (batch[i] ?? NaN));
    // P - batch is positive semi-definite (to rounding): the filter claims no more than the data hold.
    expect(Math.min(...symmetricEigenvalues3(difference))).toBeGreaterThan(-1e-3 * scale);
    // And it is not much more: in every direction of the batch's ellipsoid, at most 25 % more variance.
    expect(Math.max(...symmetricEigenvalues3(whitenedBy(P, batch)))).toBeLessThan(1.25);
  });

  it("a filter with no biases given behaves as before: a reading without an input index ignores them", () => {
    const models = CASES[0][1];
    const withInputs = new PoseEkf(map, { ...STATIC, rangeBiases: models.map((m) => m.noise) });
    const without = new PoseEkf(map, STATIC);
    for (const ekf of [withInputs, without]) ekf.initialize(0, TRUTH, [1e-4, 0, 0, 0, 1e-4, 0, 0, 0, 1e-4], { vx: 0, vy: 0, yawRate: 0 }, 1e-9);
    const rng = new SeededRandom(3);
    for (let k = 1; k <= 20; k++) {
      for (const mount of MOUNTS) {
        const m: RangeMeasurement = { mount, range: referenceRange(map.spec, TRUTH, mount) + rng.gaussian(0, 0.01), sigma: 0.01, minRange: 0.05, maxRange: 12 };
        withInputs.updateRange(k * 0.01, m);
        without.updateRange(k * 0.01, m);
      }
    }
    expect(withInputs.state()).toEqual(without.state());
    expect(withInputs.covariance()).toEqual(without.covariance());
  });

  it.each([
    ["an index past the inputs given", 4],
    ["a negative index", -1],
    ["a fraction", 0.5],
  ])("a reading of an unknown input (%s) is refused, naming it", (_what, input) => {
    const ekf = new PoseEkf(map, { rangeBiases: CASES[0][1].map((m) => m.noise) });
    ekf.initialize(0, TRUTH, [1e-4, 0, 0, 0, 1e-4, 0, 0, 0, 1e-4]);
    const before = ekf.covariance();
    const mount = MOUNTS[0] ?? { x: 0, y: 0, z: 0.05, yaw: 0 };
    const r = ekf.updateRange(0.01, { mount, range: referenceRange(map.spec, TRUTH, mount), sigma: 0.01, minRange: 0.05, maxRange: 12, input });
    expect(r.accepted).toBe(false);
    if (!r.accepted) {
      expect(r.reason).toBe("unknown_input");
      expect(r.message).toContain(String(input));
    }
    expect(ekf.covariance()).toEqual(before);
  });

  it.each([
    [{ sigma: 0.01, systematicSigma: -0.001 }],
    [{ sigma: 0.01, systematicSigma: Number.NaN }],
    [{ sigma: 0.01, relativeSigma: 1.5 }],
    [{ sigma: 0.01, relativeBeyond: -1 }],
  ])("a bias model %p is refused with its values", (noise: RangeNoiseModel) => {
    expect(() => new PoseEkf(map, { rangeBiases: [noise] })).toThrow(/rangeBiases\[0\]/);
  });
});

/** B^-1/2 A B^-1/2 for symmetric positive definite 3x3 B, via B's Cholesky factor: its eigenvalues are those of B^-1 A. */
function whitenedBy(A: Float64Array, B: Float64Array): Float64Array {
  const l = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = B[i * 3 + j] ?? NaN;
      for (let k = 0; k < j; k++) sum -= (l[i * 3 + k] ?? NaN) * (l[j * 3 + k] ?? NaN);
      l[i * 3 + j] = i === j ? Math.sqrt(sum) : sum / (l[j * 3 + j] ?? NaN);
    }
  }
  const lInverse = invert(l, 3);
  if (lInverse === undefined) throw new Error("singular Cholesky factor");
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let sum = 0;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) sum += (lInverse[i * 3 + a] ?? NaN) * (A[a * 3 + b] ?? NaN) * (lInverse[j * 3 + b] ?? NaN);
      out[i * 3 + j] = sum;
    }
  }
  return out;
}
