import { BagRecorder } from "../bags/BagRecorder";
import { McapRos2Writer } from "../bags/McapRos2Writer";
import { readBagMessages, type BagMessage, type BagReadSummary } from "../bags/readBagMessages";
import { isCovarianceStale } from "../core/estimation/targetOutput";
import type { Bool, MessageTypeName, MessageTypes, Odometry, Range } from "../msgs/types";
import { nodeDefinitions } from "../nodes/index";
import { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import { subscribeAllTopics } from "../runtime/inprocess/subscribeAllTopics";
import type { ManagedNode } from "../runtime/ManagedNode";
import { driverQos } from "../runtime/qos";
import { OutputComparer, type OutputComparison } from "./compareOutputs";
import { compareCodeUnits } from "../core/compareCodeUnits";

export interface ReplayOptions {
  readonly bag: string;
  readonly paramsFiles: readonly string[];
  /** Bag topic -> graph topic, e.g. {"/sick_lms_1xx/scan": "/scan"}. */
  readonly remap?: Readonly<Record<string, string>>;
  /** Per-node parameter overrides. */
  readonly parameters?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Write every topic (inputs and outputs) to this MCAP bag. */
  readonly out?: string;
  /** Compare each recorded output with the recomputed one, pairing by stamp within this many seconds. Default: no comparison. */
  readonly compareToleranceS?: number;
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

/**
 * What the replay did with a bag topic: fed it to the nodes (a topic some node subscribes, no node
 * publishes, same type), or not: a recorded output (some node publishes it: the replay recomputes
 * it), a topic no node subscribes, a type other than the nodes', or a schema it cannot decode.
 */
export type TopicRole = "fed" | "recorded output, not fed" | "not subscribed by any node" | "type mismatch, not fed" | "not decodable, not fed";

export interface BagTopicReport {
  /** As in the bag. */
  readonly topic: string;
  /** After --remap. */
  readonly graph_topic: string;
  readonly type: string;
  /** Messages read from the bag. */
  readonly messages: number;
  readonly role: TopicRole;
  /** For a type mismatch: the type the nodes use. */
  readonly node_type?: string;
}

/** What the shooter decided during the replay: estimates it trusted, shots it would have taken. */
export interface ShooterDecisions {
  readonly target_estimates: number;
  /** target/estimate messages not marked stale (pose covariance[0] != -1): targets the launcher may shoot at. */
  readonly valid_target_estimates: number;
  /** launcher/ready messages saying true. */
  readonly ready: number;
  /** launcher/feed messages: balls fed. */
  readonly feed: number;
}

export interface ReplayReport {
  readonly bag: string;
  /** Messages fed to the nodes. */
  readonly input_messages: number;
  /** From the first to the last message fed [s]. */
  readonly duration_s: number;
  /** Every topic of the bag and what the replay did with it. */
  readonly bag_topics: readonly BagTopicReport[];
  /** What reading the bag found: complete, or what was lost to truncation or damage. */
  readonly bag_integrity: Omit<BagReadSummary, "topics">;
  /** Messages per topic on the graph during the replay: the inputs fed and the outputs recomputed. */
  readonly topics: Readonly<Record<string, number>>;
  readonly ranges: readonly RangeTopicSummary[];
  readonly shooter: ShooterDecisions;
  /** With compareToleranceS: each recorded output beside the recomputed one. */
  readonly comparisons?: readonly OutputComparison[];
  readonly compare_tolerance_s?: number;
  /** The command's own time [s]: setting the three nodes up (setup_s), then feeding the bag (feed_s), and the report. */
  readonly wall_time_s: number;
  readonly setup_s: number;
  readonly feed_s: number;
}

/** The topics the chain subscribes and publishes, with their types, as the graph has them once the nodes are configured. */
interface ChainTopics {
  readonly inputs: ReadonlyMap<string, MessageTypeName>;
  readonly outputs: ReadonlyMap<string, MessageTypeName>;
}

/**
 * Offline replay: the three nodes on the in-process graph, fed a recorded bag at its recorded
 * times. A bag topic is fed only if some node subscribes it and no node publishes it (whatever its
 * type: scans, ranges, odometry, joint states, launcher/e_stop); a recorded output is counted and,
 * with compareToleranceS, compared with the one the nodes recompute. A truncated or damaged bag
 * is replayed as far as it is readable and the loss reported. Reports what every output carried
 * and what the shooter decided, and can write it all to a bag.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplayReport> {
  const wallStart = process.hrtime.bigint();
  const { graph, nodes } = configuredChain(options);
  const chain = chainTopics(graph);
  const graphTopic = (topic: string): string => absolute(options.remap?.[topic] ?? topic);
  const comparer = options.compareToleranceS === undefined ? undefined : new OutputComparer(options.compareToleranceS);
  const probe = probeGraph(graph, chain, comparer);
  const writer = options.out === undefined ? undefined : await McapRos2Writer.toFile(options.out);
  const recorder = writer === undefined ? undefined : new BagRecorder(graph, writer);
  const feedStart = process.hrtime.bigint();
  const fed = await feedBag(options, { graph, nodes, chain, graphTopic, comparer, recorder });
  const bagTopics = Object.entries(fed.summary.topics).map(([topic, { type, messages: count }]): BagTopicReport => {
    const target = graphTopic(topic);
    const classified = roleOf(chain, target, type);
    // Only channels with a ros2msg schema and cdr messages reach accept(): the rest were never decodable.
    const role: TopicRole = classified === "fed" && !fed.decodable.has(topic) ? "not decodable, not fed" : classified;
    const nodeType = chain.outputs.get(target) ?? chain.inputs.get(target);
    return { topic, graph_topic: target, type, messages: count, role, ...(role === "type mismatch, not fed" && nodeType !== undefined ? { node_type: nodeType } : {}) };
  });
  if (fed.start === undefined) {
    await recorder?.close();
    throw new Error(nothingToReplay(options.bag, bagTopics, chain, fed.summary));
  }
  graph.advance(0.5);
  await recorder?.close();
  const feedEnd = process.hrtime.bigint();
  const { topics: _topics, ...integrity } = fed.summary;
  return {
    bag: options.bag,
    input_messages: fed.inputs,
    duration_s: fed.last - fed.start,
    bag_topics: bagTopics,
    bag_integrity: integrity,
    topics: Object.fromEntries([...probe.counts.entries()].sort(([a], [b]) => compareCodeUnits(a, b))),
    ranges: [...probe.ranges.entries()].map(([topic, r]) => rangeSummary(topic, r)),
    shooter: probe.decisions,
    ...(comparer === undefined
      ? {}
      : {
          compare_tolerance_s: options.compareToleranceS,
          comparisons: bagTopics
            .filter((t) => t.role === "recorded output, not fed")
            .map((t) => comparer.compare(t.graph_topic, t.type, { recorded: t.messages, recomputed: probe.counts.get(t.graph_topic) ?? 0 })),
        }),
    wall_time_s: Number(process.hrtime.bigint() - wallStart) / 1e9,
    setup_s: Number(feedStart - wallStart) / 1e9,
    feed_s: Number(feedEnd - feedStart) / 1e9,
  };
}

/** The three nodes on a new in-process graph, configured (publishers and subscriptions exist); activated at the first fed message's time. */
function configuredChain(options: ReplayOptions): { graph: InProcessGraph; nodes: ManagedNode[] } {
  const graph = new InProcessGraph();
  const nodes: ManagedNode[] = Object.values(nodeDefinitions).map((definition) =>
    graph.addNode(definition, { paramsFiles: options.paramsFiles, parameters: options.parameters?.[definition.name] ?? {} }),
  );
  for (const node of nodes) {
    const result = node.configure();
    if (!result.ok) throw new Error(result.reason ?? `${node.name} failed to configure`);
  }
  return { graph, nodes };
}

/** What feedBag reads the bag into. */
interface FeedTarget {
  readonly graph: InProcessGraph;
  readonly nodes: readonly ManagedNode[];
  readonly chain: ChainTopics;
  readonly graphTopic: (topic: string) => string;
  readonly comparer: OutputComparer | undefined;
  readonly recorder: BagRecorder | undefined;
}

/** What feeding the bag did: the messages fed, their first and last times [s] (start undefined: none fed), the bag's summary. */
interface Fed {
  readonly inputs: number;
  readonly start: number | undefined;
  readonly last: number;
  readonly summary: BagReadSummary;
  /** Bag topics whose channel could be decoded (a ros2msg schema, cdr messages). */
  readonly decodable: ReadonlySet<string>;
}

/**
 * Reads the bag in order and feeds each input at its recorded time (never before the previous
 * one); a recorded output goes to the comparer instead. The recorder is flushed, and progress
 * reported, every 200 inputs.
 */
async function feedBag(options: ReplayOptions, { graph, nodes, chain, graphTopic, comparer, recorder }: FeedTarget): Promise<Fed> {
  const decodable = new Set<string>();
  const accept = (topic: string, type: string): boolean => {
    decodable.add(topic);
    const role = roleOf(chain, graphTopic(topic), type);
    return role === "fed" || (role === "recorded output, not fed" && comparer !== undefined && OutputComparer.compares(type));
  };
  const messages = readBagMessages(options.bag, { accept, damage: "skip" });
  let inputs = 0;
  let start: number | undefined;
  let last = 0;
  for (;;) {
    const next = messages.next();
    if (next.done === true) return { inputs, start, last, summary: next.value, decodable };
    const { topic, type, logTimeNs, message } = next.value;
    const target = graphTopic(topic);
    if (chain.outputs.has(target)) {
      comparer?.addRecorded(target, type, message, Number(logTimeNs) / 1e9);
      continue;
    }
    const time = Math.max(last, Number(logTimeNs) / 1e9);
    if (start === undefined) {
      start = time;
      activate(graph, nodes, time);
    }
    feed(graph, next.value, target, time);
    last = time;
    inputs++;
    if (inputs % 200 === 0) {
      await recorder?.flush();
      options.progress?.(inputs);
    }
  }
}

/** Inputs: topics a node subscribes. Outputs: topics a node publishes (an output is never fed, even where another node subscribes it). */
function chainTopics(graph: InProcessGraph): ChainTopics {
  const inputs = new Map<string, MessageTypeName>();
  const outputs = new Map<string, MessageTypeName>();
  for (const topic of graph.topicList()) {
    if (topic.writers > 0) outputs.set(topic.name, topic.type);
    else if (topic.readers > 0) inputs.set(topic.name, topic.type);
  }
  return { inputs, outputs };
}

function roleOf(chain: ChainTopics, topic: string, type: string): TopicRole {
  const output = chain.outputs.get(topic);
  if (output !== undefined) return output === type ? "recorded output, not fed" : "type mismatch, not fed";
  const input = chain.inputs.get(topic);
  if (input === undefined) return "not subscribed by any node";
  return input === type ? "fed" : "type mismatch, not fed";
}

function absolute(topic: string): string {
  return topic.startsWith("/") ? topic : `/${topic}`;
}

/** Moves the clock to the first fed message and activates the nodes there: their timers start with the recording. */
function activate(graph: InProcessGraph, nodes: readonly ManagedNode[], time: number): void {
  graph.advanceTo(time);
  for (const node of nodes) {
    const result = node.activate();
    if (!result.ok) throw new Error(result.reason ?? `${node.name} failed to activate`);
  }
}

/** Publishes one bag message at its time, with the QoS its driver would use. Its type is the subscriber's (roleOf checked). */
function feed(graph: InProcessGraph, record: BagMessage, topic: string, time: number): void {
  graph.advanceTo(time);
  const type = record.type as MessageTypeName;
  graph.publish(type, topic, record.message as MessageTypes[MessageTypeName], driverQos(type, topic));
}

interface RangeTally {
  values: number[];
  nan: number;
  tooClose: number;
  noReturn: number;
  invalid: number;
  messages: number;
}

/** Listens to every topic: counts, Range summaries, the shooter's decisions, and recomputed outputs for the comparer. */
function probeGraph(graph: InProcessGraph, chain: ChainTopics, comparer: OutputComparer | undefined) {
  const counts = new Map<string, number>();
  const ranges = new Map<string, RangeTally>();
  const decisions = { target_estimates: 0, valid_target_estimates: 0, ready: 0, feed: 0 };
  subscribeAllTopics(graph, "replay_probe", (topic, type, message) => {
    counts.set(topic, (counts.get(topic) ?? 0) + 1);
    if (type === "sensor_msgs/msg/Range") tallyRange(ranges, topic, message as Range);
    if (topic === "/target/estimate" && type === "nav_msgs/msg/Odometry") {
      decisions.target_estimates++;
      if (!isCovarianceStale((message as Odometry).pose.covariance)) decisions.valid_target_estimates++;
    }
    if (topic === "/launcher/ready" && (message as Bool).data) decisions.ready++;
    if (topic === "/launcher/feed") decisions.feed++;
    if (comparer !== undefined && chain.outputs.has(topic)) comparer.addRecomputed(topic, type, message, graph.clock.now());
  });
  return { counts, ranges, decisions };
}

function tallyRange(into: Map<string, RangeTally>, topic: string, m: Range): void {
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

function rangeSummary(topic: string, r: RangeTally): RangeTopicSummary {
  const mean = r.values.reduce((s, v) => s + v, 0) / Math.max(1, r.values.length);
  const std = r.values.length > 1 ? Math.sqrt(r.values.reduce((s, v) => s + (v - mean) ** 2, 0) / (r.values.length - 1)) : Number.NaN;
  return { topic, messages: r.messages, valid: r.values.length, mean_m: mean, std_m: std, nan: r.nan, too_close: r.tooClose, no_return: r.noReturn, invalid_numbers: r.invalid };
}

function nothingToReplay(bag: string, topics: readonly BagTopicReport[], chain: ChainTopics, summary: BagReadSummary): string {
  const listed = topics.map((t) => `${t.topic} (${t.type}): ${t.role}`).join("; ") || "none readable";
  const inputs = [...chain.inputs.entries()].map(([topic, type]) => `${topic} (${type})`).join(", ");
  const lost = summary.problems.length > 0 ? ` What could not be read: ${summary.problems.map((p) => p.what).join("; ")}.` : "";
  return `nothing to replay in ${bag}: no message on a topic the nodes subscribe. Bag topics: ${listed}. The nodes subscribe ${inputs}; map a bag topic onto one with --remap FROM:=TO.${lost}`;
}
