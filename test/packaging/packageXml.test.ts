import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** package.xml: the ROS side of the package, read with a few regular expressions (no XML library needed for these tags). */
const root = path.resolve(__dirname, "../..");
const xml = fs.readFileSync(path.join(root, "package.xml"), "utf8");
const tags = (tag: string): string[] => [...xml.matchAll(new RegExp(`<${tag}>([^<]+)</${tag}>`, "g"))].map((m) => (m[1] ?? "").trim());

/** Interface packages named in src/msgs/types.ts (`"sensor_msgs/msg/LaserScan": ...`). */
function interfacePackages(): string[] {
  const source = fs.readFileSync(path.join(root, "src/msgs/types.ts"), "utf8");
  return [...new Set([...source.matchAll(/"([a-z_]+)\/(?:msg|srv)\/[A-Za-z]+"/g)].map((m) => m[1] ?? ""))].sort();
}

describe("package.xml", () => {
  it("is format 3, named robocon_shooter like the npm package, built with ament_cmake", () => {
    expect(xml).toMatch(/<package format="3">/);
    expect(tags("name")).toEqual(["robocon_shooter"]);
    const npmPackage = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { name: string; version: string };
    expect(npmPackage.name).toBe("robocon_shooter");
    expect(tags("version")).toEqual([npmPackage.version]);
    expect(tags("buildtool_depend")).toEqual(["ament_cmake"]);
    expect(tags("build_type")).toEqual(["ament_cmake"]);
  });

  it("exec-depends on every interface package src/msgs/types.ts uses", () => {
    const packages = interfacePackages();
    expect(packages).toEqual(expect.arrayContaining(["sensor_msgs", "std_srvs", "nav_msgs"]));
    expect(tags("exec_depend")).toEqual(expect.arrayContaining(packages));
  });

  it.each(["nodejs", "builtin_interfaces", "lifecycle_msgs", "rcl", "rcl_lifecycle", "launch", "launch_ros"])("exec-depends on %s", (dependency) => {
    expect(tags("exec_depend")).toContain(dependency);
  });

  /** Python modules the launch files import, by the package that provides them (rosdep keys). */
  const pythonModulePackages: Readonly<Record<string, string>> = { yaml: "python3-yaml", os: "", math: "" };

  it.each(fs.readdirSync(path.join(root, "launch")).filter((f) => f.endsWith(".py")))("exec-depends on every package launch/%s starts or imports", (file) => {
    const source = fs.readFileSync(path.join(root, "launch", file), "utf8");
    const started = [...source.matchAll(/package='([a-z0-9_]+)'/g)].map((m) => m[1] ?? "");
    const shares = [...source.matchAll(/get_package_share_directory\('([a-z0-9_]+)'\)/g)].map((m) => m[1] ?? "");
    const imported = [...source.matchAll(/^(?:from|import) ([a-z0-9_]+)/gm)].map((m) => m[1] ?? "").map((module) => pythonModulePackages[module] ?? module);
    const needed = [...new Set([...started, ...shares, ...imported])].filter((name) => name !== "" && name !== "robocon_shooter");
    expect(needed.length).toBeGreaterThan(0);
    expect(tags("exec_depend")).toEqual(expect.arrayContaining(needed));
  });

  it("lists no dependency twice", () => {
    const all = tags("exec_depend");
    expect(all.length).toBe(new Set(all).size);
  });

  const catkinPkg = (() => {
    try {
      execFileSync("/usr/bin/python3", ["-c", "import catkin_pkg"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  (catkinPkg ? it : it.skip)("passes catkin_pkg's validation (skipped without Debian's python3-catkin-pkg)", () => {
    const out = execFileSync(
      "/usr/bin/python3",
      ["-c", "import sys; from catkin_pkg.package import parse_package; p = parse_package(sys.argv[1]); p.validate(); print(p.name, p.package_format)", path.join(root, "package.xml")],
      { encoding: "utf8" },
    );
    expect(out.trim()).toBe("robocon_shooter 3");
  });
});
