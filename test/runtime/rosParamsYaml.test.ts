import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { resolveParameters, type ParameterSchema } from "../../src/core/parameters/schema";
import { loadParamsFile, loadParamsFiles, paramsForNodeFromText } from "../../src/runtime/paramsFile";
import { parseRosParamsYaml, RclParams, RosParamsFileError, typeScalarLikeRcl, nodeNameProblem } from "../../src/runtime/rosParamsYaml";
import { nodeFile, paramsFileForms, type ParamsFileForm } from "./rosParamsYamlForms";

/** Reads a form's files into one rcl_params_t, as `--params-file` given once per file does. */
function readForm(form: ParamsFileForm): RclParams {
  const params = new RclParams();
  form.files.forEach((text, index) => parseRosParamsYaml(text, `form-${index}.yaml`, params));
  return params;
}

describe("params files typed as rcl_yaml_param_parser (Humble) types them", () => {
  it.each(paramsFileForms.map((form) => [form.label, form] as const))("%s", (_label, form) => {
    const expected = form.expected;
    if ("nodes" in expected) {
      // toEqual compares numbers with Object.is: NaN equals NaN, -0 differs from 0.
      expect(readForm(form).toRecord()).toEqual(expected.nodes);
      return;
    }
    let refusal: unknown;
    try {
      readForm(form);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RosParamsFileError);
    const error = refusal as RosParamsFileError;
    expect({ file: error.file, line: error.line, key: error.key }).toEqual({ file: `form-${form.files.length - 1}.yaml`, line: expected.refused.line, key: expected.refused.key });
    expect(error.message).toMatch(expected.refused.problem);
    expect(error.message).toContain(`form-${form.files.length - 1}.yaml:${expected.refused.line}:`);
    if (expected.refused.key !== "") expect(error.message).toContain(`'${expected.refused.key}'`);
  });
});

describe("scalar typing against independent conversions", () => {
  it("a double written by JavaScript reads back as that double (normal range, zero, infinities)", () => {
    const normal = fc.double({ noNaN: true }).filter((x) => x === 0 || !Number.isFinite(x) || Math.abs(x) >= 2.2250738585072014e-308);
    fc.assert(
      fc.property(normal, (x) => {
        // Exponent notation, so strtoll cannot read it first (String(5) is "5", an integer to rcl);
        // toExponential drops the sign of -0.
        const written = Object.is(x, -0) ? "-0e0" : Number.isFinite(x) ? x.toExponential() : String(x);
        expect(typeScalarLikeRcl(written, "plain")).toEqual({ type: "double", value: x });
      }),
    );
  });

  it("an int64 in decimal, hexadecimal or octal reads as that integer; one past the range as a double", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => {
        const sign = n < 0n ? "-" : "";
        const magnitude = n < 0n ? -n : n;
        for (const written of [n.toString(), `${sign}0x${magnitude.toString(16)}`, `${sign}0${magnitude.toString(8)}`]) {
          expect(typeScalarLikeRcl(written, "plain")).toEqual({ type: "integer", value: Number(n) });
        }
        const outside = n < 0n ? n - 2n ** 63n - 1n : n + 2n ** 63n;
        expect(typeScalarLikeRcl(outside.toString(), "plain")).toEqual({ type: "double", value: Number(outside) });
      }),
    );
  });

  it("a quoted scalar is the string as written, whatever it holds", () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !s.includes("\0")), fc.constantFrom("single_quoted" as const, "double_quoted" as const), (text, style) => {
        expect(typeScalarLikeRcl(text, style)).toEqual({ type: "string", value: text });
      }),
    );
  });

  it.each([
    ["node", undefined],
    ["/**", undefined],
    ["ns/node", undefined],
    ["/ns/*", undefined],
    ["node-1", "node name must only contain alphanumeric characters and underscores"],
    ["/ns/1node", "node name must not start with a number"],
    ["/1ns/node", "namespace tokens must not start with a number"],
    ["ns/", "node name must not be empty"],
  ])("node key %s: %s", (name, problem) => {
    expect(nodeNameProblem(name)).toBe(problem);
  });
});

describe("paramsFile: the loader the runtimes use", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ros-params-"));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("gives plain values typed as rcl types them; [] gives a key with no value, as rclnodejs reports it", () => {
    const file = write("plain.yaml", nodeFile("zero_means: nan\nflag: on\ncount: 010\nscale: 1e3\nname: '1.0'\nempty: []\nlist: [1.5, .inf]", "ranging"));
    const values = loadParamsFile(file, "ranging");
    expect(values).toEqual({ zero_means: NaN, flag: true, count: 8, scale: 1000, name: "1.0", empty: undefined, list: [1.5, Infinity] });
    expect("empty" in values).toBe(true);
  });

  it("merges /**, the node's name and its namespaced name in the order rcl lists the blocks, across files", () => {
    const shared = write("shared.yaml", `/**:\n  ros__parameters:\n    a: 1\n    b: 1\n    c: 1\n${nodeFile("b: 2", "n")}`);
    const later = write("later.yaml", `${nodeFile("c: 3", "/robot/n")}/**:\n  ros__parameters:\n    b: 9\n`);
    const loaded = loadParamsFiles([shared, later], "n", "/robot");
    // b: the node's own block comes after /** in rcl's list (its first appearance), so it beats the later file's /** value.
    expect(loaded.values).toEqual({ a: 1, b: 2, c: 3 });
    expect([loaded.sourceOf("a"), loaded.sourceOf("b"), loaded.sourceOf("c"), loaded.sourceOf("d")]).toEqual([shared, shared, later, "defaults of n"]);
  });

  it("a later file's value of another type does not replace an integer (rcl keeps both, rclnodejs reads the integer)", () => {
    const first = write("first.yaml", nodeFile("p: 1", "n"));
    const second = write("second.yaml", nodeFile("p: one", "n"));
    expect(loadParamsFiles([first, second], "n").values).toEqual({ p: 1 });
  });

  it("refuses what rcl refuses, naming the file, the line and the key", () => {
    const file = write("mixed.yaml", nodeFile("ok: 1\nlimits: [1, 2.5]", "n"));
    expect(() => loadParamsFile(file, "other")).toThrow(`${file}:4: key 'limits': a list mixing integer and double elements`);
  });

  it("refuses an unreadable file by name", () => {
    expect(() => loadParamsFile(path.join(dir, "missing.yaml"), "n")).toThrow(/cannot read params file .*missing\.yaml/);
  });

  it.each([
    ["the same text twice", "a: 1", "a: 1", { a: 1 }],
    ["a text rewritten under the same name", "a: 1", "a: two\nb: 3.5", { a: "two", b: 3.5 }],
    ["a text rewritten back", "a: two", "a: 1", { a: 1 }],
  ])("a file read again gives its text as it is now: %s (parsed events are reused only for an unchanged text)", (_label, first, second, expected) => {
    const file = path.join(dir, "reread.yaml");
    fs.writeFileSync(file, nodeFile(first, "n"));
    const before = loadParamsFiles([file], "n");
    fs.writeFileSync(file, nodeFile(second, "n"));
    expect(loadParamsFiles([file], "n").values).toEqual(expected);
    // The first read's result is its own: reading again shared no state with it.
    expect(before.values).toEqual(paramsForNodeFromText(nodeFile(first, "n"), "n", "/", "inline"));
  });

  it("paramsForNodeFromText reads a YAML text", () => {
    expect(paramsForNodeFromText(nodeFile("a:\n  b: yes", "n"), "n", "/", "inline")).toEqual({ "a.b": true });
  });
});

describe("a string parameter that YAML typed as a number or bool", () => {
  const schema: ParameterSchema = { zero_means: { type: "string", default: "nan", choices: ["nan", "number"], unit: "", description: "what a 0 means" } };

  it.each([
    [NaN, "'zero_means' = NaN: expected a string (one of nan | number); YAML typed the value as a number: quote it to keep it text"],
    [true, "'zero_means' = true: expected a string (one of nan | number); YAML typed the value as a bool (ROS reads yes, no, on, off, y, n as bools): quote it to keep it text"],
  ])("%s: the error says to quote it", (value, message) => {
    expect(() => resolveParameters({ schema }, { zero_means: value }, "f.yaml")).toThrow(message);
  });
});
