import * as fs from "node:fs";
import { parse } from "yaml";
import { resolveParameters, type ParameterValue, type SchemaWithGroups } from "./parameters";

/**
 * Reads a ROS 2 params file (`node_name: ros__parameters: {...}`), the same file rclnodejs gets
 * through --params-file, and returns the flattened values for one node. Matches the node by
 * name, fully qualified name (`/ns/node`) or the `/**` wildcard, as rcl does; later files and
 * more specific blocks win.
 */
export function loadParamsFile(file: string, nodeName: string, namespace = "/"): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read params file ${file}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  return paramsForNode(document, nodeName, namespace, file);
}

export function paramsForNode(document: unknown, nodeName: string, namespace: string, source: string): Record<string, unknown> {
  if (document === null || document === undefined) return {};
  if (!isMapping(document)) throw new Error(`${source}: expected a mapping of node names at the top level`);
  const fullName = `${namespace === "/" ? "" : namespace}/${nodeName}`;
  const keys = ["/**", nodeName, fullName.replace(/^\//, ""), fullName];
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const block = document[key];
    if (block === undefined) continue;
    if (!isMapping(block) || !("ros__parameters" in block)) {
      throw new Error(`${source}: '${key}' must contain a 'ros__parameters' mapping`);
    }
    const parameters = block.ros__parameters;
    if (parameters === null) continue;
    if (!isMapping(parameters)) throw new Error(`${source}: '${key}.ros__parameters' must be a mapping`);
    flatten(parameters, "", result);
  }
  return result;
}

/** Nested YAML maps become dotted names, as rcl_yaml_param_parser does. */
function flatten(mapping: Record<string, unknown>, prefix: string, into: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(mapping)) {
    const name = prefix === "" ? key : `${prefix}.${key}`;
    if (isMapping(value)) flatten(value, name, into);
    else into[name] = value;
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface LoadedParameters {
  readonly values: Record<string, unknown>;
  /** The file each value came from, for error messages. */
  readonly sourceOf: (key: string) => string;
}

/** Values for one node from several params files, later files overriding earlier ones. */
export function loadParamsFiles(files: readonly string[], nodeName: string, namespace = "/"): LoadedParameters {
  const values: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  for (const file of files) {
    for (const [key, value] of Object.entries(loadParamsFile(file, nodeName, namespace))) {
      values[key] = value;
      sources.set(key, file);
    }
  }
  return { values, sourceOf: (key) => sources.get(key) ?? `defaults of ${nodeName}` };
}

/** A node's parameters from params files (later files win), resolved against its schema as the node resolves them. */
export function resolveParamsFiles(spec: SchemaWithGroups, files: readonly string[], nodeName: string): Record<string, ParameterValue> {
  const loaded = loadParamsFiles(files, nodeName);
  return resolveParameters(spec, loaded.values, loaded.sourceOf);
}
