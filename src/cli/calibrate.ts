import * as fs from "node:fs";
import type { CommandModule } from "yargs";
import { stringify } from "yaml";
import { CALIBRATION_READING_SIGMA_M, calibrationOptionsFromConfig } from "../core/calibration/calibrationPlan";
import { DEFAULT_DRAG_PRIOR_SIGMA, fitLaunchCalibration, type CalibrationResult } from "../core/calibration/fitLaunchCalibration";
import { parseShotsCsv } from "../core/calibration/parseShotsCsv";
import { residualPlotSpec, type ResidualPoint } from "../plot/residualPlot";
import { renderSvg } from "../plot/vegaLiteSvg";
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
  /** Fit the wheel's efficiency_slope_spm too (fitLaunchCalibration's fitEfficiencySlope). Default "no". */
  fitSlope?: "auto" | "yes" | "no";
  /** 1-sigma of the efficiency slope's prior around the params' value [s/m]; Infinity (the default) for none. */
  slopePriorSigma?: number;
  json: boolean;
  out: string | undefined;
  plot: string | undefined;
}

/** `calibrate --json`: the fit, then one entry per shot. */
export interface CalibrateJson {
  efficiency: { estimate: number; standard_error: number; fitted: boolean };
  drag_coefficient: { estimate: number; standard_error: number; fitted: boolean };
  /** The wheel's efficiency_slope_spm [s/m]: the params' value, not fitted, unless --fit-slope. */
  efficiency_slope_spm: { estimate: number; standard_error: number; fitted: boolean };
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
    efficiency_slope_spm: { estimate: fit.efficiencySlope.estimate, standard_error: fit.efficiencySlope.standardError, fitted: fit.efficiencySlope.fitted },
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
  const wheel: Record<string, number> = { efficiency: round(fit.efficiency.estimate, 5) };
  // 1e-7 s/m moves the efficiency by under 3e-6 at the top of the scored range's surface speeds (about 24 m/s).
  if (fit.efficiencySlope.fitted) wheel.efficiency_slope_spm = round(fit.efficiencySlope.estimate, 7);
  const parameters: Record<string, Record<string, number>> = { wheel };
  if (fit.dragCoefficient.fitted) parameters.ballistics = { drag_coefficient: round(fit.dragCoefficient.estimate, 4) };
  const header = [
    `# robocon-shooter calibrate ${source}: ${shotCount} shots`,
    `# wheel.efficiency ${fit.efficiency.estimate.toFixed(5)} +- ${fit.efficiency.standardError.toFixed(5)} (1 sigma)`,
    ...(fit.efficiencySlope.fitted
      ? [`# wheel.efficiency_slope_spm ${fit.efficiencySlope.estimate.toFixed(7)} +- ${fit.efficiencySlope.standardError.toFixed(7)} s/m (1 sigma)`]
      : []),
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
      fitEfficiencySlope: args.fitSlope === undefined || args.fitSlope === "no" ? false : args.fitSlope === "auto" ? "auto" : true,
      efficiencySlopePriorSigma: args.slopePriorSigma ?? Infinity,
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
    // The slope's line only when it matters: fitted, or held at a value other than none.
    ...(fit.efficiencySlope.fitted
      ? [`efficiency slope    ${fit.efficiencySlope.estimate.toFixed(7)} +- ${fit.efficiencySlope.standardError.toFixed(7)} s/m (1 sigma)`]
      : fit.efficiencySlope.estimate !== 0
        ? [`efficiency slope    ${fit.efficiencySlope.estimate} s/m (held: --fit-slope no)`]
        : []),
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
/**
 * The fit's residuals in metres for `--plot`: predicted minus measured miss for a measured miss, an
 * outcome's signed deviance times its scatter, each with the sigma the fit used. `outliers`: the
 * CSV lines an outlier test flagged (left unmarked without one).
 */
export function residualPoints(fit: CalibrationResult, outliers?: ReadonlySet<number>): ResidualPoint[] {
  return fit.residuals.map((r) => ({
    distance_m: r.shot.distance_m,
    residual_m: r.residual * r.sigma_m,
    sigma_m: r.sigma_m,
    observation: r.shot.miss_m !== undefined ? "measured miss" : (r.shot.outcome ?? "made"),
    ...(r.shot.line === undefined ? {} : { line: r.shot.line }),
    ...(outliers === undefined ? {} : { outlier: r.shot.line !== undefined && outliers.has(r.shot.line) }),
  }));
}

export async function residualPlotSvg(fit: CalibrationResult, outliers?: ReadonlySet<number>): Promise<string> {
  const drag = fit.dragCoefficient.fitted ? `drag ${fit.dragCoefficient.estimate.toFixed(3)}` : `drag held at ${fit.dragCoefficient.estimate}`;
  return renderSvg(
    residualPlotSpec(residualPoints(fit, outliers), {
      title: `Calibration residuals: efficiency ${fit.efficiency.estimate.toFixed(4)}, ${drag}, chi-square ${fit.chiSquare.toFixed(1)} for ${fit.degreesOfFreedom} degrees of freedom`,
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
  "fit-slope": "auto" | "yes" | "no";
  "slope-prior-sigma": number;
  json: boolean;
  out: string | undefined;
  plot: string | undefined;
}

export const calibrateCommand: CommandModule<object, CalibrateCliArgs> = {
  command: "calibrate <shots>",
  describe:
    "Fit the launch efficiency (and the drag coefficient when the shots span enough distance, and with --fit-slope its change with wheel surface speed) to test shots: " +
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
      .option("fit-slope", {
        choices: ["auto", "yes", "no"] as const,
        default: "no" as const,
        describe:
          "Fit wheel.efficiency_slope_spm (efficiency = e0 + slope * surface speed) too; auto: when the shots span 2 m and stand at as many distances as parameters, or --slope-prior-sigma is finite",
      })
      .option("slope-prior-sigma", {
        type: "number",
        default: Infinity,
        describe: "1-sigma of the prior on wheel.efficiency_slope_spm around the params' value [s/m] (Infinity: none); needed with shots at two distances only",
      })
      .option("json", { type: "boolean", default: false, describe: "Print the fit and residuals as one JSON object" })
      .option("out", { type: "string", describe: "Write a params YAML snippet with the fitted values to this file" })
      .option("plot", { type: "string", describe: "Write the residuals plot to this SVG file: residual [m] against distance, each with the sigma the fit used" }),
  handler: (args) =>
    runCalibrate({
      shots: args.shots,
      params: args.params,
      angle: args.angle,
      fitDrag: args["fit-drag"],
      missSigma: args["miss-sigma"],
      outcomeSigma: args["outcome-sigma"],
      dragPriorSigma: args["drag-prior-sigma"],
      fitSlope: args["fit-slope"],
      slopePriorSigma: args["slope-prior-sigma"],
      json: args.json,
      out: args.out,
      plot: args.plot,
    }),
};
