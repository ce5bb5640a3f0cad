import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import { QoS } from "../runtime/qos";
import { realScansDir, sharedDataMissingReason } from "../runtime/sharedData";
import { atLeast, atMost, median, medianSecondsPerCall, reportOnly, timing, type Benchmark } from "./figure";

/**
 * The recordings issue 16 times replay on (../shared/data/real_scans): 126 s of Hokuyo scans, and the
 * two recordings no parameter was tuned on, 300 s of the Intel lab (scans at 5 Hz and odometry)
 * and 1.8 s of a static SICK LMS1xx at 50 Hz.
 */
const REPLAY_BAGS: readonly { readonly name: string; readonly processGoal: number; readonly short?: true }[] = [
  { name: "hokuyo_urg_stationary.mcap", processGoal: 100 },
  // Issue 16 asks 200x of the unseen recordings without telling the command from the process: both.
  { name: "intel_lab_5min.mcap", processGoal: 200 },
  // 200x of 1.8 s is 9 ms: less than Node's start (about 40 ms) and the three nodes' configure
  // (30-100 ms), which no replay can beat: reported, not held to the goal.
  { name: "sick_lms1xx_static.mcap", processGoal: 200, short: true },
];
/** Issue 16's goal for replay inside the command (its own wall_time_s); each bag's goal as a whole process is beside it above. */
const REPLAY_INSIDE_GOAL_X = 200;

/** One `robocon-shooter replay BAG --json` in a fresh process: the bag's duration, the command's own time and the process's. */
function replayOnce(bag: string): { duration_s: number; inside_s: number; feed_s: number; setup_s: number; process_s: number } {
  const cli = path.resolve(__dirname, "..", "..", "bin", "robocon-shooter.js");
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, "replay", bag, "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const processSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`replay of ${bag} failed (exit ${run.status ?? run.signal ?? "?"}): ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { duration_s: number; wall_time_s: number; setup_s: number; feed_s: number };
  return { duration_s: report.duration_s, inside_s: report.wall_time_s, feed_s: report.feed_s, setup_s: report.setup_s, process_s: processSeconds };
}

/** What one message costs on the in-process graph: publish, queue, deliver to one subscriber. */
export const runtimeBenchmarks: Benchmark[] = [
  {
    name: "in-process graph",
    run: ({ quick }) => {
      const graph = new InProcessGraph();
      const binding = graph.binding("bench");
      const publisher = binding.advertise("std_msgs/msg/Float64", "bench/value", QoS.reliable);
      let sum = 0;
      binding.subscribe("std_msgs/msg/Float64", "bench/value", QoS.reliable, (message) => {
        sum += message.data;
      });
      const message = { data: 1 };
      const seconds = medianSecondsPerCall(() => publisher.publish(message), { reps: quick ? 5 : 31, callsPerRep: quick ? 1000 : 10000 });
      if (sum === 0) throw new Error("no message was delivered");
      return Promise.resolve([timing(atMost("graph.delivery_per_message", seconds * 1e6, "us", 5, "publish -> one subscriber callback, median"))]);
    },
  },
  {
    name: "runtime replay speed",
    run: ({ quick, progress }) => {
      const dir = realScansDir();
      if (dir === undefined) {
        progress(`replay speed skipped: ${sharedDataMissingReason}`);
        return Promise.resolve([]);
      }
      const repetitions = quick ? 1 : 5;
      const figures = REPLAY_BAGS.flatMap(({ name, processGoal, short }) => {
        const bag = path.join(dir, name);
        if (!fs.existsSync(bag)) {
          progress(`replay speed of ${name} skipped: it is not in ${dir}`);
          return [];
        }
        const runs = Array.from({ length: repetitions }, (_, i) => {
          progress(`replay speed: run ${i + 1} of ${repetitions}, robocon-shooter replay ${name}`);
          return replayOnce(bag);
        });
        const duration = runs[0]?.duration_s ?? Number.NaN;
        const inside = median(runs.map((r) => r.inside_s));
        const whole = median(runs.map((r) => r.process_s));
        const feed = median(runs.map((r) => r.feed_s));
        const setup = median(runs.map((r) => r.setup_s));
        const note = (seconds: number): string => `${duration.toFixed(1)} s of scans in ${seconds.toFixed(3)} s, median of ${runs.length} fresh processes`;
        const figure = `replay.${name.replace(/\.mcap$/, "")}`;
        const feedFigure = timing(
          reportOnly(`${figure}.realtime_factor_feed`, duration / feed, "x", `${note(feed)} (the command's feed_s: the bag fed through the configured chain, its ${setup.toFixed(3)} s of set-up left out)`),
        );
        if (short === true) {
          // Measured: its 89 scans cost 1.5 ms each against 0.34 ms on the long bags, as V8 still interprets the code then.
          const why = `a ${duration.toFixed(1)} s bag: 200x would be ${((duration / 200) * 1e3).toFixed(0)} ms, less than Node's start and the chain's ${(setup * 1e3).toFixed(0)} ms set-up, and its scans all run before V8 has compiled the code (see realtime_factor_feed)`;
          return [
            feedFigure,
            timing(reportOnly(`${figure}.realtime_factor_inside`, duration / inside, "x", `${note(inside)} (the command's wall_time_s); ${why}`)),
            timing(reportOnly(`${figure}.realtime_factor_process`, duration / whole, "x", `${note(whole)} (node start to exit); ${why}`)),
          ];
        }
        return [
          feedFigure,
          timing(atLeast(`${figure}.realtime_factor_inside`, duration / inside, "x", REPLAY_INSIDE_GOAL_X, `${note(inside)} (the command's wall_time_s)`)),
          timing(atLeast(`${figure}.realtime_factor_process`, duration / whole, "x", processGoal, `${note(whole)} (node start to exit)`)),
        ];
      });
      return Promise.resolve(figures);
    },
  },
];
