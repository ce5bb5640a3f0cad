import { ShotProgress, type ShotCounts } from "../shotProgress";

/** The scenario's progress on stderr (src/sim/shotProgress.ts), or nothing when not asked for. */
export class ScenarioProgress {
  private readonly counts = { calibrationDone: 0, scoredDone: 0, made: 0 };
  private readonly bar: ShotProgress | undefined;

  constructor(
    enabled: boolean,
    private readonly totals: { readonly calibration: number; readonly scored: number },
    private readonly simSeconds: () => number,
    private readonly wallSeconds: () => number,
  ) {
    this.bar = enabled ? new ShotProgress(process.stderr, { now: wallSeconds }) : undefined;
  }

  start(): void {
    this.bar?.start(this.snapshot());
  }

  testShotTaken(): void {
    this.counts.calibrationDone++;
    this.bar?.update(this.snapshot());
  }

  /** A scored shot is done; `made`: the scored shots made so far. */
  scoredShotTaken(made: number): void {
    this.counts.scoredDone++;
    this.counts.made = made;
    this.bar?.update(this.snapshot());
  }

  finish(): void {
    this.bar?.finish(this.snapshot());
  }

  private snapshot(): ShotCounts {
    return {
      ...this.counts,
      calibrationTotal: this.totals.calibration,
      scoredTotal: this.totals.scored,
      simTime_s: this.simSeconds(),
      wallTime_s: this.wallSeconds(),
    };
  }
}
