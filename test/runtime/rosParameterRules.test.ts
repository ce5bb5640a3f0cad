import { DEFAULT_PARAMS_FILES } from "../../src/package/defaultParams";
import { nodeDefinitions } from "../../src/nodes/index";
import { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
import type { ParameterDescriptor, ParameterSchema, ParameterValue } from "../../src/core/parameters/schema";
import { resolveParamsFiles } from "../../src/runtime/paramsFile";
import type { NodeDefinition } from "../../src/runtime/port";
import { RclParameterType } from "../../src/runtime/rclnodejs/rclnodejsApi";
import {
  floatingPointRangeInRange,
  INT64_MAX,
  INT64_MIN,
  integerRangeInRange,
  RCLNODEJS_RANGE_TOLERANCE,
  rclnodejsDeclareVerdict,
  rclnodejsParameterArguments,
  rclnodejsSetVerdict,
  rosDescriptorOf,
  type RosFloatingPointRange,
  type RosIntegerRange,
  type RosRange,
} from "../../src/runtime/rosParameterRules";
import { floatRange, integerRange, PARAMETER_RULE_CASES, portVerdict } from "./parameterRuleCases";

describe("the port of rclnodejs 2.2.0's declare and set rules", () => {
  it.each(PARAMETER_RULE_CASES.map((rule, index) => ({ ...rule, index })))("$label: $operation, accepted=$accepted", (rule) => {
    const name = `case_${rule.index}`;
    const verdict = portVerdict(name, rule);
    expect(verdict.accepted).toBe(rule.accepted);
    // A refusal names the parameter, so a configure failure says which one.
    if (!verdict.accepted) expect(verdict.reason).toContain(name);
  });

  it("says why an array with a range attached is refused: rclnodejs compares the whole array", () => {
    const descriptor = { ...rosDescriptorOf("factors", { type: "double_array", min: 0.5, max: 2, unit: "1", description: "factors" }), range: floatRange(0.5, 2) };
    const verdict = rclnodejsDeclareVerdict([{ parameter: { name: "factors", type: RclParameterType.DOUBLE_ARRAY, value: [] }, descriptor }]);
    expect(verdict).toEqual({ accepted: false, reason: "rclnodejs refuses factors = []: outside its range 0.5 to 2; rclnodejs compares an array's whole value with the range" });
  });

  it("refuses a whole declaration when one parameter of it is refused (declareParameters is all or none)", () => {
    const good = { parameter: rclnodejsParameterArguments("good", 1, { type: "double", unit: "1", description: "" }), descriptor: rosDescriptorOf("good", { type: "double", unit: "1", description: "" }) };
    const gainSchema: ParameterDescriptor = { type: "double", min: 0, max: 1, unit: "1", description: "" };
    const bad = { parameter: rclnodejsParameterArguments("bad", 5, gainSchema), descriptor: rosDescriptorOf("bad", gainSchema) };
    expect(rclnodejsDeclareVerdict([good, bad])).toMatchObject({ accepted: false, reason: expect.stringContaining("bad = 5: outside its range 0 to 1") as unknown });
    expect(rclnodejsDeclareVerdict([good])).toEqual({ accepted: true });
  });

  it("refuses a set of a read-only parameter with rclnodejs's reason", () => {
    const frame: ParameterDescriptor = { type: "string", unit: "", description: "", readOnly: true };
    expect(rclnodejsSetVerdict(rosDescriptorOf("frame", frame), rclnodejsParameterArguments("frame", "base", frame))).toEqual({
      accepted: false,
      reason: "Parameter frame is readonly",
    });
  });
});

describe("FloatingPointRange.inRange, ported", () => {
  const unitRange: RosFloatingPointRange = { kind: "floating_point", fromValue: 0.5, toValue: 2, step: 0, tolerance: RCLNODEJS_RANGE_TOLERANCE };
  it.each<[string, RosFloatingPointRange, number | number[], boolean]>([
    ["inside", unitRange, 1, true],
    ["at the minimum", unitRange, 0.5, true],
    ["below by a relative 1e-7", unitRange, 0.5 * (1 - 1e-7), true],
    ["below by a relative 1e-5", unitRange, 0.5 * (1 - 1e-5), false],
    ["above", unitRange, 2.5, false],
    ["NaN (no comparison with NaN holds)", unitRange, NaN, true],
    ["reversed bounds, inside", { ...unitRange, fromValue: 2, toValue: 0.5 }, 1, true],
    ["a bound of 0: below by 1e-12 (no relative slack at 0)", { ...unitRange, fromValue: 0 }, -1e-12, false],
    ["empty array, 0 outside", unitRange, [], false],
    ["empty array, 0 inside", { ...unitRange, fromValue: -1 }, [], true],
    ["one element inside", unitRange, [1], true],
    ["one element outside", unitRange, [3], false],
    ["one element below by a relative 1e-7 (whole array compared exactly)", unitRange, [0.5 * (1 - 1e-7)], false],
    ["several elements inside", unitRange, [0.5, 1, 2], true],
    ["several elements, the last outside", unitRange, [1, 1, 2.5], false],
    ["step 1, on a step", { ...unitRange, fromValue: 0, step: 1 }, 2, true],
    ["step 1, between steps", { ...unitRange, fromValue: 0, step: 1 }, 1.5, false],
    ["step 1, array of elements on steps", { ...unitRange, fromValue: 0, step: 1 }, [1, 2], false],
  ])("%s", (_label, range, value, expected) => {
    expect(floatingPointRangeInRange(range, value)).toBe(expected);
  });
});

describe("IntegerRange.inRange, ported", () => {
  const oneToNine: RosIntegerRange = { kind: "integer", fromValue: 1n, toValue: 9n, step: 1n };
  it.each<[string, RosIntegerRange, bigint | bigint[], boolean | "throws"]>([
    ["inside", oneToNine, 5n, true],
    ["at the minimum", oneToNine, 1n, true],
    ["at the maximum", oneToNine, 9n, true],
    ["below", oneToNine, 0n, false],
    ["above", oneToNine, 10n, false],
    ["step 2, off a step", { ...oneToNine, step: 2n }, 4n, false],
    ["empty array, 0n outside", oneToNine, [], false],
    ["empty array, 0n inside", { ...oneToNine, fromValue: 0n }, [], "throws"],
    ["one element outside", oneToNine, [50n], false],
    ["one element inside", oneToNine, [5n], "throws"],
    ["several elements inside", oneToNine, [5n, 6n], "throws"],
    ["negative element, below", oneToNine, [-5n], false],
    ["step 0, several elements, one outside (never compared)", { ...oneToNine, step: 0n }, [5n, 50n], true],
  ])("%s", (_label, range, value, expected) => {
    if (expected === "throws") expect(() => integerRangeInRange(range, value)).toThrow(TypeError);
    else expect(integerRangeInRange(range, value)).toBe(expected);
  });
});

describe("which ROS descriptor a schema descriptor becomes", () => {
  it.each<[string, ParameterDescriptor, number, RosRange | undefined]>([
    ["double with both bounds", { type: "double", min: 0, max: 10, unit: "m", description: "d" }, RclParameterType.DOUBLE, floatRange(0, 10)],
    ["double with a minimum", { type: "double", min: 0, unit: "m", description: "d" }, RclParameterType.DOUBLE, floatRange(0, Number.MAX_VALUE)],
    ["double with a maximum", { type: "double", max: 1, unit: "m", description: "d" }, RclParameterType.DOUBLE, floatRange(-Number.MAX_VALUE, 1)],
    ["double without bounds", { type: "double", unit: "m", description: "d" }, RclParameterType.DOUBLE, undefined],
    ["integer with both bounds", { type: "integer", min: 1, max: 99, unit: "1", description: "i" }, RclParameterType.INTEGER, integerRange(1n, 99n)],
    ["integer with fractional bounds", { type: "integer", min: 0.5, max: 9.5, unit: "1", description: "i" }, RclParameterType.INTEGER, integerRange(1n, 9n)],
    ["integer with a minimum", { type: "integer", min: 0, unit: "1", description: "i" }, RclParameterType.INTEGER, integerRange(0n, INT64_MAX)],
    ["integer with a maximum", { type: "integer", max: 0, unit: "1", description: "i" }, RclParameterType.INTEGER, integerRange(INT64_MIN, 0n)],
    ["double array with bounds", { type: "double_array", min: 0.5, max: 2, unit: "1", description: "a" }, RclParameterType.DOUBLE_ARRAY, undefined],
    ["integer array with bounds", { type: "integer_array", min: 0, max: 9, unit: "1", description: "a" }, RclParameterType.INTEGER_ARRAY, undefined],
    ["string with choices", { type: "string", choices: ["a", "b"], unit: "", description: "s" }, RclParameterType.STRING, undefined],
    ["bool", { type: "bool", unit: "", description: "b" }, RclParameterType.BOOL, undefined],
    ["string array", { type: "string_array", unit: "", description: "s" }, RclParameterType.STRING_ARRAY, undefined],
    ["bool array", { type: "bool_array", unit: "", description: "b" }, RclParameterType.BOOL_ARRAY, undefined],
  ])("%s", (_label, descriptor, type, range) => {
    const ros = rosDescriptorOf("p", descriptor);
    expect(ros.type).toBe(type);
    expect(ros.range).toEqual(range);
  });

  it("keeps an array's element bounds, and everything else allowed, in additional_constraints", () => {
    const ros = rosDescriptorOf("wheel.correction_factors", { type: "double_array", min: 0.5, max: 2, length: [0, 8], unit: "1", description: "Multipliers", readOnly: true });
    expect(ros).toEqual({
      name: "wheel.correction_factors",
      type: RclParameterType.DOUBLE_ARRAY,
      description: "Multipliers",
      readOnly: true,
      additionalConstraints: "double_array in [0.5, 2] of length 0..8",
    });
    expect(rosDescriptorOf("d", { type: "double", unit: "rad/s", description: "Gain" }).description).toBe("Gain [rad/s]");
  });
});

/** Every descriptor of a node: its fixed schema, and each group's fields under an instance name. */
function descriptorsOf(definition: NodeDefinition): [string, ParameterDescriptor][] {
  const fixed = Object.entries(definition.schema);
  const grouped = Object.entries(definition.groups ?? {}).flatMap(([prefix, fields]: [string, ParameterSchema]) =>
    Object.entries(fields).map(([field, descriptor]): [string, ParameterDescriptor] => [`${prefix}.example.${field}`, descriptor]),
  );
  return [...fixed, ...grouped];
}

describe("the shipped nodes under rclnodejs's rules", () => {
  const nodeNames = Object.keys(nodeDefinitions);

  it.each(nodeNames)("%s configures on the in-process graph from the shipped params files, every parameter declared under the rules", (nodeName) => {
    const definition = nodeDefinitions[nodeName];
    if (definition === undefined) throw new Error(`no node ${nodeName}`);
    const node = new InProcessGraph().addNode(definition, { paramsFiles: DEFAULT_PARAMS_FILES });
    expect(node.configure()).toEqual({ ok: true, state: "inactive" });
    expect([...node.declaredParameters.keys()].sort()).toEqual(Object.keys(node.parameterValues).sort());
    for (const [name, value] of Object.entries(node.parameterValues)) {
      const descriptor = node.descriptorOf(name);
      if (descriptor === undefined) throw new Error(`no descriptor for ${name}`);
      expect([name, node.declaredParameters.get(name)]).toEqual([name, rosDescriptorOf(name, descriptor)]);
      expect([name, rclnodejsSetVerdict(rosDescriptorOf(name, { ...descriptor, readOnly: false }), rclnodejsParameterArguments(name, value, descriptor))]).toEqual([
        name,
        { accepted: true },
      ]);
    }
  });

  it("the shipped launcher_control, declared with the old mapping's element range on its arrays, is refused as on the robot", () => {
    const definition = nodeDefinitions.launcher_control;
    if (definition === undefined) throw new Error("no launcher_control");
    const node = new InProcessGraph().addNode(definition);
    const shipped = resolveParamsFiles(definition, DEFAULT_PARAMS_FILES, "launcher_control");
    const oldMapping = Object.entries(shipped).map(([name, value]) => {
      const descriptor = node.descriptorOf(name);
      if (descriptor === undefined) throw new Error(`no descriptor for ${name}`);
      const elementRange =
        descriptor.type === "double_array" && (descriptor.min !== undefined || descriptor.max !== undefined)
          ? { range: floatRange(descriptor.min ?? -Number.MAX_VALUE, descriptor.max ?? Number.MAX_VALUE) }
          : {};
      return { parameter: rclnodejsParameterArguments(name, value, descriptor), descriptor: { ...rosDescriptorOf(name, descriptor), ...elementRange } };
    });
    expect(shipped["wheel.correction_factors"]).toEqual([]);
    expect(rclnodejsDeclareVerdict(oldMapping)).toEqual({
      accepted: false,
      reason: "rclnodejs refuses wheel.correction_factors = []: outside its range 0.5 to 2; rclnodejs compares an array's whole value with the range",
    });
  });

  const defaults = Object.entries(nodeDefinitions).flatMap(([nodeName, definition]) =>
    descriptorsOf(definition)
      .filter((entry): entry is [string, ParameterDescriptor & { default: ParameterValue }] => entry[1].default !== undefined)
      .map(([name, descriptor]) => ({ nodeName, name, descriptor })),
  );

  it("has defaults to check in every node", () => {
    expect(new Set(defaults.map((d) => d.nodeName))).toEqual(new Set(Object.keys(nodeDefinitions)));
  });

  it.each(defaults)("$nodeName $name: the default is declared, and set again, under the rules", ({ name, descriptor }) => {
    const parameter = rclnodejsParameterArguments(name, descriptor.default, descriptor);
    const ros = rosDescriptorOf(name, descriptor);
    expect(rclnodejsDeclareVerdict([{ parameter, descriptor: ros }])).toEqual({ accepted: true });
    expect(rclnodejsSetVerdict({ ...ros, readOnly: false }, parameter)).toEqual({ accepted: true });
  });
});

describe("the in-process graph declares and sets parameters under rclnodejs's rules", () => {
  // Values our schema allows and rclnodejs refuses: the graph must refuse them as the robot does.
  const probe: NodeDefinition = {
    name: "probe",
    description: "parameters at the edges of rclnodejs's rules",
    schema: {
      count: { type: "integer", default: 0, min: 0, unit: "1", description: "no maximum: rclnodejs's range ends at int64" },
      distance: { type: "double", default: 1, min: 0, unit: "m", description: "no maximum: rclnodejs's range ends at the largest double" },
      factors: { type: "double_array", default: [], min: 0.5, max: 2, unit: "1", description: "bounded elements, may be empty" },
      frame: { type: "string", default: "laser", unit: "", description: "fixed at start-up", readOnly: true },
    },
    configure: () => ({}),
  };

  it.each<[string, Record<string, unknown>, RegExp | undefined]>([
    ["the defaults", {}, undefined],
    ["an empty array with bounded elements", { factors: [] }, undefined],
    ["an array of bounded elements", { factors: [0.5, 2] }, undefined],
    ["an integer beyond int64", { count: 2 ** 63 }, /rclnodejs refuses count = 9223372036854775808: outside its range 0 to 9223372036854775807/],
    ["an infinite double", { distance: Infinity }, /rclnodejs refuses distance = Infinity: outside its range 0 to 1\.79\d*e\+308/],
  ])("configure with %s: refused exactly where rclnodejs refuses", (_label, parameters, refusal) => {
    const node = new InProcessGraph().addNode(probe, { parameters });
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    const result = node.configure();
    stderr.mockRestore();
    if (refusal === undefined) {
      expect(result).toEqual({ ok: true, state: "inactive" });
    } else {
      expect(result.ok).toBe(false);
      expect(result.state).toBe("unconfigured");
      expect(result.reason).toMatch(refusal);
      expect(node.declaredParameters.size).toBe(0);
    }
  });

  it.each<[string, string, ParameterValue, boolean, string]>([
    ["inside the schema and rclnodejs's range", "count", 7, true, ""],
    ["beyond int64", "count", 2 ** 63, false, "rclnodejs refuses count = 9223372036854775808: outside its range"],
    ["an empty array", "factors", [], true, ""],
    ["an element outside the schema's bounds", "factors", [3], false, "'factors' = 3: element 0: above the maximum"],
    ["a read-only parameter", "frame", "base", false, "'frame' is read-only"],
  ])("set %s: as rclnodejs then ManagedNode decide", (_label, name, value, successful, reason) => {
    const node = new InProcessGraph().addNode(probe);
    expect(node.startup().ok).toBe(true);
    const before = { ...node.parameterValues };
    const result = node.setParameters([{ name, value }]);
    expect(result.successful).toBe(successful);
    expect(result.reason).toContain(reason);
    expect(node.parameterValues[name]).toEqual(successful ? value : before[name]);
  });

  it("refuses a set before the parameters are declared, as rclnodejs does before configure", () => {
    const node = new InProcessGraph().addNode(probe);
    expect(node.setParameters([{ name: "count", value: 3 }])).toEqual({ successful: false, reason: "Parameter count has not been declared" });
  });

  it("keeps the declarations through cleanup and takes the re-read values on the next configure", () => {
    const node = new InProcessGraph().addNode(probe);
    expect(node.startup().ok).toBe(true);
    expect(node.setParameters([{ name: "count", value: 4 }]).successful).toBe(true);
    expect(node.deactivate().ok && node.cleanup().ok).toBe(true);
    expect(node.declaredParameters.has("count")).toBe(true);
    expect(node.configure()).toEqual({ ok: true, state: "inactive" });
    expect(node.parameterValues.count).toBe(0);
  });
});
