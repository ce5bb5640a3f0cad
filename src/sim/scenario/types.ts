import type { CourtSpec } from "../../core/court/courtMap";
import type { LauncherModelJson } from "../../launcher/launcherModel";
import type { SimShotRecord } from "../nodes/simLauncher";
import type { Proportion } from "../proportion";
import type { SensorSuite } from "../sensorLayouts";
import type { TrueWorld, TrueWorldTolerances } from "../truth/drawTrueWorld";
import type { ReleaseState } from "../truth/trueShot";

// What a scenario is asked (ScenarioOptions) and what it reports (SimReport); runScenario.ts re-exports them.

export type Baseline = "none" | "drag-free" | "raw-ranging" | "table7";
export const BASELINES: readonly Baseline[] = ["none", "drag-free", "raw-ranging", "table7"];

export interface ScenarioOptions {
  /** Scored shots. */
  readonly shots: number;
  readonly seed: number;
  readonly sensors: SensorSuite;
  /**
   * Test shots before the scored ones, fitted for efficiency and drag (0: no calibration). The
   * table7 baseline ignores it: it always takes 3 test shots at each of its 7 distances (21).
   */
  readonly calibrationShots: number;
  /**
   * Instead of test shots, set launcher_control's efficiency and drag to the controller's model
   * fitted to exact true flights across the scored range (no noise, true distances and wheel
   * speeds): the best the controller's simpler model can do, so the gap to a calibrated run is
   * what ten test shots cost. calibrationShots must be 0. Default false.
   */
  readonly knownPhysics?: boolean;
  /** Tell target_estimation the true court and sensor mounts instead of the configured ones. Default false. */
  readonly knownGeometry?: boolean;
  /** Every simulated laser exact (no noise, bias, quantisation or dropouts). Default false. */
  readonly perfectRanging?: boolean;
  /**
   * Shoot on the move: each scored shot is taken while the robot drives a 2 m path towards or away
   * from the hoop at this top speed [m/s], fired as soon as launcher_control's gate opens (0: stand
   * still for every shot). Default 0.
   */
  readonly movingSpeed?: number;
  readonly baseline: Baseline;
  readonly launcher: "fixed" | "hood";
  /**
   * The three nodes' params files, in `--params-file` order (selectParamsFiles: ["none"] for no
   * file). The true world is drawn around the court and mounts the estimator reads from them.
   * Default: params/shooter.yaml and `courtFile`.
   */
  readonly paramsFiles?: readonly string[];
  /** The court map file of the default `paramsFiles` (ignored when `paramsFiles` is given). Default params/court_abu2025.yaml. */
  readonly courtFile?: string;
  /**
   * Extra parameter overrides per node name (sim_world, sim_launcher, laser_ranging, ...), over
   * the params files and the suite's and baseline's own, for experiments. A key the node does not
   * declare fails its start-up.
   */
  readonly nodeParameters?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** How far the true world strays from the configured one (src/sim/truth/drawTrueWorld.ts defaults). */
  readonly tolerances?: TrueWorldTolerances;
  /** Write every topic to this MCAP bag. */
  readonly bag?: string;
  /**
   * Stop recording at the end of the shot after which the bag could pass this size [bytes]
   * (the largest shot so far and one open chunk ahead), closing it whole: the bag then holds
   * every topic at full rate up to that shot, and says so in its metadata. Default: no limit.
   */
  readonly bagLimitBytes?: number;
  /** Progress on stderr: a bar in a terminal, a line every few seconds elsewhere. */
  readonly progress?: boolean;
  /** Time the sensors and estimator get after the robot stops [s]. Default 1.5. */
  readonly settleTime?: number;
  /** How long `launcher/fire` is retried before the shot counts as declined [s]. Default 6 (the wheel spins up from one distance's speed to another's in 1-2 s, the estimate confirms a start in 2-4). */
  readonly fireTimeout?: number;
  /**
   * Seal the true world: any read of it outside the referee (scoring, oracle, tape measure)
   * throws. What the no-leak test runs; the results are the same either way. Default false.
   */
  readonly sealTruth?: boolean;
}

export interface ShotReport {
  readonly index: number;
  /** True release -> rim distance [m] and release point [m]. */
  readonly distance: number;
  readonly x: number;
  readonly y: number;
  /** Speed of the release point at release [m/s] (0 standing). */
  readonly speed: number;
  readonly made: boolean;
  /** short / long / wide, or declined (the launcher never fired), "" for a make. */
  readonly miss: string;
  /** Signed miss along the shot line at the rim plane [m] (+ long; -Infinity: never reached rim height; NaN: declined). */
  readonly along: number;
  /** Signed miss across the shot line at the rim plane [m] (+ left as the robot faces the hoop; NaN: declined). */
  readonly across: number;
  readonly oracleMade: boolean;
  /** Exit speed [m/s] relative to the launcher with this ball's spread, of the chain and of the oracle: their ratio is the chain's own speed error. */
  readonly exitSpeed: number;
  readonly oracleExitSpeed: number;
  /** The chain's ball's true launch angle above horizontal [rad] (NaN: declined). */
  readonly launchAngle: number;
  /** The distance the robot believed at the moment of the feed [m] (NaN: no valid estimate). */
  readonly estimatedDistance: number;
  /** For a declined shot: the launcher's last refusal of this shot (absent when it never answered). */
  readonly declined_because?: string;
}

/** What a scenario's bag holds. */
export interface BagSummary {
  readonly path: string;
  readonly bytes: number;
  readonly messages: number;
  /** The whole run, or only the first shots (the size limit was reached). */
  readonly complete: boolean;
  /** Shots whose every message is in the bag, of those taken. */
  readonly calibration_shots_recorded: number;
  readonly scored_shots_recorded: number;
  readonly limit_bytes: number | null;
}

/** The name of the metadata record a scenario's bag carries (MCAP metadata: a string map). */
export const SIM_BAG_METADATA = "robocon_shooter.sim";

export interface DistanceBand {
  readonly from_m: number;
  readonly to_m: number;
  readonly shots: number;
  readonly made: number;
  readonly oracle_made: number;
  /** Hit rates with their 95 % intervals (Wilson). */
  readonly hit_rate: Proportion;
  readonly oracle_hit_rate: Proportion;
}

export interface SimReport {
  readonly seed: number;
  readonly sensors: SensorSuite;
  readonly baseline: Baseline;
  readonly launcher: "fixed" | "hood";
  /** What the chain was given beyond a team's knowledge (the decomposition's steps). */
  readonly knowledge: { readonly known_physics: boolean; readonly known_geometry: boolean; readonly perfect_ranging: boolean };
  /** Top speed of the scored shots' paths [m/s] (0: standing). */
  readonly moving_speed: number;
  readonly shots: number;
  readonly made: number;
  readonly hit_rate: number;
  readonly hit_rate_interval: Proportion;
  readonly oracle_made: number;
  readonly oracle_hit_rate: number;
  readonly by_distance: DistanceBand[];
  readonly misses: { readonly short: number; readonly long: number; readonly wide: number; readonly declined: number };
  readonly calibration: {
    readonly shots: number;
    /** "test_shots", "perfect_fit" (knownPhysics), "table7" or "none". */
    readonly mode: string;
    readonly fitted_efficiency: number | null;
    /** Set when the shots spanned enough distance to fit it too. */
    readonly fitted_drag_coefficient: number | null;
    /** Test shots the launcher actually fired, and those usable (a valid distance estimate at the feed). */
    readonly fired: number;
    readonly used: number;
    readonly nominal_efficiency: number;
    readonly applied: boolean;
    /**
     * The test shots' fit judged as `robocon-shooter calibrate` judges it (judgeCalibration): its
     * chi-square p-value (null with no degree of freedom left) and what failed. Reported only: the
     * fitted values are applied either way. Null without test shots to fit (perfect_fit, table7, none).
     */
    readonly verdict: { readonly p_value: number | null; readonly consistent: boolean; readonly problems: readonly string[] } | null;
  };
  /** launcher_control's model as configured (params files and the scenario's overrides), before the calibration sets its fitted values. */
  readonly launcher_model: LauncherModelJson;
  /** Simulated seconds per wall-clock second. */
  readonly realtime_factor: number;
  readonly sim_time_s: number;
  readonly wall_time_s: number;
  /** Things the scenario could not do (test shots never fired, a calibration launcher_control refused ...). */
  readonly warnings: string[];
  readonly shot_log: ShotReport[];
  /**
   * Release state and true flight (court frame) of a few fired shots, for the flights plot: the
   * first SAMPLE_FLIGHTS_PER_VERDICT of each verdict (made, short, long, wide), so that misses are
   * drawn beside makes. `index`: the shot's place in shot_log.
   */
  readonly samples: { readonly index: number; readonly release: ReleaseState; readonly made: boolean; readonly trajectory: SimShotRecord["trajectory"] }[];
  /** The map the chain was given (the court file as target_estimation read it): fence, hoop, backboard, pole [m, rad]. */
  readonly court: CourtSpec;
  readonly bag_messages: number;
  /** The bag written (null: none): where, how big, and how much of the run it holds. */
  readonly bag: BagSummary | null;
  /** The run's drawn true world: court, mounts, physics, balls, and how each differs from the configured. */
  readonly truth: TrueWorld;
}
