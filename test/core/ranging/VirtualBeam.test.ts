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

  describe("bearing gap: valid only when a fitted beam lies within max_bearing_gap_rad of the bearing", () => {
    // A noise-free tilted wall 3 m ahead, LD06 beams (0.014 rad apart); the beams whose angle from
    // the bearing lies in [lo, hi] read +Inf (no return). Reference: the nearest remaining beam in
    // the window, all of them on the wall, so all inliers.
    const bearing = 0.1;
    const halfWidth = 0.3;
    const cases: [number, number][] = [];
    for (let lo = -0.15; lo <= 0.05 + 1e-9; lo += 0.025) for (let hi = lo; hi <= 0.15 + 1e-9; hi += 0.025) cases.push([lo, hi]);
    it.each(cases)("readings missing from %f to %f rad around the bearing", (lo, hi) => {
      const scan = scanOf([wallAt(3, 0.2)], 0, new SeededRandom(1));
      let nearest = Infinity;
      for (let i = 0; i < scan.count; i++) {
        const off = scan.angleOf(i) - bearing;
        if (Math.abs(off) > halfWidth) continue;
        if (off >= lo && off <= hi) scan.ranges[i] = Infinity;
        else nearest = Math.min(nearest, Math.abs(off));
      }
      const beam = new VirtualBeam({ name: "b", bearing_rad: bearing, half_width_rad: halfWidth }, new SeededRandom(1).next);
      const r = beam.measure(scan);
      expect(r.bearing_gap_rad).toBeCloseTo(nearest, 9);
      if (nearest <= 0.05) {
        expect(r.reason).toBe("");
        expect(r.range_m).toBeCloseTo((3 * Math.cos(0.2)) / Math.cos(bearing - 0.2), 5);
        expect(beam.bearingGapRejections).toBe(0);
      } else {
        expect(r.range_m).toBeNaN();
        expect(r.reason).toContain(`nearest fitted beam ${nearest.toFixed(3)} rad from the bearing > max_bearing_gap_rad 0.05`);
        expect(beam.bearingGapRejections).toBe(1);
      }
    });
  });

  it("does not report the wall behind a near object that sits in a gap of no returns (the SICK recording's case)", () => {
    // Wall 1.8 m ahead; a 5 cm wide object 0.3 m ahead on the bearing, with no return for 2 beams
    // either side of it (an edge the scanner loses). RANSAC keeps the wall (26 beams in the window
    // against the object's 12), whose beams lie on both sides of the bearing but none within
    // 0.066 rad of it: a line spanning the bearing is not enough.
    const scan = scanOf([wallAt(1.8, 0), { kind: "segment", x1: 0.3, y1: -0.02, x2: 0.3, y2: 0.03 }], 0, new SeededRandom(1));
    for (let i = 0; i < scan.count; i++) {
      const a = scan.angleOf(i);
      if ((a > -0.1 && a < -0.066) || (a > 0.1 && a < 0.13)) scan.ranges[i] = Infinity;
    }
    const beam = new VirtualBeam({ name: "b", bearing_rad: 0, half_width_rad: 0.3 }, new SeededRandom(1).next);
    const r = beam.measure(scan);
    expect(r.points_used).toBeGreaterThanOrEqual(20); // the wall was fitted ...
    expect(r.range_m).toBeNaN(); // ... and its 1.8 m is not published
    expect(r.reason).toContain("from the bearing");
    expect(beam.bearingGapRejections).toBe(1);
  });

  it.each([
    [{ half_width_rad: 0 }, "half_width_rad"],
    [{ half_width_rad: 0.1, min_points: 2 }, "min_points"],
    [{ half_width_rad: 0.1, max_incidence_rad: 2 }, "max_incidence_rad"],
    [{ half_width_rad: 0.1, max_bearing_gap_rad: 0 }, "max_bearing_gap_rad must be in (0, pi], got 0"],
    [{ half_width_rad: 0.1, max_bearing_gap_rad: 4 }, "max_bearing_gap_rad must be in (0, pi], got 4"],
  ])("rejects config %j", (options, message) => {
    expect(() => new VirtualBeam({ name: "b", bearing_rad: 0, ...options }, Math.random)).toThrow(message);
  });
});
