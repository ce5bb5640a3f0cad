import type { CommandModule } from "yargs";
import type { Benchmark, Figure } from "../bench/figure";
import { formatGateSummary, formatValue, gateFigures, judgeFigure, type Judgement } from "../bench/gate";
import { allBenchmarks } from "../bench/index";
import { OPEN_GOALS, type OpenGoals } from "../bench/openGoals";
import { processIo, type CliIo } from "./table";

interface BenchArgs {
  json: boolean;
  quick: boolean;
  report: boolean;
  only: string | undefined;
}

/** What the bench command runs and where it writes: the real benchmarks by default, a fake set in tests. */
export interface BenchDependencies {
  readonly benchmarks: () => readonly Benchmark[];
  readonly openGoals: OpenGoals;
  readonly io: CliIo;
  readonly setExitCode: (code: number) => void;
}

const processDependencies: BenchDependencies = {
  benchmarks: allBenchmarks,
  openGoals: OPEN_GOALS,
  io: processIo,
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** Exit code of a run whose gated goals were missed (1: a failure, as a test runner's). */
export const BENCH_FAILED_EXIT_CODE = 1;

/** `robocon-shooter bench` on the given benchmarks, open list and output. */
export function makeBenchCommand(dependencies: BenchDependencies): CommandModule<object, BenchArgs> {
  return {
    command: "bench",
    describe:
      "Run the speed and accuracy benchmarks, print each figure beside its goal, and exit 1 when a goal is missed that is not on the open list (src/bench/openGoals.ts)",
    builder: (yargs) =>
      yargs
        .option("json", { type: "boolean", default: false, describe: "Print one JSON array of {name, value, unit, goal, meets, kind, verdict, open_issue}" })
        .option("quick", {
          type: "boolean",
          default: false,
          describe: "Fewer repetitions (CI): accuracy goals are gated, timings reported but not gated (a busy machine moves them)",
        })
        .option("report", { type: "boolean", default: false, describe: "Only print the figures and verdicts: exit 0 whatever the goals" })
        .option("only", { type: "string", describe: "Run only benchmarks whose group name contains this text" }),
    handler: async (args) => {
      dependencies.setExitCode(await runBenchCommand(args, dependencies));
    },
  };
}

export const benchCommand = makeBenchCommand(processDependencies);

/** Runs the benchmarks, prints figures and the gate's summary; returns the exit code. */
export async function runBenchCommand(args: BenchArgs, dependencies: Omit<BenchDependencies, "setExitCode">): Promise<number> {
  const { io } = dependencies;
  const benchmarks = dependencies.benchmarks().filter((b) => args.only === undefined || b.name.includes(args.only));
  if (benchmarks.length === 0) {
    io.err(`bench: no benchmark group name contains "${args.only ?? ""}"\n`);
    return args.report ? 0 : BENCH_FAILED_EXIT_CODE;
  }
  const gateOptions = { quick: args.quick, openGoals: dependencies.openGoals, ranEvery: args.only === undefined };
  const figures = await runBenchmarks(benchmarks, args, io, (figure) => formatFigure(judgeFigure(figure, gateOptions)));
  const result = gateFigures(figures, gateOptions);
  if (args.json) {
    io.out(
      `${JSON.stringify(
        result.judgements.map(({ figure, verdict, open }) => ({
          name: figure.name,
          value: figure.value,
          unit: figure.unit,
          goal: figure.goal,
          meets: figure.meets,
          kind: figure.kind,
          verdict,
          open_issue: open?.issue ?? null,
        })),
        null,
        2,
      )}\n`,
    );
  }
  io.err(formatGateSummary(result, { quick: args.quick, reportOnly: args.report }));
  return result.passed || args.report ? 0 : BENCH_FAILED_EXIT_CODE;
}

/** Runs each benchmark in turn; without --json prints each group's figures as it ends (through `format`). */
export async function runBenchmarks(
  benchmarks: readonly Benchmark[],
  args: { json: boolean; quick: boolean },
  io: CliIo,
  format: (figure: Figure) => string,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const progress = (message: string): void => {
    io.err(`  ${message}\n`);
  };
  for (const benchmark of benchmarks) {
    io.err(`${benchmark.name}...\n`);
    const group = await benchmark.run({ quick: args.quick, progress });
    if (!args.json) {
      io.out(`\n## ${benchmark.name}\n`);
      for (const figure of group) io.out(`${format(figure)}\n`);
    }
    figures.push(...group);
  }
  return figures;
}

/** One figure's line: name, value, unit, goal and the gate's verdict, then its note. */
export function formatFigure(judgement: Judgement): string {
  const { figure } = judgement;
  const note = figure.note === undefined ? "" : `  (${figure.note})`;
  return `${figure.name.padEnd(52)} ${formatValue(figure.value).padStart(12)} ${figure.unit.padEnd(6)} goal ${figure.goal.padEnd(14)} ${judgement.label}${note}`;
}
