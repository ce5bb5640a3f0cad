import { DEFAULT_PARAMS_FILES } from "../package/defaultParams";
import { header } from "../msgs/builders";
import type { MessageTypeName } from "../msgs/types";
import { nodeDefinitions } from "../nodes/index";
import { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import { QoS } from "../runtime/qos";
import { cannedScan, cannedRanges, DEMO_POSE } from "./cannedInput";


/**
 * The three nodes on the in-process graph with `paramsFiles` (default the shipped ones), fed for
 * `seconds` [s] of simulated time with a canned lidar scan and two single-point ranges seen from a
 * fixed pose on the court. Returns a report of what flowed on every topic.
 */
export function runDemo(seconds: number, paramsFiles: readonly string[] = DEFAULT_PARAMS_FILES): string {
  const graph = new InProcessGraph({ startTime: 1_700_000_000 });
  const nodes = Object.values(nodeDefinitions).map((definition) => graph.addNode(definition, { paramsFiles }));
  for (const node of nodes) {
    const result = node.startup();
    if (!result.ok) throw new Error(result.reason);
  }
  const watched: [string, MessageTypeName][] = [
    ["/ranging/left", "sensor_msgs/msg/Range"],
    ["/ranging/right", "sensor_msgs/msg/Range"],
    ["/ranging/left_fence", "sensor_msgs/msg/Range"],
    ["/ranging/rear_fence", "sensor_msgs/msg/Range"],
    ["/ranging/target", "geometry_msgs/msg/PointStamped"],
    ["/target/estimate", "nav_msgs/msg/Odometry"],
    ["/launcher/effort_command", "std_msgs/msg/Float64MultiArray"],
    ["/launcher/make_probability", "std_msgs/msg/Float64"],
    ["/launcher/ready", "std_msgs/msg/Bool"],
  ];
  const lines: string[] = [`robot at x=${DEMO_POSE.x} m, y=${DEMO_POSE.y} m, yaw=${DEMO_POSE.yaw} rad on the court; ${seconds} s simulated`, ""];
  const seen = new Map<string, { count: number; last: string }>();
  for (const [topic, type] of watched) {
    seen.set(topic, { count: 0, last: "" });
    graph.binding("demo_probe").subscribe(type, topic, { ...QoS.sensorData, depth: 100 }, (message) => {
      const entry = seen.get(topic);
      if (entry) {
        entry.count++;
        entry.last = summarize(message);
      }
    });
  }
  // Why the launcher commands what it does: the demo feeds no wheel (no JointState) and does not
  // arm it, so its flywheel output is zero, as on a robot whose encoder is silent.
  let launcherStatus = "";
  graph.binding("demo_probe").subscribe("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics", { ...QoS.reliable, depth: 100 }, (m) => {
    const status = m.status.find((s) => s.name.startsWith("launcher_control:"));
    if (status !== undefined) launcherStatus = status.message;
  });
  const feeder = graph.binding("demo_sensors");
  const scan = feeder.advertise("sensor_msgs/msg/LaserScan", "scan", QoS.sensorData);
  const left = feeder.advertise("sensor_msgs/msg/Range", "range/left", QoS.sensorData);
  const right = feeder.advertise("sensor_msgs/msg/Range", "range/right", QoS.sensorData);
  feeder.startTimer(0.1, () => {
    const now = graph.clock.now();
    scan.publish({ ...cannedScan(), header: header(now, "laser") });
    const [l, r] = cannedRanges(now);
    left.publish(l);
    right.publish(r);
  });
  graph.advance(seconds);
  for (const [topic] of watched) {
    const entry = seen.get(topic);
    lines.push(`${topic.padEnd(30)} ${String(entry?.count ?? 0).padStart(5)} msgs   last: ${entry?.last ?? ""}`);
  }
  lines.push("", `launcher_control says: ${launcherStatus || "(no /diagnostics yet)"}`);
  return `${lines.join("\n")}\n`;
}

function summarize(message: unknown): string {
  const m = message as Record<string, unknown>;
  if ("range" in m && typeof m.range === "number") return `range ${m.range.toFixed(4)} m`;
  if ("point" in m) {
    const p = m.point as { x: number; y: number };
    return `point (${p.x.toFixed(3)}, ${p.y.toFixed(3)}) m`;
  }
  if ("pose" in m) {
    const p = (m.pose as { pose: { position: { x: number; y: number; z: number } } }).pose.position;
    return `hoop at (${p.x.toFixed(3)}, ${p.y.toFixed(3)}, ${p.z.toFixed(3)}) m from the launcher, ${Math.hypot(p.x, p.y).toFixed(3)} m away`;
  }
  if ("data" in m) {
    const data = m.data;
    if (typeof data === "boolean") return String(data);
    if (typeof data === "number") return data.toFixed(3);
    if (data instanceof Float64Array || Array.isArray(data)) return `[${Array.from(data as ArrayLike<number>, (v) => v.toFixed(2)).join(", ")}]`;
  }
  return JSON.stringify(message).slice(0, 60);
}
