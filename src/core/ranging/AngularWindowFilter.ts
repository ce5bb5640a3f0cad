import type { ScanBuffer } from "./ScanBuffer";
import type { ScanFilter } from "./ScanFilter";

export type AngularWindowMode = "crop" | "mask";

export const ANGULAR_WINDOW_MODES: readonly AngularWindowMode[] = ["crop", "mask"];

/** `value` as an AngularWindowMode; throws naming the accepted ones and the value otherwise (it comes from YAML). */
export function parseAngularWindowMode(value: string): AngularWindowMode {
  const found = ANGULAR_WINDOW_MODES.find((m) => m === value);
  if (found === undefined) throw new Error(`mode must be ${ANGULAR_WINDOW_MODES.map((m) => `"${m}"`).join(" or ")}, got "${value}"`);
  return found;
}

export interface AngularWindowFilterOptions {
  /** Lowest bearing kept [rad] (laser frame, REP-103: counter-clockwise positive). Default -pi. */
  readonly lower_angle_rad?: number;
  /** Highest bearing kept [rad]. Default pi. */
  readonly upper_angle_rad?: number;
  /**
   * "crop" (default) shortens the scan to the window and moves angle_min (laser_filters'
   * LaserScanAngularBoundsFilter); "mask" keeps every beam and sets those outside to NaN.
   */
  readonly mode?: AngularWindowMode;
}

/** Keeps the beams whose bearing lies within [lower_angle_rad, upper_angle_rad]. */
export class AngularWindowFilter implements ScanFilter {
  readonly type = "angular_window";
  lastReason = "";
  private readonly lower: number;
  private readonly upper: number;
  private readonly mode: AngularWindowMode;

  constructor({ lower_angle_rad = -Math.PI, upper_angle_rad = Math.PI, mode = "crop" }: AngularWindowFilterOptions = {}) {
    if (!Number.isFinite(lower_angle_rad) || !Number.isFinite(upper_angle_rad) || !(lower_angle_rad < upper_angle_rad)) {
      throw new Error(`need finite lower_angle_rad < upper_angle_rad, got ${lower_angle_rad} and ${upper_angle_rad}`);
    }
    this.lower = lower_angle_rad;
    this.upper = upper_angle_rad;
    this.mode = mode;
  }

  update(scan: ScanBuffer): boolean {
    this.lastReason = "";
    const first = Math.max(0, scan.firstBeamAtOrAfter(this.lower));
    const last = Math.min(scan.count - 1, scan.lastBeamAtOrBefore(this.upper));
    if (this.mode === "mask") {
      for (let i = 0; i < scan.count; i++) if (i < first || i > last) scan.ranges[i] = Number.NaN;
      return true;
    }
    if (last < first) {
      scan.count = 0;
      this.lastReason = `no beam within [${this.lower}, ${this.upper}] rad`;
      return false;
    }
    const n = last - first + 1;
    if (first > 0) {
      scan.ranges.copyWithin(0, first, last + 1);
      if (scan.hasIntensities) scan.intensities.copyWithin(0, first, last + 1);
    }
    scan.angleMin = scan.angleOf(first);
    scan.count = n;
    return true;
  }

  reset(): void {
    // stateless
  }
}
