import { DEFAULT_CALIBRATION_SHOTS } from "../core/calibration/calibrationPlan";
import { atLeast, median, reportOnly, type Benchmark, type Figure } from "./figure";
import { runScenario, type Baseline, type ScenarioOptions, type SimReport } from "../sim/runScenario";
import { proportion, type Proportion } from "../sim/proportion";
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

/** The nearest-rank percentile `p` (0-100] of a non-empty sample. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
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
function chainErrorFigures(prefix: string, runs: PooledRuns): Figure[] {
  const e = chainErrors(runs);
  return [
    reportOnly(`${prefix}.exit_speed_error_sd`, e.exitSpeedErrorSd, "%", `standard deviation of exit speed / oracle's - 1 over ${e.fired} fired shots (mean ${signed(e.exitSpeedErrorMean, 3)} %)`),
    reportOnly(`${prefix}.declined_oracle_missed`, e.declinedOracleMissed, "shots", `of ${e.declined} declined shots, those the oracle missed too`),
    reportOnly(`${prefix}.estimate_error_median`, e.estimateErrorMedian, "cm", `|estimated - true distance| at the shot over ${e.estimates} fired shots; signed median ${signed(e.estimateErrorSignedMedian, 1)} cm (+: estimate long)`),
    reportOnly(`${prefix}.estimate_error_p99`, e.estimateErrorP99, "cm", `99th percentile (nearest rank) of the same`),
    reportOnly(`${prefix}.estimate_error_max`, e.estimateErrorMax, "cm", `largest of the same`),
  ];
}

/** Pooled made and shots of several runs, as a proportion. */
function pooled(runs: PooledRuns): Proportion {
  return proportion(sum(runs, (r) => r.made), sum(runs, (r) => r.shots));
}

/** Standard error of the difference of two pooled hit rates [percentage points] (independent samples: conservative for shared balls). */
function differenceStandardError(a: PooledRuns, b: PooledRuns): number {
  const pa = pooled(a);
  const pb = pooled(b);
  return 100 * Math.sqrt((pa.rate * (1 - pa.rate)) / pa.trials + (pb.rate * (1 - pb.rate)) / pb.trials);
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
      const shots = options.quick ? 20 : SHOTS_PER_SEED;
      type Knowledge = Pick<ScenarioOptions, "knownPhysics" | "knownGeometry" | "perfectRanging" | "movingSpeed">;
      const run = async (sensors: SensorSuite, baseline: Baseline, launcher: "fixed" | "hood", knowledge: Knowledge = {}): Promise<PooledRuns> => {
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
      const figures: Figure[] = [];
      const mixed = await run("mixed", "none", "fixed");
      figures.push(atLeast("sim.mixed.hit_rate", pct(mixed), "%", Math.round(100 * (oraclePct(mixed) - 3)) / 100, `goal: the oracle - 3 points; ${note(mixed)}`));
      figures.push(...chainErrorFigures("sim.mixed", mixed));

      // Where the points go: the same seeds knowing one more thing at each step.
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
            `${step.name} ${pct(step.runs).toFixed(1)} % vs ${before.name} ${pct(before.runs).toFixed(1)} % (+- ${differenceStandardError(step.runs, before.runs).toFixed(1)} points, 1 SE); ${note(step.runs)}`,
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

      const tfmini = await run("tfmini", "none", "fixed");
      figures.push(atLeast("sim.tfmini.hit_rate", pct(tfmini), "%", Math.round(100 * (oraclePct(tfmini) - 8)) / 100, `goal: the oracle - 8 points; ${note(tfmini)}`));
      figures.push(...chainErrorFigures("sim.tfmini", tfmini));

      const moving = await run("mixed", "none", "fixed", { movingSpeed: MOVING_SPEED });
      const movingSpeeds = moving.flatMap((r) => r.shot_log.filter((s) => s.miss !== "declined").map((s) => s.speed));
      figures.push(
        atLeast(
          "sim.mixed_moving.hit_rate",
          pct(moving),
          "%",
          Math.round(100 * (oraclePct(moving) - 5)) / 100,
          `goal: the oracle - 5 points; 2 m paths towards or away from the hoop at up to ${MOVING_SPEED} m/s, fired when the gate opens (a shot not fired on the path is declined); speed at release median ${median(movingSpeeds).toFixed(2)} m/s over ${movingSpeeds.length} fired; ${note(moving)}`,
        ),
      );
      figures.push(reportOnly("sim.mixed_moving.declined", sum(moving, (r) => r.misses.declined), "shots", `of ${sum(moving, (r) => r.shots)}: the gate never opened on the path`));

      const hood = await run("mixed", "none", "hood");
      figures.push(reportOnly("sim.mixed_hood.hit_rate", pct(hood), "%", note(hood)));
      figures.push(reportOnly("sim.hood_oracle_gain", oraclePct(hood) - oraclePct(mixed), "points", `hood oracle ${oraclePct(hood).toFixed(1)} % vs fixed ${oraclePct(mixed).toFixed(1)} %`));
      for (const baseline of ["drag-free", "raw-ranging", "table7"] as const) {
        const b = await run("mixed", baseline, "fixed");
        const se = differenceStandardError(mixed, b);
        figures.push(
          atLeast(`sim.chain_minus_${baseline}_in_standard_errors`, (pct(mixed) - pct(b)) / se, "SE", 3, `chain ${pct(mixed).toFixed(1)} % vs ${baseline} ${pct(b).toFixed(1)} %, a difference of ${(pct(mixed) - pct(b)).toFixed(1)} points, SE ${se.toFixed(1)}; ${note(b)}`),
        );
      }
      const rates = [mixed, tfmini, moving, hood].flatMap((runs) => runs.map((report) => report.realtime_factor));
      figures.push(atLeast("sim.realtime_factor", median(rates), "x", 50, `median of the ${rates.length} mixed / tfmini / moving / hood runs (${Math.min(...rates).toFixed(0)}-${Math.max(...rates).toFixed(0)} x), the drawn true world included`));
      return figures;
    },
  },
];
