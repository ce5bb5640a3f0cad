import { InterpolatingTable } from "../../../src/core/ballistics/InterpolatingTable";
import { WheelModel } from "../../../src/core/ballistics/WheelModel";

describe("InterpolatingTable", () => {
  const table = new InterpolatingTable([2, 4, 7], [1.0, 1.1, 0.95]);
  it.each([
    ["below the first key: clamped", 0.5, 1.0],
    ["at the first key", 2, 1.0],
    ["between: interpolated", 3, 1.05],
    ["exact middle key", 4, 1.1],
    ["between the last two", 5.5, 1.025],
    ["at the last key", 7, 0.95],
    ["above the last key: clamped, not extrapolated", 9, 0.95],
  ])("%s (%f)", (_name, key, value) => {
    expect(table.get(key)).toBeCloseTo(value, 12);
  });

  it("returns NaN for a NaN key", () => {
    expect(table.get(NaN)).toBeNaN();
  });

  it("holds a single entry everywhere", () => {
    const one = new InterpolatingTable([3], [1.2]);
    expect([one.get(0), one.get(3), one.get(10)]).toEqual([1.2, 1.2, 1.2]);
  });

  it.each([
    [[], [], /at least one entry, got 0/],
    [[1, 2], [1], /same length, got 2 keys and 1 values/],
    [[1, 1], [1, 2], /strictly increasing, got 1 then 1 at index 1/],
    [[1, NaN], [1, 2], /key 1 must be finite, got NaN/],
    [[1, 2], [1, Infinity], /value 1 must be finite, got Infinity/],
  ])("rejects keys %j values %j", (keys, values, message) => {
    expect(() => new InterpolatingTable(keys, values)).toThrow(message);
  });
});

describe("WheelModel", () => {
  it("turns exit speed into wheel speed with the efficiency and radius", () => {
    const w = new WheelModel({ wheel_radius_m: 0.05, efficiency: 0.5 });
    // 10 m/s exit at efficiency 0.5 needs 20 m/s of surface, 400 rad/s on a 5 cm wheel.
    expect(w.wheelSpeedFor(10, 6)).toBeCloseTo(400, 9);
    expect(w.exitSpeedFor(400, 6)).toBeCloseTo(10, 9);
  });

  it.each([
    { e1: 0.01, key: "distance" as const },
    { e1: -0.004, key: "exit_speed" as const },
  ])("inverts itself with a speed-dependent efficiency (e1 $e1, table keyed by $key)", ({ e1, key }) => {
    const w = new WheelModel({
      efficiency: 0.45,
      efficiency_slope_spm: e1,
      correction_key: key,
      correction_keys: key === "distance" ? [2, 5, 8] : [6, 9, 12],
      correction_factors: [0.97, 1.03, 1.08],
    });
    for (const [v, d] of [
      [7.5, 3],
      [9.3, 6],
      [11.2, 8.5],
    ] as const) {
      const omega = w.wheelSpeedFor(v, d);
      expect(w.exitSpeedFor(omega, d)).toBeCloseTo(v, 6);
      const h = 1e-3;
      const numeric = (w.exitSpeedFor(omega + h, d) - w.exitSpeedFor(omega - h, d)) / (2 * h);
      expect(w.exitSpeedPerWheelSpeed(omega, d)).toBeCloseTo(numeric, key === "distance" ? 6 : 2);
    }
  });

  it.each([
    [1, 1.0],
    [2, 1.0],
    [3.5, 1.05],
    [5, 1.1],
    [9, 1.1],
  ])("applies the distance-keyed correction, clamped at the ends: %f m -> factor %f", (d, factor) => {
    const plain = new WheelModel();
    const corrected = new WheelModel({ correction_keys: [2, 5], correction_factors: [1.0, 1.1] });
    expect(corrected.wheelSpeedFor(9, d) / plain.wheelSpeedFor(9, d)).toBeCloseTo(factor, 12);
  });

  it.each([
    [{ wheel_radius_m: 0 }, /wheel_radius_m must be > 0, got 0/],
    [{ efficiency: -0.5 }, /efficiency must be > 0, got -0.5/],
    [{ efficiency: 0.5, efficiency_slope_spm: -0.1 }, /efficiency at the top surface speed/],
    [{ correction_keys: [1, 2], correction_factors: [1, 0] }, /correction_factors\[1\] must be > 0, got 0/],
    [{ correction_key: "rpm" as "distance" }, /correction_key must be one of distance \| exit_speed, got "rpm"/],
  ])("rejects %o", (options, message) => {
    expect(() => new WheelModel(options)).toThrow(message);
  });
});
