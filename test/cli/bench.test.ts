import yargs from "yargs";
import { atLeast, atMost, reportOnly, timing, type Benchmark, type BenchOptions, type Figure } from "../../src/bench/figure";
import type { OpenGoals } from "../../src/bench/openGoals";
import { makeBenchCommand } from "../../src/cli/bench";
import { capture } from "./captureIo";

const openGoals: OpenGoals = { "sim.open_rate": { issue: 14, reason: "the chain is short of its oracle" } };

/** A benchmark group that returns the given figures and remembers the options it ran with. */
function fake(name: string, figures: Figure[]): Benchmark & { ranWith: BenchOptions[] } {
  const ranWith: BenchOptions[] = [];
  return {
    name,
    ranWith,
    run(options) {
      ranWith.push(options);
      return Promise.resolve(figures);
    },
  };
}

const accuracyMet = atMost("ranging.error", 1, "mm", 3);
const accuracyMissed = atMost("ranging.error", 4, "mm", 3);
const openMissed = atLeast("sim.open_rate", 70, "%", 90);
const timingMissed = timing(atMost("launcher.cycle", 150, "us", 100));
const cost = reportOnly("launcher.cost", 2, "points");

/** Runs `robocon-shooter bench <args>` through yargs on the fake groups; the exit code the command set, and what it printed. */
async function runBench(groups: Benchmark[], args: string[]): Promise<{ exitCode: number | undefined; stdout: string; stderr: string }> {
  const io = capture();
  let exitCode: number | undefined;
  const command = makeBenchCommand({
    benchmarks: () => groups,
    openGoals,
    io,
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  await yargs(["bench", ...args])
    .command(command)
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      // yargs types `error` as always set; it is undefined for a usage error.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      throw error ?? new Error(message);
    })
    .parseAsync();
  return { exitCode, stdout: io.stdout, stderr: io.stderr };
}

describe("robocon-shooter bench: the exit code", () => {
  it.each<[string, Figure[], string[], number]>([
    ["every goal met", [accuracyMet, cost], [], 0],
    ["a goal missed", [accuracyMissed, cost], [], 1],
    ["a goal missed, --report", [accuracyMissed], ["--report"], 0],
    ["a goal missed, --quick (accuracy is gated there too)", [accuracyMissed], ["--quick"], 1],
    ["a goal missed that is on the open list", [accuracyMet, openMissed], [], 0],
    ["a timing missed, --quick", [accuracyMet, timingMissed], ["--quick"], 0],
    ["a timing missed, full run", [accuracyMet, timingMissed], [], 1],
  ])("%s: exit %p", async (_, figures, args, code) => {
    const group = fake("group", figures);
    const { exitCode } = await runBench([group], args);
    expect(exitCode).toBe(code);
    expect(group.ranWith.map((o) => o.quick)).toEqual([args.includes("--quick")]);
  });

  it("runs only the groups --only names, and fails when it names none", async () => {
    const a = fake("laser_ranging accuracy", [accuracyMet]);
    const b = fake("simulator", [accuracyMissed]);
    expect((await runBench([a, b], ["--only", "laser_ranging"])).exitCode).toBe(0);
    expect(b.ranWith).toHaveLength(0);
    const none = await runBench([a, b], ["--only", "nothing"]);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toMatch(/no benchmark group name contains "nothing"/);
  });
});

describe("robocon-shooter bench: what it prints", () => {
  it("each figure with the gate's verdict, then a summary naming the open and failing goals", async () => {
    const { stdout, stderr } = await runBench([fake("group", [accuracyMissed, openMissed, timingMissed, cost])], ["--quick"]);
    expect(stdout).toMatch(/^## group$/m);
    expect(stdout).toMatch(/^ranging\.error +4\.000 mm +goal <= 3 mm +NOT met$/m);
    expect(stdout).toMatch(/^sim\.open_rate +70\.000 % +goal >= 90 % +NOT met \(open: issue 14\)$/m);
    expect(stdout).toMatch(/^launcher\.cycle +150\.000 us +goal <= 100 us +NOT met \(a timing: not gated in --quick\)$/m);
    expect(stdout).toMatch(/^launcher\.cost +2\.000 points goal report only +report only$/m);
    expect(stderr).toMatch(/^ {2}open \(issue 14\): sim\.open_rate: the chain is short of its oracle$/m);
    expect(stderr).toMatch(/^ {2}FAILED: ranging\.error: 4\.000 mm, goal <= 3 mm/m);
    expect(stderr).toMatch(/^bench: FAIL/m);
  });

  it("--json prints every figure with its kind, verdict and open issue, and nothing else on stdout", async () => {
    const { stdout, exitCode } = await runBench([fake("group", [accuracyMet, openMissed, timingMissed])], ["--json", "--quick"]);
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      { name: "ranging.error", value: 1, unit: "mm", goal: "<= 3 mm", meets: true, kind: "accuracy", verdict: "met", open_issue: null },
      { name: "sim.open_rate", value: 70, unit: "%", goal: ">= 90 %", meets: false, kind: "accuracy", verdict: "open", open_issue: 14 },
      { name: "launcher.cycle", value: 150, unit: "us", goal: "<= 100 us", meets: false, kind: "timing", verdict: "not_gated", open_issue: null },
    ]);
  });
});
