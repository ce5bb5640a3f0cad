import { McapIndexedReader, McapStreamReader, TempBuffer } from "@mcap/core";
import { parse } from "@foxglove/rosmsg";
import { MessageReader } from "@foxglove/rosmsg2-serialization";
import { McapRos2Writer, MemoryWritable, nanosecondsFromSeconds, offeredQosProfilesYaml } from "../../src/bags/McapRos2Writer";
import { ros2msgSchema } from "../../src/msgs/ros2msgDefinitions";
import type { MessageTypeName, MessageTypes } from "../../src/msgs/types";
import { QoS } from "../../src/runtime/qos";
import { plain, SAMPLE_MESSAGES as samples } from "../msgs/sampleMessages";

async function writeAll(): Promise<Uint8Array> {
  const memory = new MemoryWritable();
  const writer = await McapRos2Writer.create(memory);
  let t = 100;
  for (const [type, message] of Object.entries(samples) as [MessageTypeName, MessageTypes[MessageTypeName]][]) {
    const topic = `/test/${type.split("/")[2] ?? type}`;
    await writer.write(topic, type, message, t++, [type === "sensor_msgs/msg/LaserScan" ? QoS.sensorData : QoS.reliable]);
  }
  await writer.close();
  return memory.bytes();
}

describe("McapRos2Writer", () => {
  it("writes every message type of MessageTypes; the indexed reader decodes each to the same values", async () => {
    const bytes = await writeAll();
    const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(bytes) });
    expect(reader.header.profile).toBe("ros2");
    const seen = new Set<string>();
    for await (const message of reader.readMessages()) {
      const channel = reader.channelsById.get(message.channelId);
      const schema = channel ? reader.schemasById.get(channel.schemaId) : undefined;
      if (!channel || !schema) throw new Error("message without channel or schema");
      expect(schema.encoding).toBe("ros2msg");
      expect(channel.messageEncoding).toBe("cdr");
      expect(channel.metadata.get("offered_qos_profiles")).toContain("reliability:");
      const type = schema.name as MessageTypeName;
      const decoded = new MessageReader(parse(new TextDecoder().decode(schema.data), { ros2: true })).readMessage(message.data);
      expect(plain(decoded)).toMatchObject(plain(samples[type]) as object);
      seen.add(type);
    }
    expect([...seen].sort()).toEqual(Object.keys(samples).sort());
  });

  it("the stream reader reads the same file (no index needed)", async () => {
    const bytes = await writeAll();
    const stream = new McapStreamReader();
    stream.append(bytes);
    let messages = 0;
    for (let record = stream.nextRecord(); record !== undefined; record = stream.nextRecord()) if (record.type === "Message") messages++;
    expect(messages).toBe(Object.keys(samples).length);
    expect(stream.done()).toBe(true);
  });

  it("stores the full dependency text as rosbag2 does", () => {
    const text = ros2msgSchema("nav_msgs/msg/Odometry");
    expect(text.startsWith("std_msgs/Header header\n")).toBe(true);
    for (const dep of ["std_msgs/Header", "builtin_interfaces/Time", "geometry_msgs/PoseWithCovariance", "geometry_msgs/Pose", "geometry_msgs/Point", "geometry_msgs/Quaternion", "geometry_msgs/TwistWithCovariance", "geometry_msgs/Twist", "geometry_msgs/Vector3"]) {
      expect(text).toContain(`${"=".repeat(80)}\nMSG: ${dep}\n`);
    }
    expect(text.match(/MSG: /g)?.length).toBe(9);
  });

  it("stores tf2_msgs/TFMessage's dependencies as rosbag2 names them (geometry_msgs/Transform from a bare field type)", () => {
    const text = ros2msgSchema("tf2_msgs/msg/TFMessage");
    expect(text.startsWith("geometry_msgs/TransformStamped[] transforms\n")).toBe(true);
    const names = [...text.matchAll(/^MSG: (\S+)$/gm)].map((m) => m[1]);
    expect(names).toEqual(["geometry_msgs/TransformStamped", "geometry_msgs/Transform", "geometry_msgs/Quaternion", "geometry_msgs/Vector3", "std_msgs/Header", "builtin_interfaces/Time"]);
  });

  it.each([
    [QoS.sensorData, "reliability: 2", "durability: 2", "depth: 5"],
    [QoS.transientLocal, "reliability: 1", "durability: 1", "depth: 1"],
  ])("QoS metadata %#", (qos, reliability, durability, depth) => {
    const yaml = offeredQosProfilesYaml([qos]);
    expect(yaml).toContain(reliability);
    expect(yaml).toContain(durability);
    expect(yaml).toContain(depth);
  });

  it("QoS metadata of several writers: one list entry each, in order, as rosbag2 stores them", () => {
    const yaml = offeredQosProfilesYaml([QoS.sensorData, QoS.transientLocal]);
    expect(yaml.match(/^- history: 1$/gm)).toHaveLength(2);
    expect(yaml.indexOf("reliability: 2")).toBeLessThan(yaml.indexOf("reliability: 1"));
    // rosbag2 Humble's offered_qos_profiles, written out: enums as numbers, infinite durations as its maximum.
    const infinite = ["    sec: 9223372036", "    nsec: 854775807"];
    const entry = (depth: number, reliability: number, durability: number): string[] => [
      "- history: 1",
      `  depth: ${depth}`,
      `  reliability: ${reliability}`,
      `  durability: ${durability}`,
      "  deadline:",
      ...infinite,
      "  lifespan:",
      ...infinite,
      "  liveliness: 1",
      "  liveliness_lease_duration:",
      ...infinite,
      "  avoid_ros_namespace_conventions: false",
    ];
    expect(yaml).toBe([...entry(5, 2, 2), ...entry(1, 1, 1)].join("\n"));
  });

  it.each([
    [0, 0n],
    [1_700_000_000.5, 1_700_000_000_500_000_000n],
    [1.5, 1_500_000_000n],
  ])("log time %d s -> %d ns", (seconds, ns) => {
    expect(nanosecondsFromSeconds(seconds)).toBe(ns);
  });
});
