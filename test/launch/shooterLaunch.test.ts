import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_PARAMS_FILES } from "../../src/package/defaultParams";
import { nodeDefinitions } from "../../src/nodes";
import { nodeInterfaces } from "../../src/docs/interfaceTable";
import { LAUNCHER_COMMAND_TOPICS, LAUNCHER_STATUS_TOPICS } from "../../src/nodes/launcher_control";
import { rosExecutables } from "../../src/ros/executables";

/**
 * Static checks of launch/shooter.launch.py against the installed layout: no ROS 2 needed. What
 * it names must exist: executables (CMakeLists.txt installs lib/robocon_shooter/<name>, one per
 * node of src/nodes), params files (params/), launch arguments (declared before use).
 */
const root = path.resolve(__dirname, "../..");
const launchFile = path.join(root, "launch", "shooter.launch.py");
const launch = fs.readFileSync(launchFile, "utf8");
const cmake = fs.readFileSync(path.join(root, "CMakeLists.txt"), "utf8");

function cmakeNodes(): string[] {
  const list = /set\(ROBOCON_SHOOTER_NODES\s+([\s\S]*?)\)/.exec(cmake)?.[1] ?? "";
  return list.split(/\s+/).filter(Boolean);
}

function python3(): string | undefined {
  for (const candidate of ["/usr/bin/python3", "python3"]) {
    try {
      execFileSync(candidate, ["--version"], { stdio: "ignore" });
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/** A substitution as describe_launch.py prints it: a launch argument's value, or a plain value. */
type Described = string | boolean | number | null | { readonly config: string } | { readonly value: Described; readonly type: string | null } | readonly Described[] | { readonly [key: string]: Described };

interface DescribedNode {
  readonly executable: string;
  readonly name: string;
  readonly parameters: readonly Described[];
  readonly remappings?: readonly (readonly [string, Described])[];
  readonly condition: { readonly kind: "if" | "unless"; readonly expression: Described } | null;
}

interface DescribedLaunch {
  readonly arguments: readonly { readonly name: string; readonly default: Described; readonly description: string | null }[];
  readonly nodes: readonly DescribedNode[];
  readonly includes: readonly { readonly file: string; readonly launch_arguments: Readonly<Record<string, Described>>; readonly condition: { readonly kind: string; readonly expression: Described } | null }[];
}

/** What generate_launch_description() builds, run by Python with launch and launch_ros stood in (test/launch/describe_launch.py). */
function describeLaunch(python: string, file: string): DescribedLaunch {
  const out = execFileSync(python, [path.join(__dirname, "describe_launch.py"), file, "/share/robocon_shooter"], { encoding: "utf8" });
  return JSON.parse(out) as DescribedLaunch;
}

const configName = (value: Described | undefined): string | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value) && "config" in value && typeof value.config === "string" ? value.config : undefined;

describe("launch/shooter.launch.py", () => {
  const executables = [...launch.matchAll(/shooter_node\(\s*'([a-z_]+)'/g)].map((m) => m[1]);

  it.each(["laser_ranging", "target_estimation", "launcher_control"])("%s is installed by CMakeLists.txt and defined in src/nodes", (name) => {
    expect(executables).toContain(name);
    expect(cmakeNodes()).toContain(name);
    expect(Object.keys(nodeDefinitions)).toContain(name);
  });

  it("CMakeLists.txt installs a wrapper per node that runs dist/ros/main.js with its arguments", () => {
    expect([...cmakeNodes()].sort()).toEqual(Object.keys(rosExecutables).sort());
    expect(cmake).toMatch(/install\(PROGRAMS "\$\{CMAKE_CURRENT_BINARY_DIR\}\/\$\{NODE_NAME\}" DESTINATION "lib\/\$\{PROJECT_NAME\}"\)/);
    expect(cmake).toMatch(/install\(DIRECTORY launch params rviz DESTINATION/);
    const wrapper = fs.readFileSync(path.join(root, "scripts/ros/node-wrapper.sh.in"), "utf8");
    expect(wrapper).toContain('exec "$node_bin" "$share/dist/ros/main.js" @NODE_NAME@ "$@"');
  });

  it.each(["shooter.yaml", "court_abu2025.yaml"])("names params/%s, which exists", (file) => {
    expect(launch).toContain(`'${file}'`);
    expect(fs.existsSync(path.join(root, "params", file))).toBe(true);
  });

  it("names no params file that params/ lacks", () => {
    const named = [...launch.matchAll(/'([\w.-]+\.yaml)'/g)].map((m) => m[1] ?? "");
    expect(named.filter((file) => !fs.existsSync(path.join(root, "params", file)))).toEqual([]);
  });

  it("declares every launch argument it reads, with the documented ones present", () => {
    const declared = new Set([...launch.matchAll(/\(\s*'([a-z_]+)',\s*(?:'[^']*'|os\.path\.join)/g)].map((m) => m[1]));
    const used = new Set([...launch.matchAll(/config\('([a-z_]+)'\)/g)].map((m) => m[1]));
    for (const name of used) expect(declared).toContain(name);
    for (const name of ["namespace", "params_file", "court_file", "use_sim_time", "autostart", "scan_topic", "odom_topic", "joint_states_topic"]) {
      expect(used).toContain(name);
    }
    expect(launch).toContain("('velocity_command_topic', '/flywheel_velocity_controller/commands'");
  });

  it("passes --autostart before --ros-args (arguments=, not ros_arguments=)", () => {
    expect(launch).toMatch(/arguments=\['--autostart', config\('autostart'\)\]/);
  });

  const python = python3();
  (python ? it : it.skip)("is valid Python", () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "pycache-"));
    try {
      execFileSync(python ?? "python3", ["-m", "py_compile", launchFile], { env: { ...process.env, PYTHONPYCACHEPREFIX: cache }, stdio: "pipe" });
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});

const python = python3();
(python ? describe : describe.skip)("launch/shooter.launch.py as Python builds it (launch and launch_ros stood in; skipped without python3)", () => {
  const described = python === undefined ? undefined : describeLaunch(python, launchFile);
  const launchDescription = (): DescribedLaunch => {
    if (described === undefined) throw new Error("no python3");
    return described;
  };
  const argument = (name: string) => launchDescription().arguments.find((a) => a.name === name);
  const launchers = (): DescribedNode[] => launchDescription().nodes.filter((n) => n.executable === "launcher_control");
  const rosMd = fs.readFileSync(path.join(root, "docs", "ros.md"), "utf8");

  it("starts the package's three nodes, launcher_control once whatever `arm` says", () => {
    expect([...new Set(launchDescription().nodes.map((n) => n.executable))].sort()).toEqual(["laser_ranging", "launcher_control", "target_estimation"]);
    const conditions = launchers().map((n) => [n.condition?.kind, configName(n.condition?.expression)]);
    expect(conditions.sort()).toEqual([["if", "arm"], ["unless", "arm"]]);
  });

  it("arm:=true adds armed_at_start: true on top of the params file; the shipped default arms nothing", () => {
    expect(argument("arm")?.default).toBe("false");
    const armed = launchers().find((n) => n.condition?.kind === "if");
    const plain = launchers().find((n) => n.condition?.kind === "unless");
    expect(armed?.parameters.slice(0, -1)).toEqual(plain?.parameters);
    expect(armed?.parameters.at(-1)).toEqual({ armed_at_start: true });
    expect(nodeDefinitions.launcher_control?.schema.armed_at_start?.type).toBe("bool");
    expect(armed?.remappings).toEqual(plain?.remappings);
  });

  // The shipped flywheel.mode is effort: a launch that remapped only the velocity command left the
  // robot's flywheel without a command. In every mode, every command topic launcher_control
  // publishes (as configured: the interface table) gets a launch argument with a default and a
  // description, and docs/ros.md lists it with that default.
  const commandTopics = new Set<string>(Object.values(LAUNCHER_COMMAND_TOPICS));
  const statusTopics = new Set<string>(Object.values(LAUNCHER_STATUS_TOPICS));
  describe.each([
    { flywheel: "velocity", launch: "fixed" },
    { flywheel: "velocity", launch: "adjustable" },
    { flywheel: "effort", launch: "fixed" },
    { flywheel: "effort", launch: "adjustable" },
  ])("flywheel.mode $flywheel, launch.mode $launch", ({ flywheel, launch: launchMode }) => {
    const rows = nodeInterfaces(DEFAULT_PARAMS_FILES, { launcher_control: { "flywheel.mode": flywheel, "launch.mode": launchMode } }).filter((r) => r.node === "launcher_control");
    const published = rows.filter((r) => r.direction === "publishes" && !r.name.startsWith("/")).map((r) => r.name);

    it("publishes only topics it names as commands or as status", () => {
      expect(published.filter((topic) => !commandTopics.has(topic) && !statusTopics.has(topic))).toEqual([]);
      expect(published).toEqual(expect.arrayContaining([`launcher/${flywheel}_command`, "launcher/feed"]));
    });

    it.each(published.filter((topic) => commandTopics.has(topic)))("remaps %s to a declared launch argument with a default and a description, listed in docs/ros.md", (topic) => {
      for (const node of launchers()) {
        const to = configName(node.remappings?.find(([from]) => from === topic)?.[1]);
        expect([topic, to]).toEqual([topic, expect.stringMatching(/_topic$/)]);
        const declared = argument(to ?? "");
        const fallback = typeof declared?.default === "string" ? declared.default : "";
        expect([to, fallback.length > 0]).toEqual([to, true]);
        expect(declared?.description?.length ?? 0).toBeGreaterThan(20);
        const row = `| \`${to ?? ""}\` | \`${fallback}\` |`;
        expect([row, rosMd.includes(row)]).toEqual([row, true]);
      }
    });
  });

  it("remaps every input of launcher_control that no node of the package publishes (the wheel's feedback, arm, e-stop)", () => {
    const all = nodeInterfaces();
    const ours = new Set(all.filter((r) => r.direction === "publishes").map((r) => r.name));
    const inputs = all.filter((r) => r.node === "launcher_control" && r.direction === "subscribes" && !ours.has(r.name)).map((r) => r.name);
    expect(inputs).toEqual(expect.arrayContaining(["joint_states", "launcher/arm", "launcher/e_stop"]));
    for (const node of launchers()) {
      for (const topic of inputs) {
        const to = configName(node.remappings?.find(([from]) => from === topic)?.[1]);
        expect([topic, argument(to ?? "")?.default]).toEqual([topic, topic]);
        const row = `| \`${to ?? ""}\` | \`${topic}\` |`;
        expect([row, rosMd.includes(row)]).toEqual([row, true]);
      }
    }
  });

  it("docs/ros.md lists every launch argument", () => {
    expect(launchDescription().arguments.map((a) => a.name).filter((name) => !rosMd.includes(`| \`${name}\` |`))).toEqual([]);
  });

  it("sim.launch.py arms the launcher on purpose, through its own `arm` argument (default true)", () => {
    const sim = describeLaunch(python ?? "python3", path.join(root, "launch", "sim.launch.py"));
    const include = sim.includes.find((i) => i.file.endsWith("shooter.launch.py"));
    expect(configName(include?.launch_arguments.arm)).toBe("arm");
    const simArm = sim.arguments.find((a) => a.name === "arm");
    expect(simArm?.default).toBe("true");
    expect(simArm?.description).toMatch(/armed/);
  });
});

describe("launch/sim.launch.py", () => {
  const sim = fs.readFileSync(path.join(root, "launch", "sim.launch.py"), "utf8");
  const ours = [...sim.matchAll(/package=PACKAGE, executable='([a-z_]+)'/g)].map((m) => m[1] ?? "");

  it("starts the simulator's nodes, each installed by CMakeLists.txt", () => {
    expect(ours.sort()).toEqual(["sim_launcher", "sim_world"]);
    for (const name of ours) expect(cmakeNodes()).toContain(name);
  });

  it("includes shooter.launch.py and names an rviz config that exists", () => {
    expect(sim).toContain("shooter.launch.py");
    expect(fs.existsSync(path.join(root, "rviz", "shooter.rviz"))).toBe(true);
  });

  // target_estimation publishes every sensor frame (/tf_static): a second publisher of the same
  // child frame would fight it. rviz/shooter.rviz itself is checked in rvizConfig.test.ts.
  it("starts no transform publisher of its own", () => {
    expect(sim).not.toMatch(/static_transform_publisher|tf2_ros/);
  });
});
