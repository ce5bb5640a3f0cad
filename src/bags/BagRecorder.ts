import type { McapRos2Writer } from "./McapRos2Writer";
import type { MessageTypeName } from "../msgs/types";
import type { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import { QoS, type QosProfile } from "../runtime/qos";

interface Pending {
  readonly topic: string;
  readonly type: MessageTypeName;
  readonly data: Uint8Array;
  readonly time: number;
  readonly sequence: number;
}

/**
 * `ros2 bag record -a` for the in-process graph: subscribes to every topic the graph knows (call
 * `refresh()` after new topics appear), serializes each message to CDR as it arrives (so later
 * mutation cannot change the record) and queues it; `flush()` writes the queue to the bag.
 * The reader is best effort + volatile, which hears every writer, with a deep queue so nothing
 * is dropped between flushes.
 */
export class BagRecorder {
  private readonly subscribed = new Set<string>();
  private readonly queue: Pending[] = [];
  private readonly sequences = new Map<string, number>();
  /** QoS each recorded topic is offered with, as stored in the bag's channel metadata. */
  private readonly qos = new Map<string, QosProfile>();
  messages = 0;

  constructor(
    private readonly graph: InProcessGraph,
    private readonly writer: McapRos2Writer,
    private readonly options: { readonly exclude?: readonly string[] } = {},
  ) {
    this.refresh();
  }

  /** Subscribes to topics that appeared since the last call. */
  refresh(): void {
    const reader: QosProfile = { reliability: "best_effort", durability: "volatile", depth: 100_000 };
    for (const { name, type } of this.graph.topicList()) {
      if (this.subscribed.has(name) || (this.options.exclude ?? []).includes(name)) continue;
      this.subscribed.add(name);
      const sensor = type === "sensor_msgs/msg/LaserScan" || type === "sensor_msgs/msg/Range" || type === "sensor_msgs/msg/JointState" || name.endsWith("/odom");
      this.qos.set(name, sensor ? QoS.sensorData : QoS.reliable);
      this.graph.binding("rosbag2_recorder").subscribe(type, name, reader, (message) => {
        const sequence = (this.sequences.get(name) ?? 0) + 1;
        this.sequences.set(name, sequence);
        this.queue.push({ topic: name, type, data: this.writer.serialize(type, message), time: this.graph.clock.now(), sequence });
      });
    }
  }

  /** Writes everything queued. */
  async flush(): Promise<void> {
    const items = this.queue.splice(0);
    for (const item of items) {
      await this.writer.writeSerialized(item.topic, item.type, item.data, item.time, this.qos.get(item.topic) ?? QoS.reliable, item.sequence);
      this.messages++;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer.close();
  }
}
