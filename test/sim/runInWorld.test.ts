import { SimScene } from "../../src/sim/SimScene";
import { hoopDistance, planarNees, runInWorld } from "../../src/sim/worlds/runInWorld";

describe("runInWorld", () => {
  it("runs the shipped chain in a world with nothing to see: no valid target, no ready, no feed", () => {
    const r = runInWorld({ scene: new SimScene([]), start: { x: 0, y: 0, yaw: 0 }, goal: { x: 0.5, y: 0, yaw: 0 }, driveAt: 0.5, duration: 1.5, seed: 3 });
    expect(r.validEstimates).toBe(0);
    expect(r.firstValid).toBeUndefined();
    expect(r.ready).toBe(0);
    expect(r.feeds).toBe(0);
    expect(r.samples.every((p) => !p.valid)).toBe(true);
  });
});

describe("the truth a run's samples are graded against", () => {
  it.each([
    ["launcher at the base's centre", { x: 0, y: 0, yaw: 0 }, { x: 0, y: 0 }, 5.925],
    ["launcher 0.2 m forward, facing the hoop", { x: 1, y: 0, yaw: 0 }, { x: 0.2, y: 0 }, 4.725],
    ["launcher 0.2 m forward, the base turned left", { x: 1, y: 0, yaw: Math.PI / 2 }, { x: 0.2, y: 0 }, Math.hypot(4.925, 0.2)],
    ["launcher 0.1 m left, the base turned right", { x: 0, y: 1, yaw: -Math.PI / 2 }, { x: 0, y: 0.1 }, Math.hypot(5.825, 1)],
  ])("hoop distance: %s", (_name, pose, mount, expected) => {
    expect(hoopDistance(pose, mount, { x: 5.925, y: 0 })).toBeCloseTo(expected, 12);
  });

  it("NEES takes the x, y, yaw block of a 6x6 pose covariance (indices 0, 1, 5)", () => {
    const covariance = new Float64Array(36);
    covariance[0] = 0.01; // x: sigma 0.1 m
    covariance[7] = 0.04; // y: sigma 0.2 m
    covariance[35] = 0.0025; // yaw: sigma 0.05 rad
    covariance[14] = 1e9; // z, roll, pitch: not estimated
    covariance[21] = 1e9;
    covariance[28] = 1e9;
    expect(planarNees(covariance, [0.1, 0.2, 0.05])).toBeCloseTo(3, 10);
    covariance[1] = covariance[6] = 0.01; // x and y correlated 0.5
    expect(planarNees(covariance, [0.1, 0, 0])).toBeCloseTo(1 / 0.75, 10);
    expect(planarNees(new Float64Array(36), [0.1, 0, 0])).toBe(Infinity);
  });
});
