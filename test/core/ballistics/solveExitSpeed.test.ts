import fc from "fast-check";
import { airDensityFromAltitude } from "../../../src/core/ballistics/airDensity";
import { createBallisticModel, rimClearance } from "../../../src/core/ballistics/BallisticModel";
import { FlightIntegrator } from "../../../src/core/ballistics/FlightIntegrator";
import { exactMakeWindow, linearMakeWindow } from "../../../src/core/ballistics/makeWindow";
import type { ShotSolution } from "../../../src/core/ballistics/ShotResult";
import { solveExitSpeed } from "../../../src/core/ballistics/solveExitSpeed";
import { solveWidestWindow, windowInSigmas } from "../../../src/core/ballistics/solveWidestWindow";

const deg = (d: number): number => (d * Math.PI) / 180;
const integrator = new FlightIntegrator(createBallisticModel());

function solved(f: FlightIntegrator, distance: number, angle: number): ShotSolution {
  const r = solveExitSpeed(f, distance, angle);
  if (r.kind !== "solution") throw new Error(`${r.reason}: ${r.message}`);
  return r;
}

describe("solveExitSpeed", () => {
  // docs/domain.md (release 1.0 m, Cd 0.5, air 1.2 kg/m^3), quoted to 0.01 m/s and 0.01 %.
  it.each([
    { angle: 55, distance: 4, speed: 7.8, windowPct: 0.28 },
    { angle: 55, distance: 6, speed: 9.25, windowPct: 0.47 },
    { angle: 55, distance: 8, speed: 10.66, windowPct: 0.46 },
    { angle: 60, distance: 4, speed: undefined, windowPct: 0.66 },
    { angle: 60, distance: 6, speed: undefined, windowPct: 0.64 },
    { angle: 60, distance: 8, speed: undefined, windowPct: 0.56 },
  ])("reproduces docs/domain.md: $angle deg at $distance m", ({ angle, distance, speed, windowPct }) => {
    const s = solved(integrator, distance, deg(angle));
    if (speed !== undefined) expect(Math.abs(s.exitSpeed_mps - speed)).toBeLessThan(0.01);
    const w = exactMakeWindow(integrator, s);
    expect(Math.abs(w.halfWidthFraction * 100 - windowPct)).toBeLessThan(0.006);
  });

  it.each([
    [40, 3.7],
    [45, 5.4],
    [50, 6.7],
    [60, 8.5],
  ])("gives docs/domain.md's rim clearance per side at %f deg entry: %f cm", (entryDeg, cm) => {
    expect(rimClearance(createBallisticModel(), deg(entryDeg)) * 100).toBeCloseTo(cm, 1);
  });

  it.each([
    [7, 50],
    [6, 55],
    [9, 60],
  ])("equals the drag-free closed form at Cd = 0: %f m at %f deg", (distance, angleDeg) => {
    const model = createBallisticModel({ drag_coefficient: 0 });
    const angle = deg(angleDeg);
    const rise = model.rim_height_m - model.release_height_m;
    const closed = (distance / Math.cos(angle)) * Math.sqrt(model.gravity_mps2 / (2 * (distance * Math.tan(angle) - rise)));
    const s = solved(new FlightIntegrator(model), distance, angle);
    expect(s.exitSpeed_mps).toBeCloseTo(closed, 4);
  });

  it.each([2.9, 4, 5.5, 7.25, 10])("sends the ball through the rim centre at %f m (independent flight)", (distance) => {
    const s = solved(integrator, distance, deg(60));
    const c = integrator.crossRimPlane(s.exitSpeed_mps, deg(60));
    if (c.kind !== "crossing") throw new Error("no crossing");
    expect(Math.abs(c.x_m - distance)).toBeLessThanOrEqual(1e-4);
    expect(s.timeOfFlight_s).toBeCloseTo(c.time_s, 9);
    expect(s.rimClearance_m).toBeCloseTo(0.225 - 0.121 / Math.sin(c.entryAngle_rad), 9);
  });

  it("needs more speed for more distance at a fixed angle (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 3.6, max: 12, noNaN: true }), fc.double({ min: 0.01, max: 3, noNaN: true }), (d, extra) => {
        const near = solved(integrator, d, deg(55));
        const far = solved(integrator, d + extra, deg(55));
        return far.exitSpeed_mps > near.exitSpeed_mps;
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it("needs about 0.7 % less speed at 6 m in Ulaanbaatar's air (docs/domain.md)", () => {
    const rho = airDensityFromAltitude(1350, 288.15);
    expect(rho).toBeGreaterThan(1.02);
    expect(rho).toBeLessThan(1.07);
    const thin = solved(new FlightIntegrator(createBallisticModel({ air_density_kgpm3: rho })), 6, deg(55));
    const sea = solved(integrator, 6, deg(55));
    const drop = 1 - thin.exitSpeed_mps / sea.exitSpeed_mps;
    expect(drop).toBeGreaterThan(0.005);
    expect(drop).toBeLessThan(0.01);
  });

  it.each([
    { name: "too close", distance: 0.5, angle: 55, max: 30, reason: "too_close" },
    { name: "entry too shallow", distance: 2.5, angle: 55, max: 30, reason: "entry_too_shallow" },
    { name: "beyond top speed", distance: 12, angle: 55, max: 10, reason: "beyond_top_speed" },
    { name: "never reaches rim", distance: 6, angle: 20, max: 5, reason: "never_reaches_rim" },
    { name: "NaN distance", distance: NaN, angle: 55, max: 30, reason: "invalid_input" },
    { name: "negative distance", distance: -1, angle: 55, max: 30, reason: "invalid_input" },
    { name: "flat launch", distance: 5, angle: 0, max: 30, reason: "invalid_input" },
  ])("reports an impossible shot with a reason: $name", ({ distance, angle, max, reason }) => {
    const r = solveExitSpeed(integrator, distance, deg(angle), { maxExitSpeed_mps: max });
    expect(r.kind).toBe("impossible");
    if (r.kind === "impossible") {
      expect(r.reason).toBe(reason);
      expect(r.message.length).toBeGreaterThan(10);
    }
  });

  it("keeps the too-shallow flight as `nearest`, entering below the minimum angle", () => {
    const r = solveExitSpeed(integrator, 2.5, deg(55));
    if (r.kind !== "impossible" || r.nearest === undefined) throw new Error("expected a nearest solution");
    expect(r.nearest.entryAngle_rad).toBeLessThan(deg(32.5));
  });

  it("warm-starts from the previous solution: same answer, one flight", () => {
    const first = solved(integrator, 6, deg(55));
    const warm = solveExitSpeed(integrator, 6.003, deg(55), { previous: first });
    const cold = solveExitSpeed(integrator, 6.003, deg(55));
    if (warm.kind !== "solution" || cold.kind !== "solution") throw new Error("no solution");
    expect(warm.flights).toBe(1);
    expect(cold.flights).toBeGreaterThan(1);
    expect(warm.exitSpeed_mps).toBeCloseTo(cold.exitSpeed_mps, 4);
  });

  it("falls back to the cold solve when the previous solution is far off", () => {
    const first = solved(integrator, 4, deg(55));
    const r = solveExitSpeed(integrator, 11, deg(55), { previous: first });
    if (r.kind !== "solution") throw new Error("no solution");
    expect(r.exitSpeed_mps).toBeCloseTo(solved(integrator, 11, deg(55)).exitSpeed_mps, 4);
  });
});

describe("make window", () => {
  it.each([4, 6, 8, 10])("linear and exact windows agree within 2 %% of the width at %f m", (distance) => {
    const s = solved(integrator, distance, deg(55));
    const lin = linearMakeWindow(s);
    const exact = exactMakeWindow(integrator, s);
    expect(Math.abs(lin.halfWidthFraction - exact.halfWidthFraction)).toBeLessThan(0.02 * exact.halfWidthFraction);
    expect(exact.low_mps).toBeLessThan(s.exitSpeed_mps);
    expect(exact.high_mps).toBeGreaterThan(s.exitSpeed_mps);
  });

  it.each([4, 6, 8])("the widest-window hood angle beats a 0.5 deg brute-force scan at %f m", (distance) => {
    const hood = { minAngle_rad: deg(40), maxAngle_rad: deg(85) };
    const uncertainty = { distanceSigma_m: 0.01 };
    const best = solveWidestWindow(integrator, distance, hood, { uncertainty });
    if (best.kind !== "solution") throw new Error("no solution");
    let scan = 0;
    let scanAngle = NaN;
    for (let a = 40; a <= 85; a += 0.5) {
      const r = solveExitSpeed(integrator, distance, deg(a));
      if (r.kind === "solution" && windowInSigmas(r, uncertainty) > scan) {
        scan = windowInSigmas(r, uncertainty);
        scanAngle = deg(a);
      }
    }
    // An interior optimum, not a hood stop: the speed window alone would pick the steepest angle.
    expect(best.launchAngle_rad).toBeGreaterThan(hood.minAngle_rad + deg(2));
    expect(best.launchAngle_rad).toBeLessThan(hood.maxAngle_rad - deg(2));
    expect(Math.abs(best.launchAngle_rad - scanAngle)).toBeLessThan(deg(1));
    expect(windowInSigmas(best, uncertainty)).toBeGreaterThanOrEqual(scan * 0.999);
  });
});
