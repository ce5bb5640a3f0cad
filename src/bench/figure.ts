/**
 * What a figure measures. A timing is wall-clock time on this machine (or a rate of it), which a
 * busy machine moves: `bench --quick` (CI) reports timings without gating them. Everything else
 * (an error, a count, a hit rate, a ratio of simulated quantities) is an accuracy figure, seeded
 * and deterministic, gated in every run.
 */
export type FigureKind = "timing" | "accuracy";

/** One printed benchmark figure: what was measured beside the goal it is held to. */
export interface Figure {
  /** e.g. "ranging.virtual_beam.wall_rms_error" */
  readonly name: string;
  readonly value: number;
  /** SI unit or "%", "x", "us" for timings. */
  readonly unit: string;
  /** Human-readable goal, e.g. "<= 3 mm". */
  readonly goal: string;
  /** Whether a goal holds the figure; false: printed for the record ("report only"), never gated. */
  readonly hasGoal: boolean;
  /** The value meets the goal (true for a report-only figure). */
  readonly meets: boolean;
  readonly kind: FigureKind;
  /**
   * Why the --quick run's smaller sample cannot decide this goal, for a goal a full run judges
   * (e.g. a 3-standard-error margin that 20 shots cannot show). With it, --quick reports the
   * figure without gating it; a full run gates it as any other.
   */
  readonly quickCannotJudge?: string;
  /** Extra context printed beside the figure (baseline, oracle, sample count). */
  readonly note?: string;
}

export interface Benchmark {
  /** Group name shown as a heading, e.g. "laser_ranging accuracy". */
  readonly name: string;
  run(options: BenchOptions): Promise<Figure[]>;
}

export interface BenchOptions {
  /** Fewer repetitions for a quick look (CI smoke); the goals are judged on full runs. */
  readonly quick: boolean;
  /** Reports progress of long benchmarks (stderr), never mixed into the figures. */
  readonly progress: (message: string) => void;
}

/** Median of a sample (copies, does not reorder the input). */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new Error("median of an empty sample");
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

/**
 * The nearest-rank percentile of a sample: the smallest value with at least `percent` % of the
 * sample at or below it (p100 is the maximum, p0 the minimum). Copies, does not reorder the input.
 */
export function percentile(values: readonly number[], percent: number): number {
  if (values.length === 0) throw new Error("percentile of an empty sample");
  if (!(percent >= 0 && percent <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${percent}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Root mean square of a sample (0 for an empty one), in the sample's unit. */
export function rms(values: readonly number[]): number {
  return Math.sqrt(values.reduce((s, v) => s + v * v, 0) / Math.max(values.length, 1));
}

/**
 * Median wall time of one call, in seconds. Each repetition times a batch of `callsPerRep` calls
 * so that timer resolution does not dominate sub-microsecond work.
 */
export function medianSecondsPerCall(
  fn: () => void,
  { reps = 21, callsPerRep = 100, warmup = 3 }: { reps?: number; callsPerRep?: number; warmup?: number } = {},
): number {
  for (let i = 0; i < warmup * callsPerRep; i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < callsPerRep; i++) fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e9 / callsPerRep);
  }
  return median(samples);
}

/** An accuracy figure held to a goal of its own wording (a band, a tolerance). */
export function heldTo(name: string, value: number, unit: string, goal: string, meets: boolean, note?: string): Figure {
  return { name, value, unit, goal, hasGoal: true, meets, kind: "accuracy", ...(note === undefined ? {} : { note }) };
}

/** An accuracy figure held to an upper bound (NaN never meets it). */
export function atMost(name: string, value: number, unit: string, limit: number, note?: string): Figure {
  return heldTo(name, value, unit, `<= ${limit} ${unit}`, value <= limit, note);
}

/** An accuracy figure held to a lower bound (NaN never meets it). */
export function atLeast(name: string, value: number, unit: string, limit: number, note?: string): Figure {
  return heldTo(name, value, unit, `>= ${limit} ${unit}`, value >= limit, note);
}

/** A figure printed for the record, held to no goal (a measured cost, a reference point). */
export function reportOnly(name: string, value: number, unit: string, note?: string): Figure {
  return { name, value, unit, goal: "report only", hasGoal: false, meets: true, kind: "accuracy", ...(note === undefined ? {} : { note }) };
}

/** The same figure marked as a wall-clock timing (reported, not gated, by --quick). */
export function timing(figure: Figure): Figure {
  return { ...figure, kind: "timing" };
}

/** The same figure with the reason a --quick run's sample cannot decide its goal (reported, not gated, by --quick). */
export function judgedOnFullRuns(figure: Figure, reason: string): Figure {
  return { ...figure, quickCannotJudge: reason };
}
