import { normalCdf } from "../ballistics/normalCdf";

/**
 * log Phi(x), accurate far into the lower tail where Phi itself underflows or loses all relative
 * precision: the asymptotic series of the Mills ratio below -5, the direct value above.
 */
export function logNormalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= -5) return Math.log(normalCdf(x));
  const x2 = x * x;
  // Phi(x) ~ phi(x) / -x * (1 - 1/x^2 + 3/x^4 - 15/x^6) for x -> -inf.
  const series = 1 - 1 / x2 + 3 / (x2 * x2) - 15 / (x2 * x2 * x2);
  return -0.5 * x2 - Math.log(-x) - 0.5 * Math.log(2 * Math.PI) + Math.log(series);
}
