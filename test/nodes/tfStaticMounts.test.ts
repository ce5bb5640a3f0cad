import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkParamsFiles } from "../../src/cli/params";
import type { Pose2 } from "../../src/core/court/courtMap";
import { defaultCourtMap } from "../../src/core/court/courtSchema";
import { isCovarianceStale } from "../../src/core/estimation/targetOutput";
import { referenceRange } from "../../src/bench/referenceCourt";
import { LD06_GEOMETRY, rayCastScan } from "../../src/bench/ranging.bench";
import { SeededRandom } from "../../src/core/random/SeededRandom";
import { header, yawFromQuaternion } from "../../src/msgs/builders";
import { DiagnosticLevel, type DiagnosticArray, type DiagnosticStatus, type LaserScan, type Quaternion, type TFMessage, type TransformStamped } from "../../src/msgs/types";
import { nodeDefinitions } from "../../src/nodes/index";
import { rangeInputsFromParameters, targetEstimationParametersFromFiles } from "../../src/nodes/target_estimation.schema";
import type { RawPublisher } from "../../src/runtime/binding";
import { InProcessGraph, type InProcessNode } from "../../src/runtime/inprocess/InProcessGraph";
import { QoS } from "../../src/runtime/qos";
import { PARAMS, rangeReading } from "./harness";

/**
 * Mounts from /tf_static (robot_frames.source tf_static, issue 17 item 3) on the in-process graph:
 * laser_ranging's virtual-beam bearings and target_estimation's rays taken from static transforms
 * (a URDF's robot_state_publisher, static_transform_publisher), waiting until they resolve,
 * following a later change in place, and telling on /diagnostics what they took.
 */

const FROM_TF = { "robot_frames.source": "tf_static" } as const;
const deep = { ...QoS.reliable, depth: 100_000 };
const sensorDeep = { ...QoS.sensorData, depth: 100_000 };

function quaternion(roll: number, pitch: number, yaw: number): Quaternion {
  const [cr, sr, cp, sp, cy, sy] = [Math.cos(roll / 2), Math.sin(roll / 2), Math.cos(pitch / 2), Math.sin(pitch / 2), Math.cos(yaw / 2), Math.sin(yaw / 2)];
  return { w: cr * cp * cy + sr * sp * sy, x: sr * cp * cy - cr * sp * sy, y: cr * sp * cy + sr * cp * sy, z: cr * cp * sy - sr * sp * cy };
}

/** A joint as a URDF writes it: xyz, rpy. */
function joint(parent: string, child: string, [x, y, z]: readonly number[], [roll, pitch, yaw]: readonly number[] = [0, 0, 0]): TransformStamped {
  return { header: header(0, parent), child_frame_id: child, transform: { translation: { x: x ?? 0, y: y ?? 0, z: z ?? 0 }, rotation: quaternion(roll ?? 0, pitch ?? 0, yaw ?? 0) } };
}

/** A static broadcaster of its own (one writer, as each static_transform_publisher / robot_state_publisher is), latched. */
function staticBroadcaster(graph: InProcessGraph, name: string): RawPublisher<TFMessage> {
  return graph.binding(name).advertise("tf2_msgs/msg/TFMessage", "/tf_static", QoS.tfStatic);
}

function addNode(graph: InProcessGraph, name: "laser_ranging" | "target_estimation", parameters: Readonly<Record<string, unknown>>): InProcessNode {
  return graph.addNode(nodeDefinitions[name]!, { paramsFiles: PARAMS, parameters });
}

function started(node: InProcessNode): InProcessNode {
  const result = node.startup();
  if (!result.ok) throw new Error(result.reason);
  return node;
}

/** The last `mounts` status a node put on /diagnostics. */
function mountsStatus(diagnostics: readonly DiagnosticArray[], node: string): DiagnosticStatus | undefined {
  return diagnostics.flatMap((d) => d.status).filter((s) => s.name === `${node}: mounts`).at(-1);
}

function value(status: DiagnosticStatus | undefined, key: string): string | undefined {
  return status?.values.find((kv) => kv.key === key)?.value;
}

describe("robot_frames.source: refused combinations at configure", () => {
  it.each([
    {
      label: "tf_static with target_estimation's publish_mount_tf true (it would read its own output)",
      node: "target_estimation" as const,
      parameters: { ...FROM_TF },
      error: "'robot_frames.source' = \"tf_static\": tf_static with 'publish_mount_tf' = true: target_estimation would take its mounts from the transforms it publishes itself; set publish_mount_tf: false",
    },
    { label: "a value that is no source", node: "laser_ranging" as const, parameters: { "robot_frames.source": "urdf" }, error: "'robot_frames.source' = \"urdf\"" },
    {
      label: "a frame named like the key",
      node: "laser_ranging" as const,
      parameters: { "robot_frames.names": ["laser", "left_link", "right_link", "left_fence_link", "right_fence_link", "rear_fence_link", "rear_left_link", "rear_right_link", "source"] },
      error: "lists 'source', the name of the key robot_frames.source: rename the frame",
    },
  ])("$label", ({ node, parameters, error }) => {
    const result = addNode(new InProcessGraph({ echoErrors: false }), node, parameters).configure();
    expect(result.ok).toBe(false);
    expect(result.reason).toContain(error);
  });

  it("params (the default) changes nothing: no /tf_static subscription, no mounts status", () => {
    const graph = new InProcessGraph({ startTime: 1000 });
    started(addNode(graph, "laser_ranging", {}));
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    graph.advance(1.5);
    expect(graph.topicList().find((t) => t.name === "/tf_static")).toBeUndefined();
    expect(mountsStatus(diagnostics, "laser_ranging")).toBeUndefined();
  });
});

describe("params --check on a URDF robot's params file (the shipped one, with /tf_static mounts)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-static-params-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    { label: "publish_mount_tf false: accepted, and robot_frames.source is no frame block", publishMountTf: false, errors: [] as string[] },
    { label: "publish_mount_tf true: refused, naming both keys", publishMountTf: true, errors: ["target_estimation: parameter 'robot_frames.source' = \"tf_static\": tf_static with 'publish_mount_tf' = true"] },
  ])("$label", ({ label, publishMountTf, errors }) => {
    const file = path.join(dir, `${label.split(":")[0]!.replace(/\W+/g, "_")}.yaml`);
    fs.writeFileSync(file, `/**:\n  ros__parameters:\n    robot_frames:\n      source: tf_static\ntarget_estimation:\n  ros__parameters:\n    publish_mount_tf: ${String(publishMountTf)}\n`);
    const report = checkParamsFiles([...PARAMS, file]);
    expect(report.warnings).toEqual([]);
    expect(report.errors).toHaveLength(errors.length);
    errors.forEach((error, i) => expect(report.errors[i]).toContain(error));
  });
});

describe("laser_ranging with robot_frames.source tf_static: virtual-beam bearings", () => {
  // In the lidar's frame: a wall along x at y = 1.5 m, seen without noise.
  const wall = { kind: "segment" as const, x1: -8, y1: 1.5, x2: 8, y2: 1.5 };
  const raw = rayCastScan([wall], { ...LD06_GEOMETRY, sigma_m: 0 }, new SeededRandom(3));
  const scan = (stamp: number): LaserScan => ({ ...raw, header: header(stamp, "laser"), time_increment: 0, scan_time: 0.1, ranges: Float32Array.from(raw.ranges), intensities: new Float32Array(0) });

  function setUp() {
    const graph = new InProcessGraph({ startTime: 1000 });
    const node = started(addNode(graph, "laser_ranging", FROM_TF));
    const left = graph.record("sensor_msgs/msg/Range", "/ranging/left_fence", sensorDeep);
    const filtered = graph.record("sensor_msgs/msg/LaserScan", "/ranging/scan_filtered", sensorDeep);
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    const tick = (): void => {
      graph.advance(0.1);
      graph.publish("sensor_msgs/msg/LaserScan", "/scan", scan(graph.clock.now()), QoS.sensorData);
    };
    return { graph, node, left, filtered, diagnostics, tick };
  }

  it("publishes no beam range until /tf_static names the lidar, STALE 'waiting for /tf_static' meanwhile; then the block's bearing, in place", () => {
    const { graph, node, left, filtered, diagnostics, tick } = setUp();
    for (let k = 0; k < 12; k++) tick();
    // Scans flow (the filtered scan does not need a mount); the beam does not.
    expect(filtered.length).toBe(12);
    expect(left).toEqual([]);
    const waiting = mountsStatus(diagnostics, "laser_ranging");
    expect(waiting?.level).toBe(DiagnosticLevel.STALE);
    expect(waiting?.message).toContain("waiting for /tf_static: laser -> left_fence_link");
    expect(value(waiting, "left_fence_link")).toBe("waiting: its robot_frames parent laser: no transform on /tf_static names laser yet");

    staticBroadcaster(graph, "robot_state_publisher").publish({ transforms: [joint("base_link", "laser", [0.2, 0, 0.05])] });
    for (let k = 0; k < 12; k++) tick();
    expect(node.state).toBe("active");
    expect(left.length).toBe(12);
    expect(left.at(-1)?.range).toBeCloseTo(1.5 / Math.sin(1.5708), 4);
    const resolved = mountsStatus(diagnostics, "laser_ranging");
    expect(resolved?.level).toBe(DiagnosticLevel.OK);
    expect(resolved?.message).toContain("from /tf_static: laser -> left_fence_link (x 0.000 m, y 0.000 m, z 0.000 m, yaw 1.5708 rad)");
  });

  it("a URDF that names the beam's frame: its bearing wins, WARN names the frame and both values; a later /tf_static turns it again without a transition", () => {
    const { graph, node, left, diagnostics, tick } = setUp();
    const urdf = staticBroadcaster(graph, "robot_state_publisher");
    urdf.publish({ transforms: [joint("base_link", "laser", [0.2, 0, 0.05]), joint("laser", "left_fence_link", [0, 0, 0], [0, 0, 1.3])] });
    for (let k = 0; k < 12; k++) tick();
    expect(left.at(-1)?.range).toBeCloseTo(1.5 / Math.sin(1.3), 4);
    const warned = mountsStatus(diagnostics, "laser_ranging");
    expect(warned?.level).toBe(DiagnosticLevel.WARN);
    expect(warned?.message).toContain("left_fence_link: /tf_static (x 0.000 m, y 0.000 m, z 0.000 m, yaw 1.3000 rad) differs from robot_frames (x 0.000 m, y 0.000 m, z 0.000 m, yaw 1.5708 rad) (in laser): /tf_static used");
    expect(graph.logs.some((l) => l.level === "warn" && l.message.includes("mount left_fence_link: /tf_static"))).toBe(true);

    // robot_state_publisher restarted with a fixed URDF: one new latched message.
    urdf.publish({ transforms: [joint("base_link", "laser", [0.2, 0, 0.05]), joint("laser", "left_fence_link", [0, 0, 0], [0, 0, 1.2])] });
    for (let k = 0; k < 12; k++) tick();
    expect(node.state).toBe("active");
    expect(left.at(-1)?.range).toBeCloseTo(1.5 / Math.sin(1.2), 4);
  });

  it("a beam frame /tf_static tilts out of the lidar's plane is refused: ERROR, that beam not published, the others are", () => {
    const { graph, left, diagnostics, tick } = setUp();
    const right = graph.record("sensor_msgs/msg/Range", "/ranging/right_fence", sensorDeep);
    staticBroadcaster(graph, "urdf").publish({ transforms: [joint("base_link", "laser", [0.2, 0, 0.05]), joint("laser", "left_fence_link", [0, 0, 0], [0, 0.2, 1.5708])] });
    for (let k = 0; k < 12; k++) tick();
    expect(left).toEqual([]);
    expect(right.length).toBe(12);
    const status = mountsStatus(diagnostics, "laser_ranging");
    expect(status?.level).toBe(DiagnosticLevel.ERROR);
    expect(status?.message).toContain("left_fence_link is tilted (roll 0.0000 rad, pitch 0.2000 rad in laser, beyond 0.01 rad): not used, the rays are planar");
  });
});

describe("target_estimation with robot_frames.source tf_static: the rays", () => {
  const spec = defaultCourtMap().spec;
  const shipped = targetEstimationParametersFromFiles(PARAMS);
  const TRUTH: Pose2 = { x: 1.5, y: 1.0, yaw: 0 };
  const ESTIMATOR = { ...FROM_TF, publish_mount_tf: false, "detection.enabled": false, "odometry.enabled": false } as const;

  const BEAM_FRAMES = new Set(["left_fence_link", "right_fence_link", "rear_fence_link", "rear_left_link", "rear_right_link"]);

  /** The robot as it really is: the shipped block, but the lidar (and every beam with it) turned by `lidarYaw` (a params file that went stale). */
  function trueInputs(lidarYaw: number) {
    return rangeInputsFromParameters(shipped).map((input) => (BEAM_FRAMES.has(input.frameId) ? { ...input, mount: { ...input.mount, yaw: input.mount.yaw + lidarYaw } } : input));
  }

  /** Each input's exact reference range at the true pose from its true mount, every 50 ms for `seconds`. */
  function drive(graph: InProcessGraph, seconds: number, lidarYaw = 0): void {
    const inputs = trueInputs(lidarYaw);
    for (let t = 0; t < seconds; t += 0.05) {
      graph.advance(0.05);
      for (const input of inputs) graph.publish("sensor_msgs/msg/Range", `/${input.topic}`, rangeReading(graph.clock.now(), input.frameId, referenceRange(spec, TRUTH, input.mount), 0.05, 12), QoS.sensorData);
    }
  }

  /**
   * A URDF's tree: the lidar (turned by `lidarYaw` in the base frame) at (0.2, 0, 0.05) on an
   * intermediate link the block does not list; the DT35s from a second publisher.
   */
  function publishUrdf(graph: InProcessGraph, lidarYaw = 0): void {
    staticBroadcaster(graph, "robot_state_publisher").publish({ transforms: [joint("base_link", "chassis_link", [0.05, 0, 0.02], [0, 0, 0.1]), joint("chassis_link", "laser", [0.15 * Math.cos(0.1), -0.15 * Math.sin(0.1), 0.03], [0, 0, lidarYaw - 0.1])] });
    staticBroadcaster(graph, "dt35_publisher").publish({ transforms: [joint("base_link", "left_link", [0, 0.25, 0.05], [0, 0, Math.PI / 2]), joint("base_link", "right_link", [-0.25, 0, 0.05], [0, 0, Math.PI])] });
  }

  function validEstimates(estimates: readonly { pose: { covariance: Float64Array | number[] } }[]): number {
    return estimates.filter((e) => !isCovarianceStale(e.pose.covariance)).length;
  }

  it("latched before the node exists, delivered between configure and activate: kept, and the estimate follows the /tf_static mounts", () => {
    const graph = new InProcessGraph({ startTime: 1000 });
    publishUrdf(graph);
    const node = addNode(graph, "target_estimation", ESTIMATOR);
    expect(node.configure().ok).toBe(true);
    // A lifecycle manager activates later: the latched sample is delivered now, while inactive, and never again.
    graph.advance(0.5);
    expect(node.activate().ok).toBe(true);
    const estimates = graph.record("nav_msgs/msg/Odometry", "/target/estimate", deep);
    const robotPose = graph.record("geometry_msgs/msg/PoseWithCovarianceStamped", "/estimation/robot_pose", deep);
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    drive(graph, 4);
    expect(validEstimates(estimates)).toBeGreaterThan(10);
    const last = robotPose.at(-1)!.pose.pose;
    expect(Math.hypot(last.position.x - TRUTH.x, last.position.y - TRUTH.y)).toBeLessThan(0.01);
    const status = mountsStatus(diagnostics, "target_estimation");
    expect(status?.level).toBe(DiagnosticLevel.OK);
    // A DT35 from its own publisher; a beam from the lidar's pose through the intermediate link, and its block bearing.
    expect(value(status, "left_link")).toBe("(x 0.000 m, y 0.250 m, z 0.050 m, yaw 1.5708 rad) (from /tf_static)");
    expect(value(status, "left_fence_link")).toBe("(x 0.200 m, y 0.000 m, z 0.050 m, yaw 1.5708 rad) (its robot_frames parent's pose from /tf_static and its block offset)");
  });

  it.each([
    { label: "robot_frames.source tf_static: the stale block is warned about, and the rays follow /tf_static", source: "tf_static", within: 0.002 },
    { label: "robot_frames.source params (the control): the same robot, rays from the stale block, lands off", source: "params", within: undefined },
  ])("the lidar turned 0.05 rad, which the block does not say: $label", ({ source, within }) => {
    const graph = new InProcessGraph({ startTime: 1000 });
    const parameters = source === "tf_static" ? ESTIMATOR : { ...ESTIMATOR, "robot_frames.source": "params", publish_mount_tf: false };
    started(addNode(graph, "target_estimation", parameters));
    publishUrdf(graph, 0.05);
    const robotPose = graph.record("geometry_msgs/msg/PoseWithCovarianceStamped", "/estimation/robot_pose", deep);
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    drive(graph, 4, 0.05);
    const last = robotPose.at(-1)?.pose.pose;
    const yawError = last === undefined ? Infinity : Math.abs(yawFromQuaternion(last.orientation) - TRUTH.yaw);
    if (within !== undefined) {
      expect(yawError).toBeLessThan(within);
      const status = mountsStatus(diagnostics, "target_estimation");
      expect(status?.level).toBe(DiagnosticLevel.WARN);
      expect(status?.message).toContain("laser: /tf_static (x 0.200 m, y 0.000 m, z 0.050 m, yaw 0.0500 rad) differs from robot_frames (x 0.200 m, y 0.000 m, z 0.050 m, yaw 0.0000 rad) (in base_link): /tf_static used");
    } else {
      expect(yawError).toBeGreaterThan(0.01);
    }
  });

  it("a frame /tf_static does not carry: WARN 'waiting for /tf_static: base_link -> right_link', no estimate; it arrives later and the estimate follows", () => {
    const graph = new InProcessGraph({ startTime: 1000 });
    started(addNode(graph, "target_estimation", ESTIMATOR));
    const estimates = graph.record("nav_msgs/msg/Odometry", "/target/estimate", deep);
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    staticBroadcaster(graph, "urdf").publish({ transforms: [joint("base_link", "laser", [0.2, 0, 0.05]), joint("base_link", "left_link", [0, 0.25, 0.05], [0, 0, Math.PI / 2])] });
    drive(graph, 3);
    expect(estimates).toEqual([]);
    const waiting = mountsStatus(diagnostics, "target_estimation");
    expect(waiting?.level).toBe(DiagnosticLevel.WARN);
    expect(waiting?.message).toBe("waiting for /tf_static: base_link -> right_link");
    expect(value(waiting, "right_link")).toBe("waiting: no transform on /tf_static has right_link as its child yet");

    // Another static_transform_publisher for the missing DT35: merged with the first publisher's frames.
    staticBroadcaster(graph, "static_transform_publisher_right").publish({ transforms: [joint("base_link", "right_link", [-0.25, 0, 0.05], [0, 0, Math.PI])] });
    drive(graph, 4);
    expect(validEstimates(estimates)).toBeGreaterThan(10);
    expect(mountsStatus(diagnostics, "target_estimation")?.level).toBe(DiagnosticLevel.OK);
  });
});

describe("the in-process graph delivers latched /tf_static as DDS does", () => {
  it("a late transient-local reader gets each broadcaster's own last message (a reader depth for all of them); a volatile one gets none", () => {
    const graph = new InProcessGraph();
    staticBroadcaster(graph, "a").publish({ transforms: [joint("base_link", "laser", [0.2, 0, 0])] });
    const b = staticBroadcaster(graph, "b");
    b.publish({ transforms: [joint("base_link", "left_link", [0, 0.1, 0])] });
    b.publish({ transforms: [joint("base_link", "left_link", [0, 0.25, 0])] });
    const latched = graph.record("tf2_msgs/msg/TFMessage", "/tf_static", QoS.tfStaticListener);
    const volatile = graph.record("tf2_msgs/msg/TFMessage", "/tf_static", QoS.reliable);
    graph.advance(0);
    expect(latched.map((m) => [m.transforms[0]?.child_frame_id, m.transforms[0]?.transform.translation.y])).toEqual([
      ["laser", 0],
      ["left_link", 0.25],
    ]);
    expect(volatile).toEqual([]);
    expect(yawFromQuaternion(latched[0]!.transforms[0]!.transform.rotation)).toBe(0);
  });
});
