import { rayCastScan, wallAt, LD06_GEOMETRY, type SceneShape } from "../../../src/bench/ranging.bench";
import { ScanBuffer } from "../../../src/core/ranging/ScanBuffer";
import { SeededRandom } from "../../../src/core/random/SeededRandom";
import { VirtualBeam } from "../../../src/core/ranging/VirtualBeam";

function scanOf(scene: SceneShape[], sigma: number, rng: SeededRandom): ScanBuffer {
  const s = new ScanBuffer();
  s.load(rayCastScan(scene, { ...LD06_GEOMETRY, sigma_m: sigma }, rng));
  return s;
}

describe("VirtualBeam", () => {
  it.each([
    [1, 0, 0],
    [3, 0.3, 0.2],
    [6, -0.4, -0.1],
    [8, 0.2, 0.35],
  ])("noise-free wall at %p m (tilt %p rad), bearing %p rad: closed-form range", (d, tilt, bearing) => {
    const beam = new VirtualBeam({ name: "b", bearing_rad: bearing, half_width_rad: 0.3 }, new SeededRandom(1).next);
    const r = beam.measure(scanOf([wallAt(d, tilt)], 0, new SeededRandom(2)));
    // Wall through (d, 0) with normal (cos tilt, sin tilt): range along u is d cos(tilt) / cos(bearing - tilt).
    expect(r.reason).toBe("");
    expect(r.range_m).toBeCloseTo((d * Math.cos(tilt)) / Math.cos(bearing - tilt), 5);
    expect(r.incidence_rad).toBeCloseTo(Math.abs(bearing - tilt), 5);
  });

  it("ignores a person standing in front of part of the wall (RANSAC)", () => {
    const rng = new SeededRandom(5);
    const person: SceneShape = { kind: "circle", cx: 2, cy: -0.35, r: 0.25 };
    const beam = new VirtualBeam({ name: "b", bearing_rad: 0, half_width_rad: 0.3 }, rng.next);
    const r = beam.measure(scanOf([wallAt(4, 0), person], 0.005, rng));
    expect(r.range_m).toBeCloseTo(4, 2);
    expect(r.points_used).toBeLessThan(r.points_in_window);
  });

  it("predicts its own spread: range_std_m matches the empirical std within 25 %", () => {
    const rng = new SeededRandom(8);
    const beam = new VirtualBeam({ name: "b", bearing_rad: 0.1, half_width_rad: 0.25 }, rng.next);
    const ranges: number[] = [];
    const stds: number[] = [];
    for (let k = 0; k < 300; k++) {
      const r = beam.measure(scanOf([wallAt(5, 0.2)], 0.015, rng));
      ranges.push(r.range_m);
      stds.push(r.range_std_m);
    }
    const mean = ranges.reduce((a, b) => a + b, 0) / ranges.length;
    const empirical = Math.sqrt(ranges.reduce((a, b) => a + (b - mean) ** 2, 0) / (ranges.length - 1));
    const predicted = stds.reduce((a, b) => a + b, 0) / stds.length;
    expect(predicted / empirical).toBeGreaterThan(0.75);
    expect(predicted / empirical).toBeLessThan(1.25);
  });

  it.each([
    ["too few points", [] as SceneShape[], { half_width_rad: 0.3 }, "min_points"],
    ["too oblique", [wallAt(3, 1.35)], { half_width_rad: 0.1, max_incidence_rad: 1.2 }, "incidence"],
    ["not a line", [{ kind: "circle" as const, cx: 3, cy: 0, r: 0.5 }], { half_width_rad: 0.15, max_residual_m: 0.005, inlier_threshold_m: 0.2 }, "residual"],
  ])("invalid with a reason when %s", (_what, scene, options, reason) => {
    const beam = new VirtualBeam({ name: "b", bearing_rad: 0, ...options }, new SeededRandom(1).next);
    const r = beam.measure(scanOf(scene, 0.002, new SeededRandom(3)));
    expect(r.range_m).toBeNaN();
    expect(r.reason).toContain(reason);
  });

  it.each([
    [{ half_width_rad: 0 }, "half_width_rad"],
    [{ half_width_rad: 0.1, min_points: 2 }, "min_points"],
    [{ half_width_rad: 0.1, max_incidence_rad: 2 }, "max_incidence_rad"],
  ])("rejects config %j", (options, message) => {
    expect(() => new VirtualBeam({ name: "b", bearing_rad: 0, ...options }, Math.random)).toThrow(message);
  });
});
