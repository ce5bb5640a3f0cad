/**
 * Integrity of the shipped chain (issue 13 item 5): in worlds that are not the court its map
 * describes, it must publish no target; on the court, it must still start. Every run is the
 * shipped chain (the three nodes with the shipped params files, no overrides) fed by the
 * simulator's sensor models with the shipped sensor suite (src/sim/worlds/runInWorld.ts).
 *
 * The seeds below grade; nothing (no parameter, no threshold) was tuned on them. Tuning the start
 * tests or the integrity monitor on generated worlds must use other seeds (e.g. 1-99999).
 */
import { SeededRandom } from "../core/random/SeededRandom";
import { courtMapFromParameters } from "../core/court/courtSchema";
import { DEFAULT_PARAMS_FILES } from "../package/defaultParams";
import { targetEstimationParametersFromFiles } from "../nodes/target_estimation.schema";
import type { ParameterValues } from "../runtime/port";
import { SimCourt } from "../sim/SimCourt";
import { drawFreePose, generateWorld, WORLD_KINDS, type PoseRegion, type WorldKind } from "../sim/worlds/generateWorld";
import { runInWorld, type WorldRunResult } from "../sim/worlds/runInWorld";
import { atLeast, atMost, median, reportOnly, type Benchmark, type BenchOptions, type Figure } from "./figure";

/**
 * Grading seeds of the generated worlds (world k of kind i: WORLD_SEED_BASE + 1000 i + k).
 * 13_050_000+ (and 13_060_000+ for the starts) were looked at while the start tests, the start
 * region, leaving a measurement out, the hoop-seen rule and the virtual beams' line model were
 * built: they are development seeds now, and the figures are graded on these.
 */
export const WORLD_SEED_BASE = 13_150_000;
/** Grading seeds of the court starts (start k: START_SEED_BASE + k). */
export const START_SEED_BASE = 13_160_000;
/** The seeds the integrity work was developed on (see WORLD_SEED_BASE). */
const DEVELOPMENT_SEEDS = "13050000+ and 13060000+";

/** Simulated time per generated world [s]: still for 3 s, then a slow drive (0.3 m/s) of up to 1 m. */
const WORLD_DURATION = 8;
/** A start must give a valid estimate within this [s] (issue 13) ... */
const START_DEADLINE = 5;
/** ... within this of the true position [m] and heading [rad], and hold it while watched. */
const START_POSITION_TOLERANCE = 0.1;
const START_YAW_TOLERANCE = 0.05;
/** How long a start is watched after its first valid estimate [s]. */
const START_WATCH = 1;
/** A start faces the target hoop within this [rad]: how carefully a team puts the robot down. */
const START_AIM = 0.3;

/** Until target_estimation has init.region.*: the attack half, facing the target hoop. */
const FALLBACK_START_REGION: PoseRegion = { xMin: 0.5, xMax: 6.5, yMin: -3.5, yMax: 3.5, yaw: 0, yawHalfWidth: 1.2 };

/** Worlds per kind and court starts: full run (>= 200 of each, issue 13) and quick. */
function counts(quick: boolean): { perKind: number; starts: number } {
  return quick ? { perKind: 4, starts: 16 } : { perKind: 50, starts: 200 };
}

/**
 * The start region target_estimation is configured with (init.region.*, headings within
 * yaw_half_width of init.yaw), or the fallback while the shipped params have none; and which it is.
 */
export function shippedStartRegion(values: ParameterValues): { region: PoseRegion; source: string } {
  const read = (key: string): number | undefined => {
    const v = values[key];
    return typeof v === "number" ? v : undefined;
  };
  const xMin = read("init.region.x_min");
  const xMax = read("init.region.x_max");
  const yMin = read("init.region.y_min");
  const yMax = read("init.region.y_max");
  const yawHalfWidth = read("init.region.yaw_half_width");
  const yaw = read("init.yaw") ?? 0;
  if (xMin === undefined || xMax === undefined || yMin === undefined || yMax === undefined || yawHalfWidth === undefined) {
    return { region: FALLBACK_START_REGION, source: "fallback region (no init.region.* in the shipped params)" };
  }
  return { region: { xMin, xMax, yMin, yMax, yaw, yawHalfWidth }, source: "init.region.* of the shipped params" };
}

function describeRegion(r: PoseRegion): string {
  return `x ${r.xMin}..${r.xMax} m, y ${r.yMin}..${r.yMax} m, yaw ${r.yaw} +- ${r.yawHalfWidth} rad`;
}

/** What made a world's run a false target: valid estimates, ready or feed messages. */
function falseTargetKinds(r: WorldRunResult): string[] {
  return [...(r.validEstimates > 0 ? [`${r.validEstimates} valid estimates from ${r.firstValid?.toFixed(2) ?? "?"} s`] : []), ...(r.ready > 0 ? [`${r.ready} ready`] : []), ...(r.feeds > 0 ? [`${r.feeds} feeds`] : [])];
}

interface KindTally {
  worlds: number;
  falseTargets: number;
  readyOrFeed: number;
  example?: string;
}

function generatedWorlds(options: BenchOptions, region: PoseRegion): Figure[] {
  const court = courtMapFromParameters(targetEstimationParametersFromFiles(DEFAULT_PARAMS_FILES)).spec;
  const { perKind } = counts(options.quick);
  const tally = new Map<WorldKind, KindTally>();
  let wall = 0;
  WORLD_KINDS.forEach((kind, i) => {
    options.progress(`integrity: ${perKind} ${kind} worlds`);
    const t: KindTally = { worlds: 0, falseTargets: 0, readyOrFeed: 0 };
    for (let k = 0; k < perKind; k++) {
      const seed = WORLD_SEED_BASE + 1000 * i + k;
      const world = generateWorld(kind, new SeededRandom(seed), { court, startRegion: region });
      const r = runInWorld({ scene: world.scene, start: world.start, goal: world.goal, duration: WORLD_DURATION, seed });
      wall += r.wallTime;
      t.worlds++;
      const why = falseTargetKinds(r);
      if (why.length === 0) continue;
      t.falseTargets++;
      if (r.ready > 0 || r.feeds > 0) t.readyOrFeed++;
      t.example ??= `seed ${seed}, ${world.description}: ${why.join(", ")}`;
    }
    tally.set(kind, t);
  });
  const all = [...tally.values()];
  const worlds = all.reduce((s, t) => s + t.worlds, 0);
  const falseTargets = all.reduce((s, t) => s + t.falseTargets, 0);
  const byKind = [...tally].map(([kind, t]) => `${kind} ${t.falseTargets} of ${t.worlds}${t.readyOrFeed > 0 ? ` (${t.readyOrFeed} with ready or feed)` : ""}`).join(", ");
  const examples = [...tally].flatMap(([kind, t]) => (t.example === undefined ? [] : [`${kind}: ${t.example}`])).join("; ");
  return [
    atMost(
      "integrity.false_targets",
      falseTargets,
      "worlds",
      0,
      `generated worlds where the shipped chain published a valid target/estimate (covariance[0] != -1) or launcher/ready or launcher/feed true, over ${worlds} worlds of ${WORLD_DURATION} s (still 3 s, then a slow drive; fire pressed every 0.5 s): ${byKind}; first of each kind: ${examples || "none"}; moved_hoop robots start in the ${describeRegion(region)}; grading seeds ${WORLD_SEED_BASE}+ (developed on ${DEVELOPMENT_SEEDS}); ${wall.toFixed(0)} s wall`,
    ),
  ];
}

/** " (seeds a, b, c ...)" for a note: the first few, to rerun by hand. */
function seedList(seeds: readonly number[]): string {
  return seeds.length === 0 ? "" : ` (seeds ${seeds.slice(0, 4).join(", ")}${seeds.length > 4 ? " ..." : ""})`;
}

function courtStarts(options: BenchOptions, region: PoseRegion, regionSource: string): Figure[] {
  const spec = courtMapFromParameters(targetEstimationParametersFromFiles(DEFAULT_PARAMS_FILES)).spec;
  const court = new SimCourt(spec);
  const { starts } = counts(options.quick);
  options.progress(`integrity: ${starts} starts on the shipped court`);
  const times: number[] = [];
  let succeeded = 0;
  /** Seeds of the failed starts, by why. */
  const failed = { never: [] as number[], late: [] as number[], wrong: [] as number[] };
  let worstWrong = 0;
  let wall = 0;
  for (let k = 0; k < starts; k++) {
    const seed = START_SEED_BASE + k;
    // A team puts the robot down facing the target hoop, give or take: position anywhere free in
    // the region, heading towards the hoop within START_AIM (and inside the region's headings).
    const random = new SeededRandom(seed);
    const placed = drawFreePose(random, region, court);
    const aim = Math.atan2(spec.hoopY - placed.y, spec.hoopX - placed.x) + (2 * random.uniform() - 1) * START_AIM;
    const start = { ...placed, yaw: Math.max(region.yaw - region.yawHalfWidth, Math.min(region.yaw + region.yawHalfWidth, aim)) };
    const r = runInWorld({ start, duration: START_DEADLINE + START_WATCH, seed, stopAfterFirstValid: START_WATCH });
    wall += r.wallTime;
    const valid = r.samples.filter((p) => p.valid);
    const offBy = Math.max(0, ...valid.map((p) => Math.max(p.positionError / START_POSITION_TOLERANCE, p.yawError / START_YAW_TOLERANCE)));
    if (r.firstValid === undefined) failed.never.push(seed);
    else if (r.firstValid > START_DEADLINE) failed.late.push(seed);
    else if (offBy > 1) failed.wrong.push(seed);
    else succeeded++;
    if (offBy > 1) worstWrong = Math.max(worstWrong, ...valid.map((p) => p.positionError));
    if (r.firstValid !== undefined) times.push(r.firstValid);
  }
  const rate = (100 * succeeded) / starts;
  return [
    atLeast(
      "integrity.start_success",
      rate,
      "%",
      99,
      `${succeeded} of ${starts} starts on the shipped court from random still poses in the ${describeRegion(region)} (${regionSource}), facing the target hoop within ${START_AIM} rad, gave a valid target/estimate within ${START_DEADLINE} s with estimation/robot_pose within ${START_POSITION_TOLERANCE * 100} cm and ${START_YAW_TOLERANCE} rad of the truth, held for ${START_WATCH} s; ${failed.never.length} never started${seedList(failed.never)}, ${failed.late.length} late${seedList(failed.late)}, ${failed.wrong.length} wrong (valid but off${failed.wrong.length > 0 ? `, worst ${(worstWrong * 100).toFixed(1)} cm` : ""})${seedList(failed.wrong)}; grading seeds ${START_SEED_BASE}+ (developed on ${DEVELOPMENT_SEEDS}); ${wall.toFixed(0)} s wall`,
    ),
    reportOnly(
      "integrity.start_time_median",
      times.length > 0 ? median(times) : Number.NaN,
      "s",
      `median time from the first sensor reading to the first valid target/estimate over the ${times.length} starts that started (slowest ${times.length > 0 ? Math.max(...times).toFixed(2) : "-"} s)`,
    ),
  ];
}

export const integrityBenchmarks: Benchmark[] = [
  {
    name: "integrity: generated worlds and court starts (shipped chain)",
    run: (options: BenchOptions): Promise<Figure[]> => {
      const { region, source } = shippedStartRegion(targetEstimationParametersFromFiles(DEFAULT_PARAMS_FILES));
      return Promise.resolve([...generatedWorlds(options, region), ...courtStarts(options, region, source)]);
    },
  },
];
