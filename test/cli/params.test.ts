import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { allowedColumn, parameterTableMarkdown, runParamsCheck } from "../../src/cli/params";
import { DEFAULT_COURT_PARAMS, DEFAULT_SHOOTER_PARAMS } from "../../src/package/defaultParams";
import type { ParameterDescriptor } from "../../src/core/parameters/schema";
import { capture } from "./captureIo";

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

describe("robocon-shooter params --check: output and exit code", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "params-cli-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it("passes the shipped files with exit code 0 and says which nodes configured from them", () => {
    const io = capture();
    expect(runParamsCheck([DEFAULT_SHOOTER_PARAMS, DEFAULT_COURT_PARAMS], io)).toBe(0);
    expect(io.stderr).toBe("");
    expect(io.stdout).toBe(`params --check ${DEFAULT_SHOOTER_PARAMS} ${DEFAULT_COURT_PARAMS}: laser_ranging, target_estimation, launcher_control configured; 0 error(s), 0 warning(s)\n`);
  });

  it("prints every error, one a line naming file, node and key, and exits 1", () => {
    const bad = write("two_problems.yaml", "launcher_control:\n  ros__parameters:\n    idle_speed: 5000.0\n    launch:\n      min_angle_rad: 1.3\n      max_angle_rad: 0.9\n");
    const misspelt = write("misspelt_node.yaml", "laser_rangin:\n  ros__parameters:\n    lidar:\n      enabled: false\n");
    const io = capture();
    expect(runParamsCheck([bad, misspelt], io)).toBe(1);
    expect(io.stderr.split("\n").filter((line) => line !== "")).toEqual([
      `error: ${misspelt}:2: node block 'laser_rangin' names no node of robocon_shooter (laser_ranging, target_estimation, launcher_control, sim_world, sim_launcher); did you mean 'laser_ranging'?: its values (lidar.enabled) would reach no node`,
      `error: ${bad}: launcher_control: parameter 'idle_speed' = 5000: above the maximum: allowed double in [0, 2000] [rad/s]`,
      `error: ${bad}: launcher_control: parameter 'launch.min_angle_rad' = 1.3: above 'launch.max_angle_rad' = 0.9: an adjustable hood's range needs min_angle_rad <= max_angle_rad`,
    ]);
    expect(io.stdout).toContain("no node configured; 3 error(s), 0 warning(s): the nodes would refuse these files or lose values from them");
  });

  it("prints warnings but exits 0 when nothing is wrong", () => {
    const file = write("unlisted.yaml", "laser_ranging:\n  ros__parameters:\n    range_sensors:\n      names: [left]\n      left:\n        topic: range/left\n      rear:\n        topic: range/rear\n");
    const io = capture();
    expect(runParamsCheck([file], io)).toBe(0);
    expect(io.stderr).toBe(`warning: ${file}: laser_ranging: block 'range_sensors.rear' is not in 'range_sensors.names' = ["left"]: the node ignores it\n`);
    expect(io.stdout).toContain("laser_ranging configured; 0 error(s), 1 warning(s)");
  });

  it("asks for a file when given none (exit code 2)", () => {
    const io = capture();
    expect(runParamsCheck([], io)).toBe(2);
    expect(io.stderr).toContain("name at least one params file");
  });
});
