#!/usr/bin/env node
/**
 * Where the shipped chain allocates per scan cycle: the bench's rig (src/bench/chainLatency.bench.ts,
 * the three nodes on the in-process graph fed recorded sensors) run under V8's sampling heap
 * profiler with the objects the young and old collectors freed kept in the profile, so the profile
 * is everything allocated, not only what survived. Each sample is put under the node whose code is
 * on its stack (laser_ranging, target_estimation, launcher_control; "graph/harness" when none is)
 * and under the function that allocated it.
 *
 *   npm run build --silent && node scripts/heap-profile-chain.js [--cycles 2000] [--top 12] [--interval 256] [--callbacks]
 */
const { Session } = require("node:inspector");
const path = require("node:path");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const cycles = option("cycles", 2000);
const top = option("top", 12);
const interval = option("interval", 256);
/** --callbacks: bench/callback.bench.ts's run (target_estimation alone, start and lock-out searches) instead of the chain. */
const callbacks = args.includes("--callbacks");

const dist = path.join(__dirname, "..", "dist");
const { ChainUnderLoad, recordSensorFeed } = require(path.join(dist, "bench", "chainLatency.bench.js"));
const { timeCallbacks } = require(path.join(dist, "bench", "callback.bench.js"));

const NODES = ["laser_ranging", "target_estimation", "launcher_control"];

function post(session, method, params) {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}

function shortFile(url) {
  const i = url.indexOf("/dist/");
  return i >= 0 ? url.slice(i + 6) : url.replace(/^.*\/node_modules\//, "node_modules/") || "(native)";
}

function nodeOf(stack) {
  for (let i = stack.length - 1; i >= 0; i--) {
    const file = stack[i];
    for (const node of NODES) if (file.includes(`nodes/${node}`)) return node;
  }
  return "graph/harness";
}

async function main() {
  let run;
  if (callbacks) {
    timeCallbacks(99);
    run = () => timeCallbacks(100);
  } else {
    const rig = new ChainUnderLoad(recordSensorFeed());
    rig.warmUp();
    for (let i = 0; i < 200; i++) rig.scanCycle(false);
    run = () => {
      for (let i = 0; i < cycles; i++) rig.scanCycle(false);
    };
  }
  const session = new Session();
  session.connect();
  await post(session, "HeapProfiler.enable", {});
  await post(session, "HeapProfiler.startSampling", { samplingInterval: interval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  run();
  const { profile } = await post(session, "HeapProfiler.stopSampling", {});
  session.disconnect();

  const byNode = new Map();
  const byFunction = new Map();
  let total = 0;
  const walk = (node, stack) => {
    const frame = node.callFrame;
    const file = shortFile(frame.url);
    const here = [...stack, `${file}`];
    if (node.selfSize > 0) {
      const owner = nodeOf(here);
      byNode.set(owner, (byNode.get(owner) ?? 0) + node.selfSize);
      const key = `${owner}\t${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child, here);
  };
  walk(profile.head, []);
  const per = callbacks ? 1 : cycles;
  const kb = (bytes) => (bytes / per / 1024).toFixed(2);
  console.log(callbacks ? `one callback-bench run (seed 100), sampling every ${interval} B: ${kb(total)} KB allocated` : `${cycles} scan cycles, sampling every ${interval} B: ${kb(total)} KB allocated per cycle`);
  for (const [owner, bytes] of [...byNode].sort((a, b) => b[1] - a[1])) {
    console.log(`\n${owner}: ${kb(bytes)} KB${callbacks ? "" : " per cycle"}`);
    const rows = [...byFunction].filter(([key]) => key.startsWith(`${owner}\t`)).sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [key, value] of rows) console.log(`  ${kb(value).padStart(8)} KB  ${key.split("\t")[1]}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
