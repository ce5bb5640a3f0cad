import { compareCodeUnits } from "../../src/core/compareCodeUnits";

describe("compareCodeUnits", () => {
  it.each([
    { names: ["/scan", "/diagnostics", "/tf_static", "/tf"], sorted: ["/diagnostics", "/scan", "/tf", "/tf_static"] },
    // Upper case before lower case and '_' between them, as bytes order them (localeCompare would mix the cases).
    { names: ["b", "a", "B", "_x", "A"], sorted: ["A", "B", "_x", "a", "b"] },
    { names: ["ranging/left", "", "ranging"], sorted: ["", "ranging", "ranging/left"] },
  ])("orders $names by code unit", ({ names, sorted }) => {
    expect([...names].sort(compareCodeUnits)).toEqual(sorted);
  });
});
