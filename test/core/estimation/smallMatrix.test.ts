import { identity, invert, multiply } from "../../../src/core/estimation/smallMatrix";

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
