import * as fs from "node:fs";
import type { CommandModule } from "yargs";
import { selectParamsFiles } from "../package/defaultParams";
import { formatLauncherModel, launcherModelJson, loadLauncherParameterSet, type LauncherModelJson } from "../launcher/launcherModel";
import { COMPARED_VALUES } from "../replay/compareOutputs";
import { FedProgress } from "../replay/fedProgress";
import { runReplay, type ReplayReport } from "../replay/runReplay";
import { paramsFileOption } from "./paramsOption";
import { processIo, type CliIo } from "./table";

export interface ReplayArgs {
  bag: string;
  out: string | undefined;
  remap: string[] | undefined;
  /** --params-file (alias --params): undefined or empty for the shipped files, ["none"] for the schema defaults. */
  "params-file": string[] | undefined;
  compare: boolean;
  "compare-tolerance": number;
  json: boolean;
}

/** Default of --compare-tolerance [s]. */
export const DEFAULT_COMPARE_TOLERANCE_S = 0.005;

const EPILOG = [
  "Which bag topics are fed: the nodes are configured first; a topic some node publishes is an output, one some node subscribes (and none publishes) an input.",
  "A bag topic (after --remap) that is an input of the same type is fed at its recorded time, whatever the type (scan, ranges, odom, joint_states, launcher/e_stop, ...).",
  'A recorded output is never fed: the nodes recompute it; it is listed as "recorded output, not fed". Others are "not subscribed by any node", "type mismatch, not fed" or "not decodable, not fed".',
  "",
  "--compare pairs each recorded output message with the recomputed one on its topic nearest in header.stamp (for types without a header: the bag's log time against the replay's publish time), if within --compare-tolerance (a recomputed message may pair with several recorded ones). It reports per topic the counts, the pairs, the pairs of different kinds (a NaN range beside a number, a stale estimate beside a valid one), and the mean and max absolute difference over the other pairs of:",
  ...Object.entries(COMPARED_VALUES).map(([type, value]) => `  ${type}: ${value.what}`),
  "  other types (markers, diagnostics): message counts only.",
  "",
  "A truncated bag (a power cut: no footer, the last chunk partial) or a damaged one (a chunk failing its CRC, garbage over a record) is replayed as far as it reads: every whole chunk; the report says what was lost, where, and which recording time it held.",
].join("\n");

/** `robocon-shooter replay BAG.mcap`: the three nodes on a recorded bag, offline. */
export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: "replay <bag>",
  describe:
    "Run the three nodes on a recorded ROS 2 bag (MCAP) at its recorded times, feeding only the topics no node publishes, and report what every output carried; " +
    "the nodes read the package's params/shooter.yaml and params/court_abu2025.yaml unless --params-file names others, and the report prints launcher_control's model and its source",
  builder: (yargs) =>
    yargs
      .positional("bag", { type: "string", demandOption: true, describe: "A ROS 2 bag in MCAP (ros2 bag record -s mcap), whole, truncated or damaged" })
      .option("out", { type: "string", describe: "Write inputs and every output topic to this MCAP bag" })
      .option("remap", { type: "string", array: true, describe: "Bag topic to node topic, FROM:=TO (e.g. /sick_lms_1xx/scan:=/scan)" })
      .option("params-file", paramsFileOption())
      .option("compare", { type: "boolean", default: false, describe: "Compare each recorded output with the recomputed one (see below)" })
      .option("compare-tolerance", { type: "number", default: DEFAULT_COMPARE_TOLERANCE_S, describe: "[s] largest stamp difference of a recorded and a recomputed message paired by --compare" })
      .option("json", { type: "boolean", default: false, describe: "Print one JSON object (NaN as null)" })
      .epilog(EPILOG),
  handler: async (args) => {
    await runReplayCommand(args, processIo);
  },
};

/** The command's work, with its output through `io` (tests pass their own). */
export async function runReplayCommand(args: ReplayArgs, io: CliIo): Promise<ReplayReport & { launcher_model: LauncherModelJson }> {
  if (!fs.existsSync(args.bag)) throw new Error(`no such bag: ${args.bag}`);
  if (!(args["compare-tolerance"] >= 0)) throw new Error(`--compare-tolerance takes seconds >= 0, got ${args["compare-tolerance"]}`);
  const remap: Record<string, string> = {};
  for (const rule of args.remap ?? []) {
    const [from, to, ...rest] = rule.split(":=");
    if (from === undefined || to === undefined || from === "" || to === "" || rest.length > 0) throw new Error(`--remap takes FROM:=TO, got "${rule}"`);
    remap[from] = to;
  }
  const selection = selectParamsFiles(args["params-file"]);
  // What launcher_control reads from the same files (runReplay configures it from them alone).
  const launcherModel = launcherModelJson(loadLauncherParameterSet(selection));
  const progress = new FedProgress((text) => io.err(text), io.errIsTerminal === true, () => performance.now() / 1000);
  const replayed = await runReplay({
    bag: args.bag,
    paramsFiles: selection.files,
    remap,
    ...(args.out === undefined ? {} : { out: args.out }),
    ...(args.compare ? { compareToleranceS: args["compare-tolerance"] } : {}),
    progress: (n) => {
      if (!args.json) progress.update(n);
    },
  });
  progress.finish();
  const report = { ...replayed, launcher_model: launcherModel };
  io.out(args.json ? `${JSON.stringify(report)}\n` : formatReplay(report));
  return report;
}

export function formatReplay(report: ReplayReport & { launcher_model?: LauncherModelJson }): string {
  const integrity = report.bag_integrity;
  const lines = [
    `${report.bag}: ${report.input_messages} messages fed over ${report.duration_s.toFixed(1)} s, replayed in ${report.wall_time_s.toFixed(2)} s`,
    ...(report.launcher_model === undefined ? [] : [formatLauncherModel(report.launcher_model)]),
    integrity.complete
      ? `bag complete: ${integrity.chunks_read} chunks, ${integrity.messages} messages`
      : `BAG ${integrity.footer ? "DAMAGED" : "TRUNCATED OR NOT CLOSED"}: ${integrity.chunks_read} chunks read, ${integrity.chunks_lost} lost; ${integrity.messages} messages read; ${integrity.bytes_lost} of ${integrity.file_bytes} bytes unreadable`,
    ...integrity.problems.map((p) => `  at byte ${p.at_byte}: ${p.what}`),
    "",
    `${"bag topic".padEnd(36)}${"type".padEnd(40)}${"messages".padStart(9)}  replay`,
    ...report.bag_topics.map((t) => {
      const name = t.graph_topic === t.topic ? t.topic : `${t.topic} -> ${t.graph_topic}`;
      const role = t.node_type === undefined ? t.role : `${t.role} (the nodes use ${t.node_type})`;
      return `${name.padEnd(36)}${t.type.padEnd(40)}${String(t.messages).padStart(9)}  ${role}`;
    }),
    "",
    `shooter: ${report.shooter.target_estimates} target estimates, ${report.shooter.valid_target_estimates} valid (not stale); launcher ready ${report.shooter.ready} times; ${report.shooter.feed} balls fed`,
    "",
    `${"topic (during the replay)".padEnd(36)}messages`,
    ...Object.entries(report.topics).map(([topic, n]) => `${topic.padEnd(36)}${String(n).padStart(8)}`),
    "",
    "Range outputs                      valid    mean [m]   std [mm]   NaN  -Inf  +Inf  invalid numbers",
    ...report.ranges.map(
      (r) =>
        `${r.topic.padEnd(32)}${String(r.valid).padStart(8)}${r.mean_m.toFixed(4).padStart(12)}${(1000 * r.std_m).toFixed(2).padStart(11)}${String(r.nan).padStart(6)}${String(r.too_close).padStart(6)}${String(r.no_return).padStart(6)}${String(r.invalid_numbers).padStart(17)}`,
    ),
    ...formatComparisons(report),
  ];
  return `${lines.join("\n")}\n`;
}

function formatComparisons(report: ReplayReport): string[] {
  const comparisons = report.comparisons;
  if (comparisons === undefined) return [];
  const header = `recorded vs recomputed (pairs: nearest stamp within ${report.compare_tolerance_s ?? Number.NaN} s)`;
  if (comparisons.length === 0) return ["", header, "  no recorded output in the bag"];
  const number = (value: number): string => (Number.isNaN(value) ? "-" : value.toPrecision(4));
  return [
    "",
    header,
    `${"topic".padEnd(32)}${"recorded".padStart(9)}${"recomputed".padStart(11)}${"paired".padStart(8)}${"kinds differ".padStart(13)}${"mean |diff|".padStart(13)}${"max |diff|".padStart(12)}  compared`,
    ...comparisons.map(
      (c) =>
        `${c.topic.padEnd(32)}${String(c.recorded).padStart(9)}${String(c.recomputed).padStart(11)}${String(c.paired).padStart(8)}${String(c.kinds_differ).padStart(13)}${number(c.mean_abs_diff).padStart(13)}${number(c.max_abs_diff).padStart(12)}  ${c.compared}`,
    ),
  ];
}
