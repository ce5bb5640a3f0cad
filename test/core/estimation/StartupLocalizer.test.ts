import type { Pose2 } from "../../../src/core/court/courtMap";
import { defaultCourtMap } from "../../../src/core/court/courtSchema";
import { GlobalInitializer, type StartRegion } from "../../../src/core/estimation/globalInitializer";
import type { RangeMeasurement } from "../../../src/core/estimation/poseEkf";
import { StartupLocalizer, type StartupDecision } from "../../../src/core/estimation/StartupLocalizer";
import { referenceRange } from "../../../src/bench/referenceCourt";
import { DEFAULT_PARAMS_FILES } from "../../../src/package/defaultParams";
import { rangeInputsFromParameters, startRegionFromParameters, targetEstimationParametersFromFiles } from "../../../src/nodes/target_estimation.schema";

const map = defaultCourtMap();
const parameters = targetEstimationParametersFromFiles(DEFAULT_PARAMS_FILES);
const inputs = rangeInputsFromParameters(parameters);
const shippedRegion = startRegionFromParameters(parameters);
const search = new GlobalInitializer(map);

function reading(pose: Pose2, index: number): RangeMeasurement {
  const input = inputs[index];
  if (input === undefined) throw new Error(`no input ${index}`);
  const r = referenceRange(map.spec, pose, input.mount);
  return { mount: input.mount, range: r > 12 ? Infinity : r, sigma: input.noise.sigma, minRange: 0.05, maxRange: 12 };
}

/** Feeds one batch of the listed inputs at t = 0, then readings every 10 ms until a decision or 2 s. */
function localize(localizer: StartupLocalizer, pose: Pose2, indices: readonly number[] = inputs.map((_, i) => i)): { decision: StartupDecision; time: number } {
  let decision: StartupDecision = { kind: "wait", reason: "nothing fed" };
  for (const i of indices) decision = localizer.add(0, inputs[i]?.name ?? "", reading(pose, i));
  for (let t = 0.01; t < 2; t += 0.01) {
    const i = indices[Math.round(t * 100) % indices.length] ?? 0;
    decision = localizer.add(t, inputs[i]?.name ?? "", reading(pose, i));
    if (decision.kind === "start" || decision.failedTest !== undefined) return { decision, time: t };
  }
  return { decision, time: 2 };
}

const localizer = (region: StartRegion = shippedRegion, stepsPerCall = 8): StartupLocalizer => new StartupLocalizer(search, { batchPeriod: 0.3, region, stepsPerCall });

describe("StartupLocalizer", () => {
  const truth = { x: 1.5, y: 1.0, yaw: 0.2 };

  it("starts on the one pose in the start region that passes every test, after the batch and a search spread over callbacks", () => {
    const { decision, time } = localize(localizer(), truth);
    expect(decision.kind).toBe("start");
    if (decision.kind !== "start") return;
    expect(Math.hypot(decision.pose.x - truth.x, decision.pose.y - truth.y)).toBeLessThan(0.02);
    expect(decision.note).toMatch(/^located by global search: chi-square/);
    // 0.3 s of batch, then the search: more than one callback, far less than the 5 s goal.
    expect(time).toBeGreaterThan(0.31);
    expect(time).toBeLessThan(1.5);
  });

  it("over the whole court the court's 180 degree twin fits too: it waits, naming the uniqueness test, and never picks one", () => {
    const { decision } = localize(localizer(search.wholeCourt, 64), truth);
    expect(decision).toMatchObject({ kind: "wait", failedTest: "unique", reason: expect.stringMatching(/^start test 'unique' failed: 2 distinct poses/) as unknown });
  });

  it("with fewer than four measurements it waits, naming the test", () => {
    const { decision } = localize(localizer(), truth, [0, 1, 2]);
    expect(decision).toMatchObject({ kind: "wait", failedTest: "ranges" });
  });

  it("a re-search while the robot drives brings each reading into the robot's frame at the batch's end", () => {
    // 0.5 m/s along x for the batch; each reading comes with the filter's pose then (here: the truth).
    const l = localizer();
    const at = (t: number): Pose2 => ({ x: 1.0 + 0.5 * t, y: 1.0, yaw: 0.1 });
    let decision: StartupDecision = { kind: "wait", reason: "" };
    let t = 0;
    for (; t < 2 && decision.kind === "wait"; t += 0.01) {
      const i = Math.round(t * 100) % inputs.length;
      decision = l.add(t, inputs[i]?.name ?? "", reading(at(t), i), at(t));
    }
    expect(decision.kind).toBe("start");
    if (decision.kind !== "start" || decision.anchor === undefined) throw new Error("no start with an anchor");
    // The pose is where the robot was when the batch closed, which is the anchor given then.
    expect(Math.hypot(decision.pose.x - decision.anchor.x, decision.pose.y - decision.anchor.y)).toBeLessThan(0.02);
    expect(decision.anchor.x).toBeCloseTo(at(decision.time).x, 6);
  });

  it("restart drops the batch", () => {
    const l = localizer();
    for (let i = 0; i < inputs.length; i++) l.add(0, inputs[i]?.name ?? "", reading(truth, i));
    l.restart("re-search: collecting ranges");
    expect(l.reason).toBe("re-search: collecting ranges");
    expect(l.add(0.35, "left", reading(truth, 0))).toEqual({ kind: "wait", reason: "collecting ranges (1 inputs so far)" });
  });

  it.each([
    [{ batchPeriod: 0, region: shippedRegion, stepsPerCall: 8 }, "batchPeriod must be > 0 s, got 0"],
    [{ batchPeriod: 0.3, region: shippedRegion, stepsPerCall: 0 }, "stepsPerCall must be an integer >= 1, got 0"],
  ])("rejects %p", (options, message) => {
    expect(() => new StartupLocalizer(search, options)).toThrow(message);
  });
});
