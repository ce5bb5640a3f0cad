import { allowedColumn, parameterTableMarkdown } from "../../src/cli/params";
import type { ParameterDescriptor } from "../../src/runtime/parameters";

describe("robocon-shooter params: the README table's allowed column", () => {
  it.each<[string, ParameterDescriptor, string]>([
    // No unit: the bounds must not be mistaken for one (they were cut to a bare "in").
    ["dimensionless bounds", { type: "integer", min: 1, max: 101, unit: "1", description: "" }, "in [1, 101]"],
    ["bounds with a unit", { type: "double", min: 0, max: 1, unit: "m", description: "" }, "in [0, 1]"],
    ["a lower bound only", { type: "double", min: 0.05, unit: "s", description: "" }, ">= 0.05"],
    ["an upper bound only", { type: "double", max: 3, unit: "", description: "" }, "<= 3"],
    ["choices", { type: "string", choices: ["nan", "+inf"], unit: "", description: "" }, "one of nan | +inf"],
    ["an array's bounds and length", { type: "double_array", min: 0, max: 1, length: 6, unit: "state^2", description: "" }, "in [0, 1] of length 6"],
    ["an array's length range", { type: "string_array", length: [1, 3], unit: "", description: "" }, "of length 1..3"],
    ["nothing", { type: "bool", unit: "", description: "" }, "any"],
  ])("%s", (_what, descriptor, expected) => {
    expect(allowedColumn(descriptor)).toBe(expected);
  });

  it("shows laser_ranging's median_window bounds", () => {
    expect(parameterTableMarkdown()).toContain("| `median_window` | integer | 1 | 1 | in [1, 101] |");
  });

  it("leaves no allowed cell as a bare 'in'", () => {
    const allowedCells = parameterTableMarkdown()
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) => line.split(" | ")[4]);
    expect(allowedCells.length).toBeGreaterThan(50);
    expect(allowedCells.filter((cell) => cell === "in")).toEqual([]);
  });
});
