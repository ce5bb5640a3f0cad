import { levenbergMarquardt, type LeastSquaresProblem } from "../../../src/core/calibration/levenbergMarquardt";
import { SeededRandom } from "../../../src/core/random/SeededRandom";

/** y = a + b x at these x, with Gaussian noise of sigma 1 from `seed`. */
function noisyLine(a: number, b: number, seed: number): { xs: number[]; ys: number[] } {
  const random = new SeededRandom(seed);
  const xs = Array.from({ length: 12 }, (_, i) => 0.5 * i);
  return { xs, ys: xs.map((x) => a + b * x + random.gaussian()) };
}

/** The line fit in closed form (the textbook sums): intercept, slope and their standard errors for unit sigma. */
function closedFormLine(xs: readonly number[], ys: readonly number[]): { a: number; b: number; seA: number; seB: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const sxy = xs.reduce((s, x, i) => s + (x - mx) * ((ys[i] ?? NaN) - my), 0);
  const b = sxy / sxx;
  return { a: my - b * mx, b, seA: Math.sqrt(1 / n + (mx * mx) / sxx), seB: Math.sqrt(1 / sxx) };
}

function lineProblem(xs: readonly number[], ys: readonly number[]): LeastSquaresProblem<number> {
  return {
    evaluate: ([a = NaN, b = NaN]) => ({ vector: xs.map((x, i) => a + b * x - (ys[i] ?? NaN)), detail: a + b }),
    feasible: () => true,
    steps: [1e-6, 1e-6],
  };
}

describe("levenbergMarquardt", () => {
  it.each([
    { a: 2, b: -0.7, seed: 1 },
    { a: -30, b: 12, seed: 2 },
    { a: 0.001, b: 0.002, seed: 3 },
  ])("a noisy line y = $a + $b x: the closed-form fit and its standard errors", ({ a, b, seed }) => {
    const { xs, ys } = noisyLine(a, b, seed);
    const reference = closedFormLine(xs, ys);
    const solution = levenbergMarquardt(lineProblem(xs, ys), [0, 0], 50);
    expect(solution.converged).toBe(true);
    expect(solution.params[0]).toBeCloseTo(reference.a, 5);
    expect(solution.params[1]).toBeCloseTo(reference.b, 5);
    const [seA, seB] = solution.standardErrors(1);
    expect(seA).toBeCloseTo(reference.seA, 4);
    expect(seB).toBeCloseTo(reference.seB, 4);
    expect(solution.detail).toBeCloseTo(reference.a + reference.b, 5);
  });

  it("a nonlinear decay y = c exp(-k t) from exact data comes back to its parameters", () => {
    const ts = [0, 0.5, 1, 1.5, 2, 3, 4];
    const ys = ts.map((t) => 3 * Math.exp(-0.8 * t));
    const solution = levenbergMarquardt(
      { evaluate: ([c = NaN, k = NaN]) => ({ vector: ts.map((t, i) => c * Math.exp(-k * t) - (ys[i] ?? NaN)), detail: undefined }), feasible: () => true, steps: [1e-7, 1e-7] },
      [1, 0.1],
      100,
    );
    expect(solution.params[0]).toBeCloseTo(3, 5);
    expect(solution.params[1]).toBeCloseTo(0.8, 5);
    expect(solution.cost).toBeLessThan(1e-10);
  });

  it("never steps outside the feasible set: the minimum of (p - 1)^2 over p > 2 is at the bound", () => {
    const solution = levenbergMarquardt({ evaluate: ([p = NaN]) => ({ vector: [p - 1], detail: p }), feasible: ([p = NaN]) => p > 2, steps: [1e-6] }, [5], 200);
    expect(solution.params[0]).toBeGreaterThan(2);
    expect(solution.params[0]).toBeLessThan(2.01);
  });

  it.each([
    ["an infeasible start", { evaluate: () => ({ vector: [1], detail: 0 }), feasible: (): boolean => false, steps: [1e-6] }, [1], /the start \[1\] is not feasible/],
    ["a missing step", { evaluate: () => ({ vector: [1], detail: 0 }), feasible: (): boolean => true, steps: [] }, [1], /1 parameters, 0 steps/],
  ] as const)("refuses %s", (_name, problem, start, message) => {
    expect(() => levenbergMarquardt(problem, start, 10)).toThrow(message);
  });

  it("says so when J^T J is singular: a parameter the residuals do not depend on", () => {
    const solution = levenbergMarquardt({ evaluate: ([a = NaN]) => ({ vector: [a - 1, a + 1], detail: 0 }), feasible: () => true, steps: [1e-6, 1e-6] }, [0, 0], 20);
    expect(solution.standardErrors(1)).toEqual([Infinity, Infinity]);
  });
});
