#!/usr/bin/env node
/*
 * One DDS hop between two bare rclnodejs processes (issue 16: the real graph's latency,
 * docs/performance.md): no node of the package, only a publisher and a subscriber of
 * nav_msgs/Odometry (target/estimate's type) at 50 Hz. Needs a sourced ROS 2 and rclnodejs built
 * against it:
 *
 *   export PATH=/usr/bin:$PATH; source /opt/ros2-humble-min/setup.bash
 *   npm run build --silent; node scripts/ros/hop-latency.js [reliable|best_effort] [messages=500] [cdr|objects]
 *
 * The publisher stamps each message with the machine's monotonic clock (process.hrtime, one clock
 * for both processes); the subscriber prints the median and 99th percentile of receipt minus
 * stamp over `messages` after 100 warm-up ones. `cdr` (the default) sends and takes CDR bytes as
 * the package's rclnodejs adapter does (dist/msgs/cdr.js, rclnodejs's raw publish and take),
 * `objects` plain objects through rclnodejs's own conversion. Use ROS_DOMAIN_ID to keep it apart
 * from other runs.
 */
"use strict";
const { spawn } = require("node:child_process");

const path = require("node:path");

const USAGE = "usage: node scripts/ros/hop-latency.js [reliable|best_effort] [messages=500] [cdr|objects]  (ROS 2 sourced, npm run build done)";
const [role, reliability = "reliable", countArg = "500", transport = "cdr"] =
  process.argv[2] === "--publish" || process.argv[2] === "--subscribe" ? process.argv.slice(2) : [undefined, ...process.argv.slice(2)];
if (reliability === "--help" || reliability === "-h") {
  console.log(USAGE);
  process.exit(0);
}
const messages = Number(countArg);
if (!["reliable", "best_effort"].includes(reliability) || !(Number.isInteger(messages) && messages >= 100) || !["cdr", "objects"].includes(transport)) {
  console.error(`${USAGE}; got ${reliability} ${countArg} ${transport}`);
  process.exit(2);
}
const TYPE = "nav_msgs/msg/Odometry";
const codec = transport === "cdr" ? require(path.join(__dirname, "..", "..", "dist", "msgs", "cdr.js")).cdrCodec(TYPE) : undefined;
const WARM_UP = 100;
const TOPIC = `hop_latency_${process.env.ROS_DOMAIN_ID ?? "0"}`;

async function node(name) {
  const rclnodejs = require("rclnodejs");
  await rclnodejs.init();
  const qos = reliability === "reliable" ? rclnodejs.QoS.profileDefault : rclnodejs.QoS.profileSensorData;
  return { rclnodejs, node: new rclnodejs.Node(`${name}_${process.pid}`), qos };
}

async function publish() {
  const { rclnodejs, node: n, qos } = await node("hop_publisher");
  const publisher = n.createPublisher(TYPE, TOPIC, { qos });
  const message = {
    header: { stamp: { sec: 0, nanosec: 0 }, frame_id: "map" },
    child_frame_id: "launcher",
    pose: { pose: { position: { x: 1, y: 2, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, covariance: new Array(36).fill(0.1) },
    twist: { twist: { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: new Array(36).fill(0) },
  };
  // Published until the subscriber has its count and the parent stops this process.
  n.createTimer(20n * 1000000n, () => {
    const now = process.hrtime.bigint();
    message.header.stamp = { sec: Number(now / 1000000000n), nanosec: Number(now % 1000000000n) };
    publisher.publish(codec === undefined ? message : codec.encode(message));
  });
  rclnodejs.spin(n);
}

async function subscribe() {
  const { rclnodejs, node: n, qos } = await node("hop_subscriber");
  const latencies = [];
  n.createSubscription(TYPE, TOPIC, { qos, isRaw: codec !== undefined }, (received) => {
    const m = codec === undefined ? received : codec.decode(received);
    const sent = BigInt(m.header.stamp.sec) * 1000000000n + BigInt(m.header.stamp.nanosec);
    latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
    if (latencies.length < WARM_UP + messages) return;
    const measured = latencies.slice(WARM_UP).sort((a, b) => a - b);
    const at = (q) => measured[Math.min(measured.length - 1, Math.floor(q * measured.length))].toFixed(3);
    console.log(`nav_msgs/Odometry at 50 Hz, ${reliability}, ${transport}: median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms over ${messages} messages (one hop, two processes)`);
    process.exit(0);
  });
  rclnodejs.spin(n);
}

function main() {
  const subscriber = spawn(process.execPath, [__filename, "--subscribe", reliability, String(messages), transport], { stdio: "inherit" });
  const publisher = spawn(process.execPath, [__filename, "--publish", reliability, String(messages), transport], { stdio: ["ignore", "ignore", "inherit"] });
  const limit = setTimeout(() => {
    console.error("no result in 60 s: is ROS 2 sourced, and does discovery work here?");
    subscriber.kill("SIGINT");
  }, 60000);
  subscriber.on("exit", (code) => {
    clearTimeout(limit);
    publisher.kill("SIGINT");
    process.exitCode = code ?? 1;
  });
}

const run = role === "--publish" ? publish : role === "--subscribe" ? subscribe : async () => main();
run().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
