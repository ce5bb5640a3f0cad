import { wrapAngle, type Pose2 } from "../../src/core/court/courtMap";
import { defaultCourtMap } from "../../src/core/court/courtSchema";
import { isCovarianceStale } from "../../src/core/estimation/targetOutput";
import { referenceRange } from "../../src/bench/referenceCourt";
import { diagonalCovariance6, header, planarPose, yawFromQuaternion } from "../../src/msgs/builders";
import { secondsFromTime } from "../../src/msgs/time";
import type { Odometry, TFMessage, TransformStamped } from "../../src/msgs/types";
import { detectionMountFromParameters, rangeInputsFromParameters, targetEstimationParametersFromFiles } from "../../src/nodes/target_estimation.schema";
import type { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
import { QoS } from "../../src/runtime/qos";
import { PARAMS, rangeReading, startNodes } from "./harness";

/**
 * target_estimation's transforms (REP-105): the pose on /tf (map -> base_link, or map -> odom with
 * odometry) and the mounts on /tf_static, on the in-process graph with the shipped params.
 */
const spec = defaultCourtMap().spec;
const shipped = targetEstimationParametersFromFiles(PARAMS);
const INPUTS = rangeInputsFromParameters(shipped);
const deep = { ...QoS.reliable, depth: 100_000 };

/** Every input's exact reference range at `pose`, stamped `stamp`, in the frame the node publishes for it. */
function publishRanges(graph: InProcessGraph, pose: Pose2, stamp: number): void {
  for (const input of INPUTS) {
    graph.publish("sensor_msgs/msg/Range", `/${input.topic}`, rangeReading(stamp, input.frameId, referenceRange(spec, pose, input.mount), 0.05, 12), QoS.sensorData);
  }
}

function odometry(stamp: number, pose: Pose2, vx: number): Odometry {
  return {
    header: header(stamp, "odom"),
    child_frame_id: "base_link",
    pose: { pose: planarPose(pose.x, pose.y, pose.yaw), covariance: diagonalCovariance6([1e-4, 1e-4, 1e6, 1e6, 1e6, 1e-4]) },
    twist: { twist: { linear: { x: vx, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: diagonalCovariance6([1e-4, 1e-4, 1e6, 1e6, 1e6, 1e-4]) },
  };
}

function poseOf(t: TransformStamped): Pose2 {
  return { x: t.transform.translation.x, y: t.transform.translation.y, yaw: yawFromQuaternion(t.transform.rotation) };
}

/** a then b, written out as the rotation-and-translation product (the reference for the node's composition). */
function then(a: Pose2, b: Pose2): Pose2 {
  return { x: a.x + Math.cos(a.yaw) * b.x - Math.sin(a.yaw) * b.y, y: a.y + Math.sin(a.yaw) * b.x + Math.cos(a.yaw) * b.y, yaw: wrapAngle(a.yaw + b.yaw) };
}

function expectPose(actual: Pose2, expected: Pose2, tolerance: number): void {
  expect(Math.abs(actual.x - expected.x)).toBeLessThan(tolerance);
  expect(Math.abs(actual.y - expected.y)).toBeLessThan(tolerance);
  expect(Math.abs(wrapAngle(actual.yaw - expected.yaw))).toBeLessThan(tolerance);
}

/** A time [s] as a whole number of microseconds: a key that a stamp's nanosecond rounding cannot miss. */
function microseconds(seconds: number): number {
  return Math.round(seconds * 1e6);
}

function transformsOf(messages: readonly TFMessage[]): TransformStamped[] {
  return messages.flatMap((m) => m.transforms);
}

describe("target_estimation on /tf: the pose estimate", () => {
  it("without odometry publishes map -> base_link equal to the estimate, only while it is valid", () => {
    const { graph } = startNodes(["target_estimation"], { target_estimation: { "detection.enabled": false, "odometry.enabled": false } });
    const tf = graph.record("tf2_msgs/msg/TFMessage", "/tf", deep);
    const robotPose = graph.record("geometry_msgs/msg/PoseWithCovarianceStamped", "/estimation/robot_pose", deep);
    const estimates = graph.record("nav_msgs/msg/Odometry", "/target/estimate", deep);
    const truth = { x: 1.5, y: 1.0, yaw: 0 };
    for (let k = 0; k < 60; k++) {
      graph.advance(0.05);
      publishRanges(graph, truth, graph.clock.now());
    }
    // Then no correction for longer than stale_timeout: the estimate goes stale.
    graph.advance(1.5);
    expect(isCovarianceStale(estimates.at(-1)!.pose.covariance)).toBe(true);
    const transforms = transformsOf(tf);
    expect(transforms.length).toBeGreaterThan(20);
    const poseAt = new Map(robotPose.map((m) => [secondsFromTime(m.header.stamp), m.pose.pose]));
    for (const t of transforms) {
      expect([t.header.frame_id, t.child_frame_id]).toEqual(["map", "base_link"]);
      const estimate = poseAt.get(secondsFromTime(t.header.stamp));
      if (estimate === undefined) throw new Error("a transform at a stamp no robot_pose has");
      expectPose(poseOf(t), { x: estimate.position.x, y: estimate.position.y, yaw: yawFromQuaternion(estimate.orientation) }, 1e-9);
      expect(t.transform.translation.z).toBe(0);
    }
    // Exactly the stamps of the valid estimates, each once (tf2 drops a repeated stamp with a
    // warning): none before the start's probation ended, none once stale.
    const validStamps = [...new Set(estimates.filter((m) => !isCovarianceStale(m.pose.covariance)).map((m) => secondsFromTime(m.header.stamp)))];
    expect(transforms.map((t) => secondsFromTime(t.header.stamp))).toEqual(validStamps);
    expect(secondsFromTime(estimates[0]!.header.stamp)).toBeLessThan(validStamps[0]!);
  });

  it.each([
    { label: "odometry and ranges stamped together", odometryLead: 0 },
    { label: "odometry 10 ms older than the ranges (brought forward by its twist)", odometryLead: 0.01 },
  ])("with odometry ($label): map -> odom composed with odom -> base_link is the estimate within 1e-9; a stale estimate keeps the last map -> odom", ({ odometryLead }) => {
    const start = { x: 1.5, y: 1.0, yaw: 0 };
    const { graph } = startNodes(["target_estimation"], {
      target_estimation: { "detection.enabled": false, "init.mode": "pose", "init.x": start.x, "init.y": start.y, "init.yaw": start.yaw, "init.sigma_xy": 0.01, "init.sigma_yaw": 0.01 },
    });
    const tf = graph.record("tf2_msgs/msg/TFMessage", "/tf", deep);
    const robotPose = graph.record("geometry_msgs/msg/PoseWithCovarianceStamped", "/estimation/robot_pose", deep);
    const estimates = graph.record("nav_msgs/msg/Odometry", "/target/estimate", deep);
    // The odom frame: where the base's driver started counting, somewhere else on the court.
    const mapToOdom = { x: 0.3, y: -0.2, yaw: 0.25 };
    const odomOf = (pose: Pose2): Pose2 => then({ x: -(Math.cos(mapToOdom.yaw) * mapToOdom.x + Math.sin(mapToOdom.yaw) * mapToOdom.y), y: Math.sin(mapToOdom.yaw) * mapToOdom.x - Math.cos(mapToOdom.yaw) * mapToOdom.y, yaw: -mapToOdom.yaw }, pose);
    /** odom -> base_link at each stamp the filter may be at: the odometry's, and the ranges' (the message's pose moved on by its twist, along a straight line here). */
    const odomAt = new Map<number, Pose2>();
    const t0 = graph.clock.now();
    const speed = 0.2;
    const truthAt = (t: number): Pose2 => ({ x: start.x + speed * Math.max(0, t - t0 - 2), y: start.y, yaw: 0 });
    const step = (withRanges: boolean): void => {
      graph.advance(0.05);
      const now = graph.clock.now();
      const odomStamp = now - odometryLead;
      const odomPose = odomOf(truthAt(odomStamp));
      const vx = odomStamp - t0 > 2 ? speed : 0;
      graph.publish("nav_msgs/msg/Odometry", "/odom", odometry(odomStamp, odomPose, vx), QoS.sensorData);
      // The filter's time is the ranges' stamp, or the odometry's when no range came after it.
      odomAt.set(microseconds(odomStamp), odomPose);
      odomAt.set(microseconds(now), { x: odomPose.x + Math.cos(odomPose.yaw) * vx * odometryLead, y: odomPose.y + Math.sin(odomPose.yaw) * vx * odometryLead, yaw: odomPose.yaw });
      if (withRanges) publishRanges(graph, truthAt(now), now);
    };
    // Two seconds standing (the start's probation), two driving at 0.2 m/s (slow enough to be
    // judged); then the lasers go quiet while the wheels keep turning: stale after stale_timeout.
    for (let k = 0; k < 80; k++) step(true);
    for (let k = 0; k < 30; k++) step(false);
    const lastValid = Math.max(...estimates.filter((m) => !isCovarianceStale(m.pose.covariance)).map((m) => secondsFromTime(m.header.stamp)));
    const all = transformsOf(tf);
    const live = all.filter((t) => secondsFromTime(t.header.stamp) <= lastValid);
    const held = all.slice(live.length);
    expect(live.length).toBeGreaterThan(40);
    const poseAt = new Map(robotPose.map((m) => [secondsFromTime(m.header.stamp), m.pose.pose]));
    for (const t of live) {
      expect([t.header.frame_id, t.child_frame_id]).toEqual(["map", "odom"]);
      const stamp = secondsFromTime(t.header.stamp);
      const estimate = poseAt.get(stamp);
      const odomToBase = odomAt.get(microseconds(stamp));
      if (estimate === undefined || odomToBase === undefined) throw new Error(`no estimate or odometry at ${stamp}`);
      expectPose(then(poseOf(t), odomToBase), { x: estimate.position.x, y: estimate.position.y, yaw: yawFromQuaternion(estimate.orientation) }, 1e-9);
      // And map -> odom is where the driver's odom frame really is, to the estimate's accuracy.
      expectPose(poseOf(t), mapToOdom, 0.01);
    }
    // Stale: the last valid map -> odom is kept, stamped on with the odometry.
    expect(held.length).toBeGreaterThanOrEqual(15);
    for (const t of held) expect(t.transform).toEqual(live.at(-1)!.transform);
    const stamps = all.map((t) => secondsFromTime(t.header.stamp));
    expect(stamps.every((s, i) => i === 0 || s > (stamps[i - 1] ?? Infinity))).toBe(true);
  });

  it.each([
    { publishTf: false, publishMounts: true },
    { publishTf: true, publishMounts: false },
    { publishTf: false, publishMounts: false },
  ])("publish_tf $publishTf, publish_mount_tf $publishMounts: nothing on the topic turned off", ({ publishTf, publishMounts }) => {
    const { graph } = startNodes(["target_estimation"], { target_estimation: { "detection.enabled": false, "odometry.enabled": false, publish_tf: publishTf, publish_mount_tf: publishMounts } });
    const tf = graph.record("tf2_msgs/msg/TFMessage", "/tf", deep);
    const truth = { x: 1.5, y: 1.0, yaw: 0 };
    for (let k = 0; k < 60; k++) {
      graph.advance(0.05);
      publishRanges(graph, truth, graph.clock.now());
    }
    const latched = graph.record("tf2_msgs/msg/TFMessage", "/tf_static", QoS.tfStatic);
    graph.advance(0);
    expect(tf.length > 0).toBe(publishTf);
    expect(latched.length).toBe(publishMounts ? 1 : 0);
    expect(graph.topicList().some((topic) => topic.name === "/tf" && topic.writers > 0)).toBe(publishTf);
  });
});

describe("target_estimation on /tf_static: the mounts", () => {
  it("latches one message with every robot frame in its parent, composing to the configured mounts in base_link (a late subscriber gets it)", () => {
    const { graph } = startNodes(["target_estimation"]);
    graph.advance(1);
    const latched = graph.record("tf2_msgs/msg/TFMessage", "/tf_static", QoS.tfStatic);
    graph.advance(0);
    expect(latched).toHaveLength(1);
    const lidar = detectionMountFromParameters(shipped);
    const expected = new Map<string, { x: number; y: number; z: number; yaw: number }>([
      [String(shipped["detection.frame_id"]), lidar],
      ...INPUTS.map(({ frameId, mount }) => [frameId, mount] as const),
      [String(shipped.launcher_frame), { x: Number(shipped["launcher.x"]), y: Number(shipped["launcher.y"]), z: Number(shipped["launcher.z"]), yaw: Number(shipped["launcher.yaw"]) }],
    ]);
    // The shipped robot: the lidar, seven range inputs (two lasers, five virtual beams), the launcher.
    expect(expected.size).toBe(9);
    const transforms = latched[0]!.transforms;
    expect(transforms.map((t) => t.child_frame_id).sort()).toEqual([...expected.keys()].sort());
    // A tree, as the robot_frames block writes it: the virtual beams hang off the lidar's frame.
    const byChild = new Map(transforms.map((t) => [t.child_frame_id, t]));
    for (const beam of ["left_fence_link", "right_fence_link", "rear_fence_link", "rear_left_link", "rear_right_link"]) expect(byChild.get(beam)?.header.frame_id).toBe("laser");
    const inBase = (t: TransformStamped): { pose: Pose2; z: number } => {
      const parent = byChild.get(t.header.frame_id);
      const own = { pose: poseOf(t), z: t.transform.translation.z };
      if (parent === undefined) {
        expect(t.header.frame_id).toBe("base_link");
        return own;
      }
      const up = inBase(parent);
      return { pose: then(up.pose, own.pose), z: up.z + own.z };
    };
    for (const t of transforms) {
      const mount = expected.get(t.child_frame_id)!;
      const { pose, z } = inBase(t);
      expect(Math.max(Math.abs(pose.x - mount.x), Math.abs(pose.y - mount.y), Math.abs(z - mount.z))).toBeLessThan(1e-12);
      expect(Math.abs(wrapAngle(pose.yaw - mount.yaw))).toBeLessThan(1e-12);
      expect([t.transform.rotation.x, t.transform.rotation.y]).toEqual([0, 0]);
    }
  });

  it.each([
    { label: "an input whose frame is no robot frame", overrides: { "range_inputs.left.frame_id": "left_lnk" }, error: "range_inputs.left.frame_id = \"left_lnk\" is not in robot_frames.names = [" },
    { label: "the lidar's frame no robot frame", overrides: { "detection.frame_id": "lidar" }, error: "detection.frame_id = \"lidar\" is not in robot_frames.names" },
    { label: "a robot frame whose parent is none", overrides: { "robot_frames.left_fence_link.parent": "lidar" }, error: "frame 'left_fence_link': parent 'lidar' is not a robot frame" },
    { label: "a robot frame named as base_link", overrides: { "robot_frames.names": [...(shipped["robot_frames.names"] as string[]), "base_link"] }, error: 'robot_frames.names names "base_link", which is base_frame' },
    { label: "the launcher named as a robot frame", overrides: { launcher_frame: "laser" }, error: 'launcher_frame "laser" is also in robot_frames.names' },
    { label: "the launcher named as map", overrides: { launcher_frame: "map" }, error: 'launcher_frame names "map", which is map_frame' },
  ])("refuses to configure with $label", ({ overrides, error }) => {
    expect(() => startNodes(["target_estimation"], { target_estimation: overrides })).toThrow(error);
  });

  it("publishes a frame two inputs read once, and every robot frame, also one no input reads", () => {
    const { graph } = startNodes(["target_estimation"], {
      target_estimation: { "range_inputs.names": ["left", "right"], "range_inputs.right.frame_id": "left_link" },
    });
    const latched = graph.record("tf2_msgs/msg/TFMessage", "/tf_static", QoS.tfStatic);
    graph.advance(0);
    const children = latched[0]?.transforms.map((t) => t.child_frame_id) ?? [];
    expect(children.filter((c) => c === "left_link")).toHaveLength(1);
    expect(children).toEqual(expect.arrayContaining(["right_link", "rear_fence_link"]));
  });

  it("warns once, naming the parameter, when an input's messages carry another frame than the one published for it", () => {
    const { graph } = startNodes(["target_estimation"], { target_estimation: { "detection.enabled": false, "odometry.enabled": false } });
    for (let k = 0; k < 3; k++) {
      graph.advance(0.05);
      graph.publish("sensor_msgs/msg/Range", "/ranging/left", rangeReading(graph.clock.now(), "dt35_left", 1.2, 0.05, 12), QoS.sensorData);
    }
    const warnings = graph.logs.filter((l) => l.level === "warn" && l.message.startsWith("left:"));
    expect(warnings.map((w) => w.message)).toEqual([
      'left: messages in frame "dt35_left", but range_inputs.left.frame_id is "left_link", the frame this node\'s transforms name: set range_inputs.left.frame_id to "dt35_left" or rviz cannot place them',
    ]);
  });
});
