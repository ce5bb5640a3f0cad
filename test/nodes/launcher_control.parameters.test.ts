import { DiagnosticLevel, type JointState, type Odometry } from "../../src/msgs/types";
import { launcherControlSchema, launcherPartRebuiltBy, LAUNCHER_REBUILDS } from "../../src/nodes/launcher_control.schema";
import { diagonalCovariance6, header, planarPose } from "../../src/msgs/builders";
import type { ParameterValue } from "../../src/core/parameters/schema";
import { QoS } from "../../src/runtime/qos";
import { startNodes } from "./harness";

function target(stamp: number, distance: number): Odometry {
  return {
    header: header(stamp, "launcher"),
    child_frame_id: "target",
    pose: { pose: { ...planarPose(distance, 0, 0), position: { x: distance, y: 0, z: 1.43 } }, covariance: diagonalCovariance6([1e-4, 1e-4, 0, 1e9, 1e9, 1e9]) },
    twist: { twist: { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: diagonalCovariance6([1e-6, 1e-6, 0, 0, 0, 1e-6]) },
  };
}

/**
 * launcher_control on the shipped params (effort mode, PI loop), armed at start, beside a motor
 * whose true kV is 10 % above the feedforward's (the integrator holds the difference, about half
 * a volt at 300 rad/s) and a target 5 m ahead, both every 10 ms; /diagnostics every 50 ms.
 * Velocity commands (after a switch to velocity mode) drive the wheel to the command directly.
 */
function bench(parameters: Record<string, unknown> = {}) {
  const { graph, nodes } = startNodes(["launcher_control"], { launcher_control: { armed_at_start: true, diagnostics_period: 0.05, ...parameters } });
  const node = nodes.launcher_control;
  if (node === undefined) throw new Error("no launcher_control");
  const world = { speed: 0, volts: 0, velocity: Number.NaN, effort: [] as number[], velocityCommands: [] as number[], speeds: [] as number[] };
  const plant = graph.binding("plant");
  plant.subscribe("std_msgs/msg/Float64MultiArray", "/launcher/effort_command", QoS.reliable, (m) => {
    world.volts = m.data[0] ?? Number.NaN;
    world.effort.push(world.volts);
  });
  plant.subscribe("std_msgs/msg/Float64MultiArray", "/launcher/velocity_command", QoS.reliable, (m) => {
    world.velocity = m.data[0] ?? Number.NaN;
    world.velocityCommands.push(world.velocity);
  });
  plant.startTimer(0.01, () => {
    const now = graph.clock.now();
    if (Number.isFinite(world.velocity)) world.speed = world.velocity;
    else world.speed += (0.01 * (world.volts - 0.28 * Math.sign(world.speed) - 1.1 * 0.0192 * world.speed)) / 0.007;
    world.speeds.push(world.speed);
    const joint: JointState = { header: header(now, ""), name: ["flywheel_joint"], position: [0], velocity: [world.speed], effort: [0] };
    graph.publish("sensor_msgs/msg/JointState", "/joint_states", joint, QoS.sensorData);
    graph.publish("nav_msgs/msg/Odometry", "/target/estimate", target(now, 5));
  });
  const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
  const feed = graph.record("std_msgs/msg/Bool", "/launcher/feed");
  const value = (key: string): string | undefined => diagnostics.at(-1)?.status[0]?.values.find((v) => v.key === key)?.value;
  const set = (name: string, value: ParameterValue): void => {
    const result = node.setParameters([{ name, value }]);
    if (!result.successful) throw new Error(result.reason);
  };
  return { graph, world, diagnostics, feed, value, set };
}

describe("launcher_control applies parameter changes in place", () => {
  it("auto_fire set mid-spin: it fires, and the wheel's commands and speed are those of a twin left alone, to the bit", () => {
    const changed = bench();
    const alone = bench();
    changed.graph.advance(3);
    alone.graph.advance(3);
    expect(changed.value("ready")).toBe("true");
    changed.set("auto_fire", true);
    changed.graph.advance(1);
    alone.graph.advance(1);
    expect(changed.feed.length).toBeGreaterThanOrEqual(1);
    expect(alone.feed).toHaveLength(0);
    expect(changed.world.effort).toEqual(alone.world.effort);
    expect(changed.world.speeds).toEqual(alone.world.speeds);
    expect(changed.value("rebuilds")).toBe("0");
  });

  it.each<{ key: string; value: ParameterValue }>([
    { key: "flywheel.kp", value: 0.4 },
    { key: "flywheel.ki", value: 1.5 },
    { key: "flywheel.acceleration_limit_radps2", value: 300 },
  ])("a gain or limit ($key) changed mid-spin keeps the integrator: no step in the command, still ready", ({ key, value }) => {
    const b = bench();
    b.graph.advance(3);
    const integral = Number(b.value("wheel_integral_v"));
    expect(integral).toBeGreaterThan(0.3);
    const last = b.world.effort.at(-1) ?? Number.NaN;
    b.set(key, value);
    b.graph.advance(0.01);
    // A rebuilt loop's first command is the feedforward alone: the integral's half volt would go.
    expect(Math.abs((b.world.effort.at(-1) ?? Number.NaN) - last)).toBeLessThan(0.05);
    b.graph.advance(0.05);
    expect(Math.abs(Number(b.value("wheel_integral_v")) - integral)).toBeLessThan(0.05);
    expect(b.value("ready")).toBe("true");
    expect(b.value("rebuilds")).toBe("0");
  });

  it.each<{ key: string; value: ParameterValue; rebuilt: string }>([
    { key: "ballistics.drag_coefficient", value: 0.52, rebuilt: "shot planner for ballistics.drag_coefficient" },
    { key: "wheel.efficiency", value: 0.52, rebuilt: "shot planner for wheel.efficiency" },
    { key: "uncertainty.exit_speed_sigma_fraction", value: 0.003, rebuilt: "shot planner for uncertainty.exit_speed_sigma_fraction" },
    { key: "flywheel.mode", value: "velocity", rebuilt: "flywheel controller for flywheel.mode" },
    { key: "gate.min_probability", value: 0.1, rebuilt: "none" },
    { key: "moving.phase_delay_s", value: 0.05, rebuilt: "none" },
    { key: "idle_speed", value: 100, rebuilt: "none" },
  ])("$key: rebuilt on /diagnostics: $rebuilt", ({ key, value, rebuilt }) => {
    const b = bench();
    b.graph.advance(3);
    expect(b.value("last_rebuild")).toBe("none");
    b.set(key, value);
    b.graph.advance(0.05);
    expect(b.value("rebuilds")).toBe(rebuilt === "none" ? "0" : "1");
    expect(b.value("last_rebuild")).toMatch(rebuilt === "none" ? /^none$/ : new RegExp(`^${rebuilt.replace(/\./g, "\\.")} at 1003\\.\\d{3} s$`));
    b.graph.advance(1);
    expect(b.diagnostics.at(-1)?.status[0]?.level).toBe(DiagnosticLevel.OK);
  });

  it("a switch to velocity mode leaves the effort topic at zero and commands on the velocity topic", () => {
    const b = bench();
    b.graph.advance(3);
    b.set("flywheel.mode", "velocity");
    expect(b.world.effort.at(-1)).toBe(0);
    const efforts = b.world.effort.length;
    b.graph.advance(1);
    expect(b.world.effort).toHaveLength(efforts);
    expect(b.world.velocityCommands.at(-1)).toBeGreaterThan(200);
    expect(b.value("mode")).toBe("velocity");
  });

  it("LAUNCHER_REBUILDS names settable keys only, each entry at least one, and leaves the node's own keys in place", () => {
    const keys = Object.keys(launcherControlSchema);
    for (const entry of LAUNCHER_REBUILDS) {
      const matched = keys.filter((key) => launcherPartRebuiltBy(key) === entry.rebuilds && (entry.keys.endsWith(".") ? key.startsWith(entry.keys) : key === entry.keys));
      expect({ entry: entry.keys, matched: matched.length > 0, readOnly: matched.filter((key) => launcherControlSchema[key]?.readOnly === true) }).toEqual({ entry: entry.keys, matched: true, readOnly: [] });
    }
    for (const key of ["auto_fire", "idle_speed", "hold_speed_time", "feedback_timeout", "fire_cooldown", "gate.min_probability", "flywheel.kp", "flywheel.bang_bang", "moving.phase_delay_s"]) {
      expect([key, launcherPartRebuiltBy(key)]).toEqual([key, undefined]);
    }
  });
});
