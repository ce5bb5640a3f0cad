import { createBallisticModel, type BallisticModel } from "../../../src/core/ballistics/BallisticModel";
import { ShotPlanner, type ShotPlan } from "../../../src/core/ballistics/ShotPlanner";
import { shotGeometry } from "../../../src/core/ballistics/shotGeometry";
import { solveMovingShot, type MovingShotInput } from "../../../src/core/ballistics/solveMovingShot";
import { WheelModel } from "../../../src/core/ballistics/WheelModel";

const DEG = Math.PI / 180;
/** params/shooter.yaml's fixed hood (63 deg) with docs/domain.md's ball, air and rim (drag 0.5, air 1.2, release 1.0 m). */
const ANGLE = 1.0996;
const DELAY = 0.03;
const COV = { xx: 1e-4, xy: 0, yy: 1e-4 };
const model = createBallisticModel();
const planner = (): ShotPlanner => new ShotPlanner({ model, wheel: new WheelModel(), launch: { mode: "fixed", angle_rad: ANGLE } });

/**
 * Step of the reference [s]: explicit midpoint at 100 us. Its own error at the rim plane is at most
 * 22 nm against the same flight at 1 us (6-11 m/s at 63 deg, the launcher at up to 1.5 m/s along and
 * across), far below the 1 mm asserted and the solve's 0.1 mm tolerance; 10 us cost ten times the time
 * for nothing the assertions can see.
 */
const STEP_S = 1e-4;

/**
 * The independent reference: the ball as a point mass in the court frame, launched from the
 * release point with the launcher's throw (exit speed, launch angle, azimuth) plus the launcher's
 * own horizontal velocity, under gravity and quadratic drag on its whole (air-relative) velocity,
 * integrated in 3-D by the explicit midpoint rule at STEP_S, no code shared with the controller.
 * Returns where the ball centre comes down through the rim plane (linear interpolation inside the
 * last step), relative to the release point [m].
 */
function referenceRimCrossing(
  m: BallisticModel,
  launch: { exitSpeed_mps: number; launchAngle_rad: number; azimuth_rad: number; robotVx_mps: number; robotVy_mps: number },
): { x: number; y: number } | undefined {
  const k = (0.5 * m.air_density_kgpm3 * m.drag_coefficient * Math.PI * m.ball_radius_m ** 2) / m.ball_mass_kg;
  const g = m.gravity_mps2;
  const h = STEP_S;
  const horizontal = launch.exitSpeed_mps * Math.cos(launch.launchAngle_rad);
  let vx = horizontal * Math.cos(launch.azimuth_rad) + launch.robotVx_mps;
  let vy = horizontal * Math.sin(launch.azimuth_rad) + launch.robotVy_mps;
  let vz = launch.exitSpeed_mps * Math.sin(launch.launchAngle_rad);
  let x = 0;
  let y = 0;
  let z = m.release_height_m;
  for (let i = 0; i < 1e6; i++) {
    // Half a step with the acceleration at the start, the whole step with the one at the middle.
    const s = Math.sqrt(vx * vx + vy * vy + vz * vz);
    const mx = vx - 0.5 * h * k * s * vx;
    const my = vy - 0.5 * h * k * s * vy;
    const mz = vz - 0.5 * h * (g + k * s * vz);
    const sm = Math.sqrt(mx * mx + my * my + mz * mz);
    const xNew = x + h * mx;
    const yNew = y + h * my;
    const zNew = z + h * mz;
    vx -= h * k * sm * mx;
    vy -= h * k * sm * my;
    vz -= h * (g + k * sm * mz);
    if (z > m.rim_height_m && zNew <= m.rim_height_m) {
      const f = (z - m.rim_height_m) / (z - zNew);
      return { x: x + f * (xNew - x), y: y + f * (yNew - y) };
    }
    if (vz < 0 && zNew < m.rim_height_m) return undefined;
    x = xNew;
    y = yNew;
    z = zNew;
  }
  return undefined;
}

/**
 * The method this replaced (FRC's virtual target, solveMovingShot before the drag-aware solve),
 * written out again for the comparison: aim at hoop - v (delay + time of flight), solve the
 * standing shot to that point, repeat until the time of flight settles.
 */
function virtualTargetShot(p: ShotPlanner, input: MovingShotInput): { plan: ShotPlan; aimBearing_rad: number } {
  let tof = 0;
  let plan: ShotPlan | undefined;
  let aimX = input.target_x_m;
  let aimY = input.target_y_m;
  for (let i = 0; i < 20; i++) {
    aimX = input.target_x_m - input.velocity_x_mps * (DELAY + tof);
    aimY = input.target_y_m - input.velocity_y_mps * (DELAY + tof);
    const g = shotGeometry(aimX, aimY, input.covariance);
    plan = p.plan({ distance_m: g.distance_m, distanceSigma_m: g.distanceSigma_m });
    if (plan.kind !== "planned" || Math.abs(plan.solution.timeOfFlight_s - tof) <= 1e-6) break;
    tof = plan.solution.timeOfFlight_s;
  }
  if (plan === undefined) throw new Error("no plan");
  return { plan, aimBearing_rad: Math.atan2(aimY, aimX) };
}

/**
 * The launcher `distance` [m] from the rim centre when the ball leaves, moving at (vx, vy) [m/s] in
 * its frame (x towards the hoop): the estimate, stamped DELAY earlier, saw the hoop that much further.
 */
function movingInput(distance: number, vx: number, vy: number): MovingShotInput {
  return { target_x_m: distance + vx * DELAY, target_y_m: vy * DELAY, covariance: COV, velocity_x_mps: vx, velocity_y_mps: vy };
}

/** The reference flight of a shot: where it crosses the rim plane relative to the rim centre [m] (x along the line, y to the left). */
function miss(input: MovingShotInput, exitSpeed_mps: number, launchAngle_rad: number, azimuth_rad: number): { along: number; across: number } {
  const c = referenceRimCrossing(model, { exitSpeed_mps, launchAngle_rad, azimuth_rad, robotVx_mps: input.velocity_x_mps, robotVy_mps: input.velocity_y_mps });
  if (c === undefined) throw new Error("the reference flight did not come down through the rim plane");
  // The release point is the launcher's position DELAY after the stamp; the hoop is at the target.
  return {
    along: input.velocity_x_mps * DELAY + c.x - input.target_x_m,
    across: input.velocity_y_mps * DELAY + c.y - input.target_y_m,
  };
}

/** The exit speed [m/s] that puts the reference flight's ball centre on the rim centre at this aim (secant from a close guess). */
function referenceExitSpeed(input: MovingShotInput, guess: number, azimuth_rad: number): number {
  let a = guess;
  let fa = miss(input, a, ANGLE, azimuth_rad).along;
  if (Math.abs(fa) <= 1e-7) return a;
  let b = guess * (1 + 1e-4);
  let fb = miss(input, b, ANGLE, azimuth_rad).along;
  for (let i = 0; i < 6 && Math.abs(fb) > 1e-7; i++) {
    const c = b - (fb * (b - a)) / (fb - fa);
    a = b;
    fa = fb;
    b = c;
    fb = miss(input, b, ANGLE, azimuth_rad).along;
  }
  return b;
}

/**
 * Driving straight at (u > 0) or away from (u < 0) the hoop at u [m/s], the ball leaving `distance`
 * [m] from the rim centre, with params/shooter.yaml's 63 deg hood. `old` is the virtual-target
 * method on the same case, flown by the same reference: its miss at the rim plane [cm] (negative:
 * short) and its exit speed's error [%] against the reference's own exact speed. The make window
 * (+-`window_pct` of exit speed, the new solution's) is a few centimetres at the rim plane, so the
 * old method's shots fell short driving in and long backing away, by 10-30 cm at 1 m/s and 5-7 m
 * (-1.4 to -1.9 % of exit speed driving in, +2.2 to +2.8 % backing away). The new solve's miss
 * against this reference is below 0.03 mm in every case (its 0.1 mm solve tolerance). Driving in
 * at 1 m/s or more at 3 m the court-frame flight is too flat to enter the rim (entry below
 * 32.5 deg): the solve refuses (entry_too_shallow; its `nearest` flight is what is checked), and
 * the old method refused too (its virtual target, 2 m away, is too close for the hood).
 * (Figures measured with this file's reference, rounded.)
 */
const ALONG_CASES: { distance: number; u: number; window_pct?: number; old?: { miss_cm: number; speed_pct: number } }[] = [
  { distance: 3, u: 0, window_pct: 0.77, old: { miss_cm: 0, speed_pct: 0 } },
  { distance: 3, u: -1.5, window_pct: 1.14, old: { miss_cm: 23.1, speed_pct: 2.76 } },
  { distance: 3, u: -1, window_pct: 1.11, old: { miss_cm: 12.4, speed_pct: 1.56 } },
  { distance: 3, u: -0.5, window_pct: 1.0, old: { miss_cm: 5.1, speed_pct: 0.66 } },
  { distance: 3, u: 0.5, window_pct: 0.38, old: { miss_cm: -3.9, speed_pct: -0.46 } },
  { distance: 3, u: 1 },
  { distance: 3, u: 1.5 },
  { distance: 5, u: 0, window_pct: 0.78, old: { miss_cm: 0, speed_pct: 0 } },
  { distance: 5, u: -1.5, window_pct: 0.82, old: { miss_cm: 44.2, speed_pct: 3.76 } },
  { distance: 5, u: -1, window_pct: 0.83, old: { miss_cm: 24.8, speed_pct: 2.22 } },
  { distance: 5, u: -0.5, window_pct: 0.82, old: { miss_cm: 10.6, speed_pct: 0.98 } },
  { distance: 5, u: 0.5, window_pct: 0.7, old: { miss_cm: -8.0, speed_pct: -0.77 } },
  { distance: 5, u: 1, window_pct: 0.59, old: { miss_cm: -14.2, speed_pct: -1.37 } },
  { distance: 5, u: 1.5, window_pct: 0.42, old: { miss_cm: -19.2, speed_pct: -1.83 } },
  { distance: 6, u: -1.5, window_pct: 0.73, old: { miss_cm: 55.9, speed_pct: 4.21 } },
  { distance: 6, u: -1, window_pct: 0.74, old: { miss_cm: 31.8, speed_pct: 2.51 } },
  { distance: 6, u: -0.5, window_pct: 0.74, old: { miss_cm: 13.7, speed_pct: 1.12 } },
  { distance: 6, u: 0.5, window_pct: 0.68, old: { miss_cm: -10.5, speed_pct: -0.91 } },
  { distance: 6, u: 1, window_pct: 0.61, old: { miss_cm: -18.6, speed_pct: -1.63 } },
  { distance: 6, u: 1.5, window_pct: 0.52, old: { miss_cm: -25.2, speed_pct: -2.21 } },
  { distance: 7, u: 0, window_pct: 0.66, old: { miss_cm: 0, speed_pct: 0 } },
  { distance: 7, u: -1.5, window_pct: 0.66, old: { miss_cm: 68.3, speed_pct: 4.65 } },
  { distance: 7, u: -1, window_pct: 0.67, old: { miss_cm: 39.2, speed_pct: 2.79 } },
  { distance: 7, u: -0.5, window_pct: 0.67, old: { miss_cm: 17.0, speed_pct: 1.26 } },
  { distance: 7, u: 0.5, window_pct: 0.64, old: { miss_cm: -13.2, speed_pct: -1.03 } },
  { distance: 7, u: 1, window_pct: 0.6, old: { miss_cm: -23.5, speed_pct: -1.87 } },
  { distance: 7, u: 1.5, window_pct: 0.54, old: { miss_cm: -31.8, speed_pct: -2.56 } },
];

describe("solveMovingShot against a tiny-step court-frame reference flight", () => {
  it.each(ALONG_CASES)("driving along the line at $u m/s, $distance m: the ball centre crosses within 1 mm of the rim centre", ({ distance, u, window_pct, old }) => {
    const input = movingInput(distance, u, 0);
    const shot = solveMovingShot(planner(), input, { phaseDelay_s: DELAY });
    const s = shot.plan.kind === "planned" ? shot.plan.solution : shot.plan.nearest;
    if (s === undefined) throw new Error(shot.plan.kind === "impossible" ? shot.plan.message : "no solution");
    if (window_pct === undefined) expect(shot.plan).toMatchObject({ kind: "impossible", reason: "entry_too_shallow" });
    else if (shot.plan.kind === "planned") expect(100 * shot.plan.window.halfWidthFraction).toBeCloseTo(window_pct, 2);
    else throw new Error(shot.plan.message);
    expect(s.distance_m).toBeCloseTo(distance, 12);
    expect(shot.aimOffset_rad).toBe(0);
    const m = miss(input, s.exitSpeed_mps, s.launchAngle_rad, shot.aimBearing_rad);
    expect(Math.abs(m.along)).toBeLessThan(1e-3);
    expect(Math.abs(m.across)).toBeLessThan(1e-9);

    const before = virtualTargetShot(planner(), input);
    if (old === undefined) {
      expect(before.plan.kind).toBe("impossible");
      return;
    }
    if (before.plan.kind !== "planned") throw new Error(before.plan.message);
    const oldMiss = miss(input, before.plan.solution.exitSpeed_mps, ANGLE, before.aimBearing_rad).along;
    const exact = referenceExitSpeed(input, s.exitSpeed_mps, shot.aimBearing_rad);
    expect(100 * oldMiss).toBeCloseTo(old.miss_cm, 0);
    expect(100 * (before.plan.solution.exitSpeed_mps / exact - 1)).toBeCloseTo(old.speed_pct, 1);
  });

  it.each([
    { name: "strafing left", distance: 5, bearing: 0, vx: 0, vy: 1 },
    { name: "strafing right, hoop off to the left", distance: 6, bearing: 20 * DEG, vx: 0, vy: -1.5 },
    { name: "driving in diagonally", distance: 4, bearing: -30 * DEG, vx: 0.7, vy: 0.7 },
    { name: "backing away diagonally", distance: 7, bearing: 10 * DEG, vx: -0.7, vy: 0.7 },
  ])("with a sideways velocity the aim offset cancels it: $name, $distance m", ({ distance, bearing, vx, vy }) => {
    // The hoop at `distance` [m] and `bearing` from the launcher when the ball leaves.
    const input: MovingShotInput = {
      target_x_m: distance * Math.cos(bearing) + vx * DELAY,
      target_y_m: distance * Math.sin(bearing) + vy * DELAY,
      covariance: COV,
      velocity_x_mps: vx,
      velocity_y_mps: vy,
    };
    const shot = solveMovingShot(planner(), input, { phaseDelay_s: DELAY });
    if (shot.plan.kind !== "planned") throw new Error(shot.plan.message);
    const s = shot.plan.solution;
    expect(s.distance_m).toBeCloseTo(distance, 12);
    expect(shot.pathBearing_rad).toBeCloseTo(bearing, 12);
    const c = referenceRimCrossing(model, { exitSpeed_mps: s.exitSpeed_mps, launchAngle_rad: s.launchAngle_rad, azimuth_rad: shot.aimBearing_rad, robotVx_mps: vx, robotVy_mps: vy });
    if (c === undefined) throw new Error("no crossing");
    expect(Math.hypot(c.x - distance * Math.cos(bearing), c.y - distance * Math.sin(bearing))).toBeLessThan(1e-3);
  });
});

describe("solveMovingShot standing and warm", () => {
  it.each([2.5, 4, 6.5, 8])("standing (velocity 0) it is the planner's standing shot, bit for bit, at %d m", (distance) => {
    const shot = solveMovingShot(planner(), { target_x_m: distance, target_y_m: 0.3, covariance: COV, velocity_x_mps: 0, velocity_y_mps: 0 });
    const g = shotGeometry(distance, 0.3, COV);
    const still = planner().plan({ distance_m: g.distance_m, distanceSigma_m: g.distanceSigma_m });
    expect(shot.plan).toEqual(still);
    expect(shot.carry).toBeUndefined();
    expect(shot.aimBearing_rad).toBe(g.bearing_rad);
    expect(shot.aimOffset_rad).toBe(0);
    // A zero carry is no carry.
    expect(planner().plan({ distance_m: g.distance_m, distanceSigma_m: g.distanceSigma_m, carry: { along_mps: 0, across_mps: 0 } })).toEqual(still);
    if (still.kind !== "planned") throw new Error(`no standing shot at ${g.distance_m} m: ${still.message}`);
    const s = still.solution;
    expect(planner().integrator.crossRimPlane(s.exitSpeed_mps, s.launchAngle_rad, undefined)).toEqual(planner().integrator.crossRimPlane(s.exitSpeed_mps, s.launchAngle_rad));
  });

  it("warm-starts a moving launcher's shots from the last: one flight per 10 ms cycle, the same answer as a cold solve", () => {
    const p = planner();
    let flights = 0;
    let cycles = 0;
    // 1 m/s along (-0.6, 0.8) from (5, 0): the bearing, the distance and the carry all change.
    for (let i = 0; i < 200; i++) {
      const t = 0.01 * i;
      const input: MovingShotInput = { target_x_m: 5 + 0.6 * t, target_y_m: -0.8 * t, covariance: COV, velocity_x_mps: -0.6, velocity_y_mps: 0.8 };
      const shot = solveMovingShot(p, input);
      if (shot.plan.kind !== "planned") throw new Error(shot.plan.message);
      if (i > 0) {
        flights += shot.plan.solution.flights;
        cycles++;
      }
      const cold = solveMovingShot(planner(), input);
      if (cold.plan.kind !== "planned") throw new Error(cold.plan.message);
      // Both within the 0.1 mm tolerance of the rim centre: a tiny fraction of the make window.
      expect(Math.abs(shot.plan.solution.exitSpeed_mps - cold.plan.solution.exitSpeed_mps)).toBeLessThan(2e-4 / cold.plan.solution.dxdSpeed_s);
    }
    expect(flights / cycles).toBeLessThan(1.05);
  });

  it.each([
    { vx: 1, vy: 0 },
    { vx: -0.8, vy: 0.6 },
  ])("with an adjustable hood the moving shot also lands on the rim centre: ($vx, $vy) m/s", ({ vx, vy }) => {
    const hood = new ShotPlanner({ model, wheel: new WheelModel(), launch: { mode: "adjustable", minAngle_rad: 45 * DEG, maxAngle_rad: 70 * DEG, reoptimizeDistance_m: 0.05 } });
    const input = movingInput(5.5, vx, vy);
    const shot = solveMovingShot(hood, input, { phaseDelay_s: DELAY });
    if (shot.plan.kind !== "planned") throw new Error(shot.plan.message);
    const s = shot.plan.solution;
    const c = referenceRimCrossing(model, { exitSpeed_mps: s.exitSpeed_mps, launchAngle_rad: s.launchAngle_rad, azimuth_rad: shot.aimBearing_rad, robotVx_mps: vx, robotVy_mps: vy });
    if (c === undefined) throw new Error("no crossing");
    expect(Math.hypot(c.x - 5.5, c.y)).toBeLessThan(1e-3);
  });

  it("refuses a shot whose throw cannot cancel the sideways velocity, naming the reason", () => {
    const p = new ShotPlanner({ model, wheel: new WheelModel({ max_speed_radps: 200 }), launch: { mode: "fixed", angle_rad: ANGLE } });
    // 200 rad/s gives at most 5.08 m/s of exit speed, 2.3 m/s of it horizontal at 63 deg: not enough to cancel 5 m/s sideways.
    const shot = solveMovingShot(p, { target_x_m: 4, target_y_m: 0, covariance: COV, velocity_x_mps: 0, velocity_y_mps: 5 });
    expect(shot.plan).toMatchObject({ kind: "impossible", reason: "beyond_top_speed" });
    if (shot.plan.kind === "impossible") expect(shot.plan.message).toMatch(/^cancelling 5\.00 m\/s across the line of the shot needs more than the 5\.08 m\/s top exit speed at 63\.0 deg \(wheel top speed 200 rad\/s\)$/);
  });
});
