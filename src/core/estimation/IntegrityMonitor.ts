import { Float64Ring } from "../ranging/Float64Ring";
import { chiSquareCdf, chiSquareQuantile, truncatedChiSquareMoments } from "./chiSquare";

export interface IntegrityMonitorOptions {
  /** Corrections per input in the window [1]. */
  readonly window: number;
  /** Standard normal quantile of each input's test (4.264891: a false alarm in 100 000 full windows) [1]. */
  readonly z: number;
  /** Inputs whose windows must fail together for the estimate to be suspect [1]. */
  readonly minFailingInputs: number;
}

/** Why the estimate is suspect: the inputs whose windows failed, with their numbers. */
export interface IntegrityFailure {
  readonly inputs: readonly string[];
  readonly message: string;
}

/**
 * One input's last corrections: censored NIS, its mean and variance under a consistent filter, and
 * the systematic share of its variance. Rings: a correction at 100 Hz overwrites the oldest
 * (arrays pushed and shifted reallocated as they went). Only order-free sums are taken of them.
 */
interface InputWindow {
  readonly nis: Float64Ring;
  readonly dof: Float64Ring;
  readonly mean: Float64Ring;
  readonly variance: Float64Ring;
  readonly share: Float64Ring;
  readonly gate: Float64Ring;
}

/** Share of a window's largest possible sum (every correction at its gate) above which it fails even with a systematic share [1]. */
export const SYSTEMATIC_LIMIT_CAP = 0.8;

/**
 * A windowed innovation test over each input's last `window` corrections the filter weighed: the
 * NIS of an accepted one, the gate's value for a gated one (censored: a wild reading counts as
 * much as one just past the gate, so one spike cannot decide). For a consistent filter that
 * statistic has a known mean and variance (chi-square with the correction's dof, censored at the
 * gate); the window's sum is compared with the upper quantile, at z, of a scaled chi-square with
 * the same two moments (the sum is skewed right). A failing window means the filter explains
 * that input worse than its covariance claims. One input failing alone is an obstacle in its
 * ray or a moved mount, the lock-out recovery's business; `minFailingInputs` failing together
 * mean a wrong pose or a world that is not the map: the estimate is suspect. Only the upper tail
 * is tested: too small a NIS means sigmas set too wide, which wastes accuracy but fires at no ghost.
 *
 * Part of a reading's error does not average out over a window: the map's error where the ray
 * lands, the mount's. A correction may say which share of its variance is such a systematic
 * error (`systematicShare`); the window's variance then gains the covariance it brings,
 * 2 * sum over pairs of the shares' product (a common bias b in two unit innovations makes
 * cov(x_i^2, x_j^2) = 2 cov(x_i, x_j)^2), so a bias within the configured budget passes. A
 * bias big enough to stand out from such a budget is mostly gated, and a gated correction counts
 * at the gate, so the limit is capped at SYSTEMATIC_LIMIT_CAP of the window's largest possible
 * sum: a window whose readings sit at the gate (a wrong pose, a moved world) fails whatever its share.
 */
export class IntegrityMonitor {
  private readonly inputs = new Map<string, InputWindow>();
  /** The same windows in a list, walked on every publish tick without a callback or an entry array. */
  private readonly windows: { readonly input: string; readonly window: InputWindow }[] = [];
  private readonly failing = new Map<string, string>();
  /**
   * censoredChiSquareMoments by dof, then gate: the gate and dof change rarely, corrections come at
   * 100 Hz (and a key made of the two would be a new string per correction for the garbage collector).
   */
  private readonly moments = new Map<number, Map<number, { readonly mean: number; readonly variance: number }>>();

  constructor(private readonly options: IntegrityMonitorOptions) {
    if (!(Number.isInteger(options.window) && options.window >= 2)) throw new Error(`window must be an integer >= 2, got ${options.window}`);
    if (!(options.z > 0 && Number.isFinite(options.z))) throw new Error(`z must be a finite number > 0, got ${options.z}`);
    if (!(Number.isInteger(options.minFailingInputs) && options.minFailingInputs >= 1)) throw new Error(`minFailingInputs must be an integer >= 1, got ${options.minFailingInputs}`);
  }

  /**
   * Adds a correction of `input` the filter weighed: its NIS [1] (above `gate` when it was gated)
   * with `dof` degrees of freedom, `systematicShare` [0, 1) of its variance an error that stays
   * the same from one correction to the next. Returns a failure when minFailingInputs windows fail at once.
   */
  add(input: string, nis: number, dof: number, gate: number, systematicShare = 0): IntegrityFailure | undefined {
    if (!(nis >= 0 && !Number.isNaN(nis) && Number.isInteger(dof) && dof >= 1 && gate > 0 && Number.isFinite(gate))) {
      throw new Error(`add needs a NIS >= 0, an integer dof >= 1 and a finite gate > 0, got nis=${nis}, dof=${dof}, gate=${gate} for ${input}`);
    }
    if (!(systematicShare >= 0 && systematicShare < 1)) throw new Error(`systematicShare must be in [0, 1), got ${systematicShare} for ${input}`);
    let window = this.inputs.get(input);
    if (window === undefined) {
      const size = this.options.window;
      window = { nis: new Float64Ring(size), dof: new Float64Ring(size), mean: new Float64Ring(size), variance: new Float64Ring(size), share: new Float64Ring(size), gate: new Float64Ring(size) };
      this.inputs.set(input, window);
      this.windows.push({ input, window });
    }
    let byGate = this.moments.get(dof);
    if (byGate === undefined) {
      byGate = new Map();
      this.moments.set(dof, byGate);
    }
    let consistent = byGate.get(gate);
    if (consistent === undefined) {
      consistent = censoredChiSquareMoments(dof, gate);
      byGate.set(gate, consistent);
    }
    window.nis.push(Math.min(nis, gate));
    window.dof.push(dof);
    window.mean.push(consistent.mean);
    window.variance.push(consistent.variance);
    window.share.push(systematicShare);
    window.gate.push(gate);
    if (window.nis.size < this.options.window) return undefined;
    const verdict = this.judge(input, window);
    if (verdict === undefined) this.failing.delete(input);
    else this.failing.set(input, verdict);
    if (this.failing.size < this.options.minFailingInputs) return undefined;
    const inputs = [...this.failing.keys()];
    return { inputs, message: `${inputs.length} inputs fail their windowed NIS test at once (${[...this.failing.values()].join("; ")}): the filter explains them worse than its covariance claims` };
  }

  /** Forgets every window (after the filter starts over). */
  reset(): void {
    this.inputs.clear();
    this.windows.length = 0;
    this.failing.clear();
  }

  /** Inputs with a window, full or not: those heard from since the last reset [1]. */
  reportingInputs(): number {
    return this.inputs.size;
  }

  /** Inputs whose window is full and passes [1]. */
  passingWindows(): number {
    let passing = 0;
    // The list, by index: a for-of over the map's entries made an array per entry, forEach a
    // closure per call, and this is read on every publish tick.
    const windows = this.windows;
    for (let i = 0; i < windows.length; i++) {
      const entry = windows[i];
      if (entry !== undefined && entry.window.nis.size >= this.options.window && !this.failing.has(entry.input)) passing++;
    }
    return passing;
  }

  /** The inputs failing their window now (alone they do not make the estimate suspect). */
  failingInputs(): string[] {
    return [...this.failing.keys()];
  }

  /** Mean censored NIS per dof of each input's window so far [1], for /diagnostics. */
  means(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [input, window] of this.inputs) out[input] = total(window.nis) / Math.max(1, total(window.dof));
    return out;
  }

  private judge(input: string, window: InputWindow): string | undefined {
    const sum = total(window.nis);
    const mean = total(window.mean);
    const shares = total(window.share);
    let sharesSquared = 0;
    for (let i = 0; i < window.share.size; i++) {
      const share = window.share.at(i);
      sharesSquared += share * share;
    }
    const variance = total(window.variance) + 2 * (shares * shares - sharesSquared);
    const quantile = (variance / (2 * mean)) * chiSquareQuantile(this.options.z, (2 * mean * mean) / variance);
    const limit = shares > 0 ? Math.min(quantile, SYSTEMATIC_LIMIT_CAP * total(window.gate)) : quantile;
    if (sum <= limit) return undefined;
    const dofs = total(window.dof);
    return `${input}: mean NIS ${(sum / dofs).toFixed(2)} per dof over its last ${window.nis.size} corrections, above ${(limit / dofs).toFixed(2)}`;
  }
}

/**
 * Mean and variance of min(X, gate) for X chi-square with k dof: what a consistent filter's
 * censored NIS shows. The part below the gate from the truncated moments, the rest at the gate.
 */
export function censoredChiSquareMoments(k: number, gate: number): { readonly mean: number; readonly variance: number } {
  const below = chiSquareCdf(gate, k);
  const truncated = truncatedChiSquareMoments(k, gate);
  const mean = below * truncated.mean + (1 - below) * gate;
  const second = below * (truncated.variance + truncated.mean ** 2) + (1 - below) * gate * gate;
  return { mean, variance: Math.max(0, second - mean * mean) };
}

/** The sum of a window's values, oldest to newest (the window is summed per correction: reduce's callback boxed every partial sum, a call to `at` per value its result). */
function total(values: Float64Ring): number {
  return values.sum();
}
