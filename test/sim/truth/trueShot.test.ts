import { RimJudge } from "../../../src/sim/RimJudge";
import { AirProperties, ReynoldsDrag, SpinLift } from "../../../src/sim/truth/aerodynamics";
import { TrueBallFlight } from "../../../src/sim/truth/trueBallFlight";
import { makeWindow, NO_SPREAD, oracleCommand, oracleExitSpeed, TrueShot, type ReleaseState } from "../../../src/sim/truth/trueShot";

const DEG = Math.PI / 180;
const G = 9.80665;
const R = 0.225;
const r = 0.121;
const hoop = { x: 5.925, y: 0, rimHeight: 2.43 };
const judge = new RimJudge({ rimRadius: R, ballRadius: r });
const vacuum = new TrueShot(new TrueBallFlight({ air: new AirProperties({ density_kgpm3: 0 }) }), judge, hoop, 0, r);
const air = new TrueShot(new TrueBallFlight({ drag: new ReynoldsDrag(), lift: new SpinLift() }), judge, hoop, 0.8, r);
const standing = (d: number, v: { vx: number; vy: number } = { vx: 0, vy: 0 }): ReleaseState => ({ x: hoop.x - d, y: 0, z: 1, azimuth: 0, ...v });

/** The vacuum speed through a point d ahead and dz above the release at angle a: v^2 = g d^2 / (2 cos^2 a (d tan a - dz)). */
function vacuumSpeed(d: number, dz: number, angle: number): number {
  return Math.sqrt((G * d * d) / (2 * Math.cos(angle) ** 2 * (d * Math.tan(angle) - dz)));
}

describe("TrueShot.launch", () => {
  it.each([
    [0, 0, 0],
    [1, 0, 0.3],
    [-0.5, 0.7, -1.2],
  ])("the ball keeps the robot's velocity (%p, %p) and spins backwards about the throw's horizontal normal (azimuth %p)", (vx, vy, azimuth) => {
    const v = 8;
    const angle = 55 * DEG;
    const launch = air.launch({ x: 0, y: 0, z: 1, azimuth, vx, vy }, v, angle, NO_SPREAD);
    expect(launch.velocity.x).toBeCloseTo(v * Math.cos(angle) * Math.cos(azimuth) + vx, 12);
    expect(launch.velocity.y).toBeCloseTo(v * Math.cos(angle) * Math.sin(azimuth) + vy, 12);
    expect(launch.velocity.z).toBeCloseTo(v * Math.sin(angle), 12);
    const spin = launch.spin;
    expect(Math.hypot(spin.x, spin.y, spin.z)).toBeCloseTo((0.8 * v) / r, 9);
    expect(spin.z).toBeCloseTo(0, 12);
    // Horizontal and perpendicular to the throw (not to the robot's motion).
    expect(spin.x * Math.cos(azimuth) + spin.y * Math.sin(azimuth)).toBeCloseTo(0, 9);
    // Backspin: omega x v points up for the throw.
    const thrownX = Math.cos(azimuth);
    const thrownY = Math.sin(azimuth);
    expect(spin.x * thrownY - spin.y * thrownX).toBeGreaterThan(0);
  });
});

describe("oracleExitSpeed", () => {
  it.each([3, 4, 5, 6, 7])("in a vacuum equals the closed-form speed through the rim centre at %d m", (d) => {
    const angle = 58 * DEG;
    const v = oracleExitSpeed(vacuum, standing(d), angle);
    expect(v).toBeDefined();
    expect(v ?? NaN).toBeCloseTo(vacuumSpeed(d, hoop.rimHeight - 1, angle), 5);
  });

  it.each([
    [3, 0],
    [5, 0],
    [7, 0],
    [5, 1],
    [5, -1],
  ])("in air, standing or moving along the line at %d m (robot %d m/s), puts a ball without spread through the centre", (d, speed) => {
    const release = standing(d, { vx: speed, vy: 0 });
    const v = oracleExitSpeed(air, release, 60 * DEG);
    expect(v).toBeDefined();
    const verdict = air.fly(release, v ?? NaN, 60 * DEG, NO_SPREAD).verdict;
    expect(verdict.made).toBe(true);
    expect(Math.abs(verdict.along)).toBeLessThan(1e-4);
    // Driving towards the hoop the launcher needs less speed.
    if (speed !== 0) {
      const still = oracleExitSpeed(air, standing(d), 60 * DEG) ?? NaN;
      expect(Math.sign(still - (v ?? NaN))).toBe(Math.sign(speed));
    }
  });

  it("at 2 m a 40 deg launch cannot make it: the entry is too flat for the ball to fit", () => {
    const v = oracleExitSpeed(air, standing(2), 40 * DEG);
    expect(v).toBeDefined();
    expect(air.fly(standing(2), v ?? NaN, 40 * DEG, NO_SPREAD).verdict.made).toBe(false);
    expect(makeWindow(air, standing(2), 40 * DEG, v ?? NaN)).toBeUndefined();
  });
});

describe("makeWindow", () => {
  it.each([3, 5, 7])("in a vacuum its edges put the ball centre R - r / sin(entry) from the rim centre along the line (%d m)", (d) => {
    const angle = 60 * DEG;
    const release = standing(d);
    const centre = oracleExitSpeed(vacuum, release, angle) ?? NaN;
    const window = makeWindow(vacuum, release, angle, centre);
    expect(window).toBeDefined();
    for (const edge of window ?? []) {
      // Independent: the vacuum flight's entry angle at the rim plane, and the along-line room it leaves.
      const vx = edge * Math.cos(angle);
      const vz0 = edge * Math.sin(angle);
      const vzAtRim = -Math.sqrt(vz0 * vz0 - 2 * G * (hoop.rimHeight - 1));
      const tRim = (vz0 - vzAtRim) / G;
      const along = release.x + vx * tRim - hoop.x;
      const entry = Math.atan2(-vzAtRim, vx);
      expect(Math.abs(along)).toBeCloseTo(R - r / Math.sin(entry), 4);
    }
  });
});

describe("oracleCommand", () => {
  const spreads = { exitSpeedSigmaFraction: 0.002, launchAngleSigma_rad: 0.3 * DEG };

  it("a fixed launcher gets the speed through the centre at its own angle", () => {
    const command = oracleCommand(air, standing(5), { kind: "fixed", angle: 60 * DEG }, spreads);
    expect(command?.launchAngle).toBe(60 * DEG);
    expect(command?.exitSpeed).toBeCloseTo(oracleExitSpeed(air, standing(5), 60 * DEG) ?? NaN, 9);
  });

  it.each([2, 4, 6])("a hood picks an angle whose window is about as wide in sigmas as any between its grid's (%d m)", (d) => {
    const hood = { kind: "hood" as const, min: 45 * DEG, max: 75 * DEG };
    const command = oracleCommand(air, standing(d), hood, spreads);
    expect(command).toBeDefined();
    const score = (angle: number): number => {
      const v = oracleExitSpeed(air, standing(d), angle);
      if (v === undefined) return -Infinity;
      const window = makeWindow(air, standing(d), angle, v);
      if (window === undefined) return -Infinity;
      const slope = ((oracleExitSpeed(air, standing(d), angle + 0.5 * DEG) ?? NaN) - (oracleExitSpeed(air, standing(d), angle - 0.5 * DEG) ?? NaN)) / DEG;
      return Math.min(v - window[0], window[1] - v) / Math.hypot(spreads.exitSpeedSigmaFraction * v, slope * spreads.launchAngleSigma_rad);
    };
    const chosen = score(command?.launchAngle ?? NaN);
    // The oracle searches a 1 deg grid and takes its slope from the grid: allow what a finer search gains at the top.
    for (let degrees = 45.5; degrees <= 74.5; degrees += 1) expect(chosen).toBeGreaterThan(0.95 * score(degrees * DEG));
    if (d === 2) expect(command?.launchAngle ?? 0).toBeGreaterThan(60 * DEG);
  });
});
