import { DEFAULT_CALIBRATION_SHOTS } from "../core/calibration/calibrationPlan";
import { atLeast, judgedOnFullRuns, median, percentile, reportOnly, timing, type Benchmark, type BenchOptions, type Figure } from "./figure";
import { runScenario, type Baseline, type ScenarioOptions, type SimReport } from "../sim/runScenario";
import { differenceInStandardErrors, pairedDifference, type PairedDifference } from "../sim/proportion";
import type { SensorSuite } from "../sim/sensorLayouts";

/**
 * One seed is one world: its own drawn court, mounts, launcher, flight and balls
 * (src/sim/truth/drawTrueWorld.ts), and its own ten test shots. A hit rate after calibration
 * moves with the calibration's luck, so each figure pools five seeds of 200 shots rather than one
 * of 1000.
 *
 * HELD OUT: no parameter, default or threshold of the package was tuned on these seeds. Seeds
 * 2025-2029 (the simulator's figures before the true world was drawn) and the seeds of
 * test/sim were looked at while building; they are development seeds and are not scored here.
 */
export const HELD_OUT_SEEDS = [14_140_001, 14_140_002, 14_140_003, 14_140_004, 14_140_005];
const SHOTS_PER_SEED = 200;
/** The moving figure's top speed [m/s] (issue 14: moving at up to 1 m/s). */
const MOVING_SPEED = 1;

/** Several seeded runs of one configuration, pooled. */
type PooledRuns = readonly SimReport[];

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  return items.reduce((total, item) => total + f(item), 0);
}

function pct(runs: PooledRuns): number {
  return (100 * sum(runs, (r) => r.made)) / sum(runs, (r) => r.shots);
}

function oraclePct(runs: PooledRuns): number {
  return (100 * sum(runs, (r) => r.oracle_made)) / sum(runs, (r) => r.shots);
}

function standardDeviation(values: readonly number[]): number {
  const mean = sum(values, (v) => v) / values.length;
  return Math.sqrt(sum(values, (v) => (v - mean) ** 2) / (values.length - 1));
}

/** What the chain itself got wrong over the pooled shots, beside the oracle that shot the same balls. */
interface ChainErrors {
  readonly fired: number;
  /** exitSpeed / oracleExitSpeed - 1 over the fired shots [%]: its mean and standard deviation. */
  readonly exitSpeedErrorMean: number;
  readonly exitSpeedErrorSd: number;
  readonly declined: number;
  /** Declined shots the oracle missed too: a decline that cost nothing. */
  readonly declinedOracleMissed: number;
  /** Fired shots with a distance estimate at the moment of firing. */
  readonly estimates: number;
  /** |estimated - true distance| at the shot [cm]: median, 99th percentile, largest; and the signed median (+ long). */
  readonly estimateErrorMedian: number;
  readonly estimateErrorP99: number;
  readonly estimateErrorMax: number;
  readonly estimateErrorSignedMedian: number;
}

/** chainErrors already worked out, per pooled run set: the note and the figures quote the same numbers. */
const chainErrorsOf = new WeakMap<PooledRuns, ChainErrors>();

function chainErrors(runs: PooledRuns): ChainErrors {
  const known = chainErrorsOf.get(runs);
  if (known !== undefined) return known;
  const e = computeChainErrors(runs);
  chainErrorsOf.set(runs, e);
  return e;
}

function computeChainErrors(runs: PooledRuns): ChainErrors {
  const shots = runs.flatMap((r) => r.shot_log);
  const fired = shots.filter((s) => Number.isFinite(s.exitSpeed));
  const speedErrors = fired.map((s) => 100 * (s.exitSpeed / s.oracleExitSpeed - 1));
  const declined = shots.filter((s) => s.miss === "declined");
  const signedEstimateErrors = fired.filter((s) => Number.isFinite(s.estimatedDistance)).map((s) => 100 * (s.estimatedDistance - s.distance));
  const estimateErrors = signedEstimateErrors.map(Math.abs);
  const noEstimate = estimateErrors.length === 0;
  return {
    fired: fired.length,
    exitSpeedErrorMean: sum(speedErrors, (e) => e) / speedErrors.length,
    exitSpeedErrorSd: standardDeviation(speedErrors),
    declined: declined.length,
    declinedOracleMissed: declined.filter((s) => !s.oracleMade).length,
    estimates: estimateErrors.length,
    estimateErrorMedian: noEstimate ? Number.NaN : median(estimateErrors),
    estimateErrorP99: noEstimate ? Number.NaN : percentile(estimateErrors, 99),
    estimateErrorMax: noEstimate ? Number.NaN : Math.max(...estimateErrors),
    estimateErrorSignedMedian: noEstimate ? Number.NaN : median(signedEstimateErrors),
  };
}

function signed(value: number, digits: number): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(digits)}`;
}

function note(runs: PooledRuns): string {
  const efficiencyErrors = runs
    .filter((r) => r.calibration.fitted_efficiency !== null)
    .map((r) => (100 * ((r.calibration.fitted_efficiency ?? NaN) - r.truth.physics.efficiency)) / r.truth.physics.efficiency);
  const warnings = runs.flatMap((r) => r.warnings);
  const e = chainErrors(runs);
  return (
    `oracle ${oraclePct(runs).toFixed(1)} %, ${sum(runs, (r) => r.shots)} shots over seeds ${runs.map((r) => r.seed).join(", ")}, ` +
    `declined ${sum(runs, (r) => r.misses.declined)} (the oracle missed ${e.declinedOracleMissed} of them too), short ${sum(runs, (r) => r.misses.short)}, long ${sum(runs, (r) => r.misses.long)}, wide ${sum(runs, (r) => r.misses.wide)}; ` +
    `exit speed / oracle's - 1 over ${e.fired} fired: mean ${signed(e.exitSpeedErrorMean, 3)} %, sd ${e.exitSpeedErrorSd.toFixed(3)} %; ` +
    `|estimate - distance| at the shot over ${e.estimates}: median ${e.estimateErrorMedian.toFixed(1)} cm (signed ${signed(e.estimateErrorSignedMedian, 1)}), p99 ${e.estimateErrorP99.toFixed(1)}, max ${e.estimateErrorMax.toFixed(1)} cm` +
    (efficiencyErrors.length > 0 ? `; fitted - true efficiency per seed (the true one is at 18 m/s surface speed and falls with speed: the fit sees the average over its shots) ${efficiencyErrors.map((error) => signed(error, 2)).join(", ")} %` : "") +
    (warnings.length > 0 ? `; ${warnings.length} warning(s): ${warnings[0] ?? ""}` : "")
  );
}

/** The chain's own errors of one configuration as figures of their own (the design notes quote them). */
/** Name suffixes of the figures on a configuration the robot does not ship (params/shooter.yaml: DT35s and a lidar, a fixed hood). */
const TFMINI_NOT_SHIPPED = " (TFmini suite, not shipped)";
const HOOD_NOT_SHIPPED = " (adjustable hood, not shipped)";

function chainErrorFigures(prefix: string, runs: PooledRuns, suffix = ""): Figure[] {
  const e = chainErrors(runs);
  return [
    reportOnly(`${prefix}.exit_speed_error_sd${suffix}`, e.exitSpeedErrorSd, "%", `standard deviation of exit speed / oracle's - 1 over ${e.fired} fired shots (mean ${signed(e.exitSpeedErrorMean, 3)} %)`),
    reportOnly(`${prefix}.declined_oracle_missed${suffix}`, e.declinedOracleMissed, "shots", `of ${e.declined} declined shots, those the oracle missed too`),
    reportOnly(`${prefix}.estimate_error_median${suffix}`, e.estimateErrorMedian, "cm", `|estimated - true distance| at the shot over ${e.estimates} fired shots; signed median ${signed(e.estimateErrorSignedMedian, 1)} cm (+: estimate long)`),
    reportOnly(`${prefix}.estimate_error_p99${suffix}`, e.estimateErrorP99, "cm", `99th percentile (nearest rank) of the same`),
    reportOnly(`${prefix}.estimate_error_max`, e.estimateErrorMax, "cm", `largest of the same`),
  ];
}

/** A release this far from its pair's [m] means the two runs did not shoot from the same spots. */
const PAIRING_TOLERANCE_M = 0.05;

/**
 * Two configurations' scored shots on the same seeds, paired shot by shot: a seed fixes the true
 * world, the positions and the balls whatever the chain does (each drawn from its own stream), so
 * shot k of one run and shot k of the other are the same shot. Checked, not assumed: the seeds,
 * the shot counts and each pair's release point must agree (standing shots; a moving shot's
 * release depends on when the gate opened).
 */
function paired(a: PooledRuns, b: PooledRuns): PairedDifference {
  const made = (runs: PooledRuns): boolean[] => runs.flatMap((r) => r.shot_log.map((s) => s.made));
  if (a.length !== b.length) throw new Error(`paired runs differ: ${a.length} seeds against ${b.length}`);
  a.forEach((run, i) => {
    const other = b[i];
    if (other?.seed !== run.seed || other.shot_log.length !== run.shot_log.length) {
      throw new Error(`paired runs differ: seed ${run.seed} with ${run.shot_log.length} shots against seed ${String(other?.seed)} with ${String(other?.shot_log.length)}`);
    }
    run.shot_log.forEach((shot, k) => {
      const pair = other.shot_log[k];
      if (pair === undefined || Math.hypot(shot.x - pair.x, shot.y - pair.y) > PAIRING_TOLERANCE_M) {
        throw new Error(`seed ${run.seed} shot ${k}: released at (${shot.x.toFixed(2)}, ${shot.y.toFixed(2)}) m in one run, (${pair?.x.toFixed(2) ?? "-"}, ${pair?.y.toFixed(2) ?? "-"}) m in the other: not the same shot`);
      }
    });
  });
  return pairedDifference(made(a), made(b));
}

/** The smallest gain [percentage points] `shots` paired shots can show at `standardErrors`: k more makes and no fewer. */
function smallestShowableGain(shots: number, standardErrors: number): number {
  for (let k = 1; k <= shots; k++) {
    const a = Array.from({ length: shots }, (_, i) => i < k);
    if (differenceInStandardErrors(pairedDifference(a, new Array<boolean>(shots).fill(false))) >= standardErrors) return (100 * k) / shots;
  }
  return Infinity;
}

/** Issue 16: the simulation at 100 times real time or faster, the hood's included. */
const REALTIME_GOAL_X = 100;

/** How far ahead of a baseline the chain must be, in standard errors of the paired difference. */
const BASELINE_MARGIN_SE = 3;

/** The knowledge a run is given beyond a team's (the decomposition's steps), and shooting on the move. */
type Knowledge = Pick<ScenarioOptions, "knownPhysics" | "knownGeometry" | "perfectRanging" | "movingSpeed">;

/** Runs one configuration on every seed of the bench (one on --quick) and pools the reports. */
type RunPooled = (sensors: SensorSuite, baseline: Baseline, launcher: "fixed" | "hood", knowledge?: Knowledge) => Promise<PooledRuns>;

function pooledRunner(options: BenchOptions, seeds: readonly number[], shots: number): RunPooled {
  return async (sensors, baseline, launcher, knowledge = {}) => {
    const known = Object.entries(knowledge)
      .filter(([, v]) => v === true || (typeof v === "number" && v > 0))
      .map(([key, v]) => (v === true ? key : `${key} ${String(v)}`));
    options.progress(`sim --sensors ${sensors} --baseline ${baseline} --launcher ${launcher}${known.length > 0 ? ` (${known.join(", ")})` : ""}: ${seeds.length} held-out seeds x ${shots} shots`);
    const reports: SimReport[] = [];
    for (const seed of seeds) {
      // table7 ignores calibrationShots: it takes its own 21 (3 at each of its 7 distances).
      const scenario: ScenarioOptions = { shots, seed, sensors, calibrationShots: knowledge.knownPhysics === true ? 0 : DEFAULT_CALIBRATION_SHOTS, baseline, launcher, ...knowledge };
      reports.push(await runScenario(scenario));
    }
    return reports;
  };
}

/** Where the points go: the same seeds knowing one more thing at each step, each step's gain over the one before, and what remains to the oracle. */
async function decompositionFigures(run: RunPooled, mixed: PooledRuns): Promise<Figure[]> {
  const figures: Figure[] = [];
  const steps: { name: string; runs: PooledRuns }[] = [{ name: "chain", runs: mixed }];
  steps.push({ name: "known_physics", runs: await run("mixed", "none", "fixed", { knownPhysics: true }) });
  steps.push({ name: "known_geometry", runs: await run("mixed", "none", "fixed", { knownPhysics: true, knownGeometry: true }) });
  steps.push({ name: "perfect_ranging", runs: await run("mixed", "none", "fixed", { knownPhysics: true, knownGeometry: true, perfectRanging: true }) });
  steps.forEach((step, i) => {
    const before = steps[i - 1];
    if (before === undefined) return;
    figures.push(
      reportOnly(
        `sim.mixed.decomposition.${step.name}_gain`,
        pct(step.runs) - pct(before.runs),
        "points",
        `${step.name} ${pct(step.runs).toFixed(1)} % vs ${before.name} ${pct(before.runs).toFixed(1)} % (+- ${(100 * paired(step.runs, before.runs).standardError).toFixed(1)} points, 1 SE of the paired difference); ${note(step.runs)}`,
      ),
    );
  });
  const last = steps[steps.length - 1]?.runs ?? mixed;
  figures.push(
    reportOnly(
      "sim.mixed.decomposition.remaining_to_oracle",
      oraclePct(mixed) - pct(last),
      "points",
      `the oracle ${oraclePct(mixed).toFixed(1)} % minus the chain told the physics, the geometry and given exact lasers (${pct(last).toFixed(1)} %): what the controller's simpler model and the launcher's wheel (ripple, encoder noise, the drop) leave`,
    ),
  );
  return figures;
}

function movingFigures(moving: PooledRuns): Figure[] {
  const movingSpeeds = moving.flatMap((r) => r.shot_log.filter((s) => s.miss !== "declined").map((s) => s.speed));
  return [
    atLeast(
      "sim.mixed_moving.hit_rate",
      pct(moving),
      "%",
      Math.round(100 * (oraclePct(moving) - 5)) / 100,
      `goal: the oracle - 5 points; 2 m paths towards or away from the hoop at up to ${MOVING_SPEED} m/s, fired when the gate opens (a shot not fired on the path is declined); speed at release median ${median(movingSpeeds).toFixed(2)} m/s over ${movingSpeeds.length} fired; ${note(moving)}`,
    ),
    reportOnly("sim.mixed_moving.declined", sum(moving, (r) => r.misses.declined), "shots", `of ${sum(moving, (r) => r.shots)}: the gate never opened on the path`),
  ];
}

/** The chain ahead of each baseline by BASELINE_MARGIN_SE standard errors of the paired difference, on the same worlds, spots and balls. */
async function baselineFigures(run: RunPooled, mixed: PooledRuns, quick: boolean): Promise<Figure[]> {
  const figures: Figure[] = [];
  const scored = sum(mixed, (r) => r.shots);
  const showable = smallestShowableGain(scored, BASELINE_MARGIN_SE);
  for (const baseline of ["drag-free", "raw-ranging", "table7"] as const) {
    const b = await run("mixed", baseline, "fixed");
    const d = paired(mixed, b);
    const figure = atLeast(
      `sim.chain_minus_${baseline}_in_standard_errors`,
      differenceInStandardErrors(d),
      "SE",
      BASELINE_MARGIN_SE,
      `chain ${pct(mixed).toFixed(1)} % vs ${baseline} ${pct(b).toFixed(1)} %, a difference of ${(100 * d.difference).toFixed(1)} points over ${d.pairs} paired shots (the same worlds, spots and balls): ` +
        `${d.onlyA} made by the chain alone, ${d.onlyB} by ${baseline} alone, SE ${(100 * d.standardError).toFixed(1)} points (per-shot differences); ${note(b)}`,
    );
    // A margin shown on the quick run's few shots is shown; one not shown may be the sample's size, not the chain.
    figures.push(
      quick && !figure.meets
        ? judgedOnFullRuns(figure, `${scored} paired shots show ${BASELINE_MARGIN_SE} SE only for a gain of ${showable.toFixed(0)} points or more; a full run's ${HELD_OUT_SEEDS.length * SHOTS_PER_SEED} shots judge it`)
        : figure,
    );
  }
  return figures;
}

/** Simulated seconds per wall-clock second: every standing and moving run, and the hood's alone (its search is the slowest). */
function speedFigures(runs: readonly PooledRuns[], hood: PooledRuns): Figure[] {
  const rates = runs.flatMap((pooled) => pooled.map((report) => report.realtime_factor));
  const hoodRates = hood.map((report) => report.realtime_factor);
  return [
    timing(atLeast("sim.realtime_factor", median(rates), "x", REALTIME_GOAL_X, `median of the ${rates.length} mixed / tfmini / moving / hood runs (${Math.min(...rates).toFixed(0)}-${Math.max(...rates).toFixed(0)} x), the drawn true world included`)),
    timing(
      atLeast(
        `sim.hood.realtime_factor${HOOD_NOT_SHIPPED}`,
        median(hoodRates),
        "x",
        REALTIME_GOAL_X,
        `median of the ${hoodRates.length} hood runs (${Math.min(...hoodRates).toFixed(0)}-${Math.max(...hoodRates).toFixed(0)} x): the oracle searches the hood's angles, launcher_control its widest window`,
      ),
    ),
  ];
}

/**
 * The simulator's goals (issue 14), on HELD_OUT_SEEDS with the shipped params files: hit rates
 * beside their oracle (the same balls by true physics from the true release state), standing and
 * moving, the baselines in the same run, where the points go, and the simulation speed.
 */
export const simBenchmarks: Benchmark[] = [
  {
    name: "simulator: hit rate beside the oracle, baselines, moving shots, where the points go, speed",
    async run(options) {
      const seeds = options.quick ? HELD_OUT_SEEDS.slice(0, 1) : HELD_OUT_SEEDS;
      const run = pooledRunner(options, seeds, options.quick ? 20 : SHOTS_PER_SEED);
      const figures: Figure[] = [];
      const mixed = await run("mixed", "none", "fixed");
      figures.push(atLeast("sim.mixed.hit_rate", pct(mixed), "%", Math.round(100 * (oraclePct(mixed) - 3)) / 100, `goal: the oracle - 3 points; ${note(mixed)}`));
      figures.push(...chainErrorFigures("sim.mixed", mixed));
      figures.push(...(await decompositionFigures(run, mixed)));

      const tfmini = await run("tfmini", "none", "fixed");
      figures.push(atLeast(`sim.tfmini.hit_rate${TFMINI_NOT_SHIPPED}`, pct(tfmini), "%", Math.round(100 * (oraclePct(tfmini) - 8)) / 100, `goal: the oracle - 8 points; ${note(tfmini)}`));
      figures.push(...chainErrorFigures("sim.tfmini", tfmini, TFMINI_NOT_SHIPPED));

      const moving = await run("mixed", "none", "fixed", { movingSpeed: MOVING_SPEED });
      figures.push(...movingFigures(moving));

      const hood = await run("mixed", "none", "hood");
      // The hood has a degree of freedom the fixed launcher lacks: held to the fixed launcher's allowance.
      figures.push(atLeast(`sim.mixed_hood.hit_rate${HOOD_NOT_SHIPPED}`, pct(hood), "%", Math.round(100 * (oraclePct(hood) - 3)) / 100, `goal: the oracle - 3 points, as the fixed launcher; ${note(hood)}`));
      figures.push(reportOnly(`sim.hood_oracle_gain${HOOD_NOT_SHIPPED}`, oraclePct(hood) - oraclePct(mixed), "points", `hood oracle ${oraclePct(hood).toFixed(1)} % vs fixed ${oraclePct(mixed).toFixed(1)} %`));
      figures.push(...(await baselineFigures(run, mixed, options.quick)));
      figures.push(...speedFigures([mixed, tfmini, moving, hood], hood));
      return figures;
    },
  },
];
