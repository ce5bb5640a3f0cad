import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { DEFAULT_PARAMS_FILES } from "../../src/package/defaultParams";
import { nodeInterfaces, type NodeInterface } from "../../src/docs/interfaceTable";
import type { Header, MessageTypeName, MessageTypes } from "../../src/msgs/types";
import { rangeInputsFromParameters, targetEstimationParametersFromFiles } from "../../src/nodes/target_estimation.schema";
import { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
import { driverQos, QoS, qosCompatible, type QosProfile } from "../../src/runtime/qos";
import { rosExecutables } from "../../src/ros/executables";
import { createSimLauncher } from "../../src/sim/nodes/simLauncher";
import { simWorld } from "../../src/sim/nodes/simWorld";
import { alignedLayout, chainNode, courtParameters, simLauncherParameters, startChain, startNode } from "../../src/sim/simulatedChain";
import { simWorldSensorParameters } from "../../src/sim/sensorLayouts";

/**
 * rviz/shooter.rviz, read as rviz2 reads it (YAML) without rviz2: every display listens where a
 * node of this package publishes, with the message type and a QoS that hears the publisher; the
 * Range displays are the estimator's range inputs; and, with the simulated robot on the
 * in-process graph, every frame a displayed message names reaches the fixed frame through what
 * is published on /tf and /tf_static.
 */
const rvizFile = path.resolve(__dirname, "../../rviz/shooter.rviz");

interface RvizTopic {
  readonly Value: string;
  readonly "Reliability Policy"?: string;
  readonly "Durability Policy"?: string;
  readonly Depth?: number;
}
interface RvizDisplay {
  readonly Class: string;
  readonly Name: string;
  readonly Enabled?: boolean;
  readonly Topic?: RvizTopic;
  /** A display group's members. */
  readonly Displays?: readonly RvizDisplay[];
}
interface RvizConfig {
  readonly "Visualization Manager": {
    readonly Displays: readonly RvizDisplay[];
    readonly "Global Options": { readonly "Fixed Frame": string };
    readonly Views: { readonly Current: { readonly "Target Frame"?: string } };
  };
}

const config = parse(fs.readFileSync(rvizFile, "utf8")) as RvizConfig;
const manager = config["Visualization Manager"];
const flatten = (list: readonly RvizDisplay[]): RvizDisplay[] => list.flatMap((d) => [d, ...flatten(d.Displays ?? [])]);
const displays = flatten(manager.Displays);
const topicDisplays = displays.filter((d): d is RvizDisplay & { Topic: RvizTopic } => d.Topic !== undefined);

/** The message type each rviz_default_plugins display subscribes to. */
const DISPLAY_TYPES: Readonly<Record<string, MessageTypeName>> = {
  "rviz_default_plugins/LaserScan": "sensor_msgs/msg/LaserScan",
  "rviz_default_plugins/Range": "sensor_msgs/msg/Range",
  "rviz_default_plugins/MarkerArray": "visualization_msgs/msg/MarkerArray",
  "rviz_default_plugins/Odometry": "nav_msgs/msg/Odometry",
  "rviz_default_plugins/PointStamped": "geometry_msgs/msg/PointStamped",
  "rviz_default_plugins/PoseWithCovariance": "geometry_msgs/msg/PoseWithCovarianceStamped",
};

/** The QoS an rviz2 display requests (its defaults where the file is silent: reliable, volatile). */
function requested(topic: RvizTopic): QosProfile {
  return {
    reliability: topic["Reliability Policy"] === "Best Effort" ? "best_effort" : "reliable",
    durability: topic["Durability Policy"] === "Transient Local" ? "transient_local" : "volatile",
    depth: topic.Depth ?? 5,
  };
}

const absolute = (name: string): string => `/${name.replace(/^\//, "")}`;
/** What every node of the package (the three and the simulator's two) publishes, as shipped. */
const published: readonly NodeInterface[] = nodeInterfaces(DEFAULT_PARAMS_FILES, {}, Object.values(rosExecutables)).filter((row) => row.direction === "publishes");
/** The scan is the lidar driver's: laser_ranging's input, offered with the sensor-data QoS. */
const SCAN: NodeInterface = { node: "lidar driver", direction: "publishes", name: "/scan", type: "sensor_msgs/msg/LaserScan", qos: "sensor data", profile: driverQos("sensor_msgs/msg/LaserScan", "scan") };
const writersOf = (topic: string): NodeInterface[] => [...published, SCAN].filter((row) => absolute(row.name) === topic);

describe("rviz/shooter.rviz", () => {
  it("is rviz2's layout with a fixed frame and displays of known classes", () => {
    expect(displays.length).toBeGreaterThan(10);
    for (const display of topicDisplays) expect(Object.keys(DISPLAY_TYPES)).toContain(display.Class);
  });

  it.each(topicDisplays.map((d) => [d.Name, d] as const))("%s listens where a node of the package publishes, with its type and a QoS that hears it", (_name, display) => {
    const topic = display.Topic.Value;
    const writers = writersOf(topic);
    expect({ topic, writers: writers.map((w) => w.node) }).toEqual({ topic, writers: expect.arrayContaining([expect.any(String)]) as unknown });
    for (const writer of writers) {
      expect([topic, writer.type]).toEqual([topic, DISPLAY_TYPES[display.Class]]);
      expect([topic, writer.node, qosCompatible(writer.profile ?? QoS.reliable, requested(display.Topic))]).toEqual([topic, writer.node, true]);
    }
  });

  it("has a Range display for each of target_estimation's range inputs, and none besides", () => {
    const inputs = rangeInputsFromParameters(targetEstimationParametersFromFiles(DEFAULT_PARAMS_FILES)).map((input) => absolute(input.topic));
    const ranges = topicDisplays.filter((d) => d.Class === "rviz_default_plugins/Range").map((d) => d.Topic.Value);
    expect([...ranges].sort()).toEqual([...inputs].sort());
  });

  it("draws the transforms (an enabled TF display) in target_estimation's map frame", () => {
    const mapFrame = String(targetEstimationParametersFromFiles(DEFAULT_PARAMS_FILES).map_frame);
    expect(displays.filter((d) => d.Class === "rviz_default_plugins/TF" && d.Enabled === true)).toHaveLength(1);
    expect(manager["Global Options"]["Fixed Frame"]).toBe(mapFrame);
    expect(manager.Views.Current["Target Frame"] ?? mapFrame).toBe(mapFrame);
  });

  it("with the simulated robot, every frame a displayed message names reaches the fixed frame through /tf and /tf_static", () => {
    const fixedFrame = manager["Global Options"]["Fixed Frame"];
    const graph = new InProcessGraph({ startTime: 1000 });
    // The shipped chain beside the simulator's robot as sim.launch.py starts it (the lidar and
    // both lasers where target_estimation believes them, the start inside the start region).
    const chain = startChain(graph, DEFAULT_PARAMS_FILES, {});
    const estimator = chainNode(chain, "target_estimation");
    const world = graph.addNode(simWorld, {
      parameters: {
        ...courtParameters(estimator),
        ...simWorldSensorParameters(alignedLayout("mixed", estimator)),
        "lidar.frame_id": estimator.parameterValues["detection.frame_id"],
        "start.x": 2.0,
        "start.y": 1.0,
        "start.yaw": 0.3,
      },
    });
    const launcher = graph.addNode(createSimLauncher(), { parameters: simLauncherParameters(estimator, chainNode(chain, "launcher_control"), { seed: 1, hood: false }) });
    for (const node of [world, launcher]) startNode(node);

    const frames = new Map<string, Set<string>>();
    for (const display of topicDisplays) {
      const type = DISPLAY_TYPES[display.Class];
      if (type === undefined) continue;
      const seen = new Set<string>();
      frames.set(display.Topic.Value, seen);
      graph.binding("rviz2").subscribe(type, display.Topic.Value, { ...requested(display.Topic), depth: 100_000 }, (message: MessageTypes[typeof type]) => {
        for (const frame of framesOf(message)) seen.add(frame);
      });
    }
    const parentOf = new Map<string, string>();
    for (const topic of ["/tf", "/tf_static"]) {
      graph.binding("rviz2").subscribe("tf2_msgs/msg/TFMessage", topic, { ...QoS.tfStatic, durability: topic === "/tf" ? "volatile" : "transient_local", depth: 100_000 }, (message) => {
        for (const t of message.transforms) parentOf.set(t.child_frame_id, t.header.frame_id);
      });
    }
    graph.advance(8);

    const resolves = (frame: string): boolean => {
      const visited = new Set<string>();
      for (let at: string | undefined = frame; at !== undefined && !visited.has(at); at = parentOf.get(at)) {
        if (at === fixedFrame) return true;
        visited.add(at);
      }
      return false;
    };
    expect(parentOf.has("odom") || parentOf.has("base_link")).toBe(true);
    const named = [...frames.entries()].flatMap(([topic, seen]) => [...seen].map((frame) => ({ topic, frame })));
    // Each sensor's and each node's output came (the ball flight only once a ball is fired).
    const silent = [...frames.entries()].filter(([, seen]) => seen.size === 0).map(([topic]) => topic);
    expect(silent.filter((topic) => topic !== "/sim/trajectory")).toEqual([]);
    expect(named.filter(({ frame }) => !resolves(frame))).toEqual([]);
  });
});

/** The frames a message of a displayed type is drawn in: its header's, or each marker's. */
function framesOf(message: unknown): string[] {
  if (typeof message !== "object" || message === null) return [];
  if ("markers" in message) return (message as MessageTypes["visualization_msgs/msg/MarkerArray"]).markers.map((m) => m.header.frame_id);
  return "header" in message ? [(message as { header: Header }).header.frame_id] : [];
}
