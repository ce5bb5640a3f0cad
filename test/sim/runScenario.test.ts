import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { McapIndexedReader, TempBuffer } from "@mcap/core";
import { readBagMessages } from "../../src/bags/readBagMessages";
import { jsonReport } from "../../src/cli/sim";
import { COURT_SPEC_PARAMETERS } from "../../src/core/court/courtMap";
import { DEFAULT_PARAMS_FILES } from "../../src/package/defaultParams";
import { runReplay } from "../../src/replay/runReplay";
import { DEFAULT_SHOOTER_PARAMS, PACKAGE_ROOT } from "../../src/package/defaultParams";
import { loadParamsFiles } from "../../src/runtime/paramsFile";
import { runScenario, SIM_BAG_METADATA, type ScenarioOptions } from "../../src/sim/runScenario";
import { decompose } from "../../src/sim/decomposition";
import { DEFAULT_TOLERANCES } from "../../src/sim/truth/drawTrueWorld";
import { asReferee, sealTruth, TruthLeak } from "../../src/sim/truth/referee";

const base: ScenarioOptions = { shots: 2, seed: 5, sensors: "mixed", calibrationShots: 1, baseline: "none", launcher: "fixed", settleTime: 1, fireTimeout: 1 };

describe("runScenario (short, in CI)", () => {
  it("runs the chain and the sim nodes, reports every field, and the same seed gives the same result and bag", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-"));
    const a = await runScenario({ ...base, bag: path.join(dir, "a.mcap") });
    const b = await runScenario({ ...base, bag: path.join(dir, "b.mcap") });
    const strip = (r: typeof a) => ({ ...r, realtime_factor: 0, wall_time_s: 0, bag: r.bag === null ? null : { ...r.bag, path: "" } });
    expect(strip(a)).toEqual(strip(b));
    expect(a.shot_log).toHaveLength(2);
    expect(a.by_distance.reduce((s, band) => s + band.shots, 0)).toBe(2);
    for (const shot of a.shot_log) {
      expect(shot.distance).toBeGreaterThanOrEqual(2 - 1e-6);
      expect(shot.distance).toBeLessThanOrEqual(7 + 1e-6);
      expect(Math.abs(shot.y)).toBeLessThan(4);
    }
    expect(a.truth.physics.efficiency).toBeGreaterThan(0.45);
    expect(a.sim_time_s).toBeGreaterThan(3);
    // Same bag bytes except the MCAP library string, which is identical too.
    expect(Buffer.compare(fs.readFileSync(path.join(dir, "a.mcap")), fs.readFileSync(path.join(dir, "b.mcap")))).toBe(0);
    const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(fs.readFileSync(path.join(dir, "a.mcap"))) });
    const topics = [...reader.channelsById.values()].map((c) => c.topic);
    for (const topic of ["/scan", "/range/left", "/odom", "/joint_states", "/target/estimate"]) expect(topics).toContain(topic);
    // Latched at sim_world's activation, before the recorder started; and stored with the QoS its writer offered.
    expect(topics).toContain("/sim/court_markers");
    const offered = (topic: string): string => [...reader.channelsById.values()].find((c) => c.topic === topic)?.metadata.get("offered_qos_profiles") ?? "";
    expect(offered("/sim/court_markers")).toContain("durability: 1");
    expect(offered("/ranging/target")).toContain("reliability: 2");
    expect(a.bag_messages).toBeGreaterThan(1000);
    // No size limit: the whole run, and the bag says so.
    expect(a.bag).toEqual({
      path: path.join(dir, "a.mcap"),
      bytes: fs.statSync(path.join(dir, "a.mcap")).size,
      messages: a.bag_messages,
      complete: true,
      calibration_shots_recorded: 1,
      scored_shots_recorded: 2,
      limit_bytes: null,
    });
    const metadata: Record<string, string>[] = [];
    for await (const record of reader.readMetadata({ name: SIM_BAG_METADATA })) metadata.push(Object.fromEntries(record.metadata));
    expect(metadata).toEqual([expect.objectContaining({ complete: "true", recorded: "every topic at full rate, the whole run", calibration_shots_recorded: "1", scored_shots_recorded: "2", limit_bytes: "none", seed: "5" })]);
  });

  it("with a size limit, stops recording at the end of a shot, closes the bag whole, says which shots it holds, and replay runs on it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-"));
    const full = await runScenario({ ...base, bag: path.join(dir, "full.mcap") });
    // Any limit below a shot's bytes stops after the first shot (the first test shot here).
    const capped = await runScenario({ ...base, bag: path.join(dir, "capped.mcap"), bagLimitBytes: 1 });
    expect(capped.made).toBe(full.made);
    expect(capped.bag).toMatchObject({ complete: false, calibration_shots_recorded: 1, scored_shots_recorded: 0, limit_bytes: 1 });
    expect(capped.bag?.bytes).toBeLessThan(full.bag?.bytes ?? 0);
    expect(capped.bag?.messages).toBeLessThan(full.bag_messages);
    const file = path.join(dir, "capped.mcap");
    const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(fs.readFileSync(file)) });
    const metadata: Record<string, string>[] = [];
    for await (const record of reader.readMetadata({ name: SIM_BAG_METADATA })) metadata.push(Object.fromEntries(record.metadata));
    expect(metadata).toEqual([
      expect.objectContaining({
        complete: "false",
        recorded: "every topic at full rate up to test shot 1 of 1 and scored shot 0 of 2: the size limit was reached",
        limit_bytes: "1",
        record_everything_with: "robocon-shooter sim --bag-full",
      }),
    ]);
    // Closed whole: a footer, every chunk readable.
    const messages = readBagMessages(file);
    let next = messages.next();
    while (next.done !== true) next = messages.next();
    expect(next.value).toMatchObject({ complete: true, footer: true, chunks_lost: 0, messages: capped.bag?.messages });
    const replay = await runReplay({ bag: file, paramsFiles: DEFAULT_PARAMS_FILES });
    for (const topic of ["/scan", "/range/left", "/range/right", "/odom", "/joint_states"]) {
      expect(replay.bag_topics.find((t) => t.topic === topic)).toMatchObject({ role: "fed" });
    }
    expect(replay.input_messages).toBeGreaterThan(1000);
  }, 60_000);
});

describe("runScenario's world and shot log", () => {
  it("builds the world on the court the estimator reads from paramsFiles, not on the default court file", async () => {
    const practice = path.join(PACKAGE_ROOT, "params", "court_practice_example.yaml");
    const report = await runScenario({ ...base, shots: 1, calibrationShots: 0, sensors: "dt35", paramsFiles: [DEFAULT_SHOOTER_PARAMS, practice] });
    const file = loadParamsFiles([practice], "target_estimation").values;
    // The whole map, for the shot map's rim, board and pole: every numeric value as the file gives it.
    for (const [field, { key }] of Object.entries(COURT_SPEC_PARAMETERS)) {
      if (file[key] !== undefined) expect([field, report.court[field as keyof typeof report.court]]).toEqual([field, file[key]]);
    }
    expect(report.court).toMatchObject({ length: 12, width: 7, hoopX: 2, hoopY: 1.925 });
    const shot = report.shot_log[0];
    expect(shot).toBeDefined();
    expect(Math.abs(shot?.x ?? Infinity)).toBeLessThanOrEqual(6);
    expect(Math.abs(shot?.y ?? Infinity)).toBeLessThanOrEqual(3.5);
  });

  it("a declined shot reports its own refusal, and --json carries the shot log", async () => {
    // No shot reaches a make probability of 1: every one is declined by the gate.
    const report = await runScenario({ ...base, calibrationShots: 0, nodeParameters: { launcher_control: { "gate.min_probability": 1 } } });
    expect(report.misses.declined).toBe(2);
    for (const shot of report.shot_log) {
      expect(shot.miss).toBe("declined");
      expect(shot.declined_because).toMatch(/^not ready: /);
    }
    const json = JSON.parse(JSON.stringify(jsonReport(report, []))) as { shot_log: Record<string, unknown>[] };
    expect(json.shot_log).toHaveLength(2);
    for (const entry of json.shot_log) {
      for (const field of ["index", "distance", "x", "y", "made", "miss", "along", "across", "oracleMade", "exitSpeed", "oracleExitSpeed", "launchAngle", "estimatedDistance", "declined_because"]) {
        expect(entry).toHaveProperty(field);
      }
    }
  });
});

describe("the true world is drawn around the configured one, not copied", () => {
  it("every part differs from the params files by a measured court's and robot's tolerance, and the draw depends on the seed alone", async () => {
    const a = await runScenario({ ...base, shots: 1, calibrationShots: 0 });
    const t = a.truth;
    // Court: each drawn value off the map, within 5 sigma of its tolerance.
    for (const [key, error] of Object.entries(t.courtError)) {
      const sigma = key.endsWith("length") || key.endsWith("width") ? DEFAULT_TOLERANCES.fenceSigma_m : key.endsWith("rim_height") ? DEFAULT_TOLERANCES.rimHeightSigma_m : 0.01;
      expect(error).not.toBe(0);
      expect(Math.abs(error)).toBeLessThan(5 * sigma);
    }
    expect(t.court["court.hoop.rim_inner_diameter"]).toBeGreaterThanOrEqual(0.45);
    expect(t.court["court.hoop.rim_inner_diameter"]).toBeLessThanOrEqual(0.459);
    // Mounts: the two DT35s and the lidar, each a few mm and tenths of a degree off.
    expect(t.mounts.map((m) => m.name).sort()).toEqual(["left", "lidar", "right"]);
    for (const m of t.mounts) {
      expect(Math.hypot(m.dx, m.dy)).toBeGreaterThan(0);
      expect(Math.hypot(m.dx, m.dy)).toBeLessThan(0.02);
      expect(Math.abs(m.dyaw)).toBeLessThan((1 * Math.PI) / 180);
    }
    // Spreads: the configured ones (params/shooter.yaml) times 0.6-1.6.
    const shipped = loadParamsFiles([DEFAULT_SHOOTER_PARAMS], "launcher_control").values;
    expect(t.physics.exitSpeedSigmaFraction / Number(shipped["uncertainty.exit_speed_sigma_fraction"])).toBeCloseTo(t.physics.exitSpeedSpreadScale, 9);
    for (const scale of [t.physics.exitSpeedSpreadScale, t.physics.launchAngleSpreadScale]) {
      expect(scale).toBeGreaterThanOrEqual(0.6);
      expect(scale).toBeLessThanOrEqual(1.6);
    }
    // One model of ball anywhere in the rules' 0.567-0.650 kg, each ball a few grams off its set's mass.
    for (const ball of t.balls) {
      expect(ball.mass_kg).toBeGreaterThanOrEqual(0.567 - 5 * DEFAULT_TOLERANCES.ballMassSigma_kg);
      expect(ball.mass_kg).toBeLessThanOrEqual(0.65 + 5 * DEFAULT_TOLERANCES.ballMassSigma_kg);
    }
    // The same seed with other knowledge and sensors: the same world (the decomposition compares like with like).
    const b = await runScenario({ ...base, shots: 1, calibrationShots: 0, knownPhysics: true, knownGeometry: true, perfectRanging: true });
    expect(b.truth).toEqual(a.truth);
    const other = await runScenario({ ...base, shots: 1, calibrationShots: 0, seed: base.seed + 1 });
    expect(other.truth.physics.dragCoefficient).not.toBe(a.truth.physics.dragCoefficient);
  }, 60_000);
});

describe("no leaks: the team's side never reads the true world", () => {
  it("a scenario with the truth sealed (any read outside the referee throws) gives the same report as an open one", async () => {
    const options: ScenarioOptions = { ...base, shots: 2, calibrationShots: 2 };
    const open = await runScenario(options);
    const sealed = await runScenario({ ...options, sealTruth: true });
    const strip = (r: typeof open) => ({ ...r, realtime_factor: 0, wall_time_s: 0 });
    expect(strip(sealed)).toEqual(strip(open));
    // The calibration ran on the team's own logs: it fired and fitted.
    expect(sealed.calibration.used).toBeGreaterThan(0);
    expect(sealed.calibration.fitted_efficiency).not.toBeNull();
  }, 60_000);

  it("the seal is real: a read outside the referee throws, naming what was read; inside it passes", () => {
    const record = sealTruth({ wheelSpeed: 412.5 }, "a released ball's record");
    expect(() => record.wheelSpeed).toThrow(TruthLeak);
    expect(() => record.wheelSpeed).toThrow("the team's side read a released ball's record.wheelSpeed of the true world");
    expect(asReferee(() => record.wheelSpeed)).toBe(412.5);
  });
});

describe("knownPhysics: the controller's model fitted to exact true flights", () => {
  it("fires no test shot, fits and applies; its exit speeds sit closer to the oracle's than the uncalibrated chain's", async () => {
    const speedErrors = (r: Awaited<ReturnType<typeof runScenario>>): number[] =>
      r.shot_log.filter((shot) => shot.exitSpeed > 0 && shot.oracleExitSpeed > 0).map((shot) => Math.abs(shot.exitSpeed / shot.oracleExitSpeed - 1));
    const told = await runScenario({ ...base, shots: 3, calibrationShots: 0, knownPhysics: true });
    expect(told.calibration).toMatchObject({ mode: "perfect_fit", applied: true, fired: 0 });
    expect(told.calibration.used).toBeGreaterThanOrEqual(8);
    const nominal = await runScenario({ ...base, shots: 3, calibrationShots: 0 });
    expect(nominal.calibration.mode).toBe("none");
    const toldErrors = speedErrors(told);
    const nominalErrors = speedErrors(nominal);
    expect(toldErrors.length).toBeGreaterThan(0);
    expect(nominalErrors.length).toBeGreaterThan(0);
    // The per-ball spread is in both; the efficiency draw (seed 5) only in the uncalibrated one.
    expect(Math.max(...toldErrors)).toBeLessThan(Math.min(...nominalErrors));
  }, 60_000);

  it.each([
    [{ calibrationShots: 3 }, /knownPhysics replaces the calibration: it needs calibrationShots 0 and baseline none, got 3 and none/],
    [{ calibrationShots: 0, baseline: "table7" as const }, /got 0 and table7/],
    [{ calibrationShots: 0, movingSpeed: 4 }, /movingSpeed must be in \[0, 3\] m\/s, got 4/],
  ])("refuses %p", async (options, message) => {
    await expect(runScenario({ ...base, knownPhysics: true, ...options })).rejects.toThrow(message);
  });
});

describe("moving shots", () => {
  it("fires on the move when the gate opens, and the oracle shoots from the same moving release", async () => {
    // Seed 5's first two paths: the gate opens on the second (npm run bench scores 1000 moving shots).
    const report = await runScenario({ ...base, shots: 2, calibrationShots: 0, knownPhysics: true, movingSpeed: 1 });
    expect(report.moving_speed).toBe(1);
    const fired = report.shot_log.filter((s) => s.miss !== "declined");
    expect(fired.length).toBeGreaterThan(0);
    for (const shot of fired) {
      expect(shot.speed).toBeGreaterThan(0.05);
      expect(shot.speed).toBeLessThanOrEqual(1 + 1e-6);
    }
  }, 60_000);
});

describe("the decomposition", () => {
  it("runs the same world four times, knowing one more thing each time, and its gains add up to the last step minus the first", async () => {
    const d = await decompose({ ...base, shots: 2, calibrationShots: 1 });
    expect(d.steps.map((s) => s.name)).toEqual(["chain", "known_physics", "known_geometry", "perfect_ranging"]);
    const [first, ...rest] = d.reports;
    for (const report of rest) expect(report.truth).toEqual(first?.truth);
    expect(d.reports.map((r) => r.knowledge)).toEqual([
      { known_physics: false, known_geometry: false, perfect_ranging: false },
      { known_physics: true, known_geometry: false, perfect_ranging: false },
      { known_physics: true, known_geometry: true, perfect_ranging: false },
      { known_physics: true, known_geometry: true, perfect_ranging: true },
    ]);
    const gains = d.steps.reduce((total, s) => total + s.gain_points, 0);
    const firstRate = d.steps[0]?.hit_rate.rate ?? NaN;
    const lastRate = d.steps[3]?.hit_rate.rate ?? NaN;
    expect(gains).toBeCloseTo(100 * (lastRate - firstRate), 9);
    expect(d.remaining_points).toBeCloseTo(100 * (d.oracle_hit_rate.rate - lastRate), 9);
  }, 120_000);
});
