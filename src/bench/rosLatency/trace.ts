/**
 * A tracer for the ROS 2 latency benchmark (src/bench/rosLatency.bench.ts), loaded into a node's
 * process with `node --require dist/bench/rosLatency/trace.js dist/ros/main.js <node> ...` and
 * ROBOCON_SHOOTER_LATENCY_TRACE=<folder>. It changes no node: it wraps the rclnodejs adapter's
 * subscription, timer and publisher calls from outside (as ros2_tracing hooks rcl) and notes, on
 * the machine's monotonic clock (`process.hrtime`, one clock for every process), when each
 * callback started and ended and when each message was handed to rclnodejs, with the message's
 * header stamp. On exit it writes them to <folder>/trace-<pid>.json.
 *
 * Without the variable it does nothing. With it, the node also stops (as on SIGINT) when its
 * standard input closes: a benchmark killed outright leaves no node behind.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { constants, PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import type { MessageTypeName, MessageTypes } from "../../msgs/types";
import type { RawPublisher } from "../../runtime/binding";
import type { QosProfile } from "../../runtime/qos";
import { RclnodejsBinding } from "../../runtime/rclnodejs/RclnodejsBinding";
import { TraceColumn } from "./traceColumn";
import { NO_STAMP, stampKey, type NodeTrace } from "./traceFormat";

export const TRACE_DIR_VARIABLE = "ROBOCON_SHOOTER_LATENCY_TRACE";

/**
 * performance.now()'s origin on process.hrtime's clock [ns]: both read the machine's monotonic
 * clock, so one offset turns every later performance.now() into the trace's time. The reading is
 * taken between two hrtime reads after a first call to each: the first performance.now() of a
 * process takes about a millisecond (read first, it put the origin 1.09 ms off).
 */
export function performanceOriginNs(): number {
  performance.now();
  process.hrtime.bigint();
  const before = Number(process.hrtime.bigint());
  const now = performance.now();
  const after = Number(process.hrtime.bigint());
  return (before + after) / 2 - now * 1e6;
}

const ORIGIN_NS = performanceOriginNs();

/**
 * The machine's monotonic clock [ns], the one every process of the benchmark reads. Through
 * performance.now(), a plain number: process.hrtime.bigint() made a BigInt on every callback of
 * the node being measured.
 */
function nowNs(): number {
  return ORIGIN_NS + performance.now() * 1e6;
}

/** The header stamp of a message as a key (NO_STAMP without a header). */
function keyOf(message: unknown): number {
  const stamp = (message as { header?: { stamp?: { sec?: unknown; nanosec?: unknown } } } | undefined)?.header?.stamp;
  return typeof stamp?.sec === "number" && typeof stamp.nanosec === "number" ? stampKey(stamp.sec, stamp.nanosec) : NO_STAMP;
}

/** data[0] of a Float64MultiArray (the wheel command), NaN for any other message. */
function valueOf(message: unknown): number {
  const data = (message as { data?: unknown } | undefined)?.data;
  if (data === null || typeof data !== "object" || !("length" in data)) return Number.NaN;
  const first = (data as ArrayLike<unknown>)[0];
  return typeof first === "number" ? first : Number.NaN;
}

/** A NodeTrace being written: its columns read out as plain arrays by `written`. */
export class TraceRecorder {
  node = "";
  readonly topics: string[] = [];
  readonly callbacks = { topic: new TraceColumn(), stamp: new TraceColumn(), start: new TraceColumn(), end: new TraceColumn() };
  readonly ticks = { period: new TraceColumn(), start: new TraceColumn(), end: new TraceColumn() };
  readonly publishes = { topic: new TraceColumn(), stamp: new TraceColumn(), value: new TraceColumn(), at: new TraceColumn() };
  readonly collections = { start: new TraceColumn(), duration: new TraceColumn(), major: new TraceColumn() };

  written(pid: number = process.pid): NodeTrace {
    const { callbacks: c, ticks: t, publishes: p, collections: g } = this;
    return {
      node: this.node,
      pid,
      topics: [...this.topics],
      callbacks: { topic: c.topic.toArray(), stamp: c.stamp.toArray(), start: c.start.toArray(), end: c.end.toArray() },
      ticks: { period: t.period.toArray(), start: t.start.toArray(), end: t.end.toArray() },
      publishes: { topic: p.topic.toArray(), stamp: p.stamp.toArray(), value: p.value.toArray(), at: p.at.toArray() },
      collections: { start: g.start.toArray(), duration: g.duration.toArray(), major: g.major.toArray() },
    };
  }
}

/** Wraps RclnodejsBinding's publish / subscribe / timers so every call lands in `trace`. */
export function installTrace(trace: TraceRecorder): void {
  const topicIndex = (topic: string): number => {
    const at = trace.topics.indexOf(topic);
    if (at >= 0) return at;
    trace.topics.push(topic);
    return trace.topics.length - 1;
  };
  const proto = RclnodejsBinding.prototype;
  // The originals, each called back on its binding (`this`) by the wrapper that replaces it.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const { advertise, subscribe, startTimer } = proto;
  proto.advertise = function <K extends MessageTypeName>(this: RclnodejsBinding, type: K, topic: string, qos: QosProfile) {
    trace.node = this.nodeName;
    const publisher = advertise.call(this, type, topic, qos) as RawPublisher<MessageTypes[K]>;
    const index = topicIndex(publisher.topic);
    const publish = publisher.publish.bind(publisher);
    return {
      ...publisher,
      topic: publisher.topic,
      publish: (message: MessageTypes[K]) => {
        trace.publishes.topic.push(index);
        trace.publishes.stamp.push(keyOf(message));
        trace.publishes.value.push(valueOf(message));
        trace.publishes.at.push(nowNs());
        publish(message);
      },
    };
  };
  proto.subscribe = function <K extends MessageTypeName>(this: RclnodejsBinding, type: K, topic: string, qos: QosProfile, callback: (message: MessageTypes[K]) => void) {
    trace.node = this.nodeName;
    const slot = { index: -1 };
    const original = subscribe.bind(this);
    const subscription = original(type, topic, qos, (message: MessageTypes[K]) => {
      const start = nowNs();
      callback(message);
      trace.callbacks.topic.push(slot.index);
      trace.callbacks.stamp.push(keyOf(message));
      trace.callbacks.start.push(start);
      trace.callbacks.end.push(nowNs());
    });
    slot.index = topicIndex(subscription.topic);
    return subscription;
  };
  proto.startTimer = function (this: RclnodejsBinding, periodS: number, callback: () => void) {
    trace.node = this.nodeName;
    const periodNs = Math.round(periodS * 1e9);
    return startTimer.call(this, periodS, () => {
      const start = nowNs();
      callback();
      trace.ticks.period.push(periodNs);
      trace.ticks.start.push(start);
      trace.ticks.end.push(nowNs());
    });
  };
}

/**
 * Notes V8's collections in the process (perf_hooks "gc" entries, on the same monotonic clock as
 * the calls), so the benchmark can say how many collections the nodes ran while it measured and
 * how long the longest took.
 */
export function observeCollections(trace: TraceRecorder): PerformanceObserver {
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // Node 20 puts the kind of collection in `detail`; its type declarations predate that.
      const { detail } = entry as PerformanceEntry & { readonly detail?: { readonly kind?: number } | null };
      trace.collections.start.push(ORIGIN_NS + entry.startTime * 1e6);
      trace.collections.duration.push(entry.duration * 1e6);
      trace.collections.major.push(detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR ? 1 : 0);
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  return observer;
}

const folder = process.env[TRACE_DIR_VARIABLE];
if (folder !== undefined && folder !== "") {
  const trace = new TraceRecorder();
  installTrace(trace);
  observeCollections(trace);
  process.once("exit", () => {
    fs.writeFileSync(path.join(folder, `trace-${process.pid}.json`), JSON.stringify(trace.written()));
  });
  // The benchmark holds our standard input open: its end (the benchmark gone) stops the node as a Ctrl-C does.
  process.stdin.on("end", () => process.kill(process.pid, "SIGINT"));
  process.stdin.resume();
}
