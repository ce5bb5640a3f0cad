import { buildCourtMap, wrapAngle, type Pose2 } from "../../../src/core/court/courtMap";
import { defaultCourtMap } from "../../../src/core/court/courtSchema";
import type { SensorMount } from "../../../src/core/court/rayCaster";
import { GlobalInitializer, SteppedSearch } from "../../../src/core/estimation/globalInitializer";
import type { DetectionMeasurement, RangeMeasurement } from "../../../src/core/estimation/poseEkf";
import { SeededRandom } from "../../../src/core/random/SeededRandom";
import { referenceRange } from "../../../src/bench/referenceCourt";
import { DEFAULT_PARAMS_FILES } from "../../../src/package/defaultParams";
import { rangeInputsFromParameters, startRegionFromParameters, targetEstimationParametersFromFiles } from "../../../src/nodes/target_estimation.schema";

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

/** Whether a candidate is within `k` of its own standard deviations of `truth` in x, y and yaw. */
function withinSigmas(c: { pose: Pose2; covariance: readonly number[] }, truth: Pose2, k: number): boolean {
  const error = [c.pose.x - truth.x, c.pose.y - truth.y, wrapAngle(c.pose.yaw - truth.yaw)];
  return error.every((e, i) => Math.abs(e) <= k * Math.sqrt(c.covariance[4 * i] ?? 0));
}

const near = (a: Pose2, b: Pose2): boolean => Math.hypot(a.x - b.x, a.y - b.y) < 0.02 && Math.abs(wrapAngle(a.yaw - b.yaw)) < 0.01;

const shippedParameters = targetEstimationParametersFromFiles(DEFAULT_PARAMS_FILES);
const shippedInputs = rangeInputsFromParameters(shippedParameters);
const shippedRegion = startRegionFromParameters(shippedParameters);
const LIDAR = { x: 0.2, y: 0, z: 0.05, yaw: 0 };

/** The shipped range inputs at `truth`, each offset by offsets[i] of its sigma (REP-117: beyond max range is +Inf). */
function shippedRays(truth: Pose2, offsets: readonly number[] = [], rng?: SeededRandom): RangeMeasurement[] {
  return shippedInputs.map(({ mount, noise }, i) => {
    const r = referenceRange(twoHoops.spec, truth, mount) + ((offsets[i] ?? 0) + (rng?.gaussian(0, 1) ?? 0)) * noise.sigma;
    return { mount, range: r > 12 ? Infinity : r, sigma: noise.sigma, minRange: 0.05, maxRange: 12 };
  });
}

/** The target pole as the lidar sees it from `truth` (in the laser frame), if it is in the detector's +-0.8 rad, 10 m window. */
function poleDetection(truth: Pose2): DetectionMeasurement[] {
  const ox = truth.x + Math.cos(truth.yaw) * LIDAR.x;
  const oy = truth.y + Math.sin(truth.yaw) * LIDAR.x;
  const dx = twoHoops.spec.poleX - ox;
  const dy = twoHoops.spec.poleY - oy;
  const point = { x: Math.cos(truth.yaw) * dx + Math.sin(truth.yaw) * dy, y: -Math.sin(truth.yaw) * dx + Math.cos(truth.yaw) * dy };
  return Math.abs(Math.atan2(point.y, point.x)) < 0.8 && Math.hypot(point.x, point.y) < 10 ? [{ mount: LIDAR, point, sigmaRange: 0.02, sigmaBearing: 0.01 }] : [];
}

describe("global initialisation (the start search)", () => {
  const truth = { x: 0.54, y: -2.85, yaw: 0.14 };
  const twin = { x: -0.54, y: 2.85, yaw: 0.14 - Math.PI };

  it.each([
    { region: "the whole court", kind: "ambiguous" },
    { region: "the shipped start region (the attack half)", kind: "unique" },
  ])("on the two-hoop court with the shipped inputs, searching $region: $kind", ({ region, kind }) => {
    const init = new GlobalInitializer(twoHoops);
    const result = init.search(shippedRays(truth), region === "the whole court" ? init.wholeCourt : shippedRegion);
    expect(result.kind).toBe(kind);
    if (result.kind === "ambiguous") {
      // Both fit: the court's 180 degree twin is only excluded by a region, never picked by a hint.
      expect(result.test).toBe("unique");
      expect(result.candidates.some((c) => near(c.pose, truth))).toBe(true);
      expect(result.candidates.some((c) => near(c.pose, twin))).toBe(true);
    }
    if (result.kind === "unique") expect(near(result.best.pose, truth)).toBe(true);
  });

  it("with one hoop, the backboard beam breaks the symmetry: a unique pose within 2 cm and 0.6 deg, and an honest covariance", () => {
    const t = { x: 1.3, y: -0.7, yaw: 0.12 };
    const result = new GlobalInitializer(oneHoop).search(batch(oneHoop.spec, t, new SeededRandom(2)));
    expect(result.kind).toBe("unique");
    if (result.kind !== "unique") return;
    expect(near(result.best.pose, t)).toBe(true);
    expect(Math.abs(result.best.pose.x - t.x)).toBeLessThan(4 * Math.sqrt(result.best.covariance[0] ?? 0));
  });

  it("over random poses in the shipped start region, with the shipped inputs and the pole when in view, it is never confidently wrong", () => {
    const rng = new SeededRandom(3);
    const init = new GlobalInitializer(twoHoops);
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const t = { x: shippedRegion.xMin + 0.3 + (shippedRegion.xMax - shippedRegion.xMin - 0.3) * rng.uniform(), y: -3.5 + 7 * rng.uniform(), yaw: (rng.uniform() - 0.5) * 2.4 };
      const result = init.search(shippedRays(t, [], rng), shippedRegion, poleDetection(t));
      outcomes.push(result.kind === "unique" ? (near(result.best.pose, t) ? "right" : "WRONG") : result.kind);
    }
    expect(outcomes).not.toContain("WRONG");
    expect(outcomes.filter((o) => o === "right").length).toBeGreaterThanOrEqual(5);
  });

  it.each([
    { test: "ranges", what: "3 valid ranges and no detection", rays: () => shippedRays(truth).map((m, i) => (i < 3 ? m : { ...m, range: Number.NaN })), message: /at least 4 measurements .*got 3 valid ranges of 7 and 0 detections/ },
    // Two wrong measurements may be left out (and the rest must pass alone, with 3 dof to spare): these have more.
    { test: "chi_square", what: "every ray 2.5 sigma off, alternately long and short", rays: () => shippedRays(truth, [2.5, -2.5, 2.5, -2.5, 2.5, -2.5, 2.5]), message: /leaves chi-square \d+\.\d over 7 measurements, more than noise would \(13\.3, 4 dof, 99 %\)/ },
    { test: "ray_outlier", what: "five readings of each input, three of them 4 sigma off", rays: () => [0, 1, 2, 3, 4].flatMap((k) => shippedRays(truth, k === 0 ? [0, 4, 0, 4, 0, -4] : [])), message: /leaves a ray \d\.\d sigma off \(limit 3\)/ },
    { test: "no_return", what: "the left fence beam returning nothing at 3 m from the fence", rays: () => shippedRays({ x: 2, y: 1, yaw: 0 }).map((m, i) => (i === 2 ? { ...m, range: Infinity } : m)), message: /predicts a surface for 1 rays that returned nothing/ },
  ])("refuses $what, naming the failed test ($test)", ({ test, rays, message }) => {
    const result = new GlobalInitializer(twoHoops).search(rays(), shippedRegion);
    expect(result.kind).toBe("failed");
    if (result.kind !== "failed") return;
    expect(result.test).toBe(test);
    expect(result.message).toMatch(message);
  });

  it.each([
    { what: "one ray blocked 1 m short (a person by the robot)", offsets: [0, 0, 0, -1 / 0.004] },
    { what: "the pole detection 1 m off (the detector took something else)", offsets: [], detectionOffset: 1 },
  ])("starts with $what left out, says so, and lands on the truth", ({ offsets, detectionOffset }) => {
    const t = { x: 2.0, y: 1.0, yaw: 0.1 };
    const detections = poleDetection(t).map((d) => ({ ...d, point: { x: d.point.x + (detectionOffset ?? 0), y: d.point.y } }));
    const result = new GlobalInitializer(twoHoops).search(shippedRays(t, offsets), shippedRegion, detections);
    expect(result.kind).toBe("unique");
    if (result.kind !== "unique") return;
    expect(near(result.best.pose, t)).toBe(true);
    expect(result.message).toMatch(/; left out (the pole detection|the ray at)/);
  });

  describe("when only the rear DT35 and the pole fix the position along the court (the lidar's rear beams out)", () => {
    const t = { x: 2.0, y: 1.0, yaw: 0 };
    // Two readings of left, left_fence and right_fence, one of right (the DT35 looking back); rear_fence, rear_left, rear_right invalid.
    const sideAndRear = (rearOffsetSigmas: number): RangeMeasurement[] => {
      const rng = new SeededRandom(5);
      const sides = [0, 1].flatMap(() => shippedRays(t, [], rng).filter((_, i) => i === 0 || i === 2 || i === 3));
      const rear = shippedRays(t, [0, rearOffsetSigmas], rng)[1];
      return rear === undefined ? sides : [...sides, rear];
    };
    const pole = (alongMetres: number): DetectionMeasurement[] => poleDetection(t).map((d) => ({ ...d, point: { x: d.point.x + alongMetres, y: d.point.y } }));

    it("a wrong side range beside a right pole: leaves out the range alone (fewer than the pole and the range), keeps the pole that pins x, and lands on the truth", () => {
      const batch = sideAndRear(0).map((m, i) => (i === 0 ? { ...m, range: m.range + 0.3 } : m));
      const result = new GlobalInitializer(twoHoops).search(batch, shippedRegion, pole(0));
      expect(result.kind).toBe("unique");
      if (result.kind !== "unique") return;
      expect(withinSigmas(result.best, t, 3)).toBe(true);
      expect(result.message).toMatch(/; left out the ray at 1\.57 rad reading [\d.]+ m \(\d+\.\d sigma off\) \(with everything/);
    });

    it("a rear range 0.5 m short beside a right pole: either could be the wrong one, so no start (unique), naming both poses", () => {
      const result = new GlobalInitializer(twoHoops).search(sideAndRear(-0.5 / 0.012), shippedRegion, pole(0));
      expect(result).toMatchObject({ kind: "ambiguous", test: "unique" });
      if (result.kind !== "ambiguous") return;
      expect(result.message).toMatch(/leaving out the ray at 3\.14 rad .* gives .*, leaving out the pole detection .* gives .*: the ranges do not say which measurement is wrong/);
      expect(result.candidates.some((c) => withinSigmas(c, t, 3))).toBe(true);
      expect(result.candidates.some((c) => withinSigmas(c, { ...t, x: t.x - 0.5 }, 3))).toBe(true);
    });

    it("a pole 1 m off the map beside a right rear range: the refit without the rear range does not reach a pose the pole fits, so the pole goes and the fences' pose stands", () => {
      const result = new GlobalInitializer(twoHoops).search(sideAndRear(0), shippedRegion, pole(1));
      expect(result.kind).toBe("unique");
      if (result.kind !== "unique") return;
      expect(withinSigmas(result.best, t, 3)).toBe(true);
      expect(result.message).toMatch(/; left out the pole detection/);
    });
  });

  it("refuses a pose whose worst direction is known less well than asked (observability)", () => {
    const result = new GlobalInitializer(twoHoops, { maxStartSigma: 1e-4 }).search(shippedRays(truth), shippedRegion);
    expect(result).toMatchObject({ kind: "failed", test: "observability", message: expect.stringMatching(/worst-determined direction is known only to 0\.\d+ m \(limit 0\.0001 m\)/) as unknown });
  });

  it("refuses a start region off the court (candidates)", () => {
    const result = new GlobalInitializer(twoHoops).search(shippedRays(truth), { ...shippedRegion, xMin: 9, xMax: 12 });
    expect(result).toMatchObject({ kind: "failed", test: "candidates", message: expect.stringMatching(/leaves no room on the court/) as unknown });
  });

  it("the pole detection pins x where the rear rays reach nothing (12 m): the rays alone cannot", () => {
    // Past the shipped region's x_max (4 m), in a region stretched to 6 m for this.
    const far = { x: 5.6, y: 1.2, yaw: -0.3 };
    const region = { ...shippedRegion, xMax: 6 };
    const init = new GlobalInitializer(twoHoops);
    const rays = shippedRays(far);
    expect(init.search(rays, region).kind).not.toBe("unique");
    const withPole = init.search(rays, region, poleDetection(far));
    expect(withPole.kind).toBe("unique");
    if (withPole.kind === "unique") expect(near(withPole.best.pose, far)).toBe(true);
  });

  it("stepped a few steps at a time, it finds what one call finds, in many small steps", () => {
    const init = new GlobalInitializer(twoHoops);
    const rays = shippedRays(truth, [], new SeededRandom(4));
    const whole = init.search(rays, shippedRegion);
    const stepped = new SteppedSearch(init.searchSteps(rays, shippedRegion));
    let calls = 0;
    let result = stepped.advance(8);
    while (result === undefined) {
      calls++;
      result = stepped.advance(8);
    }
    expect(result).toEqual(whole);
    expect(calls).toBeGreaterThan(50);
    expect(stepped.advance(8)).toEqual(whole);
  });

  it("two searches stepped in turn on one initializer find what each finds alone (each search keeps its own working memory)", () => {
    const init = new GlobalInitializer(twoHoops);
    const other = { x: 2.2, y: 1.4, yaw: -0.3 };
    const startRays = shippedRays(truth, [], new SeededRandom(5));
    const nearRays = shippedRays(other, [], new SeededRandom(6));
    const nearWindow = { centre: { x: other.x + 0.15, y: other.y - 0.1, yaw: other.yaw + 0.1 }, halfWidth: 0.3, halfYaw: 0.3 };
    const alone = [init.search(startRays, shippedRegion, poleDetection(truth)), init.searchNear(nearRays, nearWindow)];
    const start = new SteppedSearch(init.searchSteps(startRays, shippedRegion, poleDetection(truth)));
    const nearby = new SteppedSearch(init.searchNearSteps(nearRays, nearWindow));
    let both: [unknown, unknown] = [undefined, undefined];
    while (both[0] === undefined || both[1] === undefined) both = [start.advance(3), nearby.advance(2)];
    expect(both).toEqual(alone);
    expect(alone[0]?.kind).toBe("unique");
  });

  it.each([
    [{ gridStep: 0 }, /gridStep.*got 0/],
    [{ candidates: 1 }, /candidates.*got 1/],
    [{ fenceMargin: 5 }, /fenceMargin.*got 5/],
    [{ maxStartSigma: -1 }, /maxStartSigma.*got -1/],
  ])("options %p are validated", (options, message) => {
    expect(() => new GlobalInitializer(oneHoop, options)).toThrow(message);
  });

  it("rejects a start region with min above max, with the region in the message", () => {
    expect(() => new GlobalInitializer(twoHoops).search(shippedRays(truth), { ...shippedRegion, xMin: 3, xMax: 1 })).toThrow(/start region needs .* got \{"xMin":3,"xMax":1/);
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
