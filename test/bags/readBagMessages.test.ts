import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { McapStreamReader } from "@mcap/core";
import { McapRos2Writer } from "../../src/bags/McapRos2Writer";
import { readBagMessages, type BagMessage, type BagReadSummary } from "../../src/bags/readBagMessages";
import { header } from "../../src/msgs/builders";
import { QoS } from "../../src/runtime/qos";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "read-bag-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A bag of 120 ranges and 40 e-stop flags in chunks of ~1 kB (12 chunks), closed properly. */
async function writeFixture(file: string): Promise<Uint8Array> {
  const writer = await McapRos2Writer.toFile(file, { chunkSize: 1000 });
  for (let i = 0; i < 120; i++) {
    const t = 100 + i * 0.1;
    await writer.write("/range/left", "sensor_msgs/msg/Range", { header: header(t, "left_link"), radiation_type: 1, field_of_view: 0.01, min_range: 0.05, max_range: 10, range: 1 + i / 100 }, t, [QoS.sensorData]);
    if (i % 3 === 0) await writer.write("/launcher/e_stop", "std_msgs/msg/Bool", { data: i % 2 === 0 }, t, [QoS.reliable]);
  }
  await writer.close();
  return Uint8Array.from(fs.readFileSync(file));
}

interface Layout {
  /** Every top-level record: opcode and byte range. */
  readonly records: readonly { readonly opcode: number; readonly start: number; readonly end: number }[];
  /** The messages of each chunk, in order, as "topic@logTimeNs". */
  readonly chunkMessages: readonly (readonly string[])[];
}

/** The fixture's layout, worked out independently of readBagMessages (a record walk and @mcap/core's reader). */
function layoutOf(bytes: Uint8Array): Layout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: { opcode: number; start: number; end: number }[] = [];
  for (let at = 8; at < bytes.length - 8; ) {
    const end = at + 9 + Number(view.getBigUint64(at + 1, true));
    records.push({ opcode: bytes[at]!, start: at, end });
    at = end;
  }
  const reader = new McapStreamReader({ includeChunks: true });
  reader.append(bytes);
  const topics = new Map<number, string>();
  const chunkMessages: string[][] = [];
  for (let record = reader.nextRecord(); record !== undefined; record = reader.nextRecord()) {
    if (record.type === "Chunk") chunkMessages.push([]);
    else if (record.type === "Channel") topics.set(record.id, record.topic);
    else if (record.type === "Message") chunkMessages.at(-1)!.push(`${topics.get(record.channelId)}@${record.logTime}`);
  }
  return { records, chunkMessages };
}

const CHUNK = 6;
const DATA_END = 15;
const keyOf = (m: BagMessage): string => `${m.topic}@${m.logTimeNs}`;

function readAll(file: string): { messages: BagMessage[]; summary: BagReadSummary } {
  const messages: BagMessage[] = [];
  const reading = readBagMessages(file, { damage: "skip" });
  for (;;) {
    const next = reading.next();
    if (next.done === true) return { messages, summary: next.value };
    messages.push(next.value);
  }
}

describe("readBagMessages", () => {
  let bytes: Uint8Array;
  let layout: Layout;
  let chunks: Layout["records"];
  const original = path.join(dir, "whole.mcap");
  beforeAll(async () => {
    bytes = await writeFixture(original);
    layout = layoutOf(bytes);
    chunks = layout.records.filter((r) => r.opcode === CHUNK);
  });

  it("reads a whole bag completely: every message decoded, no problem", () => {
    expect(chunks.length).toBeGreaterThanOrEqual(10);
    const { messages, summary } = readAll(original);
    expect(messages.map(keyOf)).toEqual(layout.chunkMessages.flat());
    expect(messages.filter((m) => m.topic === "/range/left").map((m) => (m.message as { range: number }).range)).toEqual(Array.from({ length: 120 }, (_, i) => Math.fround(1 + i / 100)));
    expect(summary).toMatchObject({ complete: true, footer: true, chunks_read: chunks.length, chunks_lost: 0, messages: 160, bytes_lost: 0, problems: [] });
    expect(summary.topics).toEqual({ "/launcher/e_stop": { type: "std_msgs/msg/Bool", messages: 40 }, "/range/left": { type: "sensor_msgs/msg/Range", messages: 120 } });
  });

  // A power cut: the file stops at `cut` bytes. Every message of a chunk that ends at or before the
  // cut is read; the summary says what is missing and how many bytes of a partial record were there.
  const cuts: [string, (l: Layout, size: number) => number][] = [
    ["inside the header record", () => 20],
    ["inside the first chunk", (l) => chunkAt(l, 0).start + 100],
    ["exactly after the first chunk", (l) => chunkAt(l, 0).end],
    ["4 bytes into the record header after the first chunk", (l) => chunkAt(l, 0).end + 4],
    ["inside a middle chunk's time range", (l) => chunkAt(l, 5).start + 12],
    ["inside a middle chunk's records", (l) => Math.floor((chunkAt(l, 5).start + chunkAt(l, 5).end) / 2)],
    ["one byte short of the last chunk", (l) => chunkAt(l, -1).end - 1],
    ["at the data end record (every chunk there, no summary)", (l) => l.records.find((r) => r.opcode === DATA_END)!.start],
    ["inside the summary section", (l) => l.records.find((r) => r.opcode === DATA_END)!.end + 10],
    ["one byte short of the end", (_l, size) => size - 1],
  ];
  it.each(cuts)("a bag cut %s: the messages of every whole chunk before the cut, and the cut reported", (_name, cutOf) => {
    const cut = cutOf(layout, bytes.length);
    const file = path.join(dir, `cut-${cut}.mcap`);
    fs.writeFileSync(file, bytes.subarray(0, cut));
    const wholeChunks = layout.chunkMessages.filter((_m, i) => chunkAt(layout, i).end <= cut);
    const { messages, summary } = readAll(file);
    expect(messages.map(keyOf)).toEqual(wholeChunks.flat());
    const lastWholeRecordEnd = Math.max(8, ...layout.records.filter((r) => r.end <= cut).map((r) => r.end));
    expect(summary).toMatchObject({ complete: false, footer: false, file_bytes: cut, chunks_read: wholeChunks.length, messages: wholeChunks.flat().length, bytes_lost: cut - lastWholeRecordEnd });
    expect(summary.chunks_lost).toBe(layout.records.some((r) => r.opcode === CHUNK && r.start < cut && r.end > cut) ? 1 : 0);
    expect(summary.problems.at(-1)?.what).toMatch(/^no footer: the recorder did not close the file/);
    if (cut > lastWholeRecordEnd) expect(summary.problems[0]?.what).toMatch(/truncated|ends \d+ bytes into a record's header/);
  });

  it("says which recording time a cut chunk held", () => {
    const chunk = chunkAt(layout, 5);
    const file = path.join(dir, "cut-span.mcap");
    fs.writeFileSync(file, bytes.subarray(0, chunk.start + 100));
    const { summary } = readAll(file);
    const first = Number(layout.chunkMessages[5]![0]!.split("@")[1]) / 1e9;
    expect(summary.problems[0]?.what).toContain(`truncated: the file (${chunk.start + 100} bytes) ends inside the Chunk record at byte ${chunk.start}, which needs ${chunk.end - chunk.start} bytes (100 are there): its messages, logged from ${first.toFixed(3)} s`);
  });

  // Bytes overwritten in place: every chunk but the damaged one is read, even after the chunk that
  // defined the channels (the summary has them), and the damage is reported where it is.
  const damages: [string, (l: Layout) => { at: number; fill: number; length: number; lostChunk: number }][] = [
    ["inside a middle chunk's records (its CRC fails)", (l) => ({ at: chunkAt(l, 4).start + 200, fill: 0xff, length: 16, lostChunk: 4 })],
    ["inside the first chunk, which defines both channels", (l) => ({ at: chunkAt(l, 0).start + 300, fill: 0x00, length: 32, lostChunk: 0 })],
    ["over a middle chunk's record header (zeros: no record starts there)", (l) => ({ at: chunkAt(l, 6).start, fill: 0x00, length: 9, lostChunk: 6 })],
    ["over a middle chunk's length (it claims more than the file holds)", (l) => ({ at: chunkAt(l, 6).start + 1, fill: 0x7f, length: 8, lostChunk: 6 })],
  ];
  it.each(damages)("a bag damaged %s: every other chunk read, the damage reported", (_name, damageOf) => {
    const { at, fill, length, lostChunk } = damageOf(layout);
    const damaged = Uint8Array.from(bytes);
    damaged.fill(fill, at, at + length);
    const file = path.join(dir, `damaged-${at}-${fill}.mcap`);
    fs.writeFileSync(file, damaged);
    const { messages, summary } = readAll(file);
    expect(messages.map(keyOf)).toEqual(layout.chunkMessages.filter((_m, i) => i !== lostChunk).flat());
    expect(summary).toMatchObject({ complete: false, footer: true, chunks_read: chunks.length - 1, chunks_lost: fill === 0x00 && length === 9 ? 0 : 1 });
    expect(summary.problems).toHaveLength(1);
    expect(summary.problems[0]!.at_byte).toBe(chunkAt(layout, lostChunk).start);
    expect(summary.problems[0]!.what).toMatch(/unreadable \(Incorrect chunk CRC|^damaged: .*reading resumed at the whole chunk at byte/);
  });

  it("a power cut that left zeros after the last whole chunk: the chunks before them read, the zeros reported", () => {
    const end = chunkAt(layout, 2).end;
    const file = path.join(dir, "zero-tail.mcap");
    fs.writeFileSync(file, Buffer.concat([bytes.subarray(0, end), new Uint8Array(4096)]));
    const { messages, summary } = readAll(file);
    expect(messages.map(keyOf)).toEqual(layout.chunkMessages.slice(0, 3).flat());
    expect(summary).toMatchObject({ complete: false, footer: false, chunks_read: 3, chunks_lost: 0, bytes_lost: 4096 });
    expect(summary.problems.map((p) => p.what)).toEqual([
      `damaged: byte ${end} holds 0x00, which starts no record; bytes ${end}-${end + 4096} skipped (no whole chunk after it)`,
      "no footer: the recorder did not close the file (a power cut or a killed recorder), so it has no summary or index",
    ]);
  });

  it("with damage: 'throw' (the default), yields what comes before a cut, then throws naming it", () => {
    const file = path.join(dir, "cut-throw.mcap");
    const cut = chunkAt(layout, 3).start + 50;
    fs.writeFileSync(file, bytes.subarray(0, cut));
    const seen: string[] = [];
    expect(() => {
      for (const m of readBagMessages(file)) seen.push(keyOf(m));
    }).toThrow(`${file}: truncated: the file (${cut} bytes) ends inside the Chunk record at byte ${chunkAt(layout, 3).start}`);
    expect(seen).toEqual(layout.chunkMessages.slice(0, 3).flat());
  });

  const notMcap: [string, Uint8Array | "directory", RegExp][] = [
    ["a text file", new TextEncoder().encode("time,range\n1,2\n"), /is not an MCAP file: it starts with 74 69 6d 65 2c 72 61 6e, not the MCAP magic 89 4d 43 41 50 30 0d 0a/],
    ["an empty file", new Uint8Array(0), /is not an MCAP file: it is empty/],
    ["a rosbag2 SQLite3 bag", new TextEncoder().encode("SQLite format 3\0 and more"), /is not an MCAP file: it is a rosbag2 SQLite3 bag \(\.db3\): record with `-s mcap`/],
    ["a ROS 1 bag", new TextEncoder().encode("#ROSBAG V2.0\n...."), /is not an MCAP file: it is a ROS 1 bag/],
    ["a rosbag2 directory", "directory", /is a directory \(rosbag2 writes one per recording\): pass the \.mcap file inside it/],
  ];
  it.each(notMcap)("%s is refused with a clear error, in either damage mode", (name, content, message) => {
    const file = path.join(dir, name.replace(/\W+/g, "_"));
    if (content === "directory") fs.mkdirSync(file);
    else fs.writeFileSync(file, content);
    expect(() => readAll(file)).toThrow(message);
    expect(() => [...readBagMessages(file)]).toThrow(message);
  });
});

function chunkAt(layout: Layout, index: number): Layout["records"][number] {
  const chunk = layout.records.filter((r) => r.opcode === CHUNK).at(index);
  if (chunk === undefined) throw new Error(`no chunk ${index}`);
  return chunk;
}
