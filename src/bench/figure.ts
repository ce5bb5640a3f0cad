/** One printed benchmark figure: what was measured beside the goal it is held to. */
export interface Figure {
  /** e.g. "ranging.virtual_beam.wall_rms_error" */
  readonly name: string;
  readonly value: number;
  /** SI unit or "%", "x", "us" for timings. */
  readonly unit: string;
  /** Human-readable goal, e.g. "<= 3 mm". */
  readonly goal: string;
  readonly meets: boolean;
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

/** A figure held to an upper bound. */
export function atMost(name: string, value: number, unit: string, limit: number, note?: string): Figure {
  return { name, value, unit, goal: `<= ${limit} ${unit}`, meets: value <= limit, ...(note === undefined ? {} : { note }) };
}

/** A figure held to a lower bound. */
export function atLeast(name: string, value: number, unit: string, limit: number, note?: string): Figure {
  return { name, value, unit, goal: `>= ${limit} ${unit}`, meets: value >= limit, ...(note === undefined ? {} : { note }) };
}

/** A figure printed for the record, held to no goal (a measured cost, a reference point). */
export function reportOnly(name: string, value: number, unit: string, note?: string): Figure {
  return { name, value, unit, goal: "report only", meets: true, ...(note === undefined ? {} : { note }) };
}
