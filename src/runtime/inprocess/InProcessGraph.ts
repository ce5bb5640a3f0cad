import { deepFreeze } from "./deepFreeze";
import type { MessageTypeName, MessageTypes, ServiceRequest, ServiceResponse, ServiceTypeName } from "../../msgs/types";
import type { Disposable, RawPublisher, RawSubscription, RuntimeBinding } from "../binding";
import { ManagedNode, type SetParametersResult } from "../ManagedNode";
import { parameterProblem, type NodeBlockOrigin, type ParameterDescriptor, type ParameterValue } from "../../core/parameters/schema";
import { loadParamsFiles, misspeltBlocksFor } from "../paramsFile";
import type { Logger, NodeDefinition, ParameterChange } from "../port";
import { qosCompatible, QoS, type QosProfile } from "../qos";
import {
  rclnodejsDeclareVerdict,
  rclnodejsParameterArguments,
  rclnodejsSetVerdict,
  rosDescriptorOf,
  type RosParameterDescriptor,
} from "../rosParameterRules";
import { resolveName } from "../names";
import { VirtualClock } from "./VirtualClock";
import { compareCodeUnits } from "../../core/compareCodeUnits";

export interface AddNodeOptions {
  /** Node name; the definition's name by default. */
  readonly name?: string;
  readonly namespace?: string;
  /** ROS 2 params files, read as `--params-file` would be (later ones win). */
  readonly paramsFiles?: readonly string[];
  /** Values that override the files (flat dotted names), like launch's `parameters=[{...}]`. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Topic and service remappings, `from: to`. */
  readonly remappings?: Readonly<Record<string, string>>;
}

export interface LogRecord {
  readonly time: number;
  readonly node: string;
  readonly level: "debug" | "info" | "warn" | "error";
  readonly message: string;
}

interface Reader {
  readonly type: MessageTypeName;
  readonly qos: QosProfile;
  readonly callback: (message: unknown) => void;
  readonly queue: MessageQueue;
  dropped: number;
  closed: boolean;
}

/**
 * A reader's keep_last queue: a ring over an array that grows to the depth used and is then
 * reused, so delivering a message allocates nothing (push and shift on an array moved its
 * backing store and reallocated it as it went).
 */
class MessageQueue {
  private readonly slots: unknown[] = [];
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(message: unknown): void {
    if (this.count === this.slots.length) {
      // Full ring: open a slot at the head's place (only until the queue reaches its largest size).
      this.slots.splice(this.head, 0, message);
      this.head = (this.head + 1) % this.slots.length;
      this.count++;
      return;
    }
    this.slots[(this.head + this.count) % this.slots.length] = message;
    this.count++;
  }

  /** The oldest message, removed; undefined when empty. */
  shift(): unknown {
    if (this.count === 0) return undefined;
    const message = this.slots[this.head];
    // Not kept alive by the queue once delivered.
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.slots.length;
    this.count--;
    return message;
  }

  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}

interface Writer {
  /** The node that advertised it ("graph" for publishes from outside any node). */
  readonly node: string;
  readonly type: MessageTypeName;
  readonly qos: QosProfile;
  /** The last `depth` samples of a transient-local writer, for late joiners. */
  readonly history: unknown[];
  closed: boolean;
}

interface Topic {
  type: MessageTypeName;
  readonly writers: Writer[];
  readonly readers: Reader[];
}

interface TimerEntry {
  readonly id: number;
  readonly periodS: number;
  readonly callback: () => void;
  readonly origin: number;
  fired: number;
  due: number;
}

const TIMER_SLACK_S = 1e-9;

/** The parameters declared on one node, by name, with the descriptors registered for them. */
type DeclaredParameters = Map<string, RosParameterDescriptor>;

/**
 * A node on the graph: a ManagedNode whose parameters the graph declares and sets under
 * rclnodejs's rules (src/runtime/rosParameterRules.ts), so what rclnodejs would refuse on the
 * robot is refused here too.
 */
export class InProcessNode extends ManagedNode {
  constructor(
    definition: NodeDefinition,
    binding: RuntimeBinding,
    overrides: Readonly<Record<string, unknown>>,
    sourceOf: (key: string) => string,
    private readonly declared: ReadonlyMap<string, RosParameterDescriptor>,
    fromNodeBlock: NodeBlockOrigin,
  ) {
    super(definition, binding, overrides, sourceOf, fromNodeBlock);
  }

  /** The descriptors declared so far, as `ros2 param describe` would show them. */
  get declaredParameters(): ReadonlyMap<string, RosParameterDescriptor> {
    return this.declared;
  }

  override setParameters(changes: readonly ParameterChange[]): SetParametersResult {
    const refusal = this.rclnodejsRefusal(changes);
    return refusal === undefined ? super.setParameters(changes) : { successful: false, reason: refusal };
  }

  /**
   * What rclnodejs checks on the robot between RclnodejsBinding's pre-set screen and ManagedNode:
   * each change on its own, as Node.setParameters does. The changes ManagedNode refuses anyway are
   * left to it and its clearer reason: unknown names, read-only parameters (rclnodejs refuses them
   * too) and values our schema refuses (the screen swaps those for the current value, which
   * rclnodejs accepts, and ManagedNode reports them).
   */
  private rclnodejsRefusal(changes: readonly ParameterChange[]): string | undefined {
    for (const change of changes) {
      const descriptor = this.descriptorOf(change.name);
      if (descriptor === undefined || descriptor.readOnly === true || parameterProblem(change.value, descriptor) !== undefined) continue;
      const verdict = rclnodejsSetVerdict(this.declared.get(change.name), rclnodejsParameterArguments(change.name, change.value, descriptor));
      if (!verdict.accepted) return verdict.reason;
    }
    return undefined;
  }
}

/**
 * Every node in one process on a virtual clock: a harness for tests, simulation, replay and
 * benchmarks, not a middleware (nothing leaves the process). Deterministic: timers fire in time
 * order (ties in creation order) and messages are delivered in publish order; each reader keeps
 * at most its QoS depth and drops the oldest beyond it, as keep_last does.
 */
/** Told of each new writer: topic, type, the writer's QoS, and the QoS of all the topic's writers. */
export type WriterListener = (topic: string, type: MessageTypeName, added: QosProfile, offered: readonly QosProfile[]) => void;
/** Told of each message published: the publishing node ("graph" from outside any node), the resolved topic, the message. */
export type PublishListener = (node: string, topic: string, message: unknown) => void;

/** The environment variable that makes every graph freeze what is published (see the constructor). */
export const FREEZE_MESSAGES_VARIABLE = "ROBOCON_SHOOTER_FREEZE_MESSAGES";

export class InProcessGraph {
  readonly clock: VirtualClock;
  readonly logs: LogRecord[] = [];
  private readonly topics = new Map<string, Topic>();
  private readonly services = new Map<string, { type: ServiceTypeName; handler: (request: unknown) => unknown }>();
  private readonly timers: TimerEntry[] = [];
  /** Readers with a message to deliver, in publish order: pending[0, pendingCount). */
  private readonly pending: (Reader | undefined)[] = [];
  private pendingCount = 0;
  private readonly outsideWriters = new Map<string, RawPublisher<MessageTypes[MessageTypeName]>>();
  /** outsideWriters by topic as given, then QoS object (weakly: a caller may build one per message): publish's fast path. */
  private readonly outsideWriterCache = new Map<string, WeakMap<QosProfile, { type: MessageTypeName; writer: RawPublisher<MessageTypes[MessageTypeName]> }>>();
  private readonly writerListeners: WriterListener[] = [];
  private readonly publishListeners: PublishListener[] = [];
  private nextTimerId = 0;
  private delivering = false;
  private readonly echoLogs: boolean;
  private readonly echoErrors: boolean;
  private readonly freezeMessages: boolean;

  /**
   * Logs go to `logs`; errors are echoed to stderr too unless `echoErrors` is false, everything with
   * `echoLogs`. `freezeMessages` deep-freezes each published message (deepFreeze says why): on
   * where ROBOCON_SHOOTER_FREEZE_MESSAGES=1, as `npm test` sets it; off by default, as freezing
   * every message costs the simulator about 14 % more CPU time.
   */
  constructor(options: { startTime?: number; echoLogs?: boolean; echoErrors?: boolean; freezeMessages?: boolean } = {}) {
    this.clock = new VirtualClock(options.startTime ?? 0);
    this.echoLogs = options.echoLogs ?? false;
    this.echoErrors = options.echoErrors ?? true;
    this.freezeMessages = options.freezeMessages ?? process.env[FREEZE_MESSAGES_VARIABLE] === "1";
  }

  /** Adds a node in the unconfigured state; call startup() (or configure / activate) on it. */
  addNode(definition: NodeDefinition, options: AddNodeOptions = {}): InProcessNode {
    const name = options.name ?? definition.name;
    const namespace = options.namespace ?? "/";
    const loaded = loadParamsFiles(options.paramsFiles ?? [], name, namespace, definition);
    const overrides = { ...loaded.values, ...(options.parameters ?? {}) };
    const sourceOf = (key: string): string => (options.parameters && key in options.parameters ? "parameter overrides" : loaded.sourceOf(key));
    const declared: DeclaredParameters = new Map();
    const binding = this.nodeBinding(name, namespace, options.remappings ?? {}, declared);
    for (const warning of misspeltBlocksFor(loaded.params, name)) binding.logger.warn(warning);
    // A program's override (a test's, the simulator's) is not a params-file block: only the files' own node blocks count.
    const fromNodeBlock = (key: string): boolean => !(options.parameters !== undefined && key in options.parameters) && loaded.fromNodeBlock(key);
    return new InProcessNode(definition, binding, overrides, sourceOf, declared, fromNodeBlock);
  }

  /** A binding for code that is not a NodeDefinition (test probes, the simulator's world). */
  binding(nodeName: string, namespace = "/", remappings: Readonly<Record<string, string>> = {}): RuntimeBinding {
    return this.nodeBinding(nodeName, namespace, remappings, new Map());
  }

  private nodeBinding(nodeName: string, namespace: string, remappings: Readonly<Record<string, string>>, declared: DeclaredParameters): RuntimeBinding {
    const resolve = (topic: string): string => resolveName(topic, namespace, nodeName, remappings);
    const logger = this.logger(nodeName);
    return {
      nodeName,
      logger,
      now: () => this.clock.now(),
      advertise: <K extends MessageTypeName>(type: K, topic: string, qos: QosProfile) => this.advertise<K>(nodeName, type, resolve(topic), qos),
      subscribe: <K extends MessageTypeName>(type: K, topic: string, qos: QosProfile, callback: (m: MessageTypes[K]) => void) =>
        this.subscribe(type, resolve(topic), qos, callback),
      startTimer: (periodS, callback) => this.startTimer(periodS, callback),
      serve: <S extends ServiceTypeName>(type: S, name: string, handler: (r: ServiceRequest<S>) => ServiceResponse<S>) =>
        this.serve(type, resolve(name), handler),
      declareParameters: (parameters) => {
        declareUnderRclnodejsRules(declared, parameters);
      },
    };
  }

  /** Publishes from outside any node (test input, replayed bags). */
  publish<K extends MessageTypeName>(type: K, topic: string, message: MessageTypes[K], qos: QosProfile = QoS.reliable): void {
    // One writer per topic and QoS, kept: replay publishes every message of a bag through here.
    // Looked up by the topic as given and the QoS object first (no key string or name resolution per message).
    let byQos = this.outsideWriterCache.get(topic);
    if (byQos === undefined) {
      byQos = new WeakMap();
      this.outsideWriterCache.set(topic, byQos);
    }
    let cached = byQos.get(qos);
    if (cached === undefined || cached.type !== type) {
      const name = resolveName(topic, "/", "graph");
      const key = `${name} ${type} ${qos.reliability} ${qos.durability} ${qos.depth}`;
      let writer = this.outsideWriters.get(key);
      if (writer === undefined) {
        writer = this.advertise("graph", type, name, qos);
        this.outsideWriters.set(key, writer);
      }
      cached = { type, writer };
      byQos.set(qos, cached);
    }
    (cached.writer as RawPublisher<MessageTypes[K]>).publish(message);
  }

  /** Collects every message on a topic, for tests and reports. */
  record<K extends MessageTypeName>(type: K, topic: string, qos: QosProfile = { ...QoS.reliable, depth: 1000 }): MessageTypes[K][] {
    const received: MessageTypes[K][] = [];
    this.subscribe(type, resolveName(topic, "/", "graph"), qos, (message) => received.push(message));
    return received;
  }

  /** Calls a service as `ros2 service call` would; throws when nobody serves it. */
  call<S extends ServiceTypeName>(type: S, name: string, request: ServiceRequest<S>): ServiceResponse<S> {
    const service = this.services.get(name);
    if (service === undefined) throw new Error(`no service ${name}; offered: ${[...this.services.keys()].join(", ") || "none"}`);
    if (service.type !== type) throw new Error(`service ${name} is ${service.type}, not ${type}`);
    const response = service.handler(request) as ServiceResponse<S>;
    this.drain();
    return response;
  }

  /** Runs timers and deliveries up to `seconds` of simulated time from now. */
  advance(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError(`advance by a non-negative time, got ${seconds} s`);
    this.advanceTo(this.clock.now() + seconds);
  }

  advanceTo(time: number): void {
    this.drain();
    for (;;) {
      const next = this.nextTimer();
      // Periods like 0.1 s do not add up exactly; a nanosecond of slack keeps "every 0.1 s for 0.3 s" at three ticks.
      if (next === undefined || next.due > time + TIMER_SLACK_S) break;
      this.clock.set(Math.min(next.due, time));
      next.fired++;
      next.due = next.origin + (next.fired + 1) * next.periodS;
      this.delivering = true;
      try {
        next.callback();
      } finally {
        this.delivering = false;
      }
      this.drain();
    }
    this.clock.set(time);
    this.drain();
  }

  /**
   * Topics with their types, counts of writers and readers, like `ros2 topic list -v`, and the
   * QoS each writer offers (`ros2 topic info -v`), in advertising order.
   */
  topicList(): { name: string; type: MessageTypeName; writers: number; readers: number; offered: QosProfile[] }[] {
    return [...this.topics.entries()]
      .map(([name, topic]) => ({
        name,
        type: topic.type,
        writers: topic.writers.length,
        readers: topic.readers.length,
        offered: topic.writers.map((writer) => writer.qos),
      }))
      .sort((a, b) => compareCodeUnits(a.name, b.name));
  }

  /**
   * Calls `listener` with every message published from now on, with the publishing node's name
   * and the topic, before it is delivered: a tracepoint, as ros2_tracing's on rcl_publish
   * (the benchmark weighs the messages each node publishes with it).
   */
  onPublish(listener: PublishListener): Disposable {
    this.publishListeners.push(listener);
    return { dispose: () => removeFrom(this.publishListeners, listener) };
  }

  /**
   * Calls `listener` whenever a writer is advertised, after it is added and before it can publish
   * (a recorder subscribed then misses none of its messages), with the topic, its type, the new
   * writer's QoS and every writer's QoS so far.
   */
  onWriterAdded(listener: WriterListener): Disposable {
    this.writerListeners.push(listener);
    return { dispose: () => removeFrom(this.writerListeners, listener) };
  }

  /** Messages a reader on `topic` lost to its QoS depth. */
  droppedOn(topic: string): number {
    return (this.topics.get(topic)?.readers ?? []).reduce((sum, reader) => sum + reader.dropped, 0);
  }

  private logger(node: string): Logger {
    const log = (level: LogRecord["level"]) => (message: string) => {
      this.logs.push({ time: this.clock.now(), node, level, message });
      if (this.echoLogs || (level === "error" && this.echoErrors)) process.stderr.write(`[${level.toUpperCase()}] [${this.clock.now().toFixed(3)}] [${node}]: ${message}\n`);
    };
    return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
  }

  private topic(name: string, type: MessageTypeName): Topic {
    let topic = this.topics.get(name);
    if (topic === undefined) {
      topic = { type, writers: [], readers: [] };
      this.topics.set(name, topic);
    } else if (topic.type !== type && topic.writers.length + topic.readers.length > 0) {
      throw new Error(`topic ${name} carries ${topic.type}; cannot use it as ${type}`);
    }
    topic.type = type;
    return topic;
  }

  private advertise<K extends MessageTypeName>(node: string, type: K, name: string, qos: QosProfile): RawPublisher<MessageTypes[K]> {
    const topic = this.topic(name, type);
    const writer: Writer = { node, type, qos, history: [], closed: false };
    topic.writers.push(writer);
    const offered = topic.writers.map((w) => w.qos);
    for (const listener of [...this.writerListeners]) listener(name, type, qos, offered);
    return {
      topic: name,
      publish: (message) => {
        if (writer.closed) return;
        if (this.freezeMessages) deepFreeze(message);
        // An indexed loop: for-of makes an iterator per publish wherever this runs unoptimised.
        for (let i = 0; i < this.publishListeners.length; i++) this.publishListeners[i]?.(writer.node, name, message);
        if (qos.durability === "transient_local") {
          writer.history.push(message);
          if (writer.history.length > qos.depth) writer.history.shift();
        }
        for (const reader of topic.readers) {
          if (qosCompatible(qos, reader.qos)) this.enqueue(reader, message);
        }
        if (!this.delivering) this.drain();
      },
      dispose: () => {
        writer.closed = true;
        removeFrom(topic.writers, writer);
      },
    };
  }

  private subscribe<K extends MessageTypeName>(type: K, name: string, qos: QosProfile, callback: (message: MessageTypes[K]) => void): RawSubscription {
    const topic = this.topic(name, type);
    const reader: Reader = { type, qos, callback: callback as (message: unknown) => void, queue: new MessageQueue(), dropped: 0, closed: false };
    topic.readers.push(reader);
    if (qos.durability === "transient_local") {
      for (const writer of topic.writers) {
        if (qosCompatible(writer.qos, qos)) for (const message of writer.history) this.enqueue(reader, message);
      }
    }
    return {
      topic: name,
      dispose: () => {
        // Still referenced by pending deliveries, which skip it once closed.
        reader.closed = true;
        reader.queue.clear();
        removeFrom(topic.readers, reader);
      },
    };
  }

  private enqueue(reader: Reader, message: unknown): void {
    reader.queue.push(message);
    if (reader.queue.length > reader.qos.depth) {
      reader.queue.shift();
      reader.dropped++;
    } else {
      this.pending[this.pendingCount++] = reader;
    }
  }

  /** Delivers queued messages in publish order until nothing is left (callbacks may publish more). */
  private drain(): void {
    if (this.delivering) return;
    this.delivering = true;
    try {
      let index = 0;
      while (index < this.pendingCount) {
        const reader = this.pending[index];
        // Not kept alive once delivered; the array keeps its length (and its backing store) for the next drain.
        this.pending[index++] = undefined;
        if (reader === undefined || reader.closed) continue;
        const message = reader.queue.shift();
        if (message !== undefined) reader.callback(message);
      }
      this.pendingCount = 0;
    } finally {
      this.delivering = false;
    }
  }

  private startTimer(periodS: number, callback: () => void): Disposable {
    if (!(periodS > 0)) throw new RangeError(`timer period must be > 0 s, got ${periodS}`);
    const origin = this.clock.now();
    const entry: TimerEntry = { id: this.nextTimerId++, periodS, callback, origin, fired: 0, due: origin + periodS };
    this.timers.push(entry);
    return {
      dispose: () => {
        const index = this.timers.indexOf(entry);
        if (index >= 0) this.timers.splice(index, 1);
      },
    };
  }

  private nextTimer(): TimerEntry | undefined {
    // A linear scan: a graph has a handful of timers, fewer than a heap would pay for.
    let best: TimerEntry | undefined;
    for (const timer of this.timers) {
      if (best === undefined || timer.due < best.due || (timer.due === best.due && timer.id < best.id)) best = timer;
    }
    return best;
  }

  private serve<S extends ServiceTypeName>(type: S, name: string, handler: (request: ServiceRequest<S>) => ServiceResponse<S>): Disposable {
    if (this.services.has(name)) throw new Error(`service ${name} is already offered`);
    this.services.set(name, { type, handler: handler as (request: unknown) => unknown });
    return { dispose: () => this.services.delete(name) };
  }
}

/**
 * What RclnodejsBinding.declareParameters does on rclnodejs, under rclnodejs's rules: parameters
 * not declared yet are declared together (Node.declareParameters: all or none), those an earlier
 * configure declared are set to the re-read values (read-only ones stay). A refusal throws, so
 * configure fails here where it fails on the robot.
 */
function declareUnderRclnodejsRules(
  declared: DeclaredParameters,
  parameters: ReadonlyArray<{ name: string; value: ParameterValue; descriptor: ParameterDescriptor }>,
): void {
  const fresh = parameters.filter((p) => !declared.has(p.name));
  const entries = fresh.map((p) => ({ parameter: rclnodejsParameterArguments(p.name, p.value, p.descriptor), descriptor: rosDescriptorOf(p.name, p.descriptor) }));
  if (entries.length > 0) {
    const verdict = rclnodejsDeclareVerdict(entries);
    if (!verdict.accepted) throw new Error(verdict.reason);
  }
  for (const { descriptor } of entries) declared.set(descriptor.name, descriptor);
  for (const p of parameters) {
    if (fresh.includes(p) || p.descriptor.readOnly === true) continue;
    const verdict = rclnodejsSetVerdict(declared.get(p.name), rclnodejsParameterArguments(p.name, p.value, p.descriptor));
    if (!verdict.accepted) throw new Error(verdict.reason);
  }
}

function removeFrom<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}
