/**
 * src/msgs/cdr.ts against rclnodejs's own serialisation (rosidl's typesupport on the sourced ROS 2):
 * the rclnodejs adapter publishes and takes every message as CDR bytes of ours, so for one message
 * of every type the bytes must be the very bytes rclnodejs makes of it, and ours must decode
 * rclnodejs's bytes to the message. rclnodejs runs in a child process (rosEnvironment.ts says why);
 * the messages go to it and the bytes come back through v8's serialiser, which keeps typed arrays,
 * NaN and infinities.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as v8 from "node:v8";
import { cdrCodec } from "../../src/msgs/cdr";
import type { MessageTypeName } from "../../src/msgs/types";
import { plain, SAMPLE_MESSAGES } from "../msgs/sampleMessages";
import { describeWithRos } from "./rosEnvironment";

const repoRoot = path.resolve(__dirname, "..", "..");

const CHILD = `
const fs = require("node:fs");
const v8 = require("node:v8");
const rclnodejs = require("rclnodejs");
const [samplesFile, outFile] = process.argv.slice(1);
// v8.deserialize hands out typed arrays that are views into one buffer; rclnodejs 2.2.0 writes a
// view from the start of its buffer (the last test shows it), so each one is copied first.
const own = (v) => ArrayBuffer.isView(v) ? new v.constructor(v) : Array.isArray(v) ? v.map(own)
  : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, own(x)])) : v;
const samples = v8.deserialize(fs.readFileSync(samplesFile));
const bytes = {};
for (const [type, message] of Object.entries(samples)) {
  const MessageClass = rclnodejs.require(type);
  bytes[type] = rclnodejs.serializeMessage(new MessageClass(own(message)), MessageClass);
}
const Float64MultiArray = rclnodejs.require("std_msgs/msg/Float64MultiArray");
const view = new Float64Array([9, 1, 2, 3]).subarray(1);
bytes.view = rclnodejs.serializeMessage(new Float64MultiArray({ data: view }), Float64MultiArray);
fs.writeFileSync(outFile, v8.serialize(bytes));
`;

describeWithRos("CDR bytes of ours against rclnodejs's serialisation", () => {
  let rclnodejsBytes: Record<string, Uint8Array> = {};

  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdr-parity-"));
    try {
      const samplesFile = path.join(dir, "samples.bin");
      const outFile = path.join(dir, "bytes.bin");
      fs.writeFileSync(samplesFile, v8.serialize(SAMPLE_MESSAGES));
      execFileSync(process.execPath, ["-e", CHILD, samplesFile, outFile], { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"], timeout: 60_000 });
      rclnodejsBytes = v8.deserialize(fs.readFileSync(outFile)) as Record<string, Uint8Array>;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it.each(Object.keys(SAMPLE_MESSAGES) as MessageTypeName[])("%s: the same bytes, and ours decode rclnodejs's to the message", (type) => {
    const codec = cdrCodec(type);
    const theirs = rclnodejsBytes[type];
    expect(theirs).toBeDefined();
    expect(Buffer.from(codec.encode(SAMPLE_MESSAGES[type])).toString("hex")).toBe(Buffer.from(theirs ?? []).toString("hex"));
    expect(plain(codec.decode(theirs ?? new Uint8Array()))).toMatchObject(plain(SAMPLE_MESSAGES[type]) as object);
  });

  it("a typed-array view: ours writes its own elements, rclnodejs 2.2.0 its buffer's first ones (why the adapter does not hand it messages)", () => {
    const codec = cdrCodec("std_msgs/msg/Float64MultiArray");
    const ours = codec.decode(codec.encode({ layout: { dim: [], data_offset: 0 }, data: new Float64Array([9, 1, 2, 3]).subarray(1) }));
    const theirs = codec.decode(rclnodejsBytes.view ?? new Uint8Array());
    expect([Array.from(ours.data), Array.from(theirs.data)]).toEqual([
      [1, 2, 3],
      [9, 1, 2],
    ]);
  });
});
