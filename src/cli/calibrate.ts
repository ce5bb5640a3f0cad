import * as fs from "node:fs";
import type { CommandModule } from "yargs";
import { stringify } from "yaml";
import { CALIBRATION_READING_SIGMA_M, calibrationOptionsFromConfig } from "../core/calibration/calibrationPlan";
import { DEFAULT_DRAG_PRIOR_SIGMA, fitLaunchCalibration, type CalibrationResult } from "../core/calibration/fitLaunchCalibration";
import { parseShotsCsv } from "../core/calibration/parseShotsCsv";
import { renderSvg, scatterChart, type Series } from "../plot/vegaLiteSvg";
import { configFromArgs, processIo, type CliIo } from "./table";

export interface CalibrateArgs {
  shots: string;
  params: string | undefined;
  angle: number | undefined;
  fitDrag: "auto" | "yes" | "no";
  missSigma: number;
  outcomeSigma: number;
  /** 1-sigma of the drag coefficient's prior [1]; Infinity for none. */
  dragPriorSigma: number;
  json: boolean;
  out: string | undefined;
  plot: string | undefined;
}

/** `calibrate --json`: the fit, then one entry per shot. */
export interface CalibrateJson {
  efficiency: { estimate: number; standard_error: number; fitted: boolean };
  drag_coefficient: { estimate: number; standard_error: number; fitted: boolean };
  chi_square: number;
  degrees_of_freedom: number;
  converged: boolean;
  iterations: number;
  residuals: {
    line: number | null;
    distance_m: number;
    wheel_speed_radps: number;
    outcome: string | null;
    miss_m: number | null;
    predicted_miss_m: number;
    clearance_m: number;
    residual: number;
  }[];
}

export function calibrationJson(fit: CalibrationResult): CalibrateJson {
  return {
    efficiency: { estimate: fit.efficiency.estimate, standard_error: fit.efficiency.standardError, fitted: fit.efficiency.fitted },
    drag_coefficient: { estimate: fit.dragCoefficient.estimate, standard_error: fit.dragCoefficient.standardError, fitted: fit.dragCoefficient.fitted },
    chi_square: fit.chiSquare,
    degrees_of_freedom: fit.degreesOfFreedom,
    converged: fit.converged,
    iterations: fit.iterations,
    residuals: fit.residuals.map((r) => ({
      line: r.shot.line ?? null,
      distance_m: r.shot.distance_m,
      wheel_speed_radps: r.shot.wheelSpeed_radps,
      outcome: r.shot.outcome ?? null,
      miss_m: r.shot.miss_m ?? null,
      predicted_miss_m: r.predictedMiss_m,
      clearance_m: r.clearance_m,
      residual: r.residual,
    })),
  };
}

/** The params YAML snippet to paste into (or pass after) the robot's params file. */
export function calibrationYaml(fit: CalibrationResult, shotCount: number, source: string): string {
  const parameters: Record<string, Record<string, number>> = { wheel: { efficiency: round(fit.efficiency.estimate, 5) } };
  if (fit.dragCoefficient.fitted) parameters.ballistics = { drag_coefficient: round(fit.dragCoefficient.estimate, 4) };
  const header = [
    `# robocon-shooter calibrate ${source}: ${shotCount} shots`,
    `# wheel.efficiency ${fit.efficiency.estimate.toFixed(5)} +- ${fit.efficiency.standardError.toFixed(5)} (1 sigma)`,
    fit.dragCoefficient.fitted
      ? `# ballistics.drag_coefficient ${fit.dragCoefficient.estimate.toFixed(4)} +- ${fit.dragCoefficient.standardError.toFixed(4)} (1 sigma)`
      : `# ballistics.drag_coefficient held at ${fit.dragCoefficient.estimate} (shots span too little distance to fit it)`,
  ];
  return `${header.join("\n")}\n${stringify({ launcher_control: { ros__parameters: parameters } })}`;
}

export async function runCalibrate(args: CalibrateArgs, io: CliIo = processIo): Promise<void> {
  let text: string;
  try {
    text = fs.readFileSync(args.shots, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${args.shots}: ${(error as Error).message}`);
  }
  const shots = parseShotsCsv(text, args.shots);
  const config = configFromArgs({ params: args.params, angle: args.angle, magnus: true });
  if (config.launch.mode !== "fixed" && !shots.every((s) => s.launchAngle_rad !== undefined)) {
    throw new Error("with an adjustable hood every shot needs a launch_angle_rad column (or pass --angle)");
  }
  const fit = fitLaunchCalibration(
    shots,
    {
      ballistics: config.model,
      wheel: config.wheel,
      launchAngle_rad: config.launch.mode === "fixed" ? config.launch.angle_rad : NaN,
    },
    {
      ...calibrationOptionsFromConfig(config),
      fitDrag: args.fitDrag === "auto" ? "auto" : args.fitDrag === "yes",
      missSigma_m: args.missSigma,
      outcomeSigma_m: args.outcomeSigma,
      // The command line's prior wins; --drag-prior-sigma defaults to the same DEFAULT_DRAG_PRIOR_SIGMA.
      dragPriorSigma: args.dragPriorSigma,
    },
  );
  if (args.json) io.out(`${JSON.stringify(calibrationJson(fit))}\n`);
  else io.out(formatCalibration(fit));
  if (args.out !== undefined) {
    fs.writeFileSync(args.out, calibrationYaml(fit, shots.length, args.shots));
    if (!args.json) io.out(`params snippet written to ${args.out}\n`);
  }
  if (args.plot !== undefined) {
    fs.writeFileSync(args.plot, await residualPlotSvg(fit));
    if (!args.json) io.out(`residual plot written to ${args.plot}\n`);
  }
  if (!fit.converged) io.err("warning: the fit did not converge; the estimates are the last iterate\n");
}

export function formatCalibration(fit: CalibrationResult): string {
  const lines = [
    `launch efficiency   ${fit.efficiency.estimate.toFixed(5)} +- ${fit.efficiency.standardError.toFixed(5)} (1 sigma)`,
    fit.dragCoefficient.fitted
      ? `drag coefficient    ${fit.dragCoefficient.estimate.toFixed(4)} +- ${fit.dragCoefficient.standardError.toFixed(4)} (1 sigma)`
      : `drag coefficient    ${fit.dragCoefficient.estimate} (held: the shots span too little distance, or --fit-drag no)`,
    `chi-square          ${fit.chiSquare.toFixed(2)} for ${fit.degreesOfFreedom} degrees of freedom${fit.converged ? "" : " (NOT converged)"}`,
    "",
    "line  distance [m]  wheel [rad/s]  observed        predicted miss [cm]  clearance [cm]  residual [sigma]",
  ];
  for (const r of fit.residuals) {
    const observed = r.shot.miss_m !== undefined ? `miss ${(r.shot.miss_m * 100).toFixed(1)} cm` : (r.shot.outcome ?? "");
    lines.push(
      [
        String(r.shot.line ?? "").padStart(4),
        r.shot.distance_m.toFixed(3).padStart(12),
        r.shot.wheelSpeed_radps.toFixed(1).padStart(13),
        observed.padEnd(14),
        (r.predictedMiss_m * 100).toFixed(1).padStart(19),
        (r.clearance_m * 100).toFixed(1).padStart(14),
        r.residual.toFixed(2).padStart(16),
      ].join("  "),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Standardised residual of each shot against its distance, one colour per kind of observation. */
export async function residualPlotSvg(fit: CalibrationResult): Promise<string> {
  const groups = new Map<string, { x: number[]; y: number[] }>();
  for (const r of fit.residuals) {
    const kind = r.shot.miss_m !== undefined ? "measured miss" : (r.shot.outcome ?? "made");
    const g = groups.get(kind) ?? { x: [], y: [] };
    g.x.push(r.shot.distance_m);
    g.y.push(r.residual);
    groups.set(kind, g);
  }
  const series: Series[] = [...groups].map(([name, g]) => ({ name, x: g.x, y: g.y }));
  return renderSvg(
    scatterChart(series, {
      title: "Calibration residuals",
      xTitle: "distance to the rim centre [m]",
      yTitle: "standardised residual [sigma]",
      legendTitle: "observation",
    }),
  );
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** What yargs hands the handler: the hyphenated option names as typed. */
interface CalibrateCliArgs {
  shots: string;
  params: string | undefined;
  angle: number | undefined;
  "fit-drag": "auto" | "yes" | "no";
  "miss-sigma": number;
  "outcome-sigma": number;
  "drag-prior-sigma": number;
  json: boolean;
  out: string | undefined;
  plot: string | undefined;
}

export const calibrateCommand: CommandModule<object, CalibrateCliArgs> = {
  command: "calibrate <shots>",
  describe:
    "Fit the launch efficiency (and the drag coefficient when the shots span enough distance) to test shots: " +
    "CSV with distance_m, wheel_speed_radps and outcome (made | short | long) and/or miss_m (signed, long positive); optional launch_angle_rad",
  builder: (yargs) =>
    yargs
      .positional("shots", { type: "string", demandOption: true, describe: "CSV file of test shots" })
      .option("params", { type: "string", describe: "ROS 2 params YAML of the launcher (the starting model)" })
      .option("angle", { type: "number", describe: "Launch angle [rad] of the shots, overriding the params" })
      .option("fit-drag", { choices: ["auto", "yes", "no"] as const, default: "auto" as const, describe: "Fit the drag coefficient too" })
      .option("miss-sigma", { type: "number", default: CALIBRATION_READING_SIGMA_M, describe: "1-sigma of a measured miss [m]" })
      .option("outcome-sigma", { type: "number", default: 0.05, describe: "1-sigma shot-to-shot scatter of the miss, for made/short/long [m]" })
      .option("drag-prior-sigma", {
        type: "number",
        default: DEFAULT_DRAG_PRIOR_SIGMA,
        describe: "1-sigma of the prior on the drag coefficient around the params' value [1] (Infinity: none); measured misses also weigh by the params' uncertainty.* spreads",
      })
      .option("json", { type: "boolean", default: false, describe: "Print the fit and residuals as one JSON object" })
      .option("out", { type: "string", describe: "Write a params YAML snippet with the fitted values to this file" })
      .option("plot", { type: "string", describe: "Write the residuals plot to this SVG file" }),
  handler: (args) =>
    runCalibrate({
      shots: args.shots,
      params: args.params,
      angle: args.angle,
      fitDrag: args["fit-drag"],
      missSigma: args["miss-sigma"],
      outcomeSigma: args["outcome-sigma"],
      dragPriorSigma: args["drag-prior-sigma"],
      json: args.json,
      out: args.out,
      plot: args.plot,
    }),
};
