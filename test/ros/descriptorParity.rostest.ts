/**
 * src/runtime/rosParameterRules.ts against the real rclnodejs 2.2.0: every row of
 * test/runtime/parameterRuleCases.ts is declared (or declared then set) on a real rclnodejs
 * LifecycleNode with the descriptor toRclDescriptor builds (for the quirk rows, with the row's
 * range attached, as the old mapping attached ranges to arrays), and rclnodejs must accept or
 * refuse exactly as the port says. Then every parameter of the three shipped nodes, their schema
 * defaults and their values from the shipped params files, is declared as RclnodejsBinding
 * declares it, and rclnodejs must take them all.
 *
 * rclnodejs runs in a child process (jest cannot load rclnodejs 2.x, see rosEnvironment.ts), on
 * our conversions, port and table transpiled to plain CommonJS, so the child builds its
 * descriptors with the very toRclDescriptor the robot runs.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { DEFAULT_PARAMS_FILES } from "../../src/package/defaultParams";
import { nodeDefinitions } from "../../src/nodes/index";
import { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
import type { ParameterDescriptor, ParameterValue } from "../../src/core/parameters/schema";
import { resolveParamsFiles } from "../../src/runtime/paramsFile";
import type { NodeDefinition } from "../../src/runtime/port";
import { PARAMETER_RULE_CASES, portVerdict } from "../runtime/parameterRuleCases";
import { describeWithRos } from "./rosEnvironment";

const repoRoot = path.resolve(__dirname, "..", "..");

/** The modules the child needs, each with what it requires by relative path. */
const CHILD_MODULES = ["src/runtime/rclnodejs/conversions.ts", "src/runtime/rosParameterRules.ts", "test/runtime/parameterRuleCases.ts"];

/**
 * Transpiles the files and every module they require by relative path into `outDir`, keeping the
 * repository's layout, for a plain Node.js process (type-only imports vanish in the output).
 */
function transpileWithDependencies(files: readonly string[], outDir: string): void {
  const pending = files.map((file) => path.join(repoRoot, file));
  const done = new Set<string>();
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (done.has(file)) continue;
    done.add(file);
    const output = ts.transpileModule(fs.readFileSync(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    }).outputText;
    const target = path.join(outDir, path.relative(repoRoot, file)).replace(/\.ts$/, ".js");
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, output);
    for (const match of output.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      const base = path.resolve(path.dirname(file), match[1] ?? "");
      pending.push(fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, "index.ts"));
    }
  }
}

interface DeclarationJob {
  readonly id: string;
  readonly parameters: readonly { readonly name: string; readonly value: ParameterValue; readonly descriptor: ParameterDescriptor }[];
}

interface CaseResult {
  readonly accepted: boolean;
  readonly reason?: string;
  /** A set row whose first declaration (of the value set from) rclnodejs refused. */
  readonly declareFirstFailed?: string;
}

interface RealResults {
  readonly cases: readonly CaseResult[];
  readonly declarations: Readonly<Record<string, { readonly declared?: number; readonly error?: string }>>;
}

// Runs in the child, in plain CommonJS: the repository (for rclnodejs), the transpiled modules,
// the jobs file and the output file (stdout carries rcl's log lines).
const CHILD_SCRIPT = `
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");
const [repoRoot, compiledRoot, jobsFile, outputFile] = process.argv.slice(2);
const rclnodejs = createRequire(path.join(repoRoot, "package.json"))("rclnodejs");
const compiled = (file) => require(path.join(compiledRoot, file));
const { toRclDescriptor, toRclParameter, rclDescriptorOf } = compiled("src/runtime/rclnodejs/conversions.js");
const { rosDescriptorOf } = compiled("src/runtime/rosParameterRules.js");
const { PARAMETER_RULE_CASES, caseArguments, initialArguments } = compiled("test/runtime/parameterRuleCases.js");
const decode = (_key, value) =>
  value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && typeof value.number === "string" ? Number(value.number) : value;
const jobs = JSON.parse(fs.readFileSync(jobsFile, "utf8"), decode);
const message = (error) => String((error && error.message) || error);
const newParameter = (args) => new rclnodejs.Parameter(args.name, args.type, args.value);
(async () => {
  await rclnodejs.init();
  const node = new rclnodejs.lifecycle.LifecycleNode("descriptor_parity");
  const cases = PARAMETER_RULE_CASES.map((rule, index) => {
    const name = "case_" + index;
    // The descriptor RclnodejsBinding declares with; a quirk row's range attached to it.
    const descriptor = () =>
      rule.range === undefined ? toRclDescriptor(rclnodejs, name, rule.schema) : rclDescriptorOf(rclnodejs, { ...rosDescriptorOf(name, rule.schema), range: rule.range });
    if (rule.operation === "set") {
      try {
        node.declareParameters([newParameter(initialArguments(name, rule))], [descriptor()], true);
      } catch (error) {
        return { accepted: false, declareFirstFailed: message(error) };
      }
    }
    try {
      if (rule.operation === "declare") {
        node.declareParameters([newParameter(caseArguments(name, rule))], [descriptor()], true);
        return { accepted: true };
      }
      const [result] = node.setParameters([newParameter(caseArguments(name, rule))]);
      return result.successful ? { accepted: true } : { accepted: false, reason: String(result.reason) };
    } catch (error) {
      return { accepted: false, reason: message(error) };
    }
  });
  node.destroy();
  const declarations = {};
  for (const job of jobs) {
    const jobNode = new rclnodejs.lifecycle.LifecycleNode(job.id);
    try {
      // As RclnodejsBinding.declareParameters declares them.
      jobNode.declareParameters(
        job.parameters.map((p) => toRclParameter(rclnodejs, p.name, p.value, p.descriptor)),
        job.parameters.map((p) => toRclDescriptor(rclnodejs, p.name, p.descriptor)),
        true,
      );
      declarations[job.id] = { declared: job.parameters.filter((p) => jobNode.hasParameter(p.name)).length };
    } catch (error) {
      declarations[job.id] = { error: message(error) };
    }
    jobNode.destroy();
  }
  rclnodejs.shutdown();
  fs.writeFileSync(outputFile, JSON.stringify({ cases, declarations }));
  process.exit(0);
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error));
  process.exit(1);
});
`;

/** JSON with the numbers it cannot hold (Infinity, NaN, -0) tagged, for the child's decode. */
function encodeForChild(_key: string, value: unknown): unknown {
  if (typeof value === "number" && (!Number.isFinite(value) || Object.is(value, -0))) return { number: Object.is(value, -0) ? "-0" : String(value) };
  return value;
}

/** Every descriptor with a default: the node's schema, and each group's fields under one instance name. */
function defaultsOf(definition: NodeDefinition): DeclarationJob["parameters"] {
  const grouped = Object.entries(definition.groups ?? {}).flatMap(([prefix, fields]) =>
    Object.entries(fields).map(([field, descriptor]) => [`${prefix}.example.${field}`, descriptor] as const),
  );
  return [...Object.entries(definition.schema), ...grouped].flatMap(([name, descriptor]) =>
    descriptor.default === undefined ? [] : [{ name, value: descriptor.default, descriptor }],
  );
}

/** What ManagedNode declares for the node configured from the shipped params files (resolved as it resolves them). */
function shippedParametersOf(definition: NodeDefinition): DeclarationJob["parameters"] {
  // Not configured here: that would already apply the port, which this suite checks.
  const node = new InProcessGraph().addNode(definition);
  return Object.entries(resolveParamsFiles(definition, DEFAULT_PARAMS_FILES, definition.name)).map(([name, value]) => {
    const descriptor = node.descriptorOf(name);
    if (descriptor === undefined) throw new Error(`no descriptor for ${name}`);
    return { name, value, descriptor };
  });
}

describeWithRos("parameter descriptors: rosParameterRules against the real rclnodejs 2.2.0", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descriptor-parity-"));
  const jobs: DeclarationJob[] = Object.entries(nodeDefinitions).flatMap(([nodeName, definition]) => [
    { id: `${nodeName}_defaults`, parameters: defaultsOf(definition) },
    { id: `${nodeName}_shipped`, parameters: shippedParametersOf(definition) },
  ]);
  let real: RealResults = { cases: [], declarations: {} };

  beforeAll(() => {
    const compiledRoot = path.join(dir, "compiled");
    transpileWithDependencies(CHILD_MODULES, compiledRoot);
    const script = path.join(dir, "descriptor-parity.cjs");
    const jobsFile = path.join(dir, "jobs.json");
    const outputFile = path.join(dir, "results.json");
    fs.writeFileSync(script, CHILD_SCRIPT);
    fs.writeFileSync(jobsFile, JSON.stringify(jobs, encodeForChild));
    execFileSync(process.execPath, [script, repoRoot, compiledRoot, jobsFile, outputFile], { stdio: ["ignore", "ignore", "pipe"], timeout: 100_000 });
    real = JSON.parse(fs.readFileSync(outputFile, "utf8")) as RealResults;
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("got a result for every row", () => {
    expect(real.cases).toHaveLength(PARAMETER_RULE_CASES.length);
  });

  it.each(PARAMETER_RULE_CASES.map((rule, index) => ({ ...rule, index })))("$label: $operation, accepted=$accepted on both", (rule) => {
    const result = real.cases[rule.index];
    const port = portVerdict(`case_${rule.index}`, rule);
    // The reasons differ (rclnodejs says "does not  readonly" for most); the decision must not.
    expect({ real: result?.accepted, declaredFirst: result?.declareFirstFailed, realReason: result?.reason }).toEqual({
      real: port.accepted,
      declaredFirst: undefined,
      realReason: port.accepted ? undefined : (expect.any(String) as unknown),
    });
    expect(port.accepted).toBe(rule.accepted);
  });

  it.each(jobs.map((job) => [job.id, job.parameters.length] as const))("%s: all %i parameters declared as RclnodejsBinding declares them", (id, count) => {
    expect(count).toBeGreaterThan(0);
    expect(real.declarations[id]).toEqual({ declared: count });
  });
});
