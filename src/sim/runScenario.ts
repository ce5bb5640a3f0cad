import { SingleBar } from "cli-progress";
import { McapRos2Writer } from "../bags/McapRos2Writer";
import type { TrajectorySamples } from "../core/ballistics/FlightIntegrator";
import type { Pose2 } from "../core/court/courtMap";
import { courtMapFromParameters } from "../core/court/courtSchema";
import { DEFAULT_COURT_PARAMS, DEFAULT_SHOOTER_PARAMS } from "../defaultParams";
import { planarPose, header } from "../msgs/builders";
import { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import { loadParamsFiles } from "../runtime/paramsFile";
import { QoS } from "../runtime/qos";
import { BagRecorder } from "../bags/BagRecorder";
import { launcherConfigFromParameters } from "../core/ballistics/launcherParameters";
import {
  alternatingCalibrationDistance,
  CALIBRATION_READING_SIGMA_M,
  simulatorCalibrationOptions,
} from "../core/calibration/calibrationPlan";
import { fitLaunchCalibration, type CalibrationShot } from "../core/calibration/fitLaunchCalibration";
import { createSimLauncher, type SimLauncherWorld, type SimShotRecord } from "./nodes/simLauncher";
import { SIM_TOPICS } from "./nodes/simParameters";
import { alignedLayout, bucket, chainNode, courtParameters, simLauncherParameters, SIM_START, startChain, startNode, stringList, suiteOverrides, type NodeOverrides } from "./simulatedChain";
import { simWorld } from "./nodes/simWorld";
import { oracleShot } from "./oracle";
import { LAUNCHER_PARAMETERS } from "./scenarioParameters";
import { simWorldSensorParameters, type SensorSuite } from "./sensorLayouts";
import { SeededRandom } from "../core/random/SeededRandom";
import { drawBall, type BallDraw, type ShotGeometry, type TrueParameters } from "./TruePhysics";
import type { ShotVerdict } from "./RimJudge";

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
   * Tell launcher_control the run's true efficiency, drag coefficient and air density instead of
   * calibrating (calibrationShots must be 0): the chain with a perfect calibration, which measures
   * what the calibration phase costs. Default false.
   */
  readonly knownPhysics?: boolean;
  readonly baseline: Baseline;
  readonly launcher: "fixed" | "hood";
  /**
   * The three nodes' params files, in `--params-file` order. The world is built on the court the
   * estimator reads from them (its validated `court.*` values). Default: params/shooter.yaml and
   * `courtFile`.
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
  /** Write every topic to this MCAP bag. */
  readonly bag?: string;
  /** A progress bar on stderr. */
  readonly progress?: boolean;
  /** Time the sensors and estimator get after the robot stops [s]. Default 1.5. */
  readonly settleTime?: number;
  /** How long `launcher/fire` is retried before the shot counts as declined [s]. Default 3. */
  readonly fireTimeout?: number;
}

export interface ShotReport {
  readonly index: number;
  /** True release -> rim distance [m] and release point [m]. */
  readonly distance: number;
  readonly x: number;
  readonly y: number;
  readonly made: boolean;
  /** short / long / wide, or declined (the launcher never fired), "" for a make. */
  readonly miss: string;
  /** Signed miss along the shot line at the rim plane [m]. */
  readonly along: number;
  readonly oracleMade: boolean;
  /** Exit speed [m/s] with this ball's spread, of the chain and of the oracle: their ratio is the chain's own speed error. */
  readonly exitSpeed: number;
  readonly oracleExitSpeed: number;
  readonly launchAngle: number;
  /** The distance the robot believed at the moment of firing [m] (NaN: no estimate). */
  readonly estimatedDistance: number;
  /** For a declined shot: the launcher's last refusal of this shot (absent when it never answered). */
  readonly declined_because?: string;
}

export interface DistanceBand {
  readonly from_m: number;
  readonly to_m: number;
  readonly shots: number;
  readonly made: number;
  readonly oracle_made: number;
}

export interface SimReport {
  readonly seed: number;
  readonly sensors: SensorSuite;
  readonly baseline: Baseline;
  readonly launcher: "fixed" | "hood";
  readonly shots: number;
  readonly made: number;
  readonly hit_rate: number;
  readonly oracle_made: number;
  readonly oracle_hit_rate: number;
  readonly by_distance: DistanceBand[];
  readonly misses: { readonly short: number; readonly long: number; readonly wide: number; readonly declined: number };
  readonly calibration: {
    readonly shots: number;
    readonly fitted_efficiency: number | null;
    /** Set when the shots spanned enough distance to fit it too. */
    readonly fitted_drag_coefficient: number | null;
    /** Test shots the launcher actually fired. */
    readonly fired: number;
    readonly nominal_efficiency: number;
    readonly true_efficiency: number;
    readonly true_drag_coefficient: number;
    readonly true_air_density: number;
    readonly applied: boolean;
    /** launcher_control was told the true physics instead of calibrating (ScenarioOptions.knownPhysics). */
    readonly known_physics: boolean;
  };
  /** Simulated seconds per wall-clock second. */
  readonly realtime_factor: number;
  readonly sim_time_s: number;
  readonly wall_time_s: number;
  /** Things the scenario could not do (test shots never fired, a calibration launcher_control refused ...). */
  readonly warnings: string[];
  readonly shot_log: ShotReport[];
  /** Release geometry, ball and true flight of a few shots, for trajectory plots. */
  readonly samples: { readonly geometry: ShotGeometry; readonly exitSpeed: number; readonly launchAngle: number; readonly made: boolean; readonly trajectory: TrajectorySamples }[];
  /** The court the world was built from (the estimator's): fence inside length and width [m], target rim centre [m]. */
  readonly court: { readonly length: number; readonly width: number; readonly hoopX: number; readonly hoopY: number };
  readonly bag_messages: number;
  readonly truth: TrueParameters;
}

const DEG = Math.PI / 180;
/** The table7 baseline: 7 distances, each tuned by TABLE7_SHOTS_PER_KEY test shots. */
const TABLE7_KEYS = 7;
const TABLE7_SHOTS_PER_KEY = 3;
/** Scored positions: distance release -> rim centre [m]. */
const SCORED_MIN_DISTANCE = 2;
const SCORED_MAX_DISTANCE = 7;

/**
 * The main job: the three nodes and the two simulation nodes on one in-process graph, a
 * calibration phase, then `shots` scored shots from random positions, each judged at the rim,
 * beside the oracle (the same shots with perfect distance and true physics).
 */
export async function runScenario(options: ScenarioOptions): Promise<SimReport> {
  validate(options);
  const wallStart = process.hrtime.bigint();
  const warnings: string[] = [];
  const paramsFiles = options.paramsFiles ?? [DEFAULT_SHOOTER_PARAMS, options.courtFile ?? DEFAULT_COURT_PARAMS];
  const extra = options.nodeParameters ?? {};
  const root = new SeededRandom(options.seed);
  const graph = new InProcessGraph({ startTime: 1_700_000_000 });
  const startTime = graph.clock.now();

  // The chain, with the sensor suite's and the baseline's overrides.
  const chainOverrides = suiteOverrides(options.sensors, paramsFiles);
  addBaselineOverrides(options.baseline, chainOverrides, paramsFiles);
  if (options.launcher === "hood") bucket(chainOverrides, "launcher_control")[LAUNCHER_PARAMETERS.launchMode] = "adjustable";
  for (const [name, values] of Object.entries(extra)) Object.assign(bucket(chainOverrides, name), values);
  const chain = startChain(graph, paramsFiles, chainOverrides);
  const estimator = chainNode(chain, "target_estimation");
  const launcherControlNode = chainNode(chain, "launcher_control");

  // The simulated world, built to agree with what the estimator and launcher were told: the
  // court is the one the estimator validated, whatever params files it came from.
  const court = courtParameters(estimator);
  const courtSpec = courtMapFromParameters(estimator.parameterValues).spec;
  const layout = alignedLayout(options.sensors, estimator);
  const worldValues: Record<string, unknown> = { ...court, seed: options.seed, ...simWorldSensorParameters(layout), ...(extra.sim_world ?? {}) };
  const launcherValues: Record<string, unknown> = {
    ...simLauncherParameters(estimator, launcherControlNode, { seed: options.seed, hood: options.launcher === "hood" }),
    ...(extra.sim_launcher ?? {}),
  };
  // Written by the sim_launcher hooks (closures TypeScript's flow analysis does not follow).
  const seen: { world?: SimLauncherWorld; lastShot?: SimShotRecord } = {};
  let currentBall: BallDraw = { speedFactor: 0, angleError: 0, azimuthError: 0 };
  const released = (): SimShotRecord | undefined => seen.lastShot;
  const simLauncherNode = graph.addNode(
    createSimLauncher({
      nextBall: () => currentBall,
      onWorld: (world) => {
        seen.world = world;
      },
      onShot: (shot) => {
        seen.lastShot = shot;
      },
    }),
    { parameters: launcherValues },
  );
  const worldNode = graph.addNode(simWorld, { parameters: { ...worldValues, "start.x": SIM_START.x, "start.y": SIM_START.y, "start.yaw": SIM_START.yaw } });
  for (const node of [worldNode, simLauncherNode]) startNode(node);
  const world = seen.world;
  if (world === undefined) throw new Error("sim_launcher did not hand out its world");
  const { truth: trueParameters, physics, flight, releaseForward } = world;
  const { hoopX, hoopY } = courtSpec;

  // Watching the chain: the latest distance estimate, the robot's true pose.
  let estimatedDistance = NaN;
  graph.binding("scenario").subscribe("nav_msgs/msg/Odometry", "/target/estimate", { ...QoS.reliable, depth: 100 }, (m) => {
    estimatedDistance = Math.hypot(m.pose.pose.position.x, m.pose.pose.position.y);
  });
  let truePose = { x: 0, y: 0, moving: false };
  graph.binding("scenario").subscribe("nav_msgs/msg/Odometry", `/${SIM_TOPICS.groundTruth}`, { ...QoS.reliable, depth: 100 }, (m) => {
    const t = m.twist.twist;
    truePose = {
      x: m.pose.pose.position.x,
      y: m.pose.pose.position.y,
      moving: Math.abs(t.linear.x) + Math.abs(t.linear.y) + Math.abs(t.angular.z) > 0,
    };
  });

  const writer = options.bag !== undefined ? await McapRos2Writer.toFile(options.bag) : undefined;
  const recorder = writer ? new BagRecorder(graph, writer) : undefined;

  /** Robot pose that puts the release point `distance` from the rim at bearing `phi` (from the hoop), facing it. */
  const poseFor = (distance: number, phi: number): Pose2 => {
    const r = distance + releaseForward;
    const x = hoopX + r * Math.cos(phi);
    const y = hoopY + r * Math.sin(phi);
    return { x, y, yaw: Math.atan2(hoopY - y, hoopX - x) };
  };
  const settle = options.settleTime ?? 1.5;
  const fireTimeout = options.fireTimeout ?? 3;
  let fireError: string | undefined;

  /** Drives there, settles, fires; the released ball's record, or undefined when declined (with the launcher's last refusal of this shot). */
  const takeShot = (pose: Pose2, ball: BallDraw): { shot?: SimShotRecord; estimate: number; refusal?: string } => {
    let lastRefusal: string | undefined;
    graph.publish("geometry_msgs/msg/PoseWithCovarianceStamped", "/sim/drive_to", {
      header: header(graph.clock.now(), "map"),
      pose: { pose: planarPose(pose.x, pose.y, pose.yaw), covariance: new Float64Array(36) },
    });
    const driveStart = graph.clock.now();
    graph.advance(0.05);
    while ((truePose.moving || Math.hypot(truePose.x - pose.x, truePose.y - pose.y) > 1e-3) && graph.clock.now() - driveStart < 20) graph.advance(0.05);
    graph.advance(settle);
    currentBall = ball;
    delete seen.lastShot;
    const fireStart = graph.clock.now();
    while (graph.clock.now() - fireStart < fireTimeout) {
      const estimate = estimatedDistance;
      let accepted = false;
      try {
        const response = graph.call("std_srvs/srv/Trigger", "/launcher/fire", {});
        accepted = response.success;
        if (!accepted) lastRefusal = response.message;
      } catch (error) {
        fireError = (error as Error).message;
      }
      if (accepted) {
        const waitStart = graph.clock.now();
        while (released() === undefined && graph.clock.now() - waitStart < 0.5) graph.advance(0.01);
        const shot = released();
        if (shot !== undefined) return { shot, estimate };
      }
      graph.advance(0.05);
    }
    return { estimate: estimatedDistance, ...(lastRefusal === undefined ? {} : { refusal: lastRefusal }) };
  };

  // Calibration phase: test shots at a few distances, fitted by the same code as `robocon-shooter calibrate`.
  const table7 = options.baseline === "table7";
  const K = table7 ? TABLE7_KEYS * TABLE7_SHOTS_PER_KEY : options.calibrationShots;
  // Off a terminal (CI, a log file) the bar prints a line every 5 s instead of redrawing.
  const bar = options.progress ? new SingleBar({ format: "sim {phase} [{bar}] {value}/{total} shots | made {made} | {rate}x realtime", stream: process.stderr, hideCursor: true, noTTYOutput: true, notTTYSchedule: 5000 }) : undefined;
  bar?.start(K + options.shots, 0, { phase: "calibration", made: 0, rate: "-" });
  const calibrationRandom = root.fork("calibration");
  /** The signed miss a team reads off a test shot [m], or undefined when it was not fired. */
  const testShot = (distance: number, k: number): { shot: SimShotRecord; estimate: number; seen: number } | undefined => {
    const phi = Math.PI + (k % 2 === 0 ? 1 : -1) * 15 * DEG;
    const { shot, estimate } = takeShot(poseFor(distance, phi), drawBall(physics, calibrationRandom));
    bar?.increment(1, { phase: "calibration" });
    if (shot === undefined || !Number.isFinite(shot.verdict.along)) return undefined;
    return { shot, estimate: Number.isFinite(estimate) ? estimate : shot.distance, seen: shot.verdict.along + calibrationRandom.gaussian(0, CALIBRATION_READING_SIGMA_M) };
  };
  let fitted: { efficiency: number; dragCoefficient: number | undefined } | undefined;
  let applied = false;
  let fired = 0;
  if (table7) {
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
        const seen = testShot(key, rep);
        if (seen === undefined) continue;
        fired++;
        // Flight length grows about as speed squared: a miss of m at distance d wants speed x (1 - m / 2d).
        factors[i] = Math.min(2, Math.max(0.5, (factors[i] ?? 1) * (1 - seen.seen / (2 * key))));
      }
      await recorder?.flush();
    }
    applied = setTable();
  } else if (options.knownPhysics === true) {
    const result = launcherControlNode.setParameters([
      { name: LAUNCHER_PARAMETERS.efficiency, value: trueParameters.efficiency },
      { name: LAUNCHER_PARAMETERS.dragCoefficient, value: trueParameters.dragCoefficient },
      { name: LAUNCHER_PARAMETERS.airDensity, value: trueParameters.airDensity },
    ]);
    applied = result.successful;
    if (!applied) warnings.push(`setting the true physics on launcher_control failed: ${result.reason}`);
  } else if (K > 0) {
    const shots: CalibrationShot[] = [];
    for (let k = 0; k < K; k++) {
      const seen = testShot(alternatingCalibrationDistance(k, K), k);
      if (seen !== undefined) shots.push({ distance_m: seen.estimate, wheelSpeed_radps: seen.shot.wheelSpeed, miss_m: seen.seen, launchAngle_rad: seen.shot.launchAngle - seen.shot.ball.angleError });
      await recorder?.flush();
    }
    fired = shots.length;
    if (shots.length === 0) warnings.push(`calibration: none of the ${K} test shots was fired${fireError ? ` (${fireError})` : ""}`);
    else {
      const config = launcherConfigFromParameters(launcherControlNode.parameterValues);
      // Every test shot carries its own launch angle; the model's is only the fallback core's type requires.
      const launchAngle = config.launch.mode === "fixed" ? config.launch.angle_rad : (config.launch.minAngle_rad + config.launch.maxAngle_rad) / 2;
      // The drag-free baseline keeps its vacuum model: fitting the drag back in would undo it.
      const fit = fitLaunchCalibration(
        shots,
        { ballistics: config.model, wheel: config.wheel, launchAngle_rad: launchAngle },
        {
          ...simulatorCalibrationOptions(config),
          ...(options.baseline === "drag-free" ? { fitDrag: false } : {}),
        },
      );
      fitted = { efficiency: fit.efficiency.estimate, dragCoefficient: fit.dragCoefficient.fitted ? fit.dragCoefficient.estimate : undefined };
      const changes = [
        { name: LAUNCHER_PARAMETERS.efficiency, value: fit.efficiency.estimate },
        ...(fit.dragCoefficient.fitted ? [{ name: LAUNCHER_PARAMETERS.dragCoefficient, value: Math.max(0, fit.dragCoefficient.estimate) }] : []),
      ];
      const result = launcherControlNode.setParameters(changes);
      applied = result.successful;
      if (!applied) warnings.push(`setting the fitted calibration on launcher_control failed: ${result.reason}`);
    }
  }

  // Scored shots.
  const positions = root.fork("positions");
  const balls = root.fork("balls");
  const halfWidth = courtSpec.width / 2 - 0.4;
  const halfLength = courtSpec.length / 2 - 0.4;
  const shotLog: ShotReport[] = [];
  const samples: SimReport["samples"] = [];
  let made = 0;
  for (let k = 0; k < options.shots; k++) {
    const ball = drawBall(physics, balls);
    let pose = poseFor(SCORED_MIN_DISTANCE, Math.PI);
    for (let attempt = 0; attempt < 1000; attempt++) {
      const candidate = poseFor(positions.between(SCORED_MIN_DISTANCE, SCORED_MAX_DISTANCE), Math.PI + positions.between(-70, 70) * DEG);
      if (Math.abs(candidate.y) <= halfWidth && Math.abs(candidate.x) <= halfLength) {
        pose = candidate;
        break;
      }
    }
    const { shot, estimate, refusal } = takeShot(pose, ball);
    const geometry = shot?.geometry ?? world.releaseGeometry(pose);
    const oracle = oracleShot(flight, geometry, world.launchAngles, ball);
    const verdict: ShotVerdict | undefined = shot?.verdict;
    if (verdict?.made === true) made++;
    shotLog.push({
      index: k,
      distance: Math.hypot(hoopX - geometry.releaseX, hoopY - geometry.releaseY),
      x: geometry.releaseX,
      y: geometry.releaseY,
      made: verdict?.made === true,
      miss: verdict === undefined ? "declined" : verdict.made ? "" : verdict.miss,
      ...(verdict === undefined && refusal !== undefined ? { declined_because: refusal } : {}),
      along: verdict?.along ?? NaN,
      oracleMade: oracle.verdict.made,
      exitSpeed: shot?.exitSpeed ?? NaN,
      oracleExitSpeed: oracle.exitSpeed,
      launchAngle: shot?.launchAngle ?? NaN,
      estimatedDistance: estimate,
    });
    if (shot && samples.length < 12) samples.push({ geometry, exitSpeed: shot.exitSpeed, launchAngle: shot.launchAngle, made: shot.verdict.made, trajectory: shot.trajectory });
    const simElapsed = graph.clock.now() - startTime;
    const wall = Number(process.hrtime.bigint() - wallStart) / 1e9;
    bar?.increment(1, { phase: "scored", made, rate: (simElapsed / wall).toFixed(0) });
    await recorder?.flush();
  }
  bar?.stop();
  if (fireError !== undefined && shotLog.every((s) => s.miss === "declined")) warnings.push(`launcher/fire: ${fireError}`);
  await recorder?.close();

  const simTime = graph.clock.now() - startTime;
  const wallTime = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const count = (miss: string): number => shotLog.filter((s) => s.miss === miss).length;
  const oracleMade = shotLog.filter((s) => s.oracleMade).length;
  const bands: DistanceBand[] = [];
  for (let from = Math.floor(SCORED_MIN_DISTANCE); from < Math.ceil(SCORED_MAX_DISTANCE); from++) {
    const inBand = shotLog.filter((s) => s.distance >= from && s.distance < from + 1);
    bands.push({ from_m: from, to_m: from + 1, shots: inBand.length, made: inBand.filter((s) => s.made).length, oracle_made: inBand.filter((s) => s.oracleMade).length });
  }
  return {
    seed: options.seed,
    sensors: options.sensors,
    baseline: options.baseline,
    launcher: options.launcher,
    shots: options.shots,
    made,
    // validate() requires shots >= 1.
    hit_rate: made / options.shots,
    oracle_made: oracleMade,
    oracle_hit_rate: oracleMade / options.shots,
    by_distance: bands,
    misses: { short: count("short"), long: count("long"), wide: count("wide"), declined: count("declined") },
    calibration: {
      shots: K,
      fitted_efficiency: fitted?.efficiency ?? null,
      fitted_drag_coefficient: fitted?.dragCoefficient ?? null,
      fired,
      nominal_efficiency: physics.nominalEfficiency,
      true_efficiency: trueParameters.efficiency,
      true_drag_coefficient: trueParameters.dragCoefficient,
      true_air_density: trueParameters.airDensity,
      applied,
      known_physics: options.knownPhysics === true,
    },
    realtime_factor: simTime / wallTime,
    sim_time_s: simTime,
    wall_time_s: wallTime,
    warnings,
    shot_log: shotLog,
    samples,
    bag_messages: recorder?.messages ?? 0,
    truth: trueParameters,
    court: { length: courtSpec.length, width: courtSpec.width, hoopX, hoopY },
  };
}

function validate(options: ScenarioOptions): void {
  if (!(Number.isInteger(options.shots) && options.shots >= 1)) throw new Error(`shots must be an integer >= 1, got ${options.shots}`);
  if (!(Number.isInteger(options.calibrationShots) && options.calibrationShots >= 0)) throw new Error(`calibrationShots must be an integer >= 0, got ${options.calibrationShots}`);
  if (options.knownPhysics === true && (options.calibrationShots !== 0 || options.baseline !== "none")) {
    throw new Error(`knownPhysics replaces the calibration: it needs calibrationShots 0 and baseline none, got ${options.calibrationShots} and ${options.baseline}`);
  }
  if (!Number.isInteger(options.seed)) throw new Error(`seed must be an integer, got ${options.seed}`);
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
