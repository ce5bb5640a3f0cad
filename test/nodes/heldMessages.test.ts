import type { MessageTypeName } from "../../src/msgs/types";
import { QoS } from "../../src/runtime/qos";
import { ShippedChainRun } from "../../src/sim/worlds/runInWorld";

/**
 * The nodes reuse their scratch (filter outputs, the hoop's projection, measurements, the graph's
 * queues) from one reading to the next; what they publish must not be part of it: a subscriber
 * that keeps a message (a recorder, rviz, a bag) sees it as it was delivered, as on rclnodejs,
 * whose subscribers each get a message of their own.
 */
describe("messages the chain delivered", () => {
  const outputs: readonly [MessageTypeName, string][] = [
    ["nav_msgs/msg/Odometry", "/target/estimate"],
    ["geometry_msgs/msg/PoseWithCovarianceStamped", "/estimation/robot_pose"],
    ["sensor_msgs/msg/Range", "/ranging/left"],
    ["sensor_msgs/msg/Range", "/ranging/left_fence"],
    ["sensor_msgs/msg/LaserScan", "/ranging/scan_filtered"],
    ["geometry_msgs/msg/PointStamped", "/ranging/target"],
    ["std_msgs/msg/Float64MultiArray", "/launcher/effort_command"],
    ["std_msgs/msg/Float64", "/launcher/make_probability"],
  ];

  it("stay as they were delivered while the chain runs on (held from earlier scans and ticks)", () => {
    const run = new ShippedChainRun({ start: { x: 2.5, y: -1.0, yaw: 0.2 }, seed: 16_000_002 });
    const probe = run.graph.binding("held_message_probe");
    const held: { topic: string; message: unknown; asDelivered: unknown }[] = [];
    const topics = new Set(run.graph.topicList().map((t) => t.name));
    for (const [type, topic] of outputs) {
      expect(topics).toContain(topic);
      probe.subscribe(type, topic, { ...QoS.sensorData, depth: 1000 }, (message: unknown) => held.push({ topic, message, asDelivered: structuredClone(message) }));
    }
    run.advance(6);
    for (const [, topic] of outputs) expect({ topic, held: held.filter((h) => h.topic === topic).length > 10 }).toEqual({ topic, held: true });
    for (const { topic, message, asDelivered } of held) expect({ topic, message }).toEqual({ topic, message: asDelivered });
  });
});
