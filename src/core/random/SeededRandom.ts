/**
 * The one seeded pseudo-random source of the project (mulberry32 + Box-Muller): RANSAC, synthetic
 * benchmarks, the simulator's noise and the tests all draw from it, so every run is reproducible.
 * Not for anything security-related.
 */
export class SeededRandom {
  private state: number;
  /**
   * The Box-Muller pair's second half while hasSpare. A number field with a flag beside it, not
   * `number | undefined`: a field that is sometimes undefined holds its doubles boxed, one heap
   * object per draw (the simulator draws millions).
   */
  private spare = 0;
  private hasSpare = false;

  /** @param seed any integer (taken modulo 2^32) */
  constructor(readonly seed = 1) {
    if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `uniform`, bound: pass it where a `() => number` source is wanted. */
  readonly next = (): number => this.uniform();

  /** Uniform in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Normal with the given mean and standard deviation (Box-Muller; the pair's second half is kept for the next call). */
  gaussian(mean = 0, sigma = 1): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sigma * this.spare;
    }
    const u = 1 - this.uniform(); // (0, 1]: the log stays finite
    const v = 2 * Math.PI * this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(v);
    this.hasSpare = true;
    return mean + sigma * r * Math.cos(v);
  }

  /**
   * An independent stream named by `label` (and this stream's seed, not its position): adding a
   * draw in one model does not shift every other model's draws.
   */
  fork(label: string): SeededRandom {
    let h = (this.seed >>> 0) ^ 0x9e3779b9;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    return new SeededRandom(h >>> 0);
  }
}
