import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { McapIndexedReader, TempBuffer } from "@mcap/core";
import { runScenario, type ScenarioOptions } from "../../src/sim/runScenario";
import { oracleShot } from "../../src/sim/oracle";
import { RimJudge } from "../../src/sim/RimJudge";
import { resolveTruePhysicsOptions, TrueFlight } from "../../src/sim/TruePhysics";

const base: ScenarioOptions = { shots: 2, seed: 5, sensors: "mixed", calibrationShots: 1, baseline: "none", launcher: "fixed", settleTime: 1, fireTimeout: 1 };

describe("runScenario (short, in CI)", () => {
  it("runs the chain and the sim nodes, reports every field, and the same seed gives the same result and bag", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-"));
    const a = await runScenario({ ...base, bag: path.join(dir, "a.mcap") });
    const b = await runScenario({ ...base, bag: path.join(dir, "b.mcap") });
    const strip = (r: typeof a) => ({ ...r, realtime_factor: 0, wall_time_s: 0 });
    expect(strip(a)).toEqual(strip(b));
    expect(a.shot_log).toHaveLength(2);
    expect(a.by_distance.reduce((s, band) => s + band.shots, 0)).toBe(2);
    for (const shot of a.shot_log) {
      expect(shot.distance).toBeGreaterThanOrEqual(2 - 1e-6);
      expect(shot.distance).toBeLessThanOrEqual(7 + 1e-6);
      expect(Math.abs(shot.y)).toBeLessThan(4);
    }
    expect(a.calibration.true_efficiency).toBeGreaterThan(0.45);
    expect(a.sim_time_s).toBeGreaterThan(3);
    // Same bag bytes except the MCAP library string, which is identical too.
    expect(Buffer.compare(fs.readFileSync(path.join(dir, "a.mcap")), fs.readFileSync(path.join(dir, "b.mcap")))).toBe(0);
    const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(fs.readFileSync(path.join(dir, "a.mcap"))) });
    const topics = [...reader.channelsById.values()].map((c) => c.topic);
    for (const topic of ["/scan", "/range/left", "/odom", "/joint_states", "/target/estimate"]) expect(topics).toContain(topic);
    expect(a.bag_messages).toBeGreaterThan(1000);
  });
});

describe("the chain against the baselines (short end-to-end run, in CI)", () => {
  // 30 scored shots each, one seed: a smoke test of the ranking, not the measurement (npm run bench has 1000).
  const run = (baseline: ScenarioOptions["baseline"]) => runScenario({ shots: 30, seed: 11, sensors: "mixed", calibrationShots: 8, baseline, launcher: "fixed" });

  it("scores near the oracle and well above drag-free, raw ranging and a 7-point table", async () => {
    const chain = await run("none");
    expect(chain.hit_rate).toBeGreaterThanOrEqual(chain.oracle_hit_rate - 0.1);
    for (const baseline of ["drag-free", "raw-ranging", "table7"] as const) {
      const other = await run(baseline);
      expect(other.oracle_hit_rate).toBe(chain.oracle_hit_rate);
      expect(chain.hit_rate - other.hit_rate).toBeGreaterThanOrEqual(0.1);
    }
  }, 120_000);
});

describe("oracle", () => {
  const options = resolveTruePhysicsOptions();
  const flight = new TrueFlight({ dragCoefficient: 0.5, efficiency: 0.5, airDensity: 1.2 }, options, new RimJudge());
  const geometry = (d: number) => ({ releaseX: 5.925 - d, releaseY: 0, releaseZ: 1, azimuth: 0, hoopX: 5.925, hoopY: 0, rimHeight: 2.43 });
  const still = { speedFactor: 0, angleError: 0, azimuthError: 0 };

  it.each([3, 4, 5, 6, 7])("a ball with no spread goes in dead centre at %d m", (d) => {
    const shot = oracleShot(flight, geometry(d), { kind: "fixed", angle: (60 * Math.PI) / 180 }, still);
    expect(shot.verdict.made).toBe(true);
    expect(Math.abs(shot.verdict.along)).toBeLessThan(1e-3);
  });

  it("at 2 m a 55 deg launch cannot make it (the geometry: entry too flat)", () => {
    expect(oracleShot(flight, geometry(2), { kind: "fixed", angle: (55 * Math.PI) / 180 }, still).verdict.made).toBe(false);
  });

  it("the hood picks a steeper angle than 45 deg at 2 m and makes it", () => {
    const shot = oracleShot(flight, geometry(2), { kind: "hood", min: (45 * Math.PI) / 180, max: (75 * Math.PI) / 180 }, still);
    expect(shot.verdict.made).toBe(true);
    expect(shot.launchAngle).toBeGreaterThan((60 * Math.PI) / 180);
  });
});
