import { invert, multiply, multiplyTransposed } from "../estimation/smallMatrix";

/**
 * A small nonlinear least-squares problem: minimise the sum of squares of `evaluate(params).vector`
 * over parameters that `feasible` accepts. `detail` carries whatever the caller wants back for the
 * best parameters (the fit's per-shot residuals), so nothing is evaluated twice.
 */
export interface LeastSquaresProblem<Detail> {
  readonly evaluate: (params: readonly number[]) => { readonly vector: readonly number[]; readonly detail: Detail };
  readonly feasible: (params: readonly number[]) => boolean;
  /** Forward-difference step per parameter [its unit]. */
  readonly steps: readonly number[];
}

export interface LeastSquaresSolution<Detail> {
  readonly params: readonly number[];
  readonly detail: Detail;
  /** Sum of squares at `params`. */
  readonly cost: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** 1-sigma of each parameter from (J^T J)^-1 at the solution, times `scale`; Infinity when J^T J is singular. */
  readonly standardErrors: (scale: number) => number[];
}

const sumOfSquares = (v: readonly number[]): number => v.reduce((sum, x) => sum + x * x, 0);

/**
 * Levenberg-Marquardt on a forward-difference Jacobian, the normal equations solved in the
 * project's typed-array matrix helpers (at most a few parameters). A step that leaves the feasible
 * set or does not lower the cost raises the damping tenfold, up to 12 times per iteration; no
 * lowering step at all means the minimum to working precision.
 */
export function levenbergMarquardt<Detail>(problem: LeastSquaresProblem<Detail>, start: readonly number[], maxIterations: number): LeastSquaresSolution<Detail> {
  const n = start.length;
  if (n === 0 || problem.steps.length !== n) throw new Error(`levenbergMarquardt needs a step per parameter: ${n} parameters, ${problem.steps.length} steps`);
  if (!problem.feasible(start)) throw new Error(`levenbergMarquardt: the start [${start.join(", ")}] is not feasible`);
  let params = [...start];
  let at = problem.evaluate(params);
  let cost = sumOfSquares(at.vector);
  let lambda = 1e-3;
  let iterations = 0;
  let converged = false;
  let jt = jacobianTransposed(problem, params, at.vector);
  for (; iterations < maxIterations && !converged; iterations++) {
    const rows = at.vector.length;
    const jtj = multiplyTransposed(jt, jt, n, rows, n);
    const gradient = multiply(jt, Float64Array.from(at.vector), n, rows, 1);
    let improved = false;
    for (let attempt = 0; attempt < 12 && !improved; attempt++) {
      const damped = jtj.map((v, k) => (k % (n + 1) === 0 ? v * (1 + lambda) + 1e-12 : v));
      const dampedInverse = invert(damped, n);
      const delta = dampedInverse === undefined ? undefined : Array.from(multiply(dampedInverse, gradient, n, n, 1), (g) => -g);
      const candidate = delta === undefined ? undefined : params.map((p, i) => p + (delta[i] ?? NaN));
      if (delta === undefined || candidate === undefined || !problem.feasible(candidate)) {
        lambda *= 10;
        continue;
      }
      const trial = problem.evaluate(candidate);
      const trialCost = sumOfSquares(trial.vector);
      if (trialCost < cost) {
        converged = cost - trialCost < 1e-10 * (1 + cost) && delta.every((d, i) => Math.abs(d) < 1e-8 * (1 + Math.abs(params[i] ?? NaN)));
        params = candidate;
        at = trial;
        cost = trialCost;
        lambda = Math.max(1e-9, lambda / 10);
        improved = true;
      } else {
        lambda *= 10;
      }
    }
    if (!improved) {
      converged = true;
      break;
    }
    jt = jacobianTransposed(problem, params, at.vector);
  }
  const finalJt = jt;
  const solved = params;
  return {
    params: solved,
    detail: at.detail,
    cost,
    iterations,
    converged,
    standardErrors: (scale) => {
      const inverse = invert(multiplyTransposed(finalJt, finalJt, n, finalJt.length / n, n), n);
      return solved.map((_p, i) => (inverse === undefined ? Infinity : Math.sqrt(Math.max(0, scale * (inverse[i * n + i] ?? NaN)))));
    },
  };
}

/**
 * J^T by forward differences, row j the change of every residual with parameter j: one shifted
 * evaluation per parameter. The steps are positive, so constraints that only loosen as a parameter
 * grows keep a shifted feasible point feasible.
 */
function jacobianTransposed<Detail>(problem: LeastSquaresProblem<Detail>, params: readonly number[], at: readonly number[]): Float64Array {
  const jt = new Float64Array(params.length * at.length);
  params.forEach((_p, j) => {
    const h = problem.steps[j] ?? NaN;
    const plus = problem.evaluate(params.map((q, k) => (k === j ? q + h : q))).vector;
    at.forEach((r0, i) => {
      jt[j * at.length + i] = ((plus[i] ?? NaN) - r0) / h;
    });
  });
  return jt;
}
