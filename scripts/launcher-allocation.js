#!/usr/bin/env node
/*
 * Allocation per launcher_control control cycle (issue 16 item 3), on the built package (run
 * `npm run build --silent` first):
 *
 *   node scripts/launcher-allocation.js [cycles=100000] [--by-site]
 *
 * launcher_control alone on the in-process graph with the shipped params (effort mode, armed at
 * start), fed by a plant that reuses its messages (stamps and speed rewritten in place): a
 * JointState every cycle (the wheel follows a first-order lag of the command) and a target
 * estimate every cycle. Scenarios: a 5 m standing shot (the node solves every cycle), the same
 * e-stopped (no solve, zero output), and no valid target (idle speed, no solve).
 *
 * Two measures per scenario, both over `cycles` control cycles after a warm-up:
 * - V8's sampling heap profiler with objects collected by minor and major GCs included: every
 *   byte allocated, attributed to the file that allocated it (launcher_control's own path
 *   — the node, src/core/control — against ballistics and the graph/messages);
 * - heapUsed growth per cycle over runs of cycles no GC interrupted (PerformanceObserver 'gc').
 * Prints medians over 3 repetitions.
 */
"use strict";
const path = require("node:path");
const inspector = require("node:inspector");
const { PerformanceObserver } = require("node:perf_hooks");

const root = path.resolve(__dirname, "..");
const { InProcessGraph } = require(path.join(root, "dist/runtime/inprocess/InProcessGraph"));
const { nodeDefinitions } = require(path.join(root, "dist/nodes/index"));
const { DEFAULT_PARAMS_FILES } = require(path.join(root, "dist/package/defaultParams"));
const { QoS } = require(path.join(root, "dist/runtime/qos"));

const args = process.argv.slice(2);
const cycles = Number(args.find((a) => /^\d+$/.test(a)) ?? 100000);
const bySite = args.includes("--by-site");
const PERIOD = 0.01;

function rig(scenario) {
  const graph = new InProcessGraph({ startTime: 1000 });
  const node = graph.addNode(nodeDefinitions.launcher_control, { paramsFiles: DEFAULT_PARAMS_FILES, parameters: { armed_at_start: true } });
  const started = node.startup();
  if (!started.ok) throw new Error(started.reason);
  const plant = graph.binding("plant");
  let speed = 0;
  let command = 0;
  const onCommand = (m) => {
    command = m.data[0];
  };
  plant.subscribe("std_msgs/msg/Float64MultiArray", "/launcher/velocity_command", QoS.reliable, onCommand);
  plant.subscribe("std_msgs/msg/Float64MultiArray", "/launcher/effort_command", QoS.reliable, onCommand);
  const stamp = () => ({ sec: 0, nanosec: 0 });
  const setStamp = (s, t) => {
    s.sec = Math.floor(t);
    s.nanosec = Math.round((t - Math.floor(t)) * 1e9);
  };
  const joint = { header: { stamp: stamp(), frame_id: "" }, name: ["flywheel_joint"], position: [0], velocity: [0], effort: [0] };
  const covariance = new Array(36).fill(0);
  covariance[0] = 1e-4;
  covariance[7] = 1e-4;
  covariance[14] = 1e9;
  covariance[21] = 1e9;
  covariance[28] = 1e9;
  covariance[35] = 1e9;
  if (scenario === "no valid target") covariance[0] = -1;
  const target = {
    header: { stamp: stamp(), frame_id: "launcher" },
    child_frame_id: "target",
    pose: { pose: { position: { x: 5, y: 0, z: 1.43 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, covariance },
    twist: { twist: { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: new Array(36).fill(0) },
  };
  const eStop = { data: true };
  // Advertised writers: the graph's outside publish() builds a key string per call, which is not the node's.
  const jointWriter = plant.advertise("sensor_msgs/msg/JointState", "/joint_states", QoS.sensorData);
  const targetWriter = plant.advertise("nav_msgs/msg/Odometry", "/target/estimate", QoS.reliable);
  // Effort mode: a wheel whose speed follows kV-scaled volts with a 0.2 s lag; velocity mode: the command.
  plant.startTimer(PERIOD, () => {
    const now = graph.clock.now();
    const goal = command > 20 ? command : command / 0.0192;
    speed += (goal - speed) * (PERIOD / 0.2);
    joint.velocity[0] = speed;
    setStamp(joint.header.stamp, now);
    jointWriter.publish(joint);
    setStamp(target.header.stamp, now);
    targetWriter.publish(target);
  });
  if (scenario === "e-stopped") graph.publish("std_msgs/msg/Bool", "/launcher/e_stop", eStop);
  return { graph, run: (n) => graph.advance(n * PERIOD) };
}

function post(session, method, params) {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
}

/** Bytes allocated per node of the sampling profile's tree, summed by file. */
function byFile(profile) {
  const files = new Map();
  const walk = (node) => {
    const self = node.selfSize;
    if (self > 0) {
      const url = node.callFrame.url || `(${node.callFrame.functionName || "native"})`;
      const key = bySite ? `${url.replace(/^.*\/dist\//, "dist/")}:${node.callFrame.functionName}:${node.callFrame.lineNumber + 1}` : url.replace(/^.*\/dist\//, "dist/");
      files.set(key, (files.get(key) ?? 0) + self);
    }
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  return files;
}

function group(file) {
  if (file.startsWith("dist/nodes/launcher_control") || file.startsWith("dist/core/control/")) return "launcher_control path (node + core/control)";
  if (file.startsWith("dist/core/ballistics/")) return "ballistics (solveMovingShot, ShotPlanner)";
  if (file.startsWith("dist/runtime/") || file.startsWith("dist/msgs/")) return "graph and messages";
  if (file.includes("scripts/launcher-allocation")) return "the plant (this script)";
  return "other";
}

async function sampled(scenario, session) {
  const r = rig(scenario);
  r.run(2000);
  await post(session, "HeapProfiler.startSampling", { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  r.run(cycles);
  const { profile } = await post(session, "HeapProfiler.stopSampling");
  const files = byFile(profile);
  const groups = new Map();
  for (const [file, bytes] of files) groups.set(group(file), (groups.get(group(file)) ?? 0) + bytes);
  return { groups, files };
}

function heapGrowth(scenario) {
  const r = rig(scenario);
  r.run(2000);
  let gcs = 0;
  const observer = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  observer.observe({ entryTypes: ["gc"] });
  const per = [];
  const chunk = 100;
  for (let done = 0; done < cycles; done += chunk) {
    const before = process.memoryUsage().heapUsed;
    const gcBefore = gcs;
    r.run(chunk);
    const after = process.memoryUsage().heapUsed;
    // The observer reports asynchronously: a chunk is clean if heapUsed did not fall either.
    if (gcs === gcBefore && after >= before) per.push((after - before) / chunk);
  }
  observer.disconnect();
  per.sort((a, b) => a - b);
  return { median: per[Math.floor(per.length / 2)] ?? Number.NaN, clean: per.length, chunks: cycles / chunk };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const session = new inspector.Session();
  session.connect();
  await post(session, "HeapProfiler.enable");
  const scenarios = ["5 m standing shot", "e-stopped", "no valid target"];
  console.log(`launcher_control allocation, ${cycles} control cycles per run, median of 3 runs (node ${process.version})`);
  for (const scenario of scenarios) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await sampled(scenario, session));
    const growth = [0, 1, 2].map(() => heapGrowth(scenario));
    const names = [...new Set(runs.flatMap((run) => [...run.groups.keys()]))].sort();
    console.log(`\n${scenario}: heapUsed growth ${median(growth.map((g) => g.median)).toFixed(0)} B/cycle over GC-free chunks of 100 cycles (${growth[0].clean}/${growth[0].chunks} clean)`);
    const total = median(runs.map((run) => [...run.groups.values()].reduce((a, b) => a + b, 0)));
    console.log(`  sampled allocation: ${(total / cycles).toFixed(0)} B/cycle in all`);
    for (const name of names) console.log(`  ${(median(runs.map((run) => run.groups.get(name) ?? 0)) / cycles).toFixed(1).padStart(9)} B/cycle  ${name}`);
    if (bySite) {
      const sites = [...runs[0].files.entries()].filter(([f]) => process.env.ALL_SITES !== undefined || group(f).startsWith("launcher_control")).sort((a, b) => b[1] - a[1]).slice(0, 15);
      for (const [site, bytes] of sites) console.log(`      ${(bytes / cycles).toFixed(1).padStart(8)} B/cycle  ${site}`);
    }
  }
  session.disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
