#!/usr/bin/env node
// Runs the launcher bench's hot loops for a while, for `node --cpu-prof` (docs/performance.md,
// "Shot solution and control cycle"): the warm ShotPlanner loop of launcher.shot_solution.warm_median
// and solveMovingShot as launcher_control calls it, standing and at 1 m/s
// (launcher.control_cycle.*), with params/shooter.yaml and the bench's seeded inputs.
// Prints the median microseconds per update of each, as CPU time (the process's user + system,
// which other work on a shared machine moves less than the wall clock) or, with WALL=1, wall time.
// Usage: node [--cpu-prof] scripts/profile-shot-solution.js [ROOT] [SECONDS] [warm|standing|moving]
// ROOT: a checkout with a built dist/ (default: this one), so two builds can be run back to back.
"use strict";
const path = require("node:path");

const root = path.resolve(process.argv[2] ?? path.join(__dirname, ".."));
const seconds = Number(process.argv[3] ?? 6);
const only = process.argv[4];
const load = (file, before = file) => {
  // `before`: where the module was in builds from before the layers moved (issue 17), so an older ROOT still runs.
  try {
    return require(path.join(root, "dist", file));
  } catch {
    return require(path.join(root, "dist", before));
  }
};
const { loadLauncherParameters } = load("launcher/launcherModel", "cli/table");
const { launcherConfigFromParameters, shotPlannerFromConfig } = load("core/ballistics/launcherParameters");
const { solveMovingShot } = load("core/ballistics/solveMovingShot");
const { DEFAULT_SHOOTER_PARAMS } = load("package/defaultParams", "defaultParams");

// The bench's own seeded inputs, from this checkout's build whichever ROOT is timed (they are data).
const { targetSequence, cycleInputs } = require(path.join(__dirname, "..", "dist", "bench", "launcher.bench"));

const config = launcherConfigFromParameters(loadLauncherParameters(DEFAULT_SHOOTER_PARAMS));
const PERIOD_S = 0.01;
const COUNT = 20000;

const warmTargets = targetSequence(COUNT, PERIOD_S, 5);
const loops = {
  warm() {
    const planner = shotPlannerFromConfig(config);
    let sum = 0;
    for (const t of warmTargets) {
      const plan = planner.plan({ distance_m: t.distance, distanceSigma_m: t.sigma, wheelSpeedError_radps: t.wheelError });
      sum += plan.kind === "planned" ? plan.make.probability : 0;
    }
    return sum;
  },
  standing: controlCycles(cycleInputs(COUNT, 0, PERIOD_S, 7)),
  moving: controlCycles(cycleInputs(COUNT, 1, PERIOD_S, 7)),
};

function controlCycles(inputs) {
  return () => {
    const planner = shotPlannerFromConfig(config);
    let sum = 0;
    for (const input of inputs) {
      const shot = solveMovingShot(planner, input, config.moving);
      sum += shot.plan.kind === "planned" ? shot.plan.make.probability : 0;
    }
    return sum;
  };
}

const wall = process.env.WALL === "1";
/** Microseconds per update of one pass, and its checksum (so the work cannot be optimised away). */
function timed(loop) {
  if (wall) {
    const start = process.hrtime.bigint();
    const sum = loop();
    return { us: Number(process.hrtime.bigint() - start) / 1e3 / COUNT, sum };
  }
  const start = process.cpuUsage();
  const sum = loop();
  const used = process.cpuUsage(start);
  return { us: (used.user + used.system) / COUNT, sum };
}

const names = only === undefined ? Object.keys(loops) : [only];
if (!names.every((name) => name in loops)) throw new Error(`unknown loop ${only}: warm, standing or moving`);
const samples = Object.fromEntries(names.map((name) => [name, []]));
const sums = Object.fromEntries(names.map((name) => [name, 0]));
const end = Date.now() + seconds * 1000;
do {
  for (const name of names) {
    const { us, sum } = timed(loops[name]);
    samples[name].push(us);
    sums[name] = sum;
  }
} while (Date.now() < end);
const { median } = load("bench/figure");
const report = { root, clock: wall ? "wall" : "cpu", passes: samples[names[0]].length };
for (const name of names) report[`${name}_us`] = Number(median(samples[name]).toFixed(2));
for (const name of names) report[`${name}_checksum`] = Number(sums[name].toFixed(6));
process.stdout.write(`${JSON.stringify(report)}\n`);
