import { AirProperties, ReynoldsDrag, SpinLift, type LiftCoefficientModel } from "../../../src/sim/truth/aerodynamics";
import { TrueBallFlight, backspinFor, type BallLaunch, type PlaneCrossing, type Vec3 } from "../../../src/sim/truth/trueBallFlight";
// Only the test imports the controller's model: to show both agree where their physics is the same.
import { createBallisticModel, DEFAULT_BALLISTIC_MODEL } from "../../../src/core/ballistics/BallisticModel";
import { FlightIntegrator } from "../../../src/core/ballistics/FlightIntegrator";

const G = 9.80665;
const DEG = Math.PI / 180;
const RIM = 2.43;
const ZERO: Vec3 = { x: 0, y: 0, z: 0 };
/** Cross-sectional area over mass of the default ball, times 0.5 rho: the aerodynamic factor [1/m]. */
const K_AERO = (0.5 * 1.2 * Math.PI * 0.121 * 0.121) / 0.6;
const noLift: LiftCoefficientModel = { coefficient: () => 0 };
/** C_L = S: Magnus acceleration kAero r |w| (w^ x v), linear in v (the controller's lift law). */
const linearLift: LiftCoefficientModel = { coefficient: (s) => s };

function launch(position: Vec3, velocity: Vec3, spin: Vec3 = ZERO): BallLaunch {
  return { position, velocity, spin };
}

function shot(speed: number, angleDeg: number, z0 = 1, spinRate = 0): BallLaunch {
  const velocity = { x: speed * Math.cos(angleDeg * DEG), y: 0, z: speed * Math.sin(angleDeg * DEG) };
  return launch({ x: 0, y: 0, z: z0 }, velocity, spinRate === 0 ? ZERO : backspinFor(velocity, spinRate));
}

function crossing(result: PlaneCrossing): Extract<PlaneCrossing, { kind: "crossing" }> {
  if (result.kind !== "crossing") throw new Error(`expected a crossing, got ${result.kind}`);
  return result;
}

/** Scalar Newton on f from t (a test-side root finder for the hand-worked references). */
function newton(f: (t: number) => number, df: (t: number) => number, t: number): number {
  for (let i = 0; i < 50; i++) {
    const step = f(t) / df(t);
    t -= step;
    if (Math.abs(step) < 1e-15) break;
  }
  return t;
}

describe("TrueBallFlight in a vacuum (no drag, no lift) equals the parabola", () => {
  // Later root of z0 + vz t - g t^2 / 2 = L: the way down.
  const descendingTime = (z0: number, vz: number, plane: number): number => (vz + Math.sqrt(vz * vz + 2 * G * (z0 - plane))) / G;
  const grazingVz = (height: number): number => Math.sqrt(2 * G * height);
  const cases: [string, BallLaunch, number][] = [
    ["6 m shot from 1 m, 9 m/s at 60 deg", shot(9, 60), RIM],
    ["with a sideways velocity and spin (lift model zero)", launch({ x: 1, y: -2, z: 1.2 }, { x: 3, y: -2.5, z: 7 }, { x: 5, y: 40, z: -30 }), RIM],
    ["starting above the plane, rising", launch({ x: -3, y: 4, z: 3 }, { x: 2, y: 1, z: 2 }), RIM],
    ["starting above the plane, falling", launch({ x: 0, y: 0, z: 3 }, { x: 2, y: 0, z: -1 }), RIM],
    ["apex 0.1 mm above the plane (up and down in one long step)", launch({ x: 0, y: 0, z: 1 }, { x: 5, y: 0, z: grazingVz(1.43 + 1e-4) }), RIM],
    ["vertical, starting on the plane going up", launch({ x: 2, y: 2, z: RIM }, { x: 0, y: 0, z: 4 }), RIM],
  ];
  const vacuums: [string, TrueBallFlight][] = [
    ["Cd 0 and a zero lift model", new TrueBallFlight({ drag: ReynoldsDrag.constant(0), lift: noLift })],
    ["air density 0, default aerodynamics", new TrueBallFlight({ air: new AirProperties({ density_kgpm3: 0 }) })],
  ];
  for (const [vacuumName, flight] of vacuums) {
    test.each(cases)(`${vacuumName}: %s`, (_name, ball, plane) => {
      const t = descendingTime(ball.position.z, ball.velocity.z, plane);
      const c = crossing(flight.crossDescending(ball, plane));
      expect(Math.abs(c.time_s - t)).toBeLessThan(1e-12);
      expect(Math.abs(c.position.x - (ball.position.x + ball.velocity.x * t))).toBeLessThan(1e-11);
      expect(Math.abs(c.position.y - (ball.position.y + ball.velocity.y * t))).toBeLessThan(1e-11);
      expect(c.position.z).toBe(plane);
      expect(Math.abs(c.velocity.x - ball.velocity.x)).toBeLessThan(1e-12);
      expect(Math.abs(c.velocity.y - ball.velocity.y)).toBeLessThan(1e-12);
      expect(Math.abs(c.velocity.z - (ball.velocity.z - G * t))).toBeLessThan(1e-11);
    });
  }

  const flight = vacuums[0]![1];
  test.each([
    ["apex below the plane", launch({ x: 0, y: 0, z: 1 }, { x: 4, y: 0, z: 3 })],
    ["apex 0.1 mm below the plane", launch({ x: 0, y: 0, z: 1 }, { x: 5, y: 0, z: grazingVz(1.43 - 1e-4) })],
    ["thrown down from below the plane", launch({ x: 0, y: 0, z: 1 }, { x: 4, y: 0, z: -1 })],
    ["starting on the plane going down", launch({ x: 0, y: 0, z: RIM }, { x: 4, y: 0, z: -1 })],
  ])("%s: below_plane", (_name, ball) => {
    expect(flight.crossDescending(ball, RIM)).toEqual({ kind: "below_plane" });
  });

  test("a flight longer than maxTime_s times out", () => {
    const short = new TrueBallFlight({ drag: ReynoldsDrag.constant(0), lift: noLift, maxTime_s: 0.5 });
    // Comes down through the rim plane at 1.06 s.
    expect(short.crossDescending(shot(7.5, 70), RIM)).toEqual({ kind: "timeout" });
    expect(flight.crossDescending(shot(7.5, 70), RIM).kind).toBe("crossing");
  });

  test("the trajectory samples the parabola from release to the crossing", () => {
    const ball = launch({ x: 1, y: -2, z: 1.2 }, { x: 3, y: -2.5, z: 7 });
    const samples = flight.trajectory(ball, RIM, 50);
    const c = crossing(flight.crossDescending(ball, RIM));
    expect(samples.t_s).toHaveLength(50);
    expect(samples.t_s[0]).toBe(0);
    expect(samples.t_s[49]).toBe(c.time_s);
    expect([samples.x_m[49], samples.y_m[49], samples.z_m[49]]).toEqual([c.position.x, c.position.y, c.position.z]);
    samples.t_s.forEach((t, i) => {
      if (i > 0) expect(t).toBeGreaterThan(samples.t_s[i - 1]!);
      expect(Math.abs(samples.x_m[i]! - (1 + 3 * t))).toBeLessThan(1e-11);
      expect(Math.abs(samples.y_m[i]! - (-2 - 2.5 * t))).toBeLessThan(1e-11);
      expect(Math.abs(samples.z_m[i]! - (1.2 + 7 * t - 0.5 * G * t * t))).toBeLessThan(1e-11);
    });
  });

  test("a ball that never reaches the plane is followed down to the floor (centre at the ball radius)", () => {
    const ball = launch({ x: 0, y: 0, z: 1 }, { x: 4, y: 0, z: 3 });
    const samples = flight.trajectory(ball, RIM, 20);
    const tFloor = descendingTime(1, 3, 0.121);
    expect(samples.t_s).toHaveLength(20);
    expect(Math.abs(samples.t_s[19]! - tFloor)).toBeLessThan(1e-12);
    expect(samples.z_m[19]).toBe(0.121);
    expect(Math.abs(samples.x_m[19]! - 4 * tFloor)).toBeLessThan(1e-11);
  });
});

describe("TrueBallFlight: terminal velocity with a constant drag coefficient", () => {
  // Vertical fall from rest with quadratic drag: v = vt tanh(g t / vt), fallen (vt^2 / g) ln cosh(g t / vt),
  // vt = sqrt(2 m g / (rho A Cd)). Dropped from 2000 m to the floor: some 100 s, 40 time constants vt / g.
  test.each([
    ["default ball, Cd 0.50", 0.6, 0.121, 0.5],
    ["lighter, smaller ball, Cd 0.30", 0.45, 0.11, 0.3],
  ])("%s", (_name, mass, radius, cd) => {
    const flight = new TrueBallFlight({ ballMass_kg: mass, ballRadius_m: radius, drag: ReynoldsDrag.constant(cd), maxTime_s: 300 });
    const vt = Math.sqrt((2 * mass * G) / (1.2 * Math.PI * radius * radius * cd));
    const c = crossing(flight.crossDescending(launch({ x: 3, y: -1, z: 2000 }, ZERO), 0));
    const t = (vt / G) * Math.acosh(Math.exp((G * 2000) / (vt * vt)));
    expect((G * t) / vt).toBeGreaterThan(30);
    expect(Math.abs(c.velocity.z + vt) / vt).toBeLessThan(1e-9);
    expect(Math.abs(c.time_s - t) / t).toBeLessThan(1e-9);
    expect([c.position.x, c.position.y, c.velocity.x, c.velocity.y]).toEqual([3, -1, 0, 0]);
  });

  test("part of the way down the speed follows vt tanh(g t / vt)", () => {
    const flight = new TrueBallFlight({ drag: ReynoldsDrag.constant(0.5) });
    const vt = Math.sqrt((2 * 0.6 * G) / (1.2 * Math.PI * 0.121 * 0.121 * 0.5));
    const c = crossing(flight.crossDescending(launch({ x: 0, y: 0, z: 30 }, ZERO), 0));
    const t = (vt / G) * Math.acosh(Math.exp((G * 30) / (vt * vt)));
    expect(Math.abs(c.time_s - t)).toBeLessThan(1e-9);
    expect(Math.abs(c.velocity.z + vt * Math.tanh((G * t) / vt))).toBeLessThan(1e-8);
  });
});

describe("TrueBallFlight: Magnus lift", () => {
  describe("against hand-worked flights with no drag and C_L = S (Magnus acceleration kAero r |w| (w^ x v))", () => {
    const flight = new TrueBallFlight({ drag: ReynoldsDrag.constant(0), lift: linearLift });
    test.each([
      ["counter-clockwise sidespin (+z) turns the ball left", 200, 3, 1],
      ["clockwise sidespin (-z) turns the ball right", -200, 4, -1.5],
    ])("%s", (_name, wz, vx, vy) => {
      // Spin along z: the horizontal velocity turns at omega = kAero r wz, the height is the parabola.
      const omega = K_AERO * 0.121 * wz;
      const ball = launch({ x: 0.5, y: 1, z: 1 }, { x: vx, y: vy, z: 7.5 }, { x: 0, y: 0, z: wz });
      const t = (7.5 + Math.sqrt(7.5 * 7.5 - 2 * G * (RIM - 1))) / G;
      const phi = omega * t;
      const c = crossing(flight.crossDescending(ball, RIM));
      expect(Math.abs(c.time_s - t)).toBeLessThan(1e-9);
      expect(Math.abs(c.position.x - (0.5 + (vx * Math.sin(phi) + vy * (Math.cos(phi) - 1)) / omega))).toBeLessThan(1e-8);
      expect(Math.abs(c.position.y - (1 + (vx * (1 - Math.cos(phi)) + vy * Math.sin(phi)) / omega))).toBeLessThan(1e-8);
      expect(Math.abs(c.velocity.x - (vx * Math.cos(phi) - vy * Math.sin(phi)))).toBeLessThan(1e-8);
      expect(Math.abs(c.velocity.y - (vx * Math.sin(phi) + vy * Math.cos(phi)))).toBeLessThan(1e-8);
      // Deflection to the left of the straight path for +z spin (right-hand rule: z x v points left).
      const straight = { x: 0.5 + vx * t, y: 1 + vy * t };
      const left = -vy * (c.position.x - straight.x) + vx * (c.position.y - straight.y);
      expect(Math.sign(left)).toBe(Math.sign(wz));
    });

    test.each([
      ["backspin", 60],
      ["topspin", -60],
    ])("%s along +x: the velocity turns about -y, around the drift g / omega", (_name, rate) => {
      // dv/dt = omega (-vz, vx) + (0, -g), omega = kAero r rate: v = v* + R(omega t) (v0 - v*), v* = (g / omega, 0).
      const omega = K_AERO * 0.121 * rate;
      const ball = shot(9, 60, 1, rate);
      expect([ball.spin.x, ball.spin.y, ball.spin.z]).toEqual([expect.closeTo(0, 15), -rate, 0]);
      const ux = ball.velocity.x - G / omega;
      const uz = ball.velocity.z;
      const z = (t: number): number => 1 + (ux * (1 - Math.cos(omega * t)) + uz * Math.sin(omega * t)) / omega;
      const vz = (t: number): number => ux * Math.sin(omega * t) + uz * Math.cos(omega * t);
      const t = newton((s) => z(s) - RIM, vz, 1.6);
      expect(vz(t)).toBeLessThan(0);
      const x = (G / omega) * t + (ux * Math.sin(omega * t) - uz * (1 - Math.cos(omega * t))) / omega;
      const c = crossing(flight.crossDescending(ball, RIM));
      expect(Math.abs(c.time_s - t)).toBeLessThan(1e-9);
      expect(Math.abs(c.position.x - x)).toBeLessThan(1e-8);
      expect(Math.abs(c.velocity.z - vz(t))).toBeLessThan(1e-8);
      expect(Math.abs(c.velocity.x - (G / omega + ux * Math.cos(omega * t) - uz * Math.sin(omega * t)))).toBeLessThan(1e-8);
      expect(Math.abs(c.position.y)).toBe(0);
    });
  });

  describe("with the default aerodynamics (Reynolds drag, saturating lift)", () => {
    const flight = new TrueBallFlight();
    const apex = (ball: BallLaunch, plane: number): number => Math.max(...flight.trajectory(ball, plane, 400).z_m);

    // Backspin's lift leans back while the ball climbs and forward while it falls, and keeps it up
    // longer: a forward shot goes further overall. (On a steep 60 deg shot to a plane well above the
    // release the two nearly cancel: there both spins land a little short of no spin.)
    test.each([
      ["9 m/s at 50 deg to the rim plane", 9, 50, RIM],
      ["8 m/s at 45 deg down to 0.5 m, below the release", 8, 45, 0.5],
    ])("%s: backspin flies longer and higher than no spin, topspin shorter and lower", (_name, speed, angleDeg, plane) => {
      const plain = crossing(flight.crossDescending(shot(speed, angleDeg), plane));
      const plainApex = apex(shot(speed, angleDeg), plane);
      const back = crossing(flight.crossDescending(shot(speed, angleDeg, 1, 20), plane));
      const top = crossing(flight.crossDescending(shot(speed, angleDeg, 1, -20), plane));
      expect(back.position.x).toBeGreaterThan(plain.position.x + 0.05);
      expect(back.time_s).toBeGreaterThan(plain.time_s + 0.01);
      expect(apex(shot(speed, angleDeg, 1, 20), plane)).toBeGreaterThan(plainApex + 0.03);
      expect(top.position.x).toBeLessThan(plain.position.x - 0.05);
      expect(top.time_s).toBeLessThan(plain.time_s - 0.01);
      expect(apex(shot(speed, angleDeg, 1, -20), plane)).toBeLessThan(plainApex - 0.03);
      for (const c of [back, top]) expect(Math.abs(c.position.y)).toBe(0);
    });

    test("backspinFor any heading: longer along the heading, no sideways deflection", () => {
      const heading = 135 * DEG;
      const v = { x: 5.785 * Math.cos(heading), y: 5.785 * Math.sin(heading), z: 6.894 };
      const start = { x: 2, y: 1, z: 1 };
      const along = (c: Extract<PlaneCrossing, { kind: "crossing" }>): number =>
        (c.position.x - start.x) * Math.cos(heading) + (c.position.y - start.y) * Math.sin(heading);
      const across = (c: Extract<PlaneCrossing, { kind: "crossing" }>): number =>
        -(c.position.x - start.x) * Math.sin(heading) + (c.position.y - start.y) * Math.cos(heading);
      const none = crossing(flight.crossDescending(launch(start, v), RIM));
      const back = crossing(flight.crossDescending(launch(start, v, backspinFor(v, 25)), RIM));
      expect(along(back)).toBeGreaterThan(along(none) + 0.05);
      expect(Math.abs(across(back))).toBeLessThan(1e-12);
      expect(Math.abs(across(none))).toBeLessThan(1e-12);
    });

    test.each([
      ["+z (counter-clockwise from above) deflects to +y, the left of a +x shot", 20, 1],
      ["-z deflects to -y", -20, -1],
    ])("sidespin %s", (_name, wz, side) => {
      const ball = shot(9, 60);
      const c = crossing(flight.crossDescending({ ...ball, spin: { x: 0, y: 0, z: wz } }, RIM));
      expect(Math.sign(c.position.y)).toBe(side);
      expect(Math.abs(c.position.y)).toBeGreaterThan(0.05);
    });

    test("decaying spin deflects less than constant spin, more than none", () => {
      const decaying = new TrueBallFlight({ spinDecayTime_s: 0.5 });
      const ball = { ...shot(9, 60), spin: { x: 0, y: 0, z: 20 } };
      const constantY = crossing(flight.crossDescending(ball, RIM)).position.y;
      const decayingY = crossing(decaying.crossDescending(ball, RIM)).position.y;
      expect(decayingY).toBeGreaterThan(0.1 * constantY);
      expect(decayingY).toBeLessThan(0.9 * constantY);
    });
  });
});

describe("TrueBallFlight agrees with the controller's FlightIntegrator where both model the same physics", () => {
  // Constant Cd 0.5, rho 1.2, size-7 ball, 2D launch; lift C_L = S (the core's magnus_lift_coefficient 1.0).
  // The core's RK4 at its default step (40 ms) errs by a tenth of a micrometre here (measured against its own
  // 1 ms run, whose error is 40^4 times smaller), the truth by about a nanometre at its default tolerances.
  const truth = new TrueBallFlight({ drag: ReynoldsDrag.constant(0.5), lift: linearLift });
  test.each([
    [9, 60, 1.0, 0],
    [7.5, 55, 1.0, 0],
    [10.5, 50, 0.8, 0],
    [9, 60, 1.0, 20],
    [8, 45, 1.2, 30],
  ])("%d m/s at %d deg from %d m, backspin %d rad/s", (speed, angleDeg, z0, spin) => {
    const core = (step: number) =>
      new FlightIntegrator(createBallisticModel({ integration_step_s: step, release_height_m: z0, backspin_radps: spin })).crossRimPlane(
        speed,
        angleDeg * DEG,
      );
    const coarse = core(DEFAULT_BALLISTIC_MODEL.integration_step_s);
    const fine = core(0.001);
    if (coarse.kind !== "crossing" || fine.kind !== "crossing") throw new Error("the core flight must cross the rim plane");
    const c = crossing(truth.crossDescending(shot(speed, angleDeg, z0, spin), RIM));
    const stepError = Math.abs(coarse.x_m - fine.x_m);
    expect(stepError).toBeLessThan(1e-6);
    const budget = 1e-8;
    expect(Math.abs(c.position.x - fine.x_m)).toBeLessThan(budget);
    expect(Math.abs(c.position.x - coarse.x_m)).toBeLessThan(stepError + budget);
    expect(Math.abs(c.time_s - fine.time_s)).toBeLessThan(budget);
    expect(Math.abs(c.velocity.x - fine.vx_mps)).toBeLessThan(budget);
    expect(Math.abs(c.velocity.z - fine.vz_mps)).toBeLessThan(budget);
    expect(Math.abs(c.position.y)).toBe(0);
  });
});

describe("TrueBallFlight accuracy at its default tolerances", () => {
  const tight = new TrueBallFlight({ relativeTolerance: 1e-13, absoluteTolerance: 1e-13 });
  const normal = new TrueBallFlight();
  test.each([
    ["6 m shot", shot(9, 60)],
    ["fast flat shot with backspin", shot(11.5, 40, 0.8, 30)],
    ["lob with sidespin, moving robot", launch({ x: -4, y: 2, z: 1 }, { x: 3.5, y: -1.2, z: 9 }, { x: 3, y: -10, z: 15 })],
  ])("%s: crossing within 1e-7 m of a 1e-13 tolerance run", (_name, ball) => {
    const a = crossing(normal.crossDescending(ball, RIM));
    const b = crossing(tight.crossDescending(ball, RIM));
    expect(Math.hypot(a.position.x - b.position.x, a.position.y - b.position.y)).toBeLessThan(1e-7);
    expect(Math.abs(a.time_s - b.time_s)).toBeLessThan(1e-8);
  });
});

describe("ReynoldsDrag", () => {
  test.each([
    ["defaults", {}, 0.5, 0.25, 2.5e5, 4e4],
    ["custom", { subcritical: 0.55, supercritical: 0.1, criticalReynolds: 3e5, transitionWidth: 1e4 }, 0.55, 0.1, 3e5, 1e4],
  ])("%s: monotone, at the limits far away, the mean at the critical Reynolds number", (_name, options, sub, sup, critical, width) => {
    const drag = new ReynoldsDrag(options);
    const cds = Array.from({ length: 1001 }, (_, i) => drag.coefficient(i * 1000));
    const largestRise = Math.max(...cds.slice(1).map((cd, i) => cd - cds[i]!));
    expect(largestRise).toBeLessThanOrEqual(0);
    expect(Math.min(...cds)).toBeGreaterThanOrEqual(sup);
    expect(Math.max(...cds)).toBeLessThanOrEqual(sub);
    expect(Math.abs(drag.coefficient(critical - 40 * width) - sub)).toBeLessThan(1e-15);
    expect(Math.abs(drag.coefficient(critical + 40 * width) - sup)).toBeLessThan(1e-15);
    expect(drag.coefficient(1e30)).toBe(sup);
    expect(Math.abs(drag.coefficient(critical) - (sub + sup) / 2)).toBeLessThan(1e-15);
  });

  test("a basketball shot sits near the subcritical value and drifts down with speed", () => {
    const drag = new ReynoldsDrag();
    const re = (speed: number) => new AirProperties().reynolds(speed, 0.242);
    // Hand-worked: Re(9 m/s) = 1.2 * 9 * 0.242 / 1.81e-5 = 144398; Cd = 0.25 + 0.25 / (1 + exp(-2.640)).
    expect(re(9)).toBeCloseTo(144397.79, 1);
    expect(drag.coefficient(re(9))).toBeCloseTo(0.25 + 0.25 / (1 + Math.exp((144397.79 - 2.5e5) / 4e4)), 6);
    expect(drag.coefficient(re(5))).toBeGreaterThan(0.49);
    expect(drag.coefficient(re(12))).toBeLessThan(0.46);
    expect(ReynoldsDrag.constant(0.47).coefficient(re(12))).toBe(0.47);
  });
});

describe("SpinLift", () => {
  test("C_L = S / (a S + b): zero without spin, slope 1 / b at low spin, 1 / a at high spin, monotone", () => {
    const lift = new SpinLift();
    expect(lift.coefficient(0)).toBe(0);
    expect(lift.coefficient(0.2)).toBeCloseTo(0.2 / (2.022 * 0.2 + 0.981), 15);
    expect(lift.coefficient(1e-6) / 1e-6).toBeCloseTo(1 / 0.981, 5);
    expect(lift.coefficient(1e9)).toBeCloseTo(1 / 2.022, 8);
    const cls = Array.from({ length: 500 }, (_, i) => lift.coefficient(i * 0.01));
    expect(Math.min(...cls.slice(1).map((cl, i) => cl - cls[i]!))).toBeGreaterThan(0);
    expect(new SpinLift({ a: 0, b: 2 }).coefficient(0.3)).toBeCloseTo(0.15, 15);
  });
});

describe("backspinFor", () => {
  test.each([
    ["+x", { x: 3, y: 0, z: 5 }, 10, { x: 0, y: -10, z: 0 }],
    ["+y", { x: 0, y: 2, z: 5 }, 10, { x: 10, y: 0, z: 0 }],
    ["-x, topspin", { x: -4, y: 0, z: 1 }, -5, { x: 0, y: -5, z: 0 }],
    ["diagonal", { x: 3, y: 4, z: -2 }, 5, { x: 4, y: -3, z: 0 }],
  ])("%s", (_name, velocity, rate, expected) => {
    const w = backspinFor(velocity, rate);
    expect(w.x).toBeCloseTo(expected.x, 14);
    expect(w.y).toBeCloseTo(expected.y, 14);
    expect(w.z).toBe(0);
    // Magnus direction w x v has an upward component for backspin (rate > 0), downward for topspin.
    expect(Math.sign(w.x * velocity.y - w.y * velocity.x)).toBe(Math.sign(rate));
  });
});

describe("constructors and calls reject bad values, naming the value", () => {
  test.each<[string, () => unknown, RegExp]>([
    ["negative subcritical", () => new ReynoldsDrag({ subcritical: -0.1 }), /subcritical.*-0\.1/],
    ["supercritical above subcritical", () => new ReynoldsDrag({ subcritical: 0.4, supercritical: 0.45 }), /supercritical.*0\.4.*0\.45/],
    ["zero critical Reynolds", () => new ReynoldsDrag({ criticalReynolds: 0 }), /criticalReynolds.*got 0/],
    ["NaN transition width", () => new ReynoldsDrag({ transitionWidth: NaN }), /transitionWidth.*NaN/],
    ["negative a", () => new SpinLift({ a: -1 }), /a must.*-1/],
    ["zero b", () => new SpinLift({ b: 0 }), /b must.*got 0/],
    ["negative density", () => new AirProperties({ density_kgpm3: -1.2 }), /density_kgpm3.*-1\.2/],
    ["zero viscosity", () => new AirProperties({ viscosity_Pas: 0 }), /viscosity_Pas.*got 0/],
    ["zero mass", () => new TrueBallFlight({ ballMass_kg: 0 }), /ballMass_kg.*got 0/],
    ["negative radius", () => new TrueBallFlight({ ballRadius_m: -0.121 }), /ballRadius_m.*-0\.121/],
    ["NaN gravity", () => new TrueBallFlight({ gravity_mps2: NaN }), /gravity_mps2.*NaN/],
    ["zero spin decay time", () => new TrueBallFlight({ spinDecayTime_s: 0 }), /spinDecayTime_s.*got 0/],
    ["infinite max time", () => new TrueBallFlight({ maxTime_s: Infinity }), /maxTime_s.*Infinity/],
    ["relative tolerance too tight", () => new TrueBallFlight({ relativeTolerance: 1e-20 }), /relativeTolerance.*1e-20/],
    ["zero absolute tolerance", () => new TrueBallFlight({ absoluteTolerance: 0 }), /absoluteTolerance.*got 0/],
    ["NaN plane", () => new TrueBallFlight().crossDescending(shot(9, 60), NaN), /planeZ.*NaN/],
    ["infinite launch velocity", () => new TrueBallFlight().crossDescending(launch(ZERO, { x: Infinity, y: 0, z: 1 }), RIM), /launch\.velocity.*Infinity/],
    ["one trajectory point", () => new TrueBallFlight().trajectory(shot(9, 60), RIM, 1), /maxPoints.*got 1/],
    ["backspin of a vertical velocity", () => backspinFor({ x: 0, y: 0, z: 5 }, 10), /horizontal velocity.*\(0, 0, 5\)/],
    ["NaN spin rate", () => backspinFor({ x: 1, y: 0, z: 5 }, NaN), /spinRate.*NaN/],
  ])("%s", (_name, make, message) => {
    expect(make).toThrow(message);
  });
});
