import { at, atFloat64 } from "../../src/core/indexed";

describe("at", () => {
  it.each([
    { name: "a Float64Array", values: Float64Array.from([1.5, -2, 0]), index: 1, expected: -2 },
    { name: "a plain array", values: [3, 4], index: 0, expected: 3 },
    { name: "a stored zero", values: new Float64Array(3), index: 2, expected: 0 },
    { name: "a stored NaN (a value, not a missing one)", values: [Number.NaN], index: 0, expected: Number.NaN },
  ])("reads $name", ({ values, index, expected }) => {
    expect(at(values, index)).toBe(expected);
  });

  it.each([
    { name: "past the end", values: new Float64Array(4), index: 4, message: "index 4 read outside 0..3" },
    { name: "a negative index", values: [1, 2], index: -1, message: "index -1 read outside 0..1" },
    { name: "a fractional index", values: [1, 2], index: 0.5, message: "index 0.5 read outside 0..1" },
    { name: "an empty array", values: [], index: 0, message: "index 0 read outside 0..-1" },
  ])("throws on $name instead of reading 0", ({ values, index, message }) => {
    expect(() => at(values, index)).toThrow(new RangeError(message));
  });
});

describe("atFloat64", () => {
  it.each([
    { name: "a middle entry", values: Float64Array.from([1.5, -2, 0]), index: 1, expected: -2 },
    { name: "a stored zero", values: new Float64Array(3), index: 2, expected: 0 },
    { name: "a stored NaN (a value, not a missing one)", values: Float64Array.of(Number.NaN), index: 0, expected: Number.NaN },
  ])("reads $name", ({ values, index, expected }) => {
    expect(atFloat64(values, index)).toBe(expected);
  });

  it.each([
    { name: "past the end", values: new Float64Array(4), index: 4, message: "index 4 read outside 0..3" },
    { name: "a negative index", values: new Float64Array(2), index: -1, message: "index -1 read outside 0..1" },
    { name: "a fractional index", values: new Float64Array(2), index: 0.5, message: "index 0.5 read outside 0..1" },
  ])("throws on $name instead of reading 0", ({ values, index, message }) => {
    expect(() => atFloat64(values, index)).toThrow(new RangeError(message));
  });
});
