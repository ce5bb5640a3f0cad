import * as fs from "node:fs";
import * as zlib from "node:zlib";
import { MCAP_MAGIC, McapRecordBuilder, McapStreamReader, type Channel, type Schema, type TypedMcapRecord } from "@mcap/core";
import { parse } from "@foxglove/rosmsg";
import { MessageReader } from "@foxglove/rosmsg2-serialization";
import { compareCodeUnits } from "../core/compareCodeUnits";

/** One decoded message of a ROS 2 bag. */
export interface BagMessage {
  readonly topic: string;
  /** The ROS 2 type, e.g. "sensor_msgs/msg/LaserScan". */
  readonly type: string;
  /** When the recorder logged it [ns]. */
  readonly logTimeNs: bigint;
  readonly message: unknown;
}

/** A part of a bag that could not be read. */
export interface BagProblem {
  /** Where it starts [byte offset in the file]. */
  readonly at_byte: number;
  /** Bytes that could not be read there (0 for something missing, such as the footer). */
  readonly bytes_lost: number;
  readonly what: string;
}

/** What reading a bag found: returned by readBagMessages' generator when it is done. */
export interface BagReadSummary {
  readonly file_bytes: number;
  /** The footer and the closing magic were there and every record was read. */
  readonly complete: boolean;
  /** The file ends with a footer and the closing magic (the recorder closed it). */
  readonly footer: boolean;
  readonly chunks_read: number;
  /** Chunk records found but unreadable (failed CRC, cut off by the end of the file, length overwritten); a skipped stretch of garbage may have held more. */
  readonly chunks_lost: number;
  /** Message records read, every topic, decoded or not. */
  readonly messages: number;
  /** Per topic: its type (the schema name) and how many messages were read. */
  readonly topics: Readonly<Record<string, { readonly type: string; readonly messages: number }>>;
  readonly bytes_lost: number;
  readonly problems: readonly BagProblem[];
}

export interface ReadBagOptions {
  /** Decode only channels for which this returns true (others are counted, not decoded). */
  readonly accept?: (topic: string, type: string) => boolean;
  /** Bytes read at a time when looking for the next whole chunk after damage (a record is read whole). Default 1 MiB. */
  readonly chunkBytes?: number;
  /**
   * A truncated or damaged file: "throw" (default) at the first part that cannot be read, after
   * yielding every message before it; "skip" reads every readable record and lists what was lost
   * in the summary's `problems`.
   */
  readonly damage?: "throw" | "skip";
}

/** The MCAP opcodes read here (plain numbers: the file's bytes are numbers, not @mcap/core's enum). */
const Op = { FOOTER: 0x02, SCHEMA: 0x03, CHANNEL: 0x04, MESSAGE: 0x05, CHUNK: 0x06, LAST_SPEC: 0x0f, FIRST_PRIVATE: 0x80 } as const;
const RECORD_HEADER_BYTES = 9;
/** Footer record (opcode, length, summary_start, summary_offset_start, summary_crc) then the magic. */
const FOOTER_TAIL_BYTES = RECORD_HEADER_BYTES + 20 + MCAP_MAGIC.length;
/** A chunk's fixed fields before its records: start, end, size, crc, compression length, records length. */
const MIN_CHUNK_CONTENT_BYTES = 8 + 8 + 8 + 4 + 4 + 8;
/** Records whose content the decoder needs; the rest (indexes, statistics, attachments) are skipped unread. */
const DECODED_OPCODES: ReadonlySet<number> = new Set([Op.SCHEMA, Op.CHANNEL, Op.MESSAGE, Op.CHUNK]);

/**
 * Reads the messages of a ROS 2 MCAP bag (`ros2 bag record -s mcap`: schema encoding ros2msg,
 * message encoding cdr) in file order, one top-level record at a time so memory stays small.
 * The generator returns a BagReadSummary. Synchronous on purpose: replay and tests want a plain
 * loop. A file that is not MCAP, and compressed chunks (zstd / lz4 decompressors are not bundled;
 * re-record without compression or decompress with `mcap convert`), throw in either damage mode.
 *
 * With `damage: "skip"`, a recording cut off by a power cut (no footer, the last chunk partial)
 * yields every message of every whole chunk; a chunk that fails its CRC is skipped; a record
 * header overwritten with garbage is stepped over to the next chunk that reads whole. Channels
 * are taken from the summary section too when the footer is intact, so a lost chunk that held a
 * channel's definition does not cost the later chunks that use it.
 */
export function* readBagMessages(path: string, options: ReadBagOptions = {}): Generator<BagMessage, BagReadSummary> {
  const fd = openBag(path);
  try {
    const reading = new BagReading(path, fd, options);
    yield* reading.messages();
    return reading.summary();
  } finally {
    fs.closeSync(fd);
  }
}

function openBag(path: string): number {
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch (e) {
    throw new Error(`cannot open bag ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (fs.fstatSync(fd).isDirectory()) {
    fs.closeSync(fd);
    throw new Error(`${path} is a directory (rosbag2 writes one per recording): pass the .mcap file inside it`);
  }
  return fd;
}

interface ChannelEntry {
  readonly record: Channel;
  readonly type: string;
  readonly decoder: MessageReader | undefined;
}

class BagReading {
  private readonly size: number;
  private readonly schemas = new Map<number, Schema>();
  private readonly channels = new Map<number, ChannelEntry>();
  private readonly topicCounts = new Map<string, { type: string; messages: number }>();
  private readonly undecodable = new Map<string, { count: number; firstAt: number; error: string }>();
  private readonly problems: BagProblem[] = [];
  private reader: McapStreamReader;
  private chunksRead = 0;
  private chunksLost = 0;
  private messageCount = 0;
  private footerAt: number | undefined;

  constructor(
    private readonly path: string,
    private readonly fd: number,
    private readonly options: ReadBagOptions,
  ) {
    this.size = fs.fstatSync(fd).size;
    this.checkMagic();
    this.footerAt = this.readFooter();
    this.reader = this.freshReader();
  }

  *messages(): Generator<BagMessage> {
    // The footer, when intact, closes the records; without it they run to the end of the file.
    const limit = this.footerAt ?? this.size;
    let offset = MCAP_MAGIC.length;
    while (offset < limit) {
      const head = this.readAt(offset, RECORD_HEADER_BYTES);
      if (head.length < RECORD_HEADER_BYTES) {
        this.lose({ at_byte: offset, bytes_lost: head.length, what: `the file ends ${head.length} bytes into a record's header at byte ${offset}` });
        break;
      }
      const opcode = head[0] ?? 0;
      const length = Number(new DataView(head.buffer, head.byteOffset).getBigUint64(1, true));
      const end = offset + RECORD_HEADER_BYTES + length;
      const validOpcode = (opcode >= 1 && opcode <= Op.LAST_SPEC) || opcode >= Op.FIRST_PRIVATE;
      if (!validOpcode || !(end <= limit)) {
        const next = this.nextWholeChunk(offset + 1, limit);
        this.lose(this.unreadable(offset, next ?? limit, opcode, validOpcode, end));
        if (next === undefined) break;
        offset = next;
        continue;
      }
      if (DECODED_OPCODES.has(opcode)) yield* this.decodeRecord(this.readAt(offset, end - offset), offset, opcode);
      offset = end;
    }
    if (this.footerAt === undefined) {
      this.lose({ at_byte: this.size, bytes_lost: 0, what: "no footer: the recorder did not close the file (a power cut or a killed recorder), so it has no summary or index" });
    }
    for (const [topic, { count, firstAt, error }] of this.undecodable) {
      this.problems.push({ at_byte: firstAt, bytes_lost: 0, what: `${count} messages on ${topic} could not be decoded (the first in the record at byte ${firstAt}: ${error})` });
    }
  }

  summary(): BagReadSummary {
    const bytesLost = this.problems.reduce((sum, p) => sum + p.bytes_lost, 0);
    return {
      file_bytes: this.size,
      complete: this.footerAt !== undefined && this.problems.length === 0,
      footer: this.footerAt !== undefined,
      chunks_read: this.chunksRead,
      chunks_lost: this.chunksLost,
      messages: this.messageCount,
      topics: Object.fromEntries([...this.topicCounts.entries()].sort(([a], [b]) => compareCodeUnits(a, b))),
      bytes_lost: bytesLost,
      problems: this.problems,
    };
  }

  /** One top-level record's bytes through the stream reader; an unreadable one costs only itself. */
  private *decodeRecord(bytes: Uint8Array, at: number, opcode: number): Generator<BagMessage> {
    // @mcap/core checks a chunk's CRC in JavaScript, a quarter of reading a bag: Node's zlib
    // checks it first and the reader skips it. A chunk zlib does not confirm (a failed CRC, a
    // compressed or malformed chunk) goes through a reader that checks, so what is refused, and
    // the words it is refused in, stay the library's.
    const confirmed = opcode !== Op.CHUNK || chunkCrcConfirmed(bytes);
    const reader = confirmed ? this.reader : this.freshReader(true);
    try {
      reader.append(bytes);
      for (let record = reader.nextRecord(); record !== undefined; record = reader.nextRecord()) {
        const message = this.handle(record, at);
        if (message !== undefined) yield message;
      }
      if (opcode === Op.CHUNK) this.chunksRead++;
      // The checking reader may have learnt channels the other one must know of.
      if (!confirmed) this.reader = this.freshReader();
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (reason.startsWith("Unsupported compression")) throw new Error(`${this.path}: ${reason}: re-record without compression or run \`mcap convert\` on it`);
      // The reader is in an unspecified state after a throw: a new one, told the known channels.
      this.reader = this.freshReader();
      if (opcode === Op.CHUNK) this.chunksLost++;
      this.lose({ at_byte: at, bytes_lost: bytes.length, what: `the ${opcodeName(opcode)} record at byte ${at} (${bytes.length} bytes) is unreadable (${reason})${chunkSpan(bytes)}` });
    }
  }

  private handle(record: TypedMcapRecord, at: number): BagMessage | undefined {
    if (record.type === "Schema") {
      this.schemas.set(record.id, record);
    } else if (record.type === "Channel") {
      if (!this.channels.has(record.id)) this.addChannel(record);
    } else if (record.type === "Message") {
      // The stream reader refuses a message on a channel it was not told of, so this is defined.
      const channel = this.channels.get(record.channelId);
      if (channel === undefined) return undefined;
      this.messageCount++;
      const counts = this.topicCounts.get(channel.record.topic);
      if (counts === undefined) this.topicCounts.set(channel.record.topic, { type: channel.type, messages: 1 });
      else counts.messages++;
      if (channel.decoder === undefined) return undefined;
      try {
        // Copies: the decoder may return typed-array views into the reader's buffer, which is reused.
        return { topic: channel.record.topic, type: channel.type, logTimeNs: record.logTime, message: detach(channel.decoder.readMessage(record.data)) };
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        if (this.options.damage !== "skip") throw new Error(`${this.path}: a message on ${channel.record.topic} in the record at byte ${at} cannot be decoded: ${error}`);
        const seen = this.undecodable.get(channel.record.topic);
        if (seen === undefined) this.undecodable.set(channel.record.topic, { count: 1, firstAt: at, error });
        else seen.count++;
      }
    }
    return undefined;
  }

  private addChannel(record: Channel): void {
    const schema = this.schemas.get(record.schemaId);
    const type = schema?.name ?? "";
    const decodable = schema !== undefined && schema.encoding === "ros2msg" && record.messageEncoding === "cdr";
    const wanted = decodable && (this.options.accept?.(record.topic, type) ?? true);
    let decoder: MessageReader | undefined;
    if (wanted) {
      try {
        decoder = new MessageReader(parse(new TextDecoder().decode(schema.data), { ros2: true }));
      } catch (e) {
        this.lose({ at_byte: 0, bytes_lost: 0, what: `the schema of ${record.topic} (${type}) cannot be parsed: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    this.channels.set(record.id, { record, type, decoder });
  }

  /** A stream reader that knows every schema and channel read so far (it refuses messages on others). */
  private freshReader(validateCrcs = false): McapStreamReader {
    const reader = new McapStreamReader({ noMagicPrefix: true, validateCrcs });
    if (this.schemas.size + this.channels.size === 0) return reader;
    const builder = new McapRecordBuilder();
    for (const schema of this.schemas.values()) builder.writeSchema(schema);
    for (const { record } of this.channels.values()) builder.writeChannel(record);
    reader.append(builder.buffer);
    while (reader.nextRecord() !== undefined) {
      // Already known: these only teach the reader.
    }
    return reader;
  }

  private checkMagic(): void {
    const head = this.readAt(0, Math.min(this.size, 16));
    if (MCAP_MAGIC.every((byte, i) => head[i] === byte)) return;
    const text = new TextDecoder("latin1").decode(head);
    const hex = Array.from(head.subarray(0, MCAP_MAGIC.length), (b) => b.toString(16).padStart(2, "0")).join(" ");
    const what = this.size === 0
      ? "it is empty"
      : text.startsWith("SQLite format 3")
        ? "it is a rosbag2 SQLite3 bag (.db3): record with `-s mcap` or convert it with `ros2 bag convert`"
        : text.startsWith("#ROSBAG")
          ? "it is a ROS 1 bag: convert it to a ROS 2 MCAP bag (e.g. `rosbags-convert`)"
          : `it starts with ${hex}, not the MCAP magic ${MCAP_MAGIC.map((b) => b.toString(16).padStart(2, "0")).join(" ")}`;
    throw new Error(`${this.path} is not an MCAP file: ${what}`);
  }

  /** Where the footer record starts, when the file ends with a footer and the magic; its summary's channels are learned. */
  private readFooter(): number | undefined {
    if (this.size < MCAP_MAGIC.length + FOOTER_TAIL_BYTES) return undefined;
    const at = this.size - FOOTER_TAIL_BYTES;
    const tail = this.readAt(at, FOOTER_TAIL_BYTES);
    const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    const magicAt = FOOTER_TAIL_BYTES - MCAP_MAGIC.length;
    if (tail[0] !== Op.FOOTER || view.getBigUint64(1, true) !== 20n || !MCAP_MAGIC.every((byte, i) => tail[magicAt + i] === byte)) return undefined;
    const summaryStart = Number(view.getBigUint64(RECORD_HEADER_BYTES, true));
    if (summaryStart > MCAP_MAGIC.length && summaryStart < at) this.learnSummary(summaryStart, at);
    return at;
  }

  private learnSummary(from: number, to: number): void {
    const reader = new McapStreamReader({ noMagicPrefix: true, validateCrcs: true });
    try {
      reader.append(this.readAt(from, to - from));
      for (let record = reader.nextRecord(); record !== undefined; record = reader.nextRecord()) {
        if (record.type === "Schema" || record.type === "Channel") this.handle(record, from);
      }
    } catch (e) {
      this.lose({ at_byte: from, bytes_lost: 0, what: `the summary section at byte ${from} is unreadable (${e instanceof Error ? e.message : String(e)}); channels are learned from the chunks alone` });
    }
  }

  /** The next offset in [from, limit) where a chunk record starts that reads whole, if any. */
  private nextWholeChunk(from: number, limit: number): number | undefined {
    const step = this.options.chunkBytes ?? 1 << 20;
    for (let blockAt = from; blockAt < limit; blockAt += step) {
      const block = this.readAt(blockAt, Math.min(step + RECORD_HEADER_BYTES, limit - blockAt));
      const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
      for (let i = 0; i < Math.min(step, block.length - RECORD_HEADER_BYTES + 1); i++) {
        if (block[i] !== Op.CHUNK) continue;
        const length = view.getBigUint64(i + 1, true);
        const at = blockAt + i;
        if (length < BigInt(MIN_CHUNK_CONTENT_BYTES) || length > BigInt(limit - at - RECORD_HEADER_BYTES)) continue;
        if (this.readsWhole(this.readAt(at, RECORD_HEADER_BYTES + Number(length)))) return at;
      }
    }
    return undefined;
  }

  private readsWhole(record: Uint8Array): boolean {
    const reader = this.freshReader();
    try {
      reader.append(record);
      while (reader.nextRecord() !== undefined) {
        // Parsed (CRC checked) and thrown away: the main loop reads it again.
      }
      return reader.bytesRemaining() === 0;
    } catch {
      return false;
    }
  }

  /** What was lost from `at` to `next` (where reading resumes; the limit when it does not). */
  private unreadable(at: number, next: number, opcode: number, validOpcode: boolean, claimedEnd: number): BagProblem {
    const resumed = next < (this.footerAt ?? this.size);
    if (opcode === Op.CHUNK) this.chunksLost++;
    if (validOpcode && claimedEnd > this.size && !resumed && this.footerAt === undefined) {
      const present = this.size - at;
      const span = opcode === Op.CHUNK ? chunkSpan(this.readAt(at, Math.min(present, RECORD_HEADER_BYTES + 16))) : "";
      return {
        at_byte: at,
        bytes_lost: present,
        what: `truncated: the file (${this.size} bytes) ends inside the ${opcodeName(opcode)} record at byte ${at}, which needs ${claimedEnd - at} bytes (${present} are there)${span}`,
      };
    }
    const why = validOpcode ? `a ${opcodeName(opcode)} record header there claims ${claimedEnd - at} bytes, past the end of the records` : `byte ${at} holds 0x${opcode.toString(16).padStart(2, "0")}, which starts no record`;
    return {
      at_byte: at,
      bytes_lost: next - at,
      what: `damaged: ${why}; bytes ${at}-${next} skipped${resumed ? ` (reading resumed at the whole chunk at byte ${next})` : " (no whole chunk after it)"}`,
    };
  }

  private lose(problem: BagProblem): void {
    if (this.options.damage !== "skip") throw new Error(`${this.path}: ${problem.what}`);
    this.problems.push(problem);
  }

  private readAt(position: number, length: number): Uint8Array {
    const buffer = new Uint8Array(Math.max(0, length));
    let done = 0;
    while (done < buffer.length) {
      const read = fs.readSync(this.fd, buffer, done, buffer.length - done, position + done);
      if (read === 0) break;
      done += read;
    }
    return done === buffer.length ? buffer : buffer.subarray(0, done);
  }
}

/** MCAP record names by opcode (the spec's names). */
const RECORD_NAMES = ["", "Header", "Footer", "Schema", "Channel", "Message", "Chunk", "MessageIndex", "ChunkIndex", "Attachment", "AttachmentIndex", "Statistics", "Metadata", "MetadataIndex", "SummaryOffset", "DataEnd"];

function opcodeName(opcode: number): string {
  return RECORD_NAMES[opcode] || `private 0x${opcode.toString(16)}`;
}

/**
 * Whether a whole uncompressed chunk record's CRC matches its records by zlib.crc32 (a CRC of 0
 * means none was written: nothing to check, as the MCAP spec says). False for anything else.
 */
function chunkCrcConfirmed(record: Uint8Array): boolean {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  // After the record header: message start and end time, uncompressed size (8 bytes each).
  let at = RECORD_HEADER_BYTES + 24;
  if (record.length < at + 8) return false;
  const crc = view.getUint32(at, true);
  const compressionLength = view.getUint32(at + 4, true);
  at += 8;
  if (compressionLength !== 0 || record.length < at + 8) return false;
  const recordsLength = view.getBigUint64(at, true);
  at += 8;
  if (recordsLength > BigInt(record.length - at)) return false;
  return crc === 0 || zlib.crc32(record.subarray(at, at + Number(recordsLength))) === crc;
}

/** ": messages logged from A s to B s lost" for a chunk record's first bytes (its time range comes first). */
function chunkSpan(record: Uint8Array): string {
  if (record[0] !== Op.CHUNK || record.length < RECORD_HEADER_BYTES + 16) return "";
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const start = Number(view.getBigUint64(RECORD_HEADER_BYTES, true)) / 1e9;
  const end = Number(view.getBigUint64(RECORD_HEADER_BYTES + 8, true)) / 1e9;
  return `: its messages, logged from ${start.toFixed(3)} s to ${end.toFixed(3)} s (${(end - start).toFixed(3)} s), are lost`;
}

/** A deep copy of a decoded message: plain objects and arrays rebuilt, typed arrays copied. */
function detach(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return (value as Float64Array).slice();
  if (Array.isArray(value)) return value.map((item) => detach(item));
  // A loop over the keys rather than Object.fromEntries(Object.entries()): that was a tenth of a
  // replay's time on a bag of odometry (docs/performance.md). Field names are ROS names, never __proto__.
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = detach((value as Record<string, unknown>)[key]);
  return copy;
}
