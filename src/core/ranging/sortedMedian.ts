/**
 * Median of the first `n` entries of `buf`, sorting them in place by insertion sort: the windows
 * here are small (3..31 values), where insertion sort beats Array.prototype.sort and allocates
 * nothing. Even counts give the mean of the two middle values. Returns NaN for n = 0.
 */
export function medianInPlace(buf: Float64Array, n: number): number {
  if (n <= 0) return Number.NaN;
  for (let i = 1; i < n; i++) {
    const v = buf[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (buf[j] ?? 0) > v) {
      buf[j + 1] = buf[j] ?? 0;
      j--;
    }
    buf[j + 1] = v;
  }
  const mid = n >> 1;
  const hi = buf[mid] ?? Number.NaN;
  return n % 2 === 1 ? hi : ((buf[mid - 1] ?? Number.NaN) + hi) / 2;
}

/** Median absolute deviation of the first `n` entries around `center`; reorders `buf`. */
export function madInPlace(buf: Float64Array, n: number, center: number): number {
  for (let i = 0; i < n; i++) buf[i] = Math.abs((buf[i] ?? 0) - center);
  return medianInPlace(buf, n);
}

/** Scale from MAD to the standard deviation of a normal distribution. */
export const MAD_TO_SIGMA = 1.4826;
