import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { commandLineOverrides } from "../../src/runtime/rclnodejs/parameterOverrides";
import { DEFAULT_PARAMS_FILES } from "../../src/package/defaultParams";

/**
 * A node's overrides from its command line, as rcl applies them: params files and -p rules in
 * argument order, blocks matched as rclcpp matches them (wildcards, namespaces). rclnodejs 2.2.0's
 * own lookup misses the fully qualified blocks launch_ros writes (`/launcher_control:` for
 * `use_sim_time:=true`): the first rows would have failed with it.
 */
describe("commandLineOverrides", () => {
  let dir = "";
  const file = (name: string, text: string): string => {
    const full = path.join(dir, name);
    fs.writeFileSync(full, text);
    return full;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "overrides-"));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const values = (argv: readonly string[], node = "probe", namespace = "/"): Record<string, unknown> =>
    Object.fromEntries([...commandLineOverrides(argv, node, namespace)].map(([name, read]) => [name, read.parameter.value]));

  it.each<[string, () => string[], string, string, Record<string, unknown>]>([
    ["a fully qualified block (what launch_ros writes for a dict)", () => ["--params-file", file("fqn.yaml", "/probe:\n  ros__parameters:\n    use_sim_time: true\n")], "probe", "/", { use_sim_time: true }],
    ["a namespaced fully qualified block", () => ["--params-file", file("ns.yaml", "/robot1/probe:\n  ros__parameters:\n    gain: 2.0\n")], "probe", "/robot1", { gain: 2 }],
    ["another node's block is not ours", () => ["--params-file", file("other.yaml", "/other:\n  ros__parameters:\n    gain: 2.0\n")], "probe", "/", {}],
    ["/** then the node's own block, key by key", () => ["--params-file", file("wild.yaml", "/**:\n  ros__parameters:\n    gain: 1.0\n    window: 3\nprobe:\n  ros__parameters:\n    gain: 2.0\n")], "probe", "/", { gain: 2, window: 3 }],
    ["a later file wins", () => ["--params-file", file("a.yaml", "probe:\n  ros__parameters:\n    gain: 1.0\n"), "--params-file", file("b.yaml", "/probe:\n  ros__parameters:\n    gain: 4.0\n")], "probe", "/", { gain: 4 }],
    ["-p probe:name after a file wins, typed as YAML", () => ["--params-file", file("c.yaml", "probe:\n  ros__parameters:\n    gain: 1.0\n"), "-p", "probe:gain:=nan", "-p", "flags:=[yes, off]"], "probe", "/", { gain: Number.NaN, flags: [true, false] }],
    // A bare -p is a `/**` block; blocks apply in the order rcl lists them, so it wins after a file, not before (as in rclcpp).
    ["a bare -p after a file wins over the file's node block", () => ["--params-file", file("d.yaml", "probe:\n  ros__parameters:\n    gain: 1.0\n"), "-p", "gain:=7.0"], "probe", "/", { gain: 7 }],
    ["a bare -p before a file yields to the file's node block", () => ["-p", "gain:=7.0", "--params-file", file("d2.yaml", "probe:\n  ros__parameters:\n    gain: 1.0\n")], "probe", "/", { gain: 1 }],
    ["-p node:name only for that node", () => ["-p", "other:gain:=5.0", "--param", "probe:window:=9"], "probe", "/", { window: 9 }],
  ])("%s", (_name, args, node, namespace, expected) => {
    expect(values(["--ros-args", ...args()], node, namespace)).toEqual(expected);
  });

  // Each row was run through a node of rclcpp 16.0.11 (ROS 2 Humble) with the same files, whose
  // automatically declared overrides gave these values: blocks apply when their name, made
  // absolute, matches the fully qualified name (`/*` one token, `/**` any), in the order rcl lists
  // the blocks (first appearance across the files), later ones winning key by key.
  const wildcards = "/robot1/probe:\n  ros__parameters:\n    ns_fqn: 3\n/robot1/*:\n  ros__parameters:\n    ns_star: 4\n/**/probe:\n  ros__parameters:\n    any_ns: 5\n" +
    "robot1/probe:\n  ros__parameters:\n    rel_ns: 6\n/*:\n  ros__parameters:\n    root_star: 7\n/robot2/probe:\n  ros__parameters:\n    other: 8\n";
  const nodeThenWild = "probe:\n  ros__parameters:\n    gain: 3.0\n/**:\n  ros__parameters:\n    w: 5\n    gain: 4.0\n";
  const wildThenFqn = "/**:\n  ros__parameters:\n    gain: 1.0\n    w: 1\n/probe:\n  ros__parameters:\n    gain: 2.0\n";
  it.each<[string, () => string[], string, Record<string, unknown>]>([
    ["wildcard and namespaced blocks, node in /robot1", () => ["--params-file", file("b.yaml", wildcards)], "/robot1", { ns_fqn: 3, ns_star: 4, any_ns: 5, rel_ns: 6 }],
    ["wildcard and namespaced blocks, node in /", () => ["--params-file", file("b.yaml", wildcards)], "/", { any_ns: 5, root_star: 7 }],
    ["/** after the node's own block wins", () => ["--params-file", file("f.yaml", nodeThenWild)], "/", { gain: 4, w: 5 }],
    ["a block keeps its first place when a later file sets it again", () => ["--params-file", file("e.yaml", wildThenFqn), "--params-file", file("f.yaml", nodeThenWild)], "/", { gain: 3, w: 5 }],
    ["a file's node block, then another's /**", () => ["--params-file", file("d.yaml", "probe:\n  ros__parameters:\n    gain: 1.0\n"), "--params-file", file("f.yaml", nodeThenWild)], "/", { gain: 4, w: 5 }],
  ])("as rclcpp: %s", (_name, args, namespace, expected) => {
    expect(values(["--ros-args", ...args()], "probe", namespace)).toEqual(expected);
  });

  it("takes a bare-name block in any namespace, as rclnodejs does (rclcpp would not in /robot1): namespace:=robot1 runs with the shipped files", () => {
    expect(values(["--ros-args", "--params-file", file("bare.yaml", "probe:\n  ros__parameters:\n    gain: 1.0\n")], "probe", "/robot1")).toEqual({ gain: 1 });
  });

  it("ignores everything outside --ros-args and the options it does not read", () => {
    expect(values(["--autostart", "true", "--ros-args", "-r", "__node:=probe", "--log-level", "info", "-p", "gain:=1.5", "--", "-p", "x:=1"])).toEqual({ gain: 1.5 });
  });

  it("names the file and line of a value, for configure's error messages", () => {
    const f = file("where.yaml", "probe:\n  ros__parameters:\n    gain: 1.0\n    window: 3\n");
    const read = commandLineOverrides(["--ros-args", "--params-file", f], "probe", "/").get("window");
    expect([read?.file, read?.line]).toEqual([f, 4]);
  });

  it.each([
    [["--ros-args", "--params-file", "/nonexistent/params.yaml"], /cannot read params file \/nonexistent\/params.yaml/],
    [["--ros-args", "-p", "gain"], /-p gain: expected name:=value/],
    [["--ros-args", "-p"], /-p needs a value/],
  ])("refuses %j with a reason", (argv, reason) => {
    expect(() => commandLineOverrides(argv, "probe", "/")).toThrow(reason);
  });

  it.each([
    { node: "launcher_control", rule: "idle_speed:=100.0", key: "idle_speed", value: 100 },
    { node: "launcher_control", rule: "armed_at_start:=true", key: "armed_at_start", value: true },
    { node: "laser_ranging", rule: "diagnostics_period:=2.0", key: "diagnostics_period", value: 2 },
  ])("the shipped params files with -p $rule: the rule wins over $node's own block", ({ node, rule, key, value }) => {
    // rcl puts a bare -p rule in the /** block, and the blocks apply in the order they first
    // appear: the shipped /** block (robot_frames) must come after the nodes' blocks.
    const argv = ["--ros-args", ...DEFAULT_PARAMS_FILES.flatMap((f) => ["--params-file", f]), "-p", rule];
    expect(values(argv, node)[key]).toBe(value);
  });
});

