import { percentile } from "../../src/bench/figure";
import { allocationPerStep, growthAfterWarmupPercent } from "../../src/bench/soakStatistics";

describe("percentile (nearest rank)", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 .. 1, reversed on purpose
  it.each<[string, readonly number[], number, number]>([
    ["p50 of 1..100 is the 50th value", hundred, 50, 50],
    ["p99 of 1..100 is the 99th value", hundred, 99, 99],
    ["p100 is the maximum", hundred, 100, 100],
    ["p0 is the minimum", hundred, 0, 1],
    ["p99 of 10 values is the largest (rank ceil(9.9) = 10)", [5, 1, 4, 2, 3, 10, 9, 8, 7, 6], 99, 10],
    ["p50 of 4 values is the 2nd", [40, 10, 30, 20], 50, 20],
    ["one value is every percentile", [7], 99, 7],
  ])("%s", (_, values, percent, expected) => {
    expect(percentile(values, percent)).toBe(expected);
  });

  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });

  it.each<[string, readonly number[], number, RegExp]>([
    ["an empty sample", [], 50, /empty/],
    ["a percentile above 100", [1], 101, /101/],
    ["a negative percentile", [1], -1, /-1/],
    ["NaN", [1], Number.NaN, /NaN/],
  ])("rejects %s", (_, values, percent, message) => {
    expect(() => percentile(values, percent)).toThrow(message);
  });
});

describe("growth after warm-up", () => {
  const flat = (n: number, v: number): number[] => Array.from({ length: n }, () => v);
  it.each<[string, readonly number[], number]>([
    // 20 samples: warm-up 0-1, early window 2-3, late window 18-19.
    ["flat after a large warm-up", [500, 300, ...flat(18, 100)], 0],
    ["a linear climb 100 -> 119: windows' medians 102.5 and 118.5", Array.from({ length: 20 }, (_, i) => 100 + i), ((118.5 - 102.5) / 102.5) * 100],
    ["a drop counts negative", [...flat(10, 200), ...flat(10, 100)], -50],
    ["only the windows' medians count, not a spike in between", [...flat(9, 100), 1e6, ...flat(10, 100)], 0],
  ])("%s", (_, series, expected) => {
    expect(growthAfterWarmupPercent(series)).toBeCloseTo(expected, 10);
  });

  it("needs 10 samples", () => {
    expect(() => growthAfterWarmupPercent([1, 2, 3])).toThrow(/at least 10 samples, got 3/);
  });
});

describe("allocation per step", () => {
  it.each<[string, { before: number; after: number }[], number, number | undefined]>([
    ["the mean increase, less the reading cost", [{ before: 0, after: 100 }, { before: 100, after: 300 }], 10, 140],
    ["a step whose heap shrank (a collection) is left out", [{ before: 0, after: 100 }, { before: 5000, after: 200 }, { before: 200, after: 300 }], 0, 100],
    ["no increase, no allocation", [{ before: 50, after: 50 }], 0, 0],
    ["never below zero", [{ before: 50, after: 51 }], 10, 0],
    ["every step collected: unknown", [{ before: 100, after: 0 }], 0, undefined],
  ])("%s", (_, steps, readingCost, expected) => {
    expect(allocationPerStep(steps, readingCost)).toBe(expected);
  });
});
