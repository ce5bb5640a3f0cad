import { closestNames, didYouMean, editDistance } from "../../src/core/parameters/didYouMean";

describe("editDistance (optimal string alignment)", () => {
  // Distances worked out by hand: each edit counted.
  it.each<[string, string, number]>([
    ["", "", 0],
    ["", "abc", 3],
    ["kitten", "sitting", 3], // k->s, e->i, +g
    ["radius", "raduis", 1], // one swap of neighbours
    ["launcher_controll", "launcher_control", 1], // one deletion
    ["ca", "abc", 3], // OSA does not edit a swapped pair again (true Damerau would give 2)
    ["median_window", "medain_window", 1],
    ["abc", "abc", 0],
  ])("%j -> %j: %i", (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe("closestNames / didYouMean", () => {
  const nodes = ["laser_ranging", "target_estimation", "launcher_control"];
  it.each<[string, readonly string[], string[]]>([
    ["launcher_controll", nodes, ["launcher_control"]],
    ["lazer_ranging", nodes, ["laser_ranging"]],
    ["target_estimator", nodes, ["target_estimation"]],
    // Too far from every name to be a typo of one.
    ["flywheel", nodes, []],
    // Equally close: both, in order.
    ["ab", ["ac", "ad", "xyz"], ["ac", "ad"]],
    // The name itself is not a suggestion.
    ["left", ["left", "lefts"], ["lefts"]],
  ])("%s", (name, candidates, expected) => {
    expect(closestNames(name, candidates)).toEqual(expected);
  });

  it("words the suggestion, or nothing", () => {
    expect(didYouMean("wheel.raduis_m", ["wheel.radius_m", "wheel.efficiency"])).toBe("; did you mean 'wheel.radius_m'?");
    expect(didYouMean("ab", ["ac", "ad"])).toBe("; did you mean 'ac' or 'ad'?");
    expect(didYouMean("flywheel", nodes)).toBe("");
  });
});
