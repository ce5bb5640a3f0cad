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
