import { wrapAngle, type Pose2, type Vec2 } from "../../core/court/courtMap";
import { courtMapFromParameters } from "../../core/court/courtSchema";
import { invert, quadraticForm } from "../../core/estimation/smallMatrix";
import { isCovarianceStale } from "../../core/estimation/targetOutput";
import { selectParamsFiles } from "../../package/defaultParams";
import { header, planarPose, yawFromQuaternion } from "../../msgs/builders";
import { secondsFromTime } from "../../msgs/time";
import { InProcessGraph } from "../../runtime/inprocess/InProcessGraph";
import { QoS } from "../../runtime/qos";
import { numberParameter } from "../../core/parameters/readers";
import { createSimLauncher } from "../nodes/simLauncher";
import { SIM_TOPICS } from "../nodes/simParameters";
import { createSimWorld } from "../nodes/simWorld";
import { simWorldSensorParameters } from "../sensorLayouts";
import type { SimScene } from "../SimScene";
import { alignedLayout, armLauncher, chainNode, courtParameters, simLauncherParameters, startChain, startNode } from "../simulatedChain";

/**
 * The shipped chain (laser_ranging, target_estimation, launcher_control with the shipped params
 * files, no overrides) on an in-process graph beside sim_world and sim_launcher, the robot in a
 * world of the caller's choosing with the shipped sensor suite (the DT35s and the lidar where the
 * params files mount them: the simulator's `mixed` suite): what the chain publishes, against the
 * truth. For the integrity and the estimation benchmarks.
 */
export interface ShippedChainOptions {
  /** The world the sensors see; undefined: the court the estimator's params describe. */
  readonly scene?: SimScene;
  /** The robot's start pose in the world's frame [m, rad]. */
  readonly start: Pose2;
  /** sim_world's and sim_launcher's seed (sensor noise, odometry drift, the flywheel). */
  readonly seed: number;
  /** Top driving speed [m/s] and turning rate [rad/s]. Defaults 0.3 and 0.3 (slowly). */
  readonly driveSpeed?: number;
  readonly turnRate?: number;
  /** The chain's params files (selectParamsFiles: default the shipped ones, ["none"] for none). */
  readonly paramsFiles?: readonly string[];
}

/** One estimation/robot_pose (published with a target/estimate) against the truth at its stamp. */
export interface EstimateSample {
  /** Publish time since the start [s]. */
  readonly time: number;
  /** Whether the target/estimate published with it was valid (not stale). */
  readonly valid: boolean;
  /** |estimated - true position| [m] and |estimated - true heading| [rad]. */
  readonly positionError: number;
  readonly yawError: number;
  /** (x, y, yaw) error against the published covariance: chi-square 3 dof if consistent [1]. */
  readonly nees: number;
  /** Estimated - true horizontal distance launcher -> target rim centre [m] (the map's hoop). */
  readonly hoopDistanceError: number;
  /** The true horizontal distance [m]. */
  readonly hoopDistance: number;
  /** The robot's true speed at the stamp [m/s]. */
  readonly speed: number;
}

/** Truth samples kept for lookups by stamp [s]: 2 s at sim_world's 100 Hz. */
const TRUTH_HISTORY = 200;

export class ShippedChainRun {
  readonly graph = new InProcessGraph({ startTime: 1_700_000_000 });
  readonly samples: EstimateSample[] = [];
  /** target/estimate messages, those valid, and the first valid one's time since the start [s]. */
  estimates = 0;
  validEstimates = 0;
  firstValid: number | undefined;
  /** launcher/ready and launcher/feed messages saying true; launcher/fire presses accepted. */
  ready = 0;
  feeds = 0;
  fired = 0;
  /** The latest /diagnostics values of target_estimation's estimate status (mean_nis_per_dof, lockout_*, ...). */
  estimatorStatus: Readonly<Record<string, string>> = {};
  private readonly t0: number;
  private readonly truthHistory: { time: number; pose: Pose2; speed: number }[] = [];
  private lastValid = false;
  private lastHoopDistance = Number.NaN;
  private readonly wallStart = process.hrtime.bigint();

  constructor(o: ShippedChainOptions) {
    const graph = this.graph;
    this.t0 = graph.clock.now();
    const chain = startChain(graph, selectParamsFiles(o.paramsFiles).files, {});
    const estimator = chainNode(chain, "target_estimation");
    const launcherControl = chainNode(chain, "launcher_control");
    const world = graph.addNode(createSimWorld(o.scene === undefined ? {} : { scene: o.scene }), {
      parameters: {
        ...courtParameters(estimator),
        seed: o.seed,
        ...simWorldSensorParameters(alignedLayout("mixed", estimator)),
        "start.x": o.start.x,
        "start.y": o.start.y,
        "start.yaw": o.start.yaw,
        "motion.max_speed": o.driveSpeed ?? 0.3,
        "motion.max_yaw_rate": o.turnRate ?? 0.3,
      },
    });
    const launcher = graph.addNode(createSimLauncher(), { parameters: simLauncherParameters(estimator, launcherControl, { seed: o.seed, hood: false }) });
    startNode(world);
    startNode(launcher);
    armLauncher(graph);

    const hoop = courtMapFromParameters(estimator.parameterValues).hoop;
    const launcherMount = { x: numberParameter(estimator.parameterValues, "launcher.x"), y: numberParameter(estimator.parameterValues, "launcher.y") };
    const probe = graph.binding("shipped_chain_probe");
    const deep = { ...QoS.reliable, depth: 100 };
    probe.subscribe("nav_msgs/msg/Odometry", `/${SIM_TOPICS.groundTruth}`, deep, (m) => {
      const t = m.twist.twist.linear;
      this.truthHistory.push({ time: secondsFromTime(m.header.stamp), pose: { x: m.pose.pose.position.x, y: m.pose.pose.position.y, yaw: yawFromQuaternion(m.pose.pose.orientation) }, speed: Math.hypot(t.x, t.y) });
      if (this.truthHistory.length > TRUTH_HISTORY) this.truthHistory.shift();
    });
    probe.subscribe("nav_msgs/msg/Odometry", "/target/estimate", deep, (m) => {
      this.estimates++;
      this.lastValid = !isCovarianceStale(m.pose.covariance);
      this.lastHoopDistance = Math.hypot(m.pose.pose.position.x, m.pose.pose.position.y);
      if (!this.lastValid) return;
      this.validEstimates++;
      this.firstValid ??= this.elapsed;
    });
    probe.subscribe("geometry_msgs/msg/PoseWithCovarianceStamped", "/estimation/robot_pose", deep, (m) => {
      const truth = this.truthAt(secondsFromTime(m.header.stamp));
      const p = m.pose.pose;
      const yaw = yawFromQuaternion(p.orientation);
      const error = [p.position.x - truth.pose.x, p.position.y - truth.pose.y, wrapAngle(yaw - truth.pose.yaw)];
      const trueHoopDistance = hoopDistance(truth.pose, launcherMount, hoop);
      this.samples.push({
        time: this.elapsed,
        valid: this.lastValid,
        positionError: Math.hypot(error[0] ?? 0, error[1] ?? 0),
        yawError: Math.abs(error[2] ?? 0),
        nees: planarNees(m.pose.covariance, error),
        hoopDistanceError: this.lastHoopDistance - trueHoopDistance,
        hoopDistance: trueHoopDistance,
        speed: truth.speed,
      });
    });
    probe.subscribe("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics", deep, (m) => {
      const status = m.status.find((st) => st.name === "target_estimation: estimate");
      if (status !== undefined) this.estimatorStatus = Object.fromEntries(status.values.map((v) => [v.key, v.value]));
    });
    probe.subscribe("std_msgs/msg/Bool", "/launcher/ready", deep, (m) => {
      if (m.data) this.ready++;
    });
    probe.subscribe("std_msgs/msg/Bool", "/launcher/feed", deep, (m) => {
      if (m.data) this.feeds++;
    });
  }

  /** Simulated time since the start [s]. */
  get elapsed(): number {
    return this.graph.clock.now() - this.t0;
  }

  /** The robot's latest true pose and speed [m, rad, m/s]. */
  get truth(): { readonly pose: Pose2; readonly speed: number } | undefined {
    return this.truthHistory[this.truthHistory.length - 1];
  }

  /** Wall time since the run was built [s]. */
  get wallTime(): number {
    return Number(process.hrtime.bigint() - this.wallStart) / 1e9;
  }

  advance(seconds: number): void {
    this.graph.advance(seconds);
  }

  /** Sends sim_world's robot towards `goal` (it drives there at its speed limits). */
  driveTo(goal: Pose2): void {
    this.graph.publish("geometry_msgs/msg/PoseWithCovarianceStamped", `/${SIM_TOPICS.driveTo}`, {
      header: header(this.graph.clock.now(), "map"),
      pose: { pose: planarPose(goal.x, goal.y, goal.yaw), covariance: new Float64Array(36) },
    });
  }

  /** Advances until the robot stands within 1 mm of `goal`, at most `timeout` [s]; whether it got there. */
  advanceUntilAt(goal: Vec2, timeout: number, step = 0.05): boolean {
    const until = this.elapsed + timeout;
    this.advance(step);
    while (this.elapsed < until) {
      const truth = this.truth;
      if (truth !== undefined && truth.speed === 0 && Math.hypot(truth.pose.x - goal.x, truth.pose.y - goal.y) < 1e-3) return true;
      this.advance(step);
    }
    return false;
  }

  /** An operator presses launcher/fire. */
  pressFire(): void {
    if (this.graph.call("std_srvs/srv/Trigger", "/launcher/fire", {}).success) this.fired++;
  }

  /** What target_estimation logged at info level and above, with times since the start. */
  estimatorLog(): string[] {
    return this.graph.logs.filter((r) => r.node === "target_estimation" && r.level !== "debug").map((r) => `${(r.time - this.t0).toFixed(2)} s ${r.level}: ${r.message}`);
  }

  /** The truth sample nearest `stamp` [s] (the latest before the history starts). */
  private truthAt(stamp: number): { pose: Pose2; speed: number } {
    let best = this.truthHistory[this.truthHistory.length - 1];
    for (const sample of this.truthHistory) if (best === undefined || Math.abs(sample.time - stamp) < Math.abs(best.time - stamp)) best = sample;
    if (best === undefined) throw new Error("no ground truth yet");
    return best;
  }
}

/** Horizontal distance [m] from the launcher (mounted at `mount` in base_link) at `pose` to the rim centre `hoop`. */
export function hoopDistance(pose: Pose2, mount: Vec2, hoop: Vec2): number {
  const c = Math.cos(pose.yaw);
  const s = Math.sin(pose.yaw);
  return Math.hypot(hoop.x - (pose.x + c * mount.x - s * mount.y), hoop.y - (pose.y + s * mount.x + c * mount.y));
}

/** NEES of an (x, y, yaw) error against a 6x6 pose covariance's x, y, yaw block [1]; Infinity when singular. */
export function planarNees(covariance6: ArrayLike<number>, error: readonly number[]): number {
  const index = [0, 1, 5];
  const block = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) block[i * 3 + j] = covariance6[(index[i] ?? 0) * 6 + (index[j] ?? 0)] ?? Number.NaN;
  const information = invert(block, 3);
  return information === undefined ? Infinity : quadraticForm(error, information, 3);
}

export interface WorldRunOptions extends ShippedChainOptions {
  /** Where the robot drives from `driveAt` on; undefined: it stays still. */
  readonly goal?: Pose2;
  /** [s] after the start. Default 3. */
  readonly driveAt?: number;
  /** Simulated time [s]. */
  readonly duration: number;
  /** The operator presses launcher/fire this often [s]; 0: never. Default 0.5. */
  readonly firePeriod?: number;
  /** End the run this long [s] after the first valid target/estimate (a start watched that long); default: run the whole duration. */
  readonly stopAfterFirstValid?: number;
}

export interface WorldRunResult {
  /** target/estimate messages, and those valid (pose covariance[0] not the stale marker -1). */
  readonly estimates: number;
  readonly validEstimates: number;
  /** Time of the first valid target/estimate since the start [s]; undefined when none came. */
  readonly firstValid?: number;
  readonly samples: readonly EstimateSample[];
  /** launcher/ready messages saying true, launcher/feed messages saying true. */
  readonly ready: number;
  readonly feeds: number;
  /** What target_estimation logged at info level and above (its start and lock-out notes). */
  readonly estimatorLog: readonly string[];
  /** Wall time the run took [s]. */
  readonly wallTime: number;
}

/** Steps between fire presses and checks [s]. */
const STEP = 0.05;

/** A ShippedChainRun for `duration`: still, then driving to `goal`; fire pressed every `firePeriod`. */
export function runInWorld(o: WorldRunOptions): WorldRunResult {
  const run = new ShippedChainRun(o);
  const firePeriod = o.firePeriod ?? 0.5;
  const driveAt = o.driveAt ?? 3;
  const stopAfter = o.stopAfterFirstValid ?? Infinity;
  let driving = false;
  let nextFire = firePeriod;
  while (run.elapsed < o.duration - 1e-9) {
    const elapsed = run.elapsed;
    if (run.firstValid !== undefined && elapsed >= run.firstValid + stopAfter) break;
    if (!driving && o.goal !== undefined && elapsed >= driveAt) {
      driving = true;
      run.driveTo(o.goal);
    }
    if (firePeriod > 0 && elapsed >= nextFire) {
      nextFire += firePeriod;
      run.pressFire();
    }
    run.advance(Math.min(STEP, o.duration - elapsed));
  }
  return {
    estimates: run.estimates,
    validEstimates: run.validEstimates,
    ...(run.firstValid === undefined ? {} : { firstValid: run.firstValid }),
    samples: run.samples,
    ready: run.ready,
    feeds: run.feeds,
    estimatorLog: run.estimatorLog(),
    wallTime: run.wallTime,
  };
}
