import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { nodeDefinitions } from "../../src/nodes";
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

describe("launch/shooter.launch.py", () => {
  const executables = [...launch.matchAll(/shooter_node\(\s*'([a-z_]+)'/g)].map((m) => m[1]);

  it("starts exactly the package's three nodes", () => {
    expect([...executables].sort()).toEqual(["laser_ranging", "launcher_control", "target_estimation"]);
  });

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

  // The shipped flywheel.mode is effort: a launch that remapped only the velocity command left the
  // robot's flywheel without a command. Every actuator topic launcher_control publishes gets one.
  it.each(["launcher/velocity_command", "launcher/effort_command", "launcher/hood_command", "launcher/feed"])(
    "remaps %s to a launch argument, and launcher_control publishes it",
    (topic) => {
      expect(launch).toMatch(new RegExp(`\\('${topic}', config\\('[a-z_]+_topic'\\)\\)`));
      const node = fs.readFileSync(path.join(root, "src", "nodes", "launcher_control.ts"), "utf8");
      expect(node).toContain(`"${topic}"`);
    },
  );

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
