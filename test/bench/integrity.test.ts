import { shippedStartRegion } from "../../src/bench/integrity.bench";

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
