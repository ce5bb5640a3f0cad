/**
 * Follows each measured scan through the traced ROS 2 graph (see trace.ts and rigProcess.ts) to the
 * first wheel command that carries it, and splits its way into work and transport on one side and
 * the wait for the two timers' ticks (the phase) on the other. Pure: logs in, times out.
 *
 * The way of scan s, every time on the machine's monotonic clock [ns]:
 *   t0  the feeder calls publish on /scan
 *   laser_ranging's /scan callback for s runs [t1, t1e]
 *   target_estimation's last callback on a message stamped as s (a virtual beam, the pole) ends at t3e
 *   target_estimation's first publish tick that starts after t3e (t4) publishes target/estimate (stamp E)
 *   launcher_control's callback on that estimate ends at t6e
 *   launcher_control's first control tick that starts after t6e (t7) publishes the wheel command (value v)
 *   t9  the receiver's callback gets that command
 * The phase: a tick fires on its timer's grid (rcl timers keep their phase), so the scan waits for
 * the grid: from t3e to the tick's due time, when that is later (at most publish_period), and the
 * same for the estimate in launcher_control (at most control_period). The grid is estimated from
 * the timer's own callbacks over the whole run (dueTimes), at the least lateness seen: that much
 * wake-up delay (tenths of a millisecond) is counted as phase. How late a tick starts after its due time, or after a callback that kept it
 * waiting, is work: the process was busy or slow to wake.
 */
import { NO_STAMP, type FeederLog, type NodeTrace, type ReceiverLog } from "./traceFormat";

export interface ChainTraceInput {
  readonly feeder: FeederLog;
  readonly receiver: ReceiverLog;
  readonly laserRanging: NodeTrace;
  readonly targetEstimation: NodeTrace;
  readonly launcherControl: NodeTrace;
  readonly publishPeriodNs: number;
  readonly controlPeriodNs: number;
  /** Resolved topic names. */
  readonly scanTopic: string;
  readonly estimateTopic: string;
  readonly commandTopics: readonly string[];
}

/** One scan's way [ns], each part from the times in the header comment. */
export interface ScanWay {
  /** t0: when the feeder called publish on /scan. */
  readonly published: number;
  /** t9 - t0: publish to the command's receipt, the wait for the ticks included. */
  readonly endToEnd: number;
  /** endToEnd less the two phase waits: work and transport. */
  readonly work: number;
  /** t1 - t0: /scan from the feeder into laser_ranging's callback. */
  readonly scanDelivery: number;
  /** t1e - t1: laser_ranging's scan callback (its publishes included). */
  readonly rangingCallback: number;
  /** t3e - t1e: laser_ranging's outputs to target_estimation, and its callbacks on them. */
  readonly toEstimator: number;
  readonly estimatorPhase: number;
  /** t4 - max(due, t3e): the publish tick's start after it was due (or after the scan's last callback). */
  readonly estimatorLate: number;
  /** t6e - t4: the publish tick to launcher_control's callback on its estimate. */
  readonly estimateDelivery: number;
  readonly launcherPhase: number;
  readonly launcherLate: number;
  /** t9 - t7: the control tick to the receiver's callback on its command. */
  readonly commandDelivery: number;
}

export interface ChainTraceResult {
  readonly ways: ScanWay[];
  /** Scans the way of which broke off, by where. */
  readonly lost: Readonly<Record<string, number>>;
  /** Scan publish to the receiver's receipt of ranging/target stamped as the scan [ns] (no tracer needed). */
  readonly toTargetReceipt: number[];
}

/** First index i in the ascending `values` with values[i] >= x (values.length if none). */
export function firstAtOrAfter(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] ?? Infinity) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The due time of each tick of a timer of period `periodNs`, from the ticks' start times. rcl keeps
 * a timer's phase, so the due times lie on one grid and each tick starts some lateness after its
 * own; from start times alone the grid is known only up to which start is taken as the least
 * late (a tick late by most of a period looks early). The grid taken is the one that makes the
 * ticks' total lateness least (the likeliest for lateness mostly small, exponential-like): among
 * the starts' phases on the circle, the one that minimises the sum of every start's lateness after
 * it. Then each tick's due time follows rcl_timer_call: the last one's plus a period, or the
 * first grid point after the last tick's start when that one was over a period late.
 */
export function dueTimes(starts: readonly number[], periodNs: number): number[] {
  const first = starts[0];
  if (first === undefined) return [];
  const phaseOf = (s: number): number => (((s - first) % periodNs) + periodNs) % periodNs;
  const phases = starts.map(phaseOf).sort((a, b) => a - b);
  // With the grid at phases[i], the total lateness is sum(phases) - n * phases[i] + i * period.
  let gridPhase = phases[0] ?? 0;
  let least = Infinity;
  phases.forEach((phase, i) => {
    const total = i * periodNs - phases.length * phase;
    if (total < least) {
      least = total;
      gridPhase = phase;
    }
  });
  const gridPointAtOrBefore = (s: number): number => s - ((((phaseOf(s) - gridPhase) % periodNs) + periodNs) % periodNs);
  // rcl_timer_call: the next due time is this one's plus a period, moved on by whole periods past
  // the call when that is already over. So a tick more than a period late is still its own due time's.
  const due: number[] = [];
  starts.forEach((s, i) => {
    const previous = due[i - 1];
    const previousStart = starts[i - 1];
    let next = previous === undefined || previousStart === undefined ? gridPointAtOrBefore(s) : previous + periodNs;
    if (previousStart !== undefined && next < previousStart) next = gridPointAtOrBefore(previousStart) + periodNs;
    due.push(next <= s ? next : gridPointAtOrBefore(s));
  });
  return due;
}

interface Ticks {
  readonly start: number[];
  readonly end: number[];
  readonly due: number[];
}

function ticksOf(trace: NodeTrace, periodNs: number): Ticks {
  const picked = trace.ticks.period.flatMap((p, i) => (p === periodNs ? [i] : []));
  const start = picked.map((i) => trace.ticks.start[i] ?? Number.NaN);
  return { start, end: picked.map((i) => trace.ticks.end[i] ?? Number.NaN), due: dueTimes(start, periodNs) };
}

/** The publishes of `trace` on `topics`, in call order. */
function publishesOn(trace: NodeTrace, topics: readonly string[]): { at: number[]; stamp: number[]; value: number[] } {
  const wanted = new Set(topics.map((t) => trace.topics.indexOf(t)).filter((i) => i >= 0));
  const out = { at: [] as number[], stamp: [] as number[], value: [] as number[] };
  trace.publishes.topic.forEach((topic, i) => {
    if (!wanted.has(topic)) return;
    out.at.push(trace.publishes.at[i] ?? Number.NaN);
    out.stamp.push(trace.publishes.stamp[i] ?? NO_STAMP);
    out.value.push(trace.publishes.value[i] ?? Number.NaN);
  });
  return out;
}

/** Callbacks of `trace` on `topic` (all topics when undefined), ordered by start. */
function callbacksOn(trace: NodeTrace, topic?: string): { start: number[]; end: number[]; stamp: number[] } {
  const index = topic === undefined ? undefined : trace.topics.indexOf(topic);
  const order = trace.callbacks.start.map((_, i) => i).filter((i) => index === undefined || trace.callbacks.topic[i] === index);
  order.sort((a, b) => (trace.callbacks.start[a] ?? 0) - (trace.callbacks.start[b] ?? 0));
  return {
    start: order.map((i) => trace.callbacks.start[i] ?? Number.NaN),
    end: order.map((i) => trace.callbacks.end[i] ?? Number.NaN),
    stamp: order.map((i) => trace.callbacks.stamp[i] ?? NO_STAMP),
  };
}

/** The tick of `ticks` that starts first at or after `after`, and the first of `publishes` inside it. */
function tickAfter(ticks: Ticks, after: number, publishes: { at: number[] }): { tick: number; publish: number } | undefined {
  const tick = firstAtOrAfter(ticks.start, after);
  const start = ticks.start[tick];
  const end = ticks.end[tick];
  if (start === undefined || end === undefined) return undefined;
  const publish = firstAtOrAfter(publishes.at, start);
  const at = publishes.at[publish];
  return at !== undefined && at <= end ? { tick, publish } : undefined;
}

export function followScans(input: ChainTraceInput): ChainTraceResult {
  const scanCallbacks = new Map<number, { start: number; end: number }>();
  const lr = callbacksOn(input.laserRanging, input.scanTopic);
  lr.stamp.forEach((stamp, i) => scanCallbacks.set(stamp, { start: lr.start[i] ?? Number.NaN, end: lr.end[i] ?? Number.NaN }));
  const lastEstimatorCallback = new Map<number, number>();
  const te = callbacksOn(input.targetEstimation);
  te.stamp.forEach((stamp, i) => {
    if (stamp !== NO_STAMP) lastEstimatorCallback.set(stamp, Math.max(lastEstimatorCallback.get(stamp) ?? -Infinity, te.end[i] ?? Number.NaN));
  });
  const publishTicks = ticksOf(input.targetEstimation, input.publishPeriodNs);
  const estimates = publishesOn(input.targetEstimation, [input.estimateTopic]);
  const estimateCallbacks = callbacksOn(input.launcherControl, input.estimateTopic);
  const controlTicks = ticksOf(input.launcherControl, input.controlPeriodNs);
  const commands = publishesOn(input.launcherControl, input.commandTopics);
  const receipts = input.receiver.commands;
  const targetReceipt = new Map<number, number>();
  input.receiver.targets.stamp.forEach((stamp, i) => targetReceipt.has(stamp) || targetReceipt.set(stamp, input.receiver.targets.at[i] ?? Number.NaN));

  /** The way of the scan stamped `stamp` published at t0, or where it broke off. */
  const follow = (stamp: number, t0: number): ScanWay | string => {
    const scan = scanCallbacks.get(stamp);
    if (scan === undefined) return "laser_ranging never got the scan";
    const t3e = lastEstimatorCallback.get(stamp);
    if (t3e === undefined) return "target_estimation got nothing stamped as the scan";
    const estimatorTick = tickAfter(publishTicks, t3e, estimates);
    if (estimatorTick === undefined) return "no target/estimate after the scan's inputs";
    const t4 = publishTicks.start[estimatorTick.tick] ?? Number.NaN;
    const dueE = publishTicks.due[estimatorTick.tick] ?? Number.NaN;
    const t5 = estimates.at[estimatorTick.publish] ?? Number.NaN;
    const stampE = estimates.stamp[estimatorTick.publish];
    let callback = firstAtOrAfter(estimateCallbacks.start, t5);
    while (callback < estimateCallbacks.start.length && estimateCallbacks.stamp[callback] !== stampE) callback++;
    const t6e = estimateCallbacks.end[callback];
    if (t6e === undefined) return "launcher_control never got the estimate";
    const controlTick = tickAfter(controlTicks, t6e, commands);
    if (controlTick === undefined) return "no wheel command after the estimate";
    const t7 = controlTicks.start[controlTick.tick] ?? Number.NaN;
    const dueL = controlTicks.due[controlTick.tick] ?? Number.NaN;
    const t8 = commands.at[controlTick.publish] ?? Number.NaN;
    const value = commands.value[controlTick.publish];
    let receipt = firstAtOrAfter(receipts.at, t8);
    while (receipt < receipts.at.length && !Object.is(receipts.value[receipt], value)) receipt++;
    const t9 = receipts.at[receipt];
    if (t9 === undefined) return "the receiver never got the command";
    const estimatorPhase = Math.max(0, dueE - t3e);
    const launcherPhase = Math.max(0, dueL - t6e);
    const endToEnd = t9 - t0;
    return {
      published: t0,
      endToEnd,
      work: endToEnd - estimatorPhase - launcherPhase,
      scanDelivery: scan.start - t0,
      rangingCallback: scan.end - scan.start,
      toEstimator: t3e - scan.end,
      estimatorPhase,
      estimatorLate: t4 - Math.max(dueE, t3e),
      estimateDelivery: t6e - t4,
      launcherPhase,
      launcherLate: t7 - Math.max(dueL, t6e),
      commandDelivery: t9 - t7,
    };
  };
  const ways: ScanWay[] = [];
  const toTargetReceipt: number[] = [];
  const lost: Record<string, number> = {};
  input.feeder.scans.stamp.forEach((stamp, s) => {
    const t0 = input.feeder.scans.at[s] ?? Number.NaN;
    const targetAt = targetReceipt.get(stamp);
    if (targetAt !== undefined) toTargetReceipt.push(targetAt - t0);
    const way = follow(stamp, t0);
    if (typeof way === "string") lost[way] = (lost[way] ?? 0) + 1;
    else ways.push(way);
  });
  return { ways, lost, toTargetReceipt };
}

/**
 * The share [1] of a node process's time its JavaScript spent in subscription and timer callbacks:
 * their summed durations over the span from the first one's start to the last one's end. The rest
 * of the process's CPU is rclnodejs's executor and the RMW, which the tracer does not see.
 */
export function callbackShare(trace: NodeTrace): number {
  let busy = 0;
  let first = Infinity;
  let last = -Infinity;
  const add = (starts: readonly number[], ends: readonly number[]): void => {
    starts.forEach((start, i) => {
      const end = ends[i] ?? start;
      busy += end - start;
      first = Math.min(first, start);
      last = Math.max(last, end);
    });
  };
  add(trace.callbacks.start, trace.callbacks.end);
  add(trace.ticks.start, trace.ticks.end);
  return last > first ? busy / (last - first) : 0;
}

/** The bare relay chain's scans (rigProcess.ts RELAY_HOPS) matched to their commands. */
export interface RelayedScans {
  /** Per measured scan that came through, the feeder's publish to the receiver's receipt [ns], in scan order. */
  readonly latencies: number[];
  /** Measured scans no command carried. */
  readonly lost: number;
}

/**
 * Each measured scan of the bare relay chain to the first command whose value is the scan's stamp
 * key (the last relay writes it there): receipt minus publish. Pure: logs in, times out.
 */
export function followRelayedScans(feeder: FeederLog, receiver: ReceiverLog): RelayedScans {
  const firstReceipt = new Map<number, number>();
  receiver.commands.value.forEach((value, i) => firstReceipt.has(value) || firstReceipt.set(value, receiver.commands.at[i] ?? Number.NaN));
  const latencies: number[] = [];
  let lost = 0;
  feeder.scans.stamp.forEach((stamp, i) => {
    const receipt = firstReceipt.get(stamp);
    if (receipt === undefined) lost++;
    else latencies.push(receipt - (feeder.scans.at[i] ?? Number.NaN));
  });
  return { latencies, lost };
}

/** A node process's collections inside a span of the run. */
export interface CollectionsWhile {
  readonly count: number;
  readonly major: number;
  /** The longest pause [ns] (0 without any). */
  readonly longest: number;
}

/** The collections of `trace` that started in [from, to] [ns]. */
export function collectionsWhile(trace: NodeTrace, from: number, to: number): CollectionsWhile {
  let count = 0;
  let major = 0;
  let longest = 0;
  trace.collections.start.forEach((start, i) => {
    if (!(start >= from && start <= to)) return;
    count++;
    if (trace.collections.major[i] === 1) major++;
    longest = Math.max(longest, trace.collections.duration[i] ?? 0);
  });
  return { count, major, longest };
}

/**
 * Whether a collection in any of `traces` overlapped each way, from the scan's publish to the
 * command's receipt: such a scan waited for a collection somewhere, or may have.
 */
export function overlapsCollection(ways: readonly ScanWay[], traces: readonly NodeTrace[]): boolean[] {
  const pauses = traces
    .flatMap((trace) => trace.collections.start.map((start, i) => [start, start + (trace.collections.duration[i] ?? 0)] as const))
    .sort((a, b) => a[0] - b[0]);
  const starts = pauses.map(([start]) => start);
  // A pause that overlaps a way started at most the longest pause before the way did.
  const longest = pauses.reduce((most, [start, end]) => Math.max(most, end - start), 0);
  return ways.map((way) => {
    const end = way.published + way.endToEnd;
    for (let i = firstAtOrAfter(starts, way.published - longest); i < pauses.length; i++) {
      const pause = pauses[i];
      if (pause === undefined || pause[0] > end) break;
      if (pause[1] >= way.published) return true;
    }
    return false;
  });
}
