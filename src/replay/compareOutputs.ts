import { isCovarianceStale } from "../core/estimation/targetOutput";
import { secondsFromTime } from "../msgs/time";
import type { Bool, Float64, Float64MultiArray, Header, LaserScan, MessageTypeName, Odometry, PointStamped, PoseWithCovarianceStamped, Range } from "../msgs/types";

/**
 * The value a comparison reads from one message: its kind (two messages of different kinds are
 * counted as differing, not measured: a NaN range beside a number, a stale estimate beside a
 * fresh one) and its numbers.
 */
interface Sample {
  readonly kind: string;
  readonly values: readonly number[];
}

/** How a message type is compared: what, and how two samples of one kind are measured apart. */
interface ComparedValue {
  /** What is compared, with its unit, for the report and `replay --help`. */
  readonly what: string;
  readonly sample: (message: unknown) => Sample;
  /** "distance": Euclidean distance of the numbers; "largest": largest difference of numbers finite in both. */
  readonly measure: "distance" | "largest";
}

const REP117_KIND = (range: number): string => (Number.isFinite(range) ? "number" : String(range));

// Range.range and LaserScan.ranges are float32: a recorded value was rounded to float32 in the
// bag, so a recomputed one is rounded alike (a no-op on a recorded one) before they are compared.

/** The value compared per message type; other types (markers, diagnostics) are compared by count only. */
export const COMPARED_VALUES: Readonly<Partial<Record<MessageTypeName, ComparedValue>>> = {
  "sensor_msgs/msg/Range": {
    what: "range [m] (NaN, -Inf, +Inf are kinds)",
    sample: (m) => ({ kind: REP117_KIND((m as Range).range), values: [Math.fround((m as Range).range)] }),
    measure: "distance",
  },
  "nav_msgs/msg/Odometry": {
    what: "position distance [m] (stale, covariance[0] = -1, is a kind)",
    sample: (m) => {
      const { pose } = (m as Odometry).pose;
      return { kind: isCovarianceStale((m as Odometry).pose.covariance) ? "stale" : "valid", values: [pose.position.x, pose.position.y, pose.position.z] };
    },
    measure: "distance",
  },
  "geometry_msgs/msg/PointStamped": {
    what: "point distance [m]",
    sample: (m) => {
      const { x, y, z } = (m as PointStamped).point;
      return { kind: "point", values: [x, y, z] };
    },
    measure: "distance",
  },
  "geometry_msgs/msg/PoseWithCovarianceStamped": {
    what: "position distance [m]",
    sample: (m) => {
      const { x, y, z } = (m as PoseWithCovarianceStamped).pose.pose.position;
      return { kind: "pose", values: [x, y, z] };
    },
    measure: "distance",
  },
  "sensor_msgs/msg/LaserScan": {
    what: "largest beam difference [m] (beams finite in both; beam count is a kind)",
    sample: (m) => ({ kind: `${(m as LaserScan).ranges.length} beams`, values: Array.from((m as LaserScan).ranges, Math.fround) }),
    measure: "largest",
  },
  "std_msgs/msg/Float64": { what: "data", sample: (m) => ({ kind: "number", values: [(m as Float64).data] }), measure: "distance" },
  "std_msgs/msg/Float64MultiArray": {
    what: "largest element difference (length is a kind)",
    sample: (m) => ({ kind: `${(m as Float64MultiArray).data.length} elements`, values: Array.from((m as Float64MultiArray).data) }),
    measure: "largest",
  },
  "std_msgs/msg/Bool": { what: "data (true = 1)", sample: (m) => ({ kind: "bool", values: [(m as Bool).data ? 1 : 0] }), measure: "distance" },
};

/** Recorded against recomputed on one topic. Differences are over the measured pairs; NaN when there are none. */
export interface OutputComparison {
  readonly topic: string;
  readonly type: string;
  /** What was compared (COMPARED_VALUES), or "count only". */
  readonly compared: string;
  readonly recorded: number;
  readonly recomputed: number;
  /** Recorded messages that found a recomputed partner within the tolerance. */
  readonly paired: number;
  /** Pairs whose kinds differ (e.g. a NaN range beside a number). */
  readonly kinds_differ: number;
  /** Pairs of one kind with a finite difference (both NaN, say, agree but are not measured). */
  readonly measured: number;
  readonly mean_abs_diff: number;
  readonly max_abs_diff: number;
}

interface Entry {
  /** header.stamp [s], or for a header-less type the time it was logged [s]. */
  readonly key: number;
  /** When it was logged (recorded) or published (recomputed) [s]. */
  readonly time: number;
  readonly sample: Sample;
}

/**
 * Pairs each recorded output message with the recomputed message on its topic nearest in stamp
 * (header.stamp; for header-less types the time logged in the bag against the time published in
 * the replay), if within `toleranceS`; among recomputed messages of one stamp, the one published
 * nearest the recorded log time. A recomputed message may pair with more than one recorded one.
 */
export class OutputComparer {
  private readonly recorded = new Map<string, Entry[]>();
  private readonly recomputed = new Map<string, Entry[]>();

  constructor(private readonly toleranceS: number) {
    if (!(toleranceS >= 0)) throw new RangeError(`compare tolerance must be >= 0 s, got ${toleranceS}`);
  }

  static compares(type: string): boolean {
    return type in COMPARED_VALUES;
  }

  addRecorded(topic: string, type: string, message: unknown, time: number): void {
    push(this.recorded, topic, type, message, time);
  }

  addRecomputed(topic: string, type: string, message: unknown, time: number): void {
    push(this.recomputed, topic, type, message, time);
  }

  /** The comparison of one topic, given how many messages each side had (decoded or not). */
  compare(topic: string, type: string, counts: { readonly recorded: number; readonly recomputed: number }): OutputComparison {
    const value = (COMPARED_VALUES as Readonly<Record<string, ComparedValue | undefined>>)[type];
    const base = { topic, type, recorded: counts.recorded, recomputed: counts.recomputed };
    if (value === undefined) return { ...base, compared: "count only", paired: 0, kinds_differ: 0, measured: 0, mean_abs_diff: Number.NaN, max_abs_diff: Number.NaN };
    const candidates = [...(this.recomputed.get(topic) ?? [])].sort((a, b) => a.key - b.key || a.time - b.time);
    let paired = 0;
    let kindsDiffer = 0;
    let measured = 0;
    let sum = 0;
    let max = Number.NaN;
    for (const entry of this.recorded.get(topic) ?? []) {
      const partner = nearest(candidates, entry, this.toleranceS);
      if (partner === undefined) continue;
      paired++;
      if (partner.sample.kind !== entry.sample.kind) {
        kindsDiffer++;
        continue;
      }
      const difference = value.measure === "distance" ? distance(entry.sample.values, partner.sample.values) : largestDifference(entry.sample.values, partner.sample.values);
      if (!Number.isFinite(difference)) continue;
      measured++;
      sum += difference;
      max = Number.isNaN(max) ? difference : Math.max(max, difference);
    }
    return { ...base, compared: value.what, paired, kinds_differ: kindsDiffer, measured, mean_abs_diff: measured > 0 ? sum / measured : Number.NaN, max_abs_diff: max };
  }
}

function push(into: Map<string, Entry[]>, topic: string, type: string, message: unknown, time: number): void {
  const value = (COMPARED_VALUES as Readonly<Record<string, ComparedValue | undefined>>)[type];
  if (value === undefined) return;
  const header = (message as { header?: Header }).header;
  const entry = { key: header === undefined ? time : secondsFromTime(header.stamp), time, sample: value.sample(message) };
  const list = into.get(topic);
  if (list === undefined) into.set(topic, [entry]);
  else list.push(entry);
}

/** The candidate (sorted by key, then time) nearest `entry` in key within `tolerance`; ties in key go to the nearest time. */
function nearest(candidates: readonly Entry[], entry: Entry, tolerance: number): Entry | undefined {
  const at = lowerBound(candidates, entry.key);
  const before = candidates[at - 1];
  const after = candidates[at];
  let key: number | undefined;
  if (before !== undefined && (after === undefined || entry.key - before.key <= after.key - entry.key)) key = before.key;
  else if (after !== undefined) key = after.key;
  if (key === undefined || !(Math.abs(key - entry.key) <= tolerance)) return undefined;
  let best: Entry | undefined;
  for (let i = lowerBound(candidates, key); i < candidates.length && candidates[i]?.key === key; i++) {
    const candidate = candidates[i];
    if (candidate !== undefined && (best === undefined || Math.abs(candidate.time - entry.time) < Math.abs(best.time - entry.time))) best = candidate;
  }
  return best;
}

/** The first index whose key is >= `key`. */
function lowerBound(entries: readonly Entry[], key: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid]?.key ?? Infinity) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Euclidean distance; NaN if a number is not finite (two NaN ranges agree but are not measured). */
function distance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] ?? Number.NaN) - (b[i] ?? Number.NaN)) ** 2;
  return Math.sqrt(sum);
}

/** Largest |a - b| over the elements finite in both; NaN when there are none. */
function largestDifference(a: readonly number[], b: readonly number[]): number {
  let max = Number.NaN;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    const d = Math.abs(x - y);
    max = Number.isNaN(max) ? d : Math.max(max, d);
  }
  return max;
}
