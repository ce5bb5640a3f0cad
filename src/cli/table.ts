import * as fs from "node:fs";
import type { TopLevelSpec } from "vega-lite";
import type { CommandModule } from "yargs";
import { FlightIntegrator } from "../core/ballistics/FlightIntegrator";
import { shotPlannerFromConfig, type LauncherConfig } from "../core/ballistics/launcherParameters";
import { tablePlotSpec } from "../plot/tablePlot";
import { renderSvg } from "../plot/vegaLiteSvg";
import { formatLauncherModel, launcherFromArgs, type Launcher, type LauncherModelJson } from "../launcher/launcherModel";
import { paramsFileOption } from "./paramsOption";

/** Where the commands write; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether err goes to a terminal (progress redrawn in place) or not (plain lines). Default: not. */
  readonly errIsTerminal?: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  get errIsTerminal(): boolean {
    return process.stderr.isTTY;
  },
};

export interface TableArgs {
  from: number;
  to: number;
  step: number;
  /** --params-file (alias --params): undefined or empty for the shipped files, ["none"] for the schema defaults. */
  paramsFile: readonly string[] | undefined;
  angle: number | undefined;
  magnus: boolean;
  json: boolean;
  plot: string | undefined;
}

/** One row of `table --json`; the keys are a contract with outside tools. */
export interface TableRow {
  distance_m: number;
  launch_angle_rad: number;
  exit_speed_mps: number;
  wheel_speed_radps: number;
  time_of_flight_s: number;
  entry_angle_rad: number;
  rim_clearance_m: number;
}

export interface TableJson {
  /** The flight constants of the rows (kept as they were for scripts; launcher_model has the whole model and its source). */
  model: {
    gravity_mps2: number;
    air_density_kgpm3: number;
    drag_coefficient: number;
    ball_mass_kg: number;
    ball_radius_m: number;
    magnus_lift_coefficient: number;
    backspin_radps: number;
    release_height_m: number;
    rim_height_m: number;
    rim_radius_m: number;
    wheel_radius_m: number;
  };
  rows: TableRow[];
  launcher_model: LauncherModelJson;
}

export interface SkippedDistance {
  distance_m: number;
  reason: string;
  message: string;
}

/** The table for a launcher: solvable distances as rows, the others with their reason. */
export function buildTable(launcher: Launcher, distances: readonly number[]): { json: TableJson; skipped: SkippedDistance[] } {
  const config = launcher.config;
  const planner = shotPlannerFromConfig(config);
  const rows: TableRow[] = [];
  const skipped: SkippedDistance[] = [];
  for (const d of distances) {
    const plan = planner.plan({ distance_m: d, distanceSigma_m: 0.01 });
    if (plan.kind === "impossible") {
      skipped.push({ distance_m: d, reason: plan.reason, message: plan.message });
      continue;
    }
    const s = plan.solution;
    rows.push({
      distance_m: d,
      launch_angle_rad: s.launchAngle_rad,
      exit_speed_mps: s.exitSpeed_mps,
      wheel_speed_radps: plan.wheelSpeed_radps,
      time_of_flight_s: s.timeOfFlight_s,
      entry_angle_rad: s.entryAngle_rad,
      rim_clearance_m: s.rimClearance_m,
    });
  }
  const m = config.model;
  return {
    json: {
      model: {
        gravity_mps2: m.gravity_mps2,
        air_density_kgpm3: m.air_density_kgpm3,
        drag_coefficient: m.drag_coefficient,
        ball_mass_kg: m.ball_mass_kg,
        ball_radius_m: m.ball_radius_m,
        magnus_lift_coefficient: m.magnus_lift_coefficient,
        backspin_radps: m.backspin_radps,
        release_height_m: m.release_height_m,
        rim_height_m: m.rim_height_m,
        rim_radius_m: m.rim_radius_m,
        wheel_radius_m: planner.wheel.config.wheel_radius_m,
      },
      rows,
      launcher_model: launcher.model,
    },
    skipped,
  };
}

/** Distances from..to by step [m], inclusive of `to` within rounding. */
export function distanceRange(from: number, to: number, step: number): number[] {
  if (!(Number.isFinite(from) && from > 0)) throw new Error(`--from must be a number > 0 m, got ${from}`);
  if (!(Number.isFinite(to) && to >= from)) throw new Error(`--to must be a number >= --from (${from} m), got ${to}`);
  if (!(Number.isFinite(step) && step > 0)) throw new Error(`--step must be a number > 0 m, got ${step}`);
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > 10000) throw new Error(`--from/--to/--step give ${count} rows; at most 10000`);
  return Array.from({ length: count }, (_, i) => Math.round((from + i * step) * 1e9) / 1e9);
}

export async function runTable(args: TableArgs, io: CliIo = processIo): Promise<void> {
  const launcher = launcherFromArgs(args);
  const { json, skipped } = buildTable(launcher, distanceRange(args.from, args.to, args.step));
  for (const s of skipped) io.err(`skipped ${s.distance_m} m: ${s.reason}: ${s.message}\n`);
  if (args.json) io.out(`${JSON.stringify(json)}\n`);
  else io.out(formatTable(json));
  if (args.plot !== undefined) {
    fs.writeFileSync(args.plot, await tablePlotSvg(launcher.config, json));
    if (!args.json) io.out(`plot written to ${args.plot}\n`);
  }
}

export function formatTable(table: TableJson): string {
  const m = table.model;
  const deg = (rad: number): string => ((rad * 180) / Math.PI).toFixed(1);
  const lines = [
    formatLauncherModel(table.launcher_model),
    `  rim           ${m.rim_height_m} m high, ${m.rim_radius_m} m inner radius; gravity ${m.gravity_mps2} m/s^2`,
    "",
    "distance [m]  angle [deg]  exit [m/s]  wheel [rad/s]  wheel [rpm]  flight [s]  entry [deg]  clearance [cm]",
  ];
  for (const r of table.rows) {
    lines.push(
      [
        r.distance_m.toFixed(2).padStart(12),
        deg(r.launch_angle_rad).padStart(11),
        r.exit_speed_mps.toFixed(3).padStart(10),
        r.wheel_speed_radps.toFixed(1).padStart(13),
        ((r.wheel_speed_radps * 60) / (2 * Math.PI)).toFixed(0).padStart(11),
        r.time_of_flight_s.toFixed(3).padStart(10),
        deg(r.entry_angle_rad).padStart(11),
        (r.rim_clearance_m * 100).toFixed(1).padStart(14),
      ].join("  "),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The flights of every row, and wheel speed, exit speed and angles against distance, each in its own panel. */
export function tablePlot(config: LauncherConfig, table: TableJson): TopLevelSpec {
  const integrator = new FlightIntegrator(config.model);
  // Each flight ends where its ball centre comes down through the rim plane, at its rim centre.
  const rows = table.rows.map((r) => ({ ...r, trajectory: integrator.trajectory(r.exit_speed_mps, r.launch_angle_rad) }));
  const m = table.model;
  return tablePlotSpec(rows, { radius_m: m.rim_radius_m, height_m: m.rim_height_m }, { title: `Shot table: drag ${m.drag_coefficient}, air ${m.air_density_kgpm3.toFixed(3)} kg/m^3, wheel radius ${m.wheel_radius_m} m` });
}

export async function tablePlotSvg(config: LauncherConfig, table: TableJson): Promise<string> {
  return renderSvg(tablePlot(config, table));
}

/** What yargs hands the handler: --params-file under both its spellings. */
type TableCliArgs = Omit<TableArgs, "paramsFile"> & { "params-file": string[] | undefined; params: string[] | undefined };

export const tableCommand: CommandModule<object, TableCliArgs> = {
  command: "table",
  describe:
    "Distance -> launch angle, exit speed, wheel speed, time of flight, entry angle and rim clearance for launcher_control's parameters " +
    "(default: the package's params/shooter.yaml, as the launch file passes it), printed with the model and its source file " +
    "(distances with no possible shot are left out and reported on stderr)",
  builder: (yargs) =>
    yargs
      .option("from", { type: "number", default: 2, describe: "First distance from the release point to the rim centre [m]" })
      .option("to", { type: "number", default: 8, describe: "Last distance [m]" })
      .option("step", { type: "number", default: 0.5, describe: "Distance step [m]" })
      .option("params-file", paramsFileOption("the launcher"))
      .option("angle", { type: "number", describe: "Fixed launch angle [rad], overriding the params" })
      .option("magnus", { type: "boolean", default: true, describe: "Model Magnus lift from backspin (--no-magnus: none)" })
      .option("json", { type: "boolean", default: false, describe: "Print one JSON object {model, rows} for scripts" })
      .option("plot", { type: "string", describe: "Write an SVG: the flights (height against distance, to scale), wheel speed, exit speed and angles against distance, one unit per axis" }),
  handler: (args) => runTable({ ...args, paramsFile: args["params-file"] }),
};
