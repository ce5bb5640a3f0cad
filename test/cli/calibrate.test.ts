import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { runCalibrate, type CalibrateArgs } from "../../src/cli/calibrate";
import { loadLauncherParameters } from "../../src/cli/table";
import { capture } from "./captureIo";
import { createBallisticModel } from "../../src/core/ballistics/BallisticModel";
import { FlightIntegrator } from "../../src/core/ballistics/FlightIntegrator";
import { solveExitSpeed } from "../../src/core/ballistics/solveExitSpeed";
import { WheelModel } from "../../src/core/ballistics/WheelModel";
import { parseShotsCsv } from "../../src/core/calibration/parseShotsCsv";


const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "calibrate-test-"));
const write = (name: string, text: string): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

/** Shots from a robot whose true efficiency is 0.48 (the params say 0.5), or another true wheel: measured misses. */
function shotsCsv(truth = new WheelModel({ efficiency: 0.48 })): string {
  const angle = (55 * Math.PI) / 180;
  const nominal = new FlightIntegrator(createBallisticModel());
  const wheel = new WheelModel();
  const lines = ["# test shots, 2025-05-01", "distance_m,wheel_speed_radps,outcome,miss_m"];
  [4, 4.5, 5, 5.5, 6].forEach((d, i) => {
    const s = solveExitSpeed(nominal, d, angle);
    if (s.kind !== "solution") throw new Error("no solution");
    const omega = wheel.wheelSpeedFor(s.exitSpeed_mps, d) * (1.04 + 0.002 * i);
    const f = nominal.crossRimPlane(truth.exitSpeedFor(omega, d), angle);
    if (f.kind !== "crossing") throw new Error("no crossing");
    lines.push(`${d},${omega.toFixed(4)},,${(f.x_m - d).toFixed(5)}`);
  });
  return `${lines.join("\n")}\n`;
}

const base = (shots: string): CalibrateArgs => ({
  shots,
  params: undefined,
  angle: undefined,
  fitDrag: "no",
  missSigma: 0.005,
  outcomeSigma: 0.05,
  dragPriorSigma: Infinity,
  json: true,
  out: undefined,
  plot: undefined,
});

describe("robocon-shooter calibrate", () => {
  it("fits the efficiency and prints JSON with exactly the documented keys", async () => {
    const io = capture();
    await runCalibrate(base(write("shots.csv", shotsCsv())), io);
    const parsed = JSON.parse(io.stdout) as Record<string, unknown> & {
      efficiency: { estimate: number; standard_error: number };
      residuals: Record<string, unknown>[];
    };
    expect(Object.keys(parsed)).toEqual(["efficiency", "drag_coefficient", "efficiency_slope_spm", "chi_square", "degrees_of_freedom", "converged", "iterations", "residuals"]);
    expect(parsed.efficiency_slope_spm).toEqual({ estimate: 0, standard_error: 0, fitted: false });
    expect(Object.keys(parsed.efficiency)).toEqual(["estimate", "standard_error", "fitted"]);
    expect(parsed.residuals).toHaveLength(5);
    expect(Object.keys(parsed.residuals[0] ?? {})).toEqual([
      "line",
      "distance_m",
      "wheel_speed_radps",
      "outcome",
      "miss_m",
      "predicted_miss_m",
      "clearance_m",
      "residual",
    ]);
    expect(parsed.residuals[0]?.line).toBe(3);
    expect(Math.abs(parsed.efficiency.estimate - 0.48)).toBeLessThan(0.001);
  });

  it("prints the fit for people, writes a params snippet the table command reads, and plots residuals", async () => {
    const io = capture();
    const out = path.join(tmp, "fit.yaml");
    const plot = path.join(tmp, "residuals.svg");
    await runCalibrate({ ...base(write("shots2.csv", shotsCsv())), json: false, out, plot }, io);
    expect(io.stdout).toMatch(/launch efficiency\s+0\.48\d+ \+- 0\.\d+ \(1 sigma\)/);
    expect(io.stdout).toMatch(/drag coefficient\s+0\.5 \(held/);
    const snippet = parse(fs.readFileSync(out, "utf8")) as { launcher_control: { ros__parameters: { wheel: { efficiency: number } } } };
    expect(snippet.launcher_control.ros__parameters.wheel.efficiency).toBeCloseTo(0.48, 3);
    expect(loadLauncherParameters(out)["wheel.efficiency"]).toBe(snippet.launcher_control.ros__parameters.wheel.efficiency);
    expect(fs.readFileSync(plot, "utf8")).toContain("Calibration residuals");
    // No slope asked for: the snippet and the printout leave it alone.
    expect(snippet.launcher_control.ros__parameters.wheel).toEqual({ efficiency: snippet.launcher_control.ros__parameters.wheel.efficiency });
    expect(io.stdout).not.toMatch(/efficiency slope/);
  });

  it.each([
    ["yes", "yes"],
    ["auto (the drag held)", "auto"],
  ] as const)("--fit-slope %s fits the efficiency's slope and writes it to the params snippet", async (_name, fitSlope) => {
    // A slipping wheel: efficiency 0.53 at rest, 0.003 lower per m/s of surface speed.
    const csv = write(`slope-${fitSlope}.csv`, shotsCsv(new WheelModel({ efficiency: 0.53, efficiency_slope_spm: -0.003 })));
    const out = path.join(tmp, `slope-${fitSlope}.yaml`);
    const io = capture();
    await runCalibrate({ ...base(csv), fitSlope, out }, io);
    const parsed = JSON.parse(io.stdout) as { efficiency: { estimate: number }; efficiency_slope_spm: { estimate: number; standard_error: number; fitted: boolean } };
    expect(parsed.efficiency_slope_spm.fitted).toBe(true);
    expect(parsed.efficiency_slope_spm.estimate).toBeCloseTo(-0.003, 5);
    expect(parsed.efficiency_slope_spm.standard_error).toBeGreaterThan(0);
    expect(parsed.efficiency.estimate).toBeCloseTo(0.53, 3);
    const params = loadLauncherParameters(out);
    expect(params["wheel.efficiency_slope_spm"]).toBeCloseTo(-0.003, 5);
    expect(params["wheel.efficiency"]).toBeCloseTo(0.53, 3);
    expect(fs.readFileSync(out, "utf8")).toMatch(/# wheel\.efficiency_slope_spm -0\.00\d+ \+- 0\.\d+ s\/m \(1 sigma\)/);
    const people = capture();
    await runCalibrate({ ...base(csv), fitSlope, json: false }, people);
    expect(people.stdout).toMatch(/efficiency slope\s+-0\.00\d+ \+- 0\.\d+ s\/m \(1 sigma\)/);
  });

  it("a slope prior of zero width is refused with its value", async () => {
    await expect(runCalibrate({ ...base(write("prior.csv", shotsCsv())), fitSlope: "yes", slopePriorSigma: 0 }, capture())).rejects.toThrow(
      /efficiencySlopePriorSigma must be > 0 s\/m \(Infinity: no prior\), got 0/,
    );
  });

  it.each([
    ["a bad number", "distance_m,wheel_speed_radps,outcome\n4,abc,made\n", /line 2, field "wheel_speed_radps": expected a positive number, got "abc"/],
    ["a bad outcome", "distance_m,wheel_speed_radps,outcome\n4,300,made\n5,310,in\n", /line 3, field "outcome": expected made \| short \| long, got "in"/],
    ["a short line", "distance_m,wheel_speed_radps,outcome\n\n4,300\n", /line 3: expected 3 fields \(as the header on line 1\), got 2/],
    ["an unknown column", "distance,wheel_speed_radps,outcome\n", /line 1: unknown column "distance"/],
    ["no observation column", "distance_m,wheel_speed_radps\n4,300\n", /needs an "outcome" or a "miss_m" column/],
    ["no observation on a line", "distance_m,wheel_speed_radps,outcome,miss_m\n4,300,,\n", /line 2: needs an outcome or a miss_m/],
    ["no shots", "# nothing yet\ndistance_m,wheel_speed_radps,outcome\n", /no shots after the header on line 2/],
  ])("reports %s with the line and the field", async (_name, text, message) => {
    await expect(runCalibrate(base(write("bad.csv", text)), capture())).rejects.toThrow(message);
  });

  it("names a missing file", async () => {
    await expect(runCalibrate(base(path.join(tmp, "nope.csv")), capture())).rejects.toThrow(/cannot read .*nope\.csv/);
  });

  it("parses outcomes, misses and angles in any column order", () => {
    const shots = parseShotsCsv("miss_m,outcome,wheel_speed_radps,distance_m,launch_angle_rad\n,short,300,4,0.96\n0.03,,310,5,\n");
    expect(shots).toEqual([
      { distance_m: 4, wheelSpeed_radps: 300, outcome: "short", launchAngle_rad: 0.96, line: 2 },
      { distance_m: 5, wheelSpeed_radps: 310, miss_m: 0.03, line: 3 },
    ]);
  });
});
