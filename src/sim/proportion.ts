/**
 * A hit rate with its 95 % interval. Wilson's score interval (Wilson 1927) rather than the normal
 * approximation: it stays inside [0, 1] and is honest for the few shots of one distance band and
 * for rates near 0 or 1, where p +- 1.96 sqrt(p (1 - p) / n) collapses to a point.
 */
export interface Proportion {
  readonly successes: number;
  readonly trials: number;
  /** successes / trials [1]; NaN with no trials. */
  readonly rate: number;
  /** 95 % interval [1]; [0, 1] with no trials. */
  readonly low: number;
  readonly high: number;
}

const Z95 = 1.959963984540054;

export function proportion(successes: number, trials: number, z = Z95): Proportion {
  if (!(Number.isInteger(successes) && Number.isInteger(trials) && successes >= 0 && trials >= successes)) {
    throw new Error(`need integers 0 <= successes <= trials, got ${successes} of ${trials}`);
  }
  if (trials === 0) return { successes, trials, rate: NaN, low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  return { successes, trials, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * The difference of two hit rates measured on the same shots (the same seeds, so the same true
 * worlds, positions and balls), and its standard error from the per-shot differences
 * d_i = a_i - b_i in {-1, 0, 1}: the paired design of McNemar's test. Shots both made or both
 * missed carry no information about the difference, so the paired error is smaller than the
 * independent-samples sqrt(pa (1 - pa) / n + pb (1 - pb) / n) whenever the two outcomes agree
 * more often than chance, and that one would overstate the uncertainty.
 */
export interface PairedDifference {
  readonly pairs: number;
  /** Shots a made and b missed, and the reverse. */
  readonly onlyA: number;
  readonly onlyB: number;
  /** Mean of d_i: rate(a) - rate(b) [1]. */
  readonly difference: number;
  /** Sample standard deviation of d_i over sqrt(pairs) [1]; NaN below two pairs. */
  readonly standardError: number;
}

export function pairedDifference(a: readonly boolean[], b: readonly boolean[]): PairedDifference {
  if (a.length !== b.length) throw new Error(`paired outcomes need as many shots on each side, got ${a.length} and ${b.length}`);
  const n = a.length;
  let onlyA = 0;
  let onlyB = 0;
  a.forEach((made, i) => {
    if (made && b[i] !== true) onlyA++;
    if (!made && b[i] === true) onlyB++;
  });
  // sum d = onlyA - onlyB, sum d^2 = onlyA + onlyB; sample variance (n - 1 denominator).
  const sum = onlyA - onlyB;
  const variance = n < 2 ? NaN : (onlyA + onlyB - (sum * sum) / n) / (n - 1);
  return { pairs: n, onlyA, onlyB, difference: n === 0 ? NaN : sum / n, standardError: Math.sqrt(variance / n) };
}

/**
 * A paired difference in units of its standard error. With no spread among the per-shot
 * differences (every pair agrees, or every pair differs the same way) it is 0 for no difference
 * and +-Infinity otherwise: a difference with no noise at all.
 */
export function differenceInStandardErrors(d: PairedDifference): number {
  if (d.standardError > 0) return d.difference / d.standardError;
  if (d.standardError === 0) return d.difference === 0 ? 0 : Math.sign(d.difference) * Infinity;
  return NaN;
}
