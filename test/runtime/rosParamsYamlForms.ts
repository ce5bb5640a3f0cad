/**
 * Params-file forms and what ROS 2 Humble's rcl_yaml_param_parser (rcl 5.3.7, the one at
 * /opt/ros2-humble-min) makes of them, worked out from its source: parse.c get_value(),
 * parse_value(), parse_key(), parse_file_events(), namespace.c, and glibc's strtoll / strtod.
 * test/runtime/rosParamsYaml.test.ts checks our loader against this table;
 * test/ros/paramsParity.rostest.ts checks the real parser against it too.
 */
import type { RosParameter } from "../../src/runtime/rosParamsYaml";

export type ExpectedNodes = Readonly<Record<string, Readonly<Record<string, RosParameter>>>>;

export interface ParamsFileForm {
  readonly label: string;
  /** Params files' texts, in --params-file order (one file for most forms). */
  readonly files: readonly string[];
  /** Every node block rcl builds with every parameter in it, or the refusal. */
  readonly expected: { readonly nodes: ExpectedNodes } | { readonly refused: RosRefusal };
  /** Where in rcl's source (or glibc's) the answer comes from. */
  readonly rule: string;
}

/** rcl refuses the file: our error must name this line and key (rcl's own line can differ for an empty scalar) and match `problem`. */
export interface RosRefusal {
  readonly line: number;
  readonly key: string;
  readonly problem: RegExp;
}

export const NODE = "parity";

export const bool = (value: boolean): RosParameter => ({ type: "bool", value });
export const integer = (value: number): RosParameter => ({ type: "integer", value });
export const double = (value: number): RosParameter => ({ type: "double", value });
export const string = (value: string): RosParameter => ({ type: "string", value });
export const boolArray = (value: boolean[]): RosParameter => ({ type: "bool_array", value });
export const integerArray = (value: number[]): RosParameter => ({ type: "integer_array", value });
export const doubleArray = (value: number[]): RosParameter => ({ type: "double_array", value });
export const stringArray = (value: string[]): RosParameter => ({ type: "string_array", value });
export const notSet: RosParameter = { type: "not_set", value: undefined };

/** A params file with one node block; `body` is the ros__parameters content, indented from column 0. */
export function nodeFile(body: string, node = NODE): string {
  return `${node}:\n  ros__parameters:\n${body
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n")}\n`;
}

/** `p: <value>` in one node block; the parameter reads as `expected`. */
function value(written: string, expected: RosParameter, rule: string): ParamsFileForm {
  return { label: `p: ${written}`, files: [nodeFile(`p: ${written}`)], expected: { nodes: { [NODE]: { p: expected } } }, rule };
}

/** `p: <value>` that makes rcl refuse the file at the value's line (line 3 of the file). */
function refusedValue(written: string, problem: RegExp, rule: string, line = 3): ParamsFileForm {
  return { label: `p: ${written}`, files: [nodeFile(`p: ${written}`)], expected: { refused: { line, key: "p", problem } }, rule };
}

function file(label: string, files: readonly string[], nodes: ExpectedNodes, rule: string): ParamsFileForm {
  return { label, files, expected: { nodes }, rule };
}

function refusedFile(label: string, text: string, refusal: RosRefusal, rule: string): ParamsFileForm {
  return { label, files: [text], expected: { refused: refusal }, rule };
}

const BOOL = "get_value(): the bool word lists (strcmp) for unquoted scalars";
const QUOTED = "get_value(): single- and double-quoted scalars skip every check and are strings";
const INT = "get_value(): strtoll(value, &end, 0) must read the whole text with errno 0";
const DOUBLE = "get_value(): strtod(value, &end) must read the whole text with errno 0";
const DOUBLE_WORDS = "get_value(): the .nan / .inf / +.inf / -.inf list, read with strtod after skipping to the first letter";
const STRING = "get_value(): nothing else read the whole text, so it is a string";
const SEQUENCE = "parse_value(): the first element of a sequence sets its type; another type is an error";
const DBL_MIN = 2.2250738585072014e-308;

export const paramsFileForms: readonly ParamsFileForm[] = [
  // bools
  ...["true", "True", "TRUE", "yes", "Yes", "YES", "y", "Y", "on", "On", "ON"].map((w) => value(w, bool(true), BOOL)),
  ...["false", "False", "FALSE", "no", "No", "NO", "n", "N", "off", "Off", "OFF"].map((w) => value(w, bool(false), BOOL)),
  value("tRue", string("tRue"), `${BOOL}; other spellings are strings`),
  value("yES", string("yES"), `${BOOL}; other spellings are strings`),
  value('"true"', string("true"), QUOTED),
  value("'yes'", string("yes"), QUOTED),

  // integers: strtoll base 0
  value("42", integer(42), INT),
  value("-7", integer(-7), INT),
  value("+5", integer(5), `${INT}: a leading + is read`),
  value("-0", integer(0), `${INT}: int64 has no -0`),
  value("010", integer(8), `${INT}: a leading 0 means octal`),
  value("0x10", integer(16), `${INT}: 0x means hexadecimal`),
  value("0X1f", integer(31), INT),
  value("-0x10", integer(-16), INT),
  value("9223372036854775807", integer(2 ** 63), `${INT}: INT64_MAX, 2^63 once rclnodejs hands it over as a double`),
  value("-9223372036854775808", integer(-(2 ** 63)), `${INT}: INT64_MIN`),
  value("08", double(8), `${INT}: 8 is no octal digit, so strtoll stops; strtod reads 08 as 8`),
  value("09.5", double(9.5), `${INT}; ${DOUBLE}`),
  value("9223372036854775808", double(2 ** 63), `${INT}: ERANGE above INT64_MAX; ${DOUBLE}`),
  value("-9223372036854775809", double(-(2 ** 63)), `${INT}: ERANGE below INT64_MIN; ${DOUBLE}`),
  value("0x", string("0x"), `${INT}: 0x without a hex digit reads only the 0; ${STRING}`),
  value("0xg", string("0xg"), STRING),
  value("0b11", string("0b11"), `${INT}: glibc 2.36 strtoll has no 0b; ${STRING}`),
  value("0o17", string("0o17"), `${INT}: YAML 1.2's 0o is not C; ${STRING}`),
  value("1_000", string("1_000"), STRING),
  value("12abc", string("12abc"), STRING),
  value("!!str 5", integer(5), "parse_value() ignores tags: get_value() sees the text 5"),
  value("&anchor 5", integer(5), "parse_file_events(): an anchor is only refused when an alias uses it"),

  // doubles: strtod
  value("1.0", double(1), `${DOUBLE}: 1.0 is a double, 1 an integer`),
  value("1.", double(1), DOUBLE),
  value(".5", double(0.5), DOUBLE),
  value("-.5", double(-0.5), DOUBLE),
  value("+1.5", double(1.5), `${DOUBLE}: a leading + is read`),
  value("-0.0", double(-0), DOUBLE),
  value("1e3", double(1000), `${DOUBLE}: an exponent without a point is a double`),
  value("1E3", double(1000), DOUBLE),
  value("1e+3", double(1000), DOUBLE),
  value("1e-3", double(0.001), DOUBLE),
  value("1.0e-6", double(1e-6), DOUBLE),
  value("1e", string("1e"), `${DOUBLE}: an e without digits is not read; ${STRING}`),
  value("1e+", string("1e+"), STRING),
  value("nan", double(NaN), `${DOUBLE}: strtod reads nan in any case`),
  value("NaN", double(NaN), DOUBLE),
  value("NAN", double(NaN), DOUBLE),
  value("-nan", double(NaN), DOUBLE),
  value("nan(123)", double(NaN), `${DOUBLE}: nan(n-char-sequence)`),
  value("nan(", string("nan("), STRING),
  value("inf", double(Infinity), DOUBLE),
  value("-inf", double(-Infinity), DOUBLE),
  value("+inf", double(Infinity), DOUBLE),
  value("Infinity", double(Infinity), DOUBLE),
  value("INFINITY", double(Infinity), DOUBLE),
  value("infinit", string("infinit"), `${DOUBLE}: reads inf and stops; ${STRING}`),
  value(".nan", double(NaN), DOUBLE_WORDS),
  value(".NaN", double(NaN), DOUBLE_WORDS),
  value(".NAN", double(NaN), DOUBLE_WORDS),
  value(".Nan", string(".Nan"), `${DOUBLE_WORDS}: not in the list; ${STRING}`),
  value("-.nan", string("-.nan"), `${DOUBLE_WORDS}: not in the list; ${STRING}`),
  value(".inf", double(Infinity), DOUBLE_WORDS),
  value(".Inf", double(Infinity), DOUBLE_WORDS),
  value("+.inf", double(Infinity), DOUBLE_WORDS),
  value("-.inf", double(-Infinity), DOUBLE_WORDS),
  value("-.INF", double(-Infinity), DOUBLE_WORDS),
  value(".infinity", string(".infinity"), STRING),
  value("0x1p3", double(8), `${DOUBLE}: hexadecimal floats`),
  value("0x1.8p1", double(3), DOUBLE),
  value("0x.8", double(0.5), `${DOUBLE}: the binary exponent is optional`),
  value("0x1p", string("0x1p"), STRING),
  value("1e308", double(1e308), DOUBLE),
  value("1.7976931348623157e308", double(Number.MAX_VALUE), DOUBLE),
  value("1.7976931348623159e308", string("1.7976931348623159e308"), `${DOUBLE}: rounds to infinity, ERANGE; ${STRING}`),
  value("1e309", string("1e309"), `${DOUBLE}: overflow, ERANGE; ${STRING}`),
  value("-1e309", string("-1e309"), STRING),
  value("1e-400", string("1e-400"), `${DOUBLE}: underflow to 0, ERANGE; ${STRING}`),
  value("0e-999", double(0), `${DOUBLE}: an exact zero is no underflow`),
  value("2.2250738585072014e-308", double(DBL_MIN), `${DOUBLE}: DBL_MIN is not tiny`),
  value("2.225073858507201e-308", string("2.225073858507201e-308"), `${DOUBLE}: subnormal and inexact, ERANGE; ${STRING}`),
  value("4e-320", string("4e-320"), `${DOUBLE}: subnormal and inexact, ERANGE; ${STRING}`),
  value("0x1p-1074", double(Number.MIN_VALUE), `${DOUBLE}: subnormal but exact, no ERANGE`),
  value("0x1p-1075", string("0x1p-1075"), `${DOUBLE}: rounds to 0, ERANGE; ${STRING}`),
  value("0x3fffffffffffffp-1076", double(DBL_MIN), `${DOUBLE}: DBL_MIN - 2^-1076 rounds to DBL_MIN at 53 bits, so it is not tiny`),
  value("0x3ffffffffffffefp-1080", string("0x3ffffffffffffefp-1080"), `${DOUBLE}: just below that it is tiny (x86 glibc decides after rounding) and inexact, ERANGE`),

  // strings
  value("hello", string("hello"), STRING),
  value("~", string("~"), `${STRING}: rcl has no null`),
  value("null", string("null"), STRING),
  value("Null", string("Null"), STRING),
  value("1 2", string("1 2"), STRING),
  value("1,5", string("1,5"), STRING),
  value("3.14abc", string("3.14abc"), STRING),
  value("+", string("+"), `${INT}: a sign without digits reads nothing; ${STRING}`),
  refusedValue("-", /not valid YAML/, "libyaml: a '-' ending the line starts a block sequence, which cannot follow a key on its line"),
  value(".", string("."), STRING),
  value("'nan'", string("nan"), QUOTED),
  value('"1"', string("1"), QUOTED),
  value('"1.0"', string("1.0"), QUOTED),
  value("''", string(""), `${QUOTED}: an empty quoted scalar is the empty string`),
  value('"a\\0b"', string("a"), `${QUOTED}; rcl keeps a C string, which ends at the NUL`),
  value("multi\n  line", string("multi line"), `${STRING}: a plain scalar over two lines is folded`),

  // block scalars: not quoted, so typed
  value("|-\n  42", integer(42), `${INT}: a block scalar is not quoted, so it is typed`),
  value("|\n  42", string("42\n"), `${INT}: the kept line break stops strtoll and strtod; ${STRING}`),
  value(">-\n  nan", double(NaN), DOUBLE),
  value("|1-\n   42", integer(42), `${INT}: strtoll skips the leading spaces the indentation indicator keeps`),

  // empty values
  refusedValue("", /no value/, "parse_value(): an empty unquoted scalar is an error (No value at line)"),
  refusedValue("|-\n", /no value/, "parse_value(): an empty block scalar is unquoted and empty too"),

  // lists
  value("[1, 2]", integerArray([1, 2]), SEQUENCE),
  value("[1.0, 2.5]", doubleArray([1, 2.5]), SEQUENCE),
  value("[true, no, on]", boolArray([true, false, true]), SEQUENCE),
  value("[a, b]", stringArray(["a", "b"]), SEQUENCE),
  value("['1', '2']", stringArray(["1", "2"]), SEQUENCE),
  value("[nan, 1.5, -.inf]", doubleArray([NaN, 1.5, -Infinity]), SEQUENCE),
  value("[0x10, 010]", integerArray([16, 8]), SEQUENCE),
  value("[~]", stringArray(["~"]), SEQUENCE),
  value("\n  - 1\n  - 2", integerArray([1, 2]), `${SEQUENCE}; block lists are the same events`),
  value("[]", notSet, "parse_file_events(): an empty sequence sets no value; the key stays (PARAMETER_NOT_SET)"),
  refusedValue("[1, 2.5]", /mixing integer and double/, `${SEQUENCE}: 1 is an integer, 2.5 a double`),
  refusedValue("[2.5, 1]", /mixing double and integer/, SEQUENCE),
  refusedValue("[a, 1]", /mixing string and integer/, SEQUENCE),
  refusedValue('["1", 2]', /mixing string and integer/, SEQUENCE),
  refusedValue("[true, 1]", /mixing bool and integer/, SEQUENCE),
  value("[[1, 2]]", integerArray([1, 2]), "parse_file_events(): a sequence inside a sequence restarts the element type; its end ends both"),
  refusedValue("[[1], [2]]", /list cannot be a key/, "parse_file_events(): after the inner sequence's end a key is expected, and a sequence cannot be a key"),

  // nested maps: dotted names
  file("nested maps become dotted names", [nodeFile("p:\n  a: 1\n  b:\n    c: x")], { [NODE]: { "p.a": integer(1), "p.b.c": string("x") } }, "parse_key(): the key before a mapping prefixes the keys in it"),
  file("a key with a dot", [nodeFile("a.b: 1")], { [NODE]: { "a.b": integer(1) } }, "parse_key(): keys are taken as written"),
  file(
    "a dotted key holding a map drops the wrong part of the prefix after it",
    [nodeFile("x:\n  a.b:\n    c: 1\n  d: 2")],
    { [NODE]: { "x.a.b.c": integer(1), "x.a.d": integer(2) } },
    "namespace.c rem_name_from_ns(): cuts the prefix at its last '.', inside 'a.b'",
  ),
  file("a mapping inside a list", [nodeFile("p: [a: 1]")], { [NODE]: { "p.a": integerArray([1]) } }, "parse_file_events(): the list stays open, so the map's value is a list element"),
  file("an empty map as the last key", [nodeFile("q: 1\np: {}")], { [NODE]: { q: integer(1), p: notSet } }, "parse_key(): the key is added before its (empty) value"),
  refusedFile(
    "an empty map followed by another key",
    nodeFile("p: {}\nq: 1"),
    { line: 4, key: "q", problem: /a value outside 'ros__parameters'/ },
    "parse_file_events(): the empty map's end leaves the parameters level; q is then read as a node name",
  ),

  // duplicate keys and several files: rcl_variant_t has one slot per type
  file("a key given twice, same type", [nodeFile("p: 1\np: 2")], { [NODE]: { p: integer(2) } }, "parse_value(): overwrites the integer slot"),
  file("a key given twice, integer then string", [nodeFile("p: 1\np: x")], { [NODE]: { p: integer(1) } }, "parse_value() fills the string slot beside the integer; rclnodejs reads the integer first"),
  file("a key given twice, string then integer", [nodeFile("p: x\np: 1")], { [NODE]: { p: integer(1) } }, "as above"),
  file("two files, same type: the later wins", [nodeFile("p: 1.5"), nodeFile("p: 2.5")], { [NODE]: { p: double(2.5) } }, "arguments.c: every --params-file fills one rcl_params_t"),
  file("two files, integer then string", [nodeFile("p: 1"), nodeFile("p: x")], { [NODE]: { p: integer(1) } }, "arguments.c + rclnodejs wrapParameters(): the integer slot is read first"),
  file("two files, string then integer", [nodeFile("p: x"), nodeFile("p: 1")], { [NODE]: { p: integer(1) } }, "as above"),
  file("two files, bool then integer", [nodeFile("p: true"), nodeFile("p: 2")], { [NODE]: { p: bool(true) } }, "rclnodejs wrapParameters(): bool is read before integer"),
  file("two files, lists of one type: the later list wins", [nodeFile("p: [1, 2]"), nodeFile("p: [3]")], { [NODE]: { p: integerArray([3]) } }, "parse_value(): a sequence's first element replaces that type's list"),
  file("two files, a value then []", [nodeFile("p: 1.5"), nodeFile("p: []")], { [NODE]: { p: double(1.5) } }, "an empty sequence sets nothing"),

  // node blocks
  file("the /** wildcard", ["/**:\n  ros__parameters:\n    p: 1\n"], { "/**": { p: integer(1) } }, "parse.c _validate_name(): /** and /* are allowed"),
  file("a namespaced node key", ["/ns/node:\n  ros__parameters:\n    p: 1\n"], { "/ns/node": { p: integer(1) } }, "parse_key(): the node name as written"),
  file("nested namespace keys", ["ns:\n  node:\n    ros__parameters:\n      p: 1\n"], { "ns/node": { p: integer(1) } }, "namespace.c add_name_to_ns(): node keys joined with /"),
  file("two nodes", [`${nodeFile("p: 1", "a")}${nodeFile("q: 2", "b")}`], { a: { p: integer(1) }, b: { q: integer(2) } }, "find_node()"),
  file("an empty ros__parameters map", ["node:\n  ros__parameters: {}\n"], { node: {} }, "find_node() adds the node before any parameter"),
  file("a key that only starts with ros__parameters", ["node:\n  ros__parametersX:\n    p: 1\n"], { node: { p: integer(1) } }, "parse_key(): strncmp over strlen(ros__parameters) characters"),
  file("several YAML documents", [`${nodeFile("p: 1")}---\n${nodeFile("q: 2")}`], { [NODE]: { p: integer(1), q: integer(2) } }, "parse_file_events() ignores document boundaries"),
  file("an empty file", [""], {}, "no events but the stream's"),
  file("a file of comments", ["# nothing\n"], {}, "no events but the stream's"),
  refusedFile("an empty ros__parameters", "node:\n  ros__parameters:\n", { line: 2, key: "node", problem: /a value outside 'ros__parameters'/ }, "parse_file_events(): a value with no parameter before it"),
  refusedFile("a value at the node level", "node: 5\n", { line: 1, key: "node", problem: /a value outside 'ros__parameters'/ }, "parse_file_events(): Cannot have a value before ros__parameters"),
  refusedFile("a block without ros__parameters", "node:\n  p: 1\n", { line: 2, key: "node/p", problem: /a value outside 'ros__parameters'/ }, "parse_key(): p is read as part of the node name"),
  refusedFile("ros__parameters with no node", "ros__parameters:\n  p: 1\n", { line: 1, key: "ros__parameters", problem: /no node name before ros__parameters/ }, "parse_key(): There are no node names before ros__parameters"),
  refusedFile("a node name with a dash", nodeFile("p: 1", "my-node"), { line: 2, key: "my-node", problem: /invalid node name/ }, "_validate_name() with rmw_validate_node_name()"),
  refusedFile("a node name starting with a digit", nodeFile("p: 1", "1node"), { line: 2, key: "1node", problem: /must not start with a number/ }, "rmw_validate_node_name()"),
  refusedFile("a repeated slash in the namespace", nodeFile("p: 1", "/ns//node"), { line: 2, key: "/ns//node", problem: /repeated forward slash/ }, "_validate_name()"),
  refusedFile("a top-level list", "- a\n", { line: 1, key: "", problem: /list cannot be a key/ }, "parse_file_events(): Sequences cannot be key"),
  refusedFile("an explicit empty document", "---\n", { line: 1, key: "", problem: /empty key/ }, "parse_key(): No key at line (libyaml reports an empty scalar)"),

  // aliases and syntax
  refusedFile("an alias", nodeFile("a: &x 1\np: *x"), { line: 4, key: "p", problem: /aliases/ }, "parse_file_events(): Will not support aliasing"),
  refusedFile("a merge key", nodeFile("base: &b {a: 1}\nq:\n  <<: *b"), { line: 5, key: "q.<<", problem: /aliases/ }, "parse_file_events(): Will not support aliasing"),
  refusedFile("an unclosed quote", nodeFile("p: 'open\nq: 3"), { line: 5, key: "", problem: /not valid YAML/ }, "libyaml refuses it: Error parsing a event near line N"),
  refusedFile(
    "an unclosed list",
    nodeFile("p: [1, 2\nq: 3"),
    { line: 4, key: "q", problem: /not valid YAML/ },
    "both refuse, for different reasons: libyaml reads on into the list ('2 q' a string) and rcl refuses the mixed list",
  ),
];
