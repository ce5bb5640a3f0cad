import { SHOT_OUTCOMES } from "../../src/plot/shotPlots";
import { shotOutcome, simPlotSpecs } from "../../src/sim/plots";
import { runScenario, type SimReport } from "../../src/sim/runScenario";
import { objectsWith, partRows } from "./vegaTestKit";

describe("shotOutcome", () => {
  it.each([
    [{ made: true, miss: "", across: NaN }, "made"],
    [{ made: false, miss: "short", across: 0.01 }, "short"],
    [{ made: false, miss: "long", across: -0.02 }, "long"],
    // + across is left of the shot direction (RimJudge), as the robot faces the hoop.
    [{ made: false, miss: "wide", across: 0.3 }, "wide left"],
    [{ made: false, miss: "wide", across: -0.3 }, "wide right"],
    [{ made: false, miss: "declined", across: NaN }, "declined"],
  ] as const)("%o is %s", (shot, outcome) => {
    expect(shotOutcome(shot)).toBe(outcome);
  });

  it("refuses a miss it does not know", () => {
    expect(() => shotOutcome({ made: false, miss: "sideways", across: 0 })).toThrow(/short, long, wide or declined, got "sideways"/);
  });
});

describe("the simulator's plots of a real run", () => {
  let report: SimReport;
  beforeAll(async () => {
    // Uncalibrated, so that misses are likely beside the makes.
    report = await runScenario({ shots: 6, seed: 11, sensors: "mixed", calibrationShots: 0, baseline: "none", launcher: "fixed", settleTime: 1, fireTimeout: 1 });
  }, 120_000);

  it("marks every scored shot at its release point by the rim judge's verdict, on the court the chain was given", () => {
    const { shot_map: map } = simPlotSpecs(report);
    const marks = objectsWith(map, "outcome");
    expect(marks.map((m) => [m.x, m.y, m.outcome])).toEqual(report.shot_log.map((s) => [s.x, s.y, shotOutcome(s)]));
    for (const m of marks) expect(SHOT_OUTCOMES).toContain(m.outcome);
    const rim = partRows(map, "rim_0");
    for (const p of rim) expect(Math.hypot(Number(p.x) - report.court.hoopX, Number(p.y) - report.court.hoopY)).toBeCloseTo(report.court.rimInnerDiameter / 2, 9);
  });

  it("keeps a few flights of each verdict, and each drawn flight ends where the rim judge saw it cross the rim plane", () => {
    // The first four fired shots of each verdict, in shot order.
    const verdictOf = (s: { made: boolean; miss: string }): string => (s.made ? "made" : s.miss);
    const expected = new Map<string, number[]>();
    report.shot_log.forEach((s, index) => {
      if (s.miss === "declined") return;
      const kept = expected.get(verdictOf(s)) ?? [];
      if (kept.length < 4) expected.set(verdictOf(s), [...kept, index]);
    });
    expect(report.samples.map((s) => s.index)).toEqual([...expected.values()].flat().sort((a, b) => a - b));
    for (const s of report.samples) expect(s.made).toBe(report.shot_log[s.index]?.made);

    const { trajectories } = simPlotSpecs(report);
    const points = objectsWith(trajectories, "flight");
    const rimHeight = Number(report.truth.court["court.hoop.rim_height"]);
    let crossingsChecked = 0;
    report.samples.forEach((sample, i) => {
      const shot = report.shot_log[sample.index];
      const flight = points.filter((p) => p.flight === i);
      const end = flight.at(-1);
      expect(end?.outcome).toBe(shot === undefined ? undefined : shotOutcome(shot));
      // A ball that came down through the rim plane: the last point is the crossing, `along` past the rim centre.
      if (shot !== undefined && Number.isFinite(shot.along)) {
        expect(Number(end?.x)).toBeCloseTo(-shot.along, 6);
        expect(Number(end?.y)).toBeCloseTo(rimHeight, 6);
        crossingsChecked++;
      }
    });
    expect(crossingsChecked).toBeGreaterThan(0);
    // The rim drawn at the true rim's height and radius.
    expect(partRows(trajectories, "rim edge").map((e) => e.y)).toEqual([rimHeight, rimHeight]);
    expect(partRows(trajectories, "rim edge").map((e) => e.x)).toEqual([-1, 1].map((s) => (s * Number(report.truth.court["court.hoop.rim_inner_diameter"])) / 2));
  });

  it("labels each band with its shot count", () => {
    const { hit_rate_by_distance: spec } = simPlotSpecs(report);
    expect(objectsWith(spec, "label").map((c) => c.shots)).toEqual(report.by_distance.map((b) => b.shots));
  });
});
