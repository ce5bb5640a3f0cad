import { normalCdf } from "../ballistics/normalCdf";

/**
 * Quantile of chi-square with k degrees of freedom at the standard normal quantile z (1.959964 for
 * 97.5 %, 2.326348 for 99 %), by the Wilson-Hilferty cube-root approximation: the upper tail
 * within 1 % of the exact value from k = 1 (6.585 against 6.635 at 99 %), the lower tail from
 * about k = 20 (7 % off at k = 4), both closer as k grows.
 */
export function chiSquareQuantile(z: number, k: number): number {
  if (!(k > 0 && Number.isFinite(k) && Number.isFinite(z))) throw new Error(`chiSquareQuantile needs k > 0 and a finite z, got k=${k}, z=${z}`);
  const h = 2 / (9 * k);
  return k * (1 - h + z * Math.sqrt(h)) ** 3;
}

/** The standard normal quantile at 99 %. */
export const Z_99 = 2.326348;
/** The standard normal quantile at 95 %. */
export const Z_95 = 1.644854;

/**
 * Chi-square cumulative distribution with an integer k >= 1 degrees of freedom, in closed form:
 * from k = 1 (2 Phi(sqrt x) - 1) or k = 2 (1 - e^(-x/2)) up by F_{k+2}(x) = F_k(x) - (x/2)^(k/2)
 * e^(-x/2) / Gamma(k/2 + 1). Accurate to the normal CDF's 1.5e-7 for odd k.
 */
export function chiSquareCdf(x: number, k: number): number {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`chiSquareCdf needs an integer k >= 1, got ${k}`);
  if (!(x > 0)) return 0;
  if (x === Infinity) return 1;
  let j = k % 2 === 1 ? 1 : 2;
  let cdf = j === 1 ? 2 * normalCdf(Math.sqrt(x)) - 1 : 1 - Math.exp(-x / 2);
  // Gamma(j / 2 + 1)
  let gamma = j === 1 ? Math.sqrt(Math.PI) / 2 : 1;
  while (j < k) {
    cdf -= ((x / 2) ** (j / 2) * Math.exp(-x / 2)) / gamma;
    j += 2;
    gamma *= j / 2;
  }
  return Math.min(1, Math.max(0, cdf));
}

/**
 * Mean and variance of chi-square with k dof given that it is below `gate`: what the NIS of the
 * corrections a gate lets through looks like when the filter is consistent. From
 * E[X 1(X < g)] = k F_{k+2}(g) and E[X^2 1(X < g)] = k (k + 2) F_{k+4}(g).
 */
export function truncatedChiSquareMoments(k: number, gate: number): { readonly mean: number; readonly variance: number } {
  if (!(gate > 0)) throw new Error(`truncatedChiSquareMoments needs a gate > 0, got ${gate}`);
  const below = chiSquareCdf(gate, k);
  const mean = (k * chiSquareCdf(gate, k + 2)) / below;
  const second = (k * (k + 2) * chiSquareCdf(gate, k + 4)) / below;
  return { mean, variance: Math.max(0, second - mean * mean) };
}
