import type { ScanBuffer } from "./ScanBuffer";

/** A target found in the laser frame, or why none was published. The object is reused. */
export interface TargetDetection {
  found: boolean;
  /** Pole centre or edge point, laser frame [m] (NaN when not found). */
  x_m: number;
  y_m: number;
  /** RMS fit residual of the chosen candidate [m]. */
  residual_m: number;
  /** Beams in the chosen candidate [1]. */
  points: number;
  /** Candidates that passed every check [1]. */
  candidates: number;
  /** Why nothing was found (or "" when found). */
  reason: string;
}

/** Finds one target in a geometrically sane scan. Never throws. */
export interface TargetDetector {
  readonly kind: string;
  /** The detector's one result object, refilled by every `detect` (which returns it). */
  readonly detection: TargetDetection;
  detect(scan: ScanBuffer): TargetDetection;
}

export function emptyDetection(reason: string): TargetDetection {
  return { found: false, x_m: Number.NaN, y_m: Number.NaN, residual_m: Number.NaN, points: 0, candidates: 0, reason };
}

/**
 * Resets `d` in place to "nothing found" with `reason`. `candidates` [1] is what to report as
 * found: 0 before a search, the count when several candidates made the result ambiguous.
 */
export function clearDetection(d: TargetDetection, reason = "", candidates = 0): void {
  d.found = false;
  d.x_m = Number.NaN;
  d.y_m = Number.NaN;
  d.residual_m = Number.NaN;
  d.points = 0;
  d.candidates = candidates;
  d.reason = reason;
}
