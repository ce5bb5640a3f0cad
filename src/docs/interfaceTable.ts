import { DEFAULT_PARAMS_FILES } from "../package/defaultParams";
import { nodeDefinitions } from "../nodes/index";
import type { RuntimeBinding } from "../runtime/binding";
import { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import { ManagedNode } from "../runtime/ManagedNode";
import { loadParamsFiles } from "../runtime/paramsFile";
import type { NodeDefinition } from "../runtime/port";
import type { QosProfile } from "../runtime/qos";

export interface NodeInterface {
  readonly node: string;
  readonly direction: "publishes" | "subscribes" | "serves";
  readonly name: string;
  readonly type: string;
  readonly qos: string;
  /** The QoS offered (publishes) or requested (subscribes); none for a service. */
  readonly profile?: QosProfile;
}

function describeQos(qos: QosProfile): string {
  if (qos.durability === "transient_local") return `reliable, transient local, depth ${qos.depth}`;
  return qos.reliability === "best_effort" ? `sensor data (best effort, depth ${qos.depth})` : `reliable, depth ${qos.depth}`;
}

/**
 * Every topic and service of the three nodes (or of `definitions`) as configured by
 * params/shooter.yaml (plus `overrides`, per node name: e.g. another flywheel.mode), found by
 * configuring each node on a binding that notes what it creates: the README's table cannot drift.
 */
export function nodeInterfaces(
  paramsFiles: readonly string[] = DEFAULT_PARAMS_FILES,
  overrides: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {},
  definitions: readonly NodeDefinition[] = Object.values(nodeDefinitions),
): NodeInterface[] {
  const graph = new InProcessGraph();
  const rows: NodeInterface[] = [];
  for (const definition of definitions) {
    const inner = graph.binding(definition.name);
    const note = (direction: NodeInterface["direction"], name: string, type: string, qos: string, profile?: QosProfile): void => {
      rows.push({ node: definition.name, direction, name, type, qos, ...(profile === undefined ? {} : { profile }) });
    };
    const binding: RuntimeBinding = {
      ...inner,
      advertise: (type, topic, qos) => {
        note("publishes", topic, type, describeQos(qos), qos);
        return inner.advertise(type, topic, qos);
      },
      subscribe: (type, topic, qos, callback) => {
        note("subscribes", topic, type, describeQos(qos), qos);
        return inner.subscribe(type, topic, qos, callback);
      },
      serve: (type, name, handler) => {
        note("serves", name, type, "service");
        return inner.serve(type, name, handler);
      },
    };
    const loaded = loadParamsFiles(paramsFiles, definition.name, "/", definition);
    const given = overrides[definition.name] ?? {};
    const sourceOf = (key: string): string => (key in given ? "overrides" : loaded.sourceOf(key));
    const result = new ManagedNode(definition, binding, { ...loaded.values, ...given }, sourceOf, (key) => !(key in given) && loaded.fromNodeBlock(key)).configure();
    if (!result.ok) throw new Error(result.reason);
  }
  return rows;
}

/** The README's topic table. */
export function interfaceTableMarkdown(): string {
  const rows = ["| node | direction | name | type | QoS |", "|---|---|---|---|---|"];
  for (const r of nodeInterfaces()) rows.push(`| ${r.node} | ${r.direction} | \`${r.name}\` | ${r.type} | ${r.qos} |`);
  return `${rows.join("\n")}\n`;
}
