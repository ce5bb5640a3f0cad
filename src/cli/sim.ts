import * as fs from "node:fs";
import * as path from "node:path";
import type { CommandModule } from "yargs";
import { DEFAULT_CALIBRATION_SHOTS } from "../core/calibration/calibrationPlan";
import { formatPValue } from "../core/calibration/judgeCalibration";
import { formatLauncherModel } from "../launcher/launcherModel";
import { writeSimPlots } from "../sim/plots";
import { BASELINES, runScenario, type BagSummary, type ScenarioOptions, type SimReport } from "../sim/runScenario";
import { decompose, type Decomposition } from "../sim/decomposition";
import type { Proportion } from "../sim/proportion";
import { SENSOR_SUITES } from "../sim/sensorLayouts";
import { paramsFileOption } from "./paramsOption";

/**
 * The default bag's size limit [bytes]: the first shots at full rate, every topic. A shot is
 * about 1.5 MB of messages (the scans, odometry, estimates and ground truth at their own rates),
 * so the 200-shot default run would write over 300 MB; --bag-full writes it all.
 */
export const DEFAULT_BAG_LIMIT_BYTES = 30_000_000;

interface SimArgs {
  shots: number;
  seed: number;
  sensors: string;
  "calibration-shots": number | undefined;
  "known-physics": boolean;
  "known-geometry": boolean;
  "perfect-ranging": boolean;
  moving: number;
  decompose: boolean;
  baseline: string;
  launcher: string;
  bag: string;
  "bag-full": boolean;
  plots: string;
  json: boolean;
  "params-file": string[] | undefined;
  params: string[] | undefined;
  court: string | undefined;
}

/** `robocon-shooter sim`: the main job, headless on the in-process graph. */
export const simCommand: CommandModule<object, SimArgs> = {
  command: "sim",
  describe:
    "Simulate a match of shots through the three nodes (calibration, scored shots, oracle, baselines) and report the hit rate; " +
    "the nodes read the package's params/shooter.yaml and params/court_abu2025.yaml unless --params-file names others, and the report prints launcher_control's model and its source",
  builder: (yargs) =>
    yargs
      .option("shots", { type: "number", default: 200, describe: "Scored shots from random positions 2-7 m from the hoop" })
      .option("seed", { type: "number", default: 1, describe: "Random seed: the same seed gives the same result" })
      .option("sensors", { choices: SENSOR_SUITES, default: "mixed", describe: "dt35: two DT35-class lasers; tfmini: two TFmini-class; lidar: the LD06-class lidar alone; mixed: the DT35 pair and the lidar" })
      .option("calibration-shots", {
        type: "number",
        describe: `Test shots at a few distances before the scored ones; the fitted efficiency and drag are set on launcher_control (default ${DEFAULT_CALIBRATION_SHOTS}, none with --known-physics; table7 ignores it: 3 shots at each of its 7 distances)`,
      })
      .option("known-physics", {
        type: "boolean",
        default: false,
        describe:
          "Instead of test shots, set launcher_control's efficiency and drag to its model fitted to exact true flights (no --calibration-shots above 0): what the calibration costs",
      })
      .option("known-geometry", { type: "boolean", default: false, describe: "Tell target_estimation the true court and sensor mounts instead of the configured ones" })
      .option("perfect-ranging", { type: "boolean", default: false, describe: "Every simulated laser exact: no noise, bias, quantisation or dropouts" })
      .option("moving", { type: "number", default: 0, describe: "Shoot on the move: drive 2 m paths towards or away from the hoop at up to this speed [m/s, 0-3] and fire when the gate opens (0: stand still)" })
      .option("decompose", {
        type: "boolean",
        default: false,
        describe: "Run the seed four times, knowing one more thing each time (physics, geometry, perfect ranging), and report where the points go between the chain and the oracle",
      })
      .option("baseline", { choices: BASELINES, default: "none", describe: "Run a baseline instead of the full chain: drag-free model, raw-ranging (latest single reading), table7 (7-point table)" })
      .option("launcher", { choices: ["fixed", "hood"] as const, default: "fixed", describe: "Fixed launch angle, or an adjustable hood" })
      .option("bag", {
        type: "string",
        default: path.join("sim_output", "sim.mcap"),
        describe: `Write every topic at full rate to this ROS 2 bag (MCAP) until it reaches about ${DEFAULT_BAG_LIMIT_BYTES / 1e6} MB, at the end of a shot (the report and the bag's metadata say which shots it holds); 'none' for no bag`,
      })
      .option("bag-full", { type: "boolean", default: false, describe: "Record the whole run in the bag, however large (about 1.5 MB a shot)" })
      .option("plots", { type: "string", default: path.join("sim_output", "plots"), describe: "Write SVG plots here: the shot map to scale (made / short / long / wide / declined), hit rate by distance (shot counts, 95 % intervals, oracle), flights of makes and misses at the rim; 'none' for none" })
      .option("json", { type: "boolean", default: false, describe: "Print one JSON object instead of the report" })
      .option("params-file", paramsFileOption("the three nodes, the court file among them"))
      .option("court", { type: "string", describe: "Court map params file, used beside params/shooter.yaml (default params/court_abu2025.yaml); with --params-file, name the court file there instead. The world is built on the court the estimator reads" })
      // --params-file replaces the default files, the court file among them: a --court beside it would be ignored.
      .conflicts("court", "params-file"),
  handler: async (args) => {
    // runScenario validates shots, seed and calibration shots; its error reaches yargs' fail handler as these did.
    const bag = args.bag === "none" || args.bag === "" ? undefined : args.bag;
    if (bag !== undefined) fs.mkdirSync(path.dirname(path.resolve(bag)), { recursive: true });
    const court = args.court;
    const paramsFiles = args["params-file"];
    const scenario: ScenarioOptions = {
      shots: args.shots,
      seed: args.seed,
      sensors: oneOf(SENSOR_SUITES, args.sensors, "--sensors"),
      calibrationShots: resolveCalibrationShots(args["known-physics"], args["calibration-shots"]),
      knownPhysics: args["known-physics"],
      knownGeometry: args["known-geometry"],
      perfectRanging: args["perfect-ranging"],
      movingSpeed: args.moving,
      baseline: oneOf(BASELINES, args.baseline, "--baseline"),
      launcher: oneOf(["fixed", "hood"] as const, args.launcher, "--launcher"),
      progress: !args.json,
      ...(bag === undefined ? {} : { bag, ...(args["bag-full"] ? {} : { bagLimitBytes: DEFAULT_BAG_LIMIT_BYTES }) }),
      ...(court === undefined ? {} : { courtFile: court }),
      ...(paramsFiles === undefined ? {} : { paramsFiles }),
    };
    const decomposition = args.decompose
      ? await decompose(scenario, (step) => {
          if (!args.json) process.stderr.write(`decomposition: ${step}\n`);
        })
      : undefined;
    const report = decomposition?.reports[0] ?? (await runScenario(scenario));
    const plots = args.plots === "none" || args.plots === "" ? [] : await writeSimPlots(report, args.plots);
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ ...jsonReport(report, plots), ...(decomposition === undefined ? {} : { decomposition: decompositionJson(decomposition) }) })}\n`);
      return;
    }
    process.stdout.write(formatReport(report, plots));
    if (decomposition !== undefined) process.stdout.write(formatDecomposition(decomposition));
  },
};

/**
 * The test shots to take: none with --known-physics (it replaces the calibration, so asking for
 * test shots beside it is an error), else the given count or DEFAULT_CALIBRATION_SHOTS. An
 * invalid count (negative, fractional) is passed on for runScenario to refuse.
 */
export function resolveCalibrationShots(knownPhysics: boolean, given: number | undefined): number {
  if (!knownPhysics) return given ?? DEFAULT_CALIBRATION_SHOTS;
  if (given !== undefined && given > 0) {
    throw new Error(`--known-physics replaces the calibration, so it takes no test shots: drop --calibration-shots ${given} (or set it to 0)`);
  }
  return given ?? 0;
}

function oneOf<T extends string>(allowed: readonly T[], value: string, option: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new Error(`${option} must be one of ${allowed.join(" | ")}, got ${value}`);
  return found;
}

/** The `--json` object: the fields issue 6 names, plus the details a script may want. */
export function jsonReport(report: SimReport, plots: readonly string[]): Record<string, unknown> {
  return {
    shots: report.shots,
    made: report.made,
    hit_rate: report.hit_rate,
    oracle_made: report.oracle_made,
    oracle_hit_rate: report.oracle_hit_rate,
    by_distance: report.by_distance,
    misses: report.misses,
    calibration: report.calibration,
    knowledge: report.knowledge,
    moving_speed: report.moving_speed,
    hit_rate_interval: report.hit_rate_interval,
    // The drawn true world: court, mounts, physics and balls, each beside what the params files say.
    truth: report.truth,
    realtime_factor: report.realtime_factor,
    sim_time_s: report.sim_time_s,
    wall_time_s: report.wall_time_s,
    // launcher_control's model as configured, before the calibration, with its source files.
    launcher_model: report.launcher_model,
    seed: report.seed,
    sensors: report.sensors,
    baseline: report.baseline,
    launcher: report.launcher,
    warnings: report.warnings,
    // Per shot: why a declined shot was refused (declined_because), and the chain's exit speed
    // beside the oracle's (their ratio is the chain's own speed error). NaN and infinite misses print as null.
    shot_log: report.shot_log,
    // Where the bag is, its size, and which shots it holds (null: no bag was written).
    bag: report.bag?.path ?? null,
    bag_messages: report.bag_messages,
    bag_recording: report.bag,
    plots,
  };
}

function pct(made: number, shots: number): string {
  return shots === 0 ? "   -  " : `${((100 * made) / shots).toFixed(1).padStart(5)} %`;
}

export function formatReport(report: SimReport, plots: readonly string[]): string {
  const c = report.calibration;
  const t = report.truth;
  const k = report.knowledge;
  const known = [k.known_physics ? "physics" : "", k.known_geometry ? "geometry" : "", k.perfect_ranging ? "perfect ranging" : ""].filter((x) => x !== "");
  const interval = (p: Proportion): string => (p.trials === 0 ? "" : `[${(100 * p.low).toFixed(0)}-${(100 * p.high).toFixed(0)} %]`);
  const lines = [
    `robocon_shooter simulation: seed ${report.seed}, sensors ${report.sensors}, launcher ${report.launcher}, baseline ${report.baseline}${report.moving_speed > 0 ? `, moving at up to ${report.moving_speed} m/s` : ", standing"}${known.length > 0 ? `; told the true ${known.join(", ")}` : ""}`,
    formatLauncherModel(report.launcher_model),
    "",
    `hit rate        ${pct(report.made, report.shots)}  (${report.made} / ${report.shots}; 95 % ${interval(report.hit_rate_interval)})`,
    `oracle          ${pct(report.oracle_made, report.shots)}  (the same balls from the same release state, by true physics and true distance)`,
    `misses          short ${report.misses.short}, long ${report.misses.long}, wide ${report.misses.wide}, declined ${report.misses.declined}`,
    "",
    "distance        shots   hit rate  95 %        oracle",
    ...report.by_distance.map((b) => `${`${b.from_m}-${b.to_m} m`.padEnd(14)}  ${String(b.shots).padStart(5)}   ${pct(b.made, b.shots)}  ${interval(b.hit_rate).padEnd(10)}  ${pct(b.oracle_made, b.shots)}`),
    "",
    c.mode === "perfect_fit"
      ? `calibration     none: efficiency ${c.fitted_efficiency?.toFixed(4) ?? "-"} and drag ${c.fitted_drag_coefficient?.toFixed(3) ?? "-"} fitted to ${c.used} exact true flights (--known-physics)${c.applied ? "" : " (not applied)"}`
      : `calibration     ${c.shots} test shots (${c.fired} fired, ${c.used} with an estimate); efficiency fitted ${c.fitted_efficiency === null ? "-" : c.fitted_efficiency.toFixed(4)}${c.applied ? "" : " (not applied)"} (nominal ${c.nominal_efficiency.toFixed(4)}), drag ${c.fitted_drag_coefficient === null ? "- (not fitted)" : c.fitted_drag_coefficient.toFixed(3)}`,
    ...(c.verdict === null
      ? []
      : [
          `  fit judged    p-value ${c.verdict.p_value === null ? "- (no degree of freedom left)" : formatPValue(c.verdict.p_value)}: ${c.verdict.consistent ? "consistent" : `calibrate would refuse it (${c.verdict.problems.join("; ")}); applied as fitted`}`,
        ]),
    `true launcher   efficiency ${t.physics.efficiency.toFixed(4)} (exit over surface speed before the shot, at 18 m/s), slip ${(100 * t.physics.slipPerSurfaceSpeed_spm).toFixed(2)} %/(m/s), backspin ratio ${t.physics.spinRatio.toFixed(2)}; ${t.balls.length} balls ${Math.min(...t.balls.map((b) => b.mass_kg)).toFixed(3)}-${Math.max(...t.balls.map((b) => b.mass_kg)).toFixed(3)} kg`,
    `true flight     Cd ${t.physics.dragCoefficient.toFixed(3)} below Re ${t.physics.criticalReynolds.toExponential(2)}, air ${t.physics.airDensity_kgpm3.toFixed(3)} kg/m^3; per-ball spreads x${t.physics.exitSpeedSpreadScale.toFixed(2)} (speed), x${t.physics.launchAngleSpreadScale.toFixed(2)} (angle) of the configured`,
    `true court      ${Object.entries(t.courtError).map(([key, e]) => `${key.replace("court.", "")} ${e >= 0 ? "+" : ""}${(100 * e).toFixed(1)} cm`).join(", ")} against the map`,
    `true mounts     ${t.mounts.map((m) => `${m.name} ${(1000 * Math.hypot(m.dx, m.dy)).toFixed(1)} mm, ${((m.dyaw * 180) / Math.PI).toFixed(2)} deg`).join("; ") || "-"}`,
    `speed           ${report.sim_time_s.toFixed(0)} s simulated in ${report.wall_time_s.toFixed(1)} s: ${report.realtime_factor.toFixed(0)}x real time`,
  ];
  if (report.bag !== null) lines.push(`bag             ${formatBag(report.bag, report.calibration.shots, report.shots)}`);
  if (plots.length > 0) lines.push(`plots           ${plots.join(", ")}`);
  if (report.warnings.length > 0) lines.push("", "warnings:", ...report.warnings.map((w) => `  - ${w}`));
  return `${lines.join("\n")}\n`;
}

/** The bag's line: path, size, messages, and how much of the run it holds. */
export function formatBag(bag: BagSummary, calibrationShots: number, scoredShots: number): string {
  const size = `${(bag.bytes / 1e6).toFixed(1)} MB, ${bag.messages} messages`;
  const held = bag.complete
    ? "every topic at full rate, the whole run"
    : `every topic at full rate up to test shot ${bag.calibration_shots_recorded} of ${calibrationShots} and scored shot ${bag.scored_shots_recorded} of ${scoredShots} (the ${((bag.limit_bytes ?? 0) / 1e6).toFixed(0)} MB limit; --bag-full records the whole run)`;
  return `${bag.path}: ${size}; ${held}; open with ros2 bag, Foxglove or mcap, replay with robocon-shooter replay`;
}

function decompositionJson(d: Decomposition): Record<string, unknown> {
  return { steps: d.steps, oracle_hit_rate: d.oracle_hit_rate, remaining_points: d.remaining_points };
}

export function formatDecomposition(d: Decomposition): string {
  const row = (name: string, rate: Proportion, gain: string): string =>
    `${name.padEnd(18)} ${(100 * rate.rate).toFixed(1).padStart(5)} %  [${(100 * rate.low).toFixed(0)}-${(100 * rate.high).toFixed(0)} %]  ${gain}`;
  const lines = [
    "",
    "where the points go (the same seed, knowing one more thing at each step)",
    ...d.steps.map((s, i) => `${row(s.name, s.hit_rate, i === 0 ? "" : `${s.gain_points >= 0 ? "+" : ""}${s.gain_points.toFixed(1)} points`)}  ${s.description}`),
    `${row("oracle", d.oracle_hit_rate, `+${d.remaining_points.toFixed(1)} points`)}  true physics and state at release: what the controller's model and the launcher leave`,
  ];
  return `${lines.join("\n")}\n`;
}
