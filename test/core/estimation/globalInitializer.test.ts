import { buildCourtMap, wrapAngle, type Pose2 } from "../../../src/core/court/courtMap";
import { defaultCourtMap } from "../../../src/core/court/courtSchema";
import type { SensorMount } from "../../../src/core/court/rayCaster";
import { GlobalInitializer, nearestCandidate } from "../../../src/core/estimation/globalInitializer";
import type { RangeMeasurement } from "../../../src/core/estimation/poseEkf";
import { SeededRandom } from "../../../src/core/random/SeededRandom";
import { referenceRange } from "../../../src/bench/referenceCourt";
import { DEFAULT_PARAMS_FILES } from "../../../src/defaultParams";
import { rangeInputsFromParameters, targetEstimationParametersFromFiles } from "../../../src/nodes/target_estimation.schema";

const twoHoops = defaultCourtMap();
const oneHoop = buildCourtMap({ ...twoHoops.spec, secondHoop: false });
const SENSORS: readonly SensorMount[] = [
  { x: 0.2, y: 0.25, z: 0.05, yaw: Math.PI / 2 },
  { x: -0.3, y: -0.2, z: 0.05, yaw: Math.PI },
  { x: 0.1, y: 0.1, z: 2.5, yaw: 0 },
  { x: 0.2, y: -0.25, z: 0.05, yaw: -Math.PI / 3 },
];

function batch(spec: typeof twoHoops.spec, truth: Pose2, rng: SeededRandom): RangeMeasurement[] {
  return SENSORS.map((mount) => {
    const r = referenceRange(spec, truth, mount);
    return { mount, range: Number.isFinite(r) ? r + rng.gaussian(0, 0.005) : Infinity, sigma: 0.005, minRange: 0.05, maxRange: 12 };
  });
}

const near = (a: Pose2, b: Pose2): boolean => Math.hypot(a.x - b.x, a.y - b.y) < 0.02 && Math.abs(wrapAngle(a.yaw - b.yaw)) < 0.01;

describe("global initialisation", () => {
  it("on a court with a hoop at each end, reports the 180 degree twin as ambiguous instead of guessing", () => {
    const truth = { x: 1.3, y: -0.7, yaw: 0.12 };
    const result = new GlobalInitializer(twoHoops).search(batch(twoHoops.spec, truth, new SeededRandom(1)));
    expect(result.kind).toBe("ambiguous");
    if (result.kind !== "ambiguous") return;
    expect(result.symmetric).toBe(true);
    expect(result.candidates.some((c) => near(c.pose, truth))).toBe(true);
    expect(result.candidates.some((c) => near(c.pose, { x: -1.3, y: 0.7, yaw: 0.12 + Math.PI }))).toBe(true);
    // A start-zone hint resolves it.
    expect(near(nearestCandidate(result.candidates, { x: 2, y: 0, yaw: 0 })?.pose ?? { x: 0, y: 0, yaw: 0 }, truth)).toBe(true);
  });

  it("on a court with a hoop at each end, does not call the twin unique because the grid favoured it (shipped inputs at (0.54, -2.85, 0.14))", () => {
    const inputs = rangeInputsFromParameters(targetEstimationParametersFromFiles(DEFAULT_PARAMS_FILES));
    const truth = { x: 0.54, y: -2.85, yaw: 0.14 };
    const rays = inputs.map(({ mount, noise }) => ({ mount, range: referenceRange(twoHoops.spec, truth, mount), sigma: noise.sigma, minRange: 0.05, maxRange: 12 }));
    const result = new GlobalInitializer(twoHoops).search(rays);
    expect(result.kind).toBe("ambiguous");
    if (result.kind !== "ambiguous") return;
    expect(result.symmetric).toBe(true);
    expect(result.candidates.some((c) => near(c.pose, truth))).toBe(true);
  });

  it("with one hoop, the backboard beam breaks the symmetry: a unique pose within 2 cm and 0.6 deg", () => {
    const truth = { x: 1.3, y: -0.7, yaw: 0.12 };
    const result = new GlobalInitializer(oneHoop).search(batch(oneHoop.spec, truth, new SeededRandom(2)));
    expect(result.kind).toBe("unique");
    if (result.kind !== "unique") return;
    expect(near(result.best.pose, truth)).toBe(true);
    // The fit's covariance is honest: the error is within 4 sigma.
    expect(Math.abs(result.best.pose.x - truth.x)).toBeLessThan(4 * Math.sqrt(result.best.covariance[0] ?? 0));
  });

  it("over random poses facing the hoop, it is never confidently wrong", () => {
    const rng = new SeededRandom(3);
    const init = new GlobalInitializer(oneHoop);
    let unique = 0;
    for (let i = 0; i < 5; i++) {
      const truth = { x: -2 + 5 * rng.uniform(), y: -0.6 + 1.2 * rng.uniform(), yaw: (rng.uniform() - 0.5) * 0.4 };
      const result = init.search(batch(oneHoop.spec, truth, rng));
      if (result.kind === "unique") {
        unique++;
        expect([i, near(result.best.pose, truth)]).toEqual([i, true]);
      } else if (result.kind === "ambiguous") {
        expect([i, result.candidates.some((c) => near(c.pose, truth))]).toEqual([i, true]);
      } else {
        throw new Error(`pose ${i} failed: ${result.message}`);
      }
    }
    expect(unique).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ["ranges no pose on the court can give", [0.3, 0.3, 0.3, 0.3], /do not match|no candidate/],
    ["only one valid range", [3, Number.NaN, -Infinity, 20], /at least 2 valid ranges.*got 1 of 4/],
  ])("fails with a reason on %s", (_what, ranges, message) => {
    const result = new GlobalInitializer(oneHoop).search(SENSORS.map((mount, i) => ({ mount, range: ranges[i] ?? Number.NaN, sigma: 0.005, minRange: 0.05, maxRange: 12 })));
    expect(result.kind).toBe("failed");
    expect(result.kind === "failed" ? result.message : "").toMatch(message);
  });

  it.each([
    [{ gridStep: 0 }, /gridStep.*got 0/],
    [{ candidates: 1 }, /candidates.*got 1/],
    [{ fenceMargin: 5 }, /fenceMargin.*got 5/],
  ])("options %p are validated", (options, message) => {
    expect(() => new GlobalInitializer(oneHoop, options)).toThrow(message);
  });
});

describe("search near a pose (the lock-out recovery's)", () => {
  const truth = { x: 1.3, y: -0.7, yaw: 0.12 };
  const window = (centre: Pose2) => ({ centre, halfWidth: 0.3, halfYaw: 0.3 });

  it.each([
    ["0.2 m and 0.2 rad off", { x: 1.5, y: -0.9, yaw: 0.32 }],
    ["0.05 rad off in heading only", { x: 1.3, y: -0.7, yaw: 0.07 }],
    ["near the edge of the window", { x: 1.02, y: -0.42, yaw: -0.15 }],
  ])("from %s, finds the truth", (_what, centre) => {
    const result = new GlobalInitializer(oneHoop).searchNear(batch(oneHoop.spec, truth, new SeededRandom(7)), window(centre));
    expect(result.kind).toBe("better");
    if (result.kind === "better") expect(near(result.best.pose, truth)).toBe(true);
  });

  it("from the truth itself finds nothing better", () => {
    const result = new GlobalInitializer(oneHoop).searchNear(batch(oneHoop.spec, truth, new SeededRandom(8)), window(truth));
    expect(result).toMatchObject({ kind: "no_better", message: expect.stringMatching(/not 9 better than the current one/) as unknown });
  });

  it("does not move to a least-squares compromise that fits worse than noise would (an obstacle spread over the others)", () => {
    const rays = batch(oneHoop.spec, truth, new SeededRandom(12)).map((m, i) => (i === 3 ? { ...m, range: m.range - 0.03 } : m));
    const result = new GlobalInitializer(oneHoop).searchNear(rays, window(truth));
    expect(result).toMatchObject({ kind: "no_better", message: expect.stringMatching(/leaves cost 7.8 over 4 ranges, more than noise would \(6.6, chi-square 1 dof, 99 %\)/) as unknown });
  });

  it("does not move to a pose that fits the batch as noise would but leaves one ray beyond 3 sigma", () => {
    // 20 rays (five readings of each sensor): one reading 5 sigma off hides in the total, not on its own.
    const rng = new SeededRandom(13);
    const rays = [0, 1, 2, 3, 4].flatMap(() => batch(oneHoop.spec, truth, rng)).map((m, i) => (i === 0 ? { ...m, range: m.range + 0.025 } : m));
    const result = new GlobalInitializer(oneHoop).searchNear(rays, window({ x: truth.x + 0.1, y: truth.y, yaw: truth.yaw }));
    expect(result).toMatchObject({ kind: "no_better", message: expect.stringMatching(/leaves a ray \d\.\d sigma off \(limit 3.0\)/) as unknown });
  });

  it("does not pick between poses with no more rays than unknowns", () => {
    const three = batch(oneHoop.spec, truth, new SeededRandom(9)).slice(0, 3);
    const result = new GlobalInitializer(oneHoop).searchNear(three, window({ x: 1.5, y: -0.9, yaw: 0.32 }));
    expect(result).toEqual({ kind: "no_better", message: "3 valid ranges cannot outvote one for 3 unknowns" });
  });

  it("clips a window that reaches past the fence to the court", () => {
    // By the side fence, turned to the backboard; the side ray crosses the court (13 m), so 20 m sensors.
    const byTheFence = { x: 4.0, y: -3.4, yaw: 1.0 };
    const rays = batch(oneHoop.spec, byTheFence, new SeededRandom(10)).map((m) => ({ ...m, maxRange: 20 }));
    const result = new GlobalInitializer(oneHoop).searchNear(rays, window({ x: 4.1, y: -3.6, yaw: 0.9 }));
    expect(result.kind).toBe("better");
    if (result.kind === "better") expect(near(result.best.pose, byTheFence)).toBe(true);
  });

  it.each([
    ["a NaN centre", { centre: { x: Number.NaN, y: 0, yaw: 0 }, halfWidth: 0.3, halfYaw: 0.3 }],
    ["a negative half-width", { centre: truth, halfWidth: -1, halfYaw: 0.3 }],
  ])("rejects %s with the window in the message", (_what, bad) => {
    expect(() => new GlobalInitializer(oneHoop).searchNear(batch(oneHoop.spec, truth, new SeededRandom(11)), bad)).toThrow(/searchNear needs a finite centre and half-widths >= 0, got/);
  });
});
