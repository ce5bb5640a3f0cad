import { createScanFilter, type ScanFilterConfig } from "./scanFilterRegistry";
import type { ScanBuffer } from "./ScanBuffer";
import type { ScanFilter } from "./ScanFilter";

/** Outcome of one pass of the chain; the same object is reused for every scan. */
export interface ScanChainResult {
  /** False when the filtered scan must not be published. */
  publish: boolean;
  /** Why not, or "" when published. */
  reason: string;
}

/**
 * A list of scan filters run in order on one ScanBuffer, built from data (the YAML). The chain
 * never throws from `update`: a bad scan or a failing filter gives publish = false with a reason.
 */
export class ScanFilterChain {
  readonly filters: readonly ScanFilter[];
  private readonly result: ScanChainResult = { publish: true, reason: "" };

  constructor(filters: readonly ScanFilter[]) {
    this.filters = filters;
  }

  /** Builds the chain from configs; throws naming the entry index on any bad type or parameter. */
  static fromConfig(configs: readonly ScanFilterConfig[]): ScanFilterChain {
    return new ScanFilterChain(configs.map((c, i) => createScanFilter(c, `filters[${i}]`)));
  }

  update(scan: ScanBuffer): ScanChainResult {
    const r = this.result;
    const problem = scan.geometryProblem();
    if (problem !== "") {
      r.publish = false;
      r.reason = problem;
      return r;
    }
    for (let i = 0; i < this.filters.length; i++) {
      const f = this.filters[i];
      if (f === undefined) continue;
      let ok: boolean;
      try {
        ok = f.update(scan);
      } catch (e) {
        r.publish = false;
        r.reason = `filters[${i}] (${f.type}) failed: ${e instanceof Error ? e.message : String(e)}`;
        return r;
      }
      if (!ok) {
        r.publish = false;
        r.reason = `filters[${i}] (${f.type}): ${f.lastReason}`;
        return r;
      }
    }
    r.publish = true;
    r.reason = "";
    return r;
  }

  reset(): void {
    for (const f of this.filters) f.reset();
  }
}
