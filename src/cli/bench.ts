import type { CommandModule } from "yargs";
import type { Benchmark, Figure } from "../bench/figure";
import { allBenchmarks } from "../bench/index";

interface BenchArgs {
  json: boolean;
  quick: boolean;
  only: string | undefined;
}

/** `robocon-shooter bench`: runs every registered benchmark and prints one line per figure. */
export const benchCommand: CommandModule<object, BenchArgs> = {
  command: "bench",
  describe: "Run the speed and accuracy benchmarks and print each figure beside its goal",
  builder: (yargs) =>
    yargs
      .option("json", { type: "boolean", default: false, describe: "Print one JSON array of {name, value, unit, goal, meets}" })
      .option("quick", { type: "boolean", default: false, describe: "Fewer repetitions: a smoke run, not the measurement of record" })
      .option("only", { type: "string", describe: "Run only benchmarks whose group name contains this text" }),
  handler: async (args) => {
    const figures = await runBenchmarks(allBenchmarks(), args);
    if (args.json) process.stdout.write(`${JSON.stringify(figures.map(({ name, value, unit, goal, meets }) => ({ name, value, unit, goal, meets })), null, 2)}\n`);
    const failed = figures.filter((f) => !f.meets).length;
    process.stderr.write(`${figures.length - failed} of ${figures.length} figures meet their goal\n`);
  },
};

export async function runBenchmarks(benchmarks: readonly Benchmark[], args: { json: boolean; quick: boolean; only?: string | undefined }): Promise<Figure[]> {
  const figures: Figure[] = [];
  const progress = (message: string): void => {
    process.stderr.write(`  ${message}\n`);
  };
  for (const benchmark of benchmarks) {
    if (args.only !== undefined && !benchmark.name.includes(args.only)) continue;
    process.stderr.write(`${benchmark.name}...\n`);
    const group = await benchmark.run({ quick: args.quick, progress });
    if (!args.json) {
      process.stdout.write(`\n## ${benchmark.name}\n`);
      for (const figure of group) process.stdout.write(`${formatFigure(figure)}\n`);
    }
    figures.push(...group);
  }
  return figures;
}

export function formatFigure(figure: Figure): string {
  const value = Math.abs(figure.value) >= 1000 || Math.abs(figure.value) < 0.01 ? figure.value.toPrecision(4) : figure.value.toFixed(3);
  const note = figure.note === undefined ? "" : `  (${figure.note})`;
  return `${figure.name.padEnd(52)} ${value.padStart(12)} ${figure.unit.padEnd(6)} goal ${figure.goal.padEnd(14)} meets: ${figure.meets ? "yes" : "NO"}${note}`;
}
