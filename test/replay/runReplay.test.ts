import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { McapRos2Writer } from "../../src/bags/McapRos2Writer";
import { readBagMessages, type BagReadSummary } from "../../src/bags/readBagMessages";
import { runReplayCommand } from "../../src/cli/replay";
import { cannedRanges, cannedScan } from "../../src/demo/cannedInput";
import { DEFAULT_PARAMS_FILES } from "../../src/package/defaultParams";
import { diagonalCovariance6, header, planarPose } from "../../src/msgs/builders";
import type { DiagnosticArray, MessageTypeName, MessageTypes, Odometry } from "../../src/msgs/types";
import { nodeDefinitions } from "../../src/nodes/index";
import { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
import { QoS } from "../../src/runtime/qos";
import { realScansDir, sharedDataMissingReason } from "../../src/runtime/sharedData";
import { runReplay, type TopicRole } from "../../src/replay/runReplay";
import { capture } from "../cli/captureIo";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replay-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const T0 = 100;
const SCANS = 30;

/** `extra(writer, t, i)` adds more messages at each of the 30 instants (0.1 s apart) after the scan and the two ranges. */
async function writeBag(name: string, extra: (writer: McapRos2Writer, t: number, i: number) => Promise<void> = () => Promise.resolve(), chunkSize?: number): Promise<string> {
  const file = path.join(dir, name);
  const writer = await McapRos2Writer.toFile(file, chunkSize === undefined ? {} : { chunkSize });
  for (let i = 0; i < SCANS; i++) {
    const t = T0 + i * 0.1;
    await writer.write("/scan", "sensor_msgs/msg/LaserScan", { ...cannedScan(), header: header(t, "laser") }, t, [QoS.sensorData]);
    const [left, right] = cannedRanges(t);
    await writer.write("/range/left", "sensor_msgs/msg/Range", left, t, [QoS.sensorData]);
    await writer.write("/range/right", "sensor_msgs/msg/Range", right, t, [QoS.sensorData]);
    await extra(writer, t, i);
  }
  await writer.close();
  return file;
}

function odometry(t: number, x: number, stale: boolean): Odometry {
  const covariance = diagonalCovariance6([0.01, 0.01, 0, 1e6, 1e6, 1e6]);
  if (stale) covariance[0] = -1;
  return { header: header(t, "launcher"), child_frame_id: "target", pose: { pose: planarPose(x, 0, 0), covariance }, twist: { twist: { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: new Float64Array(36) } };
}

describe("replay", () => {
  it("runs the nodes on a recorded bag at its times and writes every output to a new bag", async () => {
    const input = await writeBag("in.mcap");
    const out = path.join(dir, "out.mcap");
    const report = await runReplay({ bag: input, paramsFiles: DEFAULT_PARAMS_FILES, out });
    expect(report.input_messages).toBe(90);
    expect(report.duration_s).toBeCloseTo(2.9, 6);
    expect(report.bag_integrity).toMatchObject({ complete: true, problems: [] });
    const left = report.ranges.find((r) => r.topic === "/ranging/left");
    expect(left?.valid).toBe(30);
    expect(left?.mean_m).toBeCloseTo(2.75, 6);
    expect(report.ranges.every((r) => r.invalid_numbers === 0)).toBe(true);
    expect(report.topics["/target/estimate"]).toBeGreaterThan(50);
    expect(report.shooter.target_estimates).toBe(report.topics["/target/estimate"]);
    const written = new Set([...readBagMessages(out)].map((m) => m.topic));
    for (const topic of ["/scan", "/ranging/left", "/ranging/left_fence", "/target/estimate", "/diagnostics"]) expect(written).toContain(topic);
  });

  describe("feeds a node only what no node publishes", () => {
    // A robot's `ros2 bag record -a`: sensors, the nodes' own outputs, and topics of other programs.
    let report: Awaited<ReturnType<typeof runReplay>>;
    beforeAll(async () => {
      const bag = await writeBag("recorded.mcap", async (writer, t, i) => {
        await writer.write("/ranging/left", "sensor_msgs/msg/Range", { ...cannedRanges(t)[0], range: 9 }, t, [QoS.sensorData]);
        await writer.write("/target/estimate", "nav_msgs/msg/Odometry", odometry(t, 5, false), t, [QoS.reliable]);
        await writer.write("/clock", "rosgraph_msgs/msg/Clock", { clock: header(t, "").stamp }, t, [QoS.reliable]);
        if (i === 10) await writer.write("/launcher/e_stop", "std_msgs/msg/Bool", { data: false }, t, [QoS.reliable]);
        if (i < 5) await writer.write("/odom", "sensor_msgs/msg/Range", cannedRanges(t)[0], t, [QoS.sensorData]);
      });
      report = await runReplay({ bag, paramsFiles: DEFAULT_PARAMS_FILES });
    });

    it.each<[string, TopicRole, number, string | undefined]>([
      ["/scan", "fed", SCANS, undefined],
      ["/range/left", "fed", SCANS, undefined],
      ["/range/right", "fed", SCANS, undefined],
      ["/launcher/e_stop", "fed", 1, undefined],
      ["/ranging/left", "recorded output, not fed", SCANS, undefined],
      ["/target/estimate", "recorded output, not fed", SCANS, undefined],
      ["/clock", "not subscribed by any node", SCANS, undefined],
      ["/odom", "type mismatch, not fed", 5, "nav_msgs/msg/Odometry"],
    ])("%s: %s (%p messages in the bag)", (topic, role, messages, nodeType) => {
      const entry = report.bag_topics.find((t) => t.topic === topic);
      expect(entry).toEqual({ topic, graph_topic: topic, type: entry?.type, messages, role, ...(nodeType === undefined ? {} : { node_type: nodeType }) });
    });

    it("recomputes the outputs from the inputs alone: one /ranging/left per range, none of the recorded 9 m", () => {
      expect(report.input_messages).toBe(3 * SCANS + 1);
      expect(report.topics["/ranging/left"]).toBe(SCANS);
      const left = report.ranges.find((r) => r.topic === "/ranging/left");
      expect(left).toMatchObject({ messages: SCANS, valid: SCANS });
      expect(left?.mean_m).toBeCloseTo(2.75, 6);
      expect(report.topics["/target/estimate"]).toBe(report.shooter.target_estimates);
      expect(report.topics["/clock"]).toBeUndefined();
      expect(report.topics["/odom"]).toBeUndefined();
      expect(report.comparisons).toBeUndefined();
    });
  });

  it("feeds every topic a node subscribes, of every type", async () => {
    // The chain's inputs, read off a configured graph: subscribed by a node, published by none.
    const graph = new InProcessGraph();
    for (const definition of Object.values(nodeDefinitions)) expect(graph.addNode(definition, { paramsFiles: DEFAULT_PARAMS_FILES }).configure().ok).toBe(true);
    const inputs = graph.topicList().filter((t) => t.readers > 0 && t.writers === 0);
    const samples: Partial<{ [K in MessageTypeName]: (t: number) => MessageTypes[K] }> = {
      "sensor_msgs/msg/LaserScan": (t) => ({ ...cannedScan(), header: header(t, "laser") }),
      "sensor_msgs/msg/Range": (t) => cannedRanges(t)[0],
      "nav_msgs/msg/Odometry": (t) => ({ ...odometry(t, 0, false), child_frame_id: "base_link" }),
      "sensor_msgs/msg/JointState": (t) => ({ header: header(t, ""), name: ["flywheel_joint"], position: [0], velocity: [100], effort: [0] }),
      "std_msgs/msg/Bool": () => ({ data: false }),
      "geometry_msgs/msg/PointStamped": (t) => ({ header: header(t, "laser"), point: { x: 1, y: 0, z: 0 } }),
    };
    expect(inputs.map((t) => t.type).filter((type) => samples[type] === undefined)).toEqual([]);
    const file = path.join(dir, "every-input.mcap");
    const writer = await McapRos2Writer.toFile(file);
    for (let i = 0; i < 5; i++) {
      const t = T0 + i * 0.1;
      for (const { name, type } of inputs) await writer.write(name, type, (samples[type] as (t: number) => MessageTypes[typeof type])(t), t, [QoS.sensorData]);
    }
    await writer.close();
    const report = await runReplay({ bag: file, paramsFiles: DEFAULT_PARAMS_FILES });
    expect(report.bag_topics.map((t) => [t.topic, t.role])).toEqual(inputs.map((t) => [t.name, "fed"]).sort(([a], [b]) => (a ?? "").localeCompare(b ?? "")));
    for (const { name } of inputs) expect(report.topics[name]).toBe(5);
    expect(report.input_messages).toBe(5 * inputs.length);
  });

  it("launcher/e_stop and joint_states from the bag reach launcher_control", async () => {
    const bag = await writeBag("estop.mcap", async (writer, t, i) => {
      await writer.write("/joint_states", "sensor_msgs/msg/JointState", { header: header(t, ""), name: ["flywheel_joint"], position: [0], velocity: [123.5], effort: [0] }, t, [QoS.sensorData]);
      if (i === 15) await writer.write("/launcher/e_stop", "std_msgs/msg/Bool", { data: true }, t, [QoS.reliable]);
    });
    const out = path.join(dir, "estop-out.mcap");
    await runReplay({ bag, paramsFiles: DEFAULT_PARAMS_FILES, out });
    const launcher = [...readBagMessages(out, { accept: (topic) => topic === "/diagnostics" })].flatMap((m) =>
      (m.message as DiagnosticArray).status.filter((s) => s.name === "launcher_control: launcher").map((s) => ({ t: Number(m.logTimeNs) / 1e9, s })),
    );
    const before = launcher.filter(({ t }) => t < T0 + 1.5);
    const after = launcher.filter(({ t }) => t > T0 + 1.5);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(before.every(({ s }) => !s.message.includes("e-stop"))).toBe(true);
    expect(after.every(({ s }) => s.message === "e-stop engaged: output zero")).toBe(true);
    expect(launcher.every(({ s }) => Number(s.values.find((v) => v.key === "wheel_speed_radps")?.value) === 123.5)).toBe(true);
  });

  describe("--compare", () => {
    it("a bag recorded from the chain itself compares equal on every output: counts, pairs, zero difference", async () => {
      // The replay's own --out bag holds inputs and outputs as a robot's recording would.
      const recorded = path.join(dir, "self.mcap");
      await runReplay({ bag: await writeBag("self-in.mcap"), paramsFiles: DEFAULT_PARAMS_FILES, out: recorded });
      const report = await runReplay({ bag: recorded, paramsFiles: DEFAULT_PARAMS_FILES, compareToleranceS: 0.005 });
      expect(report.input_messages).toBe(3 * SCANS);
      const comparisons = report.comparisons ?? [];
      expect(comparisons.map((c) => c.topic)).toEqual(report.bag_topics.filter((t) => t.role === "recorded output, not fed").map((t) => t.graph_topic));
      expect(comparisons.map((c) => c.topic)).toEqual(expect.arrayContaining(["/ranging/left", "/ranging/scan_filtered", "/target/estimate", "/launcher/ready", "/launcher/effort_command", "/diagnostics"]));
      for (const c of comparisons) {
        expect([c.topic, c.recomputed]).toEqual([c.topic, c.recorded]);
        if (c.compared === "count only") continue;
        expect([c.topic, c.paired, c.kinds_differ]).toEqual([c.topic, c.recorded, 0]);
        if (c.measured > 0) expect([c.topic, c.mean_abs_diff, c.max_abs_diff]).toEqual([c.topic, 0, 0]);
      }
      expect(comparisons.find((c) => c.topic === "/target/estimate")?.measured).toBe(report.shooter.target_estimates);
    });

    it("reports how far a recorded output is from the recomputed one: count, pairs, kinds, mean and max", async () => {
      // Recorded /ranging/left: 9 m where the chain computes ~2.75 m, one NaN, and five stamps the replay never reaches.
      const bag = await writeBag("compare.mcap", async (writer, t, i) => {
        await writer.write("/ranging/left", "sensor_msgs/msg/Range", { ...cannedRanges(t)[0], range: i === 7 ? Number.NaN : 9 }, t, [QoS.sensorData]);
        if (i < 5) await writer.write("/ranging/left", "sensor_msgs/msg/Range", { ...cannedRanges(t + 50)[0], range: 9 }, t, [QoS.sensorData]);
      });
      const report = await runReplay({ bag, paramsFiles: DEFAULT_PARAMS_FILES, compareToleranceS: 0.005 });
      const recomputed = report.ranges.find((r) => r.topic === "/ranging/left")!.mean_m;
      const left = report.comparisons?.find((c) => c.topic === "/ranging/left");
      expect(left).toMatchObject({ type: "sensor_msgs/msg/Range", compared: "range [m] (NaN, -Inf, +Inf are kinds)", recorded: SCANS + 5, recomputed: SCANS, paired: SCANS, kinds_differ: 1, measured: SCANS - 1 });
      expect(left?.mean_abs_diff).toBeCloseTo(9 - recomputed, 5);
      expect(left?.max_abs_diff).toBeCloseTo(9 - recomputed, 5);
    });

    it("prints the comparison in the human report and in --json", async () => {
      const bag = await writeBag("compare-cli.mcap", async (writer, t) => {
        await writer.write("/ranging/left", "sensor_msgs/msg/Range", { ...cannedRanges(t)[0], range: 9 }, t, [QoS.sensorData]);
      });
      const args = { bag, out: undefined, remap: undefined, "params-file": undefined, compare: true, "compare-tolerance": 0.005 };
      const human = capture();
      await runReplayCommand({ ...args, json: false }, human);
      expect(human.stdout).toMatch(/^\/ranging\/left +sensor_msgs\/msg\/Range +30 {2}recorded output, not fed$/m);
      expect(human.stdout).toMatch(/recorded vs recomputed \(pairs: nearest stamp within 0.005 s\)/);
      expect(human.stdout).toMatch(/^\/ranging\/left +30 +30 +30 +0 +6\.2\d+ +6\.2\d+ {2}range \[m\]/m);
      const json = capture();
      await runReplayCommand({ ...args, json: true }, json);
      const parsed = JSON.parse(json.stdout) as { comparisons: { topic: string; paired: number }[]; bag_topics: unknown[]; bag_integrity: { complete: boolean } };
      expect(parsed.comparisons.find((c) => c.topic === "/ranging/left")?.paired).toBe(30);
      expect(parsed.bag_integrity.complete).toBe(true);
    });
  });

  describe("a truncated or damaged bag", () => {
    let whole: string;
    let bytes: Uint8Array;
    const readable = (file: string): { inputs: number; summary: BagReadSummary } => {
      const reading = readBagMessages(file, { damage: "skip" });
      let inputs = 0;
      for (;;) {
        const next = reading.next();
        if (next.done === true) return { inputs, summary: next.value };
        inputs++;
      }
    };
    beforeAll(async () => {
      whole = await writeBag("whole.mcap", undefined, 8_000);
      bytes = Uint8Array.from(fs.readFileSync(whole));
    });

    it.each<[number, string]>([
      [0.3, "the chunks before the cut"],
      [0.6, "the chunks before the cut"],
      [0.9, "the chunks before the cut"],
      [0.999, "every message (only the summary was cut)"],
    ])("cut at %p of its length (a power cut): replays %s and says it was cut", async (fraction, replayed) => {
      const cut = Math.floor(bytes.length * fraction);
      const file = path.join(dir, `cut-${fraction}.mcap`);
      fs.writeFileSync(file, bytes.subarray(0, cut));
      const expected = readable(file);
      const human = capture();
      const report = await runReplayCommand({ bag: file, out: undefined, remap: undefined, "params-file": undefined, compare: false, "compare-tolerance": 0.005, json: false }, human);
      expect(report.input_messages).toBe(expected.inputs);
      if (replayed.startsWith("every")) expect(report.input_messages).toBe(3 * SCANS);
      else expect([report.input_messages > 0, report.input_messages < 3 * SCANS]).toEqual([true, true]);
      expect(report.bag_integrity).toMatchObject({ complete: false, footer: false, file_bytes: cut, chunks_read: expected.summary.chunks_read });
      expect(report.bag_integrity.problems.map((p) => p.what).join("\n")).toMatch(/no footer: the recorder did not close the file/);
      expect(human.stdout).toMatch(/^BAG TRUNCATED OR NOT CLOSED: \d+ chunks read, [01] lost; \d+ messages read; \d+ of \d+ bytes unreadable$/m);
    });

    it("damaged in the middle: replays the chunks around the damage and says which failed", async () => {
      const damaged = Uint8Array.from(bytes);
      const middle = Math.floor(bytes.length / 2);
      damaged.fill(0xff, middle, middle + 64);
      const file = path.join(dir, "damaged.mcap");
      fs.writeFileSync(file, damaged);
      const report = await runReplay({ bag: file, paramsFiles: DEFAULT_PARAMS_FILES });
      expect(report.bag_integrity).toMatchObject({ complete: false, footer: true, chunks_lost: 1 });
      expect(report.bag_integrity.problems).toHaveLength(1);
      expect(report.bag_integrity.problems[0]?.what).toMatch(/^the Chunk record at byte \d+ \(\d+ bytes\) is unreadable \(Incorrect chunk CRC/);
      expect(report.input_messages).toBe(readable(file).inputs);
      expect(report.input_messages).toBeGreaterThan(0);
      expect(report.input_messages).toBeLessThan(3 * SCANS);
    });

    it.each<[string, (b: Uint8Array) => Uint8Array, RegExp]>([
      ["cut inside its first record", (b) => b.subarray(0, 30), /nothing to replay in .*: no message on a topic the nodes subscribe\. Bag topics: none readable\..*What could not be read: truncated: the file \(30 bytes\) ends inside the Header record/],
      ["not an MCAP file at all", () => new TextEncoder().encode("stamp,range\n100.0,2.75\n"), /is not an MCAP file: it starts with 73 74 61 6d 70 2c 72 61/],
    ])("%s: a clear error", async (_name, make, message) => {
      const file = path.join(dir, `${_name.replace(/\W+/g, "_")}.mcap`);
      fs.writeFileSync(file, make(bytes));
      await expect(runReplay({ bag: file, paramsFiles: DEFAULT_PARAMS_FILES })).rejects.toThrow(message);
    });
  });

  const real = realScansDir();
  (real === undefined ? it.skip : it)(`replays the real SICK recording: a steady wall beam, no invalid number${real === undefined ? ` (${sharedDataMissingReason})` : ""}`, async () => {
    const report = await runReplay({
      bag: path.join(real ?? "", "sick_lms1xx_static.mcap"),
      paramsFiles: DEFAULT_PARAMS_FILES,
      parameters: { laser_ranging: { "robot_frames.left_fence_link.yaw": 0, "virtual_beams.left_fence.half_width": 0.35 } },
    });
    expect(report.input_messages).toBe(89);
    const wall = report.ranges.find((r) => r.topic === "/ranging/left_fence");
    expect(wall?.valid).toBe(89);
    expect(wall?.mean_m).toBeGreaterThan(1.2);
    expect(wall?.mean_m).toBeLessThan(1.5);
    expect(wall?.std_m).toBeLessThan(0.002);
    expect(report.ranges.every((r) => r.invalid_numbers === 0)).toBe(true);
  });
});
