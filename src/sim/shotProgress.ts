import { SingleBar } from "cli-progress";

/** Where the simulation stands: the counts its report will give, and its clocks. */
export interface ShotCounts {
  /** Test shots taken (fired or not) of those planned. */
  readonly calibrationDone: number;
  readonly calibrationTotal: number;
  /** Scored shots taken of those planned, and those made. */
  readonly scoredDone: number;
  readonly scoredTotal: number;
  readonly made: number;
  /** Simulated and wall-clock seconds since the run started [s]. */
  readonly simTime_s: number;
  readonly wallTime_s: number;
}

/** The stream progress goes to: a terminal (isTTY) gets a redrawn bar, anything else plain lines. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ShotProgressOptions {
  /** Wall-clock seconds (monotonic), for spacing the lines off a terminal. */
  readonly now: () => number;
  /** Off a terminal, at most one line per this many seconds, and one at the end [s]. Default 5. */
  readonly interval_s?: number;
}

/** "42x real time" when both clocks have run, else "real time -" (never NaN or Infinity). */
export function realtimeText(counts: ShotCounts): string {
  const factor = counts.simTime_s / counts.wallTime_s;
  return Number.isFinite(factor) && counts.wallTime_s > 0 && counts.simTime_s > 0 ? `${factor.toFixed(0)}x real time` : "real time -";
}

/** One line off a terminal: test shots, scored shots, made (of the scored ones, as the report counts them), clocks. */
export function formatProgressLine(counts: ShotCounts): string {
  const madeShare = counts.scoredDone > 0 ? ` (${((100 * counts.made) / counts.scoredDone).toFixed(1)} %)` : "";
  return (
    `sim: test shots ${counts.calibrationDone}/${counts.calibrationTotal}, scored shots ${counts.scoredDone}/${counts.scoredTotal}, made ${counts.made}${madeShare}; ` +
    `${counts.simTime_s.toFixed(0)} s simulated in ${counts.wallTime_s.toFixed(0)} s, ${realtimeText(counts)}`
  );
}

/**
 * The simulator's progress on stderr. In a terminal, a cli-progress bar redrawn in place: the
 * test shots, then the scored shots, each against its own total. Anywhere else (CI, a log file)
 * a plain line at most every `interval_s` and one at the end, timed by the injected clock on each
 * update: the simulation keeps the event loop busy, so a timer (cli-progress's own schedule off a
 * terminal) would never fire until the run ended.
 */
export class ShotProgress {
  private readonly bar: SingleBar | undefined;
  private readonly interval_s: number;
  private lastLine_s: number;
  private phase: "calibration" | "scored" = "calibration";

  constructor(
    private readonly stream: ProgressStream,
    private readonly options: ShotProgressOptions,
  ) {
    this.interval_s = options.interval_s ?? 5;
    if (!(this.interval_s > 0)) throw new Error(`ShotProgress: interval_s must be > 0 s, got ${this.interval_s}`);
    this.lastLine_s = options.now();
    this.bar =
      stream.isTTY === true
        ? new SingleBar({
            format: "sim {phase} [{bar}] {value}/{total} | made {made} of {scored} scored | {rate}",
            stream: stream as NodeJS.WritableStream,
            hideCursor: true,
          })
        : undefined;
  }

  /** Says what the run will do; starts the bar in a terminal. */
  start(counts: ShotCounts): void {
    this.phase = counts.calibrationTotal > 0 ? "calibration" : "scored";
    if (this.bar !== undefined) {
      this.bar.start(this.phase === "calibration" ? counts.calibrationTotal : counts.scoredTotal, 0, this.payload(counts));
      return;
    }
    this.stream.write(`sim: ${counts.calibrationTotal} test shots, then ${counts.scoredTotal} scored shots; progress every ${this.interval_s} s\n`);
  }

  update(counts: ShotCounts): void {
    if (this.bar !== undefined) {
      if (this.phase === "calibration" && counts.scoredDone > 0) {
        this.phase = "scored";
        this.bar.setTotal(counts.scoredTotal);
      }
      this.bar.update(this.phase === "calibration" ? counts.calibrationDone : counts.scoredDone, this.payload(counts));
      return;
    }
    const now = this.options.now();
    if (now - this.lastLine_s < this.interval_s) return;
    this.lastLine_s = now;
    this.stream.write(`${formatProgressLine(counts)}\n`);
  }

  /** The last counts, always printed off a terminal; stops the bar in one. */
  finish(counts: ShotCounts): void {
    if (this.bar !== undefined) {
      this.update(counts);
      this.bar.stop();
      return;
    }
    this.stream.write(`${formatProgressLine(counts)} (done)\n`);
  }

  private payload(counts: ShotCounts): Record<string, string | number> {
    return { phase: this.phase === "calibration" ? "test shots" : "scored shots", made: counts.made, scored: counts.scoredDone, rate: realtimeText(counts) };
  }
}
