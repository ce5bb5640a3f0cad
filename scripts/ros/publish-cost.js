#!/usr/bin/env node
/*
 * What one rclnodejs publish costs the publishing process, by message type (issue 16: the real
 * graph's latency, docs/performance.md). Needs a sourced ROS 2 and rclnodejs built against it:
 *
 *   export PATH=/usr/bin:$PATH; source /opt/ros2-humble-min/setup.bash
 *   npm run build --silent; node scripts/ros/publish-cost.js [publishes=2000]
 *
 * One node publishes each message the chain sends on its hot path (the estimate as
 * nav_msgs/Odometry, a 1080-beam LaserScan, a Range) `publishes` times after 200 warm-up ones, two
 * ways: as the package's rclnodejs adapter does (CDR bytes from dist/msgs/cdr.js, rclnodejs's raw
 * publish) and as a plain object (rclnodejs's own conversion), and prints the median and 99th
 * percentile of the publish's wall time, encoding included. No subscriber: the figure is the
 * conversion and the RMW's write, not the delivery.
 */
"use strict";
const path = require("node:path");
const { performance } = require("node:perf_hooks");

const arg = process.argv[2];
if (arg === "--help" || arg === "-h") {
  console.log("usage: node scripts/ros/publish-cost.js [publishes=2000]  (ROS 2 sourced, npm run build done)");
  process.exit(0);
}
const publishes = arg === undefined ? 2000 : Number(arg);
if (!(Number.isInteger(publishes) && publishes >= 100)) {
  console.error(`publishes must be an integer >= 100, got ${arg}`);
  process.exit(2);
}

const stamp = { sec: 1, nanosec: 2 };
const messages = [
  [
    "nav_msgs/msg/Odometry",
    {
      header: { stamp, frame_id: "map" },
      child_frame_id: "launcher",
      pose: { pose: { position: { x: 1, y: 2, z: 3 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, covariance: Array.from({ length: 36 }, (_, i) => i * 0.1) },
      twist: { twist: { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: new Array(36).fill(0) },
    },
  ],
  [
    "sensor_msgs/msg/LaserScan",
    { header: { stamp, frame_id: "laser" }, angle_min: -2.36, angle_max: 2.36, angle_increment: 0.00436, time_increment: 0, scan_time: 0.1, range_min: 0.05, range_max: 30, ranges: new Array(1080).fill(5.5), intensities: [] },
  ],
  ["sensor_msgs/msg/Range", { header: { stamp, frame_id: "dt35_left" }, radiation_type: 1, field_of_view: 0.01, min_range: 0.05, max_range: 12, range: 3.3 }],
];

async function main() {
  const rclnodejs = require("rclnodejs");
  await rclnodejs.init();
  const node = new rclnodejs.Node(`publish_cost_${process.pid}`);
  try {
    const { cdrCodec } = require(path.join(__dirname, "..", "..", "dist", "msgs", "cdr.js"));
    for (const [type, message] of messages) {
      const publisher = node.createPublisher(type, `publish_cost/${type.split("/")[2].toLowerCase()}`);
      const codec = cdrCodec(type);
      const ways = [
        ["CDR bytes (the adapter)", () => publisher.publish(codec.encode(message))],
        ["object (rclnodejs)", () => publisher.publish(message)],
      ];
      for (const [way, publish] of ways) {
        for (let i = 0; i < 200; i++) publish();
        const times = [];
        for (let i = 0; i < publishes; i++) {
          const t0 = performance.now();
          publish();
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(3);
        console.log(`${type.padEnd(28)} ${way.padEnd(24)} median ${at(0.5)} ms  p99 ${at(0.99)} ms  (${publishes} publishes)`);
      }
    }
  } finally {
    node.destroy();
    await rclnodejs.shutdown();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
