/**
 * The rim judge. A make is a clean entry as DOMAIN.md defines it: the ball centre comes down
 * through the rim plane within R - r / sin(a) of the rim centre along the shot line (R the rim's
 * inner radius, r the ball's radius, a the entry angle below horizontal). Sideways the ball's
 * section is a circle of radius r, so it has R - r; an off-line crossing must fit the ellipse with
 * those two half-axes. Anything else touches the rim (or never comes down through it): a miss.
 */

export interface RimJudgeOptions {
  /** Rim inner radius [m]. Default 0.225. */
  readonly rimRadius?: number;
  /** Ball radius [m]. Default 0.121. */
  readonly ballRadius?: number;
}

/** Where the ball centre came down through the rim plane, relative to the rim centre. */
export interface RimPlaneCrossing {
  /** Signed miss along the shot line [m]: + long (beyond the rim centre), - short. */
  readonly along: number;
  /** Miss across the shot line [m] (+ left of the shot direction). */
  readonly across: number;
  /** Angle of the velocity below horizontal at the crossing [rad]. */
  readonly entryAngle: number;
}

export type ShotVerdict =
  | { readonly made: true; readonly along: number; readonly across: number; readonly clearance: number }
  /** `short` includes a ball that never reaches rim height; `long` one still climbing when time ran out. */
  | { readonly made: false; readonly miss: "short" | "long" | "wide"; readonly along: number; readonly across: number; readonly clearance: number };

export class RimJudge {
  readonly rimRadius: number;
  readonly ballRadius: number;

  constructor(options: RimJudgeOptions = {}) {
    this.rimRadius = options.rimRadius ?? 0.225;
    this.ballRadius = options.ballRadius ?? 0.121;
    if (!(this.ballRadius > 0)) throw new Error(`ballRadius must be > 0 m, got ${this.ballRadius}`);
    if (!(this.rimRadius > this.ballRadius)) throw new Error(`rimRadius must exceed ballRadius (${this.ballRadius} m), got ${this.rimRadius}`);
  }

  /** R - r / sin(entry) [m]: the room along the shot line; negative when the ball cannot fit. */
  clearance(entryAngle: number): number {
    const s = Math.sin(entryAngle);
    return s > 0 ? this.rimRadius - this.ballRadius / s : -Infinity;
  }

  judge(crossing: RimPlaneCrossing): ShotVerdict {
    const { along, across } = crossing;
    const clearance = this.clearance(crossing.entryAngle);
    const side = this.rimRadius - this.ballRadius;
    const fits = clearance > 0 && (along / clearance) ** 2 + (across / side) ** 2 <= 1;
    if (fits) return { made: true, along, across, clearance };
    // A flat ball fails anywhere; call it by the side it was on, wide when the sideways miss dominates.
    const alongRatio = clearance > 0 ? Math.abs(along) / clearance : Math.abs(along) / side;
    const miss = Math.abs(across) / side > alongRatio ? "wide" : along < 0 ? "short" : "long";
    return { made: false, miss, along, across, clearance };
  }

  /** A flight that never came down through the rim plane. */
  noCrossing(reason: "below_rim" | "timeout"): ShotVerdict {
    return reason === "below_rim"
      ? { made: false, miss: "short", along: -Infinity, across: 0, clearance: NaN }
      : { made: false, miss: "long", along: Infinity, across: 0, clearance: NaN };
  }
}
