/**
 * `npm run test:ros`: the three nodes as real processes on a real ROS 2 graph (rclnodejs, DDS).
 * A probe node publishes a synthetic scan and a synthetic range and checks that data flows
 * scan / range -> laser_ranging -> target_estimation -> launcher_control. Without ROS 2 it says
 * SKIPPED (not passed) and exits 0: this repository's own CI has no ROS 2; the robot team's
 * GitHub workflow (.github/workflows/ros.yml) and the robot run it for real.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { CommandModule } from "yargs";
import { header } from "../msgs/builders";
import type { LaserScan, MessageTypeName, Range } from "../msgs/types";
import { QoS, type QosProfile } from "../runtime/qos";
import { loadRclnodejs, RclnodejsUnavailableError } from "../runtime/rclnodejs/loadRclnodejs";
import type { RclnodejsModule } from "../runtime/rclnodejs/rclnodejsApi";
import { RclnodejsBinding } from "../runtime/rclnodejs/RclnodejsBinding";

export interface SmokeOptions {
  /** How long to wait for data through all three nodes [s]. */
  readonly timeoutS?: number;
  readonly write?: (line: string) => void;
}

export interface SmokeResult {
  readonly status: "passed" | "failed" | "skipped";
  readonly reason: string;
  /** Messages received per topic. */
  readonly received: Readonly<Record<string, number>>;
}

const NODES = ["laser_ranging", "target_estimation", "launcher_control"] as const;
/** Best effort, volatile: hears reliable and best-effort writers alike. */
const LISTEN: QosProfile = { reliability: "best_effort", durability: "volatile", depth: 50 };
const STAGES = ["ranging/*", "target/estimate", "launcher/velocity_command"] as const;

export async function runRosSmoke(options: SmokeOptions = {}): Promise<SmokeResult> {
  const write = options.write ?? ((line: string) => process.stderr.write(`ros-smoke: ${line}\n`));
  if (!process.env.ROS_DISTRO) {
    return { status: "skipped", reason: "ROS 2 is not sourced (no ROS_DISTRO): source /opt/ros/<distro>/setup.bash, then npm ci", received: {} };
  }
  let rcl: RclnodejsModule;
  try {
    rcl = loadRclnodejs();
  } catch (error) {
    if (error instanceof RclnodejsUnavailableError) return { status: "skipped", reason: error.message, received: {} };
    throw error;
  }
  const main = path.join(__dirname, "main.js");
  if (!fs.existsSync(main)) return { status: "failed", reason: `${main} missing: run npm run build`, received: {} };

  const namespace = `/robocon_smoke_${process.pid}`;
  const children = NODES.map((node) => startNode(main, node, namespace));
  rcl.removeSignalHandlers();
  await rcl.init(undefined, [process.argv0, "ros_smoke"]);
  const probeNode = new rcl.lifecycle.LifecycleNode("smoke_probe", namespace);
  const probe = new RclnodejsBinding(rcl, probeNode);
  probeNode.spin();

  const received: Record<string, number> = {};
  const count = (topic: string) => () => {
    received[topic] = (received[topic] ?? 0) + 1;
  };
  probe.subscribe("nav_msgs/msg/Odometry", "target/estimate", LISTEN, count("target/estimate"));
  probe.subscribe("std_msgs/msg/Float64MultiArray", "launcher/velocity_command", LISTEN, count("launcher/velocity_command"));
  const rangingTopics = new Set<string>();
  const scan = probe.advertise("sensor_msgs/msg/LaserScan", "scan", QoS.sensorData);
  const range = probe.advertise("sensor_msgs/msg/Range", "range/front", QoS.sensorData);

  const deadline = Date.now() + (options.timeoutS ?? 60) * 1000;
  write(`started ${NODES.join(", ")} in ${namespace}; publishing ${namespace}/scan and ${namespace}/range/front`);
  const anyDied = (): boolean => children.some(({ child }) => child.exitCode !== null || child.signalCode !== null);
  while (Date.now() < deadline && !anyDied() && !STAGES.every((stage) => stageCount(stage, received) > 0)) {
    // ranging/<sensor> names come from the node's parameters: listen to whatever appears.
    for (const topic of probeNode.getTopicNamesAndTypes()) {
      const type = topic.types[0] as MessageTypeName | undefined;
      if (type === undefined || !topic.name.startsWith(`${namespace}/ranging/`) || rangingTopics.has(topic.name)) continue;
      rangingTopics.add(topic.name);
      probe.subscribe(type, topic.name, LISTEN, count(`ranging/${topic.name.slice(namespace.length + "/ranging/".length)}`));
    }
    const now = probe.now();
    scan.publish(syntheticScan(now));
    range.publish(syntheticRange(now));
    await sleep(100);
  }

  const flowing = STAGES.filter((stage) => stageCount(stage, received) > 0);
  const exits = await Promise.all(children.map(({ child }) => stop(child)));
  probeNode.destroy();
  if (!rcl.isShutdown()) rcl.shutdown();

  const unclean = NODES.flatMap((node, i) => (exits[i] === 0 ? [] : [`${node} exited ${String(exits[i])}`]));
  if (flowing.length < STAGES.length || unclean.length > 0) {
    for (const { node, output } of children) write(`--- ${node} output (last lines):\n${output.slice(-40).join("\n")}`);
    const missing = STAGES.filter((stage) => !flowing.includes(stage));
    const reason = [missing.length > 0 ? `no messages on ${missing.join(", ")}` : "", unclean.join(", ")].filter(Boolean).join("; ");
    return { status: "failed", reason, received };
  }
  return { status: "passed", reason: `scan -> ${STAGES.join(" -> ")} flowing; all nodes exited 0 on SIGINT`, received };
}

function stageCount(stage: (typeof STAGES)[number], received: Readonly<Record<string, number>>): number {
  if (stage !== "ranging/*") return received[stage] ?? 0;
  return Object.entries(received).reduce((sum, [topic, n]) => sum + (topic.startsWith("ranging/") ? n : 0), 0);
}

function startNode(main: string, node: string, namespace: string): { node: string; child: ChildProcess; output: string[] } {
  const root = path.resolve(__dirname, "..", "..");
  const params = ["params/shooter.yaml", ...(node === "target_estimation" ? ["params/court_abu2025.yaml"] : [])]
    .map((file) => path.join(root, file))
    .filter((file) => fs.existsSync(file))
    .flatMap((file) => ["--params-file", file]);
  const child = spawn(process.execPath, [main, node, "--ros-args", "-r", `__ns:=${namespace}`, ...params], { stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const keep = (data: Buffer): void => {
    output.push(...data.toString().split("\n").filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  return { node, child, output };
}

/** SIGINT, as Ctrl-C and `ros2 launch` send; the exit code (null if it had to be killed). */
function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill("SIGINT");
  });
}

/** A flat wall 5 m ahead seen by a 181-beam lidar over +-90 deg, REP-117 +Inf beyond 12 m. */
export function syntheticScan(now: number): LaserScan {
  const count = 181;
  const angleMin = -Math.PI / 2;
  const increment = Math.PI / (count - 1);
  const ranges = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const r = 5 / Math.cos(angleMin + i * increment);
    ranges[i] = r > 0 && r <= 12 ? r : Infinity;
  }
  return {
    header: header(now, "laser"),
    angle_min: angleMin,
    angle_max: -angleMin,
    angle_increment: increment,
    time_increment: 0,
    scan_time: 0.1,
    range_min: 0.05,
    range_max: 12,
    ranges,
    intensities: new Float32Array(0),
  };
}

export function syntheticRange(now: number): Range {
  return { header: header(now, "range_front"), radiation_type: 1, field_of_view: 0.035, min_range: 0.1, max_range: 12, range: 5 };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Prints the outcome; exit code 0 for passed or skipped, 1 for failed. */
export async function rosSmokeMain(options: SmokeOptions = {}): Promise<number> {
  const result = await runRosSmoke(options);
  const counts = Object.entries(result.received)
    .map(([topic, n]) => `${topic}: ${n}`)
    .join(", ");
  const label = result.status === "skipped" ? "SKIPPED (not passed)" : result.status.toUpperCase();
  process.stdout.write(`ros-smoke: ${label}: ${result.reason}${counts ? ` [${counts}]` : ""}\n`);
  return result.status === "failed" ? 1 : 0;
}

/** `robocon-shooter ros-smoke`, for src/cli/main.ts. */
export const rosSmokeCommand: CommandModule<object, { timeout: number }> = {
  command: "ros-smoke",
  describe: "Run the three nodes under ROS 2 (rclnodejs) and check that data flows through them; SKIPPED without ROS 2",
  builder: (yargs) => yargs.option("timeout", { type: "number", default: 60, describe: "Seconds to wait for data through all three nodes" }),
  handler: async (args) => {
    process.exitCode = await rosSmokeMain({ timeoutS: args.timeout });
  },
};
