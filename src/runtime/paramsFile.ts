import * as fs from "node:fs";
import { resolveParameters, type ParameterValue, type SchemaWithGroups } from "./parameters";
import { parseRosParamsYaml, RclParams, type ReadParameter } from "./rosParamsYaml";

/**
 * Reads ROS 2 params files (`node_name: ros__parameters: {...}`), the files rclnodejs gets
 * through --params-file, with the values rcl gives them on the robot (see rosParamsYaml.ts: a
 * bare `nan` is a double, `yes` a bool, `010` the integer 8, `[]` no value at all), and returns
 * the flattened values for one node. Matches the node by name, fully qualified name (`/ns/node`)
 * or the `/**` wildcard; more specific blocks win. A file rcl would refuse is refused here too,
 * naming the file, the line and the key.
 */
export function loadParamsFile(file: string, nodeName: string, namespace = "/"): Record<string, unknown> {
  return loadParamsFiles([file], nodeName, namespace).values;
}

/** The node's plain values from a params file's YAML text, typed as rcl types them. */
export function paramsForNodeFromText(text: string, nodeName: string, namespace: string, source: string): Record<string, unknown> {
  return plainValues(readParametersForNode(parseRosParamsYaml(text, source), nodeName, namespace));
}

/**
 * The node's parameters with the type rcl gave each one and where its value came from. Blocks
 * later in nodeKeysByPrecedence replace earlier ones key by key, as rclnodejs applies `/**`
 * first and then the node's own block.
 */
export function readParametersForNode(params: RclParams, nodeName: string, namespace = "/"): Map<string, ReadParameter> {
  const result = new Map<string, ReadParameter>();
  for (const key of nodeKeysByPrecedence(nodeName, namespace)) {
    for (const [name, read] of params.parametersOf(key)) result.set(name, read);
  }
  return result;
}

/**
 * Reads params files into one rcl_params_t, in order, as rcl does for `--params-file a
 * --params-file b`: a later file replaces a key's value of the same type, and a value of another
 * type only adds to it (rcl keeps one slot per type; see RclParams).
 */
export function readParamsFiles(files: readonly string[]): RclParams {
  const params = new RclParams();
  for (const file of files) readParamsFileInto(file, params);
  return params;
}

/** The block names that apply to a node, least specific first. */
function nodeKeysByPrecedence(nodeName: string, namespace: string): string[] {
  const fullName = `${namespace === "/" ? "" : namespace}/${nodeName}`;
  return [...new Set(["/**", nodeName, fullName.replace(/^\//, ""), fullName])];
}

/** Adds one params file to `params`, after what it holds already (`--params-file` order). */
export function readParamsFileInto(file: string, params: RclParams): void {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read params file ${file}: ${(error as Error).message}`);
  }
  parseRosParamsYaml(text, file, params);
}

/** The values as the rest of the package takes them; a parameter rcl left unset (`[]`) is undefined, as rclnodejs reports it. */
function plainValues(parameters: ReadonlyMap<string, ReadParameter>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, read] of parameters) values[name] = read.parameter.value;
  return values;
}

export interface LoadedParameters {
  readonly values: Record<string, unknown>;
  /** The file each value came from, for error messages. */
  readonly sourceOf: (key: string) => string;
}

/** Values for one node from several params files, read as rcl reads them together. */
export function loadParamsFiles(files: readonly string[], nodeName: string, namespace = "/"): LoadedParameters {
  const parameters = readParametersForNode(readParamsFiles(files), nodeName, namespace);
  return { values: plainValues(parameters), sourceOf: (key) => parameters.get(key)?.file ?? `defaults of ${nodeName}` };
}

/** A node's parameters from params files (later files win), resolved against its schema as the node resolves them. */
export function resolveParamsFiles(spec: SchemaWithGroups, files: readonly string[], nodeName: string): Record<string, ParameterValue> {
  const loaded = loadParamsFiles(files, nodeName);
  return resolveParameters(spec, loaded.values, loaded.sourceOf);
}
