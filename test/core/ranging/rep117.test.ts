import { classifyRange, isPublishableRange, isValidRange, toRep117 } from "../../../src/core/ranging/rep117";

const NaN_ = Number.NaN;
const INF = Number.POSITIVE_INFINITY;

describe("REP-117 classification", () => {
  it.each([
    [1, 0.1, 10, "valid"],
    [0.1, 0.1, 10, "valid"],
    [10, 0.1, 10, "valid"],
    [0.05, 0.1, 10, "below_min"],
    [10.001, 0.1, 10, "above_max"],
    [NaN_, 0.1, 10, "invalid"],
    [-INF, 0.1, 10, "too_close"],
    [INF, 0.1, 10, "no_return"],
    [1, 5, 2, "invalid"],
  ])("classifyRange(%p, %p, %p) = %p", (r, min, max, expected) => {
    expect(classifyRange(r, min, max)).toBe(expected);
    expect(isValidRange(r, min, max)).toBe(expected === "valid");
  });

  it.each([
    [1, "number", 1],
    [0.05, "number", -INF],
    [11, "number", INF],
    [NaN_, "number", NaN_],
    [-INF, "number", -INF],
    [INF, "number", INF],
    [0, "invalid", NaN_],
    [0, "no_return", INF],
    [0, "too_close", -INF],
    [0, "number", -INF],
  ] as const)("toRep117(%p, zero=%p) = %p", (r, zero, expected) => {
    const out = toRep117(r, 0.1, 10, zero);
    expect(Object.is(out, expected) || (Number.isNaN(out) && Number.isNaN(expected))).toBe(true);
    expect(isPublishableRange(out, 0.1, 10)).toBe(true);
  });

  it("makes every reading invalid when min > max", () => {
    expect(toRep117(3, 5, 2)).toBeNaN();
  });
});
