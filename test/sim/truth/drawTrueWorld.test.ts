import { SeededRandom } from "../../../src/core/random/SeededRandom";
import { DEFAULT_TOLERANCES, drawTrueWorld, type ConfiguredWorld } from "../../../src/sim/truth/drawTrueWorld";

const configured: ConfiguredWorld = {
  court: {
    "court.length": 15,
    "court.width": 8,
    "court.hoop.x": 5.925,
    "court.hoop.y": 0,
    "court.hoop.rim_height": 2.43,
    "court.hoop.rim_inner_diameter": 0.45,
    "court.backboard.offset": 0.375,
    "court.pole.x": 7,
    "court.pole.y": 0,
    "court.second_hoop": true,
  },
  mounts: [
    { name: "left", x: 0, y: 0.2, z: 0.05, yaw: Math.PI / 2 },
    { name: "lidar", x: 0.2, y: 0, z: 0.05, yaw: 0 },
  ],
  efficiency: 0.5,
  exitSpeedSigmaFraction: 0.002,
  launchAngleSigma_rad: 0.005,
  airDensity_kgpm3: 1.2,
};

describe("drawTrueWorld", () => {
  const draws = Array.from({ length: 300 }, (_, seed) => drawTrueWorld(configured, new SeededRandom(seed)));

  it("keeps every draw inside its band, and the errors are what the world holds minus what was configured", () => {
    for (const w of draws) {
      const p = w.physics;
      expect(p.exitSpeedSpreadScale).toBeGreaterThanOrEqual(0.6);
      expect(p.exitSpeedSpreadScale).toBeLessThanOrEqual(1.6);
      expect(p.exitSpeedSigmaFraction).toBeCloseTo(0.002 * p.exitSpeedSpreadScale, 12);
      expect(p.launchAngleSigma_rad).toBeCloseTo(0.005 * p.launchAngleSpreadScale, 12);
      expect(Math.abs(p.efficiency / 0.5 - 1)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(p.airDensity_kgpm3 / 1.2 - 1)).toBeLessThanOrEqual(0.05);
      expect(p.dragCoefficient).toBeGreaterThanOrEqual(0.47);
      expect(p.dragCoefficient).toBeLessThanOrEqual(0.54);
      expect(w.balls).toHaveLength(DEFAULT_TOLERANCES.balls);
      for (const [key, error] of Object.entries(w.courtError)) expect(w.court[key]).toBeCloseTo(Number(configured.court[key]) + error, 12);
      expect(w.court["court.second_hoop"]).toBe(true);
      for (const m of w.mounts) {
        const c = configured.mounts.find((k) => k.name === m.name);
        expect(m.x - (c?.x ?? NaN)).toBeCloseTo(m.dx, 12);
        expect(m.yaw - (c?.yaw ?? NaN)).toBeCloseTo(m.dyaw, 12);
        expect(m.z).toBe(c?.z);
      }
    }
  });

  it.each([
    ["court.hoop.x", DEFAULT_TOLERANCES.courtPositionSigma_m],
    ["court.length", DEFAULT_TOLERANCES.fenceSigma_m],
    ["court.hoop.rim_height", DEFAULT_TOLERANCES.rimHeightSigma_m],
  ])("%s strays by its tolerance: the sample standard deviation is within 15 %% of %p m", (key, sigma) => {
    const errors = draws.map((w) => w.courtError[key] ?? NaN);
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    const sd = Math.sqrt(errors.reduce((a, e) => a + (e - mean) ** 2, 0) / (errors.length - 1));
    expect(Math.abs(sd / sigma - 1)).toBeLessThan(0.15);
  });

  it("one part's stream does not move another's: changing the mount tolerance leaves the court and physics as they were", () => {
    const a = drawTrueWorld(configured, new SeededRandom(7));
    const b = drawTrueWorld(configured, new SeededRandom(7), { mountYawSigma_rad: 0.05 });
    expect(b.court).toEqual(a.court);
    expect(b.physics).toEqual(a.physics);
    expect(b.mounts[0]?.dyaw).not.toBe(a.mounts[0]?.dyaw);
  });

  it.each([
    [{ spreadScale: [1.6, 0.6] as const }, /spreadScale must be a range 0 <= low <= high, got \[1.6, 0.6\]/],
    [{ mountPositionSigma_m: -0.001 }, /mountPositionSigma_m must be in \[0, 1\), got -0.001/],
    [{ balls: 0 }, /balls must be an integer >= 1, got 0/],
  ])("rejects %p", (tolerances, message) => {
    expect(() => drawTrueWorld(configured, new SeededRandom(1), tolerances)).toThrow(message);
  });

  it("names a court value the configuration lacks", () => {
    const { "court.pole.x": _pole, ...court } = configured.court;
    expect(() => drawTrueWorld({ ...configured, court }, new SeededRandom(1))).toThrow("the configured court has no number court.pole.x (got undefined)");
  });
});
