/**
 * Parameter schemas: the single source of every parameter's name, type, default, unit, range and
 * description. Both runtimes validate what a params YAML (or `ros2 param set`) gives against them,
 * and the README's parameter table is generated from them.
 */
import { didYouMean } from "./didYouMean";

export type ParameterType =
  | "bool"
  | "integer"
  | "double"
  | "string"
  | "bool_array"
  | "integer_array"
  | "double_array"
  | "string_array";

export type ParameterValue = boolean | number | string | boolean[] | number[] | string[];

export interface ParameterDescriptor {
  readonly type: ParameterType;
  /** Value used when the params file does not set it. Omitted: the parameter is required. */
  readonly default?: ParameterValue;
  /** What it means, for the README and `ros2 param describe`. */
  readonly description: string;
  /** SI unit ("m", "s", "rad", "rad/s", "kg/m^3", ...); "1" for dimensionless, "" for text / flags. */
  readonly unit: string;
  /** Inclusive bounds for numbers, applied to each element of a numeric array. */
  readonly min?: number;
  readonly max?: number;
  /** Allowed values of a string parameter. */
  readonly choices?: readonly string[];
  /** Required length of an array parameter, or [min, max] lengths. */
  readonly length?: number | readonly [number, number];
  /** Only settable at start-up (from the params file), refused at run time. */
  readonly readOnly?: boolean;
  /** May be absent (no default, not required): e.g. a field only some filter types use. */
  readonly optional?: boolean;
}

/** Flat parameter names (ROS 2 style, dotted for nested YAML keys) to their descriptors. */
export type ParameterSchema = Readonly<Record<string, ParameterDescriptor>>;

/**
 * Repeated parameter blocks, `<prefix>.<name>.<field>`: the instances are listed, in order, by the
 * string_array `<prefix>.names` (a filter chain runs in that order), e.g. `range_sensors: {names:
 * [left, right], left: {topic: ...}}`. Each block is validated against its group's schema.
 */
export function groupNamesParameter(prefix: string): string {
  return `${prefix}.names`;
}

/** A bad parameter: names where it came from, the node, the key, the value and what is allowed. */
export class ParameterError extends Error {
  constructor(
    readonly source: string,
    readonly key: string,
    readonly value: unknown,
    readonly problem: string,
    /** The node whose parameter it is, when known. */
    readonly node?: string,
  ) {
    super(`${source}: ${node === undefined ? "" : `${node}: `}parameter '${key}' = ${formatValue(value)}: ${problem}`);
    this.name = "ParameterError";
  }
}

/**
 * What a rule found: a problem with its first key, or `{ key, problem }` for another key (e.g.
 * the one parameter of a scan filter that its constructor refused).
 */
export type RuleVerdict = string | { readonly key: string; readonly problem: string } | undefined;

/**
 * A rule over parameters that the schema cannot state on one key alone: min <= max pairs, lists
 * that go together, a value another one limits. Checked after the schema (only when each of its
 * keys passed it), at configure and on every run-time set, so a node refuses what breaks one and
 * `robocon-shooter params --check` reports it the same way.
 */
export interface ParameterRule {
  /** The keys the rule reads (field names in a group's rule); a problem is reported on the first. */
  readonly keys: readonly string[];
  /** Why the values break the rule, in words that name the other keys and their values; undefined when they do not. */
  readonly check: (values: Readonly<Record<string, ParameterValue>>) => RuleVerdict;
}

/**
 * `lowKey` must stay below `highKey` (or at most equal, unless `strict`): a range's two ends.
 * `what` says what the pair bounds, for the message.
 */
export function orderedPair(lowKey: string, highKey: string, strict: boolean, what: string): ParameterRule {
  return {
    keys: [lowKey, highKey],
    check: (values) => {
      const low = values[lowKey];
      const high = values[highKey];
      if (typeof low !== "number" || typeof high !== "number") return undefined;
      if (strict ? low < high : low <= high) return undefined;
      return `${strict ? "not below" : "above"} '${highKey}' = ${formatValue(high)}: ${what} needs ${lowKey.split(".").at(-1) ?? lowKey} ${strict ? "<" : "<="} ${highKey.split(".").at(-1) ?? highKey}`;
    },
  };
}

export function formatValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "(missing)";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

/**
 * The reason a run-time set (`ros2 param set`) is refused, as both runtimes give it. `problem`
 * (parameterProblem) already says what is allowed.
 */
export function describeRefusal(name: string, value: unknown, problem: string): string {
  return `'${name}' = ${String(value)}: ${problem}`;
}

/** What values a descriptor allows, in words, for error messages: type, limits and unit. */
export function describeAllowed(descriptor: ParameterDescriptor): string {
  const parts: string[] = [descriptor.type];
  const limits = describeLimits(descriptor);
  if (limits !== "") parts.push(limits);
  if (descriptor.unit !== "" && descriptor.unit !== "1") parts.push(`[${descriptor.unit}]`);
  return parts.join(" ");
}

/** A descriptor's bounds, choices and array length, in words ("" when nothing limits the value). */
export function describeLimits(descriptor: ParameterDescriptor): string {
  const parts: string[] = [];
  if (descriptor.min !== undefined && descriptor.max !== undefined) parts.push(`in [${descriptor.min}, ${descriptor.max}]`);
  else if (descriptor.min !== undefined) parts.push(`>= ${descriptor.min}`);
  else if (descriptor.max !== undefined) parts.push(`<= ${descriptor.max}`);
  if (descriptor.choices) parts.push(`one of ${descriptor.choices.join(" | ")}`);
  if (descriptor.length !== undefined) {
    parts.push(typeof descriptor.length === "number" ? `of length ${descriptor.length}` : `of length ${descriptor.length[0]}..${descriptor.length[1]}`);
  }
  return parts.join(" ");
}

const elementType = {
  bool_array: "bool",
  integer_array: "integer",
  double_array: "double",
  string_array: "string",
} as const;

function scalarProblem(value: unknown, type: "bool" | "integer" | "double" | "string", d: ParameterDescriptor): string | undefined {
  switch (type) {
    case "bool":
      return typeof value === "boolean" ? undefined : "expected true or false";
    case "string":
      if (typeof value !== "string") return `expected a string${d.choices ? ` (one of ${d.choices.join(" | ")})` : ""}${yamlTypingHint(value)}`;
      if (d.choices && !d.choices.includes(value)) return `expected one of ${d.choices.join(" | ")}`;
      return undefined;
    case "integer":
    case "double": {
      if (typeof value !== "number" || Number.isNaN(value)) return `expected a number (${describeAllowed(d)})`;
      if (type === "integer" && !Number.isInteger(value)) return `expected an integer (${describeAllowed(d)})`;
      if (d.min !== undefined && !(value >= d.min)) return `below the minimum: allowed ${describeAllowed(d)}`;
      if (d.max !== undefined && !(value <= d.max)) return `above the maximum: allowed ${describeAllowed(d)}`;
      return undefined;
    }
    default: {
      const unreachable: never = type;
      return `unknown type ${String(unreachable)}`;
    }
  }
}

/**
 * Why a params file gave a number or bool where text was meant: ROS types every unquoted scalar
 * (`nan`, `inf`, `1e3` are numbers, `yes`, `on`, `n` bools; see runtime/rosParamsYaml.ts), and
 * quoting is the fix.
 */
function yamlTypingHint(value: unknown): string {
  if (typeof value === "number") return "; YAML typed the value as a number: quote it to keep it text";
  if (typeof value === "boolean") return "; YAML typed the value as a bool (ROS reads yes, no, on, off, y, n as bools): quote it to keep it text";
  return "";
}

/** Why `value` does not fit `descriptor`, or undefined when it does. Integers are accepted for doubles. */
export function parameterProblem(value: unknown, descriptor: ParameterDescriptor): string | undefined {
  const type = descriptor.type;
  switch (type) {
    case "bool":
    case "integer":
    case "double":
    case "string":
      return scalarProblem(value, type, descriptor);
    case "bool_array":
    case "integer_array":
    case "double_array":
    case "string_array": {
      if (!Array.isArray(value)) return `expected a list (${describeAllowed(descriptor)})`;
      const length = descriptor.length;
      if (typeof length === "number" && value.length !== length) return `expected ${length} elements, got ${value.length}`;
      if (Array.isArray(length) && (value.length < length[0] || value.length > length[1])) {
        return `expected ${length[0]}..${length[1]} elements, got ${value.length}`;
      }
      for (let i = 0; i < value.length; i++) {
        const problem = scalarProblem(value[i], elementType[type], descriptor);
        if (problem !== undefined) return `element ${i}: ${problem}`;
      }
      return undefined;
    }
    default: {
      const unreachable: never = type;
      return `unknown type ${String(unreachable)}`;
    }
  }
}

export interface SchemaWithGroups {
  readonly schema: ParameterSchema;
  /** Group prefix -> the schema of one block (see groupNamesParameter). */
  readonly groups?: Readonly<Record<string, ParameterSchema>>;
  /** Rules over several fixed parameters (see ParameterRule). */
  readonly rules?: readonly ParameterRule[];
  /** Group prefix -> rules over one block's fields, checked for each listed block. */
  readonly groupRules?: Readonly<Record<string, readonly ParameterRule[]>>;
  /**
   * Heads (first key segments) that several nodes declare and must read alike, to why: a params
   * file sets them in a wildcard block (`/**:`) that every one of those nodes reads, never in one
   * node's own block (see SharedPlacement).
   */
  readonly shared?: Readonly<Record<string, string>>;
  /** Why a key the node no longer takes is refused and what replaces it, or undefined for a key it never took. */
  readonly retired?: (key: string, given: Readonly<Record<string, unknown>>) => string | undefined;
}

/** Whether a key's value came from a block that names this node alone (not a wildcard one, not a program's override). */
export type NodeBlockOrigin = (key: string) => boolean;

/** The first segment of a dotted parameter name. */
export function parameterHead(key: string): string {
  const dot = key.indexOf(".");
  return dot < 0 ? key : key.slice(0, dot);
}

/** The heads a node declares: its fixed keys' and its groups' prefixes. */
export function declaredHeads(spec: SchemaWithGroups): Set<string> {
  return new Set([...Object.keys(spec.schema).map(parameterHead), ...Object.keys(spec.groups ?? {})]);
}

/**
 * Validates the values a params file (or launch) gives against a node's schema and its rules, and
 * fills in defaults. Throws an AggregateError of ParameterErrors listing every problem at once, so
 * a team fixes a YAML in one pass; each names the file (`source`), the node (when given), the key
 * and the value.
 */
export function resolveParameters(
  spec: SchemaWithGroups,
  given: Readonly<Record<string, unknown>>,
  source: string | ((key: string) => string),
  node?: string,
  fromNodeBlock: NodeBlockOrigin = () => false,
): Record<string, ParameterValue> {
  const sourceOf = typeof source === "string" ? () => source : source;
  const errors: ParameterError[] = [];
  const refused = new Set<string>();
  const resolved: Record<string, ParameterValue> = {};
  const fail = (key: string, value: unknown, problem: string): void => {
    errors.push(new ParameterError(sourceOf(key), key, value, problem, node));
    refused.add(key);
  };
  const check = (key: string, descriptor: ParameterDescriptor): void => {
    const value = given[key] ?? descriptor.default;
    if (value === undefined && descriptor.optional === true) return;
    if (value === undefined) {
      fail(key, undefined, `required (${describeAllowed(descriptor)}): ${descriptor.description}`);
      return;
    }
    const problem = parameterProblem(value, descriptor);
    if (problem !== undefined) fail(key, value, problem);
    else resolved[key] = value as ParameterValue;
  };
  for (const [key, descriptor] of Object.entries(spec.schema)) check(key, descriptor);
  for (const key of Object.keys(given)) {
    const why = spec.shared?.[parameterHead(key)];
    if (why !== undefined && fromNodeBlock(key)) fail(key, given[key], `set in this node's own block: ${why}; set '${parameterHead(key)}' in a \`/**:\` block of the params file, which every node reads`);
  }

  const groupKeys = new Set<string>();
  const listed = new Map<string, string[]>();
  for (const [prefix, fields] of Object.entries(spec.groups ?? {})) {
    const namesKey = groupNamesParameter(prefix);
    const instances = resolved[namesKey];
    const names = Array.isArray(instances) ? instances.map(String) : [];
    listed.set(prefix, names);
    const twice = names.filter((name, i) => names.indexOf(name) !== i);
    if (twice.length > 0) fail(namesKey, instances, `lists ${[...new Set(twice)].map((n) => `'${n}'`).join(", ")} more than once: each name is one block`);
    for (const name of names) {
      for (const [field, descriptor] of Object.entries(fields)) {
        const key = `${prefix}.${name}.${field}`;
        groupKeys.add(key);
        check(key, descriptor);
      }
    }
    for (const key of Object.keys(given)) {
      if (!key.startsWith(`${prefix}.`) || groupKeys.has(key) || key in spec.schema) continue;
      const [, name, ...rest] = key.split(".");
      const field = rest.join(".");
      // A block whose name the list leaves out is switched off, not wrong: a launch file or a
      // test narrows the list without deleting blocks from the shared params file.
      if (name !== undefined && names.includes(name)) {
        fail(key, given[key], spec.retired?.(key, given) ?? `unknown field '${field}'${didYouMean(field, Object.keys(fields)) || `; allowed: ${Object.keys(fields).join(", ")}`}`);
      }
      groupKeys.add(key);
    }
  }
  for (const key of Object.keys(given)) {
    if (!(key in spec.schema) && !groupKeys.has(key) && !isRosInternal(key)) {
      fail(key, given[key], spec.retired?.(key, given) ?? unknownParameterProblem(key, [...Object.keys(spec.schema), ...groupKeys]));
    }
  }
  errors.push(...ruleProblems(spec, resolved, sourceOf, node, refused, listed, given));
  if (errors.length > 0) {
    throw new AggregateError(errors, errors.map((e) => e.message).join("\n"));
  }
  return resolved;
}

/**
 * Group blocks a node takes nothing from: a block whose name `<prefix>.names` leaves out (switched
 * off, see resolveParameters) and a listed name with no block (every field at its default). Not
 * errors, since a launch file or a test narrows a list on purpose, but in a params file they are
 * usually a misspelt name: `robocon-shooter params --check` warns about each.
 */
export function unusedGroupBlocks(
  spec: SchemaWithGroups,
  given: Readonly<Record<string, unknown>>,
  sourceOf: (key: string) => string,
  node?: string,
): string[] {
  const warnings: string[] = [];
  const label = node === undefined ? "" : `${node}: `;
  for (const [prefix, fields] of Object.entries(spec.groups ?? {})) {
    const namesKey = groupNamesParameter(prefix);
    const list = given[namesKey] ?? spec.schema[namesKey]?.default;
    const listed = Array.isArray(list) ? list.map(String) : [];
    const blocks = new Map<string, string>();
    for (const key of Object.keys(given)) {
      // A fixed key under the prefix (robot_frames.source beside robot_frames.names) is no block.
      if (key === namesKey || key in spec.schema || !key.startsWith(`${prefix}.`)) continue;
      const name = key.split(".")[1];
      if (name !== undefined && !blocks.has(name)) blocks.set(name, key);
    }
    const unlisted = [...blocks.keys()].filter((name) => !listed.includes(name));
    for (const name of unlisted) {
      const key = blocks.get(name) ?? namesKey;
      warnings.push(`${sourceOf(key)}: ${label}block '${prefix}.${name}' is not in '${namesKey}' = ${formatValue(listed)}: the node ignores it${didYouMean(name, listed)}`);
    }
    // A missing block with a required field is configure's error already; a default list is the schema's choice.
    const allDefaulted = Object.values(fields).every((d) => d.default !== undefined || d.optional === true);
    if (!allDefaulted || !(namesKey in given)) continue;
    for (const name of listed.filter((n) => !blocks.has(n))) {
      warnings.push(`${sourceOf(namesKey)}: ${label}'${namesKey}' lists '${name}' but no '${prefix}.${name}' block is given: every field takes its default${didYouMean(name, unlisted)}`);
    }
  }
  return warnings;
}

/** Why a key is unknown: the nearest known key, else the known keys under its first segment. */
function unknownParameterProblem(key: string, known: readonly string[]): string {
  const suggestion = didYouMean(key, known);
  if (suggestion !== "") return `unknown parameter${suggestion}`;
  const head = `${key.split(".")[0] ?? key}.`;
  const sameHead = known.filter((k) => k.startsWith(head));
  if (key.includes(".") && sameHead.length > 0) return `unknown parameter; under '${head}' there are: ${sameHead.join(", ")}`;
  return "unknown parameter (`robocon-shooter params` lists every parameter of every node)";
}

/**
 * The spec's rules (fixed and per group block) over resolved values, as ParameterErrors. A rule
 * is skipped when one of its keys was refused already (its value is not there to judge). Each
 * problem is reported on the rule's first key, with the files of its other keys when they differ.
 */
export function ruleProblems(
  spec: SchemaWithGroups,
  values: Readonly<Record<string, ParameterValue>>,
  sourceOf: (key: string) => string,
  node?: string,
  refused: ReadonlySet<string> = new Set(),
  listed?: ReadonlyMap<string, readonly string[]>,
  given: Readonly<Record<string, unknown>> = values,
): ParameterError[] {
  const errors: ParameterError[] = [];
  const apply = (rule: ParameterRule, keyOf: (k: string) => string, ruleValues: Readonly<Record<string, ParameterValue>>): void => {
    if (rule.keys.some((k) => refused.has(keyOf(k)))) return;
    const verdict = rule.check(ruleValues);
    if (verdict === undefined) return;
    const { key, problem } = typeof verdict === "string" ? { key: rule.keys[0] ?? "", problem: verdict } : verdict;
    const fullKey = keyOf(key);
    const source = sourceOf(fullKey);
    const others = rule.keys
      .map(keyOf)
      .filter((k) => k !== fullKey && k in given && sourceOf(k) !== source)
      .map((k) => `'${k}' from ${sourceOf(k)}`);
    errors.push(new ParameterError(source, fullKey, ruleValues[key] ?? given[fullKey], others.length > 0 ? `${problem} (${others.join(", ")})` : problem, node));
  };
  for (const rule of spec.rules ?? []) apply(rule, (k) => k, values);
  for (const [prefix, rules] of Object.entries(spec.groupRules ?? {})) {
    const fields = spec.groups?.[prefix] ?? {};
    const names = listed?.get(prefix) ?? (Array.isArray(values[groupNamesParameter(prefix)]) ? (values[groupNamesParameter(prefix)] as unknown[]).map(String) : []);
    for (const name of new Set(names)) {
      const instance: Record<string, ParameterValue> = {};
      for (const field of Object.keys(fields)) {
        const value = values[`${prefix}.${name}.${field}`];
        if (value !== undefined) instance[field] = value;
      }
      for (const rule of rules) apply(rule, (field) => `${prefix}.${name}.${field}`, instance);
    }
  }
  return errors;
}

/** Parameters every ROS 2 node has, which no schema of ours declares. */
export function isRosInternal(key: string): boolean {
  return key === "use_sim_time" || key.startsWith("qos_overrides.") || key === "start_type_description_service";
}

/** The instances of a group with their fields, in the order `<prefix>.names` gives. */
export function groupInstances(
  values: Readonly<Record<string, ParameterValue>>,
  prefix: string,
  fields: ParameterSchema,
): { name: string; fields: Record<string, ParameterValue> }[] {
  const names = values[groupNamesParameter(prefix)];
  if (!Array.isArray(names)) return [];
  return names.map((instance) => {
    const name = String(instance);
    const found: Record<string, ParameterValue> = {};
    for (const field of Object.keys(fields)) {
      const value = values[`${prefix}.${name}.${field}`];
      if (value !== undefined) found[field] = value;
    }
    return { name, fields: found };
  });
}
