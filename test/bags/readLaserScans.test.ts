import * as path from "node:path";
import { REAL_WALL_BEAMS } from "../../src/bench/ranging.bench";
import { readLaserScans } from "../../src/bags/readLaserScans";
import { isPublishableRange } from "../../src/core/ranging/rep117";
import { ScanProcessor } from "../../src/core/ranging/ScanProcessor";
import { realScansDir, sharedDataMissingReason } from "../../src/runtime/sharedData";

const dir = realScansDir();
const itReal = dir === undefined ? it.skip : it;
if (dir === undefined) console.warn(`real recording tests skipped: ${sharedDataMissingReason}`);

const std = (v: number[]): number => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
};

describe("readLaserScans on the real recordings", () => {
  itReal.each([
    ["hokuyo_urg_stationary.mcap", 1265, 512, 0, "laser"],
    ["sick_lms1xx_static.mcap", 89, 541, 541, "cloud"],
  ])("%s: %p scans of %p beams, %p intensities, frame %p, stamps increasing", (file, scans, beams, intensities, frame) => {
    let n = 0;
    let last = -Infinity;
    for (const rec of readLaserScans(path.join(dir!, file))) {
      expect(rec.topic).toBe("/scan");
      expect(rec.scan.ranges.length).toBe(beams);
      expect(rec.scan.intensities.length).toBe(intensities);
      expect(rec.scan.header.frame_id).toBe(frame);
      expect(rec.stamp_s).toBeGreaterThan(last);
      last = rec.stamp_s;
      n++;
    }
    expect(n).toBe(scans);
  });

  // Stability bounds: the SICK's beam noise is independent across beams (goal 1/4 met); the
  // Hokuyo's is shared by neighbouring beams (common-mode std ~2.6 mm of 5 mm), see the bench.
  itReal.each([
    ["sick_lms1xx_static.mcap", 0.25],
    ["hokuyo_urg_stationary.mcap", 0.6],
  ])("%s replays with no invalid published number and a stable wall beam (std ratio <= %p)", (file, maxRatio) => {
    const wall = REAL_WALL_BEAMS[file]!;
    const p = new ScanProcessor({
      filters: [{ type: "range_gate", params: { zero_means: "invalid" } }, { type: "shadow" }, { type: "speckle" }],
      beams: [{ name: "wall", bearing_rad: wall.bearing_rad, half_width_rad: wall.half_width_rad }],
    });
    const fitted: number[] = [];
    const raw: number[] = [];
    for (const rec of readLaserScans(path.join(dir!, file))) {
      const s = rec.scan;
      const r = s.ranges[Math.round((wall.bearing_rad - s.angle_min) / s.angle_increment)]!;
      if (r >= s.range_min && r <= s.range_max) raw.push(r);
      const res = p.process(s, rec.stamp_s);
      expect(res.publish_scan).toBe(true);
      for (let i = 0; i < p.scan.count; i++) {
        if (!isPublishableRange(p.scan.ranges[i]!, p.scan.rangeMin, p.scan.rangeMax)) throw new Error(`beam ${i}: ${p.scan.ranges[i]}`);
      }
      const b = res.beams[0]!;
      expect(isPublishableRange(b.range_m, s.range_min, s.range_max)).toBe(true);
      if (Number.isFinite(b.range_m)) fitted.push(b.range_m);
    }
    expect(fitted.length).toBeGreaterThan(0.95 * raw.length);
    expect(std(fitted) / std(raw)).toBeLessThanOrEqual(maxRatio);
    const diag = p.beamDiagnostics()[0]!;
    expect(diag.valid_fraction).toBeGreaterThan(0.95);
    expect(diag.rate_hz).toBeGreaterThan(5);
  });
});
