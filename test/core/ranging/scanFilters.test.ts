import fc from "fast-check";
import { AngularWindowFilter } from "../../../src/core/ranging/AngularWindowFilter";
import { RangeGateFilter } from "../../../src/core/ranging/RangeGateFilter";
import { isPublishableRange } from "../../../src/core/ranging/rep117";
import { ScanBuffer } from "../../../src/core/ranging/ScanBuffer";
import { ScanFilterChain } from "../../../src/core/ranging/ScanFilterChain";
import type { ScanFilterConfig } from "../../../src/core/ranging/scanFilterRegistry";
import { SeededRandom } from "../../../src/core/random/SeededRandom";
import { ShadowFilter } from "../../../src/core/ranging/ShadowFilter";
import { SpatialMedianFilter } from "../../../src/core/ranging/SpatialMedianFilter";
import { SpeckleFilter } from "../../../src/core/ranging/SpeckleFilter";
import { TemporalMedianScanFilter } from "../../../src/core/ranging/TemporalMedianScanFilter";

const MIN = 0.1;
const MAX = 10;
const valid = (r: number): boolean => r >= MIN && r <= MAX;

function scanOf(ranges: number[], angleMin = -1, inc = 0.01): ScanBuffer {
  const s = new ScanBuffer();
  s.load({ angle_min: angleMin, angle_max: angleMin + (ranges.length - 1) * inc, angle_increment: inc, range_min: MIN, range_max: MAX, ranges, intensities: [] });
  return s;
}

/** Random scans with walls, steps, isolated points and every REP-117 special value. */
function randomRanges(rng: SeededRandom, n: number): number[] {
  const out: number[] = [];
  let base = 1 + 5 * rng.next();
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    if (u < 0.05) base = 1 + 5 * rng.next();
    const v = rng.next();
    out.push(v < 0.05 ? Number.NaN : v < 0.1 ? Number.POSITIVE_INFINITY : v < 0.12 ? 0.01 : v < 0.17 ? base + 2 * rng.next() : base + 0.01 * rng.gaussian());
  }
  return out;
}

const f32 = (xs: number[]): number[] => xs.map(Math.fround);
const same = (a: number, b: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)) || a === b;
function expectSame(actual: ScanBuffer, expected: number[]): void {
  expect(actual.count).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!same(actual.ranges[i]!, expected[i]!)) throw new Error(`beam ${i}: got ${actual.ranges[i]}, expected ${expected[i]}`);
  }
}

function sortedMedian(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

// ---- plain reference implementations (written for clarity, not speed)

function refSpatialMedian(r: number[], w: number): number[] {
  const h = (w - 1) / 2;
  return r.map((v, i) => (valid(v) ? sortedMedian(r.slice(Math.max(0, i - h), i + h + 1).filter(valid)) : v));
}

function refSpeckle(r: number[], d: number, h: number, k: number): number[] {
  return r.map((v, i) => {
    if (!valid(v)) return v;
    const agree = r.filter((u, j) => j !== i && Math.abs(j - i) <= h && valid(u) && Math.abs(u - v) <= d).length;
    return agree >= k ? v : Number.NaN;
  });
}

/** laser_filters' ScanShadowsFilter loop, with atan2 in degrees as it writes it. */
function refShadow(r: number[], inc: number, minDeg: number, maxDeg: number, window: number, neighbors: number): number[] {
  const del = new Set<number>();
  for (let i = 0; i < r.length; i++) {
    for (let y = -window; y <= window; y++) {
      const j = i + y;
      if (j < 0 || j >= r.length || j === i || !valid(r[i]!) || !valid(r[j]!)) continue;
      const angle = Math.abs((Math.atan2(r[j]! * Math.sin(y * inc), r[i]! - r[j]! * Math.cos(y * inc)) * 180) / Math.PI);
      if (angle < minDeg || angle > maxDeg) {
        for (let m = Math.max(0, i - neighbors); m <= Math.min(r.length - 1, i + neighbors); m++) if (r[i]! < r[m]! && valid(r[m]!)) del.add(m);
      }
    }
  }
  return r.map((v, i) => (del.has(i) ? Number.NaN : v));
}

function refTemporal(history: number[][], current: number[]): number[] {
  return current.map((v, i) => {
    const vals = history.map((h) => h[i]!).filter(valid);
    if (2 * vals.length > history.length) return sortedMedian(vals);
    return valid(v) ? Number.NaN : v;
  });
}

describe("scan filters against plain references", () => {
  it.each([3, 5, 7])("spatial_median window %p", (w) => {
    const rng = new SeededRandom(w);
    for (let t = 0; t < 20; t++) {
      const r = f32(randomRanges(rng, 200));
      const s = scanOf(r);
      new SpatialMedianFilter({ window: w }).update(s);
      expectSame(s, f32(refSpatialMedian(r, w)));
    }
  });

  it.each([
    [0.1, 1, 1],
    [0.05, 2, 2],
    [0.2, 3, 1],
  ])("speckle d=%p half_window=%p min_neighbors=%p", (d, h, k) => {
    const rng = new SeededRandom(17);
    for (let t = 0; t < 8; t++) {
      const r = f32(randomRanges(rng, 200));
      const s = scanOf(r);
      new SpeckleFilter({ max_range_difference_m: d, half_window: h, min_neighbors: k }).update(s);
      expectSame(s, refSpeckle(r, d, h, k));
    }
  });

  it.each([
    [10, 170, 1, 1, 0.01],
    [5, 175, 2, 3, 0.005],
    [15, 165, 3, 2, 0.0175],
  ])("shadow min %p deg max %p deg window %p neighbors %p inc %p", (minDeg, maxDeg, window, neighbors, inc) => {
    const rng = new SeededRandom(23);
    for (let t = 0; t < 20; t++) {
      const r = f32(randomRanges(rng, 200));
      const s = scanOf(r, -1, inc);
      new ShadowFilter({ min_angle_rad: (minDeg * Math.PI) / 180, max_angle_rad: (maxDeg * Math.PI) / 180, window, neighbors }).update(s);
      expectSame(s, refShadow(r, Math.fround(inc), minDeg, maxDeg, window, neighbors));
    }
  });

  it.each([1, 3, 5])("temporal_median window %p", (w) => {
    const rng = new SeededRandom(31);
    const f = new TemporalMedianScanFilter({ window: w });
    const history: number[][] = [];
    for (let t = 0; t < 12; t++) {
      const r = f32(randomRanges(rng, 100));
      history.push(r);
      if (history.length > w) history.shift();
      const s = scanOf(r);
      f.update(s);
      expectSame(s, f32(refTemporal(history, r)));
    }
  });

  const INPUT = [0, 0.05, 0.3, 5, 7, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  const [N, NI, PI] = [Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  it.each([
    // lower, upper, zero_means: expected for INPUT with the scan's own limits 0.1..10
    [0, PI, "invalid", [N, NI, 0.3, 5, 7, N, PI, NI]],
    [0, PI, "no_return", [PI, NI, 0.3, 5, 7, N, PI, NI]],
    [0, PI, "number", [NI, NI, 0.3, 5, 7, N, PI, NI]],
    [0.2, 6, "too_close", [NI, NI, 0.3, 5, PI, N, PI, NI]],
    [0.4, 4, "invalid", [N, NI, NI, PI, PI, N, PI, NI]],
  ] as const)("range_gate lower %p upper %p zero_means %p", (lower, upper, zero, expected) => {
    const s = scanOf(INPUT);
    new RangeGateFilter({ lower_threshold_m: lower, upper_threshold_m: upper, zero_means: zero }).update(s);
    expectSame(s, f32([...expected]));
    expect(s.rangeMin).toBe(Math.max(lower, MIN));
    expect(s.rangeMax).toBe(Math.min(upper, MAX));
  });

  it.each([
    [-0.5, 0.5, "crop", 101, -0.5],
    [-5, 5, "crop", 201, -1],
    [0.995, 5, "crop", 1, 1],
    [-0.5, 0.5, "mask", 201, -1],
  ] as const)("angular_window [%p, %p] %p keeps %p beams from %p rad", (lo, hi, mode, count, angleMin) => {
    const r = Array.from({ length: 201 }, (_, i) => 1 + i * 0.01);
    const s = scanOf(r);
    expect(new AngularWindowFilter({ lower_angle_rad: lo, upper_angle_rad: hi, mode }).update(s)).toBe(true);
    expect(s.count).toBe(count);
    expect(s.angleMin).toBeCloseTo(angleMin, 6);
    for (let i = 0; i < s.count; i++) {
      const a = s.angleOf(i);
      const inside = a >= lo - 1e-6 && a <= hi + 1e-6;
      const original = Math.fround(1 + Math.round((a + 1) / 0.01) * 0.01);
      if (inside) expect(s.ranges[i]).toBeCloseTo(original, 5);
      else expect(s.ranges[i]).toBeNaN();
    }
  });
});

describe("ScanFilterChain.fromConfig", () => {
  it.each([
    [[{ type: "median" }], 'filters[0]: unknown filter type "median"'],
    [[{ type: "speckle", params: { windw: 3 } }], 'filters[0] (speckle): unknown parameter "windw"'],
    [[{ type: "range_gate" }, { type: "spatial_median", params: { window: 4 } }], "filters[1] (spatial_median): window must be an odd integer in [3, 31], got 4"],
    [[{ type: "spatial_median", params: { window: "3" } }], 'parameter "window" must be an integer, got "3"'],
    [[{ type: "range_gate", params: { zero_means: "zero" } }], 'zero_means must be one of invalid, too_close, no_return, number, got "zero"'],
    [[{ type: "angular_window", params: { mode: "cut" } }], 'mode must be "crop" or "mask", got "cut"'],
  ])("rejects %j", (config, message) => {
    expect(() => ScanFilterChain.fromConfig(config)).toThrow(message);
  });

  it("refuses bad scans with a reason instead of throwing", () => {
    const chain = ScanFilterChain.fromConfig([{ type: "range_gate" }, { type: "spatial_median" }]);
    expect(chain.update(scanOf([])).reason).toContain("empty scan");
    expect(chain.update(scanOf([1, 2, 3], 0, 0)).reason).toContain("angle_increment must be > 0");
    expect(chain.update(scanOf([1, 2, 3], 0, -0.01)).publish).toBe(false);
  });
});

describe("scan filter invariants (property)", () => {
  const special = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0);
  const range = fc.oneof(fc.float({ min: Math.fround(-1), max: Math.fround(20), noNaN: true }), special);
  const chainConfig: ScanFilterConfig[] = [
    { type: "range_gate", params: { zero_means: "invalid" } },
    { type: "shadow" },
    { type: "speckle" },
    { type: "spatial_median", params: { window: 5 } },
    { type: "temporal_median", params: { window: 3 } },
    { type: "angular_window", params: { lower_angle_rad: -0.5, upper_angle_rad: 0.5 } },
  ];

  it("output is REP-117 publishable, never longer, and update never throws", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(range, { maxLength: 120 }), { minLength: 1, maxLength: 4 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -0.01, max: 0.05, noNaN: true }),
        (scans, angleMin, inc) => {
          const chain = ScanFilterChain.fromConfig(chainConfig);
          const s = new ScanBuffer();
          for (const ranges of scans) {
            s.load({ angle_min: angleMin, angle_max: angleMin + inc * ranges.length, angle_increment: inc, range_min: 0.05, range_max: 12, ranges, intensities: [] });
            const res = chain.update(s);
            expect(s.count).toBeLessThanOrEqual(ranges.length);
            if (res.publish) {
              for (let i = 0; i < s.count; i++) expect(isPublishableRange(s.ranges[i]!, s.rangeMin, s.rangeMax)).toBe(true);
            } else {
              expect(res.reason).not.toBe("");
            }
          }
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});
