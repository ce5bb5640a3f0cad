/**
 * What the ROS 2 latency benchmark's processes write: every time is nanoseconds of the machine's
 * monotonic clock (`process.hrtime`), comparable across processes; every message is named by its
 * header stamp (stampKey), or NO_STAMP for one without a header.
 */

/** A header stamp as one exact number: microseconds since the epoch (below 2^53 until the year 2255). */
export function stampKey(sec: number, nanosec: number): number {
  return sec * 1_000_000 + Math.floor(nanosec / 1000);
}

export const NO_STAMP = -1;

/** One node process's calls, as parallel arrays (one entry per call). */
export interface NodeTrace {
  node: string;
  readonly pid: number;
  /** Resolved topic names; the `topic` columns index this list. */
  readonly topics: string[];
  /** Subscription callbacks: the message's stamp, when the node's callback started and ended. */
  readonly callbacks: { readonly topic: number[]; readonly stamp: number[]; readonly start: number[]; readonly end: number[] };
  /** Timer callbacks: the timer's period and when the callback started and ended. */
  readonly ticks: { readonly period: number[]; readonly start: number[]; readonly end: number[] };
  /** Publishes: when the node handed the message to rclnodejs, its stamp, and data[0] of a wheel command (else NaN). */
  readonly publishes: { readonly topic: number[]; readonly stamp: number[]; readonly value: number[]; readonly at: number[] };
  /** V8's garbage collections in the process (perf_hooks "gc" entries): when each started, how long it took, and whether it was a full (major) one (1) or not (0). */
  readonly collections: { readonly start: number[]; readonly duration: number[]; readonly major: number[] };
}

/** The feeder's log: each measured scan's stamp and when its publish call began. */
export interface FeederLog {
  readonly scans: { readonly stamp: number[]; readonly at: number[] };
  /** Scans published before the measurement began (warm-up). */
  readonly warmupScans: number;
  readonly scanRateHz: number;
}

/** The receiver's log: every wheel command and every ranging/target with its receipt time. */
export interface ReceiverLog {
  readonly commands: { readonly value: number[]; readonly at: number[] };
  readonly targets: { readonly stamp: number[]; readonly at: number[] };
  readonly estimates: { readonly valid: number; readonly stale: number };
}
