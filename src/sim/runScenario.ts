import type { CourtSpec } from "../core/court/courtMap";
import { courtMapFromParameters } from "../core/court/courtSchema";
import { selectParamsFiles } from "../package/defaultParams";
import { launcherModelJson, type LauncherModelJson } from "../launcher/launcherModel";
import { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import { loadParamsFiles } from "../runtime/paramsFile";
import { launcherConfigFromParameters, type LauncherConfig } from "../core/ballistics/launcherParameters";
import type { ManagedNode } from "../runtime/ManagedNode";
import { createSimLauncher, type SimLauncherWorld } from "./nodes/simLauncher";
import { alignedLayout, armLauncher, bucket, chainNode, courtParameters, robotFrameOverrides, simLauncherParameters, SIM_START, startChain, startNode, stringList, suiteOverrides, type NodeOverrides } from "./simulatedChain";
import type { ParameterValue } from "../core/parameters/schema";
import { simWorld } from "./nodes/simWorld";
import { LAUNCHER_PARAMETERS } from "./scenarioParameters";
import { simWorldSensorParameters, type SensorLayout, type SensorSuite } from "./sensorLayouts";
import { SeededRandom } from "../core/random/SeededRandom";
import { drawTrueWorld, type ConfiguredWorld, type TrueWorld } from "./truth/drawTrueWorld";
import { asReferee, sealTruth } from "./truth/referee";
import { calibrate, calibrationShotCount } from "./scenario/calibration";
import { scenarioReport } from "./scenario/report";
import { ScenarioBag } from "./scenario/ScenarioBag";
import { LauncherHandover, ScenarioOperator, type Seal } from "./scenario/ScenarioOperator";
import { ScenarioProgress } from "./scenario/ScenarioProgress";
import type { ShotPhaseContext } from "./scenario/phaseContext";
import { takeScoredShots } from "./scenario/scoredShots";
import { watchTeamTopics } from "./scenario/teamTopics";
import type { Baseline, ScenarioOptions, SimReport } from "./scenario/types";

export { BASELINES, SIM_BAG_METADATA } from "./scenario/types";
export type { Baseline, BagSummary, DistanceBand, ScenarioOptions, ShotReport, SimReport } from "./scenario/types";

/**
 * The main job: the three nodes and the two simulation nodes on one in-process graph, in a true
 * world drawn around what the params files say (src/sim/truth). A calibration phase, then
 * `shots` scored shots from random positions (standing, or on the move), each judged at the
 * rim, beside the oracle: the same balls shot by true physics from the true release state.
 * The phases live in src/sim/scenario: calibration.ts, scoredShots.ts, report.ts.
 */
export async function runScenario(options: ScenarioOptions): Promise<SimReport> {
  validate(options);
  const wallStart = process.hrtime.bigint();
  const wallSeconds = (): number => Number(process.hrtime.bigint() - wallStart) / 1e9;
  const warnings: string[] = [];
  const random = new SeededRandom(options.seed);
  const scene = setUpScenario(options, random);
  const { graph, world } = scene;
  const simSeconds = (): number => graph.clock.now() - scene.startTime;

  // What the team has: the estimate, the encoder and the hood command, as logged at each feed.
  const team = watchTeamTopics(graph, scene.config);
  const timing = { settle: options.settleTime ?? 1.5, fireTimeout: options.fireTimeout ?? 6 };
  const operator = new ScenarioOperator(graph, scene.handover, team, scene.trueHoop, asReferee(() => world.releaseForward), timing);
  const calibrationShots = calibrationShotCount(options);
  const bag = await ScenarioBag.open(graph, options, calibrationShots);
  // The operator arms the launcher before the first shot (after the recorder starts, so the bag has it).
  armLauncher(graph);
  const progress = new ScenarioProgress(options.progress === true, { calibration: calibrationShots, scored: options.shots }, simSeconds, wallSeconds);
  progress.start();

  const phase: ShotPhaseContext = { operator, team, world, trueHoop: scene.trueHoop, random, bag, progress };
  const calibration = await calibrate({ ...phase, options, truth: scene.truth, config: scene.config, launcherControl: scene.launcherControl, warnings });
  const scored = await takeScoredShots({ ...phase, shots: options.shots, movingSpeed: options.movingSpeed ?? 0, trueCourt: scene.trueCourtSize });
  progress.finish();
  if (operator.fireError !== undefined && scored.shotLog.every((s) => s.miss === "declined")) warnings.push(`launcher/fire: ${operator.fireError}`);
  await bag.close();
  const bagSummary = bag.summary();
  return scenarioReport({
    options,
    calibration,
    calibrationShots,
    nominalEfficiency: scene.nominalEfficiency,
    scored,
    launcherModel: scene.launcherModel,
    court: scene.court,
    truth: scene.truth,
    bag: bagSummary,
    bagMessages: bag.messages,
    warnings,
    simTime_s: simSeconds(),
    wallTime_s: wallSeconds(),
  });
}

/** The scenario's world, set up: the chain and the simulation nodes on one graph, around the drawn truth. */
interface ScenarioScene {
  readonly graph: InProcessGraph;
  /** The graph's clock at the start [s]. */
  readonly startTime: number;
  /** The true world (sealed when the scenario asks). */
  readonly truth: TrueWorld;
  /** What sim_launcher built, and the hooks it shares with the scenario. */
  readonly world: SimLauncherWorld;
  readonly handover: LauncherHandover;
  readonly launcherControl: ManagedNode;
  /** launcher_control's configuration and its printed model, before the calibration. */
  readonly config: LauncherConfig;
  readonly launcherModel: LauncherModelJson;
  readonly nominalEfficiency: number;
  /** The map the chain was given. */
  readonly court: CourtSpec;
  /** The true hoop [m] and court size [m]. */
  readonly trueHoop: { readonly x: number; readonly y: number };
  readonly trueCourtSize: { readonly width: number; readonly length: number };
}

/**
 * World set-up: the chain with the suite's, baseline's and scenario's overrides; the true world
 * drawn around what it is configured with; the simulation nodes in that true world.
 */
function setUpScenario(options: ScenarioOptions, random: SeededRandom): ScenarioScene {
  const selection = selectParamsFiles(options.paramsFiles, options.courtFile);
  const paramsFiles = selection.files;
  const { overrides, launcherOverrideSources } = chainOverrides(options, paramsFiles);

  // The true world, drawn around what the chain is configured with (read from a chain started
  // on a scratch graph, so that defaults and validation are the nodes' own).
  const configured = configuredWorld(paramsFiles, overrides, options.sensors);
  const seal: Seal = (value, what) => (options.sealTruth === true ? sealTruth(value, what) : value);
  const truth = seal(drawTrueWorld(configured.world, random.fork("truth"), options.tolerances), "the drawn true world");
  // Told the true geometry: a decomposition step, knowledge no team has.
  if (options.knownGeometry === true) {
    const known = asReferee(() => knownGeometry(truth, configured.estimator));
    Object.assign(bucket(overrides, "target_estimation"), known.court, known.frames);
    // The robot frames are one block both nodes read (params/shooter.yaml's `/**:`): laser_ranging gets them too.
    Object.assign(bucket(overrides, "laser_ranging"), known.frames);
  }

  const graph = new InProcessGraph({ startTime: 1_700_000_000 });
  const startTime = graph.clock.now();
  const chain = startChain(graph, paramsFiles, overrides);
  const estimator = chainNode(chain, "target_estimation");
  const launcherControl = chainNode(chain, "launcher_control");
  const config = launcherConfigFromParameters(launcherControl.parameterValues);
  const fileSources = loadParamsFiles(paramsFiles, "launcher_control").sourceOf;
  const launcherModel = launcherModelJson(
    { selection, values: { ...launcherControl.parameterValues }, sourceOf: (key) => launcherOverrideSources.get(key) ?? fileSources(key) },
    config,
  );

  const trueCourt = asReferee(() => ({ ...truth.court }));
  const handover = new LauncherHandover(seal);
  startSimulation(graph, options, { estimator, launcherControl, truth, trueCourt, handover });
  const world = handover.world;
  if (world === undefined) throw new Error("sim_launcher did not hand out its world");
  return {
    graph,
    startTime,
    truth,
    world,
    handover,
    launcherControl,
    config,
    launcherModel,
    nominalEfficiency: configured.world.efficiency,
    court: courtMapFromParameters(estimator.parameterValues).spec,
    trueHoop: { x: numberOf(trueCourt, "court.hoop.x"), y: numberOf(trueCourt, "court.hoop.y") },
    trueCourtSize: { width: numberOf(trueCourt, "court.width"), length: numberOf(trueCourt, "court.length") },
  };
}

/** The chain's parameter overrides (sensor suite, baseline, launcher, the scenario's own), and what set each of launcher_control's, for the printed model. */
function chainOverrides(options: ScenarioOptions, paramsFiles: readonly string[]): { overrides: NodeOverrides; launcherOverrideSources: Map<string, string> } {
  const extra = options.nodeParameters ?? {};
  const overrides = suiteOverrides(options.sensors, paramsFiles);
  const launcherOverrideSources = new Map<string, string>();
  const credit = (label: string): void => {
    for (const key of Object.keys(bucket(overrides, "launcher_control"))) if (!launcherOverrideSources.has(key)) launcherOverrideSources.set(key, label);
  };
  credit(`--sensors ${options.sensors}`);
  addBaselineOverrides(options.baseline, overrides, paramsFiles);
  credit(`--baseline ${options.baseline}`);
  if (options.launcher === "hood") bucket(overrides, "launcher_control")[LAUNCHER_PARAMETERS.launchMode] = "adjustable";
  credit("--launcher hood");
  for (const [name, values] of Object.entries(extra)) Object.assign(bucket(overrides, name), values);
  for (const key of Object.keys(extra.launcher_control ?? {})) launcherOverrideSources.set(key, "the scenario's nodeParameters");
  return { overrides, launcherOverrideSources };
}

/** The simulated world on the true court, with the true mounts and the true launcher: sim_world and sim_launcher, started. */
function startSimulation(
  graph: InProcessGraph,
  options: ScenarioOptions,
  chain: { estimator: ManagedNode; launcherControl: ManagedNode; truth: TrueWorld; trueCourt: Readonly<Record<string, unknown>>; handover: LauncherHandover },
): void {
  const { estimator, truth, trueCourt } = chain;
  const extra = options.nodeParameters ?? {};
  const movingSpeed = options.movingSpeed ?? 0;
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
    ...simLauncherParameters(estimator, chain.launcherControl, { seed: options.seed, hood: options.launcher === "hood" }),
    ...trueCourt,
    ...asReferee(() => trueLauncherParameters(truth)),
    ...(extra.sim_launcher ?? {}),
  };
  const simLauncherNode = graph.addNode(createSimLauncher(chain.handover.hooks()), { parameters: launcherValues });
  const worldNode = graph.addNode(simWorld, { parameters: { ...worldValues, "start.x": SIM_START.x, "start.y": SIM_START.y, "start.yaw": SIM_START.yaw } });
  for (const node of [worldNode, simLauncherNode]) startNode(node);
}

/** A number of a parameter map (the true court's values are numbers by construction). */
function numberOf(values: Readonly<Record<string, unknown>>, key: string): number {
  const value = values[key];
  if (typeof value !== "number") throw new Error(`${key} is not a number: ${String(value)}`);
  return value;
}

/** The configured world a scenario's truth is drawn around, read from the chain's own validated parameters. */
function configuredWorld(paramsFiles: readonly string[], overrides: Readonly<NodeOverrides>, sensors: SensorSuite): { world: ConfiguredWorld; estimator: Readonly<Record<string, ParameterValue>> } {
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
 * virtual beams hang off the lidar's robot frame, so they move by the lidar's error.
 */
function knownGeometry(truth: TrueWorld, estimator: Readonly<Record<string, ParameterValue>>): { court: Record<string, unknown>; frames: Record<string, number> } {
  return { court: { ...truth.court }, frames: robotFrameOverrides(estimator, truth.mounts) };
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
