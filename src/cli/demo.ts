import type { CommandModule } from "yargs";
import { runDemo } from "../demo/runDemo";

/** `robocon-shooter demo`: the three nodes on the in-process graph with a short canned input. */
export const demoCommand: CommandModule<object, { seconds: number }> = {
  command: "demo",
  describe: "Run the three nodes on the in-process graph with a short canned input and print what flows",
  builder: (yargs) => yargs.option("seconds", { type: "number", default: 2, describe: "Simulated time to run [s]" }),
  handler: (args) => {
    if (!(args.seconds > 0 && args.seconds <= 600)) throw new Error(`--seconds must be in (0, 600], got ${args.seconds}`);
    process.stdout.write(runDemo(args.seconds));
  },
};
