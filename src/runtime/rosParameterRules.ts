/**
 * Our parameters as ROS 2 sees them, decided once for both runtimes:
 * (a) which rcl_interfaces ParameterDescriptor a schema descriptor becomes (rosDescriptorOf) and
 *     which value rclnodejs gets for one of ours (rclnodejsParameterArguments: integers as bigint);
 *     conversions.ts builds rclnodejs's objects from these;
 * (b) a port of the checks rclnodejs 2.2.0 runs when a parameter is declared or set
 *     (node_modules/rclnodejs/lib/parameter.js and lib/node.js), quirks included, so the in-process
 *     graph refuses exactly what rclnodejs refuses. test/ros/descriptorParity.rostest.ts holds the
 *     port to the real rclnodejs, row by row.
 * No rclnodejs import: the simulator and the tests run this without ROS 2.
 */
import { describeAllowed, formatValue, type ParameterDescriptor, type ParameterType, type ParameterValue } from "../core/parameters/schema";
import { RclParameterType } from "./rclnodejs/rclnodejsApi";

// ---------------------------------------------------------------------------------------------
// (a) The ROS descriptor of a schema descriptor
// ---------------------------------------------------------------------------------------------

const rosTypeOf: Readonly<Record<ParameterType, number>> = {
  bool: RclParameterType.BOOL,
  integer: RclParameterType.INTEGER,
  double: RclParameterType.DOUBLE,
  string: RclParameterType.STRING,
  bool_array: RclParameterType.BOOL_ARRAY,
  integer_array: RclParameterType.INTEGER_ARRAY,
  double_array: RclParameterType.DOUBLE_ARRAY,
  string_array: RclParameterType.STRING_ARRAY,
};

/** The rcl_interfaces/msg/ParameterType code of one of our types. */
export function rosParameterType(type: ParameterType): number {
  return rosTypeOf[type];
}

/**
 * rclnodejs's DEFAULT_NUMERIC_RANGE_TOLERANCE. FloatingPointRange.inRange hands it to utils.isClose
 * as a relative tolerance: a value within 1e-6 of a bound, relative to the larger magnitude, counts
 * as on it (at a bound of 0 only 0 itself does).
 */
export const RCLNODEJS_RANGE_TOLERANCE = 1e-6;

/** The int64 limits: an IntegerRange bound our schema leaves open. */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** rcl_interfaces/msg/FloatingPointRange as rclnodejs's FloatingPointRange holds it. */
export interface RosFloatingPointRange {
  readonly kind: "floating_point";
  readonly fromValue: number;
  readonly toValue: number;
  /** 0: continuous. rclnodejs's default is 1, which would refuse 1.5. */
  readonly step: number;
  readonly tolerance: number;
}

/** rcl_interfaces/msg/IntegerRange as rclnodejs's IntegerRange holds it. */
export interface RosIntegerRange {
  readonly kind: "integer";
  readonly fromValue: bigint;
  readonly toValue: bigint;
  readonly step: bigint;
}

export type RosRange = RosFloatingPointRange | RosIntegerRange;

/** The descriptor `ros2 param describe` shows and rclnodejs checks values against. */
export interface RosParameterDescriptor {
  readonly name: string;
  /** rcl_interfaces/msg/ParameterType code. */
  readonly type: number;
  readonly description: string;
  readonly readOnly: boolean;
  readonly additionalConstraints: string;
  readonly range?: RosRange;
}

/**
 * A schema descriptor as ROS 2 sees it: description with its unit, read-only flag, a range for
 * scalar numbers only (rosRangeOf), and in additional_constraints everything allowed in words
 * (bounds, choices, array lengths) as our error messages put it.
 */
export function rosDescriptorOf(name: string, descriptor: ParameterDescriptor): RosParameterDescriptor {
  const unit = descriptor.unit !== "" && descriptor.unit !== "1" ? ` [${descriptor.unit}]` : "";
  const range = rosRangeOf(descriptor);
  return {
    name,
    type: rosParameterType(descriptor.type),
    description: `${descriptor.description}${unit}`,
    readOnly: descriptor.readOnly === true,
    additionalConstraints: describeAllowed(descriptor),
    ...(range === undefined ? {} : { range }),
  };
}

/**
 * The range a descriptor carries: an integer or double with a bound gets one, open ends at the
 * type's limits. Arrays get none although our schema bounds their elements: rclnodejs 2.2.0 checks
 * a range against an array's whole value (see floatingPointRangeInRange and integerRangeInRange),
 * so an empty double array would have to hold 0 and any integer array would be refused. Their
 * element bounds stay in our schema check (parameterProblem) and in additional_constraints.
 */
export function rosRangeOf(descriptor: ParameterDescriptor): RosRange | undefined {
  if (descriptor.min === undefined && descriptor.max === undefined) return undefined;
  switch (descriptor.type) {
    case "integer":
      return {
        kind: "integer",
        fromValue: descriptor.min === undefined ? INT64_MIN : BigInt(Math.ceil(descriptor.min)),
        toValue: descriptor.max === undefined ? INT64_MAX : BigInt(Math.floor(descriptor.max)),
        step: 1n,
      };
    case "double":
      return {
        kind: "floating_point",
        fromValue: descriptor.min ?? -Number.MAX_VALUE,
        toValue: descriptor.max ?? Number.MAX_VALUE,
        step: 0,
        tolerance: RCLNODEJS_RANGE_TOLERANCE,
      };
    case "integer_array":
    case "double_array":
    case "bool":
    case "string":
    case "bool_array":
    case "string_array":
      return undefined;
    default: {
      const unreachable: never = descriptor.type;
      throw new Error(`unknown parameter type ${String(unreachable)}`);
    }
  }
}

/** What `new rclnodejs.Parameter(name, type, value)` is called with. */
export interface RclnodejsParameterArguments {
  readonly name: string;
  /** rcl_interfaces/msg/ParameterType code. */
  readonly type: number;
  readonly value: unknown;
}

/**
 * One of our values as rclnodejs wants it under its descriptor's type: integers and integer arrays
 * as bigint (rclnodejs refuses numbers there), an integer for a double as a double. Throws, as
 * BigInt does, for a number that is not finite.
 */
export function rclnodejsParameterArguments(name: string, value: ParameterValue, descriptor: ParameterDescriptor): RclnodejsParameterArguments {
  const type = rosParameterType(descriptor.type);
  switch (descriptor.type) {
    case "integer":
      return { name, type, value: BigInt(Math.trunc(Number(value))) };
    case "integer_array":
      return { name, type, value: (value as number[]).map((v) => BigInt(Math.trunc(v))) };
    case "double":
      return { name, type, value: Number(value) };
    case "bool":
    case "string":
    case "bool_array":
    case "double_array":
    case "string_array":
      return { name, type, value };
    default: {
      const unreachable: never = descriptor.type;
      throw new Error(`unknown parameter type ${String(unreachable)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// (b) rclnodejs 2.2.0's rules, ported
// ---------------------------------------------------------------------------------------------

export type RclnodejsVerdict = { readonly accepted: true } | { readonly accepted: false; readonly reason: string };

const ACCEPTED: RclnodejsVerdict = { accepted: true };

function refused(reason: string): RclnodejsVerdict {
  return { accepted: false, reason };
}

/** Port of utils.isClose (lib/utils.js). Only numbers reach it here; rclnodejs's also takes arrays, and is false for them. */
function isClose(a: number, b: number, rtol = 1e-9, atol = 0): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const absDiff = Math.abs(a - b);
  if (atol >= absDiff) return true;
  const relativeScaler = Math.max(Math.abs(a), Math.abs(b));
  if (relativeScaler === 0) return true;
  return rtol >= absDiff / relativeScaler;
}

/**
 * Port of FloatingPointRange.inRange (lib/parameter.js), which first runs Range.inRange. For an
 * array that base check walks the elements with this same function, so each must be in range;
 * then the rest of the function runs on the whole array as JavaScript coerces it:
 * - utils.isClose(array, bound) is false (Number.isFinite does not coerce), so no tolerance;
 * - `array < min` compares Number(array.join(",")): an empty array as 0, a one-element array as
 *   its element (exactly, without the tolerance the element check had), several elements as NaN,
 *   which is never out of range;
 * - with a step, Math.round of NaN and isClose(.., array) refuse every array.
 */
export function floatingPointRangeInRange(range: RosFloatingPointRange, value: number | readonly number[]): boolean {
  if (typeof value !== "number" && !value.every((element) => floatingPointRangeInRange(range, element))) return false;
  const min = Math.min(range.fromValue, range.toValue);
  const max = Math.max(range.fromValue, range.toValue);
  if (typeof value === "number" && (isClose(value, min, range.tolerance) || isClose(value, max, range.tolerance))) return true;
  const compared = typeof value === "number" ? value : Number(value.join(","));
  if (compared < min || compared > max) return false;
  if (range.step !== 0) {
    const distanceInSteps = Math.round((compared - min) / range.step);
    if (typeof value !== "number" || !isClose(min + distanceInSteps * range.step, value, range.tolerance)) return false;
  }
  return true;
}

/** JavaScript's StringToBigInt, which `"text" < 1n` uses: undefined when the text is no integer. */
function stringToBigInt(text: string): bigint | undefined {
  try {
    return BigInt(text);
  } catch {
    return undefined;
  }
}

/**
 * Port of IntegerRange.inRange (lib/parameter.js). Unlike FloatingPointRange it never calls
 * Range.inRange, so an array's elements are not checked one by one; the array is compared whole:
 * - `array < min` turns the array into its text and that into a bigint: an empty array is 0n, a
 *   one-element array its element, several elements ("1,2") no number, so neither bound refuses;
 * - then `(array - min) % step` throws a TypeError (a Number minus a BigInt) for any non-zero
 *   step, which Node._validateParameters turns into a refusal. So every integer array is refused.
 */
export function integerRangeInRange(range: RosIntegerRange, value: bigint | readonly bigint[]): boolean {
  const compared = typeof value === "bigint" ? value : stringToBigInt(value.join(","));
  if (compared !== undefined && (compared < range.fromValue || compared > range.toValue)) return false;
  if (range.step !== 0n) {
    if (typeof value !== "bigint") throw new TypeError("Cannot mix BigInt and other types, use explicit conversions");
    if ((value - range.fromValue) % range.step !== 0n) return false;
  }
  return true;
}

function isNumberOrNumbers(value: unknown): value is number | readonly number[] {
  return typeof value === "number" || (Array.isArray(value) && value.every((element) => typeof element === "number"));
}

function isBigintOrBigints(value: unknown): value is bigint | readonly bigint[] {
  return typeof value === "bigint" || (Array.isArray(value) && value.every((element) => typeof element === "bigint"));
}

/**
 * `range.inRange(value)` as rclnodejs runs it on a parameter's whole value. rclnodejs checks the
 * value's type before (validateParameter), so only numbers reach a FloatingPointRange and bigints
 * an IntegerRange; anything else throws here, as Range.inRange does for most of it.
 */
export function rclnodejsRangeInRange(range: RosRange, value: unknown): boolean {
  switch (range.kind) {
    case "floating_point":
      if (!isNumberOrNumbers(value)) throw new TypeError(`value ${formatValue(value)} is not a number or an array of numbers`);
      return floatingPointRangeInRange(range, value);
    case "integer":
      if (!isBigintOrBigints(value)) throw new TypeError(`value ${formatValue(value)} is not a bigint or an array of bigints`);
      return integerRangeInRange(range, value);
    default: {
      const unreachable: never = range;
      throw new Error(`unknown range ${String(unreachable)}`);
    }
  }
}

/** rclnodejs's PARAMETER_BYTE: the element type validValue checks a BYTE_ARRAY's elements against. */
const RCLNODEJS_PARAMETER_BYTE = 10;

const elementTypeOf: Readonly<Record<number, number>> = {
  [RclParameterType.BOOL_ARRAY]: RclParameterType.BOOL,
  [RclParameterType.BYTE_ARRAY]: RCLNODEJS_PARAMETER_BYTE,
  [RclParameterType.INTEGER_ARRAY]: RclParameterType.INTEGER,
  [RclParameterType.DOUBLE_ARRAY]: RclParameterType.DOUBLE,
  [RclParameterType.STRING_ARRAY]: RclParameterType.STRING,
};

/** Port of validType (lib/parameter.js): a ParameterType code. */
function validType(type: number): boolean {
  return type >= RclParameterType.NOT_SET && type <= RclParameterType.STRING_ARRAY;
}

/**
 * Port of validValue and _validArray (lib/parameter.js): the exact JavaScript type a parameter type
 * holds. INTEGER takes only a bigint, DOUBLE only a number (an integer-valued number for a double
 * is fine, a bigint is not); an array's elements likewise, an empty array fits every array type.
 */
function validValue(value: unknown, type: number): boolean {
  if (value === null || value === undefined) return type === RclParameterType.NOT_SET;
  switch (type) {
    case RclParameterType.NOT_SET:
      return !value;
    case RclParameterType.BOOL:
      return typeof value === "boolean";
    case RclParameterType.STRING:
      return typeof value === "string";
    case RclParameterType.DOUBLE:
    case RCLNODEJS_PARAMETER_BYTE:
      return typeof value === "number";
    case RclParameterType.INTEGER:
      return typeof value === "bigint";
    default: {
      const elementType = elementTypeOf[type];
      return elementType !== undefined && Array.isArray(value) && value.every((element) => validValue(element, elementType));
    }
  }
}

/** Port of Parameter.validate (lib/parameter.js): why the parameter is invalid, or undefined. */
function invalidParameterReason(name: string, type: number, value: unknown): string | undefined {
  if (name.trim().length === 0) return "its name is empty";
  if (!validType(type)) return `type ${type} is no ParameterType`;
  if (!validValue(value, type)) return `${formatValue(value)} (a ${typeof value}) is not of type ${type}`;
  return undefined;
}

/**
 * Port of the Parameter constructor (lib/parameter.js): an INTEGER value goes through BigInt
 * (which throws for a fraction), then Parameter.validate. The built parameter, or why
 * `new Parameter(...)` throws.
 */
function constructParameter(parameter: RclnodejsParameterArguments): { readonly value: unknown } | { readonly problem: string } {
  let value = parameter.value;
  if (parameter.type === RclParameterType.INTEGER) {
    const converted = toBigInt(value);
    if (typeof converted === "string") return { problem: converted };
    value = converted;
  }
  const problem = invalidParameterReason(parameter.name, parameter.type, value);
  return problem === undefined ? { value } : { problem };
}

/** BigInt(value) as the Parameter constructor calls it, or BigInt's error. Objects (none of our conversions gives one) are refused. */
function toBigInt(value: unknown): bigint | string {
  if (typeof value !== "bigint" && typeof value !== "number" && typeof value !== "string" && typeof value !== "boolean") {
    return `BigInt(${formatValue(value)}) throws`;
  }
  try {
    return BigInt(value);
  } catch (error) {
    return `BigInt(${formatValue(value)}) throws: ${(error as Error).message}`;
  }
}

/** Port of Range.isValidType as FloatingPointRange and IntegerRange override it. */
function rangeSuitsType(range: RosRange, type: number): boolean {
  return range.kind === "floating_point"
    ? type === RclParameterType.DOUBLE || type === RclParameterType.DOUBLE_ARRAY
    : type === RclParameterType.INTEGER || type === RclParameterType.INTEGER_ARRAY;
}

/**
 * Port of ParameterDescriptor.validate (lib/parameter.js), which its constructor and
 * Node.declareParameters run: a name, a type code, and a range of the kind the type takes.
 */
function descriptorProblem(descriptor: RosParameterDescriptor): string | undefined {
  if (descriptor.name.trim().length === 0) return "the descriptor's name is empty";
  if (!validType(descriptor.type)) return `descriptor type ${descriptor.type} is no ParameterType`;
  if (descriptor.range !== undefined && !rangeSuitsType(descriptor.range, descriptor.type)) {
    return `Incompatible Range for parameter type: a ${descriptor.range.kind} range on type ${descriptor.type}`;
  }
  return undefined;
}

function describeRange(range: RosRange): string {
  return `${String(range.fromValue)} to ${String(range.toValue)}${range.step === 0 || range.step === 0n ? "" : ` step ${String(range.step)}`}`;
}

/**
 * Port of ParameterDescriptor.validateParameter (lib/parameter.js): the descriptor and the
 * parameter valid, names equal, types exactly equal (no integer for a double), and the value,
 * whole, in the range. A range check that throws refuses too, as Node._validateParameters catches it.
 */
function validateParameterProblem(descriptor: RosParameterDescriptor, name: string, type: number, value: unknown): string | undefined {
  const invalidParameter = invalidParameterReason(name, type, value);
  if (invalidParameter !== undefined) return `Parameter is invalid: ${invalidParameter}`;
  const invalidDescriptor = descriptorProblem(descriptor);
  if (invalidDescriptor !== undefined) return `Descriptor is invalid: ${invalidDescriptor}`;
  if (descriptor.name !== name) return `Name mismatch: descriptor ${descriptor.name}, parameter ${name}`;
  if (descriptor.type !== type) return `type ${type} where the descriptor has type ${descriptor.type}`;
  if (descriptor.range !== undefined) {
    const range = descriptor.range;
    let inRange: boolean;
    try {
      inRange = rclnodejsRangeInRange(range, value);
    } catch (error) {
      const wholeArray = Array.isArray(value) ? "; rclnodejs checks a range against an array's whole value" : "";
      return `its range check throws (${(error as Error).message})${wholeArray}`;
    }
    if (!inRange) {
      const wholeArray = Array.isArray(value) ? "; rclnodejs compares an array's whole value with the range" : "";
      return `outside its range ${describeRange(range)}${wholeArray}`;
    }
  }
  return undefined;
}

/**
 * Port of Node._validateParameters (lib/node.js) for one parameter: valid, declared, not
 * read-only unless being declared, and fitting its descriptor. rclnodejs's own reason for the
 * last is "Parameter <name> does not  readonly", whatever failed; ours says what.
 */
function validateForStore(
  descriptor: RosParameterDescriptor | undefined,
  name: string,
  type: number,
  value: unknown,
  mode: "declare" | "set",
): RclnodejsVerdict {
  if (invalidParameterReason(name, type, value) !== undefined) return refused(`Invalid ${name}`);
  if (descriptor === undefined) return refused(`Parameter ${name} has not been declared`);
  if (mode === "set" && descriptor.readOnly) return refused(`Parameter ${name} is readonly`);
  if (type !== RclParameterType.NOT_SET) {
    const problem = validateParameterProblem(descriptor, name, type, value);
    if (problem !== undefined) return refused(`rclnodejs refuses ${name} = ${formatValue(value)}: ${problem}`);
  }
  return ACCEPTED;
}

/**
 * What rclnodejs 2.2.0 says to declaring these parameters, none of them declared yet, each with
 * its descriptor, overrides ignored (as RclnodejsBinding.declareParameters calls it):
 * `new Parameter` for each (it throws first), `new ParameterDescriptor` for each (its validate()),
 * then Node.declareParameters: descriptor.validate() again and _setParametersAtomically in declare
 * mode, i.e. _validateParameters, where read_only does not apply. All or none: the first refusal
 * is what declareParameters throws.
 */
export function rclnodejsDeclareVerdict(
  entries: ReadonlyArray<{ readonly parameter: RclnodejsParameterArguments; readonly descriptor: RosParameterDescriptor }>,
): RclnodejsVerdict {
  const built: { readonly descriptor: RosParameterDescriptor; readonly name: string; readonly type: number; readonly value: unknown }[] = [];
  for (const { parameter, descriptor } of entries) {
    const constructed = constructParameter(parameter);
    if ("problem" in constructed) return refused(`new Parameter(${parameter.name}) throws: ${constructed.problem}`);
    built.push({ descriptor, name: parameter.name, type: parameter.type, value: constructed.value });
  }
  for (const { descriptor } of built) {
    const problem = descriptorProblem(descriptor);
    if (problem !== undefined) return refused(`new ParameterDescriptor(${descriptor.name}) throws: ${problem}`);
  }
  for (const { descriptor, name, type, value } of built) {
    const verdict = validateForStore(descriptor, name, type, value, "declare");
    if (!verdict.accepted) return verdict;
  }
  return ACCEPTED;
}

/**
 * What rclnodejs 2.2.0 says to setting one parameter (Node.setParameters runs each through
 * _setParametersAtomically on its own), before any on-set callback: `new Parameter`, then
 * _validateParameters in set mode, where a read-only parameter is refused. `declared` is the
 * descriptor registered when it was declared; undefined when it never was.
 */
export function rclnodejsSetVerdict(declared: RosParameterDescriptor | undefined, parameter: RclnodejsParameterArguments): RclnodejsVerdict {
  const constructed = constructParameter(parameter);
  if ("problem" in constructed) return refused(`new Parameter(${parameter.name}) throws: ${constructed.problem}`);
  return validateForStore(declared, parameter.name, parameter.type, constructed.value, "set");
}
