import * as fs from "node:fs";
import * as path from "node:path";
import { readLaserScans } from "../../src/bags/readLaserScans";
import { LD06_GEOMETRY, rayCastScan, wallAt } from "../../src/bench/ranging.bench";
import { SeededRandom } from "../../src/core/random/SeededRandom";
import { isPublishableRange } from "../../src/core/ranging/rep117";
import { header } from "../../src/msgs/builders";
import { secondsFromTime } from "../../src/msgs/time";
import { QoS } from "../../src/runtime/qos";
import { realScansDir, sharedDataMissingReason } from "../../src/runtime/sharedData";
import { rangeReading, startNodes } from "./harness";

describe("laser_ranging node: single-point sensors", () => {
  it.each([
    { label: "a valid reading", raw: 2.5, expected: 2.5 },
    { label: "below min_range", raw: 0.01, expected: -Infinity },
    { label: "above max_range", raw: 12, expected: Infinity },
    { label: "NaN", raw: NaN, expected: NaN },
    { label: "+Inf (no return)", raw: Infinity, expected: Infinity },
    { label: "-Inf (too close)", raw: -Infinity, expected: -Infinity },
  ])("$label is republished as $expected, stamp and frame kept", ({ raw, expected }) => {
    const { graph } = startNodes(["laser_ranging"]);
    const out = graph.record("sensor_msgs/msg/Range", "/ranging/left", { ...QoS.sensorData, depth: 100 });
    graph.publish("sensor_msgs/msg/Range", "/range/left", rangeReading(1000.25, "left_link", raw), QoS.sensorData);
    expect(out).toHaveLength(1);
    expect(out[0]?.range).toBe(expected);
    expect(out[0]?.header.frame_id).toBe("left_link");
    expect(secondsFromTime(out[0]!.header.stamp)).toBeCloseTo(1000.25, 9);
  });

  it("rejects a spike against the recent median and reports the sensor on /diagnostics", () => {
    const { graph } = startNodes(["laser_ranging"]);
    const out = graph.record("sensor_msgs/msg/Range", "/ranging/left", { ...QoS.sensorData, depth: 100 });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    for (let i = 0; i < 20; i++) {
      graph.publish("sensor_msgs/msg/Range", "/range/left", rangeReading(1000 + i * 0.01, "left_link", i === 15 ? 4.0 : 2.0 + 0.001 * (i % 3)), QoS.sensorData);
    }
    expect(out[15]?.range).toBeNaN();
    expect(out.filter((m) => Number.isFinite(m.range)).every((m) => Math.abs(m.range - 2.001) < 0.002)).toBe(true);
    graph.advance(1);
    const status = diagnostics.at(-1)?.status.find((s) => s.name.endsWith("range left"));
    expect(status?.values.find((v) => v.key === "valid_fraction")?.value).toBe("0.950000");
  });

  it("a message with min_range > max_range gives NaN, never a number", () => {
    const { graph } = startNodes(["laser_ranging"]);
    const out = graph.record("sensor_msgs/msg/Range", "/ranging/right", { ...QoS.sensorData, depth: 10 });
    graph.publish("sensor_msgs/msg/Range", "/range/right", rangeReading(1000, "r", 2, 5, 1), QoS.sensorData);
    expect(out[0]?.range).toBeNaN();
  });
});

describe("laser_ranging node: lidar", () => {
  it.each([
    { label: "empty", ranges: [], increment: 0.01 },
    { label: "all NaN / Inf", ranges: [NaN, Infinity, -Infinity, NaN], increment: 0.01 },
    { label: "zeros", ranges: [0, 0, 0, 0, 0], increment: 0.01 },
    { label: "negative increment", ranges: [1, 1, 1], increment: -0.01 },
    { label: "zero increment", ranges: [1, 1, 1], increment: 0 },
  ])("bad scan ($label): no throw, every virtual beam is an REP-117 value", ({ ranges, increment }) => {
    const { graph } = startNodes(["laser_ranging"]);
    const beam = graph.record("sensor_msgs/msg/Range", "/ranging/left_fence", { ...QoS.sensorData, depth: 10 });
    graph.publish(
      "sensor_msgs/msg/LaserScan",
      "/scan",
      { header: header(1000, "laser"), angle_min: -1, angle_max: 1, angle_increment: increment, time_increment: 0, scan_time: 0.1, range_min: 0.02, range_max: 12, ranges: Float32Array.from(ranges), intensities: new Float32Array(3) },
      QoS.sensorData,
    );
    expect(beam).toHaveLength(1);
    expect(Number.isFinite(beam[0]?.range)).toBe(false);
    expect(graph.logs.filter((l) => l.level === "error")).toEqual([]);
  });

  it("starts with target.type backboard_edge and the shipped params, and publishes the board's edge", () => {
    const { graph } = startNodes(["laser_ranging"], { laser_ranging: { "target.type": "backboard_edge" } });
    const target = graph.record("geometry_msgs/msg/PointStamped", "/ranging/target", { ...QoS.sensorData, depth: 10 });
    // A 1.8 m board at x = 4 m from y = -0.5 to 1.3 m, a wall behind it: the left edge is at y = 1.3 m.
    const board = { kind: "segment" as const, x1: 4, y1: -0.5, x2: 4, y2: 1.3 };
    const scan = rayCastScan([board, wallAt(7.5, 0)], { ...LD06_GEOMETRY, sigma_m: 0 }, new SeededRandom(1));
    graph.publish("sensor_msgs/msg/LaserScan", "/scan", { ...scan, header: header(1000, "laser"), time_increment: 0, scan_time: 0.1, ranges: Float32Array.from(scan.ranges), intensities: new Float32Array(0) }, QoS.sensorData);
    expect(target).toHaveLength(1);
    expect(target[0]?.point.x).toBeCloseTo(4, 6);
    // Within half a beam spacing along the board (0.8 deg at about 4.2 m, 18 deg incidence).
    expect(Math.abs((target[0]?.point.y ?? Number.NaN) - 1.3)).toBeLessThan(0.04);
  });

  const dir = realScansDir();
  const bags = dir === undefined ? [] : fs.readdirSync(dir).filter((f) => f.endsWith(".mcap"));
  if (dir === undefined) it.skip(`replays the real recordings (${sharedDataMissingReason})`, () => undefined);
  (bags.length > 0 ? it.each(bags) : it.skip.each(["(no recordings)"]))("replays %s through the node without one invalid published range", (bag) => {
    const { graph } = startNodes(["laser_ranging"], {
      // The default beams re-aimed at bearings these (front-facing) scanners cover.
      laser_ranging: { "virtual_beams.left_fence.bearing": 1.4207, "virtual_beams.right_fence.bearing": 0, "virtual_beams.rear_fence.bearing": -1.2 },
    });
    const published: { range: number; min: number; max: number }[] = [];
    for (const name of ["left_fence", "right_fence", "rear_fence"]) {
      graph.binding("probe").subscribe("sensor_msgs/msg/Range", `/ranging/${name}`, { ...QoS.sensorData, depth: 1000 }, (m) => {
        published.push({ range: m.range, min: m.min_range, max: m.max_range });
      });
    }
    const filtered = graph.record("sensor_msgs/msg/LaserScan", "/ranging/scan_filtered", { ...QoS.sensorData, depth: 10000 });
    let scans = 0;
    for (const { scan } of readLaserScans(path.join(dir ?? "", bag))) {
      graph.publish("sensor_msgs/msg/LaserScan", "/scan", scan, QoS.sensorData);
      scans++;
    }
    expect(scans).toBeGreaterThan(50);
    expect(published).toHaveLength(3 * scans);
    expect(published.filter((p) => !isPublishableRange(p.range, p.min, p.max))).toEqual([]);
    expect(published.some((p) => Number.isFinite(p.range))).toBe(true);
    for (const scan of filtered) {
      for (const r of scan.ranges) expect(isPublishableRange(r, scan.range_min, scan.range_max)).toBe(true);
    }
  });
});
