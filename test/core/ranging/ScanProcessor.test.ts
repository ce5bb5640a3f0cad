import fc from "fast-check";
import { rayCastScan, wallAt, LD06_GEOMETRY } from "../../../src/bench/ranging.bench";
import { isPublishableRange } from "../../../src/core/ranging/rep117";
import type { LaserScanLike } from "../../../src/core/ranging/ScanBuffer";
import { ScanProcessor, type ScanProcessorConfig } from "../../../src/core/ranging/ScanProcessor";
import type { ScanFilterConfig } from "../../../src/core/ranging/scanFilterRegistry";
import { SeededRandom } from "../../../src/core/random/SeededRandom";

/**
 * Heavier than the shipped chain (range_gate + speckle): every filter that removes or replaces
 * beams by their neighbours runs, so the bad-input and property tests cross each of them.
 */
const EVERY_NEIGHBOUR_FILTER_CHAIN: readonly ScanFilterConfig[] = [
  { type: "range_gate", params: { zero_means: "invalid" } },
  { type: "shadow", params: { min_angle_rad: 0.1745, max_angle_rad: 2.967, window: 1, neighbors: 1 } },
  { type: "speckle", params: { max_range_difference_m: 0.1, half_window: 1, min_neighbors: 1 } },
  { type: "spatial_median", params: { window: 3 } },
];

/** Eight virtual beams toward the walls of the synthetic court below. */
function eightBeams(): ScanProcessorConfig["beams"] {
  const bearings = [-2.0, -1.57, -1.0, -0.5, 0.5, 1.0, 1.57, 2.0];
  return bearings.map((b, i) => ({ name: `beam${i}`, bearing_rad: b, half_width_rad: 0.12, min_points: 5 }));
}

const config = {
  filters: EVERY_NEIGHBOUR_FILTER_CHAIN,
  beams: eightBeams(),
  target: { type: "pole" as const, bearing_min_rad: -0.5, bearing_max_rad: 0.5, range_min_m: 1, range_max_m: 6 },
  max_beams: 200_000,
};

function msg(ranges: ArrayLike<number>, extra: Partial<LaserScanLike> = {}): LaserScanLike {
  return { angle_min: -1, angle_max: 1, angle_increment: 2 / Math.max(1, ranges.length - 1), range_min: 0.05, range_max: 12, ranges, intensities: [], ...extra };
}

function expectAllPublishable(p: ScanProcessor, result: ReturnType<ScanProcessor["process"]>): void {
  for (const b of result.beams) expect(isPublishableRange(b.range_m, p.scan.rangeMin, p.scan.rangeMax)).toBe(true);
  if (result.publish_scan) {
    for (let i = 0; i < p.scan.count; i++) expect(isPublishableRange(p.scan.ranges[i]!, p.scan.rangeMin, p.scan.rangeMax)).toBe(true);
  }
  if (result.target.found) expect(Number.isFinite(result.target.x_m) && Number.isFinite(result.target.y_m)).toBe(true);
}

describe("ScanProcessor on bad input", () => {
  it.each([
    ["empty scan", msg([]), "empty scan"],
    ["all NaN", msg(new Array(100).fill(Number.NaN)), ""],
    ["all +Inf", msg(new Array(100).fill(Number.POSITIVE_INFINITY)), ""],
    ["all zeros", msg(new Array(100).fill(0)), ""],
    ["zero angle_increment", msg([1, 2, 3], { angle_increment: 0 }), "angle_increment must be > 0"],
    ["negative angle_increment", msg([1, 2, 3], { angle_increment: -0.1 }), "angle_increment must be > 0"],
    ["range_min > range_max", msg([1, 2, 3], { range_min: 5, range_max: 1 }), "bad range limits"],
  ])("%s: no throw, reason given", (_what, m, reason) => {
    const p = new ScanProcessor(config);
    const r = p.process(m);
    expectAllPublishable(p, r);
    if (reason !== "") {
      expect(r.publish_scan).toBe(false);
      expect(r.reason).toContain(reason);
    }
    for (const b of r.beams) {
      expect(Number.isFinite(b.range_m)).toBe(false);
      expect(b.reason).not.toBe("");
    }
  });

  it("flags beam-count and intensity-length mismatches but still processes", () => {
    const p = new ScanProcessor(config);
    const r = p.process(msg(new Array(100).fill(3), { angle_max: 3, intensities: [1, 2, 3] }));
    expect(r.beam_count_mismatch).toBe(true);
    expect(r.intensity_length_mismatch).toBe(true);
    expect(r.publish_scan).toBe(true);
    expect(p.scan.hasIntensities).toBe(false);
  });

  it("handles a 10^6-beam scan within max_beams and refuses beyond it", () => {
    const big = new Float32Array(1_000_000).fill(4);
    const p = new ScanProcessor({ ...config, max_beams: 2_000_000 });
    expect(p.process(msg(big)).publish_scan).toBe(true);
    const small = new ScanProcessor({ ...config, max_beams: 100_000 });
    expect(small.process(msg(big)).reason).toContain("max_beams");
  });

  it("never publishes an invalid number for arbitrary scans (property)", () => {
    const value = fc.oneof(fc.float({ noNaN: false }), fc.constantFrom(0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 400 }),
        fc.double({ min: -4, max: 4 }),
        fc.double({ min: -0.05, max: 0.05 }),
        fc.double({ min: -1, max: 1 }),
        fc.double({ min: -1, max: 30 }),
        (ranges, angleMin, inc, rmin, rmax) => {
          const p = new ScanProcessor(config);
          const r = p.process({ angle_min: angleMin, angle_max: angleMin + inc * ranges.length, angle_increment: inc, range_min: rmin, range_max: rmax, ranges, intensities: [] });
          expectAllPublishable(p, r);
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });
});

describe("ScanProcessor on a synthetic court", () => {
  it("measures every beam and the pole, reusing its result objects", () => {
    const rng = new SeededRandom(4);
    const p = new ScanProcessor(config, rng.next);
    const scene = [
      { kind: "segment" as const, x1: 6, y1: -4, x2: 6, y2: 4 },
      { kind: "segment" as const, x1: -3, y1: 4, x2: 6, y2: 4 },
      { kind: "segment" as const, x1: -3, y1: -4, x2: 6, y2: -4 },
      { kind: "segment" as const, x1: -3, y1: -4, x2: -3, y2: 4 },
      { kind: "circle" as const, cx: 4.5, cy: 0.5, r: 0.1 },
    ];
    const geometry = { ...LD06_GEOMETRY, angle_increment: (0.25 * Math.PI) / 180, count: 1440, sigma_m: 0.005 };
    const first = p.process(rayCastScan(scene, geometry, rng));
    const second = p.process(rayCastScan(scene, geometry, rng));
    expect(second).toBe(first);
    expect(second.beams.every((b) => Number.isFinite(b.range_m))).toBe(true);
    // Beam at -1.57 rad looks at the wall y = -4: range 4 / sin(1.57).
    expect(second.beams[1]!.range_m).toBeCloseTo(4 / Math.sin(1.57), 2);
    expect(second.target.found).toBe(true);
    expect(Math.hypot(second.target.x_m - 4.5, second.target.y_m - 0.5)).toBeLessThan(0.02);
  });

  it("a rejected scan after a good one leaves nothing of the good scan's target or beams", () => {
    const rng = new SeededRandom(4);
    const p = new ScanProcessor(config, rng.next);
    const scene = [wallAt(6, 0), { kind: "circle" as const, cx: 4.5, cy: 0.5, r: 0.1 }];
    const good = p.process(rayCastScan(scene, { ...LD06_GEOMETRY, angle_increment: (0.25 * Math.PI) / 180, count: 1440, sigma_m: 0.005 }, rng));
    expect(good.target.found).toBe(true);
    expect(good.target.points).toBeGreaterThan(0);
    expect(good.target.candidates).toBeGreaterThan(0);
    expect(Number.isFinite(good.target.residual_m)).toBe(true);
    expect(good.beams.some((b) => b.points_used > 0)).toBe(true);

    const rejected = p.process(msg([1, 2, 3], { angle_increment: 0 }));
    expect(rejected.publish_scan).toBe(false);
    expect(rejected.target).toEqual({ found: false, x_m: NaN, y_m: NaN, residual_m: NaN, points: 0, candidates: 0, reason: `scan not usable: ${rejected.reason}` });
    for (const b of rejected.beams) {
      expect(b).toEqual({ name: b.name, range_m: NaN, range_std_m: NaN, residual_m: NaN, points_used: 0, points_in_window: 0, incidence_rad: NaN, bearing_gap_rad: NaN, reason: `scan not usable: ${rejected.reason}` });
    }
  });

  it.each([
    [{ filters: [], beams: [{ name: "a", bearing_rad: 0, half_width_rad: 0.1 }, { name: "a", bearing_rad: 1, half_width_rad: 0.1 }] }, 'virtual beam name "a" is used twice'],
    [{ filters: [{ type: "nope" }], beams: [] }, "unknown filter type"],
    [{ filters: [], beams: [], target: { type: "pole" as const, bearing_min_rad: 1, bearing_max_rad: 0, range_min_m: 1, range_max_m: 2 } }, "bearing_min_rad < bearing_max_rad"],
  ])("rejects a bad config: %j", (c, message) => {
    expect(() => new ScanProcessor(c)).toThrow(message);
  });
});
