import * as fs from "node:fs";
import * as path from "node:path";
import { readLaserScans } from "../../src/bags/readLaserScans";
import { LD06_GEOMETRY, rayCastScan, wallAt, type SceneShape } from "../../src/bench/ranging.bench";
import { SeededRandom } from "../../src/core/random/SeededRandom";
import { isPublishableRange } from "../../src/core/ranging/rep117";
import { header } from "../../src/msgs/builders";
import { secondsFromTime } from "../../src/msgs/time";
import { DiagnosticLevel, type DiagnosticArray, type DiagnosticStatus, type LaserScan } from "../../src/msgs/types";
import type { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
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

  // A Range reads along its frame's x axis: a beam stamped with the scan's frame would be drawn
  // (and looked up on /tf) pointing straight ahead whatever its bearing.
  it("stamps each virtual beam with its own frame (virtual_beams.<name>.frame_id, default <name>_link); the filtered scan keeps the scan's", () => {
    const { graph } = startNodes(["laser_ranging"], {
      laser_ranging: {
        "robot_frames.names": ["laser", "lidar_left", "ahead_link"],
        "robot_frames.lidar_left.parent": "laser",
        "robot_frames.lidar_left.yaw": 1.5708,
        "robot_frames.ahead_link.parent": "laser",
        "virtual_beams.names": ["left_fence", "ahead"],
        "virtual_beams.left_fence.frame_id": "lidar_left",
      },
    });
    const left = graph.record("sensor_msgs/msg/Range", "/ranging/left_fence", { ...QoS.sensorData, depth: 10 });
    const ahead = graph.record("sensor_msgs/msg/Range", "/ranging/ahead", { ...QoS.sensorData, depth: 10 });
    const filtered = graph.record("sensor_msgs/msg/LaserScan", "/ranging/scan_filtered", { ...QoS.sensorData, depth: 10 });
    graph.publish("sensor_msgs/msg/LaserScan", "/scan", roomScan(graph.clock.now(), "laser"), QoS.sensorData);
    expect(left.map((m) => [m.header.frame_id, Math.round(m.range * 1000) / 1000])).toEqual([["lidar_left", 1.5]]);
    expect(ahead.map((m) => [m.header.frame_id, Math.round(m.range * 1000) / 1000])).toEqual([["ahead_link", 3]]);
    expect(filtered.map((m) => m.header.frame_id)).toEqual(["laser"]);
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
  (bags.length > 0 ? it.each(bags) : it.skip.each(["(no recordings)"]))("replays %s at its recorded times through the node without one invalid published range or dropped scan", (bag) => {
    const records = [...readLaserScans(path.join(dir ?? "", bag))];
    const { graph } = startNodes(
      ["laser_ranging"],
      {
        // The default beams re-aimed at bearings these (front-facing) scanners cover.
        laser_ranging: { "robot_frames.left_fence_link.yaw": 1.4207, "robot_frames.right_fence_link.yaw": 0, "robot_frames.rear_fence_link.yaw": -1.2 },
      },
      Number(records[0]?.logTimeNs ?? 0n) / 1e9,
    );
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics", { ...QoS.reliable, depth: 1000 });
    const published: { range: number; min: number; max: number }[] = [];
    for (const name of ["left_fence", "right_fence", "rear_fence"]) {
      graph.binding("probe").subscribe("sensor_msgs/msg/Range", `/ranging/${name}`, { ...QoS.sensorData, depth: 1000 }, (m) => {
        published.push({ range: m.range, min: m.min_range, max: m.max_range });
      });
    }
    const filtered = graph.record("sensor_msgs/msg/LaserScan", "/ranging/scan_filtered", { ...QoS.sensorData, depth: 10000 });
    let scans = 0;
    for (const { scan, logTimeNs } of records) {
      graph.advanceTo(Number(logTimeNs) / 1e9);
      graph.publish("sensor_msgs/msg/LaserScan", "/scan", scan, QoS.sensorData);
      scans++;
    }
    expect(scans).toBeGreaterThan(50);
    // The node's clock at the recorded times (as `robocon-shooter replay` and `ros2 bag play --clock` give it): every scan passes the input checks.
    graph.advance(0.01);
    diagnostics.length = 0;
    graph.advance(1);
    const scanStatus = status(diagnostics, "scan");
    expect(value(scanStatus, "frame_id")).toBe(records[0]?.scan.header.frame_id);
    expect(value(scanStatus, "accepted")).toBe(String(scans));
    expect(scanStatus?.level).not.toBe(DiagnosticLevel.ERROR);
    expect(published).toHaveLength(3 * scans);
    expect(published.filter((p) => !isPublishableRange(p.range, p.min, p.max))).toEqual([]);
    expect(published.some((p) => Number.isFinite(p.range))).toBe(true);
    // One expect over every beam: an expect per beam (10^5-10^6 of them) took most of the test's time.
    const unpublishable = filtered.flatMap((scan, index) => Array.from(scan.ranges).filter((r) => !isPublishableRange(r, scan.range_min, scan.range_max)).map((range) => ({ index, range })));
    expect(filtered).toHaveLength(scans);
    expect({ count: unpublishable.length, first: unpublishable.slice(0, 5) }).toEqual({ count: 0, first: [] });
  });
});

/** A noise-free room around an LD06-class lidar: walls 1.5 m left and right (times `scale`), 3 m ahead, 2 m behind. */
function roomScan(stamp: number, frame: string, scale = 1): LaserScan {
  const room: SceneShape[] = [
    { kind: "segment", x1: 3 * scale, y1: -20, x2: 3 * scale, y2: 20 },
    { kind: "segment", x1: -2 * scale, y1: -20, x2: -2 * scale, y2: 20 },
    { kind: "segment", x1: -20, y1: 1.5 * scale, x2: 20, y2: 1.5 * scale },
    { kind: "segment", x1: -20, y1: -1.5 * scale, x2: 20, y2: -1.5 * scale },
  ];
  const scan = rayCastScan(room, { ...LD06_GEOMETRY, sigma_m: 0 }, new SeededRandom(1));
  return { ...scan, header: header(stamp, frame), time_increment: 0, scan_time: 0.1, ranges: Float32Array.from(scan.ranges), intensities: new Float32Array(0) };
}

/** laser_ranging's status `part` ("scan", "virtual beam left_fence", "range left", ...) in the latest report. */
function status(reports: readonly DiagnosticArray[], part: string): DiagnosticStatus | undefined {
  return reports.at(-1)?.status.find((s) => s.name === `laser_ranging: ${part}`);
}
function value(s: DiagnosticStatus | undefined, key: string): string | undefined {
  return s?.values.find((v) => v.key === key)?.value;
}

const BEAMS = ["left_fence", "right_fence", "rear_fence", "rear_left", "rear_right"];

describe("laser_ranging node: input sanity (issue 13)", () => {
  const sendScan = (graph: InProcessGraph, scan: LaserScan): void => graph.publish("sensor_msgs/msg/LaserScan", "/scan", scan, QoS.sensorData);

  it.each([
    { label: "first accepted frame locked", frameId: "", kept: "laser", dropped: "laser_rear" },
    { label: "lidar.frame_id configured", frameId: "laser_rear", kept: "laser_rear", dropped: "laser" },
  ])("two lidars interleaved on scan ($label): the other frame is dropped, reaches no beam, and the scan is ERROR naming both", ({ frameId, kept, dropped }) => {
    const { graph } = startNodes(["laser_ranging"], { laser_ranging: { "lidar.frame_id": frameId } });
    const left = graph.record("sensor_msgs/msg/Range", "/ranging/left_fence", { ...QoS.sensorData, depth: 100 });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    // "laser" sees the room, "laser_rear" one twice its size: every beam it fed would read 3 m.
    for (let i = 0; i < 10; i++) {
      sendScan(graph, roomScan(graph.clock.now(), "laser", 1));
      sendScan(graph, roomScan(graph.clock.now(), "laser_rear", 2));
      graph.advance(0.1);
    }
    expect(left).toHaveLength(10);
    // A beam is in its own frame (left_fence_link) whichever lidar fed it: its range tells which.
    for (const m of left) expect(m.range).toBeCloseTo(kept === "laser" ? 1.5 : 3, 4);
    const scan = status(diagnostics, "scan");
    expect(scan?.level).toBe(DiagnosticLevel.ERROR);
    expect(scan?.message).toContain(`frame_id "${dropped}"`);
    expect(scan?.message).toContain(`"${kept}"`);
    expect(value(scan, "frame_id")).toBe(kept);
    expect(value(scan, "dropped_other_frame")).toBe("10");
    expect(value(scan, "accepted")).toBe("10");
    expect(status(diagnostics, "virtual beam left_fence")?.level).toBe(DiagnosticLevel.OK);
  });

  it.each([
    { label: "1.7e9 s ahead of the clock", offset: 1.7e9, key: "dropped_stamp_off_clock", note: "1.70e+9 s from the node's clock" },
    { label: "5 s ahead of the clock", offset: 5, key: "dropped_stamp_off_clock", note: "5.000 s from the node's clock" },
    { label: "5 s behind the clock", offset: -5, key: "dropped_stamp_off_clock", note: "-5.000 s from the node's clock" },
    { label: "0.3 s before the last accepted scan", offset: -0.3, key: "dropped_stamp_backwards", note: "-0.300 s before the last accepted one" },
  ])("scans stamped $label are dropped and counted; the beams keep the good scans' rate", ({ offset, key, note }) => {
    const { graph } = startNodes(["laser_ranging"]);
    const left = graph.record("sensor_msgs/msg/Range", "/ranging/left_fence", { ...QoS.sensorData, depth: 100 });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    for (let i = 0; i < 20; i++) {
      sendScan(graph, roomScan(graph.clock.now(), "laser"));
      sendScan(graph, roomScan(graph.clock.now() + offset, "laser"));
      graph.advance(0.1);
    }
    expect(left).toHaveLength(20);
    expect(left.every((m) => Math.abs(secondsFromTime(m.header.stamp) - 1000) < 2.1)).toBe(true);
    const scan = status(diagnostics, "scan");
    expect(value(scan, key)).toBe("20");
    expect(value(scan, "accepted")).toBe("20");
    expect(scan?.level).toBe(DiagnosticLevel.WARN);
    expect(scan?.message).toContain(note);
    // The two-clock mix reported 9.2e-9 Hz; only accepted stamps reach the statistics.
    expect(Number(value(status(diagnostics, "virtual beam left_fence"), "rate_hz"))).toBeCloseTo(10, 6);
  });

  it("before the first scan and reading, every status says no data (STALE), none OK", () => {
    const { graph } = startNodes(["laser_ranging"]);
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    graph.advance(1);
    const parts = ["scan", ...BEAMS.map((b) => `virtual beam ${b}`), "target", "range left", "range right"];
    expect(diagnostics.at(-1)?.status.map((s) => s.name).sort()).toEqual(parts.map((p) => `laser_ranging: ${p}`).sort());
    for (const part of parts) {
      expect(status(diagnostics, part)?.level).toBe(DiagnosticLevel.STALE);
      expect(status(diagnostics, part)?.message).toContain("no data");
    }
  });

  it.each([
    { input: "scan", timeout: 0.5, parts: ["scan", ...BEAMS.map((b) => `virtual beam ${b}`), "target"] },
    { input: "range left", timeout: 0.5, parts: ["range left"] },
  ])("$input stops: STALE on every report after its timeout ($timeout s), not before", ({ input, timeout, parts }) => {
    const { graph } = startNodes(["laser_ranging"], { laser_ranging: { diagnostics_period: 0.05 } });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    let last = Number.NaN;
    for (let i = 0; i < 20; i++) {
      const now = graph.clock.now();
      if (input === "scan") sendScan(graph, roomScan(now, "laser"));
      else graph.publish("sensor_msgs/msg/Range", "/range/left", rangeReading(now, "left_link", 2 + 0.001 * (i % 3)), QoS.sensorData);
      last = now;
      graph.advance(0.1);
    }
    graph.advance(1.5);
    const reports = diagnostics.filter((d) => secondsFromTime(d.header.stamp) > last);
    let firstStale = Number.NaN;
    for (const report of reports) {
      const age = secondsFromTime(report.header.stamp) - last;
      for (const part of parts) {
        const s = status([report], part);
        if (age < timeout - 1e-6) expect(s?.level).not.toBe(DiagnosticLevel.STALE);
        if (age > timeout + 1e-6) {
          expect(s?.level).toBe(DiagnosticLevel.STALE);
          expect(s?.message).toContain("stale");
          if (Number.isNaN(firstStale)) firstStale = age;
        }
      }
    }
    // Within its timeout plus one report period.
    expect(firstStale).toBeLessThanOrEqual(timeout + 0.05 + 1e-6);
  });

  it.each([
    { label: "+Inf (no return) from 0.06 rad clockwise of the bearing on", fill: Infinity, from: -0.06, valid: false },
    { label: "NaN from 0.06 rad clockwise of the bearing on", fill: NaN, from: -0.06, valid: false },
    { label: "+Inf from 0.03 rad clockwise of the bearing on (nearest fitted beam inside max_bearing_gap)", fill: Infinity, from: -0.03, valid: true },
  ])("a beam whose bearing lies in a gap of missing readings, fitted beams on one side only: $label", ({ fill, from, valid }) => {
    // Reports at 1000.25, 1000.5, 1000.75: the last one after 8 scans, while they still come.
    const { graph } = startNodes(["laser_ranging"], { laser_ranging: { diagnostics_period: 0.25 } });
    const left = graph.record("sensor_msgs/msg/Range", "/ranging/left_fence", { ...QoS.sensorData, depth: 100 });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    const bearing = 1.5708;
    for (let k = 0; k < 8; k++) {
      const scan = roomScan(graph.clock.now(), "laser");
      scan.ranges.forEach((_r, i) => {
        const off = scan.angle_min + i * scan.angle_increment - bearing;
        if (off >= from && off <= 0.3) scan.ranges[i] = fill;
      });
      sendScan(graph, scan);
      graph.advance(0.1);
    }
    expect(left).toHaveLength(8);
    const beam = status(diagnostics, "virtual beam left_fence");
    expect(secondsFromTime(diagnostics.at(-1)!.header.stamp)).toBeCloseTo(1000.75, 9);
    if (valid) {
      for (const m of left) expect(m.range).toBeCloseTo(1.5, 4);
      expect(value(beam, "bearing_gap_rejections")).toBe("0");
      expect(beam?.level).toBe(DiagnosticLevel.OK);
    } else {
      for (const m of left) expect(m.range).toBeNaN();
      expect(value(beam, "bearing_gap_rejections")).toBe("8");
      expect(beam?.level).toBe(DiagnosticLevel.WARN);
      expect(beam?.message).toContain("max_bearing_gap_rad 0.05");
      expect(beam?.message).toContain("clockwise side only");
    }
  });

  it("a second frame on a range sensor's topic is dropped and its status is ERROR naming both frames", () => {
    const { graph } = startNodes(["laser_ranging"]);
    const out = graph.record("sensor_msgs/msg/Range", "/ranging/left", { ...QoS.sensorData, depth: 100 });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    for (let i = 0; i < 10; i++) {
      const now = graph.clock.now();
      graph.publish("sensor_msgs/msg/Range", "/range/left", rangeReading(now, "left_link", 2 + 0.001 * (i % 3)), QoS.sensorData);
      graph.publish("sensor_msgs/msg/Range", "/range/left", rangeReading(now, "right_link", 4), QoS.sensorData);
      graph.advance(0.02);
    }
    expect(out.map((m) => m.header.frame_id)).toEqual(Array(10).fill("left_link"));
    graph.advance(1 - 0.2);
    const left = status(diagnostics, "range left");
    expect(left?.level).toBe(DiagnosticLevel.ERROR);
    expect(left?.message).toContain('frame_id "right_link"');
    expect(left?.message).toContain('"left_link"');
    expect(value(left, "dropped_other_frame")).toBe("10");
  });
});
