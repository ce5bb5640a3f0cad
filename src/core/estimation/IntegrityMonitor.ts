import { chiSquareQuantile, truncatedChiSquareMoments } from "./chiSquare";

export interface IntegrityMonitorOptions {
  /** Accepted corrections per input in the window [1]. */
  readonly window: number;
  /** Standard normal quantile of the test (3.090232: a false alarm in 1000 full windows) [1]. */
  readonly z: number;
}

/** Why the estimate is suspect: the input whose window failed, and its numbers. */
export interface IntegrityFailure {
  readonly input: string;
  /** Mean NIS per degree of freedom over the window [1]. */
  readonly meanNis: number;
  /** The largest mean a consistent filter shows at the test's quantile [1]. */
  readonly limit: number;
  readonly message: string;
}

/** One input's last accepted corrections, oldest first: NIS, and its mean and variance under a consistent filter. */
interface InputWindow {
  readonly nis: number[];
  readonly dof: number[];
  readonly mean: number[];
  readonly variance: number[];
}

/**
 * A windowed innovation test: for each input, the NIS of its last `window` accepted corrections.
 * A correction the gate let through has, when the filter is consistent, the NIS of chi-square
 * (dof) truncated at the gate; the window's sum then has the summed truncated means and variances,
 * and its upper quantile at z is that of a scaled chi-square with those two moments. A sum above it means the filter explains
 * that input worse than its own covariance claims: a wrong pose the gate still lets readings
 * through to, a world that is not the map. The gate alone cannot see it: each reading passes,
 * only their run does not. Gated corrections are left to the lock-out recovery (an obstacle in
 * one ray is not a lost pose). Only the upper tail is tested: too small a NIS means sigmas set too
 * wide, which wastes accuracy but fires at no ghost.
 */
export class IntegrityMonitor {
  private readonly inputs = new Map<string, InputWindow>();

  constructor(private readonly options: IntegrityMonitorOptions) {
    if (!(Number.isInteger(options.window) && options.window >= 2)) throw new Error(`window must be an integer >= 2, got ${options.window}`);
    if (!(options.z > 0 && Number.isFinite(options.z))) throw new Error(`z must be a finite number > 0, got ${options.z}`);
  }

  /**
   * Adds the NIS [1] of an accepted correction of `input` with `dof` degrees of freedom, let
   * through by a gate at `gate` [1]; returns a failure when its window fails.
   */
  add(input: string, nis: number, dof: number, gate: number): IntegrityFailure | undefined {
    if (!(nis >= 0 && Number.isFinite(nis) && Number.isInteger(dof) && dof >= 1 && gate > 0)) throw new Error(`add needs a finite NIS >= 0, an integer dof >= 1 and a gate > 0, got nis=${nis}, dof=${dof}, gate=${gate} for ${input}`);
    let window = this.inputs.get(input);
    if (window === undefined) {
      window = { nis: [], dof: [], mean: [], variance: [] };
      this.inputs.set(input, window);
    }
    const consistent = truncatedChiSquareMoments(dof, gate);
    window.nis.push(nis);
    window.dof.push(dof);
    window.mean.push(consistent.mean);
    window.variance.push(consistent.variance);
    if (window.nis.length > this.options.window) {
      for (const values of [window.nis, window.dof, window.mean, window.variance]) values.shift();
    }
    if (window.nis.length < this.options.window) return undefined;
    const sum = total(window.nis);
    const dofs = total(window.dof);
    // The sum is skewed right (most NIS near 0, a few near the gate): taken as a scaled chi-square
    // c chi2(nu) of the same mean M and variance V (c = V / 2M, nu = 2 M^2 / V), whose upper
    // quantile a normal approximation would set too low.
    const mean = total(window.mean);
    const variance = total(window.variance);
    const limit = (variance / (2 * mean)) * chiSquareQuantile(this.options.z, (2 * mean * mean) / variance);
    if (sum <= limit) return undefined;
    return {
      input,
      meanNis: sum / dofs,
      limit: limit / dofs,
      message: `${input}: mean NIS ${(sum / dofs).toFixed(2)} per dof over its last ${this.options.window} accepted corrections, above ${(limit / dofs).toFixed(2)} (a consistent filter's gated chi-square, z ${this.options.z}): the filter explains it worse than its covariance claims`,
    };
  }

  /** Forgets every window (after the filter starts over). */
  reset(): void {
    this.inputs.clear();
  }

  /** Inputs whose window is full (and so passed: a failure is reported when it happens) [1]. */
  fullWindows(): number {
    let full = 0;
    for (const window of this.inputs.values()) if (window.nis.length >= this.options.window) full++;
    return full;
  }

  /** Mean NIS per dof of each input's window so far [1], for /diagnostics. */
  means(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [input, window] of this.inputs) out[input] = total(window.nis) / Math.max(1, total(window.dof));
    return out;
  }
}

function total(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0);
}
