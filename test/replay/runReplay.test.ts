import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { McapRos2Writer } from "../../src/bags/McapRos2Writer";
import { readBagMessages } from "../../src/bags/readBagMessages";
import { cannedRanges, cannedScan } from "../../src/demo/cannedInput";
import { DEFAULT_PARAMS_FILES } from "../../src/defaultParams";
import { header } from "../../src/msgs/builders";
import { QoS } from "../../src/runtime/qos";
import { realScansDir, sharedDataMissingReason } from "../../src/runtime/sharedData";
import { runReplay } from "../../src/replay/runReplay";

describe("replay", () => {
  it("runs the nodes on a recorded bag at its times and writes every output to a new bag", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replay-"));
    const input = path.join(dir, "in.mcap");
    const writer = await McapRos2Writer.toFile(input);
    for (let i = 0; i < 30; i++) {
      const t = 100 + i * 0.1;
      await writer.write("/scan", "sensor_msgs/msg/LaserScan", { ...cannedScan(), header: header(t, "laser") }, t, [QoS.sensorData]);
      const [left, right] = cannedRanges(t);
      await writer.write("/range/left", "sensor_msgs/msg/Range", left, t, [QoS.sensorData]);
      await writer.write("/range/right", "sensor_msgs/msg/Range", right, t, [QoS.sensorData]);
    }
    await writer.close();

    const out = path.join(dir, "out.mcap");
    const report = await runReplay({ bag: input, paramsFiles: DEFAULT_PARAMS_FILES, out });
    expect(report.input_messages).toBe(90);
    expect(report.duration_s).toBeCloseTo(2.9, 6);
    const left = report.ranges.find((r) => r.topic === "/ranging/left");
    expect(left?.valid).toBe(30);
    expect(left?.mean_m).toBeCloseTo(2.75, 6);
    expect(report.ranges.every((r) => r.invalid_numbers === 0)).toBe(true);
    expect(report.topics["/target/estimate"]).toBeGreaterThan(50);
    const written = new Set([...readBagMessages(out)].map((m) => m.topic));
    for (const topic of ["/scan", "/ranging/left", "/ranging/left_fence", "/target/estimate", "/diagnostics"]) expect(written).toContain(topic);
  });

  const dir = realScansDir();
  (dir === undefined ? it.skip : it)(`replays the real SICK recording: a steady wall beam, no invalid number${dir === undefined ? ` (${sharedDataMissingReason})` : ""}`, async () => {
    const report = await runReplay({
      bag: path.join(dir ?? "", "sick_lms1xx_static.mcap"),
      paramsFiles: DEFAULT_PARAMS_FILES,
      remap: { "/sick_lms_1xx/scan": "/scan" },
      parameters: { laser_ranging: { "virtual_beams.left_fence.bearing": 0, "virtual_beams.left_fence.half_width": 0.35 } },
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
