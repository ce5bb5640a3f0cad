import { MAX_SYSTEMATIC_SHARE, rangeSigma, systematicShare } from "../../../src/core/estimation/rangeSigma";

describe("systematicShare", () => {
  it.each([
    // sigma, systematic, relative, beyond, range, expected share (by hand: (sys^2 + rel^2) / (sigma^2 + rel^2))
    [0.012, 0, 0, 0, 5, 0],
    [0.012, 0.0104, 0, 0, 5, 0.0104 ** 2 / 0.012 ** 2],
    [0.012, 0.0104, 0.002, 0, 5, (0.0104 ** 2 + 0.01 ** 2) / (0.012 ** 2 + 0.01 ** 2)],
    [0.03, 0, 0.01, 6, 4, 0],
    [0.03, 0, 0.01, 6, 10, 0.1 ** 2 / (0.03 ** 2 + 0.1 ** 2)],
    [0.01, 0.01, 0, 0, 5, MAX_SYSTEMATIC_SHARE],
  ])("sigma %p, systematic %p, relative %p beyond %p m, at %p m: %p", (sigma, systematicSigma, relativeSigma, relativeBeyond, range, expected) => {
    const model = { sigma, systematicSigma, relativeSigma, relativeBeyond };
    expect(systematicShare(range, model)).toBeCloseTo(expected, 12);
    // The share is of the variance rangeSigma reports: below the cap it is that variance's systematic part exactly.
    const total = rangeSigma(range, model) ** 2;
    const relative = range > relativeBeyond ? relativeSigma * range : 0;
    const systematic = systematicSigma ** 2 + relative ** 2;
    expect(systematicShare(range, model) * total).toBeCloseTo(Math.min(systematic, MAX_SYSTEMATIC_SHARE * total), 12);
    expect(systematicShare(range, model) * total).toBeLessThanOrEqual(total);
  });
});
