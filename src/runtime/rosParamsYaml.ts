/**
 * ROS 2 params files read exactly as the robot reads them: rclnodejs hands `--params-file` to
 * rcl, whose rcl_yaml_param_parser (ROS 2 Humble, rcl 5.3.x) walks libyaml's event stream and
 * types every scalar with C's strtoll / strtod, not with a YAML schema. A YAML 1.2 reader types
 * `nan`, `1e3`, `0x10`, `010`, `yes`, `.inf` differently, so the simulator and the robot would
 * disagree on the same file. Here the `yaml` package only parses the structure (failsafe schema:
 * every scalar stays the text it was written as, with its style); the rest is a port of rcl:
 *
 * - scalar typing: get_value() in rcl_yaml_param_parser/src/parse.c;
 * - one value or a sequence of one type: parse_value() in parse.c;
 * - node names, `ros__parameters` and dotted parameter names: parse_key() in parse.c with the
 *   namespace tracker of namespace.c;
 * - the event loop (sequences, mappings, aliases refused): parse_file_events() in parse.c;
 * - several files fill one rcl_params_t: _rcl_parse_param_file() in rcl/src/rcl/arguments.c;
 * - what a parameter that holds more than one type reads as: wrapParameters() in rclnodejs's
 *   src/rcl_node_bindings.cpp.
 *
 * Where rcl refuses a file, parseRosParamsYaml throws a RosParamsFileError naming the file, the
 * line and the key. rcl's quirks are kept on purpose (a rule that differs here is a rule that
 * differs on the robot); test/ros/paramsParity.rostest.ts checks the results against the real
 * parser.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type YAMLError } from "yaml";

/** The value types rcl_yaml_param_parser produces (no byte arrays: YAML has no syntax for them). */
export interface RosValueOf {
  bool: boolean;
  integer: number;
  double: number;
  string: string;
  bool_array: boolean[];
  integer_array: number[];
  double_array: number[];
  string_array: string[];
}
export type RosValueType = keyof RosValueOf;

/**
 * A parameter as rcl read it: its type and value. Integers are numbers as rclnodejs hands them
 * over (its binding converts int64 to a double: exact up to 2^53). `not_set` is a parameter rcl
 * named but gave no value, e.g. `key: []` (an empty list has no element to take a type from).
 */
export type RosParameter =
  | { [T in RosValueType]: { readonly type: T; readonly value: RosValueOf[T] } }[RosValueType]
  | { readonly type: "not_set"; readonly value: undefined };

/** One scalar as get_value() types it. */
export type RosScalar = Extract<RosParameter, { type: "bool" | "integer" | "double" | "string" }>;
type RosScalarType = RosScalar["type"];

/** libyaml's scalar styles, which decide whether get_value() looks for a bool or a number. */
export type YamlScalarStyle = "plain" | "single_quoted" | "double_quoted" | "literal" | "folded";

/** Where rcl would refuse the params file: the file, the line (1-based) and the key it was at. */
export class RosParamsFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly key: string,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${key === "" ? "" : `key '${key}': `}${problem}; ROS 2 (rcl_yaml_param_parser) refuses this file`);
    this.name = "RosParamsFileError";
  }
}

// ---------------------------------------------------------------------------------------------
// Scalars: get_value() in parse.c

// get_value() compares the whole text with these lists (strcmp), case variants spelled out.
const TRUE_WORDS: ReadonlySet<string> = new Set(["Y", "y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
const FALSE_WORDS: ReadonlySet<string> = new Set(["N", "n", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);
// YAML's own spellings of NaN and infinity that get_value() accepts besides strtod's. Not `.Nan`
// nor `-.nan`: those are not in the list and strtod does not take them either, so they are strings.
const YAML_FLOAT_WORDS: ReadonlySet<string> = new Set([
  ".nan", ".NaN", ".NAN",
  ".inf", ".Inf", ".INF",
  "+.inf", "+.Inf", "+.INF",
  "-.inf", "-.Inf", "-.INF",
]);

/**
 * Types one scalar as get_value() does: quoted scalars are strings; otherwise the bool words,
 * then an integer if strtoll(text, &end, 0) reads all of it without overflow, then a double if
 * strtod (or the YAML NaN / infinity words) reads all of it without ERANGE, else a string.
 * Block scalars (`|`, `>`) are not quoted, so they are typed too: `|-` holding `42` is an integer.
 */
export function typeScalarLikeRcl(text: string, style: YamlScalarStyle): RosScalar {
  // rcl holds the scalar as a C string: it ends at the first NUL (only a "\0" escape has one).
  const value = asCString(text);
  if (style === "single_quoted" || style === "double_quoted") return { type: "string", value };
  if (TRUE_WORDS.has(value)) return { type: "bool", value: true };
  if (FALSE_WORDS.has(value)) return { type: "bool", value: false };

  const integer = cStrtoll(value);
  if (!integer.outOfRange && integer.end > 0 && integer.end === value.length) {
    return { type: "integer", value: Number(integer.value) };
  }

  let double: CNumberParse<number>;
  if (YAML_FLOAT_WORDS.has(value)) {
    // get_value() skips to the first letter, reads that with strtod, and negates for a leading '-'.
    const letters = value.search(/[A-Za-z]/);
    const parsed = cStrtod(value.slice(letters));
    double = { value: value.startsWith("-") ? -parsed.value : parsed.value, end: letters + parsed.end, outOfRange: parsed.outOfRange };
  } else {
    double = cStrtod(value);
  }
  if (!double.outOfRange && double.end > 0 && double.end === value.length) return { type: "double", value: double.value };
  return { type: "string", value };
}

function asCString(text: string): string {
  const nul = text.indexOf("\0");
  return nul < 0 ? text : text.slice(0, nul);
}

/** What a C conversion read: the value, how many characters it used (0: none) and whether errno became ERANGE. */
export interface CNumberParse<T> {
  readonly value: T;
  readonly end: number;
  readonly outOfRange: boolean;
}

// isspace() in the C locale: strtoll and strtod skip these first (only a block scalar can start with one).
const C_SPACES: ReadonlySet<string> = new Set([" ", "\t", "\n", "\v", "\f", "\r"]);

function skipCSpaces(text: string): number {
  let i = 0;
  while (i < text.length && C_SPACES.has(text.charAt(i))) i++;
  return i;
}

/** A character's digit value in bases up to 36, or 36 for a non-digit. */
function digitValue(character: string): number {
  const code = character.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 36;
}

const INT64_MAX = 2n ** 63n - 1n;

/**
 * glibc strtoll(text, &end, 0): optional sign, then `0x` + hex digits, `0` + octal digits, or
 * decimal digits. It stops at the first character that is not a digit of the base (`08` reads
 * as 0 and stops at the 8; `0x` with no hex digit reads the 0 alone). ERANGE beyond int64.
 * glibc 2.36's strtoll (what rcl links) has no `0b` binary prefix.
 */
export function cStrtoll(text: string): CNumberParse<bigint> {
  let i = skipCSpaces(text);
  let negative = false;
  if (text.charAt(i) === "+" || text.charAt(i) === "-") {
    negative = text.charAt(i) === "-";
    i++;
  }
  let base = 8;
  if (text.charAt(i) !== "0") base = 10;
  else if (/^[xX][0-9a-fA-F]/.test(text.slice(i + 1, i + 3))) {
    base = 16;
    i += 2;
  }
  const firstDigit = i;
  let magnitude = 0n;
  while (i < text.length && digitValue(text.charAt(i)) < base) {
    magnitude = magnitude * BigInt(base) + BigInt(digitValue(text.charAt(i)));
    i++;
  }
  if (i === firstDigit) return { value: 0n, end: 0, outOfRange: false };
  const limit = negative ? INT64_MAX + 1n : INT64_MAX;
  return { value: negative ? -magnitude : magnitude, end: i, outOfRange: magnitude > limit };
}

const DBL_MIN = 2.2250738585072014e-308;
// Exponents beyond this make any mantissa a C string can hold overflow or underflow; capping
// them keeps the exact arithmetic below small without changing any result.
const EXPONENT_CAP = 1_000_000;

/**
 * glibc strtod(text, &end) in the C locale: optional sign, then `inf` / `infinity`, `nan` /
 * `nan(chars)` (any case), a hexadecimal float (`0x1.8p3`, exponent optional), or a decimal
 * (`1.`, `.5`, `1e3`; an `e` without digits after it is not read). Rounds to nearest. ERANGE
 * when the result overflows, or underflows: is tiny (below DBL_MIN after rounding, as x86 glibc
 * decides) and inexact, so `4e-320` is refused but the exact `0x1p-1074` is not.
 */
export function cStrtod(text: string): CNumberParse<number> {
  let i = skipCSpaces(text);
  let sign = 1;
  if (text.charAt(i) === "+" || text.charAt(i) === "-") {
    sign = text.charAt(i) === "-" ? -1 : 1;
    i++;
  }
  const rest = text.slice(i);
  const infinity = /^inf(inity)?/i.exec(rest);
  if (infinity) return { value: sign * Infinity, end: i + infinity[0].length, outOfRange: false };
  const nan = /^nan(\([0-9A-Za-z_]*\))?/i.exec(rest);
  if (nan) return { value: NaN, end: i + nan[0].length, outOfRange: false };

  const hex = /^0[xX]([0-9a-fA-F]+(?:\.[0-9a-fA-F]*)?|\.[0-9a-fA-F]+)(?:[pP]([+-]?[0-9]+))?/.exec(rest);
  if (hex) {
    const [digits = "", binaryExponent = "0"] = [hex[1], hex[2]];
    const [whole = "", fraction = ""] = digits.split(".");
    const mantissa = BigInt(`0x${whole}${fraction}`);
    const exponent = clampExponent(Number(binaryExponent)) - 4 * fraction.length;
    const magnitude = binaryToDouble(mantissa, exponent);
    const exact = (): { numerator: bigint; denominator: bigint } =>
      exponent >= 0 ? { numerator: mantissa << BigInt(exponent), denominator: 1n } : { numerator: mantissa, denominator: 1n << BigInt(-exponent) };
    return { value: sign * magnitude, end: i + hex[0].length, outOfRange: isOutOfRange(magnitude, mantissa, exact) };
  }

  const decimal = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]+))?/.exec(rest);
  if (!decimal) return { value: 0, end: 0, outOfRange: false };
  const [digits = "", decimalExponent = "0"] = [decimal[1], decimal[2]];
  const [whole = "", fraction = ""] = digits.split(".");
  const significand = BigInt(`${whole}${fraction}` || "0");
  // V8's string-to-number conversion is correctly rounded, as glibc's strtod is.
  const magnitude = Number(decimal[0]);
  const exact = (): { numerator: bigint; denominator: bigint } => {
    const exponent = clampExponent(Number(decimalExponent)) - fraction.length;
    return exponent >= 0 ? { numerator: significand * 10n ** BigInt(exponent), denominator: 1n } : { numerator: significand, denominator: 10n ** BigInt(-exponent) };
  };
  return { value: sign * magnitude, end: i + decimal[0].length, outOfRange: isOutOfRange(magnitude, significand, exact) };
}

function clampExponent(exponent: number): number {
  return Math.max(-EXPONENT_CAP, Math.min(EXPONENT_CAP, exponent));
}

/**
 * glibc's ERANGE for a converted magnitude: overflow to infinity, or underflow (tiny and
 * inexact). `exactValue` gives the written number as a fraction; it is only worked out for
 * results at or below DBL_MIN, where the exponent is small enough for exact arithmetic.
 */
function isOutOfRange(magnitude: number, significand: bigint, exactValue: () => { numerator: bigint; denominator: bigint }): boolean {
  if (magnitude === Infinity) return true;
  if (significand === 0n || magnitude > DBL_MIN) return false;
  if (magnitude === 0) return true;
  const { numerator, denominator } = exactValue();
  // At or below DBL_MIN the result is a whole number of 2^-1074 steps.
  const steps = BigInt(magnitude / Number.MIN_VALUE);
  const inexact = numerator * 2n ** 1074n !== steps * denominator;
  // Tiny after rounding: below DBL_MIN - 2^-1076, the point where rounding to 53 bits with an
  // unbounded exponent would give DBL_MIN (glibc on x86 detects tininess after rounding).
  const tiny = numerator * 2n ** 1076n < (2n ** 54n - 1n) * denominator;
  return tiny && inexact;
}

/** mantissa * 2^exponent rounded to the nearest double (ties to even), subnormals included. */
function binaryToDouble(mantissa: bigint, exponent: number): number {
  if (mantissa === 0n) return 0;
  const leadingBit = mantissa.toString(2).length - 1 + exponent;
  if (leadingBit > 1023) return Infinity;
  // The spacing of doubles at this magnitude: 53 significant bits, or the subnormal step 2^-1074.
  const step = Math.max(leadingBit - 52, -1074);
  let units: bigint;
  if (exponent >= step) {
    units = mantissa << BigInt(exponent - step);
  } else {
    const shift = BigInt(step - exponent);
    units = mantissa >> shift;
    const remainder = mantissa - (units << shift);
    const half = 1n << (shift - 1n);
    if (remainder > half || (remainder === half && (units & 1n) === 1n)) units += 1n;
  }
  return scaleByPowerOfTwo(Number(units), step);
}

/** value * 2^exponent, in steps that stay within the double range (each step is exact). */
function scaleByPowerOfTwo(value: number, exponent: number): number {
  let result = value;
  let remaining = exponent;
  while (remaining > 1000) {
    result *= 2 ** 1000;
    remaining -= 1000;
  }
  while (remaining < -1000) {
    result *= 2 ** -1000;
    remaining += 1000;
  }
  return result * 2 ** remaining;
}

// ---------------------------------------------------------------------------------------------
// What rcl builds: rcl_params_t

interface ValueOrigin {
  readonly file: string;
  readonly line: number;
}

/**
 * rcl_variant_t: one slot per type. Setting a value fills its type's slot and leaves the others,
 * so a key given `1` in one file and `x` in a later one holds both, and reads as the integer.
 */
type VariantSlots = { [T in RosValueType]?: { value: RosValueOf[T]; origin: ValueOrigin } };

/** The order in which rclnodejs's wrapParameters() looks at the slots: the first one set wins. */
const SLOT_READ_ORDER = ["bool", "integer", "double", "string", "bool_array", "string_array", "integer_array", "double_array"] as const;

interface RclParameterEntry {
  /** Renamed in place as rcl does: a nested map's key first names its parent, then parent.child. */
  name: string;
  readonly slots: VariantSlots;
  readonly keyOrigin: ValueOrigin;
}

interface RclNodeEntry {
  /** As written in the file: `node`, `/ns/node`, `ns/node` (nested keys) or `/**`. */
  readonly name: string;
  readonly parameters: RclParameterEntry[];
  /** Where the block's `ros__parameters` was first written (rcl keeps no such thing: for messages). */
  readonly origin: ValueOrigin;
}

/** A parameter as rcl read it, with the file and line of the value that won. */
export interface ReadParameter {
  readonly parameter: RosParameter;
  readonly file: string;
  readonly line: number;
}

/**
 * The rcl_params_t that rcl builds from one or more params files: node names as written, each
 * with its parameters in file order. Pass one instance to several parseRosParamsYaml calls to
 * read files as `--params-file a --params-file b` does.
 */
export class RclParams {
  readonly nodes: RclNodeEntry[] = [];

  nodeNames(): string[] {
    return this.nodes.map((node) => node.name);
  }

  /** The parameters of the block named exactly `nodeName` (as rclnodejs receives them), or an empty map. */
  parametersOf(nodeName: string): Map<string, ReadParameter> {
    const result = new Map<string, ReadParameter>();
    const node = this.nodes.find((n) => n.name === nodeName);
    // rclnodejs keeps parameters in a Map by name: if rcl's renaming left two entries with one
    // name, the later one is what the node sees.
    for (const entry of node?.parameters ?? []) result.set(entry.name, readSlots(entry));
    return result;
  }

  /** Where the block's `ros__parameters` line was first written (file and line), or undefined for no such block. */
  blockOrigin(nodeName: string): { readonly file: string; readonly line: number } | undefined {
    return this.nodes.find((n) => n.name === nodeName)?.origin;
  }

  /** Every node's parameters as plain records, e.g. to compare with the real parser's output. */
  toRecord(): Record<string, Record<string, RosParameter>> {
    const record: Record<string, Record<string, RosParameter>> = {};
    for (const name of this.nodeNames()) {
      record[name] = Object.fromEntries([...this.parametersOf(name)].map(([key, read]) => [key, read.parameter]));
    }
    return record;
  }
}

function readSlots(entry: RclParameterEntry): ReadParameter {
  for (const type of SLOT_READ_ORDER) {
    const slot = entry.slots[type];
    if (slot !== undefined) {
      const parameter = { type, value: Array.isArray(slot.value) ? [...slot.value] : slot.value } as RosParameter;
      return { parameter, file: slot.origin.file, line: slot.origin.line };
    }
  }
  return { parameter: { type: "not_set", value: undefined }, file: entry.keyOrigin.file, line: entry.keyOrigin.line };
}

// ---------------------------------------------------------------------------------------------
// The YAML structure as libyaml's events

type YamlEvent =
  | { readonly kind: "scalar"; readonly text: string; readonly style: YamlScalarStyle; readonly line: number }
  | { readonly kind: "sequence_start" | "sequence_end" | "mapping_start" | "mapping_end" | "alias"; readonly line: number };

const STYLE_OF: Readonly<Record<string, YamlScalarStyle>> = {
  PLAIN: "plain",
  QUOTE_SINGLE: "single_quoted",
  QUOTE_DOUBLE: "double_quoted",
  BLOCK_LITERAL: "literal",
  BLOCK_FOLDED: "folded",
};

/**
 * Parses the YAML structure with the `yaml` package and replays it as libyaml's event stream,
 * each scalar with its text before any typing and its style. Throws on a YAML syntax error (libyaml
 * refuses those too: "Error parsing a event near line N").
 */
function yamlEvents(text: string, file: string): YamlEvent[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, {
    // failsafe: every scalar stays a string; rcl does its own typing. Tags are ignored as rcl
    // ignores them (`!!str 5` is still an integer to rcl), duplicate keys allowed as libyaml does.
    schema: "failsafe",
    resolveKnownTags: false,
    uniqueKeys: false,
    lineCounter: lines,
  });
  const lineAt = (offset: number | undefined): number => lines.linePos(offset ?? 0).line;
  const syntaxError = (error: YAMLError): RosParamsFileError => {
    const line = error.linePos?.[0].line ?? lineAt(error.pos[0]);
    // The key written on that line, if any, so the message names it as rcl's errors name theirs.
    const keyOnLine = /^\s*(?:-\s+)?([^\s:#][^:#]*?)\s*:(?:\s|$)/.exec(text.split("\n")[line - 1] ?? "")?.[1] ?? "";
    return new RosParamsFileError(file, line, keyOnLine, `not valid YAML: ${error.message.split("\n")[0] ?? ""}`);
  };
  if ("empty" in documents) {
    const [first] = documents.errors;
    if (first) throw syntaxError(first);
    return [];
  }

  const events: YamlEvent[] = [];
  const emit = (node: unknown, fallbackOffset: number): void => {
    if (isScalar(node)) {
      const source = typeof node.source === "string" ? node.source : String(node.value);
      events.push({ kind: "scalar", text: source, style: STYLE_OF[node.type ?? "PLAIN"] ?? "plain", line: lineAt(node.range?.[0]) });
    } else if (isAlias(node)) {
      events.push({ kind: "alias", line: lineAt(node.range?.[0]) });
    } else if (isMap(node)) {
      events.push({ kind: "mapping_start", line: lineAt(node.range?.[0]) });
      for (const pair of node.items) emitPair(pair.key, pair.value, node.range?.[0] ?? fallbackOffset);
      events.push({ kind: "mapping_end", line: lineAt(node.range?.[1]) });
    } else if (isSeq(node)) {
      events.push({ kind: "sequence_start", line: lineAt(node.range?.[0]) });
      for (const item of node.items) {
        // `[a: 1]` is a one-pair mapping inside the sequence, as libyaml reports it.
        if (isPair(item)) {
          events.push({ kind: "mapping_start", line: lineAt(node.range?.[0]) });
          emitPair(item.key, item.value, node.range?.[0] ?? fallbackOffset);
          events.push({ kind: "mapping_end", line: lineAt(node.range?.[0]) });
        } else {
          emit(item, node.range?.[0] ?? fallbackOffset);
        }
      }
      events.push({ kind: "sequence_end", line: lineAt(node.range?.[1]) });
    } else {
      // No node at all (`key:` with nothing after it): libyaml reports an empty plain scalar.
      events.push({ kind: "scalar", text: "", style: "plain", line: lineAt(fallbackOffset) });
    }
  };
  const emitPair = (key: unknown, value: unknown, fallbackOffset: number): void => {
    const keyRange = isScalar(key) || isMap(key) || isSeq(key) || isAlias(key) ? key.range : undefined;
    emit(key, fallbackOffset);
    emit(value, keyRange?.[1] ?? fallbackOffset);
  };

  for (const document of documents) {
    const [first] = document.errors;
    if (first) throw syntaxError(first);
    emit(document.contents, document.range[0]);
  }
  return events;
}

// ---------------------------------------------------------------------------------------------
// The event loop: parse_file_events(), parse_key(), parse_value() in parse.c

const PARAMS_KEY = "ros__parameters";
const MAP_NODE_NAME_LEVEL = 1;
const MAP_PARAMS_LEVEL = 2;

/**
 * Reads one params file's text into `into` (a fresh RclParams by default) exactly as
 * rcl_parse_yaml_file() does, and returns it. Throws a RosParamsFileError where rcl refuses the file.
 */
export function parseRosParamsYaml(text: string, file: string, into: RclParams = new RclParams()): RclParams {
  new RclParamsFileParser(into, file).run(recentYamlEvents(text, file));
  return into;
}

/** How many files' events recentYamlEvents keeps. */
const RECENT_FILES = 16;
const recentEvents = new Map<string, { readonly text: string; readonly events: readonly YamlEvent[] }>();

/**
 * yamlEvents(), kept for the last files read while their text is unchanged: a replay, a
 * simulation or a launch reads the same params files once per node (and once more for the
 * launcher model), and the YAML parse was most of each read (docs/performance.md). The events
 * are read-only, so every reader may share them; a file whose text changed is parsed again.
 */
function recentYamlEvents(text: string, file: string): readonly YamlEvent[] {
  const recent = recentEvents.get(file);
  if (recent?.text === text) return recent.events;
  const events = yamlEvents(text, file);
  recentEvents.delete(file);
  recentEvents.set(file, { text, events });
  if (recentEvents.size > RECENT_FILES) {
    const oldest = recentEvents.keys().next();
    if (oldest.done !== true) recentEvents.delete(oldest.value);
  }
  return events;
}

/** The namespace_tracker_t of namespace.c: the node name and the parameter prefix built so far. */
class NameTracker {
  text: string | undefined = undefined;
  count = 0;

  constructor(private readonly separator: string) {}

  /** add_name_to_ns(): no second separator when the name so far already ends with one (`/**` + `/`). */
  add(name: string): void {
    if (this.count === 0 || this.text === undefined) this.text = name;
    else this.text = this.text.endsWith(this.separator) ? `${this.text}${name}` : `${this.text}${this.separator}${name}`;
    this.count++;
  }

  /** rem_name_from_ns(): cuts at the LAST separator, even one inside a key (`a.b: {c: 1}`). */
  remove(): void {
    if (this.count === 0) return;
    if (this.count === 1) this.text = undefined;
    else if (this.text !== undefined) {
      const last = this.text.lastIndexOf(this.separator);
      if (last >= 0) this.text = this.text.slice(0, last);
    }
    this.count--;
  }

  /** replace_ns(). */
  replace(text: string, count: number): void {
    this.text = text;
    this.count = count;
  }
}

class RclParamsFileParser {
  private isKey = true;
  private isSequence = false;
  private sequenceType: RosScalarType | undefined = undefined;
  private mapLevel = MAP_NODE_NAME_LEVEL;
  private mapDepth = 0;
  private isNewMap = false;
  // Kept across node blocks, as in rcl (they are indices into the current node's lists).
  private nodeIndex = 0;
  private parameterIndex = 0;
  private readonly nodeName = new NameTracker("/");
  private readonly parameterPrefix = new NameTracker(".");
  /** The last key read, for error messages. */
  private lastKey = "";

  constructor(
    private readonly params: RclParams,
    private readonly file: string,
  ) {}

  run(events: readonly YamlEvent[]): void {
    for (const event of events) {
      switch (event.kind) {
        case "scalar":
          if (this.isKey) {
            this.parseKey(event.text, event.line);
            this.isKey = false;
          } else {
            this.checkValueAllowed(event.line);
            this.parseValue(event.text, event.style, event.line);
            if (!this.isSequence) this.isKey = true;
          }
          break;
        case "sequence_start":
          if (this.isKey) this.refuse(event.line, "a list cannot be a key (rcl: Sequences cannot be key)");
          if (this.mapLevel < MAP_PARAMS_LEVEL) this.refuse(event.line, `a list outside '${PARAMS_KEY}' (rcl: Sequences can only be values and not keys in params)`);
          this.isSequence = true;
          this.sequenceType = undefined;
          break;
        case "sequence_end":
          this.isSequence = false;
          this.isKey = true;
          break;
        case "mapping_start":
          this.mapDepth++;
          this.isNewMap = true;
          this.isKey = true;
          // The mapping right under `ros__parameters` starts no parameter prefix.
          if (this.mapLevel === MAP_PARAMS_LEVEL && this.mapDepth - (this.nodeName.count + 1) === 2) this.isNewMap = false;
          break;
        case "mapping_end":
          if (this.mapLevel === MAP_PARAMS_LEVEL) {
            // rcl cannot tell the end of an empty nested map (`a: {}`) from the end of
            // ros__parameters: with no prefix left it leaves the parameters level, and the next
            // key is read as a node name.
            if (this.parameterPrefix.count > 0) this.parameterPrefix.remove();
            else this.mapLevel--;
          } else if (this.mapLevel === MAP_NODE_NAME_LEVEL && this.mapDepth === this.nodeName.count + 1) {
            this.nodeName.remove();
          }
          this.mapDepth--;
          break;
        case "alias":
          this.refuse(event.line, "YAML aliases (*name) are not supported (rcl: Will not support aliasing)");
          break;
        default: {
          const unreachable: never = event;
          throw new Error(`unknown YAML event ${JSON.stringify(unreachable)}`);
        }
      }
    }
  }

  /** parse_key(). */
  private parseKey(rawKey: string, line: number): void {
    const key = asCString(rawKey);
    this.lastKey = key;
    if (rawKey.length === 0) this.refuse(line, "an empty key (rcl: No key at line)");
    if (this.mapLevel === MAP_NODE_NAME_LEVEL) {
      // Any key that starts with ros__parameters counts (rcl compares only that many characters).
      if (!key.startsWith(PARAMS_KEY)) {
        this.nodeName.add(key);
        return;
      }
      const nodeName = this.nodeName.text;
      if (this.nodeName.count === 0 || nodeName === undefined) this.refuse(line, `no node name before ${PARAMS_KEY}`);
      const invalid = nodeNameProblem(nodeName);
      if (invalid !== undefined) this.refuse(line, `invalid node name '${nodeName}': ${invalid}`, nodeName);
      this.nodeIndex = this.findNode(nodeName, line);
      this.nodeName.remove();
      this.mapLevel++;
      return;
    }
    // MAP_PARAMS_LEVEL: the only other level rcl reaches.
    const node = this.currentNode();
    if (this.isNewMap) {
      // The key before this mapping names the prefix of the keys in it.
      const parent = node?.parameters[this.parameterIndex]?.name;
      if (parent === undefined) this.refuse(line, "a mapping with no parameter name before it (rcl: Internal error creating param namespace)");
      this.parameterPrefix.replace(parent, this.parameterPrefix.count + 1);
      this.isNewMap = false;
    }
    const prefix = this.parameterPrefix.text;
    if (prefix === undefined) {
      this.parameterIndex = this.findParameter(key, line);
    } else {
      // rcl finds (or adds) an entry named by the prefix alone, then renames it prefix.key: the
      // entry the parent key made becomes its first child.
      this.parameterIndex = this.findParameter(prefix, line);
      const entry = this.currentNode()?.parameters[this.parameterIndex];
      if (entry) entry.name = `${prefix}.${key}`;
    }
  }

  /** The checks parse_file_events() makes before parse_value(). */
  private checkValueAllowed(line: number): void {
    const node = this.currentNode();
    if (this.mapLevel < MAP_PARAMS_LEVEL || node === undefined || node.parameters.length === 0) {
      this.refuse(line, `a value outside '${PARAMS_KEY}' (rcl: Cannot have a value before ${PARAMS_KEY})`);
    }
  }

  /** parse_value(). */
  private parseValue(text: string, style: YamlScalarStyle, line: number): void {
    if (style !== "single_quoted" && style !== "double_quoted" && text.length === 0) {
      this.refuse(line, 'no value (rcl: No value at line); write "" for an empty string');
    }
    const entry = this.currentNode()?.parameters[this.parameterIndex];
    if (entry === undefined) {
      this.refuse(line, "a value with no parameter name before it");
    }
    const scalar = typeScalarLikeRcl(text, style);
    const origin = { file: this.file, line };
    if (!this.isSequence) {
      setSlot(entry.slots, scalar, origin);
      return;
    }
    const startsList = this.sequenceType === undefined;
    if (startsList) {
      this.sequenceType = scalar.type;
    } else if (this.sequenceType !== scalar.type) {
      this.refuse(
        line,
        `a list mixing ${this.sequenceType} and ${scalar.type} elements: rcl types each element on its own (1 is an integer, 1.0 a double) ` +
          `and refuses mixed lists (rcl: Sequence should be of same type. Value type '${scalar.type}' do not belong)`,
      );
    }
    appendToList(entry.slots, scalar, origin, startsList);
  }

  private currentNode(): RclNodeEntry | undefined {
    return this.params.nodes[this.nodeIndex];
  }

  /** find_node(): the index of the node block with this exact name, added if new. */
  private findNode(name: string, line: number): number {
    const found = this.params.nodes.findIndex((node) => node.name === name);
    if (found >= 0) return found;
    this.params.nodes.push({ name, parameters: [], origin: { file: this.file, line } });
    return this.params.nodes.length - 1;
  }

  /** find_parameter(): the index of the current node's parameter with this exact name, added if new. */
  private findParameter(name: string, line: number): number {
    const node = this.currentNode();
    if (node === undefined) this.refuse(line, `a parameter outside any node's '${PARAMS_KEY}'`);
    const found = node.parameters.findIndex((parameter) => parameter.name === name);
    if (found >= 0) return found;
    node.parameters.push({ name, slots: {}, keyOrigin: { file: this.file, line } });
    return node.parameters.length - 1;
  }

  /** Throws rcl's refusal, naming the parameter being read, else the node, else the last key. */
  private refuse(line: number, problem: string, key?: string): never {
    const node = this.currentNode();
    const where = this.mapLevel === MAP_PARAMS_LEVEL ? (node?.parameters[this.parameterIndex]?.name ?? node?.name) : this.nodeName.text;
    throw new RosParamsFileError(this.file, line, key ?? where ?? this.lastKey, problem);
  }
}

function setSlot(slots: VariantSlots, scalar: RosScalar, origin: ValueOrigin): void {
  switch (scalar.type) {
    case "bool":
      slots.bool = { value: scalar.value, origin };
      return;
    case "integer":
      slots.integer = { value: scalar.value, origin };
      return;
    case "double":
      slots.double = { value: scalar.value, origin };
      return;
    case "string":
      slots.string = { value: scalar.value, origin };
      return;
    default: {
      const unreachable: never = scalar;
      throw new Error(`unknown scalar ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Adds a list element; the first element of a list replaces any list of its type the key held (e.g. from an earlier file). */
function appendToList(slots: VariantSlots, scalar: RosScalar, origin: ValueOrigin, startsList: boolean): void {
  switch (scalar.type) {
    case "bool":
      if (startsList || !slots.bool_array) slots.bool_array = { value: [], origin };
      slots.bool_array.value.push(scalar.value);
      return;
    case "integer":
      if (startsList || !slots.integer_array) slots.integer_array = { value: [], origin };
      slots.integer_array.value.push(scalar.value);
      return;
    case "double":
      if (startsList || !slots.double_array) slots.double_array = { value: [], origin };
      slots.double_array.value.push(scalar.value);
      return;
    case "string":
      if (startsList || !slots.string_array) slots.string_array = { value: [], origin };
      slots.string_array.value.push(scalar.value);
      return;
    default: {
      const unreachable: never = scalar;
      throw new Error(`unknown scalar ${JSON.stringify(unreachable)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Node names: _validate_name() in parse.c, with rmw's rmw_validate_node_name() and
// rmw_validate_namespace() (rmw/src/validate_*.c)

const RMW_NODE_NAME_MAX_LENGTH = 255;
const RMW_NAMESPACE_MAX_LENGTH = 255 - 8 - 2;

/** Why rcl refuses a node key (`node`, `/ns/node`, `ns/node`, `/**`, `/*`), or undefined. */
export function nodeNameProblem(name: string): string | undefined {
  if (name === "/**" || name === "/*") return undefined;
  const lastSlash = name.lastIndexOf("/");
  const node = name.slice(lastSlash + 1);
  if (lastSlash >= 0) {
    // The namespace with its trailing '/', made absolute; each '/token' checked on its own and
    // the trailing '/' never (that is how _validate_name() walks it).
    const namespace = name.slice(0, lastSlash + 1);
    const absolute = namespace.startsWith("/") ? namespace : `/${namespace}`;
    if (absolute.indexOf("/", 1) < 0) {
      const problem = namespaceTokenProblem(absolute);
      if (problem !== undefined) return problem;
    } else {
      let start = 0;
      let next = absolute.indexOf("/", start + 1);
      while (next >= 0) {
        const token = absolute.slice(start, next);
        if (token === "/") return `${absolute} contains repeated forward slash`;
        if (token !== "/**" && token !== "/*") {
          const problem = namespaceTokenProblem(token);
          if (problem !== undefined) return problem;
        }
        start = next;
        next = absolute.indexOf("/", start + 1);
      }
    }
  }
  if (node === "*" || node === "**") return undefined;
  if (node.length === 0) return "node name must not be empty";
  if (!/^[A-Za-z0-9_]+$/.test(node)) return "node name must only contain alphanumeric characters and underscores";
  if (/^[0-9]/.test(node)) return "node name must not start with a number";
  if (node.length > RMW_NODE_NAME_MAX_LENGTH) return `node name is longer than ${RMW_NODE_NAME_MAX_LENGTH} characters`;
  return undefined;
}

/** rmw_validate_namespace() on one piece, which is `/` or `/token`. */
function namespaceTokenProblem(namespace: string): string | undefined {
  if (namespace === "/") return undefined;
  if (namespace.endsWith("/")) return "namespace must not end with a forward slash";
  if (!/^[A-Za-z0-9_/]+$/.test(namespace)) return "namespace must only contain alphanumeric characters, underscores and forward slashes";
  if (/\/\//.test(namespace)) return "namespace must not contain repeated forward slashes";
  if (/\/[0-9]/.test(namespace)) return "namespace tokens must not start with a number";
  if (namespace.length > RMW_NAMESPACE_MAX_LENGTH) return `namespace is longer than ${RMW_NAMESPACE_MAX_LENGTH} characters`;
  return undefined;
}
