import { runScenario, type ScenarioOptions, type SimReport } from "./runScenario";
import { proportion, type Proportion } from "./proportion";

/**
 * Where the points go between the chain and the oracle: the same seed (the same true world,
 * positions and balls) run again with one more thing known at each step, so a team sees which
 * part of the chain costs how much. The steps add up: each one keeps what the step before knew.
 */
export interface DecompositionStep {
  /** What the chain knows at this step beyond a team. */
  readonly name: "chain" | "known_physics" | "known_geometry" | "perfect_ranging";
  readonly description: string;
  readonly hit_rate: Proportion;
  /** Points gained over the step before [percentage points]. */
  readonly gain_points: number;
}

export interface Decomposition {
  readonly steps: DecompositionStep[];
  readonly oracle_hit_rate: Proportion;
  /** Oracle minus the last step [percentage points]: what the controller's model and the launcher's own limits leave. */
  readonly remaining_points: number;
  readonly reports: SimReport[];
}

type StepKnowledge = Pick<ScenarioOptions, "knownPhysics" | "knownGeometry" | "perfectRanging">;

const STEPS: readonly { readonly name: DecompositionStep["name"]; readonly description: string; readonly knows: StepKnowledge }[] = [
  { name: "chain", description: "as shipped: test shots, the configured court and mounts, the sensors' own noise", knows: {} },
  { name: "known_physics", description: "the controller's model fitted to exact true flights instead of test shots", knows: { knownPhysics: true } },
  { name: "known_geometry", description: "and the estimator told the true court and sensor mounts", knows: { knownPhysics: true, knownGeometry: true } },
  { name: "perfect_ranging", description: "and every laser exact (no noise, bias or dropouts)", knows: { knownPhysics: true, knownGeometry: true, perfectRanging: true } },
];

/** Runs the decomposition of `options` (its baseline must be none); `onStep` hears each step's start. */
export async function decompose(options: ScenarioOptions, onStep?: (name: string) => void): Promise<Decomposition> {
  if (options.baseline !== "none") throw new Error(`the decomposition is of the full chain: baseline must be none, got ${options.baseline}`);
  // No bag: four runs would write four.
  const { bag: _bag, ...shared } = options;
  const reports: SimReport[] = [];
  const steps: DecompositionStep[] = [];
  for (const step of STEPS) {
    onStep?.(step.name);
    const report = await runScenario({ ...shared, ...step.knows, calibrationShots: step.knows.knownPhysics === true ? 0 : options.calibrationShots });
    reports.push(report);
    const previous = steps[steps.length - 1];
    const rate = proportion(report.made, report.shots);
    steps.push({ name: step.name, description: step.description, hit_rate: rate, gain_points: previous === undefined ? 0 : 100 * (rate.rate - previous.hit_rate.rate) });
  }
  const first = reports[0];
  const last = steps[steps.length - 1];
  if (first === undefined || last === undefined) throw new Error("no decomposition step ran");
  const oracle = proportion(first.oracle_made, first.shots);
  return { steps, oracle_hit_rate: oracle, remaining_points: 100 * (oracle.rate - last.hit_rate.rate), reports };
}
