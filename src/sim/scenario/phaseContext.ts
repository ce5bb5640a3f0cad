import type { SeededRandom } from "../../core/random/SeededRandom";
import type { SimLauncherWorld } from "../nodes/simLauncher";
import type { ScenarioBag } from "./ScenarioBag";
import type { ScenarioOperator } from "./ScenarioOperator";
import type { ScenarioProgress } from "./ScenarioProgress";
import type { TeamTopics } from "./teamTopics";

/** What every shot-taking phase (calibration, scored shots) uses: the operator, the team's topics, the referee's truth, the bag and the progress line. */
export interface ShotPhaseContext {
  readonly operator: ScenarioOperator;
  readonly team: TeamTopics;
  readonly world: SimLauncherWorld;
  /** The true hoop's centre on the court [m]. */
  readonly trueHoop: { readonly x: number; readonly y: number };
  /** The run's root random source: each phase forks its own streams. */
  readonly random: SeededRandom;
  readonly bag: ScenarioBag;
  readonly progress: ScenarioProgress;
}
