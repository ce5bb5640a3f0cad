import yargs from "yargs";
import { benchCommand } from "./bench";
import { calibrateCommand } from "./calibrate";
import { demoCommand } from "./demo";
import { paramsCommand } from "./params";
import { replayCommand } from "./replay";
import { simCommand } from "./sim";
import { tableCommand } from "./table";

/**
 * `robocon-shooter`: one CLI for the team's tools. Everything after `--ros-args` belongs to ROS
 * (ros2 launch appends it), so it is cut off before yargs' strict parsing sees it.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const rosArgsAt = argv.indexOf("--ros-args");
  const ours = rosArgsAt >= 0 ? argv.slice(0, rosArgsAt) : argv;
  await yargs(ours)
    .scriptName("robocon-shooter")
    .command(demoCommand)
    .command(simCommand)
    .command(replayCommand)
    .command(tableCommand)
    .command(calibrateCommand)
    .command(benchCommand)
    .command(paramsCommand)
    .demandCommand(1, "Name a command; --help lists them")
    .strict()
    .help()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      // yargs types `error` as always set; it is undefined for a usage error, set when a handler threw.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      if (error) throw error;
      process.stderr.write(`robocon-shooter: ${message}\n(run with --help for usage)\n`);
      process.exit(2);
    })
    .parseAsync();
}
