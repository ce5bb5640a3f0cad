import { atLeast, type Benchmark, type Figure } from "./figure";
import { runScenario, type Baseline, type ScenarioOptions, type SimReport } from "../sim/runScenario";
import type { SensorSuite } from "../sim/sensorLayouts";

const SEED = 2025;

function pct(r: SimReport): number {
  return 100 * r.hit_rate;
}

function note(r: SimReport): string {
  const c = r.calibration;
  const fitted = c.fitted_efficiency === null ? "none" : c.fitted_efficiency.toFixed(4);
  return `oracle ${(100 * r.oracle_hit_rate).toFixed(1)} %, ${r.shots} shots, declined ${r.misses.declined}, short ${r.misses.short}, long ${r.misses.long}; efficiency fitted ${fitted} true ${c.true_efficiency.toFixed(4)}${r.warnings.length > 0 ? `; ${r.warnings.length} warning(s): ${r.warnings[0] ?? ""}` : ""}`;
}

/**
 * The simulator's goals (issue 6): hit rates beside their oracle, the baselines in the same run,
 * and the simulation speed. Fixed seeds; >= 1000 scored shots each on a full run.
 */
export const simBenchmarks: Benchmark[] = [
  {
    name: "simulator: hit rate beside the oracle, baselines, speed",
    async run(options) {
      const shots = options.quick ? 20 : 1000;
      const run = async (sensors: SensorSuite, baseline: Baseline, launcher: "fixed" | "hood"): Promise<SimReport> => {
        options.progress(`sim --sensors ${sensors} --baseline ${baseline} --launcher ${launcher} --shots ${shots}`);
        // table7 ignores calibrationShots: it takes its own 21 (3 at each of its 7 distances).
        const scenario: ScenarioOptions = { shots, seed: SEED, sensors, calibrationShots: 10, baseline, launcher };
        return runScenario(scenario);
      };
      const figures: Figure[] = [];
      const mixed = await run("mixed", "none", "fixed");
      figures.push(atLeast("sim.mixed.hit_rate", pct(mixed), "%", Math.round(100 * (100 * mixed.oracle_hit_rate - 1)) / 100, note(mixed)));
      const tfmini = await run("tfmini", "none", "fixed");
      figures.push(atLeast("sim.tfmini.hit_rate", pct(tfmini), "%", Math.round(100 * (100 * tfmini.oracle_hit_rate - 5)) / 100, note(tfmini)));
      const hood = await run("mixed", "none", "hood");
      figures.push(atLeast("sim.mixed_hood.hit_rate", pct(hood), "%", Math.round(100 * (100 * hood.oracle_hit_rate - 1)) / 100, note(hood)));
      figures.push(atLeast("sim.hood_oracle_gain", 100 * (hood.oracle_hit_rate - mixed.oracle_hit_rate), "points", 0, `hood oracle ${(100 * hood.oracle_hit_rate).toFixed(1)} % vs fixed ${(100 * mixed.oracle_hit_rate).toFixed(1)} %`));
      for (const baseline of ["drag-free", "raw-ranging", "table7"] as const) {
        const b = await run("mixed", baseline, "fixed");
        figures.push(atLeast(`sim.chain_minus_${baseline}`, pct(mixed) - pct(b), "points", 0.01, `chain ${pct(mixed).toFixed(1)} % vs ${baseline} ${pct(b).toFixed(1)} %; ${note(b)}`));
      }
      const rates = [mixed, tfmini, hood].map((r) => r.realtime_factor).sort((x, y) => x - y);
      figures.push(atLeast("sim.realtime_factor", rates[1] ?? 0, "x", 50, `median of the mixed / tfmini / hood runs: ${rates.map((r) => r.toFixed(0)).join(", ")} x`));
      return figures;
    },
  },
];
