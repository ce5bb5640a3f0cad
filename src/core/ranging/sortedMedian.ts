import { at } from "../indexed";
/**
 * Median of the first `n` entries of `buf`, sorting them in place by insertion sort: the windows
 * here are small (3..31 values), where insertion sort beats Array.prototype.sort and allocates
 * nothing. Even counts give the mean of the two middle values. Returns NaN for n = 0.
 */
export function medianInPlace(buf: Float64Array, n: number): number {
  if (n <= 0) return Number.NaN;
  for (let i = 1; i < n; i++) {
    const v = at(buf, i);
    let j = i - 1;
    while (j >= 0 && at(buf, j) > v) {
      buf[j + 1] = at(buf, j);
      j--;
    }
    buf[j + 1] = v;
  }
  const mid = n >> 1;
  const hi = buf[mid] ?? Number.NaN;
  return n % 2 === 1 ? hi : ((buf[mid - 1] ?? Number.NaN) + hi) / 2;
}

/** Scale from MAD to the standard deviation of a normal distribution. */
const MAD_TO_SIGMA = 1.4826;

/**
 * Robust standard deviation of the first `n` entries of `buf`: 1.4826 * the median absolute
 * deviation around `centre`, their median (take it with medianInPlace on the same buffer first).
 * Overwrites `buf` with the deviations. NaN for n = 0.
 */
export function robustSigmaInPlace(buf: Float64Array, n: number, centre: number): number {
  for (let i = 0; i < n; i++) buf[i] = Math.abs(at(buf, i) - centre);
  return MAD_TO_SIGMA * medianInPlace(buf, n);
}
