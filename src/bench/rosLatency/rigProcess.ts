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
 * relay: one hop of the bare relay chain, the benchmark's baseline (RELAY_HOPS): it takes the
 * hop's input and at once publishes its output carrying the input's stamp, no work in between; the
 * last hop publishes the wheel command with the scan's stamp key as its value, so the receiver's
 * log names the scan each command carries.
 *
 * All print {"event":"ready"} once their publishers and subscriptions exist, and stop on SIGINT,
 * SIGTERM or the end of their standard input (the benchmark gone).
 */
import * as fs from "node:fs";
import * as readline from "node:readline";
import { isCovarianceStale } from "../../core/estimation/targetOutput";
import { stringParameter } from "../../core/parameters/readers";
import { loadLauncherParameters } from "../../launcher/launcherModel";
import { DEFAULT_PARAMS_FILES } from "../../package/defaultParams";
import { header } from "../../msgs/builders";
import type { Float64MultiArray, Header, JointState, Odometry, PointStamped, Time } from "../../msgs/types";
import { LAUNCHER_COMMAND_TOPICS } from "../../nodes/launcher_control";
import type { RuntimeBinding } from "../../runtime/binding";
import { QoS } from "../../runtime/qos";
import { loadRclnodejs } from "../../runtime/rclnodejs/loadRclnodejs";
import { RclnodejsBinding } from "../../runtime/rclnodejs/RclnodejsBinding";
import { recordSensorFeed, type SensorFeed } from "../chainLatency.bench";
import { TraceColumn } from "./traceColumn";
import { stampKey, type FeederLog, type ReceiverLog } from "./traceFormat";

export interface RigOptions {
  /** Where the log goes (JSON); the relay writes none. */
  readonly out?: string;
  /** feeder: scans per second. */
  readonly scanRateHz?: number;
  /** relay: which hop of RELAY_HOPS, 0-based. */
  readonly hop?: number;
}

/**
 * The bare relay chain: the chain's four DDS hops (feeder, three relays, receiver) between
 * rclnodejs processes on the package's adapter, with the chain's message types and QoS (the scan
 * best effort into the first, a PointStamped best effort as laser_ranging's outputs, an Odometry
 * reliable as the estimate, the wheel command reliable), and no work, no timer and no other topic.
 */
export const RELAY_HOPS = [
  { from: "/scan", fromType: "sensor_msgs/msg/LaserScan", to: "/relay/target", toType: "geometry_msgs/msg/PointStamped" },
  { from: "/relay/target", fromType: "geometry_msgs/msg/PointStamped", to: "/relay/estimate", toType: "nav_msgs/msg/Odometry" },
  { from: "/relay/estimate", fromType: "nav_msgs/msg/Odometry", to: `/${LAUNCHER_COMMAND_TOPICS.effort}`, toType: "std_msgs/msg/Float64MultiArray" },
] as const;

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

function logFile(options: RigOptions, role: string): string {
  if (options.out === undefined || options.out === "") throw new Error(`${role}: the options name no log file ("out")`);
  return options.out;
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
  private readonly scans = { stamp: new TraceColumn(), at: new TraceColumn() };
  private warmupScans = 0;
  private toMeasure = 0;
  private measuring = false;

  constructor(
    private readonly out: string,
    private readonly scanRateHz: number,
  ) {}

  measure(scans: number): void {
    this.toMeasure = scans;
    this.measuring = true;
  }

  published(stamp: Time, at: bigint): void {
    if (!this.measuring) {
      this.warmupScans++;
      return;
    }
    if (this.toMeasure <= 0) return;
    this.scans.stamp.push(stampKey(stamp.sec, stamp.nanosec));
    this.scans.at.push(Number(at));
    if (this.scans.at.length % 1000 === 0) say({ event: "progress", scans: this.scans.at.length });
    if (--this.toMeasure === 0) {
      const written: FeederLog = {
        scans: { stamp: this.scans.stamp.toArray(), at: this.scans.at.toArray() },
        warmupScans: this.warmupScans,
        scanRateHz: this.scanRateHz,
      };
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

  const scanLog = new FeederScanLog(logFile(options, "feeder"), scanRateHz);
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
  const out = logFile(options, "receiver");
  const { binding, stop, stopped } = await startNode("receiver");
  // Columns off the JavaScript heap, as the tracer's (traceColumn.ts): a growing array would bring collections into the receipts measured.
  const log = { commands: { value: new TraceColumn(), at: new TraceColumn() }, targets: { stamp: new TraceColumn(), at: new TraceColumn() }, estimates: { valid: 0, stale: 0 } };
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
  const written: ReceiverLog = {
    commands: { value: log.commands.value.toArray(), at: log.commands.at.toArray() },
    targets: { stamp: log.targets.stamp.toArray(), at: log.targets.at.toArray() },
    estimates: log.estimates,
  };
  fs.writeFileSync(out, JSON.stringify(written));
  stop();
}

/** The output of a relay hop, one message rewritten per input (as a driver reuses its buffer). */
function relayOutput(hop: (typeof RELAY_HOPS)[number]): { stamped: (stamp: Time) => PointStamped | Odometry | Float64MultiArray } {
  const stampOf = (target: Header, stamp: Time): void => {
    target.stamp.sec = stamp.sec;
    target.stamp.nanosec = stamp.nanosec;
  };
  if (hop.toType === "geometry_msgs/msg/PointStamped") {
    const point: PointStamped = { header: header(0, "lidar"), point: { x: 0, y: 0, z: 0 } };
    return { stamped: (stamp) => (stampOf(point.header, stamp), point) };
  }
  if (hop.toType === "nav_msgs/msg/Odometry") {
    const odometry: Odometry = {
      header: header(0, "map"),
      child_frame_id: "launcher",
      pose: { pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, covariance: new Float64Array(36) },
      twist: { twist: { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: new Float64Array(36) },
    };
    return { stamped: (stamp) => (stampOf(odometry.header, stamp), odometry) };
  }
  const command: Float64MultiArray = { layout: { dim: [], data_offset: 0 }, data: [0] };
  return {
    stamped: (stamp) => {
      command.data[0] = stampKey(stamp.sec, stamp.nanosec);
      return command;
    },
  };
}

async function runRelay(options: RigOptions): Promise<void> {
  const hop = RELAY_HOPS[options.hop ?? -1];
  if (hop === undefined) throw new Error(`relay: hop must be 0..${RELAY_HOPS.length - 1}, got ${String(options.hop)}`);
  const { binding, stop, stopped } = await startNode(`relay${String(options.hop)}`);
  const input = hop.from === "/scan" || hop.fromType === "geometry_msgs/msg/PointStamped" ? QoS.sensorData : QoS.reliable;
  const outputQos = hop.toType === "geometry_msgs/msg/PointStamped" ? QoS.sensorData : QoS.reliable;
  const output = relayOutput(hop);
  const publisher = binding.advertise(hop.toType, hop.to, outputQos) as { publish: (message: PointStamped | Odometry | Float64MultiArray) => void };
  binding.subscribe(hop.fromType, hop.from, input, (message: { header: Header }) => publisher.publish(output.stamped(message.header.stamp)));
  say({ event: "ready" });
  await stopped;
  stop();
}

if (require.main === module) {
  const [role, json] = process.argv.slice(2);
  const options = JSON.parse(json ?? "{}") as RigOptions;
  const run = role === "feeder" ? runFeeder : role === "receiver" ? runReceiver : role === "relay" ? runRelay : undefined;
  if (run === undefined) {
    process.stderr.write("usage: rigProcess.js feeder|receiver|relay '{\"out\":FILE,\"scanRateHz\":40,\"hop\":0}'\n");
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
