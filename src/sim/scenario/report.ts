import type { CourtSpec } from "../../core/court/courtMap";
import type { LauncherModelJson } from "../../launcher/launcherModel";
import { proportion } from "../proportion";
import type { TrueWorld } from "../truth/drawTrueWorld";
import { asReferee } from "../truth/referee";
import type { CalibrationOutcome } from "./calibration";
import { SCORED_MAX_DISTANCE, SCORED_MIN_DISTANCE, type ScoredShots } from "./scoredShots";
import type { BagSummary, DistanceBand, ScenarioOptions, ShotReport, SimReport } from "./types";

/** What the scenario's phases produced, for its report. */
export interface ScenarioResults {
  readonly options: ScenarioOptions;
  readonly calibration: CalibrationOutcome;
  /** Test shots the calibration phase planned. */
  readonly calibrationShots: number;
  /** launcher_control's efficiency as configured, before the calibration. */
  readonly nominalEfficiency: number;
  readonly scored: ScoredShots;
  readonly launcherModel: LauncherModelJson;
  readonly court: CourtSpec;
  readonly truth: TrueWorld;
  readonly bag: BagSummary | null;
  readonly bagMessages: number;
  readonly warnings: string[];
  readonly simTime_s: number;
  readonly wallTime_s: number;
}

/** The scenario's report: hit rates beside the oracle's, overall and by distance, misses, calibration, and the run's log. */
export function scenarioReport(results: ScenarioResults): SimReport {
  const { options, scored, calibration } = results;
  const { shotLog, made } = scored;
  const count = (miss: string): number => shotLog.filter((s) => s.miss === miss).length;
  const oracleMade = shotLog.filter((s) => s.oracleMade).length;
  return {
    seed: options.seed,
    sensors: options.sensors,
    baseline: options.baseline,
    launcher: options.launcher,
    knowledge: { known_physics: options.knownPhysics === true, known_geometry: options.knownGeometry === true, perfect_ranging: options.perfectRanging === true },
    moving_speed: options.movingSpeed ?? 0,
    shots: options.shots,
    made,
    // validate() requires shots >= 1.
    hit_rate: made / options.shots,
    hit_rate_interval: proportion(made, options.shots),
    oracle_made: oracleMade,
    oracle_hit_rate: oracleMade / options.shots,
    by_distance: distanceBands(shotLog),
    misses: { short: count("short"), long: count("long"), wide: count("wide"), declined: count("declined") },
    calibration: {
      shots: results.calibrationShots,
      mode: calibration.mode,
      fitted_efficiency: calibration.fitted_efficiency,
      fitted_drag_coefficient: calibration.fitted_drag_coefficient,
      fired: calibration.fired,
      used: calibration.used,
      nominal_efficiency: results.nominalEfficiency,
      applied: calibration.applied,
      verdict: calibration.verdict,
    },
    launcher_model: results.launcherModel,
    realtime_factor: results.simTime_s / results.wallTime_s,
    sim_time_s: results.simTime_s,
    wall_time_s: results.wallTime_s,
    warnings: results.warnings,
    shot_log: shotLog,
    samples: scored.samples,
    bag_messages: results.bagMessages,
    bag: results.bag,
    truth: asReferee(() => {
      const truth = results.truth;
      return { court: truth.court, courtError: truth.courtError, mounts: truth.mounts, physics: truth.physics, balls: truth.balls };
    }),
    court: results.court,
  };
}

/** Hit rates in 1 m bands of true distance over the scored range, the oracle's beside them. */
function distanceBands(shotLog: readonly ShotReport[]): DistanceBand[] {
  const bands: DistanceBand[] = [];
  for (let from = Math.floor(SCORED_MIN_DISTANCE); from < Math.ceil(SCORED_MAX_DISTANCE); from++) {
    const inBand = shotLog.filter((s) => s.distance >= from && s.distance < from + 1);
    const bandMade = inBand.filter((s) => s.made).length;
    const bandOracle = inBand.filter((s) => s.oracleMade).length;
    bands.push({
      from_m: from,
      to_m: from + 1,
      shots: inBand.length,
      made: bandMade,
      oracle_made: bandOracle,
      hit_rate: proportion(bandMade, inBand.length),
      oracle_hit_rate: proportion(bandOracle, inBand.length),
    });
  }
  return bands;
}
