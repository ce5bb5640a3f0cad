import { at } from "../indexed";
/**
 * Dense row-major matrices in Float64Array for the filter's 7x7 algebra. Plain loops: at this size
 * they beat any library and keep one update within microseconds.
 */

/**
 * C = A (r x k) * B (k x c), written into `out` (a fresh array unless given; a given one must hold
 * r x c values and must not be A or B) and returned.
 */
export function multiply(a: Float64Array, b: Float64Array, r: number, k: number, c: number, out: Float64Array = new Float64Array(r * c)): Float64Array {
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      let sum = 0;
      for (let m = 0; m < k; m++) sum += at(a, i * k + m) * at(b, m * c + j);
      out[i * c + j] = sum;
    }
  }
  return out;
}

/** C = A (r x k) * B^T (B is c x k), into `out` as for multiply. */
export function multiplyTransposed(a: Float64Array, b: Float64Array, r: number, k: number, c: number, out: Float64Array = new Float64Array(r * c)): Float64Array {
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      let sum = 0;
      for (let m = 0; m < k; m++) sum += at(a, i * k + m) * at(b, j * k + m);
      out[i * c + j] = sum;
    }
  }
  return out;
}

/** a^T b^T for a (k x r) and b (c x k), row-major: (r x c), written into `out`. */
export function multiplyTransposedLeft(a: Float64Array, b: Float64Array, k: number, r: number, c: number, out: Float64Array = new Float64Array(r * c)): Float64Array {
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      let sum = 0;
      for (let m = 0; m < k; m++) sum += at(a, m * r + i) * at(b, j * k + m);
      out[i * c + j] = sum;
    }
  }
  return out;
}

/**
 * Inverse of a small symmetric positive definite matrix (n x n) by Gauss-Jordan, written into `out`
 * and returned; undefined if singular (a pivot that is zero, subnormal or not finite). `out` and
 * `work` (the elimination's copy of A) are fresh arrays unless given; given ones must hold at least
 * n x n values and be distinct from each other and from A. A is left unchanged.
 */
export function invert(a: Float64Array, n: number, out: Float64Array = new Float64Array(n * n), work: Float64Array = new Float64Array(n * n)): Float64Array | undefined {
  const m = work;
  const inv = out;
  for (let i = 0; i < n * n; i++) {
    m[i] = at(a, i);
    inv[i] = i % (n + 1) === 0 ? 1 : 0;
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(at(m, row * n + col)) > Math.abs(at(m, pivot * n + col))) pivot = row;
    }
    const p = at(m, pivot * n + col);
    if (!(Math.abs(p) > 1e-300) || !Number.isFinite(p)) return undefined;
    if (pivot !== col) {
      for (let j = 0; j < n; j++) {
        swap(m, pivot * n + j, col * n + j);
        swap(inv, pivot * n + j, col * n + j);
      }
    }
    for (let j = 0; j < n; j++) {
      m[col * n + j] = at(m, col * n + j) / p;
      inv[col * n + j] = at(inv, col * n + j) / p;
    }
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const f = at(m, row * n + col);
      if (f === 0) continue;
      for (let j = 0; j < n; j++) {
        m[row * n + j] = at(m, row * n + j) - f * at(m, col * n + j);
        inv[row * n + j] = at(inv, row * n + j) - f * at(inv, col * n + j);
      }
    }
  }
  return inv;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = at(a, i);
  a[i] = at(a, j);
  a[j] = t;
}

/** Makes a square matrix exactly symmetric in place (rounding drifts it apart). */
export function symmetrize(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (at(a, i * n + j) + at(a, j * n + i));
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
}

/** The n x n identity. */
export function identity(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/** Quadratic form v^T A v for a small vector and square matrix. */
export function quadraticForm(v: Float64Array | readonly number[], a: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) sum += at(v, i) * at(a, i * n + j) * at(v, j);
  }
  return sum;
}

/**
 * Eigenvalues of a symmetric 3x3 matrix (row-major; only the upper triangle is read), smallest
 * first, in closed form (the trigonometric solution of the characteristic cubic).
 */
export function symmetricEigenvalues3(a: Float64Array | readonly number[]): [number, number, number] {
  const a00 = at(a, 0);
  const a01 = at(a, 1);
  const a02 = at(a, 2);
  const a11 = at(a, 4);
  const a12 = at(a, 5);
  const a22 = at(a, 8);
  const offDiagonal = a01 * a01 + a02 * a02 + a12 * a12;
  if (offDiagonal === 0) {
    const [e0 = 0, e1 = 0, e2 = 0] = [a00, a11, a22].sort((x, y) => x - y);
    return [e0, e1, e2];
  }
  const q = (a00 + a11 + a22) / 3;
  const p = Math.sqrt(((a00 - q) ** 2 + (a11 - q) ** 2 + (a22 - q) ** 2 + 2 * offDiagonal) / 6);
  // B = (A - qI) / p; half its determinant is the cosine of three times the angle.
  const b00 = (a00 - q) / p;
  const b11 = (a11 - q) / p;
  const b22 = (a22 - q) / p;
  const b01 = a01 / p;
  const b02 = a02 / p;
  const b12 = a12 / p;
  const r = (b00 * (b11 * b22 - b12 * b12) - b01 * (b01 * b22 - b12 * b02) + b02 * (b01 * b12 - b11 * b02)) / 2;
  const phi = Math.acos(Math.min(1, Math.max(-1, r))) / 3;
  const largest = q + 2 * p * Math.cos(phi);
  const smallest = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  return [smallest, 3 * q - largest - smallest, largest];
}
