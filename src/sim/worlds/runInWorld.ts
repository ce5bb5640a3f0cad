import { wrapAngle, type Pose2 } from "../../core/court/courtMap";
import { isCovarianceStale } from "../../core/estimation/targetOutput";
import { DEFAULT_PARAMS_FILES } from "../../defaultParams";
import { header, planarPose, yawFromQuaternion } from "../../msgs/builders";
import { InProcessGraph } from "../../runtime/inprocess/InProcessGraph";
import { QoS } from "../../runtime/qos";
import { createSimLauncher } from "../nodes/simLauncher";
import { SIM_TOPICS } from "../nodes/simParameters";
import { createSimWorld } from "../nodes/simWorld";
import { simWorldSensorParameters } from "../sensorLayouts";
import type { SimScene } from "../SimScene";
import { alignedLayout, chainNode, courtParameters, simLauncherParameters, startChain, startNode } from "../simulatedChain";

/**
 * The shipped chain (laser_ranging, target_estimation, launcher_control with the shipped params
 * files, no overrides) on an in-process graph beside sim_world and sim_launcher, the robot in a
 * world of the caller's choosing with the shipped sensor suite (the DT35s and the lidar where the
 * params files mount them: the simulator's `mixed` suite), for a few seconds: what the chain
 * publishes, against the truth. An operator presses launcher/fire every `firePeriod`.
 */
export interface WorldRunOptions {
  /** The world the sensors see; undefined: the court the estimator's params describe. */
  readonly scene?: SimScene;
  /** The robot's start pose in the world's frame [m, rad]. */
  readonly start: Pose2;
  /** Where the robot drives from `driveAt` on; undefined: it stays still. */
  readonly goal?: Pose2;
  /** [s] after the start. Default 3. */
  readonly driveAt?: number;
  /** Top driving speed [m/s] and turning rate [rad/s]. Defaults 0.3 and 0.3 (slowly). */
  readonly driveSpeed?: number;
  readonly turnRate?: number;
  /** Simulated time [s]. */
  readonly duration: number;
  /** sim_world's and sim_launcher's seed (sensor noise, odometry drift, the flywheel). */
  readonly seed: number;
  /** The chain's params files. Default the shipped ones (DEFAULT_PARAMS_FILES). */
  readonly paramsFiles?: readonly string[];
  /** The operator presses launcher/fire this often [s]; 0: never. Default 0.5. */
  readonly firePeriod?: number;
  /** End the run this long [s] after the first valid target/estimate (a start watched that long); default: run the whole duration. */
  readonly stopAfterFirstValid?: number;
}

/** One estimation/robot_pose against the true pose when it was published. */
export interface PoseCheck {
  /** Since the start [s]. */
  readonly time: number;
  /** Whether the target/estimate published with it was valid (not stale). */
  readonly valid: boolean;
  /** |estimated - true position| [m] and |estimated - true heading| [rad]. */
  readonly positionError: number;
  readonly yawError: number;
}

export interface WorldRunResult {
  /** target/estimate messages, and those valid (pose covariance[0] not the stale marker -1). */
  readonly estimates: number;
  readonly validEstimates: number;
  /** Time of the first valid target/estimate since the start [s]; undefined when none came. */
  readonly firstValid?: number;
  readonly poses: readonly PoseCheck[];
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

export function runInWorld(o: WorldRunOptions): WorldRunResult {
  const wallStart = process.hrtime.bigint();
  const graph = new InProcessGraph({ startTime: 1_700_000_000 });
  const t0 = graph.clock.now();
  const chain = startChain(graph, o.paramsFiles ?? DEFAULT_PARAMS_FILES, {});
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

  const probe = graph.binding("integrity_probe");
  let truth: Pose2 = o.start;
  probe.subscribe("nav_msgs/msg/Odometry", `/${SIM_TOPICS.groundTruth}`, { ...QoS.reliable, depth: 100 }, (m) => {
    truth = { x: m.pose.pose.position.x, y: m.pose.pose.position.y, yaw: yawFromQuaternion(m.pose.pose.orientation) };
  });
  let estimates = 0;
  let validEstimates = 0;
  let lastValid = false;
  let firstValid: number | undefined;
  probe.subscribe("nav_msgs/msg/Odometry", "/target/estimate", { ...QoS.reliable, depth: 100 }, (m) => {
    estimates++;
    lastValid = !isCovarianceStale(m.pose.covariance);
    if (!lastValid) return;
    validEstimates++;
    firstValid ??= graph.clock.now() - t0;
  });
  const poses: PoseCheck[] = [];
  probe.subscribe("geometry_msgs/msg/PoseWithCovarianceStamped", "/estimation/robot_pose", { ...QoS.reliable, depth: 100 }, (m) => {
    const p = m.pose.pose;
    poses.push({
      time: graph.clock.now() - t0,
      valid: lastValid,
      positionError: Math.hypot(p.position.x - truth.x, p.position.y - truth.y),
      yawError: Math.abs(wrapAngle(yawFromQuaternion(p.orientation) - truth.yaw)),
    });
  });
  let ready = 0;
  let feeds = 0;
  probe.subscribe("std_msgs/msg/Bool", "/launcher/ready", { ...QoS.reliable, depth: 100 }, (m) => {
    if (m.data) ready++;
  });
  probe.subscribe("std_msgs/msg/Bool", "/launcher/feed", { ...QoS.reliable, depth: 100 }, (m) => {
    if (m.data) feeds++;
  });

  const firePeriod = o.firePeriod ?? 0.5;
  const driveAt = o.driveAt ?? 3;
  let driving = false;
  let nextFire = firePeriod;
  const stopAfter = o.stopAfterFirstValid ?? Infinity;
  while (graph.clock.now() - t0 < o.duration - 1e-9) {
    const elapsed = graph.clock.now() - t0;
    if (firstValid !== undefined && elapsed >= firstValid + stopAfter) break;
    if (!driving && o.goal !== undefined && elapsed >= driveAt) {
      driving = true;
      graph.publish("geometry_msgs/msg/PoseWithCovarianceStamped", `/${SIM_TOPICS.driveTo}`, {
        header: header(graph.clock.now(), "map"),
        pose: { pose: planarPose(o.goal.x, o.goal.y, o.goal.yaw), covariance: new Float64Array(36) },
      });
    }
    if (firePeriod > 0 && elapsed >= nextFire) {
      nextFire += firePeriod;
      graph.call("std_srvs/srv/Trigger", "/launcher/fire", {});
    }
    graph.advance(Math.min(STEP, o.duration - elapsed));
  }
  const estimatorLog = graph.logs.filter((r) => r.node === "target_estimation" && r.level !== "debug").map((r) => `${(r.time - t0).toFixed(2)} s ${r.level}: ${r.message}`);
  return {
    estimates,
    validEstimates,
    ...(firstValid === undefined ? {} : { firstValid }),
    poses,
    ready,
    feeds,
    estimatorLog,
    wallTime: Number(process.hrtime.bigint() - wallStart) / 1e9,
  };
}
