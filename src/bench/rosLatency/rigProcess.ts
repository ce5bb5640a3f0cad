/**
 * `node dist/bench/rosLatency/rigProcess.js feeder|receiver '<json options>'`: the two processes
 * of the ROS 2 latency benchmark (src/bench/rosLatency.bench.ts) beside the three nodes, each a
 * node on the real graph of its own.
 *
 * feeder: two seconds of the simulator's shipped sensors (the lidar, the two DT35s, odometry;
 * recordSensorFeed, as the in-process latency rig uses) published in a loop on wall time,
 * restamped with the system clock as a driver does: the scan at `scanRateHz`, the DT35s and
 * joint_states at 100 Hz, odometry at 50 Hz. joint_states reports the wheel at the last wheel
 * command's value (the in-process rig's perfect wheel). On {"op":"measure","scans":N} on its
 * standard input it notes the next N scans' stamps and the monotonic time just before each
 * publish call, writes them to `out` and prints {"event":"done"}; it goes on publishing until
 * stopped.
 *
 * receiver: subscribes the wheel commands (velocity and effort), ranging/target and
 * target/estimate, and notes each command and target with its receipt time; prints
 * {"event":"valid"} at the first valid estimate and writes its log to `out` when stopped.
 *
 * Both print {"event":"ready"} once their publishers and subscriptions exist, and stop on SIGINT,
 * SIGTERM or the end of their standard input (the benchmark gone).
 */
import * as fs from "node:fs";
import * as readline from "node:readline";
import { isCovarianceStale } from "../../core/estimation/targetOutput";
import { stringParameter } from "../../core/parameters/readers";
import { loadLauncherParameters } from "../../launcher/launcherModel";
import { DEFAULT_PARAMS_FILES } from "../../package/defaultParams";
import { header } from "../../msgs/builders";
import type { Float64MultiArray, JointState, Time } from "../../msgs/types";
import { LAUNCHER_COMMAND_TOPICS } from "../../nodes/launcher_control";
import type { RuntimeBinding } from "../../runtime/binding";
import { QoS } from "../../runtime/qos";
import { loadRclnodejs } from "../../runtime/rclnodejs/loadRclnodejs";
import { RclnodejsBinding } from "../../runtime/rclnodejs/RclnodejsBinding";
import { recordSensorFeed, type SensorFeed } from "../chainLatency.bench";
import { stampKey, type FeederLog, type ReceiverLog } from "./traceFormat";

export interface RigOptions {
  /** Where the log goes (JSON). */
  readonly out: string;
  /** feeder: scans per second. */
  readonly scanRateHz?: number;
}

const RANGE_PERIOD_NS = 10_000_000;
const ODOMETRY_PERIOD_NS = 20_000_000;

function nowNs(): bigint {
  return process.hrtime.bigint();
}

function say(event: object): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/** The system clock (the nodes' ROS time) into a stamp, in place. */
function stampNow(stamp: Time): void {
  const ns = BigInt(Math.round(performance.timeOrigin * 1e6)) + BigInt(Math.round(performance.now() * 1e6));
  stamp.sec = Number(ns / 1_000_000_000n);
  stamp.nanosec = Number(ns % 1_000_000_000n);
}

async function startNode(role: string): Promise<{ binding: RclnodejsBinding; stop: () => void; stopped: Promise<void>; lines: readline.Interface }> {
  const rcl = loadRclnodejs();
  rcl.removeSignalHandlers();
  await rcl.init();
  const node = new rcl.lifecycle.LifecycleNode(`robocon_latency_${role}_${process.pid}`);
  const binding = new RclnodejsBinding(rcl, node);
  node.spin();
  const lines = readline.createInterface({ input: process.stdin });
  const stopped = new Promise<void>((resolve) => {
    lines.once("close", resolve);
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  const stop = (): void => {
    lines.close();
    node.destroy();
    if (!rcl.isShutdown()) rcl.shutdown();
  };
  return { binding, stop, stopped, lines };
}

/** The sensors the chain needs: the scan, odometry, each recorded range topic and joint_states. */
function feederPublishers(binding: RuntimeBinding, feed: SensorFeed) {
  return {
    scanPublisher: binding.advertise("sensor_msgs/msg/LaserScan", "/scan", QoS.sensorData),
    odometryPublisher: binding.advertise("nav_msgs/msg/Odometry", "/odom", QoS.sensorData),
    rangePublishers: [...feed.ranges].map(([topic, messages]) => ({ publisher: binding.advertise("sensor_msgs/msg/Range", topic, QoS.sensorData), messages })),
    jointPublisher: binding.advertise("sensor_msgs/msg/JointState", "/joint_states", QoS.sensorData),
  };
}

/** The recorded feed played in a loop: message `index` modulo its length. */
function cyclic<T>(messages: readonly T[], index: number): T {
  const message = messages[index % messages.length];
  if (message === undefined) throw new Error("empty feed");
  return message;
}

/**
 * The feeder's log: scans before the operator's `measure` count as warm-up; from it on, each
 * measured scan's stamp and publish time, written to `out` (and "done" said) after the last.
 */
class FeederScanLog {
  private readonly log: { scans: { stamp: number[]; at: number[] }; warmupScans: number; scanRateHz: number };
  private toMeasure = 0;
  private measuring = false;

  constructor(
    private readonly out: string,
    scanRateHz: number,
  ) {
    this.log = { scans: { stamp: [], at: [] }, warmupScans: 0, scanRateHz };
  }

  measure(scans: number): void {
    this.toMeasure = scans;
    this.measuring = true;
  }

  published(stamp: Time, at: bigint): void {
    if (!this.measuring) {
      this.log.warmupScans++;
      return;
    }
    if (this.toMeasure <= 0) return;
    this.log.scans.stamp.push(stampKey(stamp.sec, stamp.nanosec));
    this.log.scans.at.push(Number(at));
    if (this.log.scans.at.length % 1000 === 0) say({ event: "progress", scans: this.log.scans.at.length });
    if (--this.toMeasure === 0) {
      const written: FeederLog = this.log;
      fs.writeFileSync(this.out, JSON.stringify(written));
      say({ event: "done" });
    }
  }
}

async function runFeeder(options: RigOptions): Promise<void> {
  const scanRateHz = options.scanRateHz ?? 40;
  const scanPeriodNs = BigInt(Math.round(1e9 / scanRateHz));
  const feed = recordSensorFeed();
  // The shipped files checked against launcher_control's schema, its default where they leave it out.
  const jointName = stringParameter(loadLauncherParameters(DEFAULT_PARAMS_FILES), "joint_name");
  const { binding, stop, stopped, lines } = await startNode("feeder");
  const { scanPublisher, odometryPublisher, rangePublishers, jointPublisher } = feederPublishers(binding, feed);
  const joints: JointState = { header: header(0, ""), name: [jointName], position: [0], velocity: [0], effort: [0] };
  // The wheel reports the speed last commanded, as a drive at its setpoint would.
  let commanded = 0;
  const onCommand = (m: Float64MultiArray): void => {
    commanded = m.data[0] ?? 0;
  };
  binding.subscribe("std_msgs/msg/Float64MultiArray", `/${LAUNCHER_COMMAND_TOPICS.velocity}`, QoS.reliable, onCommand);
  binding.subscribe("std_msgs/msg/Float64MultiArray", `/${LAUNCHER_COMMAND_TOPICS.effort}`, QoS.reliable, onCommand);

  const scanLog = new FeederScanLog(options.out, scanRateHz);
  lines.on("line", (line) => {
    const command = JSON.parse(line) as { op?: string; scans?: number };
    if (command.op === "measure" && typeof command.scans === "number") scanLog.measure(command.scans);
  });

  const start = nowNs();
  const next = { scan: start, range: start + 2_500_000n, odometry: start + 5_000_000n };
  const count = { scan: 0, range: 0, odometry: 0 };
  let timer: NodeJS.Timeout | undefined;
  let running = true;
  const step = (): void => {
    if (!running) return;
    const now = nowNs();
    if (now >= next.range) {
      for (const { publisher, messages } of rangePublishers) {
        const range = cyclic(messages, count.range);
        stampNow(range.header.stamp);
        publisher.publish(range);
      }
      stampNow(joints.header.stamp);
      joints.velocity[0] = commanded;
      jointPublisher.publish(joints);
      count.range++;
      next.range += BigInt(RANGE_PERIOD_NS);
    }
    if (now >= next.odometry) {
      const odometry = cyclic(feed.odometry, count.odometry++);
      stampNow(odometry.header.stamp);
      odometryPublisher.publish(odometry);
      next.odometry += BigInt(ODOMETRY_PERIOD_NS);
    }
    if (now >= next.scan) {
      const scan = cyclic(feed.scans, count.scan++);
      stampNow(scan.header.stamp);
      const publishedAt = nowNs();
      scanPublisher.publish(scan);
      scanLog.published(scan.header.stamp, publishedAt);
      next.scan += scanPeriodNs;
    }
    const due = [next.scan, next.range, next.odometry].reduce((a, b) => (a < b ? a : b));
    const waitMs = Number(due - nowNs()) / 1e6;
    timer = setTimeout(step, Math.max(0, Math.floor(waitMs)));
  };
  say({ event: "ready" });
  step();
  await stopped;
  running = false;
  if (timer !== undefined) clearTimeout(timer);
  stop();
}

async function runReceiver(options: RigOptions): Promise<void> {
  const { binding, stop, stopped } = await startNode("receiver");
  const log = { commands: { value: [] as number[], at: [] as number[] }, targets: { stamp: [] as number[], at: [] as number[] }, estimates: { valid: 0, stale: 0 } } satisfies ReceiverLog;
  const onCommand = (m: Float64MultiArray): void => {
    log.commands.at.push(Number(nowNs()));
    log.commands.value.push(m.data[0] ?? Number.NaN);
  };
  binding.subscribe("std_msgs/msg/Float64MultiArray", `/${LAUNCHER_COMMAND_TOPICS.velocity}`, QoS.reliable, onCommand);
  binding.subscribe("std_msgs/msg/Float64MultiArray", `/${LAUNCHER_COMMAND_TOPICS.effort}`, QoS.reliable, onCommand);
  binding.subscribe("geometry_msgs/msg/PointStamped", "/ranging/target", QoS.sensorData, (m) => {
    log.targets.at.push(Number(nowNs()));
    log.targets.stamp.push(stampKey(m.header.stamp.sec, m.header.stamp.nanosec));
  });
  binding.subscribe("nav_msgs/msg/Odometry", "/target/estimate", QoS.reliable, (m) => {
    if (isCovarianceStale(m.pose.covariance)) {
      log.estimates.stale++;
    } else if (log.estimates.valid++ === 0) {
      say({ event: "valid" });
    }
  });
  say({ event: "ready" });
  await stopped;
  fs.writeFileSync(options.out, JSON.stringify(log));
  stop();
}

if (require.main === module) {
  const [role, json] = process.argv.slice(2);
  const options = JSON.parse(json ?? "{}") as RigOptions;
  const run = role === "feeder" ? runFeeder : role === "receiver" ? runReceiver : undefined;
  if (run === undefined) {
    process.stderr.write("usage: rigProcess.js feeder|receiver '{\"out\":FILE,\"scanRateHz\":40}'\n");
    process.exit(1);
  }
  run(options).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`rigProcess ${role}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
