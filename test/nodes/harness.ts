import { DEFAULT_PARAMS_FILES } from "../../src/package/defaultParams";
import { header } from "../../src/msgs/builders";
import type { Range } from "../../src/msgs/types";
import { nodeDefinitions } from "../../src/nodes/index";
import { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
import type { ManagedNode } from "../../src/runtime/ManagedNode";

export const PARAMS = DEFAULT_PARAMS_FILES;

/** A graph with the named package nodes started from the default params files plus overrides. */
export function startNodes(
  names: readonly (keyof typeof nodeDefinitions)[],
  overrides: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {},
  startTime = 1000,
): { graph: InProcessGraph; nodes: Record<string, ManagedNode> } {
  const graph = new InProcessGraph({ startTime });
  const nodes: Record<string, ManagedNode> = {};
  for (const name of names) {
    const definition = nodeDefinitions[name];
    if (definition === undefined) throw new Error(`no node ${name}`);
    const node = graph.addNode(definition, { paramsFiles: PARAMS, parameters: overrides[name] ?? {} });
    const result = node.startup();
    if (!result.ok) throw new Error(result.reason);
    nodes[name] = node;
  }
  return { graph, nodes };
}

export function rangeReading(stamp: number, frame: string, range: number, minRange = 0.05, maxRange = 10): Range {
  return { header: header(stamp, frame), radiation_type: 1, field_of_view: 0.01, min_range: minRange, max_range: maxRange, range };
}
