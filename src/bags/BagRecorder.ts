import type { McapRos2Writer } from "./McapRos2Writer";
import type { MessageTypeName } from "../msgs/types";
import type { Disposable } from "../runtime/binding";
import type { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import { subscribeAllTopics } from "../runtime/inprocess/subscribeAllTopics";
import { recorderQos, type QosProfile } from "../runtime/qos";

interface Pending {
  readonly topic: string;
  readonly type: MessageTypeName;
  readonly data: Uint8Array;
  readonly time: number;
  readonly sequence: number;
}

/**
 * `ros2 bag record -a` for the in-process graph: subscribes to every topic a writer publishes on,
 * now and as writers appear, with the QoS rosbag2 requests from the writers' offers (recorderQos:
 * transient local when all are, so latched samples published before recording started are
 * recorded). Serializes each message to CDR as it arrives (so later mutation cannot change the
 * record) and queues it; `flush()` writes the queue to the bag, each channel stored with the QoS
 * its writers offered as `offered_qos_profiles`.
 */
export class BagRecorder {
  private readonly queue: Pending[] = [];
  private readonly sequences = new Map<string, number>();
  /** The QoS each topic's writers offered when it was subscribed. */
  private readonly offered = new Map<string, readonly QosProfile[]>();
  messages = 0;
  /** Stops subscribing topics that appear after close. */
  private readonly subscription: Disposable;
  private closed = false;

  constructor(
    private readonly graph: InProcessGraph,
    private readonly writer: McapRos2Writer,
  ) {
    this.subscription = subscribeAllTopics(
      graph,
      "rosbag2_recorder",
      (topic, type, message) => {
        // After close the readers still hear the graph; nothing is queued that no flush would write.
        if (this.closed) return;
        const sequence = (this.sequences.get(topic) ?? 0) + 1;
        this.sequences.set(topic, sequence);
        this.queue.push({ topic, type, data: this.writer.serialize(type, message), time: this.graph.clock.now(), sequence });
      },
      {
        readerQos: recorderQos,
        onSubscribed: (topic, _type, offered) => {
          this.offered.set(topic, offered);
        },
      },
    );
  }

  /** Writes everything queued. */
  async flush(): Promise<void> {
    const items = this.queue.splice(0);
    for (const item of items) {
      const offered = this.offered.get(item.topic) ?? [];
      await this.writer.writeSerialized(item.topic, item.type, item.data, item.time, offered, item.sequence);
      this.messages++;
    }
  }

  /** Bytes in the bag so far (whole chunks; see McapRos2Writer.bytesWritten), and the most it lags by. */
  bytesWritten(): number {
    return this.writer.bytesWritten();
  }

  get chunkSize(): number {
    return this.writer.chunkSize;
  }

  /** Stops recording, writes what is queued, then `metadata` records (name -> string map), and closes the bag. */
  async close(metadata: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map()): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscription.dispose();
    await this.flush();
    for (const [name, record] of metadata) await this.writer.addMetadata(name, record);
    await this.writer.close();
  }

  /** Whether close() was called: nothing more is recorded. */
  get isClosed(): boolean {
    return this.closed;
  }
}
