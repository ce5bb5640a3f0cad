import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import yargs, { type CommandModule } from "yargs";
import { McapRos2Writer } from "../../src/bags/McapRos2Writer";
import { calibrateCommand } from "../../src/cli/calibrate";
import { demoCommand, demoReport } from "../../src/cli/demo";
import { replayCommand, runReplayCommand } from "../../src/cli/replay";
import { simCommand } from "../../src/cli/sim";
import { tableCommand } from "../../src/cli/table";
import { cannedRanges, cannedScan } from "../../src/demo/cannedInput";
import { DEFAULT_COURT_PARAMS, DEFAULT_PARAMS_FILES, DEFAULT_SHOOTER_PARAMS, selectParamsFiles, type ParamsSelection } from "../../src/package/defaultParams";
import { header } from "../../src/msgs/builders";
import { QoS } from "../../src/runtime/qos";
import { capture } from "./captureIo";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "params-selection-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The first line of every command's model block, for the shipped files. */
const SHIPPED_MODEL_LINE = `model           launcher_control's, from ${DEFAULT_PARAMS_FILES.join(", ")} (the package's params files, as the launch file passes them)`;

describe("selectParamsFiles: the one resolution of params files", () => {
  it.each<[string, readonly string[] | undefined, string | undefined, ParamsSelection]>([
    ["nothing given: the shipped files, as the launch file passes them", undefined, undefined, { files: [DEFAULT_SHOOTER_PARAMS, DEFAULT_COURT_PARAMS], origin: "shipped" }],
    ["an empty list: the same", [], undefined, { files: [DEFAULT_SHOOTER_PARAMS, DEFAULT_COURT_PARAMS], origin: "shipped" }],
    ["a court file: beside the shipped shooter.yaml", undefined, "court.yaml", { files: [DEFAULT_SHOOTER_PARAMS, "court.yaml"], origin: "shipped" }],
    ["given files: those, in order", ["a.yaml", "b.yaml"], undefined, { files: ["a.yaml", "b.yaml"], origin: "given" }],
    ["given files replace the court file too", ["a.yaml"], "court.yaml", { files: ["a.yaml"], origin: "given" }],
    ["none: no file, the schema defaults", ["none"], undefined, { files: [], origin: "none" }],
  ])("%s", (_name, given, court, expected) => {
    expect(selectParamsFiles(given, court)).toEqual(expected);
  });

  it("the shipped files are the package's params/shooter.yaml and params/court_abu2025.yaml", () => {
    expect(DEFAULT_PARAMS_FILES).toEqual([DEFAULT_SHOOTER_PARAMS, DEFAULT_COURT_PARAMS]);
    expect(DEFAULT_SHOOTER_PARAMS.endsWith(path.join("params", "shooter.yaml"))).toBe(true);
    expect(DEFAULT_COURT_PARAMS.endsWith(path.join("params", "court_abu2025.yaml"))).toBe(true);
  });

  it.each([
    [["none", "a.yaml"], "--params-file none (the schema defaults) takes no other file beside it, got none, a.yaml"],
    [["a.yaml", " "], "--params-file needs a file name (or none), got an empty one"],
  ])("refuses %p", (given, message) => {
    expect(() => selectParamsFiles(given)).toThrow(message);
  });
});

describe("--params-file, with --params as its alias, on every command that runs the models", () => {
  /** The options the command's handler would get for `argv` (its own builder; the handler replaced by a probe). */
  async function parsedBy(command: CommandModule<object, never>, argv: readonly string[]): Promise<Record<string, unknown>> {
    let seen: Record<string, unknown> = {};
    await yargs([...argv])
      .command({
        ...command,
        handler: (args: Record<string, unknown>) => {
          seen = args;
        },
      })
      .strict()
      .exitProcess(false)
      .fail((message, error) => {
        // yargs types `error` as always set; it is undefined for a usage error.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
        throw error ?? new Error(message);
      })
      .parseAsync();
    return seen;
  }
  const commands: [string, CommandModule<object, never>][] = [
    ["table", tableCommand as unknown as CommandModule<object, never>],
    ["calibrate shots.csv", calibrateCommand as unknown as CommandModule<object, never>],
    ["sim", simCommand as unknown as CommandModule<object, never>],
    ["replay bag.mcap", replayCommand as unknown as CommandModule<object, never>],
    ["demo", demoCommand as unknown as CommandModule<object, never>],
  ];

  it.each(commands)("%s: one file per flag, repeated for several, under either spelling; none given: undefined (the shipped files)", async (name, command) => {
    const words = name.split(" ");
    expect((await parsedBy(command, [...words, "--params-file", "a.yaml", "--params", "b.yaml"]))["params-file"]).toEqual(["a.yaml", "b.yaml"]);
    // One file per flag: a word after the file is the positional, not a second file.
    expect((await parsedBy(command, [words[0] ?? "", "--params", "a.yaml", ...words.slice(1)]))["params-file"]).toEqual(["a.yaml"]);
    expect((await parsedBy(command, words))["params-file"]).toBeUndefined();
  });
});

describe("demo and replay read the shipped files by default and print the model", () => {
  it("demo: the model block of the shipped files, then what flowed", () => {
    const report = demoReport(0.3, undefined);
    expect(report.split("\n")[0]).toBe(SHIPPED_MODEL_LINE);
    expect(report).toMatch(/^ {2}launch +fixed hood at 63\.0 deg/m);
    expect(report).toMatch(/^\/ranging\/left +\d+ msgs/m);
    expect(demoReport(0.3, ["none"]).split("\n")[0]).toMatch(/from no params file \(--params-file none\)/);
  });

  it("replay: the model block in the report and launcher_model in --json, from the shipped files", async () => {
    const bag = path.join(dir, "short.mcap");
    const writer = await McapRos2Writer.toFile(bag);
    for (let i = 0; i < 5; i++) {
      const t = 100 + 0.1 * i;
      await writer.write("/scan", "sensor_msgs/msg/LaserScan", { ...cannedScan(), header: header(t, "laser") }, t, [QoS.sensorData]);
      await writer.write("/range/left", "sensor_msgs/msg/Range", cannedRanges(t)[0], t, [QoS.sensorData]);
    }
    await writer.close();
    const args = { bag, out: undefined, remap: undefined, "params-file": undefined, compare: false, "compare-tolerance": 0.005 };
    const human = capture();
    await runReplayCommand({ ...args, json: false }, human);
    expect(human.stdout.split("\n")[1]).toBe(SHIPPED_MODEL_LINE);
    const json = capture();
    await runReplayCommand({ ...args, json: true }, json);
    const parsed = JSON.parse(json.stdout) as { launcher_model: { source: { origin: string; files: string[] }; launch: { mode: string } } };
    expect(parsed.launcher_model.source).toMatchObject({ origin: "shipped", files: [...DEFAULT_PARAMS_FILES] });
  });
});
