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
 * - heapUsed growth per cycle, the mean over chunks of 100 cycles whose heap did not shrink (one a
 *   collection interrupted), as the bench's soak figures it (src/bench/soakStatistics.ts).
 * Prints medians over 3 repetitions. The profiler session and the statistics are the bench's own
 * (src/bench/allocationProfile.ts, soakStatistics.ts, figure.ts).
 */
"use strict";
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const { InProcessGraph } = require(path.join(root, "dist/runtime/inprocess/InProcessGraph"));
const { nodeDefinitions } = require(path.join(root, "dist/nodes/index"));
const { DEFAULT_PARAMS_FILES } = require(path.join(root, "dist/package/defaultParams"));
const { QoS } = require(path.join(root, "dist/runtime/qos"));
const { profileAllocation } = require(path.join(root, "dist/bench/allocationProfile"));
const { allocationPerStep } = require(path.join(root, "dist/bench/soakStatistics"));
const { median } = require(path.join(root, "dist/bench/figure"));

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

/** Bytes allocated by file (or by site with --by-site), from the bench's profile: a site reads "function file:line". */
function byFile(profile) {
  const files = new Map();
  for (const { site, bytes } of profile.byFunction) {
    const key = bySite ? site : site.slice(site.lastIndexOf(" ") + 1).replace(/:\d+$/, "");
    files.set(key, (files.get(key) ?? 0) + bytes);
  }
  return files;
}

function group(file) {
  const where = file.slice(file.lastIndexOf(" ") + 1);
  if (where.startsWith("nodes/launcher_control") || where.startsWith("core/control/")) return "launcher_control path (node + core/control)";
  if (where.startsWith("core/ballistics/")) return "ballistics (solveMovingShot, ShotPlanner)";
  if (where.startsWith("runtime/") || where.startsWith("msgs/")) return "graph and messages";
  if (file.includes("scripts/launcher-allocation")) return "the plant (this script)";
  return "other";
}

async function sampled(scenario) {
  const r = rig(scenario);
  r.run(2000);
  const files = byFile(await profileAllocation(() => r.run(cycles)));
  const groups = new Map();
  for (const [file, bytes] of files) groups.set(group(file), (groups.get(group(file)) ?? 0) + bytes);
  return { groups, files };
}

function heapGrowth(scenario) {
  const r = rig(scenario);
  r.run(2000);
  const steps = [];
  const chunk = 100;
  for (let done = 0; done < cycles; done += chunk) {
    const before = process.memoryUsage().heapUsed;
    r.run(chunk);
    steps.push({ before, after: process.memoryUsage().heapUsed });
  }
  const perChunk = allocationPerStep(steps, 0);
  return { perCycle: perChunk === undefined ? Number.NaN : perChunk / chunk, clean: steps.filter((s) => s.after >= s.before).length, chunks: steps.length };
}

async function main() {
  const scenarios = ["5 m standing shot", "e-stopped", "no valid target"];
  console.log(`launcher_control allocation, ${cycles} control cycles per run, median of 3 runs (node ${process.version})`);
  for (const scenario of scenarios) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await sampled(scenario));
    const growth = [0, 1, 2].map(() => heapGrowth(scenario));
    const names = [...new Set(runs.flatMap((run) => [...run.groups.keys()]))].sort();
    console.log(`\n${scenario}: heapUsed growth ${median(growth.map((g) => g.perCycle)).toFixed(0)} B/cycle over chunks of 100 cycles whose heap did not shrink (${growth[0].clean}/${growth[0].chunks} clean)`);
    const total = median(runs.map((run) => [...run.groups.values()].reduce((a, b) => a + b, 0)));
    console.log(`  sampled allocation: ${(total / cycles).toFixed(0)} B/cycle in all`);
    for (const name of names) console.log(`  ${(median(runs.map((run) => run.groups.get(name) ?? 0)) / cycles).toFixed(1).padStart(9)} B/cycle  ${name}`);
    if (bySite) {
      const sites = [...runs[0].files.entries()].filter(([f]) => process.env.ALL_SITES !== undefined || group(f).startsWith("launcher_control")).sort((a, b) => b[1] - a[1]).slice(0, 15);
      for (const [site, bytes] of sites) console.log(`      ${(bytes / cycles).toFixed(1).padStart(8)} B/cycle  ${site}`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
