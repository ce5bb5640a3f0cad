import { eigs } from "mathjs";
import { identity, invert, multiply, multiplyTransposed, symmetricEigenvalues3 } from "../../../src/core/estimation/smallMatrix";
import { SeededRandom } from "../../../src/core/random/SeededRandom";

describe("invert", () => {
  it.each([
    [1, [4]],
    [2, [4, 1, 1, 3]],
    [3, [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2]],
  ])("inverts an SPD matrix of size %i into the given buffer, A untouched", (n, values) => {
    const a = Float64Array.from(values);
    // Buffers sized for the largest case, as the filter's scratch is: only the first n x n are used.
    const out = new Float64Array(9).fill(7);
    const work = new Float64Array(9).fill(7);
    const inverse = invert(a, n, out, work);
    expect(inverse).toBe(out);
    const product = multiply(a, out.subarray(0, n * n), n, n, n);
    identity(n).forEach((v, i) => expect(product[i]).toBeCloseTo(v, 12));
    expect(Array.from(a)).toEqual(values);
  });

  it("reuses its buffers: a second inverse does not depend on what the first left in them", () => {
    const out = new Float64Array(4);
    const work = new Float64Array(4);
    invert(Float64Array.of(4, 1, 1, 3), 2, out, work);
    expect(Array.from(invert(Float64Array.of(2, 0.5, 0.5, 5), 2, out, work) ?? [])).toEqual(Array.from(invert(Float64Array.of(2, 0.5, 0.5, 5), 2) ?? []));
  });

  it.each([
    ["a zero 1 x 1", 1, [0]],
    ["a subnormal 1 x 1", 1, [1e-310]],
    ["a non-finite 1 x 1", 1, [Number.NaN]],
    ["a rank-1 2 x 2", 2, [1, 2, 2, 4]],
  ])("refuses %s as singular", (_name, n, values) => {
    expect(invert(Float64Array.from(values), n, new Float64Array(9), new Float64Array(9))).toBeUndefined();
  });
});

describe("symmetricEigenvalues3", () => {
  const rng = new SeededRandom(5);
  const randomSymmetric = (scale: readonly number[]): number[] => {
    // Q diag(scale) Q^T with a random rotation Q: eigenvalues known by construction.
    const a = rng.uniform() * Math.PI;
    const b = rng.uniform() * Math.PI;
    const c = rng.uniform() * Math.PI;
    const rz = [Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1];
    const ry = [Math.cos(b), 0, Math.sin(b), 0, 1, 0, -Math.sin(b), 0, Math.cos(b)];
    const rx = [1, 0, 0, 0, Math.cos(c), -Math.sin(c), 0, Math.sin(c), Math.cos(c)];
    const q = multiply(multiply(Float64Array.from(rz), Float64Array.from(ry), 3, 3, 3), Float64Array.from(rx), 3, 3, 3);
    const d = Float64Array.from([scale[0] ?? 0, 0, 0, 0, scale[1] ?? 0, 0, 0, 0, scale[2] ?? 0]);
    return Array.from(multiplyTransposed(multiply(q, d, 3, 3, 3), q, 3, 3, 3));
  };

  it.each([
    [[1, 2, 3]],
    [[40000, 40000, 1e-6]],
    [[0, 0, 5]],
    [[-2, 1, 7]],
    [[3, 3, 3]],
  ])("recovers the eigenvalues %p of a rotated diagonal matrix (and agrees with mathjs)", (scale) => {
    const m = randomSymmetric(scale);
    const values = symmetricEigenvalues3(m);
    const expected = [...scale].sort((x, y) => x - y);
    const largest = Math.max(...scale.map(Math.abs), 1);
    // The closed form loses digits on the small end of an ill-conditioned matrix: good to 1e-8 of
    // the largest, ample for the start search's smallest-information test (a limit of 400 against 4e4).
    values.forEach((v, i) => expect(Math.abs(v - (expected[i] ?? 0))).toBeLessThan(1e-8 * largest));
    const fromMathjs = (eigs([m.slice(0, 3), m.slice(3, 6), m.slice(6, 9)]).values as number[]).slice().sort((x, y) => x - y);
    values.forEach((v, i) => expect(Math.abs(v - (fromMathjs[i] ?? 0))).toBeLessThan(1e-8 * largest));
  });
});
