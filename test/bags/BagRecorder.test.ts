import { McapIndexedReader, TempBuffer } from "@mcap/core";
import { BagRecorder } from "../../src/bags/BagRecorder";
import { McapRos2Writer, MemoryWritable } from "../../src/bags/McapRos2Writer";
import { header, marker } from "../../src/msgs/builders";
import type { Range } from "../../src/msgs/types";
import { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
import { QoS } from "../../src/runtime/qos";

const range = (t: number): Range => ({ header: header(t, "left_link"), radiation_type: 1, field_of_view: 0.03, min_range: 0.05, max_range: 12, range: 2.5 });

/** Records a graph where a latched marker topic was published before the recorder started, then reads the bag back. */
async function recordBag(): Promise<{ topics: Map<string, { qos: string; messages: number }>; recorder: BagRecorder }> {
  const graph = new InProcessGraph({ startTime: 100 });
  const node = graph.binding("driver");
  // Published once, before recording starts (as sim_world does at activation).
  node.advertise("visualization_msgs/msg/MarkerArray", "/court_markers", QoS.transientLocal).publish({
    markers: [marker({ header: header(100, "map"), ns: "court", id: 0, type: 4 })],
  });
  const target = node.advertise("sensor_msgs/msg/Range", "/ranging/target", QoS.sensorData);
  const memory = new MemoryWritable();
  const recorder = new BagRecorder(graph, await McapRos2Writer.create(memory));
  target.publish(range(100.1));
  // A writer that appears while recording, publishing at once (no refresh in between).
  node.advertise("std_msgs/msg/Bool", "/late", QoS.reliable).publish({ data: true });
  graph.advance(0.1);
  target.publish(range(100.2));
  await recorder.close();

  const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(memory.bytes()) });
  const topics = new Map<string, { qos: string; messages: number }>();
  for (const channel of reader.channelsById.values()) topics.set(channel.topic, { qos: channel.metadata.get("offered_qos_profiles") ?? "", messages: 0 });
  for await (const message of reader.readMessages()) {
    const topic = topics.get(reader.channelsById.get(message.channelId)?.topic ?? "");
    if (topic !== undefined) topic.messages++;
  }
  return { topics, recorder };
}

describe("BagRecorder", () => {
  it("stores the QoS the writers offered: a best-effort sensor topic is best effort in the bag", async () => {
    const { topics } = await recordBag();
    const target = topics.get("/ranging/target");
    expect(target?.messages).toBe(2);
    expect(target?.qos).toContain("reliability: 2");
    expect(target?.qos).toContain("durability: 2");
    expect(target?.qos).toContain("depth: 5");
    expect(topics.get("/late")?.qos).toContain("reliability: 1");
  });

  it("records a latched sample published before recording started, as transient local", async () => {
    const { topics } = await recordBag();
    const markers = topics.get("/court_markers");
    expect(markers?.messages).toBe(1);
    expect(markers?.qos).toContain("durability: 1");
  });

  it("records a topic whose writer appears while recording, from its first message", async () => {
    const { topics, recorder } = await recordBag();
    expect(topics.get("/late")?.messages).toBe(1);
    expect(recorder.messages).toBe(4);
  });

  it("logs a later writer its reader cannot hear (rosbag2 keeps the QoS it chose too)", async () => {
    const graph = new InProcessGraph();
    graph.binding("map_server").advertise("std_msgs/msg/Float64", "/latched", QoS.transientLocal);
    const recorder = new BagRecorder(graph, await McapRos2Writer.create(new MemoryWritable()));
    graph.binding("other").advertise("std_msgs/msg/Float64", "/latched", QoS.reliable);
    expect(graph.logs.filter((l) => l.level === "warn" && l.node === "rosbag2_recorder").map((l) => l.message)).toEqual([
      "/latched: a new writer offers reliable volatile, which the reliable transient_local reader does not hear",
    ]);
    await recorder.close();
  });

  it("after close, neither subscribes a new topic nor queues messages of the old ones", async () => {
    const graph = new InProcessGraph();
    const node = graph.binding("driver");
    const target = node.advertise("sensor_msgs/msg/Range", "/ranging/target", QoS.sensorData);
    const recorder = new BagRecorder(graph, await McapRos2Writer.create(new MemoryWritable()));
    target.publish(range(0.1));
    await recorder.close();
    target.publish(range(0.2));
    node.advertise("std_msgs/msg/Bool", "/late", QoS.reliable).publish({ data: true });
    expect(graph.topicList().find((t) => t.name === "/late")?.readers).toBe(0);
    // A flush now has nothing to write (writing would throw: the bag is closed).
    await expect(recorder.flush()).resolves.toBeUndefined();
    expect(recorder.messages).toBe(1);
  });
});
