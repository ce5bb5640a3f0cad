import { wrapAngle } from "../../src/core/court/courtMap";
import { defaultCourtMap } from "../../src/core/court/courtSchema";
import { isCovarianceStale } from "../../src/core/estimation/targetOutput";
import { diagonalCovariance6, header, planarPose } from "../../src/msgs/builders";
import type { Odometry } from "../../src/msgs/types";
import type { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
import { QoS } from "../../src/runtime/qos";
import { referenceRange } from "../../src/bench/referenceCourt";
import type { SensorMount } from "../../src/core/court/rayCaster";
import { rangeInputsFromParameters, targetEstimationGroups, targetEstimationParametersFromFiles, targetEstimationSchema } from "../../src/nodes/target_estimation.schema";
import { resolveParameters } from "../../src/core/parameters/schema";
import { PARAMS, rangeReading, startNodes } from "./harness";

const spec = defaultCourtMap().spec;
/** The range inputs of the shipped params files (params/shooter.yaml): mount [x, y, z, yaw] in base_link. */
const INPUTS: Record<string, SensorMount> = Object.fromEntries(
  rangeInputsFromParameters(targetEstimationParametersFromFiles(PARAMS)).map(({ name, mount }) => [name, mount]),
);

/** Publishes every input's reference range (independent closed-form caster) with seeded noise, at 20 Hz. */
function feed(graph: InProcessGraph, pose: { x: number; y: number; yaw: number }, seconds: number, sigma = 0.003, corrupt: (name: string) => number | undefined = () => undefined): void {
  let seed = 12345;
  const gaussian = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const u1 = (seed + 1) / 2147483649;
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const u2 = seed / 2147483648;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  const end = graph.clock.now() + seconds;
  while (graph.clock.now() < end - 1e-9) {
    graph.advance(0.05);
    for (const [name, mount] of Object.entries(INPUTS)) {
      const range = corrupt(name) ?? referenceRange(spec, pose, mount) + sigma * gaussian();
      graph.publish("sensor_msgs/msg/Range", `/ranging/${name}`, rangeReading(graph.clock.now(), name, range, 0.05, 12), QoS.sensorData);
    }
  }
}

function secondsOf(m: { header: { stamp: { sec: number; nanosec: number } } }): number {
  return m.header.stamp.sec + m.header.stamp.nanosec * 1e-9;
}

function hoopDistance(pose: { x: number; y: number; yaw: number }): number {
  return Math.hypot(spec.hoopX - pose.x, spec.hoopY - pose.y);
}

/** Bearing [rad] of the hoop from the launcher (at base_link's origin and heading in the shipped params). */
function hoopBearing(pose: { x: number; y: number; yaw: number }): number {
  return wrapAngle(Math.atan2(spec.hoopY - pose.y, spec.hoopX - pose.x) - pose.yaw);
}

describe("target_estimation node", () => {
  it("is fed the range inputs of the shipped params (at least three rays: enough to fix a pose)", () => {
    expect(Object.keys(INPUTS).length).toBeGreaterThanOrEqual(3);
    for (const mount of Object.values(INPUTS)) expect([mount.x, mount.y, mount.z, mount.yaw].every(Number.isFinite)).toBe(true);
  });

  it.each([
    { x: 1.5, y: 1.0, yaw: 0.0 },
    { x: 0.5, y: -2.0, yaw: 0.4 },
    { x: 3.0, y: 2.5, yaw: -0.6 },
  ])("finds the hoop from a standing robot at ($x, $y, $yaw) within 1 cm, from a global start", (pose) => {
    const { graph } = startNodes(["target_estimation"], { target_estimation: { "detection.enabled": false, "odometry.enabled": false } });
    const estimates = graph.record("nav_msgs/msg/Odometry", "/target/estimate", { ...QoS.reliable, depth: 10000 });
    feed(graph, pose, 3);
    const last = estimates.at(-1);
    expect(last).toBeDefined();
    const p = last!.pose.pose.position;
    expect(last!.header.frame_id).toBe("launcher");
    expect(last!.child_frame_id).toBe("target");
    expect(Math.abs(Math.hypot(p.x, p.y) - hoopDistance(pose))).toBeLessThan(0.01);
    expect(p.z).toBeCloseTo(spec.rimHeight - 1.0, 9);
    expect(isCovarianceStale(last!.pose.covariance)).toBe(false);
  });

  it.each(["consider", "estimate"])("with ekf.range_bias %s (a bias per range input) finds the hoop within 1 cm and fuses every input", (mode) => {
    const pose = { x: 1.5, y: 1.0, yaw: 0.0 };
    const { graph } = startNodes(["target_estimation"], { target_estimation: { "detection.enabled": false, "odometry.enabled": false, "ekf.range_bias": mode } });
    const estimates = graph.record("nav_msgs/msg/Odometry", "/target/estimate", { ...QoS.reliable, depth: 10000 });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    feed(graph, pose, 3);
    const last = estimates.at(-1);
    expect(last).toBeDefined();
    const p = last!.pose.pose.position;
    expect(Math.abs(Math.hypot(p.x, p.y) - hoopDistance(pose))).toBeLessThan(0.01);
    expect(isCovarianceStale(last!.pose.covariance)).toBe(false);
    // No reading refused for want of its bias.
    expect(JSON.stringify(diagnostics.at(-1)?.status[0]?.values)).not.toContain("unknown_input");
  });

  it.each([
    // Its twin (-2, -1, 0) would fit, but lies outside the region too (x < 0).
    { where: "facing away from the target hoop (outside the shipped start region's headings)", pose: { x: 2.0, y: 1.0, yaw: Math.PI }, test: "candidates|chi_square|ray_outlier|no_return" },
    { where: "with three inputs covered (three valid ranges)", pose: { x: 1.5, y: 1.0, yaw: 0 }, test: "ranges", blocked: ["left", "right", "left_fence", "rear_left"] },
  ])("never starts $where: no target/estimate, and /diagnostics names the start test that failed", ({ pose, test, blocked }) => {
    const { graph } = startNodes(["target_estimation"], { target_estimation: { "detection.enabled": false, "odometry.enabled": false } });
    const estimates = graph.record("nav_msgs/msg/Odometry", "/target/estimate", { ...QoS.reliable, depth: 10000 });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    feed(graph, pose, 3, 0.003, (name) => (blocked?.includes(name) === true ? Number.NaN : undefined));
    expect(estimates).toHaveLength(0);
    const status = diagnostics.at(-1)?.status[0];
    expect(status?.message).toMatch(new RegExp(`^not initialized: start test '(${test})' failed`));
    expect(status?.values.find((v) => v.key === "start_test_failed")?.value).toMatch(new RegExp(`^(${test})$`));
  });

  it("a robot whose only reporting inputs are two lasers (no lidar) ends the start's probation on their two windows", () => {
    const { graph } = startNodes(["target_estimation"], {
      target_estimation: { "detection.enabled": false, "odometry.enabled": false, "init.mode": "pose", "init.x": 1.5, "init.y": 1.0, "init.yaw": 0 },
    });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    const lasers = ["left", "right"];
    // The other configured inputs (the lidar's virtual beams) never give a valid reading.
    feed(graph, { x: 1.5, y: 1.0, yaw: 0 }, 4, 0.003, (name) => (lasers.includes(name) ? undefined : Number.NaN));
    const messages = diagnostics.map((d) => d.status[0]?.message ?? "");
    const confirming = messages.find((m) => m.startsWith("confirming"));
    expect(confirming).toMatch(/of 2 inputs have a full window that passes/);
    // Both windows filled and passed: the probation is over (with three required it never would be).
    expect(messages.at(-1)).toBe("ok");
  });

  it("publishes a suspect estimate stale while its windowed NIS test fails, re-searches, and trusts it again only after a start that passes", () => {
    const { graph } = startNodes(["target_estimation"], { target_estimation: { "detection.enabled": false, "odometry.enabled": false } });
    const estimates = graph.record("nav_msgs/msg/Odometry", "/target/estimate", { ...QoS.reliable, depth: 100000 });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    // (2.0, 1.0, 0.1) would not do: both rear rays meet the opponents' pole there, and the end fence
    // from 0.52 m further back; without the pole detection the search rightly refuses to choose.
    const pose = { x: 1.5, y: 1.0, yaw: 0.0 };
    const sigmas = Object.fromEntries(rangeInputsFromParameters(targetEstimationParametersFromFiles(PARAMS)).map(({ name, noise }) => [name, noise.sigma]));
    const validSince = (t: number): number => estimates.filter((m) => secondsOf(m) >= t && !isCovarianceStale(m.pose.covariance)).length;
    const t0 = graph.clock.now();
    feed(graph, pose, 3);
    // A start, then a probation: valid once three inputs' windows (20 corrections at 20 Hz) passed.
    expect(validSince(t0 + 2.5)).toBeGreaterThan(20);
    // Readings ten times noisier than each input's sigma claims: no pose explains them better, and
    // their run fails the windowed test. (The shipped inputs say most of their sigma is the map's
    // and the mount's, which a window does not average out, so it tolerates what such a bias
    // would do; a window fails once most of its readings sit at the gate, as here.)
    const offTime = graph.clock.now();
    let k = 0;
    feed(graph, pose, 2.5, 0.001, (name) => referenceRange(spec, pose, INPUTS[name]!) + 10 * (sigmas[name] ?? 0) * Math.sin(1.7 * ++k + 0.3 * k * k));
    // The window (20 corrections at 20 Hz) has to fill with the noisy readings first: 1 s.
    expect(validSince(offTime + 1.2)).toBe(0);
    const suspect = diagnostics.filter((d) => secondsOf(d) > offTime + 1.2).at(-1)?.status[0];
    expect(suspect?.message).toMatch(/^suspect, published stale: \d inputs fail their windowed NIS test at once \(\w+: mean NIS \d+\.\d+ per dof over its last 20 corrections/);
    expect(suspect?.level).toBe(2);
    const backTime = graph.clock.now();
    feed(graph, pose, 4);
    expect(validSince(backTime + 3.5)).toBeGreaterThan(20);
    const researched = diagnostics.at(-1)?.status[0]?.values.find((v) => v.key === "integrity_researched")?.value;
    expect(Number(researched)).toBeGreaterThanOrEqual(1);
  });

  it("marks the estimate stale (covariance[0] = -1) when no measurement corrected it within stale_timeout", () => {
    const { graph } = startNodes(["target_estimation"], { target_estimation: { "detection.enabled": false, "odometry.enabled": false } });
    const pose = { x: 1.5, y: 1.0, yaw: 0 };
    feed(graph, pose, 2);
    const estimates = graph.record("nav_msgs/msg/Odometry", "/target/estimate", { ...QoS.reliable, depth: 10000 });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    graph.advance(1.0);
    expect(estimates.at(-1)?.pose.covariance[0]).toBe(-1);
    expect(diagnostics.at(-1)?.status[0]?.message).toMatch(/^stale: no correction for/);
  });

  it("survives NaN odometry, spikes and a backwards stamp with no NaN published and the reasons on /diagnostics", () => {
    const { graph } = startNodes(["target_estimation"], { target_estimation: { "detection.enabled": false } });
    const estimates = graph.record("nav_msgs/msg/Odometry", "/target/estimate", { ...QoS.reliable, depth: 10000 });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    const pose = { x: 2.0, y: -1.0, yaw: 0.2 };
    feed(graph, pose, 2);
    const nanOdometry: Odometry = {
      header: header(graph.clock.now(), "odom"),
      child_frame_id: "base_link",
      pose: { pose: planarPose(0, 0, 0), covariance: diagonalCovariance6([1, 1, 1, 1, 1, 1]) },
      twist: { twist: { linear: { x: NaN, y: 0, z: 0 }, angular: { x: 0, y: 0, z: NaN } }, covariance: diagonalCovariance6([0.01, 0.01, 0, 0, 0, 0.01]) },
    };
    graph.publish("nav_msgs/msg/Odometry", "/odom", nanOdometry, QoS.sensorData);
    graph.publish("sensor_msgs/msg/Range", "/ranging/left", rangeReading(graph.clock.now() - 5, "left", 3), QoS.sensorData);
    let call = 0;
    feed(graph, pose, 2, 0.003, (name) => (name === "left" && ++call % 5 === 0 ? 0.7 : undefined));
    const published = estimates.flatMap((m) => [m.pose.pose.position.x, m.pose.pose.position.y, m.twist.twist.linear.x, ...Array.from(m.pose.covariance)]);
    expect(published.every(Number.isFinite)).toBe(true);
    const p = estimates.at(-1)!.pose.pose.position;
    expect(Math.abs(Math.hypot(p.x, p.y) - hoopDistance(pose))).toBeLessThan(0.01);
    const rejected = diagnostics.at(-1)?.status[0]?.values.find((v) => v.key === "rejected")?.value ?? "";
    expect(rejected).toMatch(/non_finite_input: 1/);
    expect(rejected).toMatch(/stamp_backwards: 1/);
    expect(rejected).toMatch(/gated: \d+/);
  });

  it("learns a wheel odometry that reads 3 % fast and reports it on /diagnostics", () => {
    const start = { x: -3, y: 0.5, yaw: 0 };
    const { graph } = startNodes(["target_estimation"], {
      target_estimation: { "detection.enabled": false, "init.mode": "pose", "init.x": start.x, "init.y": start.y, "init.yaw": start.yaw, "init.sigma_xy": 0.01, "init.sigma_yaw": 0.01 },
    });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    const estimates = graph.record("nav_msgs/msg/Odometry", "/target/estimate", { ...QoS.reliable, depth: 10000 });
    const speed = 0.8; // m/s along x, from rest at 2 m/s^2
    const t0 = graph.clock.now();
    const truth = (t: number): { x: number; y: number; yaw: number } => ({ x: start.x + (t <= speed / 2 ? t * t : (speed * speed) / 4 + speed * (t - speed / 2)), y: start.y, yaw: 0 });
    let noise = 0;
    for (let k = 1; k <= 120; k++) {
      graph.advance(0.05);
      const t = graph.clock.now() - t0;
      const v = Math.min(speed, t * 2);
      const pose = truth(t);
      noise = (noise * 7 + 3) % 11; // a deterministic 0-10 mm wobble
      const stamp = graph.clock.now();
      const odometry: Odometry = {
        header: header(stamp, "odom"),
        child_frame_id: "base_link",
        pose: { pose: planarPose(0, 0, 0), covariance: diagonalCovariance6([1, 1, 1, 1, 1, 1]) },
        twist: { twist: { linear: { x: v * 1.03, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: diagonalCovariance6([1e-4, 1e-4, 1e6, 1e6, 1e6, 1e-4]) },
      };
      graph.publish("nav_msgs/msg/Odometry", "/odom", odometry, QoS.sensorData);
      for (const [name, mount] of Object.entries(INPUTS)) {
        graph.publish("sensor_msgs/msg/Range", `/ranging/${name}`, rangeReading(stamp, name, referenceRange(spec, pose, mount) + (noise - 5) * 1e-3, 0.05, 12), QoS.sensorData);
      }
    }
    const values = diagnostics.at(-1)?.status[0]?.values ?? [];
    const scale = Number(values.find((v) => v.key === "odometry_scale")?.value);
    const sigma = Number(values.find((v) => v.key === "odometry_scale_sigma")?.value);
    expect(Math.abs(scale - 0.03)).toBeLessThan(0.005);
    expect(sigma).toBeGreaterThan(0);
    expect(sigma).toBeLessThan(0.01);
    // The estimate is stamped at the filter time: compare it with the truth then.
    const last = estimates.at(-1)!;
    const p = last.pose.pose.position;
    const at = truth(last.header.stamp.sec + last.header.stamp.nanosec * 1e-9 - t0);
    expect(Math.abs(Math.hypot(p.x, p.y) - hoopDistance(at))).toBeLessThan(0.01);
  });

  it("gets out of a confident wrong start: the inputs it gates fit a pose nearby, so it relocates and says so", () => {
    const truth = { x: 1.5, y: 1.0, yaw: 0 };
    // 10 cm off in x and sure of it (2 mm): the rays along x are gated, the ones across accepted.
    const { graph } = startNodes(["target_estimation"], {
      target_estimation: { "detection.enabled": false, "init.mode": "pose", "init.x": 1.6, "init.y": 1.0, "init.yaw": 0, "init.sigma_xy": 0.002, "init.sigma_yaw": 0.002 },
    });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    const estimates = graph.record("nav_msgs/msg/Odometry", "/target/estimate", { ...QoS.reliable, depth: 10000 });
    // Standing: the wheel encoders read zero, and say so.
    const still: Odometry = {
      header: header(0, "odom"),
      child_frame_id: "base_link",
      pose: { pose: planarPose(0, 0, 0), covariance: diagonalCovariance6([1, 1, 1, 1, 1, 1]) },
      twist: { twist: { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: diagonalCovariance6([1e-6, 1e-6, 1e6, 1e6, 1e6, 1e-6]) },
    };
    for (let k = 0; k < 60; k++) {
      graph.publish("nav_msgs/msg/Odometry", "/odom", { ...still, header: header(graph.clock.now(), "odom") }, QoS.sensorData);
      feed(graph, truth, 0.05);
    }
    const values = diagnostics.at(-1)?.status[0]?.values ?? [];
    expect(Number(values.find((v) => v.key === "lockout_relocations")?.value)).toBeGreaterThanOrEqual(1);
    expect(values.find((v) => v.key === "last_lockout")?.value).toMatch(/gated 15 times in a row; the latest ranges fit a pose .* better .*: relocated there/);
    const p = estimates.at(-1)!.pose.pose.position;
    expect(Math.abs(Math.hypot(p.x, p.y) - hoopDistance(truth))).toBeLessThan(0.01);
    expect(Math.abs(wrapAngle(Math.atan2(p.y, p.x) - hoopBearing(truth)))).toBeLessThan(0.003);
  });

  it("keeps its pose when one input disagrees with all the others (an obstacle in its ray) and names it", () => {
    const truth = { x: 1.5, y: 1.0, yaw: 0 };
    const { graph } = startNodes(["target_estimation"], { target_estimation: { "detection.enabled": false, "odometry.enabled": false } });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    const estimates = graph.record("nav_msgs/msg/Odometry", "/target/estimate", { ...QoS.reliable, depth: 10000 });
    // 2 s of agreement first (the global search starts it after 0.3 s): then the obstacle, 6 cm.
    feed(graph, truth, 2);
    const blocked = referenceRange(spec, truth, INPUTS.left ?? { x: 0, y: 0, z: 0, yaw: 0 }) - 0.06;
    feed(graph, truth, 3, 0.003, (name) => (name === "left" ? blocked : undefined));
    const values = diagnostics.at(-1)?.status[0]?.values ?? [];
    expect(Number(values.find((v) => v.key === "lockout_inputs_disagreeing")?.value)).toBeGreaterThanOrEqual(1);
    expect(values.find((v) => v.key === "lockout_named_inputs")?.value).toBe("left");
    expect(Number(values.find((v) => v.key === "lockout_relocations")?.value)).toBe(0);
    expect(values.find((v) => v.key === "last_lockout")?.value).toMatch(/^left gated 15 times in a row, not every other input; it agreed with the filter before and the robot did not jump: no search/);
    const p = estimates.at(-1)!.pose.pose.position;
    expect(Math.abs(Math.hypot(p.x, p.y) - hoopDistance(truth))).toBeLessThan(0.01);
    expect(Math.abs(wrapAngle(Math.atan2(p.y, p.x) - hoopBearing(truth)))).toBeLessThan(0.003);
  });

  it("says which input's ray misses the court map", () => {
    const { graph } = startNodes(["target_estimation"], {
      target_estimation: { "detection.enabled": false, "odometry.enabled": false, "init.mode": "pose", "init.x": 1.5, "init.y": 1.0, "init.yaw": 0, "robot_frames.left_link.z": 0.5 },
    });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    feed(graph, { x: 1.5, y: 1.0, yaw: 0 }, 1.2);
    expect(diagnostics.at(-1)?.status[0]?.values.find((v) => v.key === "last_rejections")?.value).toMatch(/left: the ray .* meets no surface of the court map/);
  });
});

describe("rangeInputsFromParameters", () => {
  it("reads each listed input's topic (default ranging/<name>), frame (default <name>_link), mount and noise, in list order", () => {
    const values = resolveParameters(
      { schema: targetEstimationSchema, groups: targetEstimationGroups },
      {
        "robot_frames.names": ["dt35_left", "rear_link", "lidar", "beam_link"],
        "robot_frames.dt35_left.x": 0.1,
        "robot_frames.dt35_left.y": 0.2,
        "robot_frames.dt35_left.z": 0.06,
        "robot_frames.dt35_left.yaw": 1.5,
        "robot_frames.rear_link.x": -0.3,
        "robot_frames.rear_link.z": 0.05,
        "robot_frames.rear_link.yaw": 3,
        // A frame in a turned parent: x, y turn with the parent, z and yaw add.
        "robot_frames.lidar.x": 0.2,
        "robot_frames.lidar.z": 0.05,
        "robot_frames.lidar.yaw": 0.5,
        "robot_frames.beam_link.parent": "lidar",
        "robot_frames.beam_link.x": 0.1,
        "robot_frames.beam_link.z": 0.01,
        "robot_frames.beam_link.yaw": 1,
        "range_inputs.names": ["rear", "left", "beam"],
        "range_inputs.left.topic": "sensors/left_dt35",
        "range_inputs.left.sigma": 0.004,
        "range_inputs.left.relative_sigma": 0.01,
        "range_inputs.left.relative_beyond": 6,
        "range_inputs.rear.sees": "lines",
        "range_inputs.left.frame_id": "dt35_left",
      },
      "test",
    );
    const noise = { sigma: 0.005, relativeSigma: 0, relativeBeyond: 0, systematicSigma: 0 };
    const inputs = rangeInputsFromParameters(values);
    expect(inputs.slice(0, 2)).toEqual([
      { name: "rear", topic: "ranging/rear", frameId: "rear_link", mount: { x: -0.3, y: 0, z: 0.05, yaw: 3, sees: "lines" }, noise },
      { name: "left", topic: "sensors/left_dt35", frameId: "dt35_left", mount: { x: 0.1, y: 0.2, z: 0.06, yaw: 1.5, sees: "all" }, noise: { sigma: 0.004, relativeSigma: 0.01, relativeBeyond: 6, systematicSigma: 0 } },
    ]);
    const beam = inputs[2]?.mount;
    expect(beam?.x).toBeCloseTo(0.2 + 0.1 * Math.cos(0.5), 15);
    expect(beam?.y).toBeCloseTo(0.1 * Math.sin(0.5), 15);
    expect(beam?.z).toBeCloseTo(0.06, 15);
    expect(beam?.yaw).toBeCloseTo(1.5, 15);
  });

  it("refuses a systematic_sigma above its sigma, naming the input and both values", () => {
    const values = resolveParameters(
      { schema: targetEstimationSchema, groups: targetEstimationGroups },
      { "robot_frames.names": ["left_link"], "range_inputs.names": ["left"], "range_inputs.left.sigma": 0.01, "range_inputs.left.systematic_sigma": 0.02 },
      "test",
    );
    expect(() => rangeInputsFromParameters(values)).toThrow("range_inputs.left.systematic_sigma (0.02 m) must not exceed its sigma (0.01 m)");
  });
});
