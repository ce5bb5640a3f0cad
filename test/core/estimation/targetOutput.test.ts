import { defaultCourtMap } from "../../../src/core/court/courtSchema";
import { SeededRandom } from "../../../src/core/random/SeededRandom";
import { STATE_SIZE } from "../../../src/core/estimation/stateLayout";
import {
  covarianceEllipse,
  isCovarianceStale,
  isStale,
  markCovarianceStale,
  targetRelativeToLauncher,
  type LauncherMount,
} from "../../../src/core/estimation/targetOutput";

const map = defaultCourtMap(); // hoop at (5.925, 0), rim 2.43 m
const fresh = { now: 1, lastCorrectionTime: 1, staleTimeout: 0.5 };
const launcher: LauncherMount = { x: 0.1, y: 0, z: 0.8, yaw: 0 };

function diagonal(values: number[]): Float64Array {
  const P = new Float64Array(STATE_SIZE * STATE_SIZE);
  values.forEach((v, i) => (P[i * STATE_SIZE + i] = v));
  return P;
}

describe("target relative to the launcher: hand-computed geometry", () => {
  it.each([
    // state, expected position (x, y) in launcher axes, relative velocity (x, y)
    ["robot on the axis facing the hoop", [0, 0, 0, 0, 0, 0], [5.825, 0], [0, 0]],
    ["robot beside the hoop facing +y", [5.925, -3, Math.PI / 2, 1, 0, 0], [2.9, 0], [-1, 0]],
    ["robot facing away", [0, 0, Math.PI, 0, 0.5, 0], [-6.025, 0], [0, -0.5]],
    ["turning in place: the launcher 0.1 m ahead of the centre moves sideways", [0, 0, 0, 0, 0, 1], [5.825, 0], [0, -0.1]],
  ])("%s", (_what, state, position, velocity) => {
    const t = targetRelativeToLauncher(map, launcher, Float64Array.from(state), diagonal([1e-4, 1e-4, 1e-4, 1e-2, 1e-2, 1e-2]), fresh);
    expect(t.position[0]).toBeCloseTo(position[0] ?? 0, 10);
    expect(t.position[1]).toBeCloseTo(position[1] ?? 0, 10);
    expect(t.position[2]).toBeCloseTo(2.43 - 0.8, 12);
    expect(t.horizontalDistance).toBeCloseTo(Math.hypot(position[0] ?? 0, position[1] ?? 0), 10);
    expect(t.velocity[0]).toBeCloseTo(velocity[0] ?? 0, 10);
    expect(t.velocity[1]).toBeCloseTo(velocity[1] ?? 0, 10);
  });

  it("distance sigma: with 1 cm along the line of sight and none across, it is 1 cm", () => {
    const t = targetRelativeToLauncher(map, { ...launcher, x: 0 }, Float64Array.of(0, 0, 0, 0, 0, 0), diagonal([1e-4, 0, 0, 0, 0, 0]), fresh);
    expect(t.horizontalDistanceSigma).toBeCloseTo(0.01, 12);
    expect(t.bearingSigma).toBeCloseTo(0, 12);
  });

  it("position and velocity covariances match numeric propagation", () => {
    const rng = new SeededRandom(8);
    const state = Float64Array.of(1, -1.5, 0.4, 0.8, -0.2, 0.3, 0.01);
    const mount = { x: 0.15, y: -0.1, z: 0.9, yaw: 0.2 };
    const N = STATE_SIZE;
    // A random positive definite covariance: A A^T.
    const A = Array.from({ length: N * N }, () => rng.gaussian(0, 0.05));
    const P = new Float64Array(N * N);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) for (let k = 0; k < N; k++) P[i * N + j] = (P[i * N + j] ?? 0) + (A[i * N + k] ?? 0) * (A[j * N + k] ?? 0);
    const f = (s: Float64Array): number[] => {
      const t = targetRelativeToLauncher(map, mount, s, P, fresh);
      return [t.position[0], t.position[1], t.velocity[0], t.velocity[1]];
    };
    const h = 1e-6;
    const J = [0, 1, 2, 3].map((row) =>
      Array.from({ length: N }, (_, col) => {
        const plus = Float64Array.from(state);
        const minus = Float64Array.from(state);
        plus[col] = (plus[col] ?? 0) + h;
        minus[col] = (minus[col] ?? 0) - h;
        return ((f(plus)[row] ?? 0) - (f(minus)[row] ?? 0)) / (2 * h);
      }),
    );
    const propagated = (r: number, c: number): number => {
      let sum = 0;
      for (let k = 0; k < N; k++) for (let l = 0; l < N; l++) sum += (J[r]?.[k] ?? 0) * (P[k * N + l] ?? 0) * (J[c]?.[l] ?? 0);
      return sum;
    };
    const t = targetRelativeToLauncher(map, mount, state, P, fresh);
    expect(t.positionCovariance[0]).toBeCloseTo(propagated(0, 0), 8);
    expect(t.positionCovariance[1]).toBeCloseTo(propagated(0, 1), 8);
    expect(t.positionCovariance[4]).toBeCloseTo(propagated(1, 1), 8);
    expect(t.velocityCovariance[0]).toBeCloseTo(propagated(2, 2), 8);
    expect(t.velocityCovariance[1]).toBeCloseTo(propagated(2, 3), 8);
    expect(t.velocityCovariance[4]).toBeCloseTo(propagated(3, 3), 8);
  });
});

describe("staleness", () => {
  it.each([
    [1.0, 1.0, 0.5, false],
    [1.5, 1.0, 0.5, false],
    [1.5001, 1.0, 0.5, true],
    [10, -Infinity, 0.5, true],
    [Number.NaN, 1.0, 0.5, true],
  ])("now %p, last correction %p, timeout %p: stale %p", (now, last, timeout, stale) => {
    expect(isStale(now, last, timeout)).toBe(stale);
  });

  it("the stale covariance convention: element 0 is -1, the rest kept, and consumers detect it", () => {
    const cov = Array.from({ length: 36 }, (_, i) => (i % 7 === 0 ? 0.01 : 0));
    const marked = markCovarianceStale(cov);
    expect(marked[0]).toBe(-1);
    expect(marked.slice(1)).toEqual(cov.slice(1));
    expect([isCovarianceStale(cov), isCovarianceStale(marked), isCovarianceStale([Number.NaN])]).toEqual([false, true, true]);
  });

  it.each([
    [[4, 0, 0, 1], 2, 1, 0],
    [[1, 0, 0, 4], 2, 1, Math.PI / 2],
  ])("ellipse of %p at 1 - exp(-1/2) (the 1-sigma contour) has half-axes %p, %p", (cov, a, b, angle) => {
    const e = covarianceEllipse(cov, 1 - Math.exp(-0.5));
    expect(e.semiMajor).toBeCloseTo(a, 10);
    expect(e.semiMinor).toBeCloseTo(b, 10);
    expect(e.angle).toBeCloseTo(angle, 10);
  });
});
