import * as fs from "node:fs";
import { McapWriter, type IWritable } from "@mcap/core";
import type { MessageTypeName, MessageTypes } from "../msgs/types";
import type { QosProfile } from "../runtime/qos";
import { ros2msgSchema } from "../msgs/ros2msgDefinitions";
import { cdrCodec } from "../msgs/cdr";

/** An IWritable over a file descriptor, written synchronously (the promise is already settled). */
class FileWritable implements IWritable {
  private offset = 0n;
  constructor(private readonly fd: number) {}
  write(buffer: Uint8Array): Promise<void> {
    let done = 0;
    while (done < buffer.length) done += fs.writeSync(this.fd, buffer, done, buffer.length - done);
    this.offset += BigInt(buffer.length);
    return Promise.resolve();
  }
  position(): bigint {
    return this.offset;
  }
}

/** An IWritable into memory, for tests and for callers that upload the bytes elsewhere. */
export class MemoryWritable implements IWritable {
  private readonly parts: Uint8Array[] = [];
  private size = 0;
  write(buffer: Uint8Array): Promise<void> {
    this.parts.push(buffer.slice());
    this.size += buffer.length;
    return Promise.resolve();
  }
  position(): bigint {
    return BigInt(this.size);
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

/** ROS 2 time as MCAP's nanoseconds, exact for epoch stamps (a double alone loses ~250 ns there). */
export function nanosecondsFromSeconds(seconds: number): bigint {
  const sec = Math.floor(seconds);
  return BigInt(sec) * 1_000_000_000n + BigInt(Math.round((seconds - sec) * 1e9));
}

/** The QoS a channel's writers offered: one profile per writer, as rosbag2 records them. */
export type OfferedQos = readonly QosProfile[];

/**
 * The `offered_qos_profiles` YAML rosbag2 (Humble) stores per channel, a list with one entry per
 * writer: enums as numbers, infinite durations as its max.
 */
export function offeredQosProfilesYaml(offered: OfferedQos): string {
  return offered.length === 0 ? "[]" : offered.map(profileYaml).join("\n");
}

function profileYaml(qos: QosProfile): string {
  const infinite = ["    sec: 9223372036", "    nsec: 854775807"];
  return [
    "- history: 1",
    `  depth: ${qos.depth}`,
    `  reliability: ${qos.reliability === "reliable" ? 1 : 2}`,
    `  durability: ${qos.durability === "transient_local" ? 1 : 2}`,
    "  deadline:",
    ...infinite,
    "  lifespan:",
    ...infinite,
    "  liveliness: 1",
    "  liveliness_lease_duration:",
    ...infinite,
    "  avoid_ros_namespace_conventions: false",
  ].join("\n");
}

export interface McapRos2WriterOptions {
  /** Bytes of messages per chunk before it is written. Default 1 MiB. Chunks are not compressed, so any reader opens them. */
  readonly chunkSize?: number;
}

/**
 * Writes a ROS 2 bag in MCAP as `ros2 bag record -s mcap` does: profile "ros2", schemas in
 * "ros2msg" encoding with their full dependency text, messages in "cdr", and the channel metadata
 * rosbag2 writes (`offered_qos_profiles`). The writer's calls must be
 * awaited one after another (McapWriter's rule); `BagRecorder` queues for that.
 */
export class McapRos2Writer {
  private readonly schemaIds = new Map<string, number>();
  private readonly channelIds = new Map<string, number>();
  private closed = false;

  private constructor(
    private readonly mcap: McapWriter,
    private readonly writable: IWritable,
    /** Bytes of messages a chunk holds before it is written (what bytesWritten may lag by). */
    readonly chunkSize: number,
    private readonly onClose: () => void,
  ) {}

  /** A bag written to `path` (truncated if it exists). */
  static async toFile(path: string, options: McapRos2WriterOptions = {}): Promise<McapRos2Writer> {
    const fd = fs.openSync(path, "w");
    try {
      return await McapRos2Writer.create(new FileWritable(fd), options, () => {
        fs.closeSync(fd);
      });
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  static async create(writable: IWritable, options: McapRos2WriterOptions = {}, onClose: () => void = () => undefined): Promise<McapRos2Writer> {
    const chunkSize = options.chunkSize ?? 1 << 20;
    const mcap = new McapWriter({ writable, chunkSize, useStatistics: true, useChunkIndex: true, useMessageIndex: true, useSummaryOffsets: true });
    await mcap.start({ profile: "ros2", library: "robocon_shooter McapRos2Writer" });
    return new McapRos2Writer(mcap, writable, chunkSize, onClose);
  }

  /** CDR bytes of a message of a known type (missing fields take their .msg defaults). */
  serialize<K extends MessageTypeName>(type: K, message: MessageTypes[K]): Uint8Array {
    return cdrCodec(type).encode(message);
  }

  /** Registers (once) the channel of a topic, with the QoS its writers offered; returns its id. */
  async channel(topic: string, type: MessageTypeName, qos: OfferedQos): Promise<number> {
    const known = this.channelIds.get(topic);
    if (known !== undefined) return known;
    let schemaId = this.schemaIds.get(type);
    if (schemaId === undefined) {
      schemaId = await this.mcap.registerSchema({ name: type, encoding: "ros2msg", data: new TextEncoder().encode(ros2msgSchema(type)) });
      this.schemaIds.set(type, schemaId);
    }
    const id = await this.mcap.registerChannel({
      topic,
      schemaId,
      messageEncoding: "cdr",
      metadata: new Map([["offered_qos_profiles", offeredQosProfilesYaml(qos)]]),
    });
    this.channelIds.set(topic, id);
    return id;
  }

  /** Writes one message, logged at `logTime` [s] (ROS time); publish time is the same. */
  async write<K extends MessageTypeName>(topic: string, type: K, message: MessageTypes[K], logTime: number, qos: OfferedQos): Promise<void> {
    await this.writeSerialized(topic, type, this.serialize(type, message), logTime, qos);
  }

  /** Writes CDR bytes already made by `serialize`. */
  async writeSerialized(topic: string, type: MessageTypeName, data: Uint8Array, logTime: number, qos: OfferedQos, sequence = 0): Promise<void> {
    if (this.closed) throw new Error(`bag is closed; cannot write ${topic}`);
    const channelId = await this.channel(topic, type, qos);
    const time = nanosecondsFromSeconds(logTime);
    await this.mcap.addMessage({ channelId, sequence, logTime: time, publishTime: time, data });
  }

  /** Bytes in the file so far: whole chunks; the open chunk (up to `chunkSize` of messages) is not yet in. */
  bytesWritten(): number {
    return Number(this.writable.position());
  }

  /** A metadata record (MCAP's named string map: what the recording is, for tools and people). */
  async addMetadata(name: string, metadata: ReadonlyMap<string, string>): Promise<void> {
    if (this.closed) throw new Error(`bag is closed; cannot write metadata ${name}`);
    await this.mcap.addMetadata({ name, metadata: new Map(metadata) });
  }

  /** Writes the summary and index and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.mcap.end();
    } finally {
      this.onClose();
    }
  }
}
