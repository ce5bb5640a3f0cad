import { BagRecorder } from "../bags/BagRecorder";
import { McapRos2Writer } from "../bags/McapRos2Writer";
import { readBagMessages } from "../bags/readBagMessages";
import type { MessageTypeName, MessageTypes, Range } from "../msgs/types";
import { nodeDefinitions } from "../nodes/index";
import { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import { subscribeAllTopics } from "../runtime/inprocess/subscribeAllTopics";
import type { ManagedNode } from "../runtime/ManagedNode";
import { driverQos } from "../runtime/qos";

export interface ReplayOptions {
  readonly bag: string;
  readonly paramsFiles: readonly string[];
  /** Bag topic -> graph topic, e.g. {"/sick_lms_1xx/scan": "/scan"}. */
  readonly remap?: Readonly<Record<string, string>>;
  /** Per-node parameter overrides. */
  readonly parameters?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Write every topic (inputs and outputs) to this MCAP bag. */
  readonly out?: string;
  readonly progress?: (messages: number) => void;
}

/** What a Range topic carried during the replay. */
export interface RangeTopicSummary {
  readonly topic: string;
  readonly messages: number;
  readonly valid: number;
  /** Mean and standard deviation of the valid ranges [m]. */
  readonly mean_m: number;
  readonly std_m: number;
  readonly nan: number;
  readonly too_close: number;
  readonly no_return: number;
  /** Finite values outside [min_range, max_range]: REP-117 says this never happens. */
  readonly invalid_numbers: number;
}

export interface ReplayReport {
  readonly bag: string;
  readonly input_messages: number;
  readonly duration_s: number;
  /** Messages per topic, inputs and outputs. */
  readonly topics: Readonly<Record<string, number>>;
  readonly ranges: readonly RangeTopicSummary[];
  readonly wall_time_s: number;
}

/** Message types a replay feeds to the nodes (published with the QoS their drivers use: driverQos). */
const INPUT_TYPES: ReadonlySet<string> = new Set<MessageTypeName>(["sensor_msgs/msg/LaserScan", "sensor_msgs/msg/Range", "sensor_msgs/msg/JointState", "nav_msgs/msg/Odometry"]);

/**
 * Offline replay: the three nodes on the in-process graph, fed a recorded bag's sensor messages
 * at their recorded times. Reports what every output carried, and can write it all to a bag.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplayReport> {
  const wallStart = process.hrtime.bigint();
  const messages = readBagMessages(options.bag, { accept: (_topic, type) => INPUT_TYPES.has(type) });
  const first = messages.next();
  if (first.done === true) throw new Error(`${options.bag} holds no LaserScan, Range, JointState or Odometry message to replay`);
  const start = Number(first.value.logTimeNs) / 1e9;
  const graph = new InProcessGraph({ startTime: start });
  const nodes: ManagedNode[] = Object.values(nodeDefinitions).map((definition) =>
    graph.addNode(definition, { paramsFiles: options.paramsFiles, parameters: options.parameters?.[definition.name] ?? {} }),
  );
  for (const node of nodes) {
    const result = node.startup();
    if (!result.ok) throw new Error(result.reason);
  }
  const counts = new Map<string, number>();
  const ranges = new Map<string, { values: number[]; nan: number; tooClose: number; noReturn: number; invalid: number; messages: number }>();
  subscribeAllTopics(graph, "replay_probe", (topic, type, message) => {
    counts.set(topic, (counts.get(topic) ?? 0) + 1);
    if (type === "sensor_msgs/msg/Range") summarizeRange(ranges, topic, message as Range);
  });
  const writer = options.out === undefined ? undefined : await McapRos2Writer.toFile(options.out);
  const recorder = writer === undefined ? undefined : new BagRecorder(graph, writer);
  let inputs = 0;
  let last = start;
  for (let record: IteratorResult<(typeof first)["value"]> = first; record.done !== true; record = messages.next()) {
    const { topic, type, logTimeNs, message } = record.value;
    const time = Math.max(last, Number(logTimeNs) / 1e9);
    graph.advanceTo(time);
    last = time;
    const target = options.remap?.[topic] ?? topic;
    graph.publish(type as MessageTypeName, target, message as MessageTypes[MessageTypeName], driverQos(type, target));
    inputs++;
    if (inputs % 200 === 0) {
      await recorder?.flush();
      options.progress?.(inputs);
    }
  }
  graph.advance(0.5);
  await recorder?.close();
  return {
    bag: options.bag,
    input_messages: inputs,
    duration_s: last - start,
    topics: Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b))),
    ranges: [...ranges.entries()].map(([topic, r]) => {
      const mean = r.values.reduce((s, v) => s + v, 0) / Math.max(1, r.values.length);
      const std = r.values.length > 1 ? Math.sqrt(r.values.reduce((s, v) => s + (v - mean) ** 2, 0) / (r.values.length - 1)) : Number.NaN;
      return { topic, messages: r.messages, valid: r.values.length, mean_m: mean, std_m: std, nan: r.nan, too_close: r.tooClose, no_return: r.noReturn, invalid_numbers: r.invalid };
    }),
    wall_time_s: Number(process.hrtime.bigint() - wallStart) / 1e9,
  };
}

function summarizeRange(into: Map<string, { values: number[]; nan: number; tooClose: number; noReturn: number; invalid: number; messages: number }>, topic: string, m: Range): void {
  let entry = into.get(topic);
  if (entry === undefined) {
    entry = { values: [], nan: 0, tooClose: 0, noReturn: 0, invalid: 0, messages: 0 };
    into.set(topic, entry);
  }
  entry.messages++;
  if (Number.isNaN(m.range)) entry.nan++;
  else if (m.range === -Infinity) entry.tooClose++;
  else if (m.range === Infinity) entry.noReturn++;
  else if (m.range >= m.min_range && m.range <= m.max_range) entry.values.push(m.range);
  else entry.invalid++;
}
