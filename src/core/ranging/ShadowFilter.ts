import { at } from "../indexed";
import { isValidRange } from "./rep117";
import type { ScanBuffer } from "./ScanBuffer";
import type { ScanFilter } from "./ScanFilter";

export interface ShadowFilterOptions {
  /** Smallest allowed angle at a point between its neighbour and the viewpoint [rad]. Default 0.1745 (10 deg). */
  readonly min_angle_rad?: number;
  /** Largest allowed angle [rad]. Default 2.967 (170 deg). */
  readonly max_angle_rad?: number;
  /** Beams on each side compared with each point, 1..15. Default 1. */
  readonly window?: number;
  /**
   * Beams on each side of a flagged point that are removed when farther than it, 1..50. Default 1.
   * (laser_filters' default 0 removes nothing, a known trap; here 1 is the minimum.)
   */
  readonly neighbors?: number;
}

/**
 * Veiling ("shadow", mixed-pixel) point removal with the geometry of laser_filters'
 * ScanShadowsFilter: for point i and a neighbour j (included angle a between the beams), the
 * angle at point i between the viewpoint and point j is atan2(rj sin a, ri - rj cos a). A value
 * outside [min_angle, max_angle] means the surface between them is almost along the beam, which a
 * real surface rarely is: the farther points around i are veiling points and become NaN.
 * Compared through tangents (as laser_filters does) to avoid an atan2 per pair.
 */
export class ShadowFilter implements ScanFilter {
  readonly type = "shadow";
  readonly lastReason = "";
  private readonly minTan: number;
  private readonly maxTan: number;
  private readonly window: number;
  private readonly neighbors: number;
  private remove = new Uint8Array(0);
  private sinTable = new Float64Array(0);
  private cosTable = new Float64Array(0);
  private tableIncrement = Number.NaN;

  constructor({ min_angle_rad = (10 * Math.PI) / 180, max_angle_rad = (170 * Math.PI) / 180, window = 1, neighbors = 1 }: ShadowFilterOptions = {}) {
    if (!(min_angle_rad > 0 && min_angle_rad < Math.PI / 2)) {
      throw new Error(`min_angle_rad must be in (0, pi/2), got ${min_angle_rad}`);
    }
    if (!(max_angle_rad > Math.PI / 2 && max_angle_rad < Math.PI)) {
      throw new Error(`max_angle_rad must be in (pi/2, pi), got ${max_angle_rad}`);
    }
    if (!Number.isInteger(window) || window < 1 || window > 15) throw new Error(`window must be an integer in [1, 15], got ${window}`);
    if (!Number.isInteger(neighbors) || neighbors < 1 || neighbors > 50) {
      throw new Error(`neighbors must be an integer in [1, 50], got ${neighbors}`);
    }
    this.minTan = Math.tan(min_angle_rad); // > 0
    this.maxTan = Math.tan(max_angle_rad); // < 0
    this.window = window;
    this.neighbors = neighbors;
  }

  update(scan: ScanBuffer): boolean {
    const n = scan.count;
    if (this.remove.length < n) this.remove = new Uint8Array(n);
    this.remove.fill(0, 0, n);
    this.prepareTables(scan.angleIncrement);
    const r = scan.ranges;
    const lo = scan.rangeMin;
    const hi = scan.rangeMax;
    for (let i = 0; i < n; i++) {
      const ri = r[i] ?? Number.NaN;
      if (!isValidRange(ri, lo, hi)) continue;
      for (let y = -this.window; y <= this.window; y++) {
        const j = i + y;
        if (y === 0 || j < 0 || j >= n) continue;
        const rj = r[j] ?? Number.NaN;
        if (!isValidRange(rj, lo, hi)) continue;
        const k = y < 0 ? -y : y;
        const perpY = rj * at(this.sinTable, k); // |sin| of the included angle
        const perpX = ri - rj * at(this.cosTable, k);
        const t = perpY / perpX;
        const shadow = perpX > 0 ? t < this.minTan : perpX < 0 ? t > this.maxTan : false;
        if (shadow) this.markFartherAround(i, ri, r, n, hi);
      }
    }
    for (let i = 0; i < n; i++) if (this.remove[i] === 1) r[i] = Number.NaN;
    return true;
  }

  reset(): void {
    // stateless
  }

  private markFartherAround(i: number, ri: number, r: Float32Array, n: number, hi: number): void {
    const end = Math.min(n - 1, i + this.neighbors);
    for (let m = Math.max(0, i - this.neighbors); m <= end; m++) {
      // Only valid ranges are removed: a +Inf (no return) keeps its REP-117 meaning.
      const rm = r[m] ?? Number.NaN;
      if (rm > ri && rm <= hi && Number.isFinite(rm)) this.remove[m] = 1;
    }
  }

  private prepareTables(increment: number): void {
    if (increment === this.tableIncrement) return;
    this.sinTable = new Float64Array(this.window + 1);
    this.cosTable = new Float64Array(this.window + 1);
    for (let k = 0; k <= this.window; k++) {
      this.sinTable[k] = Math.abs(Math.sin(k * increment));
      this.cosTable[k] = Math.cos(k * increment);
    }
    this.tableIncrement = increment;
  }
}
