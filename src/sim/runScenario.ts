import * as fs from "node:fs";
import { McapRos2Writer } from "../bags/McapRos2Writer";
import type { CourtSpec, Pose2 } from "../core/court/courtMap";
import { courtMapFromParameters } from "../core/court/courtSchema";
import { selectParamsFiles } from "../package/defaultParams";
import { launcherModelJson, type LauncherModelJson } from "../launcher/launcherModel";
import { planarPose, header } from "../msgs/builders";
import type { Odometry } from "../msgs/types";
import { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import { loadParamsFiles } from "../runtime/paramsFile";
import { QoS } from "../runtime/qos";
import { BagRecorder } from "../bags/BagRecorder";
import { launcherConfigFromParameters, type LauncherConfig } from "../core/ballistics/launcherParameters";
import { alternatingCalibrationDistance, CALIBRATION_READING_SIGMA_M, calibrationRecipe } from "../core/calibration/calibrationPlan";
import { fitLaunchCalibration, type CalibrationShot } from "../core/calibration/fitLaunchCalibration";
import { judgeCalibration } from "../core/calibration/judgeCalibration";
import { isCovarianceStale } from "../core/estimation/targetOutput";
import type { ManagedNode } from "../runtime/ManagedNode";
import { createSimLauncher, type SimLauncherWorld, type SimShotRecord } from "./nodes/simLauncher";
import { SIM_TOPICS } from "./nodes/simParameters";
import { alignedLayout, armLauncher, bucket, chainNode, courtParameters, simLauncherParameters, SIM_START, startChain, startNode, stringList, suiteOverrides, type NodeOverrides } from "./simulatedChain";
import { simWorld } from "./nodes/simWorld";
import { proportion, type Proportion } from "./proportion";
import { ShotProgress, type ShotCounts } from "./shotProgress";
import { LAUNCHER_PARAMETERS } from "./scenarioParameters";
import { simWorldSensorParameters, type SensorLayout, type SensorSuite } from "./sensorLayouts";
import { SeededRandom } from "../core/random/SeededRandom";
import type { ShotVerdict } from "./RimJudge";
import { drawTrueWorld, type ConfiguredWorld, type TrueBall, type TrueWorld, type TrueWorldTolerances } from "./truth/drawTrueWorld";
import { asReferee, sealTruth } from "./truth/referee";
import { findRoot, NO_SPREAD, oracleCommand, oracleExitSpeed, type BallSpread, type ReleaseState } from "./truth/trueShot";

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

const DEG = Math.PI / 180;
/** The table7 baseline: 7 distances, each tuned by TABLE7_SHOTS_PER_KEY test shots. */
const TABLE7_KEYS = 7;
const TABLE7_SHOTS_PER_KEY = 3;
/** Scored positions: distance release -> rim centre [m]. */
const SCORED_MIN_DISTANCE = 2;
const SCORED_MAX_DISTANCE = 7;
/** A moving shot's path: its length [m] (centred on the drawn distance). */
const MOVING_PATH_LENGTH = 2;
/** Flights kept for the report's samples, of each verdict (made, short, long, wide). */
const SAMPLE_FLIGHTS_PER_VERDICT = 4;
/** Distances [m] of the exact flights the known-physics fit uses. */
const PERFECT_FIT_DISTANCES = [2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7];
/** The wheel speeds the known-physics fit searches [rad/s]: far below and above any shot's. */
const MIN_WHEEL_SPEED = 10;
const MAX_WHEEL_SPEED = 2000;

/**
 * The main job: the three nodes and the two simulation nodes on one in-process graph, in a true
 * world drawn around what the params files say (src/sim/truth). A calibration phase, then
 * `shots` scored shots from random positions (standing, or on the move), each judged at the
 * rim, beside the oracle: the same balls shot by true physics from the true release state.
 */
export async function runScenario(options: ScenarioOptions): Promise<SimReport> {
  validate(options);
  const wallStart = process.hrtime.bigint();
  const warnings: string[] = [];
  const selection = selectParamsFiles(options.paramsFiles, options.courtFile);
  const paramsFiles = selection.files;
  const extra = options.nodeParameters ?? {};
  const root = new SeededRandom(options.seed);
  const movingSpeed = options.movingSpeed ?? 0;

  // The chain, with the sensor suite's and the baseline's overrides.
  const chainOverrides = suiteOverrides(options.sensors, paramsFiles);
  // What set each of launcher_control's overrides, for the printed model.
  const launcherOverrides = new Map<string, string>();
  const credit = (label: string): void => {
    for (const key of Object.keys(bucket(chainOverrides, "launcher_control"))) if (!launcherOverrides.has(key)) launcherOverrides.set(key, label);
  };
  credit(`--sensors ${options.sensors}`);
  addBaselineOverrides(options.baseline, chainOverrides, paramsFiles);
  credit(`--baseline ${options.baseline}`);
  if (options.launcher === "hood") bucket(chainOverrides, "launcher_control")[LAUNCHER_PARAMETERS.launchMode] = "adjustable";
  credit("--launcher hood");
  for (const [name, values] of Object.entries(extra)) Object.assign(bucket(chainOverrides, name), values);
  for (const key of Object.keys(extra.launcher_control ?? {})) launcherOverrides.set(key, "the scenario's nodeParameters");

  // The true world, drawn around what the chain is configured with (read from a chain started
  // on a scratch graph, so that defaults and validation are the nodes' own).
  const configured = configuredWorld(paramsFiles, chainOverrides, options.sensors);
  const seal = <T extends object>(value: T, what: string): T => (options.sealTruth === true ? sealTruth(value, what) : value);
  const truth = seal(drawTrueWorld(configured.world, root.fork("truth"), options.tolerances), "the drawn true world");
  // Told the true geometry: a decomposition step, knowledge no team has.
  if (options.knownGeometry === true) Object.assign(bucket(chainOverrides, "target_estimation"), asReferee(() => knownGeometryOverrides(truth, configured.estimator)));

  const graph = new InProcessGraph({ startTime: 1_700_000_000 });
  const startTime = graph.clock.now();
  const chain = startChain(graph, paramsFiles, chainOverrides);
  const estimator = chainNode(chain, "target_estimation");
  const launcherControlNode = chainNode(chain, "launcher_control");
  const config = launcherConfigFromParameters(launcherControlNode.parameterValues);
  const fileSources = loadParamsFiles(paramsFiles, "launcher_control").sourceOf;
  const launcherModel = launcherModelJson(
    { selection, values: { ...launcherControlNode.parameterValues }, sourceOf: (key) => launcherOverrides.get(key) ?? fileSources(key) },
    config,
  );
  const mapSpec = courtMapFromParameters(estimator.parameterValues).spec;

  // The simulated world on the true court, with the true mounts and the true launcher.
  const trueCourt = asReferee(() => ({ ...truth.court }));
  const trueLayout = asReferee(() => withMounts(alignedLayout(options.sensors, estimator), truth));
  const worldValues: Record<string, unknown> = {
    ...trueCourt,
    seed: options.seed,
    ...simWorldSensorParameters(trueLayout),
    "sensors.perfect": options.perfectRanging === true,
    ...(movingSpeed > 0 ? { "motion.max_speed": movingSpeed } : {}),
    ...(extra.sim_world ?? {}),
  };
  const launcherValues: Record<string, unknown> = {
    ...simLauncherParameters(estimator, launcherControlNode, { seed: options.seed, hood: options.launcher === "hood" }),
    ...trueCourt,
    ...asReferee(() => trueLauncherParameters(truth)),
    ...(extra.sim_launcher ?? {}),
  };
  // The truth the sim_launcher hooks hand over (closures TypeScript's flow analysis does not follow).
  const seen: { world?: SimLauncherWorld; lastShot?: SimShotRecord } = {};
  let currentBall: BallSpread = NO_SPREAD;
  const simLauncherNode = graph.addNode(
    createSimLauncher({
      nextBall: () => currentBall,
      onWorld: (world) => {
        seen.world = seal(world, "sim_launcher's world");
      },
      onShot: (shot) => {
        seen.lastShot = seal(shot, "a released ball's record");
      },
    }),
    { parameters: launcherValues },
  );
  const worldNode = graph.addNode(simWorld, { parameters: { ...worldValues, "start.x": SIM_START.x, "start.y": SIM_START.y, "start.yaw": SIM_START.yaw } });
  for (const node of [worldNode, simLauncherNode]) startNode(node);
  const world = seen.world;
  if (world === undefined) throw new Error("sim_launcher did not hand out its world");
  const trueHoop = { x: numberOf(trueCourt, "court.hoop.x"), y: numberOf(trueCourt, "court.hoop.y") };

  // What the team has: the estimate, the encoder and the hood command, as logged at each feed.
  const team = watchTeamTopics(graph, config);
  // Where the robot really is, for driving the scenario (not for the chain): the last ground truth
  // (100 Hz), read when the scenario looks (every 20-50 ms).
  let groundTruth: Odometry | undefined;
  graph.binding("scenario").subscribe("nav_msgs/msg/Odometry", `/${SIM_TOPICS.groundTruth}`, { ...QoS.reliable, depth: 100 }, (m) => {
    groundTruth = m;
  });
  const truePose = (): { x: number; y: number; moving: boolean } => {
    if (groundTruth === undefined) return { x: 0, y: 0, moving: false };
    const t = groundTruth.twist.twist;
    const p = groundTruth.pose.pose.position;
    return { x: p.x, y: p.y, moving: Math.abs(t.linear.x) + Math.abs(t.linear.y) + Math.abs(t.angular.z) > 0 };
  };

  const writer = options.bag !== undefined ? await McapRos2Writer.toFile(options.bag) : undefined;
  const recorder = writer ? new BagRecorder(graph, writer) : undefined;
  // The operator arms the launcher before the first shot (after the recorder starts, so the bag has it).
  armLauncher(graph);
  /** Shots whose messages are all in the bag; the largest shot's bytes so far, for the size limit. */
  const recorded = { calibration: 0, scored: 0 };
  let largestShotBytes = 0;
  let bytesAtLastShot = 0;
  const bagMetadata = (calibrationTotal: number): ReadonlyMap<string, ReadonlyMap<string, string>> => {
    const complete = recorded.calibration === calibrationTotal && recorded.scored === options.shots;
    return new Map([
      [
        SIM_BAG_METADATA,
        new Map([
          ["recorded", complete ? "every topic at full rate, the whole run" : `every topic at full rate up to test shot ${recorded.calibration} of ${calibrationTotal} and scored shot ${recorded.scored} of ${options.shots}: the size limit was reached`],
          ["complete", String(complete)],
          ["calibration_shots_recorded", String(recorded.calibration)],
          ["scored_shots_recorded", String(recorded.scored)],
          ["limit_bytes", options.bagLimitBytes === undefined ? "none" : String(options.bagLimitBytes)],
          ["record_everything_with", "robocon-shooter sim --bag-full"],
          ["seed", String(options.seed)],
          ["sensors", options.sensors],
          ["baseline", options.baseline],
          ["launcher", options.launcher],
        ]),
      ],
    ]);
  };
  /**
   * A shot has ended: write its messages; with a size limit, stop recording (closing the bag
   * whole) when the next shot could take it past the limit.
   */
  const endOfShot = async (phase: "calibration" | "scored", calibrationTotal: number): Promise<void> => {
    if (recorder === undefined || recorder.isClosed) return;
    await recorder.flush();
    recorded[phase]++;
    const limit = options.bagLimitBytes;
    if (limit === undefined) return;
    const bytes = recorder.bytesWritten();
    largestShotBytes = Math.max(largestShotBytes, bytes - bytesAtLastShot);
    bytesAtLastShot = bytes;
    if (bytes + recorder.chunkSize + largestShotBytes > limit) await recorder.close(bagMetadata(calibrationTotal));
  };

  const releaseForward = asReferee(() => world.releaseForward);
  /** Robot pose that puts the release point `distance` from the true rim at bearing `phi` (from the hoop), facing it. */
  const poseFor = (distance: number, phi: number): Pose2 => {
    const r = distance + releaseForward;
    const x = trueHoop.x + r * Math.cos(phi);
    const y = trueHoop.y + r * Math.sin(phi);
    return { x, y, yaw: Math.atan2(trueHoop.y - y, trueHoop.x - x) };
  };
  const settle = options.settleTime ?? 1.5;
  const fireTimeout = options.fireTimeout ?? 6;
  let fireError: string | undefined;

  const driveTo = (pose: Pose2): void => {
    graph.publish("geometry_msgs/msg/PoseWithCovarianceStamped", "/sim/drive_to", {
      header: header(graph.clock.now(), "map"),
      pose: { pose: planarPose(pose.x, pose.y, pose.yaw), covariance: new Float64Array(36) },
    });
  };
  const driveAndSettle = (pose: Pose2): void => {
    driveTo(pose);
    const driveStart = graph.clock.now();
    graph.advance(0.05);
    const arrived = (): boolean => {
      const now = truePose();
      return !(now.moving || Math.hypot(now.x - pose.x, now.y - pose.y) > 1e-3);
    };
    while (!arrived() && graph.clock.now() - driveStart < 20) graph.advance(0.05);
    graph.advance(settle);
  };
  /** One press of launcher/fire: accepted, or the launcher's refusal. */
  const pressFire = (): { accepted: boolean; refusal?: string } => {
    try {
      const response = graph.call("std_srvs/srv/Trigger", "/launcher/fire", {});
      return response.success ? { accepted: true } : { accepted: false, refusal: response.message };
    } catch (error) {
      fireError = (error as Error).message;
      return { accepted: false };
    }
  };
  /** After an accepted press: the released ball, or undefined when none left within 0.5 s. */
  const awaitRelease = (): SimShotRecord | undefined => {
    const waitStart = graph.clock.now();
    while (seen.lastShot === undefined && graph.clock.now() - waitStart < 0.5) graph.advance(0.01);
    return seen.lastShot;
  };

  /** Presses launcher/fire every `step` s while `keepTrying()`: the released ball, or the launcher's last refusal of this shot. */
  const fireWhile = (keepTrying: () => boolean, step: number): { shot?: SimShotRecord; refusal?: string } => {
    let lastRefusal: string | undefined;
    while (keepTrying()) {
      const press = pressFire();
      if (press.refusal !== undefined) lastRefusal = press.refusal;
      if (press.accepted) {
        const shot = awaitRelease();
        if (shot !== undefined) return { shot };
      }
      graph.advance(step);
    }
    return lastRefusal === undefined ? {} : { refusal: lastRefusal };
  };
  /** The next ball's spread for sim_launcher and the oracle; forgets the last ball and feed. */
  const loadBall = (ball: BallSpread): void => {
    currentBall = ball;
    delete seen.lastShot;
    team.clearFeed();
  };

  /** Drives there, settles, fires; the released ball's record, or undefined when declined (with the launcher's last refusal of this shot). */
  const takeStandingShot = (pose: Pose2, ball: BallSpread): { shot?: SimShotRecord; refusal?: string } => {
    driveAndSettle(pose);
    loadBall(ball);
    const fireStart = graph.clock.now();
    return fireWhile(() => graph.clock.now() - fireStart < fireTimeout, 0.05);
  };

  /** Drives from `from` to `to` and fires as soon as the gate opens while moving; declined when it never does. */
  const takeMovingShot = (from: Pose2, to: Pose2, ball: BallSpread): { shot?: SimShotRecord; refusal?: string } => {
    driveAndSettle(from);
    loadBall(ball);
    driveTo(to);
    const driveStart = graph.clock.now();
    graph.advance(0.05);
    return fireWhile(() => truePose().moving && graph.clock.now() - driveStart < 20, 0.02);
  };

  // Calibration phase: test shots at a few distances, fitted by the same code as `robocon-shooter calibrate`.
  const table7 = options.baseline === "table7";
  const K = table7 ? TABLE7_KEYS * TABLE7_SHOTS_PER_KEY : options.calibrationShots;
  const wallSeconds = (): number => Number(process.hrtime.bigint() - wallStart) / 1e9;
  const progress = options.progress === true ? new ShotProgress(process.stderr, { now: wallSeconds }) : undefined;
  const counts = { calibrationDone: 0, scoredDone: 0, made: 0 };
  const progressCounts = (): ShotCounts => ({
    ...counts,
    calibrationTotal: K,
    scoredTotal: options.shots,
    simTime_s: graph.clock.now() - startTime,
    wallTime_s: wallSeconds(),
  });
  progress?.start(progressCounts());
  const calibrationRandom = root.fork("calibration");
  const tape = root.fork("tape");
  /** A test shot as the team logs it: the feed's encoder, estimate and hood command, and the tape's reading; undefined when not fired. */
  const testShot = (distance: number, k: number): CalibrationShot | undefined => {
    const phi = Math.PI + (k % 2 === 0 ? 1 : -1) * 15 * DEG;
    const { shot } = takeStandingShot(poseFor(distance, phi), drawSpread(world, calibrationRandom));
    counts.calibrationDone++;
    progress?.update(progressCounts());
    const feed = team.lastFeed();
    if (shot === undefined || feed === undefined) return undefined;
    const reading = asReferee(() => tapeReading(shot.verdict, tape));
    return { distance_m: feed.estimate, wheelSpeed_radps: feed.encoder, launchAngle_rad: feed.launchAngle, ...reading };
  };
  let fitted: { efficiency: number; dragCoefficient: number | undefined } | undefined;
  let verdict: SimReport["calibration"]["verdict"] = null;
  let applied = false;
  let fired = 0;
  let used = 0;
  let mode = "none";
  if (table7) {
    mode = "table7";
    // What FRC teams do: a distance -> wheel speed table, each point tuned by test shots there.
    const keys = Array.from({ length: TABLE7_KEYS }, (_, i) => SCORED_MIN_DISTANCE + (i * (SCORED_MAX_DISTANCE - SCORED_MIN_DISTANCE)) / (TABLE7_KEYS - 1));
    const factors = keys.map(() => 1);
    const setTable = (): boolean =>
      launcherControlNode.setParameters([
        { name: LAUNCHER_PARAMETERS.correctionKey, value: "distance" },
        { name: LAUNCHER_PARAMETERS.correctionKeys, value: keys },
        { name: LAUNCHER_PARAMETERS.correctionFactors, value: [...factors] },
      ]).successful;
    for (let i = 0; i < keys.length; i++) {
      for (let rep = 0; rep < TABLE7_SHOTS_PER_KEY; rep++) {
        setTable();
        const key = keys[i] ?? 0;
        const shot = testShot(key, rep);
        await endOfShot("calibration", K);
        if (shot === undefined) continue;
        fired++;
        // A made shot needs no change; flight length grows about as speed squared: a miss of m at distance d wants speed x (1 - m / 2d).
        const miss = shot.miss_m ?? (shot.outcome === "short" ? -0.5 : shot.outcome === "long" ? 0.5 : 0);
        factors[i] = Math.min(2, Math.max(0.5, (factors[i] ?? 1) * (1 - miss / (2 * key))));
      }
    }
    used = fired;
    applied = setTable();
  } else if (options.knownPhysics === true) {
    mode = "perfect_fit";
    const shots = asReferee(() => exactCalibrationShots(world, truth.balls, config, trueHoop));
    used = shots.length;
    const fit = fitCalibration(shots, config, options.baseline, 0.001);
    fitted = fit.fitted;
    applied = applyFit(launcherControlNode, fit.changes, warnings);
  } else if (K > 0) {
    mode = "test_shots";
    const shots: CalibrationShot[] = [];
    for (let k = 0; k < K; k++) {
      const shot = testShot(alternatingCalibrationDistance(k, K), k);
      if (shot !== undefined) {
        fired++;
        // A shot without a distance estimate is not a calibration shot: the team does not know where it stood.
        if (Number.isFinite(shot.distance_m) && Number.isFinite(shot.wheelSpeed_radps)) shots.push(shot);
      }
      await endOfShot("calibration", K);
    }
    used = shots.length;
    if (fired === 0) warnings.push(`calibration: none of the ${K} test shots was fired${fireError ? ` (${fireError})` : ""}`);
    else if (shots.length === 0) warnings.push(`calibration: none of the ${fired} fired test shots had a distance estimate at the feed`);
    else {
      const fit = fitCalibration(shots, config, options.baseline, CALIBRATION_READING_SIGMA_M);
      fitted = fit.fitted;
      verdict = fit.verdict;
      applied = applyFit(launcherControlNode, fit.changes, warnings);
    }
  }

  // Scored shots.
  const positions = root.fork("positions");
  const balls = root.fork("balls");
  const halfWidth = numberOf(trueCourt, "court.width") / 2 - 0.4;
  const halfLength = numberOf(trueCourt, "court.length") / 2 - 0.4;
  const inside = (pose: Pose2): boolean => Math.abs(pose.y) <= halfWidth && Math.abs(pose.x) <= halfLength;
  const shotLog: ShotReport[] = [];
  const samples: SimReport["samples"] = [];
  const sampledVerdicts = new Map<string, number>();
  let made = 0;
  for (let k = 0; k < options.shots; k++) {
    const ball = drawSpread(world, balls);
    let distance = SCORED_MIN_DISTANCE;
    let phi = Math.PI;
    for (let attempt = 0; attempt < 1000; attempt++) {
      // A moving shot's path stays within the scored distances: its centre is half a path inside them.
      const margin = movingSpeed > 0 ? MOVING_PATH_LENGTH / 2 : 0;
      const d = positions.between(SCORED_MIN_DISTANCE + margin, SCORED_MAX_DISTANCE - margin);
      const a = Math.PI + positions.between(-70, 70) * DEG;
      // A moving shot's whole path must stay on the court.
      const ends = movingSpeed > 0 ? [poseFor(d - MOVING_PATH_LENGTH / 2, a), poseFor(d + MOVING_PATH_LENGTH / 2, a)] : [poseFor(d, a)];
      if (ends.every(inside)) {
        distance = d;
        phi = a;
        break;
      }
    }
    const towards = positions.uniform() < 0.5;
    const taken =
      movingSpeed > 0
        ? takeMovingShot(poseFor(distance + (towards ? 1 : -1) * (MOVING_PATH_LENGTH / 2), phi), poseFor(distance - (towards ? 1 : -1) * (MOVING_PATH_LENGTH / 2), phi), ball)
        : takeStandingShot(poseFor(distance, phi), ball);
    const feed = taken.shot === undefined ? undefined : team.lastFeed();
    // The referee: the chain's ball as it flew, and the oracle's with the same ball from the same state.
    const scored = asReferee(() => {
      const shot = taken.shot;
      const release = shot?.release ?? world.releaseState(poseFor(distance, phi));
      const command = oracleCommand(world.shot, release, world.launchAngles, world.spreads);
      const oracle = command === undefined ? undefined : world.shot.fly(release, command.exitSpeed, command.launchAngle, ball);
      return {
        release,
        verdict: shot?.verdict,
        exitSpeed: shot?.exitSpeed ?? NaN,
        launchAngle: shot?.launchAngle ?? NaN,
        trajectory: shot?.trajectory,
        oracleMade: oracle?.verdict.made === true,
        oracleExitSpeed: oracle?.exitSpeed ?? NaN,
      };
    });
    const verdict: ShotVerdict | undefined = scored.verdict;
    if (verdict?.made === true) made++;
    counts.scoredDone++;
    counts.made = made;
    shotLog.push({
      index: k,
      distance: Math.hypot(trueHoop.x - scored.release.x, trueHoop.y - scored.release.y),
      x: scored.release.x,
      y: scored.release.y,
      speed: Math.hypot(scored.release.vx, scored.release.vy),
      made: verdict?.made === true,
      miss: verdict === undefined ? "declined" : verdict.made ? "" : verdict.miss,
      ...(verdict === undefined && taken.refusal !== undefined ? { declined_because: taken.refusal } : {}),
      along: verdict?.along ?? NaN,
      across: verdict?.across ?? NaN,
      oracleMade: scored.oracleMade,
      exitSpeed: scored.exitSpeed,
      oracleExitSpeed: scored.oracleExitSpeed,
      launchAngle: scored.launchAngle,
      estimatedDistance: feed?.estimate ?? NaN,
    });
    if (verdict !== undefined && scored.trajectory !== undefined) {
      const kind = verdict.made ? "made" : verdict.miss;
      if ((sampledVerdicts.get(kind) ?? 0) < SAMPLE_FLIGHTS_PER_VERDICT) {
        sampledVerdicts.set(kind, (sampledVerdicts.get(kind) ?? 0) + 1);
        samples.push({ index: k, release: scored.release, made: verdict.made, trajectory: scored.trajectory });
      }
    }
    progress?.update(progressCounts());
    await endOfShot("scored", K);
  }
  progress?.finish(progressCounts());
  if (fireError !== undefined && shotLog.every((s) => s.miss === "declined")) warnings.push(`launcher/fire: ${fireError}`);
  await recorder?.close(bagMetadata(K));
  const bagSummary: BagSummary | null =
    recorder === undefined || options.bag === undefined
      ? null
      : {
          path: options.bag,
          bytes: fs.statSync(options.bag).size,
          messages: recorder.messages,
          complete: recorded.calibration === K && recorded.scored === options.shots,
          calibration_shots_recorded: recorded.calibration,
          scored_shots_recorded: recorded.scored,
          limit_bytes: options.bagLimitBytes ?? null,
        };

  const simTime = graph.clock.now() - startTime;
  const wallTime = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const count = (miss: string): number => shotLog.filter((s) => s.miss === miss).length;
  const oracleMade = shotLog.filter((s) => s.oracleMade).length;
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
  return {
    seed: options.seed,
    sensors: options.sensors,
    baseline: options.baseline,
    launcher: options.launcher,
    knowledge: { known_physics: options.knownPhysics === true, known_geometry: options.knownGeometry === true, perfect_ranging: options.perfectRanging === true },
    moving_speed: movingSpeed,
    shots: options.shots,
    made,
    // validate() requires shots >= 1.
    hit_rate: made / options.shots,
    hit_rate_interval: proportion(made, options.shots),
    oracle_made: oracleMade,
    oracle_hit_rate: oracleMade / options.shots,
    by_distance: bands,
    misses: { short: count("short"), long: count("long"), wide: count("wide"), declined: count("declined") },
    calibration: {
      shots: K,
      mode,
      fitted_efficiency: fitted?.efficiency ?? null,
      fitted_drag_coefficient: fitted?.dragCoefficient ?? null,
      fired,
      used,
      nominal_efficiency: configured.world.efficiency,
      applied,
      verdict,
    },
    launcher_model: launcherModel,
    realtime_factor: simTime / wallTime,
    sim_time_s: simTime,
    wall_time_s: wallTime,
    warnings,
    shot_log: shotLog,
    samples,
    bag_messages: recorder?.messages ?? 0,
    bag: bagSummary,
    truth: asReferee(() => ({ court: truth.court, courtError: truth.courtError, mounts: truth.mounts, physics: truth.physics, balls: truth.balls })),
    court: mapSpec,
  };
}

/** A number of a parameter map (the true court's values are numbers by construction). */
function numberOf(values: Readonly<Record<string, unknown>>, key: string): number {
  const value = values[key];
  if (typeof value !== "number") throw new Error(`${key} is not a number: ${String(value)}`);
  return value;
}

/** One ball's own spread, drawn with the run's TRUE per-ball spreads. */
function drawSpread(world: SimLauncherWorld, random: SeededRandom): BallSpread {
  const spreads = asReferee(() => ({ ...world.spreads }));
  return {
    speedFactor: random.gaussian(0, spreads.exitSpeedSigmaFraction),
    angleError: random.gaussian(0, spreads.launchAngleSigma_rad),
    azimuthError: random.gaussian(0, spreads.azimuthSigma_rad),
  };
}

/**
 * What a team reads off a test shot with a tape or a phone video: made, or where the ball centre
 * crossed the rim plane along the shot line, to a few centimetres; a ball that never came down
 * through the rim plane is just short (or long).
 */
function tapeReading(verdict: ShotVerdict, random: SeededRandom): Pick<CalibrationShot, "outcome" | "miss_m"> {
  if (verdict.made) return { outcome: "made" };
  if (!Number.isFinite(verdict.along)) return { outcome: verdict.along < 0 ? "short" : "long" };
  return { miss_m: verdict.along + random.gaussian(0, CALIBRATION_READING_SIGMA_M) };
}

/** What the team's side sees on the topics: the valid estimate, the encoder and the hood command, latched at each feed. */
interface TeamTopics {
  /** The log of the last feed since clearFeed: estimate [m] (NaN when stale), encoder [rad/s], commanded launch angle [rad]. */
  lastFeed(): { readonly estimate: number; readonly encoder: number; readonly launchAngle: number } | undefined;
  clearFeed(): void;
}

function watchTeamTopics(graph: InProcessGraph, config: LauncherConfig): TeamTopics {
  const binding = graph.binding("team");
  let estimate = NaN;
  let encoder = NaN;
  let launchAngle = config.launch.mode === "fixed" ? config.launch.angle_rad : NaN;
  let feed: { estimate: number; encoder: number; launchAngle: number } | undefined;
  binding.subscribe("nav_msgs/msg/Odometry", "/target/estimate", { ...QoS.reliable, depth: 100 }, (m) => {
    const p = m.pose.pose.position;
    estimate = isCovarianceStale(m.pose.covariance) ? NaN : Math.hypot(p.x, p.y);
  });
  binding.subscribe("sensor_msgs/msg/JointState", "/joint_states", { ...QoS.sensorData, depth: 10 }, (m) => {
    const index = m.name.indexOf("flywheel_joint");
    const velocity = m.velocity[index];
    if (index >= 0 && velocity !== undefined) encoder = velocity;
  });
  binding.subscribe("std_msgs/msg/Float64", "/launcher/hood_command", { ...QoS.reliable, depth: 10 }, (m) => {
    launchAngle = m.data;
  });
  binding.subscribe("std_msgs/msg/Bool", "/launcher/feed", { ...QoS.reliable, depth: 10 }, (m) => {
    if (m.data) feed = { estimate, encoder, launchAngle };
  });
  return {
    lastFeed: () => feed,
    clearFeed: () => {
      feed = undefined;
    },
  };
}

/** The configured world a scenario's truth is drawn around, read from the chain's own validated parameters. */
function configuredWorld(paramsFiles: readonly string[], overrides: Readonly<NodeOverrides>, sensors: SensorSuite): { world: ConfiguredWorld; estimator: Readonly<Record<string, unknown>> } {
  const scratch = new InProcessGraph({ startTime: 0 });
  const chain = startChain(scratch, paramsFiles, overrides);
  const estimator = chainNode(chain, "target_estimation");
  const config = launcherConfigFromParameters(chainNode(chain, "launcher_control").parameterValues);
  const layout = alignedLayout(sensors, estimator);
  const mounts = layout.points.map((m) => ({ name: m.name, x: m.x, y: m.y, z: m.z, yaw: m.yaw }));
  if (layout.lidar && layout.lidarMount !== undefined) mounts.push({ name: "lidar", ...layout.lidarMount });
  const world: ConfiguredWorld = {
    court: courtParameters(estimator),
    mounts,
    efficiency: config.wheel.efficiency ?? 0.5,
    exitSpeedSigmaFraction: config.exitSpeedSigmaFraction,
    launchAngleSigma_rad: config.launchAngleSigma_rad,
    airDensity_kgpm3: config.model.air_density_kgpm3,
  };
  const values = { ...estimator.parameterValues };
  for (const node of chain.values()) node.shutdown();
  return { world, estimator: values };
}

/** The suite's layout with the true mounts in place of the configured ones. */
function withMounts(layout: SensorLayout, truth: TrueWorld): SensorLayout {
  const byName = new Map(truth.mounts.map((m) => [m.name, m]));
  const lidar = byName.get("lidar");
  return {
    ...layout,
    points: layout.points.map((m) => {
      const t = byName.get(m.name);
      return t === undefined ? m : { ...m, x: t.x, y: t.y, yaw: t.yaw };
    }),
    ...(lidar === undefined ? {} : { lidarMount: { x: lidar.x, y: lidar.y, z: lidar.z, yaw: lidar.yaw } }),
  };
}

/**
 * target_estimation told the truth about the geometry: the true court and mounts. A lidar's
 * virtual beams start at the lidar and turn with it, so they move by the lidar's error.
 */
function knownGeometryOverrides(truth: TrueWorld, estimator: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...truth.court };
  const lidar = truth.mounts.find((m) => m.name === "lidar");
  for (const name of stringList(estimator["range_inputs.names"])) {
    const mount = truth.mounts.find((m) => m.name === name) ?? lidar;
    if (mount === undefined) continue;
    const key = (field: string): string => `range_inputs.${name}.${field}`;
    const own = truth.mounts.some((m) => m.name === name);
    out[key("mount_x")] = own ? mount.x : numberOf(estimator, key("mount_x")) + mount.dx;
    out[key("mount_y")] = own ? mount.y : numberOf(estimator, key("mount_y")) + mount.dy;
    out[key("mount_yaw")] = own ? mount.yaw : numberOf(estimator, key("mount_yaw")) + mount.dyaw;
  }
  if (lidar !== undefined) {
    out["detection.mount_x"] = lidar.x;
    out["detection.mount_y"] = lidar.y;
    out["detection.mount_yaw"] = lidar.yaw;
  }
  return out;
}

/** sim_launcher's truth.* values from the drawn world. */
function trueLauncherParameters(truth: TrueWorld): Record<string, unknown> {
  const p = truth.physics;
  return {
    "truth.air_density": p.airDensity_kgpm3,
    "truth.drag_coefficient": p.dragCoefficient,
    "truth.critical_reynolds": p.criticalReynolds,
    "truth.efficiency": p.efficiency,
    "truth.slip_per_surface_speed": p.slipPerSurfaceSpeed_spm,
    "truth.spin_ratio": p.spinRatio,
    "truth.exit_speed_sigma": p.exitSpeedSigmaFraction,
    "truth.launch_angle_sigma": p.launchAngleSigma_rad,
    "truth.ball_masses": truth.balls.map((b) => b.mass_kg),
    "truth.ball_pressures": truth.balls.map((b) => b.pressureFactor),
  };
}

/**
 * Exact test shots for the known-physics fit: at each distance straight at the true rim, the
 * wheel speed whose ball (the set's balls in turn, no spread, no ripple) goes through the rim centre, found
 * by bisection through the true launcher and flight. A hood shoots at its two ends and middle.
 */
function exactCalibrationShots(world: SimLauncherWorld, balls: readonly TrueBall[], config: LauncherConfig, hoop: { x: number; y: number }): CalibrationShot[] {
  const angles = config.launch.mode === "fixed" ? [config.launch.angle_rad] : [config.launch.minAngle_rad, (config.launch.minAngle_rad + config.launch.maxAngle_rad) / 2, config.launch.maxAngle_rad];
  const shots: CalibrationShot[] = [];
  for (const angle of angles) {
    for (const distance of PERFECT_FIT_DISTANCES) {
      // The set's balls in turn, as the scored shots use them.
      const ball = balls[shots.length % balls.length] ?? { mass_kg: 0.6, pressureFactor: 1 };
      // Standing on the line to the rim, facing it, with the release point `distance` from the rim centre.
      const release = world.releaseState({ x: hoop.x - distance - world.releaseForward, y: hoop.y, yaw: 0 });
      const exitSpeed = oracleExitSpeed(world.shot, release, angle);
      if (exitSpeed === undefined) continue;
      const wheelSpeed = findRoot((w) => world.launcher.launch(w, ball).exitSpeed_mps - exitSpeed, MIN_WHEEL_SPEED, MAX_WHEEL_SPEED, 1e-6);
      if (wheelSpeed !== undefined) shots.push({ distance_m: distance, wheelSpeed_radps: wheelSpeed, miss_m: 0, launchAngle_rad: angle });
    }
  }
  return shots;
}

/**
 * Fits the controller's efficiency, its slope and drag to the shots (calibrationRecipe).
 * The drag-free baseline keeps what public Robocon code does: a vacuum model with the efficiency
 * alone calibrated (fitting the slope too would let it stand in for the missing drag).
 */
function fitCalibration(
  shots: readonly CalibrationShot[],
  config: LauncherConfig,
  baseline: Baseline,
  missSigma: number,
): {
  fitted: { efficiency: number; dragCoefficient: number | undefined };
  changes: { name: string; value: number }[];
  verdict: NonNullable<SimReport["calibration"]["verdict"]>;
} {
  // Every test shot carries its own launch angle; the model's is only the fallback the core's type requires.
  const launchAngle = config.launch.mode === "fixed" ? config.launch.angle_rad : (config.launch.minAngle_rad + config.launch.maxAngle_rad) / 2;
  const fit = fitLaunchCalibration(
    shots,
    { ballistics: config.model, wheel: config.wheel, launchAngle_rad: launchAngle },
    { ...calibrationRecipe(config), missSigma_m: missSigma, ...(baseline === "drag-free" ? { fitDrag: false, fitEfficiencySlope: false } : {}) },
  );
  // Judged as `calibrate` judges, for the report only: the values below are the fit's, whatever the verdict.
  const judgement = judgeCalibration(fit);
  return {
    fitted: { efficiency: fit.efficiency.estimate, dragCoefficient: fit.dragCoefficient.fitted ? fit.dragCoefficient.estimate : undefined },
    verdict: { p_value: Number.isNaN(judgement.pValue) ? null : judgement.pValue, consistent: judgement.consistent, problems: [...judgement.problems] },
    changes: [
      { name: LAUNCHER_PARAMETERS.efficiency, value: fit.efficiency.estimate },
      ...(fit.efficiencySlope.fitted ? [{ name: LAUNCHER_PARAMETERS.efficiencySlope, value: fit.efficiencySlope.estimate }] : []),
      ...(fit.dragCoefficient.fitted ? [{ name: LAUNCHER_PARAMETERS.dragCoefficient, value: Math.max(0, fit.dragCoefficient.estimate) }] : []),
    ],
  };
}

function applyFit(launcherControl: ManagedNode, changes: readonly { name: string; value: number }[], warnings: string[]): boolean {
  const result = launcherControl.setParameters(changes);
  if (!result.successful) warnings.push(`setting the fitted calibration on launcher_control failed: ${result.reason}`);
  return result.successful;
}

function validate(options: ScenarioOptions): void {
  if (!(Number.isInteger(options.shots) && options.shots >= 1)) throw new Error(`shots must be an integer >= 1, got ${options.shots}`);
  if (!(Number.isInteger(options.calibrationShots) && options.calibrationShots >= 0)) throw new Error(`calibrationShots must be an integer >= 0, got ${options.calibrationShots}`);
  if (options.knownPhysics === true && (options.calibrationShots !== 0 || options.baseline !== "none")) {
    throw new Error(`knownPhysics replaces the calibration: it needs calibrationShots 0 and baseline none, got ${options.calibrationShots} and ${options.baseline}`);
  }
  if (!Number.isInteger(options.seed)) throw new Error(`seed must be an integer, got ${options.seed}`);
  const speed = options.movingSpeed ?? 0;
  if (!(speed >= 0 && speed <= 3)) throw new Error(`movingSpeed must be in [0, 3] m/s, got ${speed}`);
}

/** Baseline hooks as parameter overrides of the chain's nodes. */
function addBaselineOverrides(baseline: Baseline, overrides: NodeOverrides, paramsFiles: readonly string[]): void {
  const launcher = bucket(overrides, "launcher_control");
  const ranging = bucket(overrides, "laser_ranging");
  const estimation = bucket(overrides, "target_estimation");
  // A team with a baseline setup has no make-probability gate: it fires once the wheel is at speed.
  if (baseline !== "none") launcher["gate.min_probability"] = 0;
  switch (baseline) {
    case "none":
      return;
    case "drag-free":
      launcher["ballistics.drag_coefficient"] = 0;
      return;
    case "raw-ranging": {
      // What a team without filtering or fusion gets: every reading as it comes (no median, spike
      // or stuck tests, no scan filters beyond the REP-117 gate), and an estimator that keeps no
      // memory (process noise so large that each reading overrides the past) and rejects nothing.
      const names = stringList(loadParamsFiles(paramsFiles, "laser_ranging").values["range_sensors.names"]);
      for (const name of names) {
        ranging[`range_sensors.${name}.median_window`] = 1;
        ranging[`range_sensors.${name}.spike_enabled`] = false;
        ranging[`range_sensors.${name}.stuck_repeats`] = 0;
      }
      ranging["scan_filters.names"] = ["gate"];
      estimation["ekf.process_noise"] = [100, 100, 10, 100, 100, 10];
      estimation["ekf.range_gate"] = 1e6;
      estimation["ekf.detection_gate"] = 1e6;
      return;
    }
    case "table7":
      // The table is the model: no drag in the solver, the tuned factors carry it (see the calibration phase).
      launcher["ballistics.drag_coefficient"] = 0;
      return;
    default: {
      const unknown: never = baseline;
      throw new Error(`unknown baseline ${String(unknown)}`);
    }
  }
}
