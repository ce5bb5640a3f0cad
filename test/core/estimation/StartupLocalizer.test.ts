import { defaultCourtMap } from "../../../src/core/court/courtSchema";
import { GlobalInitializer } from "../../../src/core/estimation/globalInitializer";
import type { RangeMeasurement } from "../../../src/core/estimation/poseEkf";
import { StartupLocalizer } from "../../../src/core/estimation/StartupLocalizer";
import { referenceRange } from "../../../src/bench/referenceCourt";

const map = defaultCourtMap();
const mounts = {
  left: { x: 0, y: 0.25, z: 0.05, yaw: Math.PI / 2 },
  back: { x: -0.25, y: 0, z: 0.05, yaw: Math.PI },
  right: { x: 0.2, y: 0, z: 0.05, yaw: -Math.PI / 2 },
  rear_left: { x: 0.2, y: 0, z: 0.05, yaw: 2.3562 },
  rear_right: { x: 0.2, y: 0, z: 0.05, yaw: -2.3562 },
};
type MountName = keyof typeof mounts;

function reading(pose: { x: number; y: number; yaw: number }, name: MountName): RangeMeasurement {
  return { mount: mounts[name], range: referenceRange(map.spec, pose, mounts[name]), sigma: 0.005, minRange: 0.05, maxRange: 12 };
}

/** Feeds one batch (every input at t = 0, then one more reading after the batch period). */
function localize(localizer: StartupLocalizer, pose: { x: number; y: number; yaw: number }, names: readonly MountName[]) {
  for (const name of names) localizer.add(0, name, reading(pose, name));
  const first = names[0] ?? "left";
  return localizer.add(0.5, first, reading(pose, first));
}

describe("StartupLocalizer", () => {
  const all: MountName[] = ["left", "back", "right", "rear_left", "rear_right"];

  it.each([
    { pose: { x: 1.5, y: 1.0, yaw: 0 }, hint: { x: 2, y: 0, yaw: 0 } },
    { pose: { x: -0.5, y: -2.0, yaw: 0.4 }, hint: { x: 2, y: 0, yaw: 0 } },
    { pose: { x: -1.5, y: -1.0, yaw: Math.PI }, hint: { x: -2, y: 0, yaw: Math.PI } },
  ])("settles the court's symmetric twin with the hint: $pose.x, $pose.y, $pose.yaw", ({ pose, hint }) => {
    const decision = localize(new StartupLocalizer(new GlobalInitializer(map), { batchPeriod: 0.3, hint }), pose, all);
    expect(decision.kind).toBe("start");
    if (decision.kind !== "start") return;
    expect(decision.pose.x).toBeCloseTo(pose.x, 2);
    expect(decision.pose.y).toBeCloseTo(pose.y, 2);
    expect(decision.note).toMatch(/ambiguous start .*nearest the configured hint/);
  });

  it("without a hint, reports the twin ambiguity and waits instead of guessing", () => {
    const decision = localize(new StartupLocalizer(new GlobalInitializer(map), { batchPeriod: 0.3 }), { x: 1.5, y: 1.0, yaw: 0 }, all);
    expect(decision.kind).toBe("wait");
    expect(decision.kind === "wait" ? decision.reason : "").toMatch(/^ambiguous start: .*180 degree twin/);
  });

  it("does not let the hint pick among poses the rays cannot tell apart (not just the twin)", () => {
    // Rays at right angles only: a rectangle leaves several poses, and the hint must not choose.
    const decision = localize(new StartupLocalizer(new GlobalInitializer(map), { batchPeriod: 0.3, hint: { x: 2, y: 0, yaw: 0 } }), { x: -0.5, y: -2.0, yaw: 0.4 }, ["left", "back", "right"]);
    expect(decision.kind).toBe("wait");
  });

  it("collects for the batch period before deciding", () => {
    const localizer = new StartupLocalizer(new GlobalInitializer(map), { batchPeriod: 0.3 });
    expect(localizer.add(0, "left", reading({ x: 1, y: 1, yaw: 0 }, "left"))).toEqual({ kind: "wait", reason: "collecting ranges (1 inputs so far)" });
    expect(() => new StartupLocalizer(new GlobalInitializer(map), { batchPeriod: 0 })).toThrow("batchPeriod must be > 0 s, got 0");
  });
});
