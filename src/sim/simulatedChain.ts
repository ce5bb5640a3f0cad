import { nodeDefinitions } from "../nodes/index";
import { relativeTo } from "../core/robotFrames";
import { robotFramePoses, robotFrameSpecs } from "../nodes/robot_frames.schema";
import { detectionMountFromParameters, rangeInputsFromParameters } from "../nodes/target_estimation.schema";
import type { ParameterValue } from "../core/parameters/schema";
import type { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import type { ManagedNode } from "../runtime/ManagedNode";
import { loadParamsFiles } from "../runtime/paramsFile";
import { LAUNCHER_PARAMETERS } from "./scenarioParameters";
import { sensorLayout, type PointSensorMount, type SensorLayout, type SensorSuite } from "./sensorLayouts";

/**
 * The package's three nodes on an in-process graph and the parameters the simulation nodes take
 * from them, so that the simulated sensors sit where the estimator believes and the simulated
 * launcher is the one launcher_control drives. Shared by the scenario (runScenario) and the
 * integrity benchmark's worlds (src/sim/worlds/runInWorld.ts).
 */

/** Parameter overrides per node name (flat dotted names). */
export type NodeOverrides = Record<string, Record<string, unknown>>;

/** Where sim_world starts the robot in a scenario: the court centre, facing the target hoop. */
export const SIM_START = { x: 0, y: 0, yaw: 0 } as const;

/** Adds and starts laser_ranging, target_estimation and launcher_control with `paramsFiles` and `overrides`; throws naming a node that fails. */
export function startChain(graph: InProcessGraph, paramsFiles: readonly string[], overrides: Readonly<NodeOverrides>): Map<string, ManagedNode> {
  const chain = new Map<string, ManagedNode>();
  for (const [name, definition] of Object.entries(nodeDefinitions)) {
    const node = graph.addNode(definition, { paramsFiles, parameters: overrides[name] ?? {} });
    startNode(node);
    chain.set(name, node);
  }
  return chain;
}

/**
 * Arms launcher_control as the team's operator does, with true on launcher/arm: it starts
 * disarmed (armed_at_start false, as shipped), its wheel still, idle speed included. Published
 * on the graph, so a recorded bag holds it and a replay of that bag arms the same way.
 */
export function armLauncher(graph: InProcessGraph): void {
  graph.publish("std_msgs/msg/Bool", "/launcher/arm", { data: true });
}

/** Starts a node (configure, activate); throws with its reason when it refuses. */
export function startNode(node: ManagedNode): void {
  const started = node.startup();
  if (!started.ok) throw new Error(`${node.name} failed to start: ${started.reason ?? "unknown reason"}`);
}

/** A node of the chain by name (nodeDefinitions always has the three). */
export function chainNode(chain: ReadonlyMap<string, ManagedNode>, name: string): ManagedNode {
  const node = chain.get(name);
  if (node === undefined) throw new Error(`the chain has no ${name} node`);
  return node;
}

/** The estimator's validated `court.*` values: the court the simulation nodes build. */
export function courtParameters(estimator: ManagedNode): Record<string, unknown> {
  return Object.fromEntries(Object.entries(estimator.parameterValues).filter(([key]) => key.startsWith("court.")));
}

/**
 * Overrides per chain node for the sensors this suite simulates. Sensors the suite lacks stay
 * configured (the nodes refuse blocks not listed in `names`) and simply never report.
 */
export function suiteOverrides(suite: SensorSuite, paramsFiles: readonly string[]): NodeOverrides {
  const pointNames = stringList(loadParamsFiles(paramsFiles, "laser_ranging").values["range_sensors.names"]);
  const layout = sensorLayout(suite);
  const overrides: NodeOverrides = {};
  bucket(overrides, "laser_ranging")["lidar.enabled"] = layout.lidar;
  const e = bucket(overrides, "target_estimation");
  e["detection.enabled"] = layout.lidar;
  if (!layout.lidar) {
    // Two rays cannot fix three unknowns (x, y, yaw): without the lidar the team starts the robot
    // at a known pose (where sim_world puts it) and heading comes from odometry after that.
    e["init.mode"] = "pose";
    e["init.x"] = SIM_START.x;
    e["init.y"] = SIM_START.y;
    e["init.yaw"] = SIM_START.yaw;
    e["init.sigma_xy"] = 0.02;
    e["init.sigma_yaw"] = 0.01;
  }
  if (suite === "tfmini") {
    // The team tells its estimator what its sensors are (docs/domain.md: TFmini +-6 cm to 6 m, +-1 % beyond).
    for (const name of pointNames) {
      e[`range_inputs.${name}.sigma`] = 0.03;
      e[`range_inputs.${name}.relative_sigma`] = 0.01;
      e[`range_inputs.${name}.relative_beyond`] = 6;
    }
  }
  return overrides;
}

/** The suite's layout with the mounts the estimator was configured with, when it has them. */
export function alignedLayout(suite: SensorSuite, estimator: ManagedNode): SensorLayout {
  const layout = sensorLayout(suite);
  const v = estimator.parameterValues;
  const configuredMounts = new Map(rangeInputsFromParameters(v).map((input) => [input.name, input.mount]));
  const points: PointSensorMount[] = layout.points.map((m) => ({ ...m, ...configuredMounts.get(m.name) }));
  return { ...layout, points, lidarMount: detectionMountFromParameters(v) };
}

/**
 * target_estimation's robot_frames overrides that mount each sensor at `truth` (poses in the base
 * frame by sensor: a range input's name, or "lidar"): the frame its readings carry moved there,
 * given in its parent as the block writes it. A lidar's virtual beams hang off the lidar's frame,
 * so they move and turn with it.
 */
export function robotFrameOverrides(estimator: Readonly<Record<string, ParameterValue>>, truth: readonly { readonly name: string; readonly x: number; readonly y: number; readonly yaw: number }[]): Record<string, number> {
  const frameOf = new Map(rangeInputsFromParameters(estimator).map((input) => [input.name, input.frameId]));
  const lidarFrame = estimator["detection.frame_id"];
  if (typeof lidarFrame === "string") frameOf.set("lidar", lidarFrame);
  const specs = new Map(robotFrameSpecs(estimator).map((spec) => [spec.name, spec]));
  const poses = robotFramePoses(estimator);
  const depth = (frame: string): number => {
    let levels = 0;
    for (let parent = specs.get(frame)?.parent ?? ""; parent !== "" && levels <= specs.size; parent = specs.get(parent)?.parent ?? "") levels++;
    return levels;
  };
  const mounts = truth.flatMap((mount) => {
    const frame = frameOf.get(mount.name);
    const spec = frame === undefined ? undefined : specs.get(frame);
    return frame === undefined || spec === undefined ? [] : [{ mount, frame, spec }];
  });
  // Parents first: a frame hung off another sensor's frame is written relative to where that one
  // truly is (the block with the overrides so far), not where it was configured.
  mounts.sort((a, b) => depth(a.frame) - depth(b.frame));
  const out: Record<string, number> = {};
  for (const { mount, frame, spec } of mounts) {
    const inBase = { x: mount.x, y: mount.y, z: poses.get(frame)?.z ?? spec.z, yaw: mount.yaw };
    const parent = spec.parent === "" ? undefined : robotFramePoses({ ...estimator, ...out }).get(spec.parent);
    const own = parent === undefined ? inBase : relativeTo(parent, inBase);
    out[`robot_frames.${frame}.x`] = own.x;
    out[`robot_frames.${frame}.y`] = own.y;
    out[`robot_frames.${frame}.yaw`] = own.yaw;
  }
  return out;
}

/**
 * sim_launcher's parameters that must agree with the chain: the court, the launcher's mount
 * (target_estimation) and its angle, wheel and nominal efficiency (launcher_control).
 */
export function simLauncherParameters(estimator: ManagedNode, launcherControl: ManagedNode, o: { readonly seed: number; readonly hood: boolean }): Record<string, unknown> {
  return {
    ...courtParameters(estimator),
    seed: o.seed,
    "launcher.hood": o.hood,
    ...pick(estimator, { "launcher.x": "launcher.x", "launcher.y": "launcher.y", "launcher.z": "launcher.release_height" }),
    ...pick(launcherControl, {
      [LAUNCHER_PARAMETERS.launchAngle]: "launcher.launch_angle",
      [LAUNCHER_PARAMETERS.wheelRadius]: "launcher.wheel_radius",
      [LAUNCHER_PARAMETERS.efficiency]: "truth.efficiency",
      [LAUNCHER_PARAMETERS.hoodMin]: "launcher.hood_min",
      [LAUNCHER_PARAMETERS.hoodMax]: "launcher.hood_max",
    }),
  };
}

function pick(node: ManagedNode, names: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [from, to] of Object.entries(names)) {
    const value = node.parameterValues[from];
    if (value !== undefined) out[to] = value;
  }
  return out;
}

/** The strings of a string-array parameter value ([] for anything else). */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The overrides of `node`, created empty on first use. */
export function bucket(overrides: NodeOverrides, node: string): Record<string, unknown> {
  let values = overrides[node];
  if (values === undefined) {
    values = {};
    overrides[node] = values;
  }
  return values;
}
