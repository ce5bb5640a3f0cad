/**
 * One table of parameter declarations and sets with what rclnodejs 2.2.0 does with each, shared by
 * test/runtime/rosParameterRules.test.ts (the port says so) and
 * test/ros/descriptorParity.rostest.ts (the real rclnodejs does so).
 */
import type { ParameterDescriptor, ParameterValue } from "../../src/core/parameters/schema";
import { RclParameterType } from "../../src/runtime/rclnodejs/rclnodejsApi";
import {
  RCLNODEJS_RANGE_TOLERANCE,
  rclnodejsParameterArguments,
  rclnodejsDeclareVerdict,
  rclnodejsSetVerdict,
  rosDescriptorOf,
  type RclnodejsParameterArguments,
  type RclnodejsVerdict,
  type RosParameterDescriptor,
  type RosRange,
} from "../../src/runtime/rosParameterRules";

export interface ParameterRuleCase {
  readonly label: string;
  /**
   * declare: declareParameters with the descriptor; set: declare the schema default first, then
   * setParameters; set_undeclared: setParameters on a parameter never declared.
   */
  readonly operation: "declare" | "set" | "set_undeclared";
  readonly schema: ParameterDescriptor;
  /** Attached to the ROS descriptor rosDescriptorOf makes: the old mapping's ranges on arrays, and the like. */
  readonly range?: RosRange;
  /** Our value, converted as RclnodejsBinding converts it... */
  readonly value: ParameterValue;
  /** ...or, when given, exactly what `new Parameter(name, type, value)` receives. */
  readonly raw?: { readonly type: number; readonly value: unknown };
  /** For a set: the value declared first; the schema default when not given. */
  readonly initial?: ParameterValue;
  readonly accepted: boolean;
}

/** A continuous range, as rosRangeOf makes them. */
export function floatRange(fromValue: number, toValue: number, step = 0): RosRange {
  return { kind: "floating_point", fromValue, toValue, step, tolerance: RCLNODEJS_RANGE_TOLERANCE };
}

export function integerRange(fromValue: bigint, toValue: bigint, step = 1n): RosRange {
  return { kind: "integer", fromValue, toValue, step };
}

const gain: ParameterDescriptor = { type: "double", default: 1, min: 0.5, max: 2, unit: "1", description: "gain" };
const nearOne: ParameterDescriptor = { type: "double", default: 1.5, min: 1, max: 2, unit: "1", description: "gain near 1" };
const window: ParameterDescriptor = { type: "integer", default: 5, min: 1, max: 99, unit: "1", description: "window" };
const count: ParameterDescriptor = { type: "integer", default: 0, min: 0, unit: "1", description: "count, no maximum" };
const distance: ParameterDescriptor = { type: "double", default: 0, min: 0, unit: "m", description: "distance, no maximum" };
const factors: ParameterDescriptor = { type: "double_array", default: [], min: 0.5, max: 2, unit: "1", description: "factors" };
const keys: ParameterDescriptor = { type: "double_array", default: [], min: 0, max: 100, unit: "m", description: "keys" };
const counts: ParameterDescriptor = { type: "integer_array", default: [], min: 0, max: 9, unit: "1", description: "counts" };
const ids: ParameterDescriptor = { type: "integer_array", default: [], min: 1, max: 9, unit: "1", description: "ids" };
const frame: ParameterDescriptor = { type: "string", default: "laser", unit: "", description: "frame", readOnly: true };
const limit: ParameterDescriptor = { type: "double", default: 1, min: 0.5, max: 2, unit: "1", description: "limit", readOnly: true };
const flag: ParameterDescriptor = { type: "bool", default: true, unit: "", description: "flag" };
const names: ParameterDescriptor = { type: "string_array", default: [], unit: "", description: "names" };
const switches: ParameterDescriptor = { type: "bool_array", default: [], unit: "", description: "switches" };

const { INTEGER, DOUBLE, STRING, INTEGER_ARRAY, DOUBLE_ARRAY } = RclParameterType;

export const PARAMETER_RULE_CASES: readonly ParameterRuleCase[] = [
  // Scalars, with the descriptor rosDescriptorOf makes (continuous FloatingPointRange, IntegerRange step 1).
  { label: "double inside its range", operation: "declare", schema: gain, value: 1, accepted: true },
  { label: "double at its minimum", operation: "declare", schema: gain, value: 0.5, accepted: true },
  { label: "double at its maximum", operation: "declare", schema: gain, value: 2, accepted: true },
  { label: "double below its minimum by less than the relative tolerance", operation: "declare", schema: nearOne, value: 1 - 5e-7, accepted: true },
  { label: "double below its minimum", operation: "declare", schema: gain, value: 0.4, accepted: false },
  { label: "double above its maximum", operation: "declare", schema: gain, value: 2.1, accepted: false },
  { label: "double NaN (no comparison with NaN holds; our schema refuses it)", operation: "declare", schema: gain, value: NaN, accepted: true },
  { label: "double beyond the largest double (no maximum)", operation: "declare", schema: distance, value: Infinity, accepted: false },
  { label: "integer at its minimum", operation: "declare", schema: window, value: 1, accepted: true },
  { label: "integer at its maximum", operation: "declare", schema: window, value: 99, accepted: true },
  { label: "integer below its minimum", operation: "declare", schema: window, value: 0, accepted: false },
  { label: "integer above its maximum", operation: "declare", schema: window, value: 100, accepted: false },
  { label: "integer beyond int64 (no maximum)", operation: "declare", schema: count, value: 2 ** 63, accepted: false },
  { label: "double with rclnodejs's default step 1, between steps", operation: "declare", schema: gain, range: floatRange(0, 10, 1), value: 1.5, accepted: false },
  { label: "double with rclnodejs's default step 1, on a step", operation: "declare", schema: gain, range: floatRange(0, 10, 1), value: 2, accepted: true },

  // Arrays as rosDescriptorOf maps them: no range, whatever their elements' bounds.
  { label: "double array without range, empty", operation: "declare", schema: factors, value: [], accepted: true },
  { label: "double array without range, one element", operation: "declare", schema: factors, value: [1], accepted: true },
  { label: "double array without range, several elements", operation: "declare", schema: factors, value: [0.5, 1, 2], accepted: true },
  { label: "integer array without range, empty", operation: "declare", schema: counts, value: [], accepted: true },
  { label: "integer array without range, one element", operation: "declare", schema: counts, value: [5], accepted: true },
  { label: "integer array without range, several elements", operation: "declare", schema: counts, value: [1, 2, 3], accepted: true },

  // The old mapping, ranges on arrays: rclnodejs checks the range against the whole array.
  { label: "double array with range [0.5, 2], empty (compares as 0)", operation: "declare", schema: factors, range: floatRange(0.5, 2), value: [], accepted: false },
  { label: "double array with range [0, 100], empty (compares as 0)", operation: "declare", schema: keys, range: floatRange(0, 100), value: [], accepted: true },
  { label: "double array with range, one element inside", operation: "declare", schema: factors, range: floatRange(0.5, 2), value: [1], accepted: true },
  { label: "double array with range, one element outside", operation: "declare", schema: factors, range: floatRange(0.5, 2), value: [3], accepted: false },
  { label: "double array with range, one element within the tolerance below (compared exactly)", operation: "declare", schema: factors, range: floatRange(1, 2), value: [1 - 5e-7], accepted: false },
  { label: "double array with range, several elements inside", operation: "declare", schema: factors, range: floatRange(0.5, 2), value: [1, 1.5], accepted: true },
  { label: "double array with range, several elements, one outside", operation: "declare", schema: factors, range: floatRange(0.5, 2), value: [1, 3], accepted: false },
  { label: "double array with a stepped range, several elements on steps", operation: "declare", schema: keys, range: floatRange(0, 10, 1), value: [1, 2], accepted: false },
  { label: "integer array with range [1, 9], empty (compares as 0n)", operation: "declare", schema: ids, range: integerRange(1n, 9n), value: [], accepted: false },
  { label: "integer array with range [0, 9], empty (array minus bigint throws)", operation: "declare", schema: counts, range: integerRange(0n, 9n), value: [], accepted: false },
  { label: "integer array with range, one element inside (array minus bigint throws)", operation: "declare", schema: ids, range: integerRange(1n, 9n), value: [5], accepted: false },
  { label: "integer array with range, several elements inside (array minus bigint throws)", operation: "declare", schema: ids, range: integerRange(1n, 9n), value: [5, 6], accepted: false },
  { label: "integer array with range, one element outside", operation: "declare", schema: ids, range: integerRange(1n, 9n), value: [50], accepted: false },
  { label: "integer array with a step-0 range, several elements, one outside (not checked)", operation: "declare", schema: ids, range: integerRange(1n, 9n, 0n), value: [5, 50], accepted: true },
  { label: "FloatingPointRange on an integer parameter", operation: "declare", schema: window, range: floatRange(1, 99), value: 5, accepted: false },

  // Types: exact match after our conversion; integers are bigint.
  { label: "integer converted to bigint", operation: "declare", schema: window, value: 7, accepted: true },
  { label: "integer given as a double", operation: "declare", schema: window, value: 7, raw: { type: DOUBLE, value: 7 }, accepted: false },
  { label: "double given as an integer", operation: "declare", schema: gain, value: 1, raw: { type: INTEGER, value: 1n }, accepted: false },
  { label: "integer with a fraction (BigInt throws)", operation: "declare", schema: window, value: 7, raw: { type: INTEGER, value: 1.5 }, accepted: false },
  { label: "integer array of numbers, not bigints", operation: "declare", schema: counts, value: [], raw: { type: INTEGER_ARRAY, value: [1, 2] }, accepted: false },
  { label: "double array holding a string", operation: "declare", schema: factors, value: [], raw: { type: DOUBLE_ARRAY, value: [1, "2"] }, accepted: false },
  { label: "bool given as a string", operation: "declare", schema: flag, value: true, raw: { type: STRING, value: "true" }, accepted: false },
  { label: "bool", operation: "declare", schema: flag, value: false, accepted: true },
  { label: "string array, empty", operation: "declare", schema: names, value: [], accepted: true },
  { label: "bool array", operation: "declare", schema: switches, value: [true, false], accepted: true },

  // Read-only: declared like any other, refused on set.
  { label: "read-only string declared", operation: "declare", schema: frame, value: "base", accepted: true },
  { label: "read-only string set", operation: "set", schema: frame, value: "base", accepted: false },
  { label: "read-only double set inside its range", operation: "set", schema: limit, value: 1.5, accepted: false },

  // Sets of parameters that may change.
  { label: "double set inside its range", operation: "set", schema: gain, value: 1.5, accepted: true },
  { label: "double set outside its range", operation: "set", schema: gain, value: 3, accepted: false },
  { label: "double set with an integer", operation: "set", schema: gain, value: 1, raw: { type: INTEGER, value: 1n }, accepted: false },
  { label: "integer set at its maximum", operation: "set", schema: window, value: 99, accepted: true },
  { label: "double array set, empty", operation: "set", schema: factors, value: [], accepted: true },
  { label: "double array with range set, empty", operation: "set", schema: factors, range: floatRange(0.5, 2), initial: [1], value: [], accepted: false },
  { label: "double set, never declared", operation: "set_undeclared", schema: gain, value: 1, accepted: false },
];

/** The ROS descriptor of a case: rosDescriptorOf's, with the case's range attached. */
export function caseDescriptor(name: string, rule: ParameterRuleCase): RosParameterDescriptor {
  return { ...rosDescriptorOf(name, rule.schema), ...(rule.range === undefined ? {} : { range: rule.range }) };
}

/** What `new Parameter(...)` receives for the case's value. */
export function caseArguments(name: string, rule: ParameterRuleCase): RclnodejsParameterArguments {
  return rule.raw === undefined ? rclnodejsParameterArguments(name, rule.value, rule.schema) : { name, ...rule.raw };
}

/** What `new Parameter(...)` receives for the value declared before a set. */
export function initialArguments(name: string, rule: ParameterRuleCase): RclnodejsParameterArguments {
  const initial = rule.initial ?? rule.schema.default;
  if (initial === undefined) throw new Error(`case '${rule.label}' needs a value to declare before setting`);
  return rclnodejsParameterArguments(name, initial, rule.schema);
}

/** The port's verdict on a case. */
export function portVerdict(name: string, rule: ParameterRuleCase): RclnodejsVerdict {
  const descriptor = caseDescriptor(name, rule);
  switch (rule.operation) {
    case "declare":
      return rclnodejsDeclareVerdict([{ parameter: caseArguments(name, rule), descriptor }]);
    case "set": {
      const declared = rclnodejsDeclareVerdict([{ parameter: initialArguments(name, rule), descriptor }]);
      if (!declared.accepted) return { accepted: false, reason: `declaring the default first: ${declared.reason}` };
      return rclnodejsSetVerdict(descriptor, caseArguments(name, rule));
    }
    case "set_undeclared":
      return rclnodejsSetVerdict(undefined, caseArguments(name, rule));
    default: {
      const unreachable: never = rule.operation;
      throw new Error(`unknown operation ${String(unreachable)}`);
    }
  }
}
