import type { CommandModule } from "yargs";
import { nodeDefinitions } from "../nodes/index";
import { describeLimits, formatValue, resolveParameters, type ParameterDescriptor, type ParameterSchema } from "../runtime/parameters";
import { loadParamsFile } from "../runtime/paramsFile";

interface ParamsArgs {
  check: string[] | undefined;
  json: boolean;
}

/** `robocon-shooter params`: the parameter table of every node, or a check of params files. */
export const paramsCommand: CommandModule<object, ParamsArgs> = {
  command: "params",
  describe: "Print every node's parameters (name, type, default, unit, range, meaning), or check params files",
  builder: (yargs) =>
    yargs
      .option("check", { type: "string", array: true, describe: "ROS 2 params YAML files to validate against the node schemas" })
      .option("json", { type: "boolean", default: false, describe: "Print the schemas as JSON" }),
  handler: (args) => {
    if (args.check !== undefined) {
      const problems = checkParamsFiles(args.check);
      for (const problem of problems) process.stderr.write(`${problem}\n`);
      process.stdout.write(problems.length === 0 ? `${args.check.length} file(s) valid\n` : "");
      if (problems.length > 0) process.exitCode = 1;
      return;
    }
    if (args.json) {
      process.stdout.write(`${JSON.stringify(Object.fromEntries(Object.entries(nodeDefinitions).map(([n, d]) => [n, { schema: d.schema, groups: d.groups ?? {} }])), null, 2)}\n`);
      return;
    }
    process.stdout.write(parameterTableMarkdown());
  },
};

/** Validates each file's block for every node it mentions; returns one line per problem. */
export function checkParamsFiles(files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    for (const [name, definition] of Object.entries(nodeDefinitions)) {
      try {
        const values = loadParamsFile(file, name);
        if (Object.keys(values).length === 0) continue;
        resolveParameters(definition, values, file);
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  return problems;
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
