import { DeadReckoning } from "../../../src/core/estimation/DeadReckoning";

describe("DeadReckoning", () => {
  it.each([
    { vx: 1.0, vy: 0, yawRate: 0.5 },
    { vx: 0.4, vy: -0.3, yawRate: -1.2 },
    { vx: 0.8, vy: 0, yawRate: 0 },
  ])("integrates a constant twist ($vx, $vy, $yawRate) along the closed-form arc to 0.1 mm over 2 s", ({ vx, vy, yawRate }) => {
    const dr = new DeadReckoning();
    for (let i = 0; i <= 200; i++) dr.update(i * 0.01, { vx, vy, yawRate });
    const t = 2;
    // Closed form: the body velocity rotated by yaw(s) = yawRate s, integrated over [0, t].
    const [sinT, cosT] = [Math.sin(yawRate * t), Math.cos(yawRate * t)];
    const x = yawRate === 0 ? vx * t : (vx * sinT - vy * (1 - cosT)) / yawRate;
    const y = yawRate === 0 ? vy * t : (vx * (1 - cosT) + vy * sinT) / yawRate;
    expect(Math.abs(dr.pose.x - x)).toBeLessThan(1e-4);
    expect(Math.abs(dr.pose.y - y)).toBeLessThan(1e-4);
    expect(dr.pose.yaw).toBeCloseTo(yawRate * t, 9);
  });

  it("integrates nothing over a gap, a stamp going back or a NaN twist, and says whether it heard anything", () => {
    const dr = new DeadReckoning();
    expect(dr.heard).toBe(false);
    dr.update(0, { vx: 1, vy: 0, yawRate: 0 });
    dr.update(2, { vx: 1, vy: 0, yawRate: 0 }); // a 2 s gap
    dr.update(1.5, { vx: 1, vy: 0, yawRate: 0 }); // back
    dr.update(2.1, { vx: Number.NaN, vy: 0, yawRate: 0 });
    expect(dr.heard).toBe(true);
    expect(dr.pose).toEqual({ x: 0, y: 0, yaw: 0 });
    dr.update(2.2, { vx: 1, vy: 0, yawRate: 0 });
    expect(dr.pose.x).toBeCloseTo(0.1, 12);
  });

  it("hands out a pose the caller may keep: later updates leave it as it was", () => {
    const dr = new DeadReckoning();
    dr.update(0, { vx: 1, vy: 0, yawRate: 0 });
    dr.update(0.1, { vx: 1, vy: 0, yawRate: 0.5 });
    const kept = dr.pose;
    const copy = { ...kept };
    dr.update(0.2, { vx: 1, vy: 0, yawRate: 0.5 });
    expect(kept).toEqual(copy);
    expect(dr.pose).not.toEqual(copy);
  });
});
