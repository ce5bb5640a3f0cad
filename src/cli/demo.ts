import type { CommandModule } from "yargs";
import { selectParamsFiles } from "../package/defaultParams";
import { runDemo } from "../demo/runDemo";
import { formatLauncherModel, launcherModelJson, loadLauncherParameterSet } from "../launcher/launcherModel";
import { paramsFileOption } from "./paramsOption";

interface DemoArgs {
  seconds: number;
  "params-file": string[] | undefined;
  params: string[] | undefined;
}

/** `robocon-shooter demo`: the three nodes on the in-process graph with a short canned input. */
export const demoCommand: CommandModule<object, DemoArgs> = {
  command: "demo",
  describe:
    "Run the three nodes on the in-process graph with a short canned input and print what flows " +
    "(the nodes read the package's params/shooter.yaml and params/court_abu2025.yaml unless --params-file names others; launcher_control's model is printed with its source)",
  builder: (yargs) =>
    yargs
      .option("seconds", { type: "number", default: 2, describe: "Simulated time to run [s]" })
      .option("params-file", paramsFileOption()),
  handler: (args) => {
    if (!(args.seconds > 0 && args.seconds <= 600)) throw new Error(`--seconds must be in (0, 600], got ${args.seconds}`);
    process.stdout.write(demoReport(args.seconds, args["params-file"]));
  },
};

/** The demo's report: the model launcher_control runs with, then what flowed. */
export function demoReport(seconds: number, paramsFiles: readonly string[] | undefined): string {
  const selection = selectParamsFiles(paramsFiles);
  const model = formatLauncherModel(launcherModelJson(loadLauncherParameterSet(selection)));
  return `${model}\n\n${runDemo(seconds, selection.files)}`;
}
