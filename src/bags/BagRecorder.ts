import type { McapRos2Writer } from "./McapRos2Writer";
import type { MessageTypeName } from "../msgs/types";
import type { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import { subscribeAllTopics } from "../runtime/inprocess/subscribeAllTopics";
import { driverQos } from "../runtime/qos";

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
 * mutation cannot change the record) and queues it; `flush()` writes the queue to the bag, each
 * channel stored with the QoS its driver offers (driverQos).
 */
export class BagRecorder {
  private readonly queue: Pending[] = [];
  private readonly sequences = new Map<string, number>();
  /** Subscribes to topics that appeared since the last call. */
  readonly refresh: () => void;
  messages = 0;

  constructor(
    private readonly graph: InProcessGraph,
    private readonly writer: McapRos2Writer,
  ) {
    this.refresh = subscribeAllTopics(graph, "rosbag2_recorder", (topic, type, message) => {
      const sequence = (this.sequences.get(topic) ?? 0) + 1;
      this.sequences.set(topic, sequence);
      this.queue.push({ topic, type, data: this.writer.serialize(type, message), time: this.graph.clock.now(), sequence });
    });
  }

  /** Writes everything queued. */
  async flush(): Promise<void> {
    const items = this.queue.splice(0);
    for (const item of items) {
      await this.writer.writeSerialized(item.topic, item.type, item.data, item.time, driverQos(item.type, item.topic), item.sequence);
      this.messages++;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer.close();
  }
}
