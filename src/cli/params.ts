import * as fs from "node:fs";
import type { CommandModule } from "yargs";
import { nodeDefinitions } from "../nodes/index";
import { rosExecutables } from "../ros/executables";
import { didYouMean } from "../core/parameters/didYouMean";
import { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import { declaredHeads, describeLimits, formatValue, groupNamesParameter, isRosInternal, parameterHead, unusedGroupBlocks, type ParameterDescriptor, type ParameterSchema } from "../core/parameters/schema";
import { blockAppliesTo, fullyQualifiedNodeName, isWildcardBlock, loadParamsFiles, readParamsFiles } from "../runtime/paramsFile";
import type { NodeDefinition } from "../runtime/port";
import type { RclParams } from "../runtime/rosParamsYaml";
import { processIo, type CliIo } from "./table";

interface ParamsArgs {
  check: string[] | undefined;
  json: boolean;
}

/** `robocon-shooter params`: the parameter table of every node, or a check of params files. */
export const paramsCommand: CommandModule<object, ParamsArgs> = {
  command: "params",
  describe: "Print every node's parameters (name, type, default, unit, range, meaning), or check params files as the nodes configure from them",
  builder: (yargs) =>
    yargs
      .option("check", {
        type: "string",
        array: true,
        describe:
          "ROS 2 params files to check, read together in this order as --params-file reads them: each node they name (every one for /**) " +
          "configures from them as it would on the robot; lists every error and warning, exits 1 on an error",
      })
      .option("json", { type: "boolean", default: false, describe: "Print the schemas as JSON" }),
  handler: (args) => {
    if (args.check !== undefined) {
      process.exitCode = runParamsCheck(args.check, processIo);
      return;
    }
    if (args.json) {
      process.stdout.write(`${JSON.stringify(Object.fromEntries(Object.entries(nodeDefinitions).map(([n, d]) => [n, { schema: d.schema, groups: d.groups ?? {} }])), null, 2)}\n`);
      return;
    }
    process.stdout.write(parameterTableMarkdown());
  },
};

/** What `params --check` found. */
export interface ParamsCheckReport {
  /** What makes a node refuse the files or lose a value from them, one a line naming file, node and key. */
  readonly errors: readonly string[];
  /** What the nodes accept but probably is not meant (an unlisted group block, an empty block). */
  readonly warnings: readonly string[];
  /** The nodes that configured from the files, `name` or `/namespace/name`. */
  readonly configured: readonly string[];
}

/** Prints the check of `files` and returns the exit code: 1 on any error, else 0. */
export function runParamsCheck(files: readonly string[], io: CliIo): number {
  if (files.length === 0) {
    io.err("params --check: name at least one params file\n");
    return 2;
  }
  const report = checkParamsFiles(files);
  for (const error of report.errors) io.err(`error: ${error}\n`);
  for (const warning of report.warnings) io.err(`warning: ${warning}\n`);
  const configured = report.configured.length === 0 ? "no node configured" : `${report.configured.join(", ")} configured`;
  const counts = `${report.errors.length} error(s), ${report.warnings.length} warning(s)`;
  io.out(`params --check ${files.join(" ")}: ${configured}; ${counts}${report.errors.length > 0 ? ": the nodes would refuse these files or lose values from them" : ""}\n`);
  return report.errors.length > 0 ? 1 : 0;
}

/** The package's executables: a block named after one of them is meant for this package. */
const PACKAGE_NODES: readonly string[] = Object.keys(rosExecutables);

/**
 * Checks params files the way the nodes take them. The files are read together, in order, as
 * `--params-file a --params-file b` reads them (a file rcl refuses is an error naming its line).
 * Each file on its own must hold at least one node block with `ros__parameters`, and every block
 * must name a node of this package, directly or by wildcard: a block no node matches (e.g.
 * `launcher_controll:`) is an error, since the files are the ones handed to this package's nodes
 * and its values would reach none. Then each node a block applies to (every node for `/**`), in
 * each namespace the blocks name, is configured on the in-process graph from the files: the same
 * ManagedNode.configure the robot runs (schema, the node's rules, its constructors), so whatever
 * that refuses is listed here with the same message, naming file, node and key.
 */
export function checkParamsFiles(files: readonly string[]): ParamsCheckReport {
  const errors: string[] = [];
  const warnings: string[] = [];
  const readable: string[] = [];
  for (const file of files) {
    let own: RclParams;
    try {
      own = readParamsFiles([file]);
    } catch (error) {
      errors.push((error as Error).message);
      continue;
    }
    readable.push(file);
    errors.push(...fileProblems(file, own));
    for (const block of own.nodeNames()) {
      if (own.parametersOf(block).size === 0) warnings.push(`${file}: block '${block}' sets no parameter`);
    }
  }
  const configured: string[] = [];
  if (readable.length === 0) return { errors, warnings, configured };
  errors.push(...undeclaredWildcardKeys(readParamsFiles(readable)));
  for (const { definition, namespace } of checkTargets(readParamsFiles(readable))) {
    // Its errors are this report's: not echoed as log lines too.
    const graph = new InProcessGraph({ echoErrors: false });
    const node = graph.addNode(definition, { namespace, paramsFiles: readable });
    const label = fullyQualifiedNodeName(definition.name, namespace).replace(/^\/([^/]*)$/, "$1");
    const result = node.configure();
    if (result.ok) configured.push(label);
    else errors.push(...(result.problems ?? [result.reason ?? `${label}: configure failed`]));
    const loaded = loadParamsFiles(readable, definition.name, namespace, definition);
    warnings.push(...unusedGroupBlocks(definition, loaded.values, loaded.sourceOf, definition.name));
    node.shutdown();
  }
  return { errors, warnings, configured };
}

/**
 * Keys of wildcard blocks (`/**:`) that no node of this package declares: each node takes from
 * such a block only what it declares (as rclcpp ignores undeclared overrides), so a misspelt key
 * there would reach no node unnoticed. A node that declares the key's head checks the rest.
 */
function undeclaredWildcardKeys(params: RclParams): string[] {
  const definitions = Object.values(nodeDefinitions);
  const heads = new Set(definitions.flatMap((definition) => [...declaredHeads(definition)]));
  const known = definitions.flatMap((definition) => [...Object.keys(definition.schema), ...Object.keys(definition.groups ?? {}).map(groupNamesParameter)]);
  const problems: string[] = [];
  for (const block of params.nodeNames().filter(isWildcardBlock)) {
    for (const [key, read] of params.parametersOf(block)) {
      if (heads.has(parameterHead(key)) || isRosInternal(key)) continue;
      problems.push(`${read.file}:${read.line}: block '${block}': parameter '${key}' is declared by no node of robocon_shooter, so no node reads it${didYouMean(key, known) || didYouMean(parameterHead(key), [...heads])}`);
    }
  }
  return problems;
}

/** A file with no node block, and blocks that name no node of this package. */
function fileProblems(file: string, params: RclParams): string[] {
  if (params.nodeNames().length === 0) {
    const text = fs.readFileSync(file, "utf8").replace(/#.*$/gm, "").trim();
    return [
      text === ""
        ? `${file}: empty: no node block; a params file is \`node_name: {ros__parameters: {key: value}}\`, and ROS reads nothing from this one`
        : `${file}: no \`ros__parameters\` block: nothing in it reaches a node; a params file is \`node_name: {ros__parameters: {key: value}}\``,
    ];
  }
  const problems: string[] = [];
  for (const block of params.nodeNames()) {
    const nodePart = blockNodePart(block);
    if (nodePart === "*" || nodePart === "**" || PACKAGE_NODES.includes(nodePart)) continue;
    const origin = params.blockOrigin(block);
    const keys = [...params.parametersOf(block).keys()];
    const shown = keys.length > 3 ? `${keys.slice(0, 3).join(", ")}, ...` : keys.join(", ");
    problems.push(
      `${origin === undefined ? file : `${origin.file}:${origin.line}`}: node block '${block}' names no node of robocon_shooter (${PACKAGE_NODES.join(", ")})` +
        `${didYouMean(nodePart, PACKAGE_NODES)}: its values (${shown || "none"}) would reach no node`,
    );
  }
  return problems;
}

/** The node name a block ends with (`*` or `**` for a wildcard). */
function blockNodePart(block: string): string {
  return block.slice(block.lastIndexOf("/") + 1);
}

/**
 * The (node, namespace) pairs the blocks address, in the package's node order: a block's node
 * part names the node (a wildcard: the three robot nodes, the ones launch/shooter.launch.py hands
 * the files to), its namespace part the namespace, with `/**` standing for none and `/*` for one
 * namespace token. A bare name is checked in the root namespace.
 */
function checkTargets(params: RclParams): { definition: NodeDefinition; namespace: string }[] {
  const wanted = new Map<string, Set<string>>();
  for (const block of params.nodeNames()) {
    const absolute = block.startsWith("/") ? block : `/${block}`;
    const nodePart = blockNodePart(absolute);
    const namespace = absolute.slice(0, absolute.lastIndexOf("/")).replace(/\/\*\*/g, "").replace(/\/\*/g, "/ns") || "/";
    const nodes = nodePart === "*" || nodePart === "**" ? Object.keys(nodeDefinitions) : PACKAGE_NODES.includes(nodePart) ? [nodePart] : [];
    for (const name of nodes) {
      if (!blockAppliesTo(block, name, namespace)) continue;
      const namespaces = wanted.get(name) ?? new Set<string>();
      namespaces.add(namespace);
      wanted.set(name, namespaces);
    }
  }
  const targets: { definition: NodeDefinition; namespace: string }[] = [];
  for (const name of PACKAGE_NODES) {
    const definition = rosExecutables[name];
    for (const namespace of wanted.get(name) ?? []) if (definition !== undefined) targets.push({ definition, namespace });
  }
  return targets;
}

/** The README's parameter table, generated from the schemas so it cannot drift. */
export function parameterTableMarkdown(): string {
  const lines: string[] = [];
  for (const [name, definition] of Object.entries(nodeDefinitions)) {
    lines.push(`### ${name}`, "", definition.description, "");
    lines.push(...schemaTable(definition.schema));
    for (const [prefix, fields] of Object.entries(definition.groups ?? {})) {
      lines.push("", `Per entry of \`${prefix}.names\` (keys \`${prefix}.<name>.<field>\`):`, "");
      lines.push(...schemaTable(fields));
    }
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

function schemaTable(schema: ParameterSchema): string[] {
  const rows = ["| name | type | default | unit | allowed | meaning |", "|---|---|---|---|---|---|"];
  for (const [key, d] of Object.entries(schema)) {
    const allowed = allowedColumn(d);
    const readOnly = d.readOnly === true ? " (read-only)" : "";
    rows.push(`| \`${key}\` | ${d.type} | ${d.default === undefined ? "required" : formatValue(d.default).replace(/\|/g, "\\|")} | ${d.unit || "-"} | ${allowed.replace(/\|/g, "\\|")} | ${d.description}${readOnly} |`);
  }
  return rows;
}

/**
 * The table's "allowed" cell: bounds, choices and array lengths, built from the descriptor (type
 * and unit have their own columns); "any" when nothing limits the value.
 */
export function allowedColumn(d: ParameterDescriptor): string {
  return describeLimits(d) || "any";
}
