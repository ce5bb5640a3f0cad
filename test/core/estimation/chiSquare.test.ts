import { chiSquareQuantile, Z_99 } from "../../../src/core/estimation/chiSquare";

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
