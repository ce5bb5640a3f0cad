import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LD06_GEOMETRY, rayCastScan } from "../../src/bench/ranging.bench";
import { wrapAngle } from "../../src/core/court/courtMap";
import { SeededRandom } from "../../src/core/random/SeededRandom";
import { header, yawFromQuaternion } from "../../src/msgs/builders";
import { nodeDefinitions } from "../../src/nodes/index";
import { scanProcessorConfig } from "../../src/nodes/laser_ranging";
import { detectionMountFromParameters, rangeInputsFromParameters } from "../../src/nodes/target_estimation.schema";
import { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
import type { ParameterValues } from "../../src/runtime/port";
import { QoS } from "../../src/runtime/qos";
import { PARAMS, startNodes } from "./harness";

/**
 * One source of mounts (issue 17): the robot's frames are written once, in the `/**` block's
 * robot_frames, and laser_ranging's virtual-beam bearings and target_estimation's rays both come
 * from them. A frame changed in one place moves both; a beam frame that is not the lidar's frame
 * turned by a bearing is refused.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "robot-frames-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The shipped files plus a `/**` block setting `frames` (flat robot_frames keys), as a team edits its robot. */
function withFrames(label: string, frames: Readonly<Record<string, number | string | undefined>>): string[] {
  const file = path.join(dir, `${label.replace(/\W+/g, "_")}.yaml`);
  const entries = Object.entries(frames).filter((entry): entry is [string, number | string] => entry[1] !== undefined);
  const lines = ["/**:", "  ros__parameters:", ...entries.map(([key, value]) => `    ${key}: ${typeof value === "string" ? JSON.stringify(value) : value}`)];
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return [...PARAMS, file];
}

function startBoth(paramsFiles: readonly string[]): { graph: InProcessGraph; ranging: ParameterValues; estimator: ParameterValues } {
  const graph = new InProcessGraph({ startTime: 1000 });
  const values: ParameterValues[] = [];
  for (const name of ["laser_ranging", "target_estimation"] as const) {
    const node = graph.addNode(nodeDefinitions[name]!, { paramsFiles });
    const started = node.startup();
    if (!started.ok) throw new Error(started.reason);
    values.push(node.parameterValues);
  }
  return { graph, ranging: values[0]!, estimator: values[1]! };
}

const SHIPPED_BEARING = 1.5708;
const SHIPPED_LIDAR = { x: 0.2, y: 0, z: 0.05, yaw: 0 };

describe("robot_frames: one frame moves the virtual beam's bearing and the estimator's ray together", () => {
  it.each([
    { label: "the beam's frame turned", frames: { "robot_frames.left_fence_link.yaw": 1.3 }, bearing: 1.3, lidar: SHIPPED_LIDAR },
    { label: "the lidar turned (its beams turn with it)", frames: { "robot_frames.laser.yaw": 0.1 }, bearing: SHIPPED_BEARING, lidar: { ...SHIPPED_LIDAR, yaw: 0.1 } },
    { label: "the lidar moved (its beams move with it)", frames: { "robot_frames.laser.x": 0.3, "robot_frames.laser.z": 0.07 }, bearing: SHIPPED_BEARING, lidar: { ...SHIPPED_LIDAR, x: 0.3, z: 0.07 } },
  ])("$label", ({ label, frames, bearing, lidar }) => {
    const { graph, ranging, estimator } = startBoth(withFrames(label, frames));
    // laser_ranging fits along the bearing (in the lidar's frame) ...
    const beam = scanProcessorConfig(ranging).beams.find((b) => b.name === "left_fence");
    expect(beam?.bearing_rad).toBe(bearing);
    // ... and target_estimation casts the ray from the lidar along the lidar's yaw plus that bearing.
    const input = rangeInputsFromParameters(estimator).find((i) => i.name === "left_fence");
    expect(input?.mount).toEqual({ x: lidar.x, y: lidar.y, z: lidar.z, yaw: lidar.yaw + bearing, sees: "lines" });
    expect(detectionMountFromParameters(estimator)).toEqual(lidar);
    // /tf_static carries the same frame: the lidar's, turned by the bearing.
    const latched = graph.record("tf2_msgs/msg/TFMessage", "/tf_static", QoS.tfStatic);
    graph.advance(0);
    const t = latched[0]?.transforms.find((tf) => tf.child_frame_id === "left_fence_link");
    expect(t?.header.frame_id).toBe("laser");
    expect(Math.abs(wrapAngle(yawFromQuaternion(t!.transform.rotation) - bearing))).toBeLessThan(1e-12);
  });

  it("the published virtual-beam range follows the frame's yaw: a wall 1.5 m to the lidar's left reads 1.5 / sin(bearing)", () => {
    // In the lidar's frame: a wall along x at y = 1.5 m, seen without noise.
    const wall = { kind: "segment" as const, x1: -8, y1: 1.5, x2: 8, y2: 1.5 };
    const scan = rayCastScan([wall], { ...LD06_GEOMETRY, sigma_m: 0 }, new SeededRandom(3));
    const read = (yaw: number): number => {
      const { graph } = startNodes(["laser_ranging"], { laser_ranging: { "robot_frames.left_fence_link.yaw": yaw } });
      const out = graph.record("sensor_msgs/msg/Range", "/ranging/left_fence", { ...QoS.sensorData, depth: 10 });
      graph.publish("sensor_msgs/msg/LaserScan", "/scan", { ...scan, header: header(1000, "laser"), time_increment: 0, scan_time: 0.1, ranges: Float32Array.from(scan.ranges), intensities: new Float32Array(0) }, QoS.sensorData);
      return out[0]?.range ?? Number.NaN;
    };
    for (const yaw of [SHIPPED_BEARING, 1.2]) expect(read(yaw)).toBeCloseTo(1.5 / Math.sin(yaw), 4);
  });
});

describe("robot_frames: a virtual beam's frame is the lidar's frame turned by its bearing", () => {
  it.each([
    {
      label: "a beam frame on the base frame",
      frames: { "robot_frames.left_fence_link.parent": "" },
      error: 'virtual_beams.left_fence.frame_id = "left_fence_link": robot_frames.left_fence_link.parent is empty (the base frame)',
    },
    {
      label: "a beam frame away from the lidar",
      frames: { "robot_frames.left_fence_link.y": 0.1 },
      error: 'robot_frames.left_fence_link.x, y, z = (0, 0.1, 0) m from its parent "laser", but a virtual beam starts at the lidar',
    },
    {
      label: "beams on two different frames",
      frames: { "robot_frames.names": "[laser, left_link, right_link, left_fence_link, right_fence_link, rear_fence_link, rear_left_link, rear_right_link]", "robot_frames.right_fence_link.parent": "right_link" },
      error: 'robot_frames.right_fence_link.parent = "right_link", but robot_frames.left_fence_link.parent = "laser"',
    },
    { label: "a beam frame that is no robot frame", frames: { "robot_frames.names": "[laser, left_link, right_link]" }, error: 'virtual_beams.left_fence.frame_id = "left_fence_link" is not in robot_frames.names' },
    { label: "frames in a loop", frames: { "robot_frames.laser.parent": "left_fence_link" }, error: "form a loop" },
  ])("refuses at configure: $label", ({ label, frames, error }) => {
    const paramsFiles = withFrames(label, frames);
    // A list written in YAML flow style: keep it unquoted.
    const file = paramsFiles.at(-1)!;
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/"(\[[^"]*\])"/g, "$1"));
    const node = new InProcessGraph({ echoErrors: false }).addNode(nodeDefinitions.laser_ranging!, { paramsFiles });
    const result = node.configure();
    expect(result.ok).toBe(false);
    expect(result.reason).toContain(error);
  });
});
