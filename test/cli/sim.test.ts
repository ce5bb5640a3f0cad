import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import yargs from "yargs";
import { DEFAULT_BAG_LIMIT_BYTES, formatBag, resolveCalibrationShots, simCommand } from "../../src/cli/sim";
import type { BagSummary } from "../../src/sim/runScenario";
import { DEFAULT_CALIBRATION_SHOTS } from "../../src/core/calibration/calibrationPlan";
import { DEFAULT_PARAMS_FILES } from "../../src/package/defaultParams";

/** Runs `robocon-shooter sim <args>` through yargs as main does, with usage errors thrown instead of exiting; returns stdout. */
async function runSim(args: readonly string[]): Promise<string> {
  let stdout = "";
  const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  try {
    await yargs(["sim", ...args])
      .command(simCommand)
      .strict()
      .exitProcess(false)
      .fail((message, error) => {
        // yargs types `error` as always set; it is undefined for a usage error.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
        throw error ?? new Error(message);
      })
      .parseAsync();
  } finally {
    write.mockRestore();
  }
  return stdout;
}

describe("robocon-shooter sim: calibration shots", () => {
  it("takes none with --known-physics, the given count or the default otherwise", () => {
    expect(resolveCalibrationShots(true, undefined)).toBe(0);
    expect(resolveCalibrationShots(true, 0)).toBe(0);
    expect(resolveCalibrationShots(false, undefined)).toBe(DEFAULT_CALIBRATION_SHOTS);
    expect(DEFAULT_CALIBRATION_SHOTS).toBe(10);
    expect(resolveCalibrationShots(false, 0)).toBe(0);
    expect(resolveCalibrationShots(false, 4)).toBe(4);
  });

  it("refuses test shots beside --known-physics, saying why", () => {
    expect(() => resolveCalibrationShots(true, 5)).toThrow(/--known-physics replaces the calibration.*--calibration-shots 5/);
  });

  it("`sim --known-physics` alone runs, with no test shot, and --json carries the drawn true world", async () => {
    const stdout = await runSim(["--known-physics", "--shots", "1", "--seed", "3", "--bag", "none", "--plots", "none", "--json"]);
    const report = JSON.parse(stdout) as {
      shots: number;
      calibration: { shots: number; mode: string; applied: boolean; fired: number };
      knowledge: { known_physics: boolean; known_geometry: boolean; perfect_ranging: boolean };
      truth: { court: Record<string, number>; courtError: Record<string, number>; mounts: { name: string; dx: number }[]; physics: Record<string, number>; balls: unknown[] };
      launcher_model: { source: { origin: string; files: string[]; not_from_files: Record<string, string> }; launch: { mode: string; angle_rad: number } };
    };
    expect(report.shots).toBe(1);
    expect(report.calibration).toMatchObject({ shots: 0, mode: "perfect_fit", applied: true, fired: 0 });
    expect(report.knowledge).toEqual({ known_physics: true, known_geometry: false, perfect_ranging: false });
    for (const key of ["court", "courtError", "mounts", "physics", "balls"]) expect(report.truth).toHaveProperty(key);
    expect(report.truth.courtError["court.hoop.x"]).not.toBe(0);
    expect(report.truth.physics.exitSpeedSpreadScale).toBeGreaterThanOrEqual(0.6);
    // Without --params-file the nodes read the shipped files, and --json says which model that was.
    expect(report.launcher_model.source).toEqual({ origin: "shipped", files: [...DEFAULT_PARAMS_FILES], not_from_files: {} });
    expect(report.launcher_model.launch.mode).toBe("fixed");
  });

  it("prints launcher_control's model with its source files; a scenario override is credited to its option", async () => {
    const stdout = await runSim(["--known-physics", "--shots", "1", "--seed", "3", "--bag", "none", "--plots", "none", "--launcher", "hood"]);
    const lines = stdout.split("\n");
    expect(lines[1]).toBe(`model           launcher_control's, from ${DEFAULT_PARAMS_FILES.join(", ")} (the package's params files, as the launch file passes them)`);
    expect(lines[2]).toMatch(/^ {2}launch +adjustable hood \d+\.\d-\d+\.\d deg \([\d.]+-[\d.]+ rad\) \(--launcher hood\)$/);
    expect(lines[3]).toMatch(/^ {2}wheel +radius [\d.]+ m, efficiency [\d.]+ /);
    expect(lines[4]).toMatch(/^ {2}flight +drag coefficient [\d.]+, air density [\d.]+ kg\/m\^3/);
  });

  it("refuses --court beside --params-file instead of ignoring it", async () => {
    await expect(runSim(["--court", "a.yaml", "--params-file", "b.yaml", "--bag", "none", "--plots", "none", "--json"])).rejects.toThrow(/mutually exclusive/);
  });
});

describe("robocon-shooter sim: the bag", () => {
  const bag = (over: Partial<BagSummary>): BagSummary => ({
    path: "sim_output/sim.mcap",
    bytes: 28_053_733,
    messages: 92390,
    complete: false,
    calibration_shots_recorded: 10,
    scored_shots_recorded: 6,
    limit_bytes: 30_000_000,
    ...over,
  });

  it.each<[string, Partial<BagSummary>, string]>([
    [
      "stopped at the limit",
      {},
      "sim_output/sim.mcap: 28.1 MB, 92390 messages; every topic at full rate up to test shot 10 of 10 and scored shot 6 of 200 (the 30 MB limit; --bag-full records the whole run); open with ros2 bag, Foxglove or mcap, replay with robocon-shooter replay",
    ],
    [
      "the whole run",
      { complete: true, bytes: 366_223_592, messages: 1_211_919, scored_shots_recorded: 200, limit_bytes: null },
      "sim_output/sim.mcap: 366.2 MB, 1211919 messages; every topic at full rate, the whole run; open with ros2 bag, Foxglove or mcap, replay with robocon-shooter replay",
    ],
  ])("the report line names path, size and what it holds: %s", (_, over, line) => {
    expect(formatBag(bag(over), 10, 200)).toBe(line);
  });

  it("is limited to about 30 MB by default and holds everything with --bag-full", async () => {
    expect(DEFAULT_BAG_LIMIT_BYTES).toBe(30_000_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-cli-"));
    const run = async (extra: string[]): Promise<{ bag: string; bag_recording: BagSummary }> =>
      JSON.parse(await runSim(["--shots", "1", "--calibration-shots", "1", "--seed", "3", "--plots", "none", "--json", ...extra])) as { bag: string; bag_recording: BagSummary };
    const limited = await run(["--bag", path.join(dir, "limited.mcap")]);
    expect(limited.bag).toBe(path.join(dir, "limited.mcap"));
    expect(limited.bag_recording).toMatchObject({ limit_bytes: DEFAULT_BAG_LIMIT_BYTES, complete: true, bytes: fs.statSync(limited.bag).size });
    const full = await run(["--bag", path.join(dir, "full.mcap"), "--bag-full"]);
    expect(full.bag_recording).toMatchObject({ limit_bytes: null, complete: true });
    const none = JSON.parse(await runSim(["--shots", "1", "--calibration-shots", "0", "--seed", "3", "--bag", "none", "--plots", "none", "--json"])) as { bag: unknown; bag_recording: unknown };
    expect(none).toMatchObject({ bag: null, bag_recording: null });
  }, 90_000);
});
