import type { Pose2 } from "../court/courtMap";
import { nearestCandidate, type GlobalInitializer } from "./globalInitializer";
import type { RangeMeasurement } from "./poseEkf";

export type StartupDecision =
  | { readonly kind: "start"; readonly pose: Pose2; readonly covariance: readonly number[]; readonly note: string }
  | { readonly kind: "wait"; readonly reason: string };

/**
 * Where the filter starts when the robot may be placed anywhere: collects one batch of ranges
 * (the latest of each input over `batchPeriod` [s]), asks the global search, and resolves the
 * court's symmetric ambiguity (the best pose and its 180 degree twin, nothing else) with a hint
 * pose only when told to, saying so in the note.
 */
export class StartupLocalizer {
  private readonly latest = new Map<string, RangeMeasurement>();
  private batchStart = Number.NaN;
  private lastReason = "waiting for ranges";

  constructor(
    private readonly search: GlobalInitializer,
    private readonly options: { readonly batchPeriod: number; readonly hint?: Pose2 },
  ) {
    if (!(options.batchPeriod > 0)) throw new Error(`batchPeriod must be > 0 s, got ${options.batchPeriod}`);
  }

  get reason(): string {
    return this.lastReason;
  }

  /** Adds a reading of input `name` at `time` [s] and decides once the batch is complete. */
  add(time: number, name: string, range: RangeMeasurement): StartupDecision {
    if (Number.isNaN(this.batchStart) || time < this.batchStart) this.batchStart = time;
    this.latest.set(name, range);
    if (time - this.batchStart < this.options.batchPeriod) return this.wait(`collecting ranges (${this.latest.size} inputs so far)`);
    const result = this.search.search([...this.latest.values()]);
    this.latest.clear();
    this.batchStart = Number.NaN;
    switch (result.kind) {
      case "unique":
        return { kind: "start", pose: result.best.pose, covariance: result.best.covariance, note: "located by global search" };
      case "ambiguous": {
        // The hint settles only the court's 180 degree symmetry; any other ambiguity means the
        // rays do not pin the pose, and picking one would be a guess.
        const onlyTwins = result.candidates.every((candidate, i) => i === 0 || candidate.isTwinOfBest);
        const hint = this.options.hint;
        const chosen = hint === undefined || !onlyTwins ? undefined : nearestCandidate(result.candidates, hint);
        if (chosen === undefined) return this.wait(`ambiguous start: ${result.message}`);
        return {
          kind: "start",
          pose: chosen.pose,
          covariance: chosen.covariance,
          note: `ambiguous start (${result.message}); took the candidate nearest the configured hint (${hint?.x ?? 0}, ${hint?.y ?? 0}, ${hint?.yaw ?? 0})`,
        };
      }
      case "failed":
        return this.wait(`global search failed: ${result.message}`);
      default: {
        const unreachable: never = result;
        return unreachable;
      }
    }
  }

  private wait(reason: string): StartupDecision {
    this.lastReason = reason;
    return { kind: "wait", reason };
  }
}
