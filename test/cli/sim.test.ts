import yargs from "yargs";
import { resolveCalibrationShots, simCommand } from "../../src/cli/sim";
import { DEFAULT_CALIBRATION_SHOTS } from "../../src/core/calibration/calibrationPlan";
import { DEFAULT_PARAMS_FILES } from "../../src/defaultParams";

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
