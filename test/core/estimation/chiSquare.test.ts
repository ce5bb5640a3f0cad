import { erf } from "mathjs";
import { chiSquareCdf, chiSquareQuantile, chiSquareSurvival, truncatedChiSquareMoments, Z_99 } from "../../../src/core/estimation/chiSquare";
import { SeededRandom } from "../../../src/core/random/SeededRandom";

describe("chiSquareQuantile (Wilson-Hilferty)", () => {
  // Tabulated chi-square quantiles (NIST/SEMATECH e-Handbook, table 1.3.6.7.4).
  it.each([
    [Z_99, 1, 6.635],
    [Z_99, 3, 11.345],
    [Z_99, 10, 23.209],
    [Z_99, 100, 135.807],
    [1.959964, 4, 11.143],
    [-1.959964, 100, 74.222],
  ])("at z = %p with %p dof is within 1 %% of the table's %p", (z, k, tabulated) => {
    expect(Math.abs(chiSquareQuantile(z, k) / tabulated - 1)).toBeLessThan(0.01);
  });

  it.each([
    [Z_99, 0],
    [Z_99, -1],
    [Number.NaN, 3],
  ])("rejects z = %p, k = %p with the values in the message", (z, k) => {
    expect(() => chiSquareQuantile(z, k)).toThrow(`chiSquareQuantile needs k > 0 and a finite z, got k=${k}, z=${z}`);
  });
});

/** The chi-square pdf with k dof integrated by the midpoint rule in tiny steps: the reference. */
function integratedCdf(x: number, k: number, steps = 200000): number {
  const logNorm = -(k / 2) * Math.log(2) - logGamma(k / 2);
  let sum = 0;
  const h = x / steps;
  for (let i = 0; i < steps; i++) {
    const t = (i + 0.5) * h;
    sum += Math.exp(logNorm + (k / 2 - 1) * Math.log(t) - t / 2) * h;
  }
  return sum;
}

/** ln Gamma(a) for a a multiple of 1/2, by its recurrence from Gamma(1/2) = sqrt(pi) and Gamma(1) = 1. */
function logGamma(a: number): number {
  let value = Number.isInteger(a) ? 0 : 0.5 * Math.log(Math.PI);
  for (let b = Number.isInteger(a) ? 1 : 0.5; b < a; b++) value += Math.log(b);
  return value;
}

describe("chiSquareCdf", () => {
  it.each([
    [6.635, 1],
    [0.5, 1],
    [9.21, 2],
    [11.345, 3],
    [2, 4],
    [15, 5],
    [3, 7],
    [40, 30],
  ])("at x = %p with %p dof matches the integrated pdf to 1e-5", (x, k) => {
    // The odd-dof pdf is singular at 0 for k = 1: the midpoint rule's error there is about 1e-5.
    expect(Math.abs(chiSquareCdf(x, k) - integratedCdf(x, k))).toBeLessThan(k === 1 ? 2e-3 : 1e-5);
  });

  it("is 0.99 at the tabulated 99 % quantiles", () => {
    expect(chiSquareCdf(6.635, 1)).toBeCloseTo(0.99, 3);
    expect(chiSquareCdf(9.21, 2)).toBeCloseTo(0.99, 3);
    expect(chiSquareCdf(23.209, 10)).toBeCloseTo(0.99, 3);
  });

  it("rejects a non-integer dof", () => {
    expect(() => chiSquareCdf(1, 1.5)).toThrow("chiSquareCdf needs an integer k >= 1, got 1.5");
  });
});

describe("truncatedChiSquareMoments", () => {
  it.each([
    [1, 6.63],
    [2, 9.21],
    [1, 1],
  ])("match seeded samples of chi-square (%p dof) kept below the gate %p", (k, gate) => {
    const rng = new SeededRandom(17);
    const kept: number[] = [];
    while (kept.length < 200000) {
      let x = 0;
      for (let i = 0; i < k; i++) x += rng.gaussian() ** 2;
      if (x < gate) kept.push(x);
    }
    const mean = kept.reduce((a, b) => a + b, 0) / kept.length;
    const variance = kept.reduce((a, b) => a + (b - mean) ** 2, 0) / kept.length;
    const moments = truncatedChiSquareMoments(k, gate);
    expect(Math.abs(moments.mean - mean)).toBeLessThan(0.01);
    expect(Math.abs(moments.variance / variance - 1)).toBeLessThan(0.02);
  });

  it("without a gate worth the name they are chi-square's own: k and 2k", () => {
    const moments = truncatedChiSquareMoments(3, 1e3);
    expect(moments.mean).toBeCloseTo(3, 6);
    expect(moments.variance).toBeCloseTo(6, 4);
  });
});

/**
 * Chi-square's upper tail in closed form, the independent reference: k = 1 through the error
 * function, P(X >= x) = 1 - erf(sqrt(x / 2)); even k as the Poisson sum e^(-x/2) sum_{i < k/2} (x/2)^i / i!.
 */
function closedFormSurvival(x: number, k: number): number {
  if (k === 1) return 1 - erf(Math.sqrt(x / 2));
  if (k % 2 !== 0) throw new Error(`closed form only for k = 1 or even k, got ${k}`);
  let term = Math.exp(-x / 2);
  let sum = term;
  for (let i = 1; i < k / 2; i++) {
    term *= x / 2 / i;
    sum += term;
  }
  return sum;
}

describe("chiSquareSurvival (the goodness-of-fit p-value)", () => {
  // Tabulated 95 % and 99 % quantiles (NIST/SEMATECH e-Handbook, table 1.3.6.7.4): P(X >= q) = 0.05 or 0.01.
  it.each([
    [3.841, 1, 0.05],
    [6.635, 1, 0.01],
    [5.991, 2, 0.05],
    [11.07, 5, 0.05],
    [16.919, 9, 0.05],
    [18.307, 10, 0.05],
    [23.209, 10, 0.01],
    [124.342, 100, 0.05],
  ])("at the tabulated quantile %p with %p dof is %p", (x, k, tail) => {
    expect(chiSquareSurvival(x, k)).toBeCloseTo(tail, 4);
  });

  it.each([
    [0.5, 1],
    [3, 1],
    [10, 1],
    [0.1, 2],
    [2, 2],
    [7, 4],
    [18.307, 10],
    [1.5, 10],
    [60, 40],
    [419.7, 10],
    [900, 2],
  ])("at x = %p with %p dof matches the closed form to 1e-10 relative", (x, k) => {
    // 1e-10: mathjs' log-gamma and, for k = 1, 1 - erf's own rounding leave a few 1e-12.
    const reference = closedFormSurvival(x, k);
    expect(Math.abs(chiSquareSurvival(x, k) / reference - 1)).toBeLessThan(1e-10);
  });

  it.each([
    [0.5, 3],
    [11.345, 3],
    [15, 5],
    [40, 30],
  ])("is 1 - chiSquareCdf at x = %p with %p dof (odd dof, the recurrence's reference)", (x, k) => {
    expect(chiSquareSurvival(x, k)).toBeCloseTo(1 - chiSquareCdf(x, k), 6);
  });

  it("keeps the digits of a tiny tail: 419.7 with 9 dof (a 10-shot fit of the wrong robot) is about 1e-84, not 0", () => {
    const p = chiSquareSurvival(419.7, 9);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-80);
    // Between its even neighbours' closed forms: the tail grows with the dof at a fixed x.
    expect(p).toBeGreaterThan(closedFormSurvival(419.7, 8));
    expect(p).toBeLessThan(closedFormSurvival(419.7, 10));
  });

  it.each([
    [0, 3, 1],
    [-1, 3, 1],
    [Infinity, 3, 0],
  ])("at x = %p with %p dof is %p", (x, k, expected) => {
    expect(chiSquareSurvival(x, k)).toBe(expected);
  });

  it.each([[0], [-2], [Number.NaN], [Infinity]])("rejects %p degrees of freedom with the value", (k) => {
    expect(() => chiSquareSurvival(1, k)).toThrow(`chiSquareSurvival needs k > 0 degrees of freedom, got ${k}`);
  });
});
