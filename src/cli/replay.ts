import * as fs from "node:fs";
import type { CommandModule } from "yargs";
import { DEFAULT_PARAMS_FILES } from "../defaultParams";
import { runReplay, type ReplayReport } from "../replay/runReplay";

interface ReplayArgs {
  bag: string;
  out: string | undefined;
  remap: string[] | undefined;
  "params-file": string[] | undefined;
  json: boolean;
}

/** `robocon-shooter replay BAG.mcap`: the three nodes on a recorded bag, offline. */
export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: "replay <bag>",
  describe: "Run the three nodes on a recorded ROS 2 bag (MCAP) at its recorded times and report what every output carried",
  builder: (yargs) =>
    yargs
      .positional("bag", { type: "string", demandOption: true, describe: "A ROS 2 bag in MCAP (ros2 bag record -s mcap)" })
      .option("out", { type: "string", describe: "Write inputs and every output topic to this MCAP bag" })
      .option("remap", { type: "string", array: true, describe: "Bag topic to node topic, FROM:=TO (e.g. /sick_lms_1xx/scan:=/scan)" })
      .option("params-file", { type: "string", array: true, describe: "Params files (default params/shooter.yaml and params/court_abu2025.yaml)" })
      .option("json", { type: "boolean", default: false, describe: "Print one JSON object" }),
  handler: async (args) => {
    if (!fs.existsSync(args.bag)) throw new Error(`no such bag: ${args.bag}`);
    const remap: Record<string, string> = {};
    for (const rule of args.remap ?? []) {
      const [from, to, ...rest] = rule.split(":=");
      if (from === undefined || to === undefined || from === "" || to === "" || rest.length > 0) throw new Error(`--remap takes FROM:=TO, got "${rule}"`);
      remap[from] = to;
    }
    const report = await runReplay({
      bag: args.bag,
      paramsFiles: args["params-file"] ?? DEFAULT_PARAMS_FILES,
      remap,
      ...(args.out === undefined ? {} : { out: args.out }),
      progress: (n) => {
        if (!args.json) process.stderr.write(`\r  ${n} messages replayed`);
      },
    });
    if (!args.json) process.stderr.write("\n");
    process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : formatReplay(report));
  },
};

export function formatReplay(report: ReplayReport): string {
  const lines = [
    `${report.bag}: ${report.input_messages} sensor messages over ${report.duration_s.toFixed(1)} s, replayed in ${report.wall_time_s.toFixed(2)} s`,
    "",
    "topic                               messages",
    ...Object.entries(report.topics).map(([topic, n]) => `${topic.padEnd(36)}${String(n).padStart(8)}`),
    "",
    "Range outputs                      valid    mean [m]   std [mm]   NaN  -Inf  +Inf  invalid numbers",
    ...report.ranges.map(
      (r) =>
        `${r.topic.padEnd(32)}${String(r.valid).padStart(8)}${r.mean_m.toFixed(4).padStart(12)}${(1000 * r.std_m).toFixed(2).padStart(11)}${String(r.nan).padStart(6)}${String(r.too_close).padStart(6)}${String(r.no_return).padStart(6)}${String(r.invalid_numbers).padStart(17)}`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}
