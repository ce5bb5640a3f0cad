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

const { profileAllocation } = require(path.join(dist, "bench", "allocationProfile.js"));

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
  const profile = await profileAllocation(run, interval);
  const per = callbacks ? 1 : cycles;
  const kb = (bytes) => (bytes / per / 1024).toFixed(2);
  console.log(callbacks ? `one callback-bench run (seed 100), sampling every ${interval} B: ${kb(profile.total)} KB allocated` : `${cycles} scan cycles, sampling every ${interval} B: ${kb(profile.total)} KB allocated per cycle`);
  for (const [owner, bytes] of [...profile.byOwner].sort((a, b) => b[1] - a[1])) {
    console.log(`\n${owner}: ${kb(bytes)} KB${callbacks ? "" : " per cycle"}`);
    for (const row of profile.byFunction.filter((r) => r.owner === owner).slice(0, top)) console.log(`  ${kb(row.bytes).padStart(8)} KB  ${row.site}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
