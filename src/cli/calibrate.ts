import * as fs from "node:fs";
import type { CommandModule } from "yargs";
import { stringify } from "yaml";
import { CALIBRATION_READING_SIGMA_M, calibrationRecipe } from "../core/calibration/calibrationPlan";
import type { LauncherConfig } from "../core/ballistics/launcherParameters";
import { DEFAULT_DRAG_PRIOR_SIGMA, fitLaunchCalibration, type CalibrationResult } from "../core/calibration/fitLaunchCalibration";
import {
  DEFAULT_FIT_SIGNIFICANCE,
  DEFAULT_PLAUSIBLE_DRAG,
  DEFAULT_PLAUSIBLE_EFFICIENCY,
  formatPValue,
  judgeCalibration,
  type CalibrationJudgement,
} from "../core/calibration/judgeCalibration";
import { parseShotsCsv } from "../core/calibration/parseShotsCsv";
import { residualPlotSpec, type ResidualPoint } from "../plot/residualPlot";
import { renderSvg } from "../plot/vegaLiteSvg";
import { formatLauncherModel, type LauncherModelJson } from "../launcher/launcherModel";
import { paramsFileOption } from "./paramsOption";
import { launcherFromArgs } from "../launcher/launcherModel";
import { processIo, type CliIo } from "./table";

export interface CalibrateArgs {
  shots: string;
  /** --params-file (alias --params): undefined or empty for the shipped files, ["none"] for the schema defaults. */
  paramsFile: readonly string[] | undefined;
  angle: number | undefined;
  /** Fit the drag coefficient: undefined for the recipe's choice (calibrationRecipe: held for a fixed launcher, fitted with a hood). */
  fitDrag?: "auto" | "yes" | "no";
  missSigma: number;
  outcomeSigma: number;
  /** 1-sigma of the drag coefficient's prior [1]; Infinity for none. */
  dragPriorSigma: number;
  /** Fit the wheel's efficiency_slope_spm too (fitLaunchCalibration's fitEfficiencySlope): undefined for the recipe's "auto". */
  fitSlope?: "auto" | "yes" | "no";
  /** 1-sigma of the efficiency slope's prior around the params' value [s/m]; Infinity (the default) for none. */
  slopePriorSigma?: number;
  /** Significance of the goodness-of-fit and outlier tests [1]; default DEFAULT_FIT_SIGNIFICANCE. */
  significance?: number;
  /** Plausible drag coefficient and efficiency [1]; defaults DEFAULT_PLAUSIBLE_DRAG and DEFAULT_PLAUSIBLE_EFFICIENCY. */
  dragMin?: number;
  dragMax?: number;
  efficiencyMin?: number;
  efficiencyMax?: number;
  /** Write --out even from a fit that fails its checks (the snippet says so). Default false. */
  force?: boolean;
  json: boolean;
  out: string | undefined;
  plot: string | undefined;
}

/** What the command did: its exit code (1: the fit failed its checks and --force was not given) and whether --out was written. */
export interface CalibrateOutcome {
  readonly exitCode: number;
  readonly judgement: CalibrationJudgement;
  readonly snippetWritten: boolean;
}

/** `calibrate --json`: the fit, then one entry per shot, the judgement of the fit and the model it started from. */
export interface CalibrateJson {
  efficiency: { estimate: number; standard_error: number; fitted: boolean };
  drag_coefficient: { estimate: number; standard_error: number; fitted: boolean };
  /** The wheel's efficiency_slope_spm [s/m]: fitted when the recipe or --fit-slope fits it, else the params' value. */
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
  /** P(chi-square >= chi_square) for a model that is right; null with no degree of freedom left. */
  p_value: number | null;
  judgement: {
    consistent: boolean;
    significance: number;
    outlier_bound: number;
    outliers: { line: number | null; residual: number }[];
    implausible: { parameter: string; estimate: number; min: number; max: number }[];
    problems: string[];
    notes: string[];
  };
  launcher_model: LauncherModelJson;
}

export function calibrationJson(fit: CalibrationResult, judgement: CalibrationJudgement, model: LauncherModelJson): CalibrateJson {
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
    p_value: Number.isNaN(judgement.pValue) ? null : judgement.pValue,
    judgement: {
      consistent: judgement.consistent,
      significance: judgement.significance,
      outlier_bound: judgement.outlierBound,
      outliers: judgement.outliers.map((o) => ({ line: o.line ?? null, residual: o.residual })),
      implausible: judgement.implausible.map((v) => ({ parameter: v.parameter, estimate: v.estimate, min: v.range.min, max: v.range.max })),
      problems: [...judgement.problems],
      notes: [...judgement.notes],
    },
    launcher_model: model,
  };
}

/**
 * The params YAML snippet to paste into (or pass after) the robot's params file. A fit that failed
 * its checks is written only with --force, and then says so in its header.
 */
export function calibrationYaml(
  fit: CalibrationResult,
  shotCount: number,
  source: string,
  judgement: CalibrationJudgement,
  modelFiles: readonly string[],
  held: HeldReasons,
): string {
  const wheel: Record<string, number> = { efficiency: round(fit.efficiency.estimate, 5) };
  // 1e-7 s/m moves the efficiency by under 3e-6 at the top of the scored range's surface speeds (about 24 m/s).
  if (fit.efficiencySlope.fitted) wheel.efficiency_slope_spm = round(fit.efficiencySlope.estimate, 7);
  const parameters: Record<string, Record<string, number>> = { wheel };
  if (fit.dragCoefficient.fitted) parameters.ballistics = { drag_coefficient: round(fit.dragCoefficient.estimate, 4) };
  const header = [
    `# robocon-shooter calibrate ${source}: ${shotCount} shots, starting from ${modelFiles.length === 0 ? "the schema defaults (--params-file none)" : modelFiles.join(", ")}`,
    ...(judgement.consistent
      ? [`# fit checked: chi-square ${fit.chiSquare.toFixed(2)} for ${fit.degreesOfFreedom} dof, p-value ${formatPValue(judgement.pValue)}; no outlier; values plausible`]
      : ["# FORCED (--force): this fit FAILED its checks; do not use it on the robot before the shots are understood:", ...judgement.problems.map((p) => `#   - ${p}`)]),
    `# wheel.efficiency ${fit.efficiency.estimate.toFixed(5)} +- ${fit.efficiency.standardError.toFixed(5)} (1 sigma)`,
    ...(fit.efficiencySlope.fitted
      ? [`# wheel.efficiency_slope_spm ${fit.efficiencySlope.estimate.toFixed(7)} +- ${fit.efficiencySlope.standardError.toFixed(7)} s/m (1 sigma)`]
      : []),
    fit.dragCoefficient.fitted
      ? `# ballistics.drag_coefficient ${fit.dragCoefficient.estimate.toFixed(4)} +- ${fit.dragCoefficient.standardError.toFixed(4)} (1 sigma)`
      : `# ballistics.drag_coefficient held at ${fit.dragCoefficient.estimate} (${held.drag})`,
  ];
  return `${header.join("\n")}\n${stringify({ launcher_control: { ros__parameters: parameters } })}`;
}

export async function runCalibrate(args: CalibrateArgs, io: CliIo = processIo): Promise<CalibrateOutcome> {
  let text: string;
  try {
    text = fs.readFileSync(args.shots, "utf8");
  } catch (error) {
    throw new Error(`cannot read ${args.shots}: ${(error as Error).message}`);
  }
  const shots = parseShotsCsv(text, args.shots);
  const launcher = launcherFromArgs({ paramsFile: args.paramsFile, angle: args.angle, magnus: true });
  const config = launcher.config;
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
      ...calibrationRecipe(config),
      ...(args.fitDrag === undefined ? {} : { fitDrag: args.fitDrag === "auto" ? "auto" : args.fitDrag === "yes" }),
      missSigma_m: args.missSigma,
      outcomeSigma_m: args.outcomeSigma,
      // The command line's prior wins; --drag-prior-sigma defaults to the same DEFAULT_DRAG_PRIOR_SIGMA.
      dragPriorSigma: args.dragPriorSigma,
      ...(args.fitSlope === undefined ? {} : { fitEfficiencySlope: args.fitSlope === "no" ? false : args.fitSlope === "auto" ? "auto" : true }),
      efficiencySlopePriorSigma: args.slopePriorSigma ?? Infinity,
    },
  );
  const judgement = judgeCalibration(fit, {
    significance: args.significance ?? DEFAULT_FIT_SIGNIFICANCE,
    dragCoefficientRange: { min: args.dragMin ?? DEFAULT_PLAUSIBLE_DRAG.min, max: args.dragMax ?? DEFAULT_PLAUSIBLE_DRAG.max },
    efficiencyRange: { min: args.efficiencyMin ?? DEFAULT_PLAUSIBLE_EFFICIENCY.min, max: args.efficiencyMax ?? DEFAULT_PLAUSIBLE_EFFICIENCY.max },
  });
  const force = args.force === true;
  const held = whyHeld(args, config);
  if (args.json) io.out(`${JSON.stringify(calibrationJson(fit, judgement, launcher.model))}\n`);
  else io.out(`${formatLauncherModel(launcher.model, 20)}\n\n${formatCalibration(fit, judgement, held)}`);
  const writeSnippet = args.out !== undefined && (judgement.consistent || force);
  if (args.out !== undefined && writeSnippet) {
    fs.writeFileSync(args.out, calibrationYaml(fit, shots.length, args.shots, judgement, launcher.parameters.selection.files, held));
    if (!args.json) io.out(`params snippet written to ${args.out}${judgement.consistent ? "" : " (forced: it says so in its header)"}\n`);
  }
  if (args.plot !== undefined) {
    fs.writeFileSync(args.plot, await residualPlotSvg(fit, new Set(judgement.outliers.flatMap((o) => (o.line === undefined ? [] : [o.line])))));
    if (!args.json) io.out(`residual plot written to ${args.plot}\n`);
  }
  if (!judgement.consistent) io.err(inconsistentFitMessage(judgement, args.out, force));
  return { exitCode: judgement.consistent || force ? 0 : 1, judgement, snippetWritten: writeSnippet };
}

/** stderr for a fit that failed its checks: why, and what to do. */
export function inconsistentFitMessage(judgement: CalibrationJudgement, out: string | undefined, force: boolean): string {
  const outcome =
    out === undefined
      ? "the fit FAILED its checks; do not put these values on the robot:"
      : force
        ? `the fit FAILED its checks; ${out} was written anyway (--force) and says so:`
        : `the fit FAILED its checks, so no params snippet was written to ${out}:`;
  const hints = [
    "What to do:",
    "  - check that the model above is the robot that shot (launch angle, wheel radius, release height: --params-file names the robot's params file);",
    ...(judgement.outliers.length > 0 ? ["  - check the lines named in the CSV (a misread miss, a wrong wheel speed or distance) and fix or drop them;"] : []),
    "  - check --miss-sigma and --outcome-sigma against how well the misses were read, or take more shots;",
    `  - or pass --force to ${out === undefined ? "accept the fit" : "write the snippet"} anyway.`,
  ];
  return `calibrate: ${outcome}\n${judgement.problems.map((p) => `  - ${p}`).join("\n")}\n${force ? "" : `${hints.join("\n")}\n`}`;
}

/** Why the drag or the slope was held at the params' value, for the printout. */
export interface HeldReasons {
  readonly drag: string;
  readonly slope: string;
}

function whyHeld(args: CalibrateArgs, config: LauncherConfig): HeldReasons {
  const tooFew = "the shots span too little distance or stand at too few distances";
  return {
    drag:
      args.fitDrag === "no"
        ? "--fit-drag no"
        : args.fitDrag === undefined && config.launch.mode === "fixed"
          ? "at one launch angle the drag looks like the efficiency's slope, so the recipe holds it; --fit-drag yes fits it"
          : tooFew,
    slope: args.fitSlope === "no" ? "--fit-slope no" : tooFew,
  };
}

export function formatCalibration(fit: CalibrationResult, judgement: CalibrationJudgement, held: HeldReasons): string {
  const lines = [
    `launch efficiency   ${fit.efficiency.estimate.toFixed(5)} +- ${fit.efficiency.standardError.toFixed(5)} (1 sigma)`,
    fit.dragCoefficient.fitted
      ? `drag coefficient    ${fit.dragCoefficient.estimate.toFixed(4)} +- ${fit.dragCoefficient.standardError.toFixed(4)} (1 sigma)`
      : `drag coefficient    ${fit.dragCoefficient.estimate} (held: ${held.drag})`,
    // The slope's line only when it matters: fitted, or held at a value other than none.
    ...(fit.efficiencySlope.fitted
      ? [`efficiency slope    ${fit.efficiencySlope.estimate.toFixed(7)} +- ${fit.efficiencySlope.standardError.toFixed(7)} s/m (1 sigma)`]
      : fit.efficiencySlope.estimate !== 0
        ? [`efficiency slope    ${fit.efficiencySlope.estimate} s/m (held: ${held.slope})`]
        : []),
    `chi-square          ${fit.chiSquare.toFixed(2)} for ${fit.degreesOfFreedom} degrees of freedom, p-value ${formatPValue(judgement.pValue)}${fit.converged ? "" : " (NOT converged)"}`,
    `verdict             ${
      judgement.consistent
        ? `consistent: p-value ${Number.isNaN(judgement.pValue) ? "not testable" : `>= ${judgement.significance}`}, no residual beyond +-${judgement.outlierBound.toFixed(2)}, values plausible`
        : "INCONSISTENT"
    }`,
    ...judgement.problems.map((p) => `  - ${p}`),
    ...judgement.notes.map((n) => `note                ${n}`),
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
        `${r.residual.toFixed(2).padStart(16)}${Math.abs(r.residual) > judgement.outlierBound ? "  OUTLIER" : ""}`,
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
  "params-file": string[] | undefined;
  params: string[] | undefined;
  angle: number | undefined;
  "fit-drag": "auto" | "yes" | "no" | undefined;
  "miss-sigma": number;
  "outcome-sigma": number;
  "drag-prior-sigma": number;
  "fit-slope": "auto" | "yes" | "no" | undefined;
  "slope-prior-sigma": number;
  significance: number;
  "drag-min": number;
  "drag-max": number;
  "efficiency-min": number;
  "efficiency-max": number;
  force: boolean;
  json: boolean;
  out: string | undefined;
  plot: string | undefined;
}

export const calibrateCommand: CommandModule<object, CalibrateCliArgs> = {
  command: "calibrate <shots>",
  describe:
    "Fit the launch efficiency (and the drag coefficient when the shots span enough distance, and with --fit-slope its change with wheel surface speed) to test shots: " +
    "CSV with distance_m, wheel_speed_radps and outcome (made | short | long) and/or miss_m (signed, long positive); optional launch_angle_rad. " +
    "Starts from launcher_control's parameters (default: the package's params/shooter.yaml) and prints that model with its source. " +
    "Then judges the fit: chi-square goodness of fit (p-value), outliers by CSV line, implausible efficiency or drag, convergence; " +
    "a fit that fails any of these exits 1 and writes no --out snippet unless --force",
  builder: (yargs) =>
    yargs
      .positional("shots", { type: "string", demandOption: true, describe: "CSV file of test shots" })
      .option("params-file", paramsFileOption("the launcher, the model the fit starts from"))
      .option("angle", { type: "number", describe: "Launch angle [rad] of the shots, overriding the params" })
      .option("fit-drag", {
        choices: ["auto", "yes", "no"] as const,
        describe: "Fit the drag coefficient too (default: the recipe the simulator and the calibration study use: held for a fixed launcher, whose shots cannot tell it from the slope; fitted with its prior for a hood)",
      })
      .option("miss-sigma", { type: "number", default: CALIBRATION_READING_SIGMA_M, describe: "1-sigma of a measured miss [m]" })
      .option("outcome-sigma", { type: "number", default: 0.05, describe: "1-sigma shot-to-shot scatter of the miss, for made/short/long [m]" })
      .option("drag-prior-sigma", {
        type: "number",
        default: DEFAULT_DRAG_PRIOR_SIGMA,
        describe: "1-sigma of the prior on the drag coefficient around the params' value [1] (Infinity: none); measured misses also weigh by the params' uncertainty.* spreads",
      })
      .option("fit-slope", {
        choices: ["auto", "yes", "no"] as const,
        describe:
          "(default auto, the recipe's) Fit wheel.efficiency_slope_spm (efficiency = e0 + slope * surface speed) too; auto: when the shots span 2 m and stand at as many distances as parameters, or --slope-prior-sigma is finite",
      })
      .option("slope-prior-sigma", {
        type: "number",
        default: Infinity,
        describe: "1-sigma of the prior on wheel.efficiency_slope_spm around the params' value [s/m] (Infinity: none); needed with shots at two distances only",
      })
      .option("significance", {
        type: "number",
        default: DEFAULT_FIT_SIGNIFICANCE,
        describe:
          "Significance of the fit's tests [1]: it fails when its chi-square p-value is below this, or when a shot's standardised residual is beyond " +
          "the Bonferroni bound (the two-sided normal quantile at significance / shots: 3.29 sigma for 10 shots at 0.01)",
      })
      .option("drag-min", { type: "number", default: DEFAULT_PLAUSIBLE_DRAG.min, describe: "Least plausible fitted drag coefficient [1] (a basketball: 0.47-0.54)" })
      .option("drag-max", { type: "number", default: DEFAULT_PLAUSIBLE_DRAG.max, describe: "Largest plausible fitted drag coefficient [1]" })
      .option("efficiency-min", { type: "number", default: DEFAULT_PLAUSIBLE_EFFICIENCY.min, describe: "Least plausible fitted launch efficiency, exit speed over wheel surface speed [1] (one wheel and a hood: about 0.5)" })
      .option("efficiency-max", { type: "number", default: DEFAULT_PLAUSIBLE_EFFICIENCY.max, describe: "Largest plausible fitted launch efficiency [1] (two opposed wheels: about 1)" })
      .option("force", { type: "boolean", default: false, describe: "Accept a fit that fails its checks: exit 0 and write --out anyway (its header says it was forced)" })
      .option("json", { type: "boolean", default: false, describe: "Print the fit, residuals, judgement and starting model as one JSON object" })
      .option("out", { type: "string", describe: "Write a params YAML snippet with the fitted values to this file (only from a fit that passes its checks, or with --force)" })
      .option("plot", { type: "string", describe: "Write the residuals plot to this SVG file: residual [m] against distance, each with the sigma the fit used" }),
  handler: async (args) => {
    const outcome = await runCalibrate({
      shots: args.shots,
      paramsFile: args["params-file"],
      angle: args.angle,
      fitDrag: args["fit-drag"],
      missSigma: args["miss-sigma"],
      outcomeSigma: args["outcome-sigma"],
      dragPriorSigma: args["drag-prior-sigma"],
      fitSlope: args["fit-slope"],
      slopePriorSigma: args["slope-prior-sigma"],
      significance: args.significance,
      dragMin: args["drag-min"],
      dragMax: args["drag-max"],
      efficiencyMin: args["efficiency-min"],
      efficiencyMax: args["efficiency-max"],
      force: args.force,
      json: args.json,
      out: args.out,
      plot: args.plot,
    });
    if (outcome.exitCode !== 0) process.exitCode = outcome.exitCode;
  },
};
