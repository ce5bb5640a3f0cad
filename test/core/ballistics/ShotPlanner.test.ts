import { createBallisticModel } from "../../../src/core/ballistics/BallisticModel";
import { ShotPlanner } from "../../../src/core/ballistics/ShotPlanner";
import { shotGeometry } from "../../../src/core/ballistics/shotGeometry";
import { solveMovingShot } from "../../../src/core/ballistics/solveMovingShot";
import { WheelModel } from "../../../src/core/ballistics/WheelModel";

const deg = (d: number): number => (d * Math.PI) / 180;
const fixed = (options: { drag?: number; maxWheel?: number } = {}): ShotPlanner =>
  new ShotPlanner({
    model: createBallisticModel(options.drag === undefined ? {} : { drag_coefficient: options.drag }),
    wheel: new WheelModel(options.maxWheel === undefined ? {} : { max_speed_radps: options.maxWheel }),
    launch: { mode: "fixed", angle_rad: deg(55) },
  });

describe("ShotPlanner", () => {
  it("plans speed, wheel speed, window and probability; warm updates cost one flight", () => {
    const planner = fixed();
    const first = planner.plan({ distance_m: 6, distanceSigma_m: 0.01 });
    const next = planner.plan({ distance_m: 6.002, distanceSigma_m: 0.01 });
    if (first.kind !== "planned" || next.kind !== "planned") throw new Error("no plan");
    expect(first.solution.exitSpeed_mps).toBeCloseTo(9.25, 1);
    expect(first.wheelSpeed_radps).toBeCloseTo(new WheelModel().wheelSpeedFor(first.solution.exitSpeed_mps, 6), 9);
    expect(first.window.halfWidthFraction).toBeCloseTo(0.0047, 3);
    expect(first.make.probability).toBeGreaterThan(0.5);
    expect(first.make.probability).toBeLessThanOrEqual(1);
    expect(next.solution.flights).toBe(1);
  });

  it("lowers the probability when the wheel runs fast", () => {
    const planner = fixed();
    const ok = planner.plan({ distance_m: 6, distanceSigma_m: 0.01 });
    const fast = planner.plan({ distance_m: 6, distanceSigma_m: 0.01, wheelSpeedError_radps: 3 });
    if (ok.kind !== "planned" || fast.kind !== "planned") throw new Error("no plan");
    expect(fast.make.missMean_m).toBeGreaterThan(0);
    expect(fast.make.probability).toBeLessThan(ok.make.probability);
    // What waiting for the wheel can reach: the zero-error plan's make, above the fast wheel's.
    expect(fast.atSpeedMake).toEqual(ok.make);
    expect(fast.make.probability).toBeLessThan(fast.atSpeedMake.probability);
  });

  it("refuses a shot beyond the wheel's top speed, naming it", () => {
    const r = fixed({ maxWheel: 300 }).plan({ distance_m: 8, distanceSigma_m: 0.01 });
    expect(r).toMatchObject({ kind: "impossible", reason: "beyond_top_speed" });
    if (r.kind === "impossible") expect(r.message).toMatch(/300 rad\/s/);
  });

  it("sets an adjustable hood within its range and re-optimises only after the target moved", () => {
    const planner = new ShotPlanner({
      model: createBallisticModel(),
      wheel: new WheelModel(),
      launch: { mode: "adjustable", minAngle_rad: deg(45), maxAngle_rad: deg(68), reoptimizeDistance_m: 0.05 },
    });
    const a = planner.plan({ distance_m: 6, distanceSigma_m: 0.01 });
    const b = planner.plan({ distance_m: 6.01, distanceSigma_m: 0.01 });
    const c = planner.plan({ distance_m: 8, distanceSigma_m: 0.01 });
    if (a.kind !== "planned" || b.kind !== "planned" || c.kind !== "planned") throw new Error("no plan");
    expect(a.solution.launchAngle_rad).toBeGreaterThanOrEqual(deg(45));
    expect(a.solution.launchAngle_rad).toBeLessThanOrEqual(deg(68));
    expect(b.solution.launchAngle_rad).toBe(a.solution.launchAngle_rad);
    expect(b.solution.flights).toBe(1);
    expect(c.solution.launchAngle_rad).not.toBe(a.solution.launchAngle_rad);
  });

  it.each([
    [{ mode: "fixed" as const, angle_rad: 0 }, /launch angle_rad must be in/],
    [{ mode: "adjustable" as const, minAngle_rad: 1, maxAngle_rad: 0.8, reoptimizeDistance_m: 0.05 }, /maxAngle_rad must be in \[1,/],
  ])("rejects a bad launch setting %o", (launch, message) => {
    expect(() => new ShotPlanner({ model: createBallisticModel(), wheel: new WheelModel(), launch })).toThrow(message);
  });
});

describe("shotGeometry", () => {
  it.each([
    { x: 6, y: 0, cov: { xx: 1e-4, xy: 0, yy: 9e-4 }, distance: 6, bearing: 0, sigma: 0.01 },
    { x: 0, y: 5, cov: { xx: 1e-4, xy: 0, yy: 9e-4 }, distance: 5, bearing: Math.PI / 2, sigma: 0.03 },
    { x: 3, y: 4, cov: { xx: 4e-4, xy: 0, yy: 4e-4 }, distance: 5, bearing: Math.atan2(4, 3), sigma: 0.02 },
  ])("projects the covariance on the line of the shot ($x, $y)", ({ x, y, cov, distance, bearing, sigma }) => {
    const g = shotGeometry(x, y, cov);
    expect(g.distance_m).toBeCloseTo(distance, 12);
    expect(g.bearing_rad).toBeCloseTo(bearing, 12);
    expect(g.distanceSigma_m).toBeCloseTo(sigma, 12);
  });

  it("measures from the release point offset", () => {
    expect(shotGeometry(6.2, 0, { xx: 0, xy: 0, yy: 0 }, 0.2, 0).distance_m).toBeCloseTo(6, 12);
  });
});

describe("solveMovingShot", () => {
  const cov = { xx: 1e-4, xy: 0, yy: 1e-4 };

  it("is the static shot when the launcher stands still", () => {
    const planner = fixed();
    const moving = solveMovingShot(planner, { target_x_m: 6, target_y_m: 0, covariance: cov, velocity_x_mps: 0, velocity_y_mps: 0 });
    const still = fixed().plan({ distance_m: 6, distanceSigma_m: 0.01 });
    if (moving.plan.kind !== "planned" || still.kind !== "planned") throw new Error("no plan");
    expect(moving.aimOffset_rad).toBe(0);
    expect(moving.plan.solution.exitSpeed_mps).toBeCloseTo(still.solution.exitSpeed_mps, 4);
    expect(moving.converged).toBe(true);
  });

  it.each([
    { vx: 1.0, vy: 0, name: "driving at the hoop" },
    { vx: 0, vy: 1.0, name: "strafing left" },
    { vx: -0.7, vy: 0.7, name: "backing away diagonally" },
  ])("without drag the ball, keeping the launcher's velocity, meets the hoop: $name", ({ vx, vy }) => {
    // Drag-free the virtual-target method is exact: check it by flying the ball in the court frame.
    const planner = fixed({ drag: 0 });
    const delay = 0.03;
    const shot = solveMovingShot(
      planner,
      { target_x_m: 6, target_y_m: 1, covariance: cov, velocity_x_mps: vx, velocity_y_mps: vy },
      { phaseDelay_s: delay, tolerance_s: 1e-6 },
    );
    if (shot.plan.kind !== "planned") throw new Error("no plan");
    expect(shot.converged).toBe(true);
    const s = shot.plan.solution;
    const horizontal = s.exitSpeed_mps * Math.cos(s.launchAngle_rad);
    const releaseX = vx * delay;
    const releaseY = vy * delay;
    const ballX = releaseX + (horizontal * Math.cos(shot.aimBearing_rad) + vx) * s.timeOfFlight_s;
    const ballY = releaseY + (horizontal * Math.sin(shot.aimBearing_rad) + vy) * s.timeOfFlight_s;
    expect(Math.hypot(ballX - 6, ballY - 1)).toBeLessThan(1e-3);
  });
});
