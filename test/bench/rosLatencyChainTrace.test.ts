import { callbackShare, collectionsWhile, dueTimes, firstAtOrAfter, followRelayedScans, followScans, overlapsCollection, type ChainTraceInput, type ScanWay } from "../../src/bench/rosLatency/chainTrace";
import { NO_STAMP, type NodeTrace } from "../../src/bench/rosLatency/traceFormat";

const MS = 1e6;

describe("firstAtOrAfter", () => {
  it.each<[number[], number, number]>([
    [[], 5, 0],
    [[1, 3, 5], 0, 0],
    [[1, 3, 5], 3, 1],
    [[1, 3, 5], 4, 2],
    [[1, 3, 5], 6, 3],
    [[1, 3, 3, 5], 3, 1],
  ])("in %j, the first at or after %d is at %d", (values, x, index) => {
    expect(firstAtOrAfter(values, x)).toBe(index);
  });
});

describe("dueTimes: a timer's grid from its ticks' start times", () => {
  // Ticks on a grid of 10 ms from `origin`, each `late` after its due time; the grid is what must come back.
  it.each<[string, number, number[], number[]]>([
    ["on time, one tick late", 3 * MS, [0, 0, 2, 0, 0], [0, 1, 2, 3, 4]],
    ["one tick late by most of a period (it looks early)", 1 * MS, [0.3, 0.2, 7.0, 0.3, 0.2, 0.3], [0, 1, 2, 3, 4, 5]],
    ["the first tick late by most of a period (the phases wrap round)", 0, [6, 0.2, 0.1, 0.3, 0.4], [0, 1, 2, 3, 4]],
    ["a tick over a period late (rcl skips the due time it overran)", 5 * MS, [0.3, 0.2, 15, 0.2, 0.4], [0, 1, 2, 4, 5]],
    ["two ticks over a period late in a row", 2 * MS, [0.2, 12, 11, 0.3], [0, 1, 3, 5]],
  ])("%s", (_, origin, lateMs, gridIndex) => {
    const period = 10 * MS;
    const starts = gridIndex.map((k, i) => origin + k * period + (lateMs[i] ?? 0) * MS);
    const least = Math.min(...lateMs) * MS;
    expect(dueTimes(starts, period)).toEqual(gridIndex.map((k) => origin + k * period + least));
  });
});

/** A node's trace built from events, in the order given. */
class TraceBuilder {
  readonly trace: NodeTrace = {
    node: "",
    pid: 1,
    topics: [],
    callbacks: { topic: [], stamp: [], start: [], end: [] },
    ticks: { period: [], start: [], end: [] },
    publishes: { topic: [], stamp: [], value: [], at: [] },
    collections: { start: [], duration: [], major: [] },
  };

  constructor(node: string) {
    this.trace.node = node;
  }

  private topic(name: string): number {
    if (!this.trace.topics.includes(name)) this.trace.topics.push(name);
    return this.trace.topics.indexOf(name);
  }

  callback(topic: string, stamp: number, startMs: number, endMs: number): this {
    const c = this.trace.callbacks;
    c.topic.push(this.topic(topic));
    c.stamp.push(stamp);
    c.start.push(startMs * MS);
    c.end.push(endMs * MS);
    return this;
  }

  tick(periodMs: number, startMs: number, endMs: number, publish?: { topic: string; atMs: number; stamp?: number; value?: number }): this {
    this.trace.ticks.period.push(periodMs * MS);
    this.trace.ticks.start.push(startMs * MS);
    this.trace.ticks.end.push(endMs * MS);
    if (publish !== undefined) {
      const p = this.trace.publishes;
      p.topic.push(this.topic(publish.topic));
      p.stamp.push(publish.stamp ?? NO_STAMP);
      p.value.push(publish.value ?? Number.NaN);
      p.at.push(publish.atMs * MS);
    }
    return this;
  }
}

const SCAN = 1_000_000;
const OTHER = 2_000_000;
const ESTIMATE_A = 3_000_000;
const ESTIMATE_B = 3_000_001;
const COMMAND = "/launcher/effort_command";

/** Estimator ticks every 20 ms on the grid 0, 20, 40, ... ms (one tick 1 ms late), the control ticks every 10 ms on 5, 15, 25, ... ms. */
function chain(): ChainTraceInput {
  const laserRanging = new TraceBuilder("laser_ranging").callback("/scan", SCAN, 1.5, 2.5);
  const targetEstimation = new TraceBuilder("target_estimation")
    .tick(20, 0, 0.1, { topic: "/target/estimate", atMs: 0.05, stamp: OTHER })
    .callback("/ranging/left_fence", SCAN, 3, 3.2)
    .callback("/ranging/target", SCAN, 3.3, 3.6)
    .callback("/ranging/left", OTHER, 3.7, 3.8)
    .tick(20, 21, 21.4, { topic: "/target/estimate", atMs: 21.3, stamp: ESTIMATE_A })
    .tick(20, 40, 40.2, { topic: "/target/estimate", atMs: 40.1, stamp: ESTIMATE_B });
  const launcherControl = new TraceBuilder("launcher_control")
    .tick(10, 5, 5.1, { topic: COMMAND, atMs: 5.05, value: 1 })
    .tick(10, 15, 15.1, { topic: COMMAND, atMs: 15.05, value: 2 })
    .callback("/target/estimate", ESTIMATE_A, 22, 22.2)
    .tick(10, 25.5, 25.7, { topic: COMMAND, atMs: 25.6, value: 3 })
    .tick(10, 35, 35.1, { topic: COMMAND, atMs: 35.05, value: 4 });
  return {
    feeder: { scans: { stamp: [SCAN], at: [1 * MS] }, warmupScans: 0, scanRateHz: 40 },
    receiver: { commands: { value: [1, 2, 3, 4], at: [5.5 * MS, 15.5 * MS, 26.2 * MS, 35.5 * MS] }, targets: { stamp: [SCAN], at: [4 * MS] }, estimates: { valid: 3, stale: 0 } },
    laserRanging: laserRanging.trace,
    targetEstimation: targetEstimation.trace,
    launcherControl: launcherControl.trace,
    publishPeriodNs: 20 * MS,
    controlPeriodNs: 10 * MS,
    scanTopic: "/scan",
    estimateTopic: "/target/estimate",
    commandTopics: [COMMAND, "/launcher/velocity_command"],
  };
}

describe("followScans: a scan to the first wheel command that carries it", () => {
  it("splits the way into its parts and the two waits for a tick", () => {
    const { ways, lost, toTargetReceipt } = followScans(chain());
    expect(lost).toEqual({});
    expect(toTargetReceipt.map((ns) => ns / MS)).toEqual([3]);
    expect(ways).toHaveLength(1);
    const way = ways[0];
    if (way === undefined) throw new Error("no way");
    const ms = Object.fromEntries(Object.entries(way).map(([k, v]) => [k, Number((v / MS).toFixed(6))]));
    expect(ms).toEqual({
      // published at 1 ms, its command (3, from the 25.5 ms tick) received at 26.2 ms
      published: 1,
      endToEnd: 25.2,
      scanDelivery: 0.5,
      rangingCallback: 1,
      // the last callback on a message stamped as the scan ends at 3.6 ms (the DT35 reading after it is not the scan's)
      toEstimator: 1.1,
      // the tick due at 20 ms (the grid: 0, 20, 40) started at 21 ms
      estimatorPhase: 16.4,
      estimatorLate: 1,
      // launcher_control's callback on that tick's estimate ends at 22.2 ms
      estimateDelivery: 1.2,
      // the control grid is 5, 15, 25, ... ms: due at 25, started at 25.5
      launcherPhase: 2.8,
      launcherLate: 0.5,
      commandDelivery: 0.7,
      // the ticks' waits left out: 25.2 - 16.4 - 2.8
      work: 6,
    });
    const parts = way.scanDelivery + way.rangingCallback + way.toEstimator + way.estimatorPhase + way.estimatorLate + way.estimateDelivery + way.launcherPhase + way.launcherLate + way.commandDelivery;
    expect(parts).toBeCloseTo(way.endToEnd, 0);
  });

  it.each<[string, (input: ChainTraceInput) => ChainTraceInput, string]>([
    ["a scan laser_ranging never got", (c) => ({ ...c, laserRanging: new TraceBuilder("laser_ranging").callback("/scan", OTHER, 1.5, 2).trace }), "laser_ranging never got the scan"],
    [
      "an estimate launcher_control never got",
      (c) => ({ ...c, launcherControl: { ...c.launcherControl, callbacks: { topic: [], stamp: [], start: [], end: [] } } }),
      "launcher_control never got the estimate",
    ],
    ["a command the receiver never got", (c) => ({ ...c, receiver: { ...c.receiver, commands: { value: [1, 2], at: [5.5 * MS, 15.5 * MS] } } }), "the receiver never got the command"],
  ])("counts %s as lost, with where", (_, alter, where) => {
    const { ways, lost } = followScans(alter(chain()));
    expect(ways).toHaveLength(0);
    expect(lost).toEqual({ [where]: 1 });
  });
});

describe("callbackShare: a node's share of a core in its own callbacks and ticks", () => {
  const trace = (callbacks: [number, number][], ticks: [number, number][]): NodeTrace => ({
    node: "n",
    pid: 1,
    topics: ["/t"],
    callbacks: { topic: callbacks.map(() => 0), stamp: callbacks.map(() => NO_STAMP), start: callbacks.map(([s]) => s), end: callbacks.map(([, e]) => e) },
    ticks: { period: ticks.map(() => 10), start: ticks.map(([s]) => s), end: ticks.map(([, e]) => e) },
    publishes: { topic: [], stamp: [], value: [], at: [] },
    collections: { start: [], duration: [], major: [] },
  });
  it.each<[string, [number, number][], [number, number][], number]>([
    ["callbacks alone: 1 + 2 busy over the span 0..10", [[0, 1], [8, 10]], [], 0.3],
    ["a tick widens the span: 1 + 2 + 1 over 0..20", [[0, 1], [8, 10]], [[19, 20]], 0.2],
    ["nothing ran", [], [], 0],
  ])("%s", (_name, callbacks, ticks, share) => {
    expect(callbackShare(trace(callbacks, ticks))).toBeCloseTo(share, 12);
  });
});

describe("followRelayedScans: the bare relay chain's scans to the commands that carry their stamp keys", () => {
  it.each<[string, number[], number[], number[], number[], number[], number]>([
    ["each scan's command once", [10, 20, 30], [1, 2, 3], [10, 20, 30], [1.5, 2.25, 3.75], [0.5, 0.25, 0.75], 0],
    ["a command received twice counts its first receipt", [10], [1], [10, 10], [1.5, 1.9], [0.5], 0],
    ["a scan no command carried is lost, the others kept in order", [10, 20, 30], [1, 2, 3], [30, 10], [3.5, 1.25], [0.25, 0.5], 1],
    ["commands of warm-up scans are not counted", [20], [2], [10, 20], [1.5, 2.5], [0.5], 0],
  ])("%s", (_, stamps, publishedMs, values, receivedMs, latenciesMs, lost) => {
    const relayed = followRelayedScans(
      { scans: { stamp: stamps, at: publishedMs.map((t) => t * MS) }, warmupScans: 0, scanRateHz: 40 },
      { commands: { value: values, at: receivedMs.map((t) => t * MS) }, targets: { stamp: [], at: [] }, estimates: { valid: 0, stale: 0 } },
    );
    expect(relayed.latencies).toEqual(latenciesMs.map((t) => t * MS));
    expect(relayed.lost).toBe(lost);
  });
});

/** A trace with only collections: [start, duration] in ms, and which were full. */
function collectionsTrace(pauses: [number, number, boolean?][]): NodeTrace {
  const { trace } = new TraceBuilder("n");
  for (const [start, duration, major] of pauses) {
    trace.collections.start.push(start * MS);
    trace.collections.duration.push(duration * MS);
    trace.collections.major.push(major === true ? 1 : 0);
  }
  return trace;
}

describe("collectionsWhile: a process's collections inside a span", () => {
  it.each<[string, [number, number, boolean?][], number, number, { count: number; major: number; longestMs: number }]>([
    ["none", [], 0, 100, { count: 0, major: 0, longestMs: 0 }],
    ["those starting inside, ends included", [[5, 1], [10, 3, true], [20, 2], [30, 9]], 10, 20, { count: 2, major: 1, longestMs: 3 }],
    ["one starting before the span is not counted", [[9, 5]], 10, 20, { count: 0, major: 0, longestMs: 0 }],
  ])("%s", (_, pauses, fromMs, toMs, expected) => {
    const got = collectionsWhile(collectionsTrace(pauses), fromMs * MS, toMs * MS);
    expect({ count: got.count, major: got.major, longestMs: got.longest / MS }).toEqual(expected);
  });
});

describe("overlapsCollection: which scans' ways a collection in any process overlapped", () => {
  const way = (publishedMs: number, endToEndMs: number): ScanWay => ({
    published: publishedMs * MS,
    endToEnd: endToEndMs * MS,
    work: endToEndMs * MS,
    scanDelivery: 0,
    rangingCallback: 0,
    toEstimator: 0,
    estimatorPhase: 0,
    estimatorLate: 0,
    estimateDelivery: 0,
    launcherPhase: 0,
    launcherLate: 0,
    commandDelivery: 0,
  });
  // Ways [0, 10], [25, 35], [50, 60] ms.
  const ways = [way(0, 10), way(25, 10), way(50, 10)];
  it.each<[string, [number, number][][], boolean[]]>([
    ["no collection", [[], []], [false, false, false]],
    ["one inside a way", [[[3, 1]], []], [true, false, false]],
    ["one that began before a way and runs into it", [[], [[20, 6]]], [false, true, false]],
    ["one ending just before a way", [[[20, 4.9]], []], [false, false, false]],
    ["one between ways", [[[40, 2]], []], [false, false, false]],
    ["in two processes, the last way's end and the first way's start", [[[60, 1]], [[-1, 1]]], [true, false, true]],
    ["a pause longer than a way, begun more than a way's length before it", [[[5, 30]], []], [true, true, false]],
  ])("%s", (_, perProcess, expected) => {
    expect(overlapsCollection(ways, perProcess.map((pauses) => collectionsTrace(pauses)))).toEqual(expected);
  });
});
