import { courtMapFromParameters } from "../../src/core/court/courtSchema";
import { FlywheelPlant } from "../../src/sim/FlywheelPlant";
import { LidarModel } from "../../src/sim/LidarModel";
import { DT35_CLASS, PointLaserModel, TFMINI_CLASS } from "../../src/sim/PointLaserModel";
import { RobotMotion } from "../../src/sim/RobotMotion";
import { SimCourt } from "../../src/sim/SimCourt";
import { SeededRandom } from "../../src/core/random/SeededRandom";

const court = new SimCourt(courtMapFromParameters({}).spec);

function stats(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, std: Math.sqrt(variance) };
}

describe("SimCourt ray caster", () => {
  // Hand-worked from the default court (15 x 8 m, hoop x 5.925, board face x 6.3, pole x 7.0 r 0.1).
  it.each([
    ["towards the pole", 0, 0, 0.05, 0, 0, 6.9, "pole"],
    ["to the left fence", 0, 0, 0.05, Math.PI / 2, 0, 4.0, "fence_left"],
    ["to the right fence from off-centre", 1, 1, 0.05, -Math.PI / 2, 0, 5.0, "fence_right"],
    ["over the fence: nothing", 0, 0, 0.5, Math.PI / 2, 0, Infinity, ""],
    ["the second hoop's pole", 0, 0, 0.05, Math.PI, 0, 6.9, "pole_2"],
    ["the backboard face", 5, 0, 2.5, 0, 0, 1.3, "backboard"],
    ["the rim's near edge", 4, 0, 2.43, 0, 0, 5.925 - 0.235 - 4, "rim"],
    ["the floor before the fence", 0, 0, 0.05, Math.PI / 2, -0.02, 0.05 / Math.tan(0.02) / Math.cos(0.02), "floor"],
  ])("%s", (_name, x, y, z, azimuth, elevation, range, surface) => {
    const hit = court.cast(x, y, z, azimuth, elevation);
    expect(hit.surface).toBe(surface);
    if (Number.isFinite(range)) expect(hit.range).toBeCloseTo(range, 9);
    else expect(hit.range).toBe(Infinity);
  });

  it("agrees with a brute-force march along oblique rays to the fence", () => {
    const random = new SeededRandom(3);
    for (let k = 0; k < 50; k++) {
      const x = random.between(-6, 4);
      const y = random.between(-3.5, 3.5);
      const azimuth = random.between(-Math.PI, Math.PI);
      const hit = court.cast(x, y, 0.05, azimuth);
      if (!hit.surface.startsWith("fence")) continue;
      // March in 1 mm steps until outside the fence rectangle.
      let s = 0;
      while (Math.abs(x + s * Math.cos(azimuth)) < 7.5 && Math.abs(y + s * Math.sin(azimuth)) < 4) s += 0.001;
      expect(Math.abs(hit.range - s)).toBeLessThan(0.0011);
    }
  });
});

describe("PointLaserModel noise statistics", () => {
  const N = 20000;
  it.each([
    ["DT35 at 3 m", DT35_CLASS, 3, 3, 0.005],
    ["TFmini at 4 m (no bias)", TFMINI_CLASS, 4, 4, 0.03],
    ["TFmini at 7 m (+1 % bias)", TFMINI_CLASS, 7, 7.07, 0.03],
  ])("%s: mean and sigma as configured", (_name, options, range, expectedMean, expectedSigma) => {
    const laser = new PointLaserModel({ ...options, dropoutProbability: 0 });
    const random = new SeededRandom(42);
    const readings = Array.from({ length: N }, () => laser.fromTrueRange(range, random));
    const { mean, std } = stats(readings);
    // Standard error of the mean sigma / sqrt(N); resolution adds res^2 / 12 to the variance.
    expect(Math.abs(mean - expectedMean)).toBeLessThan((4 * expectedSigma) / Math.sqrt(N) + 1e-4);
    const res = options.resolution ?? 0;
    expect(std).toBeGreaterThan(Math.sqrt(expectedSigma ** 2 + res ** 2 / 12) * 0.97);
    expect(std).toBeLessThan(Math.sqrt(expectedSigma ** 2 + res ** 2 / 12) * 1.03);
  });

  it.each([
    ["below min", 0.01, -Infinity],
    ["beyond max", 20, Infinity],
    ["no return", Infinity, Infinity],
  ])("REP-117 encoding: %s", (_name, range, expected) => {
    const laser = new PointLaserModel({ ...DT35_CLASS, sigma: 0, dropoutProbability: 0 });
    expect(laser.fromTrueRange(range, new SeededRandom(1))).toBe(expected);
  });

  it("dropouts are NaN at the configured rate", () => {
    const laser = new PointLaserModel({ ...DT35_CLASS, dropoutProbability: 0.1 });
    const random = new SeededRandom(5);
    const n = 20000;
    const nan = Array.from({ length: n }, () => laser.fromTrueRange(2, random)).filter(Number.isNaN).length;
    expect(Math.abs(nan / n - 0.1)).toBeLessThan(4 * Math.sqrt((0.1 * 0.9) / n));
  });

  it("a TFmini spot straddling the backboard edge returns the board for part of the readings; a DT35 never", () => {
    // From x = 3.3 at board height, aimed at the far fence just past the board's side edge (y = 0.9).
    const beam = { x: 3.3, y: 0.0, z: 2.8, azimuth: Math.atan2(0.93, 3.0), elevation: 0 };
    const wide = new PointLaserModel({ ...TFMINI_CLASS, sigma: 0, dropoutProbability: 0 });
    const tight = new PointLaserModel({ ...DT35_CLASS, sigma: 0, dropoutProbability: 0 });
    const random = new SeededRandom(9);
    const boardRange = 3.0 / Math.cos(beam.azimuth);
    const wideHits = Array.from({ length: 2000 }, () => wide.trueRange(court, beam, random));
    const onBoard = wideHits.filter((r) => r < boardRange + 0.1).length / wideHits.length;
    expect(onBoard).toBeGreaterThan(0.05);
    expect(onBoard).toBeLessThan(0.95);
    const tightHits = Array.from({ length: 200 }, () => tight.trueRange(court, beam, random));
    expect(tightHits.every((r) => r > boardRange + 0.1)).toBe(true);
  });
});

describe("LidarModel", () => {
  it("has 450 beams, sigma 15 mm on the fence, and dropouts at the configured rate", () => {
    const lidar = new LidarModel();
    const random = new SeededRandom(11);
    const errors: number[] = [];
    let invalid = 0;
    let total = 0;
    for (let k = 0; k < 40; k++) {
      const scan = lidar.scan(court, 0, 0, 0.05, 0, random);
      expect(scan.ranges.length).toBe(450);
      scan.ranges.forEach((r, i) => {
        total++;
        if (Number.isNaN(r)) invalid++;
        const truth = court.cast(0, 0, 0.05, scan.angleMin + i * scan.angleIncrement).range;
        if (Number.isFinite(r) && Number.isFinite(truth)) errors.push(r - truth);
      });
    }
    const { mean, std } = stats(errors);
    expect(Math.abs(mean)).toBeLessThan(0.001);
    expect(std).toBeGreaterThan(0.015 * 0.97);
    expect(std).toBeLessThan(0.015 * 1.03);
    expect(Math.abs(invalid / total - 0.02)).toBeLessThan(0.005);
  });

  // The court's 0.1 m pole at (7, 0), straight ahead of a standing lidar, its centre on a beam's
  // direction in the first revolution. Beyond 7.16 m (0.1 m / sin(0.8 deg)) the neighbours of that
  // beam can both miss it: a grid fixed to the robot would then give one beam every revolution.
  it.each([
    { distance: 6.5, atLeast: 1 },
    { distance: 7.34, atLeast: 0.85 },
    { distance: 7.9, atLeast: 0.7 },
  ])("a standing lidar sees the pole $distance m away with two beams in at least $atLeast of its revolutions", ({ distance, atLeast }) => {
    const lidar = new LidarModel({ sigma: 0, dropoutProbability: 0 });
    const random = new SeededRandom(3);
    const revolutions = 50;
    let twoBeams = 0;
    for (let k = 0; k < revolutions; k++) {
      const scan = lidar.scan(court, 7 - distance, 0, 0.05, 0, random);
      // Beams ahead (not the other hoop's pole behind) that end on the pole, not the fence behind it.
      const onPole = scan.ranges.filter((r, i) => Math.abs(scan.angleMin + i * scan.angleIncrement) < 0.5 && r < distance + 0.05).length;
      if (onPole >= 2) twoBeams++;
    }
    expect(twoBeams / revolutions).toBeGreaterThanOrEqual(atLeast);
  });

  it("starts each revolution a different fraction of a beam spacing on, and says so in angleMin", () => {
    const lidar = new LidarModel();
    const random = new SeededRandom(4);
    const phases = Array.from({ length: 20 }, () => (lidar.scan(court, 0, 0, 0.05, 0, random).angleMin + Math.PI) / lidar.angleIncrement);
    expect(phases.every((f) => f >= 0 && f < 1)).toBe(true);
    expect(new Set(phases.map((f) => Math.floor(f * 10))).size).toBe(10);
  });
});

describe("FlywheelPlant", () => {
  it("velocity mode settles on the setpoint; effort mode reaches the back-EMF speed minus friction", () => {
    const plant = new FlywheelPlant({ rippleFraction: 0 });
    plant.setCommand({ mode: "velocity", setpoint: 400 });
    plant.advance(3);
    expect(Math.abs(plant.speed - 400)).toBeLessThan(0.5);
    const open = new FlywheelPlant({ rippleFraction: 0, coulombFriction: 0, viscousFriction: 0, batteryResistance: 0 });
    open.setCommand({ mode: "effort", voltage: 6 });
    open.advance(5);
    expect(open.speed).toBeCloseTo(6 / 0.0185, 0);
  });

  it("the battery sags: a big step draws current and gets less than the voltage limit", () => {
    const plant = new FlywheelPlant();
    plant.setCommand({ mode: "effort", voltage: 12 });
    plant.advance(0.01);
    expect(plant.voltage).toBeLessThan(12);
    expect(plant.current).toBeGreaterThan(10);
  });

  it("the ripple's amplitude is the configured fraction of the speed", () => {
    const plant = new FlywheelPlant({ rippleFraction: 0.01 });
    plant.setCommand({ mode: "velocity", setpoint: 300 });
    plant.advance(3);
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < 200; k++) {
      plant.advance(0.0005);
      lo = Math.min(lo, plant.surfaceSpeed / plant.speed);
      hi = Math.max(hi, plant.surfaceSpeed / plant.speed);
    }
    expect(hi - 1).toBeCloseTo(0.01, 3);
    expect(1 - lo).toBeCloseTo(0.01, 3);
  });

  it("the encoder counts the shaft angle over its period: it reads the mean speed (the ripple is on the surface only), the noise stays", () => {
    const plant = new FlywheelPlant({ rippleFraction: 0.002, measurementSigma: 0 });
    plant.setCommand({ mode: "velocity", setpoint: 300 });
    plant.advance(3);
    const start = plant.position;
    plant.measuredSpeed(new SeededRandom(1));
    let worst = 0;
    let worstFromMean = 0;
    let surfaceRipple = 0;
    for (let k = 0; k < 100; k++) {
      const before = plant.position;
      plant.advance(0.01);
      const measured = plant.measuredSpeed(new SeededRandom(1));
      // The reference: the angle travelled over the period, as counting encoder edges gives it.
      worst = Math.max(worst, Math.abs(measured - (plant.position - before) / 0.01));
      worstFromMean = Math.max(worstFromMean, Math.abs(measured - plant.speed));
      surfaceRipple = Math.max(surfaceRipple, Math.abs(plant.surfaceSpeed / plant.speed - 1));
    }
    expect(worst).toBeLessThan(1e-9);
    // The shaft turns at the mean speed: the encoder sees none of the 0.6 rad/s surface ripple,
    // not even over a quarter of a ripple cycle (2.5 ms at 95 Hz), where no averaging could hide it...
    for (let k = 0; k < 100; k++) {
      plant.advance(0.0025);
      worstFromMean = Math.max(worstFromMean, Math.abs(plant.measuredSpeed(new SeededRandom(1)) - plant.speed));
    }
    expect(worstFromMean).toBeLessThan(0.005);
    // ...which the ball does see, at about the configured fraction.
    expect(surfaceRipple).toBeGreaterThan(0.0018);
    expect(surfaceRipple).toBeLessThan(0.0021);
    expect(plant.position - start).toBeGreaterThan(290);
    const noisy = new FlywheelPlant({ rippleFraction: 0, measurementSigma: 0.3 });
    const random = new SeededRandom(2);
    const samples = Array.from({ length: 2000 }, () => {
      noisy.advance(0.01);
      return noisy.measuredSpeed(random) - noisy.speed;
    });
    const sd = Math.sqrt(samples.reduce((a, x) => a + x * x, 0) / samples.length);
    expect(sd).toBeGreaterThan(0.27);
    expect(sd).toBeLessThan(0.33);
  });

  it("a shot takes energy from the wheel", () => {
    const plant = new FlywheelPlant({ rippleFraction: 0 });
    plant.setCommand({ mode: "velocity", setpoint: 400 });
    plant.advance(3);
    const before = plant.speed;
    plant.takeShot(0.6, 9, 1);
    // 1/2 J (w0^2 - w1^2) = 1/2 m v^2
    expect(0.5 * 1.5e-3 * (before ** 2 - plant.speed ** 2)).toBeCloseTo(0.5 * 0.6 * 81, 6);
  });

  it("setSpeedAfterShot sets the mean speed the launcher model decided; the velocity loop then recovers", () => {
    const plant = new FlywheelPlant({ rippleFraction: 0 });
    plant.setCommand({ mode: "velocity", setpoint: 400 });
    plant.advance(3);
    const angle = plant.position;
    plant.setSpeedAfterShot(293.3);
    expect(plant.speed).toBe(293.3);
    expect(plant.position).toBe(angle);
    plant.advance(3);
    expect(Math.abs(plant.speed - 400)).toBeLessThan(0.5);
    expect(() => plant.setSpeedAfterShot(NaN)).toThrow(/wheelSpeed_radps must be finite, got NaN/);
  });

  it.each([[{ inertia: 0 }], [{ resistance: -1 }], [{ rippleFraction: -0.1 }]])("rejects %j", (options) => {
    expect(() => new FlywheelPlant(options)).toThrow(/must be/);
  });
});

describe("RobotMotion", () => {
  it("turns with its yaw rate and yaw acceleration limited, and stops on the goal heading", () => {
    const robot = new RobotMotion({ x: 0, y: 0, yaw: 0 }, { maxYawRate: 2, maxYawAcceleration: 6 }, new SeededRandom(4));
    robot.driveTo({ x: 0, y: 0, yaw: 1.5 });
    let lastRate = 0;
    let peakAcceleration = 0;
    let peakRate = 0;
    let steps = 0;
    for (; steps < 500 && !robot.arrived; steps++) {
      robot.step(0.01);
      const rate = robot.trueTwist.wz;
      peakAcceleration = Math.max(peakAcceleration, Math.abs(rate - lastRate) / 0.01);
      peakRate = Math.max(peakRate, Math.abs(rate));
      lastRate = rate;
    }
    expect(robot.pose.yaw).toBeCloseTo(1.5, 9);
    expect(peakRate).toBeLessThanOrEqual(2 + 1e-9);
    // Within 12 %: the last step snaps onto the goal heading.
    expect(peakAcceleration).toBeLessThanOrEqual(6 * 1.12);
    // Closed form of a trapezoidal profile: accelerate to 2 rad/s in 1/3 s, cruise, brake in 1/3 s.
    const closedForm = 1.5 / 2 + 2 / 6;
    expect(steps * 0.01).toBeGreaterThan(closedForm - 0.03);
    expect(steps * 0.01).toBeLessThan(closedForm + 0.05);
  });

  it("drives to the goal and the odometry drifts by its drawn scale, not more", () => {
    const robot = new RobotMotion({ x: 0, y: 0, yaw: 0 }, { odomScaleSigma: 0.01 }, new SeededRandom(4));
    robot.driveTo({ x: 3, y: 1, yaw: 0.3 });
    for (let k = 0; k < 500 && !robot.arrived; k++) robot.step(0.01);
    expect(robot.arrived).toBe(true);
    expect(robot.pose.x).toBeCloseTo(3, 9);
    const drift = Math.hypot(robot.odomPose.x - 3, robot.odomPose.y - 1);
    expect(drift).toBeGreaterThan(0);
    expect(drift).toBeLessThan(0.15);
  });

  // What the driver reports is the variance of its error over robots (each run draws its own scale
  // and gyro bias): checked against the spread of that error over 400 seeded robots.
  it.each([
    { name: "cruising at 1.5 m/s", goal: { x: 10, y: 0, yaw: 0 }, steps: 200, stopped: false },
    { name: "turning on the spot", goal: { x: 0, y: 0, yaw: 3 }, steps: 30, stopped: false },
    { name: "standing", goal: { x: 0, y: 0, yaw: 0 }, steps: 10, stopped: true },
  ])("the reported odometry variance is the error's variance: $name", ({ goal, steps, stopped }) => {
    const errors = { vx: [] as number[], wz: [] as number[] };
    let reported = { vx: NaN, vy: NaN, wz: NaN };
    for (let seed = 0; seed < 400; seed++) {
      const robot = new RobotMotion({ x: 0, y: 0, yaw: 0 }, { odomScaleSigma: 0.02, odomYawRateBiasSigma: 0.004 }, new SeededRandom(seed));
      robot.driveTo(goal);
      for (let k = 0; k < steps; k++) robot.step(0.01);
      errors.vx.push(robot.odomTwist.vx - robot.trueTwist.vx);
      errors.wz.push(robot.odomTwist.wz - robot.trueTwist.wz);
      reported = robot.odomTwistVariance;
    }
    const variance = (e: number[]): number => e.reduce((a, x) => a + x * x, 0) / e.length;
    // 400 samples: the sample variance is within about 15 % (2 sigma of a chi-square / 400).
    if (stopped) {
      // Stopped encoders read exactly zero, and the driver says "known" with a tiny variance.
      expect(variance(errors.vx)).toBe(0);
      expect(reported.vx).toBeLessThan(1e-5);
    } else {
      expect(variance(errors.vx) / reported.vx).toBeGreaterThan(0.85);
      expect(variance(errors.vx) / reported.vx).toBeLessThan(1.15);
    }
    expect(variance(errors.wz) / reported.wz).toBeGreaterThan(0.85);
    expect(variance(errors.wz) / reported.wz).toBeLessThan(1.15);
  });
});
