import * as fs from "node:fs";
import * as path from "node:path";
import { nodeInterfaces } from "../../src/docs/interfaceTable";
import { nodeDefinitions } from "../../src/nodes/index";
import { rosExecutables } from "../../src/ros/executables";
import { startNodes } from "../nodes/harness";

/**
 * Every parameter the user docs name exists in a schema: docs/ros.md named a `max_wheel_speed`
 * that no node had. A backticked name counts as a parameter when it is written as one (`key:
 * value`, `'key' = value` as in a refusal, or a dotted or snake_case identifier) and is not one
 * of the other names the docs use, each found from the code: launch arguments, topics and
 * services, executables, packages (this one and its dependencies), parameter values (a default, a choice), the keys of
 * /diagnostics, files, and ROS's own words below.
 */
const root = path.resolve(__dirname, "../..");

/** Names from ROS itself that the docs write like parameters. */
const ROS_WORDS = new Set(["use_sim_time", "additional_constraints"]);
const FILE = /\.(ya?ml|py|xml|json|rviz|md|ts|js|mcap|svg|csv|bash|sh|txt)$/;

function launchArguments(): Set<string> {
  const names = new Set<string>();
  for (const file of fs.readdirSync(path.join(root, "launch")).filter((f) => f.endsWith(".py"))) {
    const text = fs.readFileSync(path.join(root, "launch", file), "utf8");
    for (const m of text.matchAll(/\(\s*'([a-z_]+)',\s*(?:'|"|os\.path\.join)/g)) names.add(m[1] ?? "");
  }
  return names;
}

/** Every parameter of the package's executables; group fields as `prefix.*.field`. */
function parameterNames(): string[] {
  return Object.values(rosExecutables).flatMap((definition) => [
    ...Object.keys(definition.schema),
    ...Object.entries(definition.groups ?? {}).flatMap(([prefix, fields]) => Object.keys(fields).map((field) => `${prefix}.*.${field}`)),
  ]);
}

/** The parameter-like names a doc names, with the text they were found in. */
function namedParameters(text: string, skip: ReadonlySet<string>): { name: string; written: string }[] {
  const found: { name: string; written: string }[] = [];
  for (const [, code = ""] of text.matchAll(/`([^`\n]+)`/g)) {
    const refusal = /^'([a-z][\w.]*)' = /.exec(code);
    const assignment = /^([a-z][\w.]*): [^\s:]+$/.exec(code);
    const bare = /^[a-z][a-z0-9_]*(\.[a-z0-9_*<>]+)*$/.test(code) && /[._]/.test(code) && !FILE.test(code) ? code : undefined;
    const name = refusal?.[1] ?? assignment?.[1] ?? bare;
    if (name !== undefined && !skip.has(name)) found.push({ name, written: code });
  }
  return found;
}

function exists(name: string, known: readonly string[]): boolean {
  // `detection.*` names a block, `range_inputs.<name>.sigma` a group's field.
  const pattern = new RegExp(`^${name.replace(/\./g, "\\.").replace(/\\\.\*$/, "\\..+").replace(/\*|<[a-z_]+>/g, "[^.]+")}$`);
  return known.some((key) => key === name || pattern.test(key.replace(/\.\*\./, ".x.")) || pattern.test(key));
}

/** The values parameters take (string defaults and choices): `flywheel_joint` is a joint, not a parameter. */
function parameterValues(): string[] {
  return Object.values(rosExecutables).flatMap((definition) =>
    Object.values(definition.schema).flatMap((d) => [...(typeof d.default === "string" ? [d.default] : []), ...(d.choices ?? []).map(String)]),
  );
}

/** The keys of every status the three nodes put on /diagnostics, from a second of the shipped chain. */
function diagnosticKeys(): string[] {
  const { graph } = startNodes(Object.keys(nodeDefinitions));
  const reports = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
  graph.advance(1.1);
  return reports.flatMap((r) => r.status.flatMap((s) => s.values.map((v) => v.key)));
}

describe("docs/ros.md names only parameters that exist", () => {
  const text = fs.readFileSync(path.join(root, "docs", "ros.md"), "utf8");
  const known = parameterNames();
  const topics = nodeInterfaces().map((row) => row.name.replace(/^\//, ""));
  // The package and every package it depends on (ament_cmake, launch_ros, ...).
  const packageXml = fs.readFileSync(path.join(root, "package.xml"), "utf8");
  const packages = [...packageXml.matchAll(/<(?:name|\w*depend)>([^<]+)<\//g)].map((m) => m[1] ?? "");
  const skip = new Set([...launchArguments(), ...topics, ...Object.keys(rosExecutables), ...packages, ...parameterValues(), ...diagnosticKeys(), ...ROS_WORDS]);

  it("finds the parameters it names (the check looks at something)", () => {
    expect(namedParameters(text, skip).length).toBeGreaterThan(3);
  });

  it("every one is in a node's schema", () => {
    expect(namedParameters(text, skip).filter(({ name }) => !exists(name, known))).toEqual([]);
  });
});

describe("the check itself", () => {
  const known = ["idle_speed", "flywheel.mode", "range_inputs.*.sigma", "detection.mount_x"];
  it.each([
    ["`max_wheel_speed`", ["max_wheel_speed"]],
    ["`'max_wheel_speed' = 900: above the maximum`", ["max_wheel_speed"]],
    ["`flywheel.modes: velocity`", ["flywheel.modes"]],
    ["`idle_speed` `flywheel.mode: effort` `range_inputs.<name>.sigma` `detection.*` `shooter.yaml` `scan_topic`", []],
  ])("%s -> unknown %j", (text, unknown) => {
    expect(namedParameters(text, new Set(["scan_topic"])).filter(({ name }) => !exists(name, known)).map((p) => p.name)).toEqual(unknown);
  });
});
