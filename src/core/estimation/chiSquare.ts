import { mathjs } from "../mathjsOnDemand";
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

/**
 * Upper tail of chi-square with k > 0 degrees of freedom (any real k), P(X >= x): the p-value of a
 * goodness-of-fit statistic x. The regularized upper incomplete gamma Q(k/2, x/2), by its power
 * series below x/2 = k/2 + 1 and its continued fraction (modified Lentz) above, each to about 1e-15
 * relative (Numerical Recipes, 3rd ed., 6.2), with mathjs' log-gamma; computed directly rather than
 * as 1 - CDF, so a p-value of 1e-80 keeps its digits.
 */
export function chiSquareSurvival(x: number, k: number): number {
  if (!(k > 0 && Number.isFinite(k))) throw new Error(`chiSquareSurvival needs k > 0 degrees of freedom, got ${k}`);
  if (Number.isNaN(x)) throw new Error(`chiSquareSurvival needs a statistic x, got ${x}`);
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const a = k / 2;
  const h = x / 2;
  const logPrefactor = -h + a * Math.log(h) - mathjs().lgamma(a);
  if (h < a + 1) return Math.min(1, Math.max(0, 1 - Math.exp(logPrefactor) * lowerGammaSeries(a, h)));
  return Math.min(1, Math.max(0, Math.exp(logPrefactor) * upperGammaFraction(a, h)));
}

const GAMMA_EPSILON = 1e-15;
const GAMMA_TINY = 1e-300;
const GAMMA_MAX_TERMS = 10000;

/** sum_n x^n / (a (a+1) ... (a+n)): P(a, x) = e^-x x^a / Gamma(a) times this. */
function lowerGammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < GAMMA_MAX_TERMS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * GAMMA_EPSILON) return sum;
  }
  throw new Error(`incomplete gamma series did not converge for a=${a}, x=${x}`);
}

/** The continued fraction 1/(x+1-a- 1(1-a)/(x+3-a- ...)): Q(a, x) = e^-x x^a / Gamma(a) times this. */
function upperGammaFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / GAMMA_TINY;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i < GAMMA_MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < GAMMA_TINY) d = GAMMA_TINY;
    c = b + an / c;
    if (Math.abs(c) < GAMMA_TINY) c = GAMMA_TINY;
    d = 1 / d;
    const step = d * c;
    fraction *= step;
    if (Math.abs(step - 1) < GAMMA_EPSILON) return fraction;
  }
  throw new Error(`incomplete gamma continued fraction did not converge for a=${a}, x=${x}`);
}
