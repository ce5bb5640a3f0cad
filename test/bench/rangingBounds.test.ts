import { beamAnglesAround, poleCentreCrb, wallRangeCrb, windowMeanFloor } from "../../src/bench/rangingBounds";
import type { LaserScanLike } from "../../src/core/ranging/ScanBuffer";
import { SeededRandom } from "../../src/core/random/SeededRandom";

/** n beam angles [rad] spaced `step` apart, centred on `centre`. */
function fan(centre: number, step: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => centre + (i - (n - 1) / 2) * step);
}

/**
 * Gauss-Newton on the range residuals with a forward-difference Jacobian: the maximum-likelihood
 * estimate under Gaussian range noise, written apart from the bounds' analytic gradients.
 */
function gaussNewton(model: (p: readonly number[], i: number) => number, measured: readonly number[], start: readonly number[]): number[] {
  let p = [...start];
  for (let it = 0; it < 15; it++) {
    const k = p.length;
    const jtj = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    const jtr = new Array<number>(k).fill(0);
    for (let i = 0; i < measured.length; i++) {
      const f = model(p, i);
      const row = p.map((_, j) => {
        const h = 1e-7;
        const q = [...p];
        q[j] = (q[j] ?? 0) + h;
        return (model(q, i) - f) / h;
      });
      const res = (measured[i] ?? 0) - f;
      for (let a = 0; a < k; a++) {
        jtr[a] = (jtr[a] ?? 0) + (row[a] ?? 0) * res;
        for (let b = 0; b < k; b++) (jtj[a] as number[])[b] = ((jtj[a] as number[])[b] ?? 0) + (row[a] ?? 0) * (row[b] ?? 0);
      }
    }
    // 2 x 2 solve (both models have two parameters).
    const [a11, a12] = jtj[0] as number[];
    const [, a22] = jtj[1] as number[];
    const det = (a11 ?? 0) * (a22 ?? 0) - (a12 ?? 0) * (a12 ?? 0);
    const d0 = ((a22 ?? 0) * (jtr[0] ?? 0) - (a12 ?? 0) * (jtr[1] ?? 0)) / det;
    const d1 = ((a11 ?? 0) * (jtr[1] ?? 0) - (a12 ?? 0) * (jtr[0] ?? 0)) / det;
    p = [(p[0] ?? 0) + d0, (p[1] ?? 0) + d1];
    if (Math.hypot(d0, d1) < 1e-10) break;
  }
  return p;
}

/** Range along angle a to the line p . n(phi) = rho. */
const wallRange = (rho: number, phi: number, a: number): number => rho / Math.cos(a - phi);

/** Range along angle a to the circle of `radius` about (cx, cy), nearest side; NaN if missed. */
function circleRange(cx: number, cy: number, radius: number, a: number): number {
  const b = Math.cos(a) * cx + Math.sin(a) * cy;
  const disc = b * b - (cx * cx + cy * cy - radius * radius);
  return disc >= 0 ? b - Math.sqrt(disc) : Number.NaN;
}

describe("wallRangeCrb", () => {
  it.each<[string, number, number, number]>([
    ["29 LD06 beams (0.2 rad half width) at 5 m", 29, (0.8 * Math.PI) / 180, 5],
    ["21 LD06 beams (0.15 rad) at 1 m", 21, (0.8 * Math.PI) / 180, 1],
    ["200 fine beams at 8 m", 200, 0.002, 8],
  ])("is sigma / sqrt(sum sec^2) for a wall square to a symmetric window: %s", (_, n, step, rho) => {
    const angles = fan(0, step, n);
    const sigma = 0.015;
    // With the window symmetric about the normal, rho and phi decouple and g = rho.
    const closedForm = sigma / Math.sqrt(angles.reduce((s, a) => s + 1 / Math.cos(a) ** 2, 0));
    expect(wallRangeCrb(angles, 0, rho, 0, sigma)).toBeCloseTo(closedForm, 12);
    expect(closedForm).toBeLessThan(sigma / Math.sqrt(n)); // a little below sigma / sqrt(n): the outer beams are longer
    expect(closedForm).toBeGreaterThan((0.97 * sigma) / Math.sqrt(n));
  });

  it.each<[string, number, number, number]>([
    ["a wall turned 0.3 rad, bearing at the window's centre", 0.3, 0, 4],
    ["a wall turned -0.2 rad, bearing 0.1 rad off the centre", -0.2, 0.1, 6],
  ])("matches the spread of the maximum-likelihood range over 1000 noisy scans: %s", (_, phi, bearingOffset, distance) => {
    const angles = fan(0, (0.8 * Math.PI) / 180, 25);
    const bearing = bearingOffset;
    const rho = distance * Math.cos(phi);
    const sigma = 0.015;
    const rng = new SeededRandom(1234);
    const errors: number[] = [];
    for (let k = 0; k < 1000; k++) {
      const measured = angles.map((a) => wallRange(rho, phi, a) + rng.gaussian(0, sigma));
      const [rhoHat, phiHat] = gaussNewton((p, i) => wallRange(p[0] ?? 0, p[1] ?? 0, angles[i] ?? 0), measured, [rho * 1.01, phi + 0.01]);
      errors.push(wallRange(rhoHat ?? 0, phiHat ?? 0, bearing) - wallRange(rho, phi, bearing));
    }
    const rmsError = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
    // 1000 draws: the RMS's own sampling error is about 2.2 %.
    expect(rmsError / wallRangeCrb(angles, bearing, rho, phi, sigma)).toBeGreaterThan(0.93);
    expect(rmsError / wallRangeCrb(angles, bearing, rho, phi, sigma)).toBeLessThan(1.07);
  });

  it("is unbounded when the bearing runs along the wall", () => {
    expect(wallRangeCrb(fan(0, 0.01, 10), Math.PI / 2, 3, 0, 0.01)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("poleCentreCrb", () => {
  it.each<[string, number, number, number, number, number]>([
    ["a 0.3 m pole 3 m ahead, 15 beams across it", 3.3, 0, 0.3, 0.006, 0.002],
    ["a 0.5 m pole 4 m out at 30 deg, 20 beams", 4.5 * Math.cos(0.5), 4.5 * Math.sin(0.5), 0.5, 0.005, 0.003],
  ])("matches the spread of the maximum-likelihood centre over 1000 noisy scans: %s", (_, cx, cy, radius, step, sigma) => {
    // The beams over the middle 80 % of the pole's angular width: no grazing ray, so the
    // maximum-likelihood estimate is in its linear regime and reaches the bound.
    const centre = Math.atan2(cy, cx);
    const halfWidth = 0.8 * Math.asin(radius / Math.hypot(cx, cy));
    const angles = fan(centre, step, Math.floor((2 * halfWidth) / step) + 1);
    const rng = new SeededRandom(4321);
    let squares = 0;
    const trials = 1000;
    for (let k = 0; k < trials; k++) {
      const measured = angles.map((a) => circleRange(cx, cy, radius, a) + rng.gaussian(0, sigma));
      const [x, y] = gaussNewton((p, i) => circleRange(p[0] ?? 0, p[1] ?? 0, radius, angles[i] ?? 0), measured, [cx + 0.005, cy - 0.005]);
      squares += ((x ?? 0) - cx) ** 2 + ((y ?? 0) - cy) ** 2;
    }
    const ratio = Math.sqrt(squares / trials) / poleCentreCrb(angles, cx, cy, radius, sigma);
    expect(ratio).toBeGreaterThan(0.93);
    expect(ratio).toBeLessThan(1.07);
  });

  it.each<[string, readonly number[]]>([
    ["no beam meets the pole", [1, 1.1, 1.2]],
    ["one beam meets it", [0, 1, 2]],
  ])("is unbounded when %s", (_, angles) => {
    expect(poleCentreCrb(angles, 5, 0, 0.1, 0.015)).toBe(Number.POSITIVE_INFINITY);
  });

  it("scales with sigma", () => {
    const angles = fan(0, 0.014, 3);
    expect(poleCentreCrb(angles, 5.1, 0.01, 0.1, 0.03)).toBeCloseTo(2 * poleCentreCrb(angles, 5.1, 0.01, 0.1, 0.015), 12);
  });
});

describe("beamAnglesAround", () => {
  it("collects the beams within the half width, across the +-pi seam", () => {
    const scan = { angle_min: -Math.PI, angle_increment: Math.PI / 8, ranges: new Float32Array(16) };
    const angles = beamAnglesAround(scan, Math.PI, 0.4);
    // Beams at -pi and -7 pi / 8 (indices 0, 1) and at 7 pi / 8 (index 15): within 0.4 rad of pi on either side.
    expect(angles).toHaveLength(3);
    expect(angles).toEqual(expect.arrayContaining([-Math.PI, -Math.PI + Math.PI / 8, -Math.PI + 15 * (Math.PI / 8)]));
  });
});

describe("windowMeanFloor", () => {
  /** Scans of a wall square to the laser at 5 m: per-beam noise `sigma`, a per-scan offset `common` shared by every beam. */
  function scans(count: number, sigma: number, common: number, seed: number): LaserScanLike[] {
    const rng = new SeededRandom(seed);
    const increment = 0.01;
    return Array.from({ length: count }, () => {
      const offset = rng.gaussian(0, common);
      const ranges = new Float32Array(101);
      for (let i = 0; i < ranges.length; i++) ranges[i] = 5 / Math.cos(-0.5 + i * increment) + offset + rng.gaussian(0, sigma);
      return { angle_min: -0.5, angle_max: 0.5, angle_increment: increment, range_min: 0.02, range_max: 30, ranges, intensities: new Float32Array(0) };
    });
  }

  it.each<[string, number, number]>([
    ["independent beams only: sigma / sqrt(N)", 0.01, 0],
    ["a shared offset beside the beams' own noise", 0.01, 0.003],
    ["a shared offset that dominates", 0.002, 0.005],
  ])("is sqrt(c^2 + sigma^2 / N) over 2000 scans: %s", (_, sigma, common) => {
    // Half width 0.1 rad at 0.01 rad steps: beams -0.1 .. 0.1, N = 21 (the wall outside must not count).
    const floor = windowMeanFloor(scans(2000, sigma, common, 77), 0, 0.1 + 1e-9);
    const expected = Math.sqrt(common * common + (sigma * sigma) / 21);
    // 2000 scans: the std's own sampling error is about 1.6 %; float32 ranges add 0.2 um.
    expect(floor / expected).toBeGreaterThan(0.95);
    expect(floor / expected).toBeLessThan(1.05);
  });

  it("is NaN for fewer than two scans", () => {
    expect(windowMeanFloor([], 0, 0.1)).toBeNaN();
    expect(windowMeanFloor(scans(1, 0.01, 0, 1), 0, 0.1)).toBeNaN();
  });
});
