/**
 * Our params-file loader (src/runtime/rosParamsYaml.ts) against the real one: rcl_yaml_param_parser
 * of the sourced ROS 2, reached through rclnodejs. Each form of test/runtime/rosParamsYamlForms.ts
 * and each shipped params file is handed to `rclnodejs.init(context, [..., '--params-file', f])`
 * in a child process (rcl's global state stays out of jest's), which reports what rcl built:
 * rclnodejs's native getParameterOverrides(), the one call its Node makes, for every node block
 * and parameter with its type; or the error when rcl refuses the file.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_PARAMS_FILES } from "../../src/package/defaultParams";
import { fromRclParameterValue } from "../../src/runtime/rclnodejs/conversions";
import { loadParamsFiles, readParamsFiles } from "../../src/runtime/paramsFile";
import { loopbackDomainSettings } from "../../src/bench/rosLatency/loopbackDomain";
import type { RosParameter } from "../../src/runtime/rosParamsYaml";
import { paramsFileForms } from "../runtime/rosParamsYamlForms";
import { rosRequired } from "./rosEnvironment";

const repoRoot = path.join(__dirname, "..", "..");

interface ParserJob {
  readonly id: string;
  readonly files: readonly string[];
  /** Also create rclnodejs Nodes of these names and report their getParameterOverrides(). */
  readonly nodeNames: readonly string[];
}

interface NativeParameter {
  readonly name: string;
  readonly type: number;
  readonly value?: unknown;
}

interface ParserResult {
  readonly id: string;
  /** rcl refused the files: rclnodejs.init's error. */
  readonly refused?: string;
  readonly nodes?: readonly { readonly name: string; readonly parameters: readonly NativeParameter[] }[];
  readonly viaNode?: Readonly<Record<string, { readonly parameters?: readonly NativeParameter[]; readonly error?: string }>>;
}

// Runs in the child: plain CommonJS, given the repository (whose node_modules has rclnodejs), a
// jobs file and an output file (stdout carries rcl's log lines). Numbers JSON cannot hold are
// tagged. Without a jobs file it only loads rclnodejs: the probe of realParserAvailability().
const CHILD_SCRIPT = `
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");
const [repoRoot, jobsFile, outputFile] = process.argv.slice(2);
const requireFromRepo = createRequire(path.join(repoRoot, "package.json"));
const rclnodejs = requireFromRepo("rclnodejs");
// The addon rclnodejs itself loaded (same file, so the same module instance).
const native = require(path.join(path.dirname(requireFromRepo.resolve("rclnodejs")), "..", "build", "Release", "rclnodejs.node"));
if (!jobsFile) process.exit(0);
const encode = (_key, value) => {
  if (typeof value === "bigint") return { bigint: value.toString() };
  if (typeof value === "number" && (!Number.isFinite(value) || Object.is(value, -0))) return { number: Object.is(value, -0) ? "-0" : String(value) };
  return value;
};
const plain = (parameter) => ({ name: parameter.name, type: parameter.type, value: parameter.value });
(async () => {
  const results = [];
  for (const job of JSON.parse(fs.readFileSync(jobsFile, "utf8"))) {
    const context = new rclnodejs.Context();
    const args = ["node", "params_parity", "--ros-args"];
    for (const file of job.files) args.push("--params-file", file);
    try {
      await rclnodejs.init(context, args);
    } catch (error) {
      results.push({ id: job.id, refused: String(error && error.message) });
      continue;
    }
    const result = { id: job.id, nodes: native.getParameterOverrides(context.handle) || [], viaNode: {} };
    for (const name of job.nodeNames) {
      try {
        const node = new rclnodejs.Node(name, "", context);
        result.viaNode[name] = { parameters: node.getParameterOverrides().map(plain) };
        node.destroy();
      } catch (error) {
        result.viaNode[name] = { error: String(error && error.message) };
      }
    }
    await rclnodejs.shutdown(context);
    results.push(result);
  }
  fs.writeFileSync(outputFile, JSON.stringify(results, encode));
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error));
  process.exit(1);
});
`;

function decode(_key: string, value: unknown): unknown {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const tagged = value as { number?: unknown; bigint?: unknown };
    if (Object.keys(value).length === 1 && typeof tagged.number === "string") return Number(tagged.number);
    if (Object.keys(value).length === 1 && typeof tagged.bigint === "string") return BigInt(tagged.bigint);
  }
  return value;
}

/** Runs the jobs through the real parser in one child process. */
function runRealParser(jobs: readonly ParserJob[], dir: string): Map<string, ParserResult> {
  const script = path.join(dir, "real-parser.cjs");
  const jobsFile = path.join(dir, "jobs.json");
  const outputFile = path.join(dir, "results.json");
  fs.writeFileSync(script, CHILD_SCRIPT);
  fs.writeFileSync(jobsFile, JSON.stringify(jobs));
  execFileSync(process.execPath, [script, repoRoot, jobsFile, outputFile], { stdio: ["ignore", "ignore", "pipe"], timeout: 100_000 });
  const results = JSON.parse(fs.readFileSync(outputFile, "utf8"), decode) as ParserResult[];
  return new Map(results.map((r) => [r.id, r]));
}

// rcl_interfaces/msg/ParameterType as rclnodejs reports it (no byte arrays come out of YAML).
const TYPE_NAMES = ["not_set", "bool", "integer", "double", "string", "byte_array", "bool_array", "integer_array", "double_array", "string_array"] as const;

/** The real parser's node blocks in our loader's shape (a repeated name: the later one, as rclnodejs's Map keeps it). */
function asRecord(nodes: ParserResult["nodes"]): Record<string, Record<string, RosParameter>> {
  const record: Record<string, Record<string, RosParameter>> = {};
  for (const node of nodes ?? []) {
    const parameters: Record<string, RosParameter> = {};
    for (const p of node.parameters) {
      const type = TYPE_NAMES[p.type] ?? `unknown type ${p.type}`;
      parameters[p.name] = { type, value: type === "not_set" ? undefined : p.value } as RosParameter;
    }
    record[node.name] = parameters;
  }
  return record;
}

/**
 * Whether a plain Node.js process can load rclnodejs (ROS 2 sourced, addon built). Asked of a
 * child because jest cannot load rclnodejs 2.x in-process on Node < 24.9: its CommonJS entry
 * requires ES modules, which jest's module system refuses ("Must use import to load ES Module"),
 * so describeWithRos, which loads it in the jest process, skips even on a machine with ROS 2.
 */
function realParserAvailability(): { readonly available: true } | { readonly available: false; readonly reason: string } {
  if (!process.env.ROS_DISTRO) return { available: false, reason: "ROS_DISTRO is not set: no ROS 2 setup is sourced" };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "params-parity-probe-"));
  try {
    const script = path.join(dir, "probe.cjs");
    fs.writeFileSync(script, CHILD_SCRIPT);
    execFileSync(process.execPath, [script, repoRoot], { stdio: ["ignore", "ignore", "pipe"], timeout: 60_000 });
    return { available: true };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    return { available: false, reason: `rclnodejs does not load in a Node.js process: ${stderr.split("\n").find((line) => line.includes("Error")) ?? (error as Error).message}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** describeWithRos's contract (skip with the reason, or fail under ROBOCON_SHOOTER_REQUIRE_ROS=1) with the child-process probe. */
function describeWithRealParser(name: string, body: () => void): void {
  const availability = realParserAvailability();
  if (availability.available) {
    describe(name, body);
  } else if (rosRequired) {
    describe(name, () => {
      it("needs a real ROS 2 (ROBOCON_SHOOTER_REQUIRE_ROS=1)", () => {
        throw new Error(availability.reason);
      });
    });
  } else {
    process.stderr.write(`SKIPPED ${name}: ${availability.reason}\n`);
    describe.skip(name, () => {
      it("needs a real ROS 2", () => undefined);
    });
  }
}

describeWithRealParser("params files: our loader against the real rcl_yaml_param_parser", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "params-parity-"));
  const paramsDir = path.join(repoRoot, "params");
  const shippedFiles = fs
    .readdirSync(paramsDir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => path.join(paramsDir, f));
  // rclnodejs matches a node's own block by its bare name: namespaced and wildcard blocks are not nodes to create.
  const plainNodeNames = (files: readonly string[]): string[] => readParamsFiles(files).nodeNames().filter((name) => /^[A-Za-z_]\w*$/.test(name));

  const formFiles = paramsFileForms.map((form, index) =>
    form.files.map((text, fileIndex) => {
      const file = path.join(dir, `form${index}-${fileIndex}.yaml`);
      fs.writeFileSync(file, text);
      return file;
    }),
  );
  const shippedSets = [...shippedFiles.map((file) => [file]), [...DEFAULT_PARAMS_FILES]];
  let results = new Map<string, ParserResult>();

  beforeAll(() => {
    results = runRealParser(
      [
        ...formFiles.map((files, index) => ({ id: `form${index}`, files, nodeNames: [] })),
        ...shippedSets.map((files, index) => ({ id: `shipped${index}`, files, nodeNames: plainNodeNames(files) })),
      ],
      dir,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe("each form of the table: the real parser gives what the table says, and so does our loader", () => {
    it.each(paramsFileForms.map((form, index) => [form.label, form, index] as const))("%s", (_label, form, index) => {
      const real = results.get(`form${index}`);
      const files = formFiles[index] ?? [];
      const expected = form.expected;
      if ("nodes" in expected) {
        expect(real?.refused).toBeUndefined();
        expect(asRecord(real?.nodes)).toEqual(expected.nodes);
        expect(readParamsFiles(files).toRecord()).toEqual(expected.nodes);
      } else {
        expect({ refusedByRcl: real?.refused !== undefined, nodes: real?.nodes }).toEqual({ refusedByRcl: true, nodes: undefined });
        expect(() => readParamsFiles(files)).toThrow(expected.refused.problem);
      }
    });
  });

  describe("shipped params files", () => {
    it.each(shippedSets.map((files, index) => [files.map((f) => path.basename(f)).join(" + "), index] as const))("%s: every node block and key as rcl reads it", (_label, index) => {
      const real = results.get(`shipped${index}`);
      expect(real?.refused).toBeUndefined();
      expect(readParamsFiles(shippedSets[index] ?? []).toRecord()).toEqual(asRecord(real?.nodes));
    });

    it.each(shippedSets.map((files, index) => [files.map((f) => path.basename(f)).join(" + "), index] as const))(
      "%s: each node's overrides through rclnodejs's Node, as the robot reads them, equal loadParamsFiles' values",
      (_label, index) => {
        const files = shippedSets[index] ?? [];
        const real = results.get(`shipped${index}`);
        const names = plainNodeNames(files);
        expect(names.length).toBeGreaterThan(0);
        for (const name of names) {
          const viaNode = real?.viaNode?.[name];
          expect({ name, error: viaNode?.error }).toEqual({ name, error: undefined });
          const robot = Object.fromEntries((viaNode?.parameters ?? []).map((p) => [p.name, fromRclParameterValue(p.type, p.value)]));
          expect(loadParamsFiles(files, name).values).toEqual(robot);
        }
      },
    );
  });
});

describeWithRealParser("a node on the real ROS 2 refusing a bad params file names the file, the node and the key", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "params-refusal-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("launcher_control logs each bad key with its file and exits 1; a block one typo from its name is a warning naming the file", () => {
    const bad = path.join(dir, "bad_launcher.yaml");
    fs.writeFileSync(bad, "launcher_control:\n  ros__parameters:\n    idle_speed: 5000.0\n    launch:\n      min_angle_rad: 1.3\n      max_angle_rad: 0.9\n");
    const typo = path.join(dir, "typo.yaml");
    fs.writeFileSync(typo, "launcher_controll:\n  ros__parameters:\n    auto_fire: true\n");
    const main = path.join(repoRoot, "dist", "ros", "main.js");
    if (!fs.existsSync(main)) throw new Error("dist/ros/main.js is missing: npm run test:ros builds it");
    const run = spawnSync(process.execPath, [main, "launcher_control", "--ros-args", "--params-file", DEFAULT_PARAMS_FILES[0] ?? "", "--params-file", bad, "--params-file", typo], {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, ...loopbackDomainSettings() },
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 1, signal: null });
    expect(output).toContain(`${bad}: launcher_control: parameter 'idle_speed' = 5000: above the maximum`);
    expect(output).toContain(`${bad}: launcher_control: parameter 'launch.min_angle_rad' = 1.3: above 'launch.max_angle_rad' = 0.9`);
    expect(output).toMatch(new RegExp(`WARN.*${typo.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:2: block 'launcher_controll' is not 'launcher_control'`));
  });
});
