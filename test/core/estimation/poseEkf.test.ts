import * as fc from "fast-check";
import { wrapAngle, type Pose2 } from "../../../src/core/court/courtMap";
import { defaultCourtMap } from "../../../src/core/court/courtSchema";
import type { SensorMount } from "../../../src/core/court/rayCaster";
import { constantVelocityStep } from "../../../src/core/estimation/motionModel";
import { DEFAULT_POSE_EKF_OPTIONS, odometryJacobian, odometryPrediction, PoseEkf, rangeBearing, type PoseEkfOptions, type RangeMeasurement } from "../../../src/core/estimation/poseEkf";
import { SeededRandom } from "../../../src/core/random/SeededRandom";
import { STATE_SIZE } from "../../../src/core/estimation/stateLayout";
import { referenceRange } from "../../../src/bench/referenceCourt";
import { poseEkfOptionsFromParameters, targetEstimationGroups, targetEstimationSchema } from "../../../src/nodes/target_estimation.schema";
import { resolveParameters, type ParameterValue } from "../../../src/core/parameters/schema";

const map = defaultCourtMap();
const SENSORS: readonly SensorMount[] = [
  { x: 0.2, y: 0.25, z: 0.05, yaw: Math.PI / 2 }, // left fence
  { x: -0.3, y: -0.2, z: 0.05, yaw: Math.PI }, // end fence behind
  { x: 0.1, y: 0.1, z: 2.5, yaw: 0 }, // lidar virtual beam on the backboard
  { x: 0.2, y: -0.25, z: 0.05, yaw: -Math.PI / 3 }, // oblique on the right fence: yaw information
];
const SIGMA = 0.005;

function reading(pose: Pose2, mount: SensorMount, rng: SeededRandom, sigma = SIGMA): RangeMeasurement {
  return { mount, range: referenceRange(map.spec, pose, mount) + rng.gaussian(0, sigma), sigma, minRange: 0.05, maxRange: 12 };
}

function started(pose: Pose2, sigmas: [number, number, number] = [0.2, 0.2, 0.05], options: PoseEkfOptions = {}, time = 0): PoseEkf {
  const ekf = new PoseEkf(map, options);
  const r = ekf.initialize(time, pose, [sigmas[0] ** 2, 0, 0, 0, sigmas[1] ** 2, 0, 0, 0, sigmas[2] ** 2]);
  expect(r.accepted).toBe(true);
  return ekf;
}

/** Exact pose after driving a constant body twist for t seconds (closed-form arc). */
function arc(start: Pose2, vx: number, w: number, t: number): Pose2 {
  if (Math.abs(w) < 1e-12) return { x: start.x + vx * t * Math.cos(start.yaw), y: start.y + vx * t * Math.sin(start.yaw), yaw: start.yaw };
  const yaw = start.yaw + w * t;
  return { x: start.x + (vx / w) * (Math.sin(yaw) - Math.sin(start.yaw)), y: start.y - (vx / w) * (Math.cos(yaw) - Math.cos(start.yaw)), yaw: wrapAngle(yaw) };
}

describe("measurement models against hand-computed geometry", () => {
  it.each([
    ["pole straight ahead", { x: 0, y: 0, yaw: 0 }, { x: 0, y: 0, z: 0, yaw: 0 }, { x: 7, y: 0 }, 7, 0],
    ["laser offset, robot turned left", { x: 1, y: 1, yaw: Math.PI / 2 }, { x: 0.5, y: 0, z: 0, yaw: 0 }, { x: 7, y: 0 }, Math.hypot(6, 1.5), Math.atan2(-1.5, 6) - Math.PI / 2],
    ["laser mounted backwards", { x: 8 - 7.5, y: 0, yaw: Math.PI }, { x: 0, y: 0, z: 0, yaw: Math.PI }, { x: 7, y: 0 }, 6.5, 0],
    ["landmark to the left", { x: 5, y: -2, yaw: 0 }, { x: 0, y: 0, z: 0, yaw: 0 }, { x: 7, y: 0 }, Math.hypot(2, 2), Math.PI / 4],
  ])("range and bearing: %s", (_what, pose, mount, landmark, range, bearing) => {
    const m = rangeBearing(pose, mount, landmark);
    expect(m.range).toBeCloseTo(range, 12);
    expect(m.bearing).toBeCloseTo(wrapAngle(bearing), 12);
  });

  it("range and bearing written into a given RangeBearing are the ones returned fresh, and it is returned", () => {
    const rng = new SeededRandom(9);
    const out = { range: 0, bearing: 0, H: new Float64Array(2 * STATE_SIZE) };
    for (let i = 0; i < 50; i++) {
      const pose = { x: (rng.uniform() - 0.5) * 10, y: (rng.uniform() - 0.5) * 6, yaw: (rng.uniform() - 0.5) * 6 };
      const mount = { x: rng.uniform() - 0.5, y: rng.uniform() - 0.5, z: 0, yaw: (rng.uniform() - 0.5) * 6 };
      const landmark = { x: 7 * (i % 2 === 0 ? 1 : -1), y: 0 };
      const fresh = rangeBearing(pose, mount, landmark);
      expect(rangeBearing(pose, mount, landmark, out)).toBe(out);
      expect(out).toEqual(fresh);
    }
  });

  it("range-bearing Jacobian matches central differences", () => {
    const rng = new SeededRandom(3);
    const h = 1e-6;
    for (let i = 0; i < 100; i++) {
      const pose = { x: (rng.uniform() - 0.5) * 10, y: (rng.uniform() - 0.5) * 6, yaw: (rng.uniform() - 0.5) * 6 };
      const mount = { x: rng.uniform() - 0.5, y: rng.uniform() - 0.5, z: 0, yaw: (rng.uniform() - 0.5) * 6 };
      const { H } = rangeBearing(pose, mount, { x: 7, y: 0 });
      (["x", "y", "yaw"] as const).forEach((key, k) => {
        const plus = rangeBearing({ ...pose, [key]: pose[key] + h }, mount, { x: 7, y: 0 });
        const minus = rangeBearing({ ...pose, [key]: pose[key] - h }, mount, { x: 7, y: 0 });
        expect((plus.range - minus.range) / (2 * h)).toBeCloseTo(H[k] ?? 0, 6);
        expect(wrapAngle(plus.bearing - minus.bearing) / (2 * h)).toBeCloseTo(H[STATE_SIZE + k] ?? 0, 6);
      });
    }
  });

  it("constant-velocity Jacobian F matches central differences", () => {
    const state = Float64Array.of(1, -2, 0.7, 1.2, -0.4, 0.3, 0.015);
    const dt = 0.05;
    const { F } = constantVelocityStep(state, dt);
    const h = 1e-6;
    for (let j = 0; j < STATE_SIZE; j++) {
      const plus = Float64Array.from(state);
      const minus = Float64Array.from(state);
      plus[j] = (plus[j] ?? 0) + h;
      minus[j] = (minus[j] ?? 0) - h;
      const a = constantVelocityStep(plus, dt).next;
      const b = constantVelocityStep(minus, dt).next;
      for (let i = 0; i < STATE_SIZE; i++) expect(((a[i] ?? 0) - (b[i] ?? 0)) / (2 * h)).toBeCloseTo(F[i * STATE_SIZE + j] ?? 0, 6);
    }
  });
});

describe("filter on trajectories (measurements from an independent reference ray caster)", () => {
  it("standing: converges from a 18 cm / 1.7 deg wrong start to within 5 mm and 0.3 deg", () => {
    const truth = { x: 1, y: -0.5, yaw: 0.05 };
    const ekf = started({ x: 1.15, y: -0.6, yaw: 0.08 });
    const rng = new SeededRandom(1);
    let accepted = 0;
    for (let k = 1; k <= 200; k++) {
      for (const mount of SENSORS) accepted += ekf.updateRange(k * 0.01, reading(truth, mount, rng)).accepted ? 1 : 0;
    }
    expect(accepted).toBeGreaterThan(0.97 * 800); // a 99 % gate drops about 1 % of good readings
    const p = ekf.pose();
    expect(Math.hypot(p.x - truth.x, p.y - truth.y)).toBeLessThan(0.005);
    expect(Math.abs(wrapAngle(p.yaw - truth.yaw))).toBeLessThan(0.005);
    const P = ekf.covariance();
    // Honest uncertainty: the error lies within 4 sigma of what the filter claims.
    expect(Math.abs(p.x - truth.x)).toBeLessThan(4 * Math.sqrt(P[0] ?? 0));
    expect(Math.abs(p.y - truth.y)).toBeLessThan(4 * Math.sqrt(P[STATE_SIZE + 1] ?? 0));
  });

  it("standing, with a process model that matches: mean NIS lies in the 95 % chi-square band", () => {
    const truth = { x: -1, y: 0.8, yaw: -0.1 };
    // The truth does not move: a filter told the robot may accelerate would (rightly) be over-cautious.
    const ekf = started(truth, [0.01, 0.01, 0.01], { processNoise: [1e-9, 1e-9, 1e-9, 1e-9, 1e-9, 1e-9] });
    const rng = new SeededRandom(2);
    let sum = 0;
    let n = 0;
    for (let k = 1; k <= 500; k++) {
      for (const mount of SENSORS) {
        const r = ekf.updateRange(k * 0.01, reading(truth, mount, rng));
        // Gated readings count too: leaving out the tail would bias the mean low.
        if (k > 50 && r.nis !== undefined) {
          sum += r.nis;
          n++;
        }
      }
    }
    const half = 1.96 * Math.sqrt(2 / n);
    expect(Math.abs(sum / n - 1)).toBeLessThan(half);
  });

  it.each([
    ["straight at 1 m/s", 1.0, 0.0, false],
    ["turning arc at 1 m/s, 0.15 rad/s", 1.0, 0.15, false],
    ["turning arc with odometry", 1.0, 0.15, true],
  ])("moving: %s, position RMS < 2 cm after settling", (_what, v, w, withOdometry) => {
    const start = { x: -4, y: -1, yaw: 0 };
    const ekf = new PoseEkf(map);
    expect(ekf.initialize(0, start, [1e-4, 0, 0, 0, 1e-4, 0, 0, 0, 1e-4], { vx: v, vy: 0, yawRate: w }, 0.1).accepted).toBe(true);
    const rng = new SeededRandom(4);
    const errors: number[] = [];
    const velocityErrors: number[] = [];
    for (let k = 1; k <= 400; k++) {
      const t = k * 0.01;
      const truth = arc(start, v, w, t);
      if (withOdometry && k % 2 === 0) {
        const odo = ekf.predictWithOdometry(t, { vx: v * (1 + rng.gaussian(0, 0.01)), vy: 0, yawRate: w + rng.gaussian(0, 0.01) }, [1e-4, 0, 0, 0, 1e-4, 0, 0, 0, 1e-4]);
        expect(odo.accepted).toBe(true);
      }
      for (const mount of SENSORS) {
        const m = reading(truth, mount, rng);
        if (Number.isFinite(m.range)) ekf.updateRange(t, m);
      }
      if (t > 1) {
        errors.push(Math.hypot(ekf.pose().x - truth.x, ekf.pose().y - truth.y));
        velocityErrors.push(ekf.velocity().vx - v);
      }
    }
    const rms = (e: number[]): number => Math.sqrt(e.reduce((a, x) => a + x * x, 0) / e.length);
    expect(rms(errors)).toBeLessThan(0.02);
    expect(rms(velocityErrors)).toBeLessThan(withOdometry ? 0.03 : 0.1);
  });

  // Odometry that reads 3 % fast, ranges from two fences only (x from the end fence, y from the
  // side) while driving along x: the velocity the ranges show disagrees with the wheels, and the
  // scale state takes the difference. Pinned at 0 the filter trusts the wheels and lags the truth.
  it.each([
    { name: "estimated", scaleSigma: 0.02, estimated: true },
    { name: "pinned at 0", scaleSigma: 0, estimated: false },
  ])("odometry scale $name: a 3 % fast wheel odometry", ({ scaleSigma, estimated }) => {
    const trueScale = 0.03;
    const start = { x: -5, y: 1, yaw: 0 };
    const ekf = new PoseEkf(map, { odometryScaleSigma: scaleSigma });
    expect(ekf.initialize(0, start, [1e-4, 0, 0, 0, 1e-4, 0, 0, 0, 1e-4], { vx: 0, vy: 0, yawRate: 0 }, 0.1).accepted).toBe(true);
    const rng = new SeededRandom(6);
    const fences = [SENSORS[0], SENSORS[1]].filter((m): m is SensorMount => m !== undefined);
    const errors: number[] = [];
    for (let k = 1; k <= 600; k++) {
      const t = k * 0.01;
      const v = Math.min(1, t); // accelerate to 1 m/s over a second, then cruise
      const truth = { x: start.x + (t < 1 ? t * t / 2 : 0.5 + (t - 1)), y: start.y, yaw: 0 };
      if (k % 2 === 0) {
        const odo = ekf.predictWithOdometry(t, { vx: v * (1 + trueScale) + rng.gaussian(0, 0.005), vy: rng.gaussian(0, 0.005), yawRate: rng.gaussian(0, 0.002) }, [2.5e-5, 0, 0, 0, 2.5e-5, 0, 0, 0, 4e-6]);
        expect(odo.accepted).toBe(true);
      }
      if (k % 5 === 0) for (const mount of fences) ekf.updateRange(t, reading(truth, mount, rng));
      if (t > 3) errors.push(Math.hypot(ekf.pose().x - truth.x, ekf.pose().y - truth.y));
    }
    const scale = ekf.odometryScale();
    const rms = Math.sqrt(errors.reduce((a, x) => a + x * x, 0) / errors.length);
    if (estimated) {
      expect(Math.abs(scale.estimate - trueScale)).toBeLessThan(0.003);
      expect(Math.abs(scale.estimate - trueScale)).toBeLessThan(3 * scale.sigma);
      expect(rms).toBeLessThan(0.01);
    } else {
      // Pinned, the filter believes the wheels: the fences' ranges disagree by 3 cm a second, get
      // gated, and the pose runs away from them.
      expect(Math.abs(scale.estimate)).toBeLessThan(1e-5);
      expect(rms).toBeGreaterThan(0.03);
    }
  });

  it("odometry reads ((1 + s) vx, (1 + s) vy, yaw rate)", () => {
    // state: x, y, yaw, vx, vy, yaw rate, scale error s
    expect(odometryPrediction(Float64Array.of(1, 2, 0.3, 1.5, -0.4, 0.7, 0.02))).toEqual([1.5 * 1.02, -0.4 * 1.02, 0.7]);
    expect(odometryPrediction(Float64Array.of(0, 0, 0, 2, 1, -0.5, -0.1))).toEqual([2 * 0.9, 1 * 0.9, -0.5]);
  });

  it("the odometry innovation is the twist minus what odometry would read", () => {
    const ekf = started({ x: 0, y: 0, yaw: 0 });
    const twist = { vx: 1.1, vy: -0.2, yawRate: 0.3 };
    const covariance = [1e-4, 0, 0, 0, 1e-4, 0, 0, 0, 1e-4];
    expect(ekf.predictWithOdometry(0.02, twist, covariance).accepted).toBe(true);
    // Constant velocity leaves the velocity and scale states as they are, so what the next twist is
    // compared with is what odometry would read in the state now.
    const expected = odometryPrediction(ekf.state());
    const r = ekf.predictWithOdometry(0.04, { vx: 0.9, vy: 0.1, yawRate: -0.2 }, covariance);
    expect(r.accepted).toBe(true);
    if (!r.accepted) return;
    [0.9 - expected[0], 0.1 - expected[1], -0.2 - expected[2]].forEach((v, i) => expect(r.innovation[i]).toBeCloseTo(v, 12));
  });

  it("odometry Jacobian matches central differences", () => {
    const rng = new SeededRandom(9);
    const h = 1e-6;
    const predicted = odometryPrediction;
    for (let trial = 0; trial < 20; trial++) {
      const state = Float64Array.from({ length: STATE_SIZE }, (_, i) => (i === 6 ? rng.gaussian(0, 0.05) : rng.gaussian(0, 2)));
      const H = odometryJacobian(state);
      for (let col = 0; col < STATE_SIZE; col++) {
        const plus = Float64Array.from(state);
        const minus = Float64Array.from(state);
        plus[col] = (plus[col] ?? 0) + h;
        minus[col] = (minus[col] ?? 0) - h;
        const a = predicted(plus);
        const b = predicted(minus);
        for (let row = 0; row < 3; row++) expect(((a[row] ?? 0) - (b[row] ?? 0)) / (2 * h)).toBeCloseTo(H[row * STATE_SIZE + col] ?? 0, 6);
      }
    }
  });

  it("detections of the pole plus one side range locate the robot", () => {
    const truth = { x: 2, y: -1, yaw: 0.2 };
    const ekf = started({ x: 2.1, y: -0.9, yaw: 0.17 });
    const rng = new SeededRandom(5);
    const laser = { x: 0.1, y: 0, z: 0.3, yaw: 0 };
    for (let k = 1; k <= 100; k++) {
      const lm = rangeBearing(truth, laser, { x: 7, y: 0 });
      const range = lm.range + rng.gaussian(0, 0.01);
      const bearing = lm.bearing + rng.gaussian(0, 0.002);
      const r = ekf.updateDetection(k * 0.02, { mount: laser, point: { x: range * Math.cos(bearing), y: range * Math.sin(bearing) }, sigmaRange: 0.01, sigmaBearing: 0.002 });
      expect(r.accepted && r.associatedWith).toBe("pole");
      ekf.updateRange(k * 0.02, reading(truth, SENSORS[0] ?? { x: 0, y: 0, z: 0, yaw: 0 }, rng));
    }
    expect(Math.hypot(ekf.pose().x - truth.x, ekf.pose().y - truth.y)).toBeLessThan(0.01);
    expect(Math.abs(ekf.pose().yaw - truth.yaw)).toBeLessThan(0.005);
  });
});

describe("bad input: a clear reason, the state untouched, never NaN", () => {
  const truth = { x: 0.5, y: 0.5, yaw: 0 };
  const side = SENSORS[0] ?? { x: 0, y: 0, z: 0, yaw: 0 };
  const good = (range: number): RangeMeasurement => ({ mount: side, range, sigma: SIGMA, minRange: 0.05, maxRange: 12 });
  const expected = referenceRange(map.spec, truth, side);

  it.each([
    ["a spike far outside the gate", 1.0, good(expected + 0.5), "gated"],
    ["NaN range (REP-117 invalid)", 1.0, good(Number.NaN), "invalid_range"],
    ["-Inf range (too close)", 1.0, good(-Infinity), "too_close"],
    ["+Inf while the map says a fence is 3.3 m away", 1.0, good(Infinity), "no_return_contradicts_estimate"],
    ["+Inf from a 2 m sensor that cannot reach the fence", 1.0, { ...good(Infinity), maxRange: 2 }, "no_return"],
    ["a finite range above max range", 1.0, good(12.5), "out_of_limits"],
    ["a stamp 0.5 s before the filter time", 0.5, good(expected), "stamp_backwards"],
    ["a NaN stamp", Number.NaN, good(expected), "non_finite_input"],
    ["a sensor mounted above the fence, looking at the side", 1.0, { ...good(3), mount: { ...side, z: 1.0 } }, "ray_misses_map"],
    ["a NaN mount", 1.0, { ...good(3), mount: { ...side, x: Number.NaN } }, "non_finite_input"],
    ["a zero sigma", 1.0, { ...good(3), sigma: 0 }, "non_finite_input"],
  ])("%s", (_what, time, m, reason) => {
    const ekf = started(truth, [0.01, 0.01, 0.01], {}, 1.0);
    const before = ekf.state();
    const r = ekf.updateRange(time, m);
    expect(r.accepted ? "accepted" : r.reason).toBe(reason);
    if (!r.accepted) expect(r.message.length).toBeGreaterThan(10);
    expect(Array.from(ekf.state())).toEqual(Array.from(before));
    expect(ekf.diagnostics().rejected[reason as keyof ReturnType<PoseEkf["diagnostics"]>["rejected"]]).toBe(1);
  });

  it("the ray-misses-map message names where the ray starts and the height", () => {
    const ekf = started(truth);
    const r = ekf.updateRange(0.1, { ...good(3), mount: { ...side, z: 1.0 } });
    expect(r.accepted ? "" : r.message).toMatch(/height 1 m, meets no surface/);
  });

  it("a ray grazing the fence is skipped (its range is too sensitive to trust)", () => {
    const nearFence = { x: 0, y: 3.7, yaw: 0 };
    const ekf = started(nearFence, [0.01, 0.01, 0.01]);
    const mount = { ...side, yaw: 0.05 }; // 0.05 m from the fence, 0.05 rad towards it: 3 deg incidence
    const r = ekf.updateRange(0, { ...good(referenceRange(map.spec, nearFence, mount)), mount });
    expect(r.accepted ? "accepted" : r.reason).toBe("grazing_incidence");
  });

  it.each([
    ["NaN velocity", { vx: Number.NaN, vy: 0, yawRate: 0 }, [1, 0, 0, 0, 1, 0, 0, 0, 1], /twist must be finite/],
    ["Inf yaw rate", { vx: 0, vy: 0, yawRate: Infinity }, [1, 0, 0, 0, 1, 0, 0, 0, 1], /twist must be finite/],
    ["8 covariance values", { vx: 0, vy: 0, yawRate: 0 }, [1, 0, 0, 0, 1, 0, 0, 0], /expected 9 values.*got 8/],
    ["NaN in covariance", { vx: 0, vy: 0, yawRate: 0 }, [1, 0, 0, 0, Number.NaN, 0, 0, 0, 1], /must be finite/],
    ["zero variance", { vx: 0, vy: 0, yawRate: 0 }, [1, 0, 0, 0, 0, 0, 0, 0, 1], /diagonal element 1 must be > 0/],
  ])("odometry with %s is refused", (_what, twist, cov, message) => {
    const ekf = started(truth);
    const before = ekf.state();
    const r = ekf.predictWithOdometry(0.1, twist, cov);
    expect(r.accepted ? "accepted" : r.reason).toBe("non_finite_input");
    expect(r.accepted ? "" : r.message).toMatch(message);
    expect(Array.from(ekf.state())).toEqual(Array.from(before));
  });

  it("everything before initialise is refused as not_initialized", () => {
    const ekf = new PoseEkf(map);
    expect([ekf.predict(1), ekf.updateRange(1, good(3)), ekf.predictWithOdometry(1, { vx: 0, vy: 0, yawRate: 0 }, [1, 0, 0, 0, 1, 0, 0, 0, 1])].map((r) => (r.accepted ? "ok" : r.reason))).toEqual(["not_initialized", "not_initialized", "not_initialized"]);
  });

  it("a stamp slightly late (within maxStampLag) is applied, not refused", () => {
    const ekf = started(truth, [0.01, 0.01, 0.01], { maxStampLag: 0.02 });
    ekf.predict(1.0);
    expect(ekf.updateRange(0.99, good(expected)).accepted).toBe(true);
    expect(ekf.currentTime).toBe(1.0);
  });

  it("the state and covariance stay finite under any mix of valid and broken inputs", () => {
    const value = fc.oneof(fc.double({ min: -20, max: 20, noNaN: true }), fc.constantFrom(Number.NaN, Infinity, -Infinity, 0, 1e300, -1e-300));
    const action = fc.record({ kind: fc.constantFrom("range", "odometry", "detection", "predict"), a: value, b: value, c: value, dt: fc.oneof(fc.double({ min: -0.1, max: 0.5, noNaN: true }), fc.constant(Number.NaN)) });
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        const ekf = started(truth);
        let t = 0;
        for (const act of actions) {
          t += Number.isFinite(act.dt) ? act.dt : 0;
          const time = Number.isFinite(act.dt) ? t : Number.NaN;
          if (act.kind === "range") ekf.updateRange(time, { mount: { ...side, yaw: act.b }, range: act.a, sigma: Math.abs(act.c), minRange: 0.05, maxRange: 12 });
          else if (act.kind === "odometry") ekf.predictWithOdometry(time, { vx: act.a, vy: act.b, yawRate: act.c }, [1e-4, 0, 0, 0, 1e-4, 0, 0, 0, Math.abs(act.a)]);
          else if (act.kind === "detection") ekf.updateDetection(time, { mount: side, point: { x: act.a, y: act.b }, sigmaRange: Math.abs(act.c), sigmaBearing: 0.01 });
          else ekf.predict(time);
          if (!ekf.state().every(Number.isFinite) || !ekf.covariance().every(Number.isFinite)) return false;
        }
        return true;
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe("poseInto and velocityInto (pose() and velocity() into an object the caller keeps)", () => {
  it("write what pose() and velocity() return into the object given, and return it", () => {
    const ekf = started({ x: 0.5, y: -0.25, yaw: 0.3 });
    for (let k = 1; k <= 10; k++) ekf.predictWithOdometry(0.05 * k, { vx: 0.6, vy: -0.1, yawRate: 0.4 }, [1e-4, 0, 0, 0, 1e-4, 0, 0, 0, 1e-4]);
    const pose = { x: 0, y: 0, yaw: 0 };
    const twist = { vx: 0, vy: 0, yawRate: 0 };
    expect(ekf.poseInto(pose)).toBe(pose);
    expect(ekf.velocityInto(twist)).toBe(twist);
    expect(pose).toEqual(ekf.pose());
    expect(twist).toEqual(ekf.velocity());
  });
});

describe("relocate (the lock-out recovery's way out of a wrong pose)", () => {
  it("sets the pose and its covariance, keeps velocity, odometry scale and their covariance, drops the pose's correlations", () => {
    const ekf = started({ x: 0.5, y: 0.5, yaw: 0 });
    // Drive a little first, so the velocity and scale have values and correlations with the pose.
    for (let k = 1; k <= 20; k++) ekf.predictWithOdometry(0.05 * k, { vx: 0.8, vy: 0.1, yawRate: 0.2 }, [1e-4, 0, 0, 0, 1e-4, 0, 0, 0, 1e-4]);
    const before = ekf.state();
    const P0 = ekf.covariance();
    const poseCovariance = [4e-4, 1e-5, 0, 1e-5, 9e-4, 2e-6, 0, 2e-6, 1e-4];
    expect(ekf.relocate({ x: 1.2, y: -0.3, yaw: 3.5 }, poseCovariance).accepted).toBe(true);
    const P = ekf.covariance();
    expect(Array.from(ekf.state())).toEqual([1.2, -0.3, wrapAngle(3.5), ...Array.from(before.slice(3))]);
    for (let i = 0; i < STATE_SIZE; i++) {
      for (let j = 0; j < STATE_SIZE; j++) {
        const expected = i < 3 && j < 3 ? (poseCovariance[i * 3 + j] ?? 0) : i < 3 || j < 3 ? 0 : (P0[i * STATE_SIZE + j] ?? 0);
        expect([i, j, P[i * STATE_SIZE + j]]).toEqual([i, j, expected]);
      }
    }
    expect(ekf.currentTime).toBe(1);
  });

  it.each([
    ["a NaN pose", { x: Number.NaN, y: 0, yaw: 0 }, [1, 0, 0, 0, 1, 0, 0, 0, 1], /relocate needs a finite pose/],
    ["a 2x2 covariance", { x: 0, y: 0, yaw: 0 }, [1, 0, 0, 1], /expected 9 values.*got 4/],
    ["a zero variance", { x: 0, y: 0, yaw: 0 }, [1, 0, 0, 0, 0, 0, 0, 0, 1], /diagonal element 1 must be > 0/],
  ])("refuses %s and keeps the state", (_what, pose, covariance, message) => {
    const ekf = started({ x: 0.5, y: 0.5, yaw: 0 });
    const before = ekf.state();
    const r = ekf.relocate(pose, covariance);
    expect(r.accepted ? "accepted" : r.reason).toBe("non_finite_input");
    expect(r.accepted ? "" : r.message).toMatch(message);
    expect(Array.from(ekf.state())).toEqual(Array.from(before));
  });

  it("before initialise is refused as not_initialized", () => {
    const r = new PoseEkf(map).relocate({ x: 0, y: 0, yaw: 0 }, [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(r.accepted ? "accepted" : r.reason).toBe("not_initialized");
  });
});

describe("options are validated with the offending value", () => {
  it.each([
    [{ processNoise: [1, 1, 1] }, /processNoise must have 6 elements.*got 3/],
    [{ processNoise: [1, 1, -1, 1, 1, 1] }, /processNoise\[2\].*got -1/],
    [{ rangeGate: 0 }, /rangeGate must be > 0, got 0/],
    [{ maxStampLag: -1 }, /maxStampLag.*got -1/],
    [{ minIncidenceCos: 1 }, /minIncidenceCos.*got 1/],
    [{ motionProcessNoise: [1, 1, 1] }, /motionProcessNoise must have 6 elements \(x, y, yaw per metre; x, y, yaw per radian\), got 3/],
    [{ motionProcessNoise: [0, 0, 0, 0, NaN, 0] }, /motionProcessNoise\[4\].*got NaN/],
    [{ odometryScaleSigma: -0.01 }, /odometryScaleSigma must be in \[0, 1\), got -0.01/],
    [{ odometryScaleNoise: Infinity }, /odometryScaleNoise must be a finite number >= 0 \/s, got Infinity/],
  ])("%p", (options, message) => {
    expect(() => new PoseEkf(map, options as PoseEkfOptions)).toThrow(message);
  });
});

describe("motion-driven process noise", () => {
  // Closed form: with no other noise, the pose variance grows by q_m * distance + q_r * angle.
  it.each([
    { name: "standing still adds nothing", vx: 0, vy: 0, yawRate: 0 },
    { name: "driving 1.5 m/s sideways and forwards", vx: 1.2, vy: 0.9, yawRate: 0 },
    { name: "turning on the spot at 2 rad/s", vx: 0, vy: 0, yawRate: -2 },
    { name: "driving while turning", vx: 1, vy: 0, yawRate: 0.5 },
  ])("$name", ({ vx, vy, yawRate }) => {
    const motion = [1e-3, 2e-3, 3e-4, 4e-3, 5e-3, 6e-4];
    const ekf = new PoseEkf(map, { processNoise: [0, 0, 0, 0, 0, 0], motionProcessNoise: motion, covarianceFloor: [1e-300, 1e-300, 1e-300, 1e-300, 1e-300, 1e-300] });
    // Tiny starting variances: what the motion model carries over (Jacobian x P x Jacobian^T) stays far below the tolerance.
    ekf.initialize(0, { x: 0, y: 0, yaw: 0 }, [1e-20, 0, 0, 0, 1e-20, 0, 0, 0, 1e-20], { vx, vy, yawRate }, 1e-12);
    const before = ekf.covariance();
    const dt = 0.5;
    expect(ekf.predict(dt).accepted).toBe(true);
    const after = ekf.covariance();
    const driven = Math.hypot(vx, vy) * dt;
    const turned = Math.abs(yawRate) * dt;
    for (let i = 0; i < 3; i++) {
      expect((after[i * STATE_SIZE + i] ?? NaN) - (before[i * STATE_SIZE + i] ?? NaN)).toBeCloseTo((motion[i] ?? NaN) * driven + (motion[i + 3] ?? NaN) * turned, 12);
    }
  });
});

describe("options from target_estimation's parameters", () => {
  /** Parameters as the node resolves them: the schema's defaults, then `given` on top. */
  const resolved = (given: Readonly<Record<string, unknown>> = {}): Record<string, ParameterValue> =>
    resolveParameters({ schema: targetEstimationSchema, groups: targetEstimationGroups }, given, "test");
  /** The filter's keys: every ekf.* key the node declares but the lock-out recovery's, which the node applies itself. */
  const filterKeys = Object.keys(targetEstimationSchema).filter((key) => key.startsWith("ekf.") && !key.startsWith("ekf.lockout_"));

  it("reads every ekf.* key the node declares", () => {
    const options = poseEkfOptionsFromParameters({
      "ekf.process_noise": [1, 2, 3, 4, 5, 6],
      "ekf.motion_process_noise": [6, 5, 4, 3, 2, 1],
      "ekf.odometry_scale_sigma": 0.03,
      "ekf.odometry_scale_noise": 2e-7,
      "ekf.covariance_floor": [1e-8, 1e-8, 1e-8, 1e-8, 1e-8, 1e-8],
      "ekf.range_gate": 4,
      "ekf.detection_gate": 7,
      "ekf.max_stamp_lag": 0.1,
      "ekf.range_bias": "independent",
    });
    expect(options).toEqual({
      processNoise: [1, 2, 3, 4, 5, 6],
      motionProcessNoise: [6, 5, 4, 3, 2, 1],
      odometryScaleSigma: 0.03,
      odometryScaleNoise: 2e-7,
      covarianceFloor: [1e-8, 1e-8, 1e-8, 1e-8, 1e-8, 1e-8],
      rangeGate: 4,
      detectionGate: 7,
      maxStampLag: 0.1,
      rangeBiases: [],
      estimateRangeBiases: false,
    });
    // Every filter key the schema declares reaches the options: changing it alone changes them.
    expect(filterKeys.length).toBeGreaterThan(0);
    const base = resolved();
    const baseOptions = poseEkfOptionsFromParameters(base);
    for (const key of filterKeys) {
      const value = base[key];
      const choices = targetEstimationSchema[key]?.choices;
      if (typeof value !== "number" && !Array.isArray(value) && choices === undefined) throw new Error(`${key} is neither a number, a number list nor a choice: ${String(value)}`);
      // A choice changes to the last other one (ekf.range_bias: estimate, whose options differ from every other's).
      const changed = typeof value === "number" ? 2 * value + 1 : Array.isArray(value) ? value.map((v) => 2 * Number(v) + 1) : [...(choices ?? [])].reverse().find((c) => c !== value);
      expect([key, poseEkfOptionsFromParameters({ ...base, [key]: changed })]).not.toEqual([key, baseOptions]);
    }
  });

  it.each([
    ["independent", 0, false],
    ["consider", 2, false],
    ["estimate", 2, true],
  ])("ekf.range_bias %s: %i range biases (the inputs' noise models, in range_inputs.names' order), estimated %s", (mode, count, estimated) => {
    const values = resolved({
      "ekf.range_bias": mode,
      "range_inputs.names": ["tfmini", "dt35"],
      "range_inputs.tfmini.sigma": 0.03,
      "range_inputs.tfmini.relative_sigma": 0.01,
      "range_inputs.tfmini.relative_beyond": 6,
      "range_inputs.dt35.sigma": 0.012,
      "range_inputs.dt35.systematic_sigma": 0.01,
    });
    const options = poseEkfOptionsFromParameters(values);
    expect(options.estimateRangeBiases).toBe(estimated);
    expect(options.rangeBiases).toHaveLength(count);
    if (count > 0) {
      expect(options.rangeBiases?.[0]).toMatchObject({ sigma: 0.03, relativeSigma: 0.01, relativeBeyond: 6 });
      expect(options.rangeBiases?.[1]).toMatchObject({ sigma: 0.012, systematicSigma: 0.01 });
    }
  });

  it("the schema's defaults are the library's defaults", () => {
    const options = poseEkfOptionsFromParameters(resolved({ "ekf.range_gate": 4 }));
    expect(options.rangeGate).toBe(4);
    expect(options.processNoise).toEqual(DEFAULT_POSE_EKF_OPTIONS.processNoise);
    expect(options.maxStampLag).toBe(DEFAULT_POSE_EKF_OPTIONS.maxStampLag);
    // Every option the parameters give, from an empty params file.
    const fromSchema = poseEkfOptionsFromParameters(resolved());
    for (const [name, value] of Object.entries(fromSchema)) {
      expect([name, value]).toEqual([name, DEFAULT_POSE_EKF_OPTIONS[name as keyof PoseEkfOptions]]);
    }
  });

  it.each([
    [{ "ekf.range_gate": "6.63" }, /ekf\.range_gate is not a number: 6\.63/],
    [{ "ekf.process_noise": [1, "x"] }, /ekf\.process_noise is not a number list/],
    [{ "ekf.max_stamp_lag": undefined }, /ekf\.max_stamp_lag is not a number: undefined/],
  ])("refuses %p naming the key", (values, message) => {
    expect(() => poseEkfOptionsFromParameters({ ...resolved(), ...values })).toThrow(message);
  });
});
