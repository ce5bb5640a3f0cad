import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkParamsFiles } from "../../src/cli/params";
import { DEFAULT_SHOOTER_PARAMS } from "../../src/package/defaultParams";
import { nodeDefinitions } from "../../src/nodes/index";
import { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";

/**
 * `robocon-shooter params --check` against bad params files written to a temporary folder: each
 * row's file holds one mistake, and the check must name the file, the node and the key of each
 * problem the row expects. Where a node refuses the file, configuring that node from the same
 * file on the in-process graph must fail with exactly the check's messages: one code path.
 */

/** A params file from a node block and flat dotted keys, nested as teams write them. */
function paramsYaml(block: string, entries: Readonly<Record<string, string>>): string {
  interface Tree {
    [key: string]: Tree | string;
  }
  const tree: Tree = {};
  for (const [key, value] of Object.entries(entries)) {
    const parts = key.split(".");
    let at = tree;
    for (const part of parts.slice(0, -1)) {
      const next = at[part];
      if (typeof next === "object") at = next;
      else at = at[part] = {};
    }
    at[parts.at(-1) ?? key] = value;
  }
  const lines = [`${block}:`, "  ros__parameters:"];
  const emit = (node: Tree, indent: string): void => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === "string") lines.push(`${indent}${key}: ${value}`);
      else {
        lines.push(`${indent}${key}:`);
        emit(value, `${indent}  `);
      }
    }
  };
  emit(tree, "    ");
  return `${lines.join("\n")}\n`;
}

interface Expected {
  /** The node that refuses the file, or undefined for a problem with the file itself. */
  readonly node?: string;
  /** Its namespace, when the block names one. */
  readonly namespace?: string;
  /** The key (or node block) the message must name. */
  readonly key: string;
  /** Further text the message must hold (the rule, the suggestion). */
  readonly says: string;
}

interface BadFile {
  readonly label: string;
  readonly text: string;
  readonly errors: readonly Expected[];
}

const launcher = (entries: Readonly<Record<string, string>>): string => paramsYaml("launcher_control", entries);
const ranging = (entries: Readonly<Record<string, string>>): string => paramsYaml("laser_ranging", entries);
const estimation = (entries: Readonly<Record<string, string>>): string => paramsYaml("target_estimation", entries);

const badFiles: readonly BadFile[] = [
  {
    label: "correction keys and factors of different lengths",
    text: launcher({ "wheel.correction_keys": "[2.0, 3.0, 4.0]", "wheel.correction_factors": "[1.0, 1.1]" }),
    errors: [{ node: "launcher_control", key: "wheel.correction_factors", says: "2 factor(s) for the 3 key(s) of 'wheel.correction_keys'" }],
  },
  {
    label: "correction keys not increasing",
    text: launcher({ "wheel.correction_keys": "[3.0, 2.0]", "wheel.correction_factors": "[1.0, 1.1]" }),
    errors: [{ node: "launcher_control", key: "wheel.correction_keys", says: "not strictly increasing: 3 then 2 at index 1" }],
  },
  // The min > max pairs of the nodes' rules (orderedPair in launcherModelRules, laserRangingRules, targetEstimationRules).
  {
    label: "hood min angle above max angle",
    text: launcher({ "launch.min_angle_rad": "1.2", "launch.max_angle_rad": "0.9" }),
    errors: [{ node: "launcher_control", key: "launch.min_angle_rad", says: "above 'launch.max_angle_rad' = 0.9" }],
  },
  {
    label: "target bearing_min above bearing_max",
    text: ranging({ "target.bearing_min": "0.9", "target.bearing_max": "0.6" }),
    errors: [{ node: "laser_ranging", key: "target.bearing_min", says: "not below 'target.bearing_max' = 0.6" }],
  },
  {
    label: "target range_min equal to range_max",
    text: ranging({ "target.range_min": "4.0", "target.range_max": "4.0" }),
    errors: [{ node: "laser_ranging", key: "target.range_min", says: "not below 'target.range_max' = 4" }],
  },
  {
    label: "start region x_min above x_max",
    text: estimation({ "init.region.x_min": "3.0", "init.region.x_max": "1.0" }),
    errors: [{ node: "target_estimation", key: "init.region.x_min", says: "above 'init.region.x_max' = 1" }],
  },
  {
    label: "start region y_min above y_max",
    text: estimation({ "init.region.y_min": "2.0", "init.region.y_max": "-2.0" }),
    errors: [{ node: "target_estimation", key: "init.region.y_min", says: "above 'init.region.y_max' = -2" }],
  },
  {
    label: "a range input's systematic sigma above its sigma",
    text: estimation({ "range_inputs.names": "[front]", "range_inputs.front.sigma": "0.01", "range_inputs.front.systematic_sigma": "0.02" }),
    errors: [{ node: "target_estimation", key: "range_inputs.front.systematic_sigma", says: "above its 'sigma' = 0.01" }],
  },
  {
    label: "rim no wider than the ball",
    text: launcher({ "ballistics.rim_radius_m": "0.11", "ballistics.ball_radius_m": "0.12" }),
    errors: [{ node: "launcher_control", key: "ballistics.rim_radius_m", says: "not above 'ballistics.ball_radius_m' = 0.12" }],
  },
  {
    label: "efficiency slope that turns negative below the top speed",
    text: launcher({ "wheel.efficiency_slope_spm": "-0.05", "wheel.efficiency": "0.3" }),
    errors: [{ node: "launcher_control", key: "wheel.efficiency_slope_spm", says: "must stay > 0 up to the top speed" }],
  },
  {
    label: "hoop outside the court",
    text: estimation({ "court.hoop.x": "8.0" }),
    errors: [{ node: "target_estimation", key: "court.hoop.x", says: "'court.length' / 2 = 7.5" }],
  },
  {
    label: "even median window",
    text: ranging({ "range_sensors.names": "[left]", "range_sensors.left.median_window": "4" }),
    errors: [{ node: "laser_ranging", key: "range_sensors.left.median_window", says: "odd window" }],
  },
  {
    label: "a scan filter's parameters its constructor refuses",
    text: ranging({ "scan_filters.names": "[speckle]", "scan_filters.speckle.type": "speckle", "scan_filters.speckle.params.half_window": "1", "scan_filters.speckle.params.min_neighbors": "3" }),
    errors: [{ node: "laser_ranging", key: "scan_filters.speckle.params.min_neighbors", says: "speckle filter: min_neighbors must be an integer in [1, 2], got 3" }],
  },
  {
    label: "a virtual beam named as a range sensor",
    text: ranging({ "range_sensors.names": "[left]", "virtual_beams.names": "[left]" }),
    errors: [{ node: "laser_ranging", key: "virtual_beams.names", says: "both publish ranging/left" }],
  },
  {
    label: "a name listed twice",
    text: ranging({ "range_sensors.names": "[left, left]" }),
    errors: [{ node: "laser_ranging", key: "range_sensors.names", says: "'left' more than once" }],
  },
  {
    label: "misspelt key",
    text: launcher({ "wheel.raduis_m": "0.05" }),
    errors: [{ node: "launcher_control", key: "wheel.raduis_m", says: "unknown parameter; did you mean 'wheel.radius_m'?" }],
  },
  {
    label: "misspelt field of a group block",
    text: ranging({ "range_sensors.names": "[left]", "range_sensors.left.medain_window": "1" }),
    errors: [{ node: "laser_ranging", key: "range_sensors.left.medain_window", says: "did you mean 'median_window'?" }],
  },
  {
    label: "wrong type",
    text: launcher({ control_period: '"fast"' }),
    errors: [{ node: "launcher_control", key: "control_period", says: "expected a number" }],
  },
  {
    label: "out of range",
    text: launcher({ idle_speed: "5000.0" }),
    errors: [{ node: "launcher_control", key: "idle_speed", says: "above the maximum: allowed double in [0, 2000]" }],
  },
  {
    label: "a namespaced block",
    text: paramsYaml("/robot1/launcher_control", { idle_speed: "5000.0" }),
    errors: [{ node: "launcher_control", namespace: "/robot1", key: "idle_speed", says: "above the maximum" }],
  },
  {
    // Each node takes of a /** block what it declares (rclcpp ignores the rest): a key no node declares reaches none.
    label: "a /** block with a key no node has",
    text: paramsYaml("/**", { control_periodd: "0.02" }),
    errors: [{ key: "control_periodd", says: "declared by no node of robocon_shooter, so no node reads it; did you mean 'control_period'?" }],
  },
  {
    label: "a misspelt robot_frames head in a /** block",
    text: paramsYaml("/**", { "robot_frame.names": "[laser]" }),
    errors: [{ key: "robot_frame.names", says: "did you mean 'robot_frames.names'?" }],
  },
  {
    label: "a misspelt robot frame field in a /** block (both nodes read it)",
    text: paramsYaml("/**", { "robot_frames.laser.yaww": "0.1" }),
    errors: [
      { node: "laser_ranging", key: "robot_frames.laser.yaww", says: "did you mean 'yaw'?" },
      { node: "target_estimation", key: "robot_frames.laser.yaww", says: "did you mean 'yaw'?" },
    ],
  },
  // One source of mounts (issue 17): a file where laser_ranging's bearings and target_estimation's rays could disagree cannot be written.
  {
    label: "robot frames in one node's block",
    text: estimation({ "robot_frames.names": "[laser]", "robot_frames.laser.x": "0.3" }),
    errors: [
      { node: "target_estimation", key: "robot_frames.names", says: "set 'robot_frames' in a `/**:` block" },
      { node: "target_estimation", key: "robot_frames.laser.x", says: "set 'robot_frames' in a `/**:` block" },
    ],
  },
  {
    label: "a virtual beam's bearing (the old key)",
    text: ranging({ "virtual_beams.names": "[left_fence]", "virtual_beams.left_fence.bearing": "1.5708" }),
    errors: [{ node: "laser_ranging", key: "virtual_beams.left_fence.bearing", says: "no longer taken: a virtual beam's bearing" }],
  },
  {
    label: "a range input's mount (the old keys)",
    text: estimation({ "range_inputs.names": "[left_fence]", "range_inputs.left_fence.frame_id": "beam_left", "range_inputs.left_fence.mount_yaw": "1.5708" }),
    errors: [{ node: "target_estimation", key: "range_inputs.left_fence.mount_yaw", says: "did you mean 'robot_frames.beam_left.yaw'?" }],
  },
  {
    label: "the lidar's mount (the old keys)",
    text: estimation({ "detection.mount_x": "0.2" }),
    errors: [{ node: "target_estimation", key: "detection.mount_x", says: "did you mean 'robot_frames.laser.x'?" }],
  },
  { label: "empty file", text: "", errors: [{ key: "empty", says: "no node block" }] },
  { label: "only comments", text: "# launcher_control:\n#   ros__parameters:\n", errors: [{ key: "empty", says: "no node block" }] },
  { label: "no ros__parameters", text: "launcher_control:\n  ros_parameters: {}\n", errors: [{ key: "ros__parameters", says: "nothing in it reaches a node" }] },
  {
    label: "a value outside ros__parameters (rcl refuses the file)",
    text: "launcher_control:\n  idle_speed: 100.0\n",
    errors: [{ key: "launcher_control/idle_speed", says: "a value outside 'ros__parameters'" }],
  },
  {
    label: "misspelt node name",
    text: paramsYaml("launcher_controll", { "wheel.radius_m": "0.05" }),
    errors: [{ key: "launcher_controll", says: "did you mean 'launcher_control'?: its values (wheel.radius_m) would reach no node" }],
  },
];

describe("params --check refuses a bad params file, naming the file, the node and the key", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "params-check-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, `${name.replace(/[^\w]+/g, "_")}.yaml`);
    fs.writeFileSync(file, text);
    return file;
  };

  it.each(badFiles.map((row) => [row.label, row] as const))("%s", (label, row) => {
    const file = write(label, row.text);
    const report = checkParamsFiles([file]);
    expect(report.errors).toHaveLength(row.errors.length);
    for (const expected of row.errors) {
      // A node's problem names it and the key as `<node>: parameter '<key>' = `; a file's names the key or block.
      const names = expected.node === undefined ? expected.key : `: ${expected.node}: parameter '${expected.key}' = `;
      const line = report.errors.find((error) => error.includes(names));
      expect({ line, expected }).toEqual({ line: expect.stringContaining(file) as unknown, expected });
      expect(line).toContain(expected.says);
    }
  });

  it.each(badFiles.filter((row) => row.errors.some((e) => e.node !== undefined)).map((row) => [row.label, row] as const))(
    "%s: the node's own configure fails with the check's messages",
    (label, row) => {
      const file = write(label, row.text);
      const report = checkParamsFiles([file]);
      for (const { node, namespace } of row.errors) {
        const definition = node === undefined ? undefined : nodeDefinitions[node];
        if (definition === undefined) continue;
        const result = new InProcessGraph({ echoErrors: false }).addNode(definition, { namespace: namespace ?? "/", paramsFiles: [file] }).configure();
        expect(result.ok).toBe(false);
        expect(result.problems).toEqual(report.errors.filter((error) => error.includes(`: ${definition.name}: `)));
        for (const problem of result.problems ?? []) expect(result.reason).toContain(problem);
      }
    },
  );

  it("lists every problem of a file, not only the first, across nodes", () => {
    const file = write("many", launcher({ "wheel.raduis_m": "0.05", control_period: '"fast"', idle_speed: "5000.0" }) + ranging({ "target.bearing_min": "0.9", "target.bearing_max": "0.6" }));
    const report = checkParamsFiles([file]);
    expect(report.errors.map((error) => /: (\w+): parameter '([^']+)'/.exec(error)?.slice(1).join(" "))).toEqual([
      "laser_ranging target.bearing_min",
      "launcher_control control_period",
      "launcher_control idle_speed",
      "launcher_control wheel.raduis_m",
    ]);
    expect(report.configured).toEqual([]);
  });

  it("reads several files in order, as --params-file does: a later file's value wins, and the error names the file it came from", () => {
    const bad = write("bad_speed", launcher({ idle_speed: "5000.0" }));
    const fixed = write("fixed_speed", launcher({ idle_speed: "100.0" }));
    expect(checkParamsFiles([bad, fixed]).errors).toEqual([]);
    const errors = checkParamsFiles([fixed, bad]).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${bad}: launcher_control: parameter 'idle_speed' = 5000`);
  });

  it("names the file of each key of a rule whose keys come from two files", () => {
    const low = write("min_angle", launcher({ "launch.min_angle_rad": "1.2" }));
    const high = write("max_angle", launcher({ "launch.max_angle_rad": "0.9" }));
    expect(checkParamsFiles([DEFAULT_SHOOTER_PARAMS, low, high]).errors).toEqual([
      `${low}: launcher_control: parameter 'launch.min_angle_rad' = 1.2: above 'launch.max_angle_rad' = 0.9: an adjustable hood's range needs min_angle_rad <= max_angle_rad ('launch.max_angle_rad' from ${high})`,
    ]);
  });

  it.each([
    [
      "a block the names list leaves out, and a listed name with no block",
      ranging({ "range_sensors.names": "[left, right]", "range_sensors.left.topic": "range/left", "range_sensors.rigth.topic": "range/right" }),
      ["block 'range_sensors.rigth' is not in 'range_sensors.names' = [\"left\", \"right\"]: the node ignores it; did you mean 'right'?", "'range_sensors.names' lists 'right' but no 'range_sensors.right' block is given: every field takes its default; did you mean 'rigth'?"],
    ],
    ["a block with no parameter", "launcher_control:\n  ros__parameters: {}\n", ["block 'launcher_control' sets no parameter"]],
  ])("warns, without failing, about %s", (label, text, warnings) => {
    const file = write(label, text);
    const report = checkParamsFiles([file]);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toHaveLength(warnings.length);
    warnings.forEach((warning, i) => {
      expect(report.warnings[i]).toContain(file);
      expect(report.warnings[i]).toContain(warning);
    });
  });

  it("the in-process node warns at start about a block one typo from its name", () => {
    const file = write("typo_block", paramsYaml("launcher_controll", { idle_speed: "100.0" }));
    const graph = new InProcessGraph();
    const definition = nodeDefinitions.launcher_control;
    if (definition === undefined) throw new Error("no launcher_control");
    graph.addNode(definition, { paramsFiles: [DEFAULT_SHOOTER_PARAMS, file] });
    expect(graph.logs.filter((log) => log.level === "warn").map((log) => log.message)).toEqual([`${file}:2: block 'launcher_controll' is not 'launcher_control' (misspelt?): its values reach no node`]);
  });
});
