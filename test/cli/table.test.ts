import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { distanceRange, runTable, type TableArgs, type TableRow } from "../../src/cli/table";
import { DEFAULT_PARAMS_FILES, DEFAULT_SHOOTER_PARAMS } from "../../src/package/defaultParams";
import { capture } from "./captureIo";

/** The schema defaults (--params-file none): the 55 deg launcher docs/domain.md works its reference figures for. */
const base: TableArgs = { from: 4, to: 8, step: 2, paramsFile: ["none"], angle: undefined, magnus: true, json: true, plot: undefined };
const shipped: TableArgs = { ...base, paramsFile: undefined };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "table-test-"));
const writeParams = (name: string, text: string): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

describe("robocon-shooter table", () => {
  it("prints exactly one JSON object with exactly the documented keys", async () => {
    const io = capture();
    await runTable(base, io);
    const parsed = JSON.parse(io.stdout) as { model: Record<string, unknown>; rows: Record<string, unknown>[]; launcher_model: Record<string, unknown> };
    expect(Object.keys(parsed)).toEqual(["model", "rows", "launcher_model"]);
    expect(Object.keys(parsed.launcher_model)).toEqual(["source", "launch", "wheel", "flight"]);
    expect(Object.keys(parsed.model).sort()).toEqual(
      [
        "gravity_mps2",
        "air_density_kgpm3",
        "drag_coefficient",
        "ball_mass_kg",
        "ball_radius_m",
        "magnus_lift_coefficient",
        "backspin_radps",
        "release_height_m",
        "rim_height_m",
        "rim_radius_m",
        "wheel_radius_m",
      ].sort(),
    );
    expect(parsed.rows).toHaveLength(3);
    for (const row of parsed.rows) {
      expect(Object.keys(row).sort()).toEqual(
        ["distance_m", "launch_angle_rad", "exit_speed_mps", "wheel_speed_radps", "time_of_flight_s", "entry_angle_rad", "rim_clearance_m"].sort(),
      );
    }
    // docs/domain.md at the defaults (55 deg): 4 m 7.80, 6 m 9.25, 8 m 10.66 m/s.
    expect(parsed.rows.map((r) => Math.round((r.exit_speed_mps as number) * 100) / 100)).toEqual([7.79, 9.25, 10.66]);
    expect(io.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("leaves out impossible distances and says why on stderr", async () => {
    const io = capture();
    await runTable({ ...base, from: 2, to: 4, step: 1 }, io);
    const parsed = JSON.parse(io.stdout) as { rows: { distance_m: number }[] };
    expect(parsed.rows.map((r) => r.distance_m)).toEqual([4]);
    expect(io.stderr).toMatch(/skipped 2 m: entry_too_shallow/);
    expect(io.stderr).toMatch(/skipped 3 m: entry_too_shallow/);
  });

  it("reads a params file and applies --angle and --no-magnus on top", async () => {
    const file = writeParams(
      "ok.yaml",
      "launcher_control:\n  ros__parameters:\n    ballistics:\n      drag_coefficient: 0.0\n      backspin_radps: 20.0\n    wheel:\n      radius_m: 0.06\n",
    );
    const io = capture();
    await runTable({ ...base, paramsFile: [file], angle: Math.PI / 4, magnus: false }, io);
    const parsed = JSON.parse(io.stdout) as { model: Record<string, number>; rows: Record<string, number>[] };
    expect(parsed.model).toMatchObject({ drag_coefficient: 0, backspin_radps: 0, wheel_radius_m: 0.06 });
    const row = parsed.rows.find((r) => r.distance_m === 8);
    expect(row?.launch_angle_rad).toBeCloseTo(Math.PI / 4, 12);
    // Drag-free closed form at 45 deg, 8 m, 1.43 m rise.
    expect(row?.exit_speed_mps).toBeCloseTo(8 * Math.sqrt(9.80665 / (2 * (8 - 1.43))) * Math.SQRT2, 3);
  });

  it.each([
    ["unknown key", "launcher_control:\n  ros__parameters:\n    ballistics:\n      drag_coef: 0.5\n", /ballistics\.drag_coef.*unknown parameter/],
    ["out of range", "launcher_control:\n  ros__parameters:\n    wheel:\n      efficiency: 7\n", /wheel\.efficiency.*above the maximum/],
    ["not YAML", "launcher_control: [\n", /not valid YAML/],
  ])("refuses a params file with an %s", async (_name, text, message) => {
    const file = writeParams("bad.yaml", text);
    await expect(runTable({ ...base, paramsFile: [file] }, capture())).rejects.toThrow(message);
  });

  it("prints a readable table and writes an SVG plot", async () => {
    const io = capture();
    const plot = path.join(tmp, "table.svg");
    await runTable({ ...base, json: false, plot }, io);
    expect(io.stdout).toMatch(/distance \[m\]\s+angle \[deg\]\s+exit \[m\/s\]/);
    expect(io.stdout).toMatch(/^\s+6\.00\s+55\.0\s+9\.25\d/m);
    const svg = fs.readFileSync(plot, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Flights, each ending at its rim");
    expect(svg).toContain("wheel speed [rad/s]");
  });

  it.each([
    [2, 3, 0.5, [2, 2.5, 3]],
    [2, 2, 1, [2]],
    [1, 1.3, 0.1, [1, 1.1, 1.2, 1.3]],
  ])("steps distances from %f to %f by %f", (from, to, step, expected) => {
    expect(distanceRange(from, to, step)).toEqual(expected);
  });

  it.each([
    [0, 1, 0.5, /--from must be a number > 0 m, got 0/],
    [3, 2, 0.5, /--to must be a number >= --from/],
    [2, 3, 0, /--step must be a number > 0 m, got 0/],
  ])("rejects from %f to %f step %f", (from, to, step, message) => {
    expect(() => distanceRange(from, to, step)).toThrow(message);
  });

  describe("reads the shipped params file unless told otherwise, and says which model it used", () => {
    /** The row at 5 m of `table --json` with these args, and the model block. */
    const at5m = async (args: TableArgs): Promise<{ row: TableRow; launcher_model: { source: { origin: string; files: string[] }; launch: { angle_rad: number } } }> => {
      const io = capture();
      await runTable({ ...args, from: 5, to: 5, step: 1 }, io);
      const parsed = JSON.parse(io.stdout) as { rows: TableRow[]; launcher_model: { source: { origin: string; files: string[] }; launch: { angle_rad: number } } };
      const row = parsed.rows[0];
      if (row === undefined) throw new Error("no row at 5 m");
      return { row, launcher_model: parsed.launcher_model };
    };

    it("without --params-file: the same table as --params-file params/shooter.yaml, not the schema defaults' (the issue: 353.4 against 335.7 rad/s at 5 m)", async () => {
      const byDefault = await at5m(shipped);
      const named = await at5m({ ...shipped, paramsFile: [path.relative(process.cwd(), DEFAULT_SHOOTER_PARAMS)] });
      const schema = await at5m(base);
      expect(byDefault.row).toEqual(named.row);
      expect(byDefault.launcher_model.source).toEqual({ origin: "shipped", files: [...DEFAULT_PARAMS_FILES], not_from_files: {} });
      expect(named.launcher_model.source.origin).toBe("given");
      expect(schema.launcher_model.source).toMatchObject({ origin: "none", files: [] });
      // The shipped hood is not the schema's: the wheel speeds differ by several percent.
      expect(byDefault.launcher_model.launch.angle_rad).not.toBeCloseTo(schema.launcher_model.launch.angle_rad, 2);
      expect(Math.abs(byDefault.row.wheel_speed_radps / schema.row.wheel_speed_radps - 1)).toBeGreaterThan(0.02);
    });

    it("prints the model block with the source path before the table", async () => {
      const io = capture();
      await runTable({ ...shipped, json: false, from: 5, to: 5 }, io);
      const [first, launch, wheel, flight] = io.stdout.split("\n");
      expect(first).toBe(`model           launcher_control's, from ${DEFAULT_PARAMS_FILES.join(", ")} (the package's params files, as the launch file passes them)`);
      expect(launch).toMatch(/^ {2}launch +fixed hood at \d+\.\d deg \(\d\.\d+ rad\)$/);
      expect(wheel).toMatch(/^ {2}wheel +radius [\d.]+ m, efficiency [\d.]+ \+ [-\d.e]+ s\/m x surface speed, top [\d.]+ rad\/s$/);
      expect(flight).toMatch(/^ {2}flight +drag coefficient [\d.]+, air density [\d.]+ kg\/m\^3, ball [\d.]+ kg, [\d.]+ m across, .*release [\d.]+ m, rim [\d.]+ m$/);
    });

    it("--params-file none says it took the schema defaults; an option on top is credited to itself", async () => {
      const schema = capture();
      await runTable({ ...base, json: false }, schema);
      expect(schema.stdout.split("\n")[0]).toMatch(/from no params file \(--params-file none\): the schema defaults/);
      const angled = capture();
      await runTable({ ...shipped, json: false, angle: 1, magnus: false }, angled);
      expect(angled.stdout).toMatch(/^ {2}launch +fixed hood at 57\.3 deg \(1 rad\) \(--angle\)$/m);
      expect(angled.stdout).toMatch(/no backspin \(--no-magnus\)/);
    });

    it("a key the given file lacks is marked as the schema default", async () => {
      const file = writeParams("partial.yaml", "launcher_control:\n  ros__parameters:\n    launch:\n      angle_rad: 1.1\n");
      const io = capture();
      await runTable({ ...shipped, paramsFile: [file] }, io);
      const parsed = JSON.parse(io.stdout) as { launcher_model: { source: { not_from_files: Record<string, string> } } };
      expect(parsed.launcher_model.source.not_from_files["launch.angle_rad"]).toBeUndefined();
      expect(parsed.launcher_model.source.not_from_files["wheel.efficiency"]).toBe("schema default");
    });
  });
});
