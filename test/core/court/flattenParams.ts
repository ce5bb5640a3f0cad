import * as fs from "node:fs";
import { parse } from "yaml";
import type { ParameterValue } from "../../../src/runtime/parameters";

/**
 * Test helper: a params YAML's `node: ros__parameters:` block flattened to dotted ROS 2 names,
 * as the runtime's loader will do.
 */
export function loadFlatParams(file: string, nodeName: string): Record<string, ParameterValue> {
  const doc: unknown = parse(fs.readFileSync(file, "utf8"));
  const node = isRecord(doc) ? doc[nodeName] : undefined;
  const params = isRecord(node) ? node.ros__parameters : undefined;
  if (!isRecord(params)) throw new Error(`${file} has no ${nodeName}.ros__parameters`);
  const out: Record<string, ParameterValue> = {};
  flatten(params, "", out);
  return out;
}

function flatten(value: Record<string, unknown>, prefix: string, out: Record<string, ParameterValue>): void {
  for (const [key, v] of Object.entries(value)) {
    const name = prefix === "" ? key : `${prefix}.${key}`;
    if (isRecord(v)) flatten(v, name, out);
    else out[name] = v as ParameterValue;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
