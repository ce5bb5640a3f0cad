import { shippedStartRegion } from "../../src/bench/integrity.bench";
import { SimScene } from "../../src/sim/SimScene";
import { runInWorld } from "../../src/sim/worlds/runInWorld";

describe("integrity bench: the start region", () => {
  it("is target_estimation's init.region.* with headings around init.yaw when the params have them", () => {
    const values = { "init.region.x_min": 1, "init.region.x_max": 6, "init.region.y_min": -3, "init.region.y_max": 2, "init.region.yaw_half_width": 0.8, "init.yaw": 0.1 };
    expect(shippedStartRegion(values)).toEqual({ region: { xMin: 1, xMax: 6, yMin: -3, yMax: 2, yaw: 0.1, yawHalfWidth: 0.8 }, source: "init.region.* of the shipped params" });
  });

  it("falls back to the attack half facing the target hoop, and says so, when they are missing", () => {
    const { region, source } = shippedStartRegion({ "init.yaw": 0 });
    expect(region).toEqual({ xMin: 0.5, xMax: 6.5, yMin: -3.5, yMax: 3.5, yaw: 0, yawHalfWidth: 1.2 });
    expect(source).toMatch(/fallback/);
  });
});

describe("runInWorld", () => {
  it("runs the shipped chain in a world with nothing to see: no valid target, no ready, no feed", () => {
    const r = runInWorld({ scene: new SimScene([]), start: { x: 0, y: 0, yaw: 0 }, goal: { x: 0.5, y: 0, yaw: 0 }, driveAt: 0.5, duration: 1.5, seed: 3 });
    expect(r.validEstimates).toBe(0);
    expect(r.firstValid).toBeUndefined();
    expect(r.ready).toBe(0);
    expect(r.feeds).toBe(0);
    expect(r.poses.every((p) => !p.valid)).toBe(true);
  });
});
