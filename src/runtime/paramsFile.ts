import * as fs from "node:fs";
import { closestNames } from "../core/parameters/didYouMean";
import { declaredHeads, isRosInternal, parameterHead, resolveParameters, type NodeBlockOrigin, type ParameterValue, type SchemaWithGroups } from "../core/parameters/schema";
import { resolveName } from "./names";
import { parseRosParamsYaml, RclParams, type ReadParameter } from "./rosParamsYaml";

/**
 * Reads ROS 2 params files (`node_name: ros__parameters: {...}`), the files rclnodejs gets
 * through --params-file, with the values rcl gives them on the robot (see rosParamsYaml.ts: a
 * bare `nan` is a double, `yes` a bool, `010` the integer 8, `[]` no value at all), and returns
 * the flattened values for one node, from every block that applies to it (blockAppliesTo), later
 * blocks winning. A file rcl would refuse is refused here too, naming the file, the line and the key.
 */
export function loadParamsFile(file: string, nodeName: string, namespace = "/"): Record<string, unknown> {
  return loadParamsFiles([file], nodeName, namespace).values;
}

/** The node's plain values from a params file's YAML text, typed as rcl types them. */
export function paramsForNodeFromText(text: string, nodeName: string, namespace: string, source: string): Record<string, unknown> {
  return plainValues(readParametersForNode(parseRosParamsYaml(text, source), nodeName, namespace));
}

/**
 * The node's parameters with the type rcl gave each one and where its value came from: every
 * block that applies to the node (blockAppliesTo), in the order rcl lists the blocks (the order
 * they first appear across the files and `-p` rules), a later block replacing an earlier one key
 * by key. That is rclcpp's order (Humble, 16.0.11, checked with a node of its own): `--params-file
 * a.yaml -p gain:=7.0` sets gain 7 over a.yaml's `node:` block, and a `/**` block written after
 * the node's own block wins over it. (rclnodejs 2.2.0 applies `/**` first, whatever the order.)
 */
export function readParametersForNode(params: RclParams, nodeName: string, namespace = "/"): Map<string, NodeParameter> {
  const result = new Map<string, NodeParameter>();
  for (const block of params.nodeNames()) {
    if (!blockAppliesTo(block, nodeName, namespace)) continue;
    for (const [name, read] of params.parametersOf(block)) result.set(name, { ...read, block });
  }
  return result;
}

/** A parameter as a node reads it, with the block (as written) its value came from. */
export interface NodeParameter extends ReadParameter {
  readonly block: string;
}

/** Whether a block addresses every node (its node part is `*` or `**`: `/**`, `/robot1/*`). */
export function isWildcardBlock(block: string): boolean {
  const nodePart = block.slice(block.lastIndexOf("/") + 1);
  return nodePart === "*" || nodePart === "**";
}

/**
 * What a node takes of what the blocks give it: everything from its own blocks (an unknown key
 * there is a misspelling, refused at configure), and from wildcard blocks only the keys under a
 * head it declares. rclcpp ignores overrides a node does not declare; a wildcard block holds
 * values for some nodes (the robot_frames block for laser_ranging and target_estimation), which
 * the others must not refuse. `robocon-shooter params --check` still refuses a wildcard key that
 * no node declares.
 */
export function takenByNode<P extends NodeParameter>(parameters: ReadonlyMap<string, P>, spec: SchemaWithGroups): Map<string, P> {
  const heads = declaredHeads(spec);
  return new Map([...parameters].filter(([name, read]) => !isWildcardBlock(read.block) || heads.has(parameterHead(name)) || isRosInternal(name)));
}

/** NodeBlockOrigin of read parameters: true for a value from a block that names the node alone. */
export function nodeBlockOrigin(parameters: ReadonlyMap<string, NodeParameter>): NodeBlockOrigin {
  return (key) => {
    const read = parameters.get(key);
    return read !== undefined && !isWildcardBlock(read.block);
  };
}

/** `/ns/node`, as ROS writes a node's fully qualified name. */
export function fullyQualifiedNodeName(nodeName: string, namespace: string): string {
  return resolveName("~", namespace, nodeName);
}

/**
 * Whether a params-file block applies to a node, as rclcpp's parameter_map_from decides it: the
 * block name, made absolute, is a pattern that must match the whole fully qualified name, `/*`
 * standing for one `/token` and `/**` for any number of them (`/**`: every node; `/robot1/*`:
 * every node in /robot1; `/**\/launcher_control`: that node in any namespace;
 * `/robot1/launcher_control`: that node in /robot1 only). A bare name (`launcher_control:`, as the
 * shipped files write it) also applies in any namespace, as rclnodejs matches it: so
 * `ros2 launch ... namespace:=robot1` runs the nodes with the shipped files. (An rclcpp node in
 * /robot1 would take it only as `/**\/launcher_control`.)
 */
export function blockAppliesTo(block: string, nodeName: string, namespace: string): boolean {
  if (block === nodeName) return true;
  const absolute = block.startsWith("/") ? block : `/${block}`;
  const pattern = absolute
    .split("/*")
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join("(/\\w+)");
  try {
    return new RegExp(`^(?:${pattern})$`).test(fullyQualifiedNodeName(nodeName, namespace));
  } catch {
    // Not a valid pattern (rcl refuses such names before this): it matches nothing.
    return false;
  }
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
  /** Whether a value came from a block naming the node alone (not a wildcard block). */
  readonly fromNodeBlock: NodeBlockOrigin;
  /** Every block of the files, as rcl read them. */
  readonly params: RclParams;
}

/**
 * Values for one node from several params files, read as rcl reads them together; with the
 * node's `spec`, only what the node takes of wildcard blocks (takenByNode).
 */
export function loadParamsFiles(files: readonly string[], nodeName: string, namespace = "/", spec?: SchemaWithGroups): LoadedParameters {
  const params = readParamsFiles(files);
  const read = readParametersForNode(params, nodeName, namespace);
  const parameters = spec === undefined ? read : takenByNode(read, spec);
  return { values: plainValues(parameters), sourceOf: (key) => parameters.get(key)?.file ?? `defaults of ${nodeName}`, fromNodeBlock: nodeBlockOrigin(parameters), params };
}

/**
 * Warnings for blocks that look meant for this node but reach it by no rule: a node name a
 * typo away from its own (`launcher_controll:`), whose values no node reads. The node logs them
 * as it starts, on both runtimes; `robocon-shooter params --check` refuses such a block.
 */
export function misspeltBlocksFor(params: RclParams, nodeName: string): string[] {
  const warnings: string[] = [];
  for (const block of params.nodeNames()) {
    const nodePart = block.slice(block.lastIndexOf("/") + 1);
    if (nodePart === nodeName || nodePart === "*" || nodePart === "**" || closestNames(nodePart, [nodeName]).length === 0) continue;
    const origin = params.blockOrigin(block);
    warnings.push(`${origin === undefined ? "params" : `${origin.file}:${origin.line}`}: block '${block}' is not '${nodeName}' (misspelt?): its values reach no node`);
  }
  return warnings;
}

/** A node's parameters from params files (later files win), resolved against its schema as the node resolves them. */
export function resolveParamsFiles(spec: SchemaWithGroups, files: readonly string[], nodeName: string): Record<string, ParameterValue> {
  const loaded = loadParamsFiles(files, nodeName, "/", spec);
  return resolveParameters(spec, loaded.values, loaded.sourceOf, nodeName, loaded.fromNodeBlock);
}
