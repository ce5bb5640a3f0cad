import { launcherConfigFromParameters, shotPlannerFromConfig, type LauncherConfig } from "../../src/core/ballistics/launcherParameters";
import type { ShotPlanner } from "../../src/core/ballistics/ShotPlanner";
import { solveMovingShot, type MovingShot, type MovingShotInput } from "../../src/core/ballistics/solveMovingShot";
import { diagonalCovariance6, header, planarPose } from "../../src/msgs/builders";
import { DiagnosticLevel, type Float64MultiArray, type JointState, type Odometry } from "../../src/msgs/types";
import type { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
import type { ManagedNode } from "../../src/runtime/ManagedNode";
import { QoS } from "../../src/runtime/qos";
import { startNodes } from "./harness";

/**
 * A hoop `distance` [m] straight ahead of the launcher (or at `y` [m] to its left), as
 * target_estimation publishes it; `hoopVelocity` [m/s] is the hoop's velocity relative to the
 * launcher, in the launcher frame (the launcher's own is its opposite).
 */
function target(stamp: number, distance: number, stale = false, hoopVelocity = { x: 0, y: 0 }, y = 0): Odometry {
  const covariance = diagonalCovariance6([1e-4, 1e-4, 0, 1e9, 1e9, 1e9]);
  if (stale) covariance[0] = -1;
  return {
    header: header(stamp, "launcher"),
    child_frame_id: "target",
    pose: { pose: { ...planarPose(distance, y, 0), position: { x: distance, y, z: 1.43 } }, covariance },
    twist: { twist: { linear: { x: hoopVelocity.x, y: hoopVelocity.y, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: diagonalCovariance6([1e-6, 1e-6, 0, 0, 0, 1e-6]) },
  };
}

function wheel(stamp: number, speed: number): JointState {
  return { header: header(stamp, ""), name: ["flywheel_joint"], position: [0], velocity: [speed], effort: [0] };
}

/**
 * An ideal velocity-mode flywheel (it runs at whatever it is commanded) and a target estimate
 * refreshed every cycle, so the gate's other conditions can be switched one at a time.
 */
function world(graph: InProcessGraph, distance: () => number, options: { stale?: () => boolean; feedback?: () => boolean; hoopVelocity?: { x: number; y: number }; y?: number } = {}) {
  let speed = 0;
  const commands: Float64MultiArray[] = [];
  graph.binding("plant").subscribe("std_msgs/msg/Float64MultiArray", "/launcher/velocity_command", QoS.reliable, (m) => {
    commands.push(m);
    speed = m.data[0] ?? 0;
  });
  graph.binding("plant").startTimer(0.01, () => {
    const now = graph.clock.now();
    if (options.feedback?.() ?? true) graph.publish("sensor_msgs/msg/JointState", "/joint_states", wheel(now, speed), QoS.sensorData);
    graph.publish("nav_msgs/msg/Odometry", "/target/estimate", target(now, distance(), options.stale?.() ?? false, options.hoopVelocity, options.y));
  });
  return { commands, speed: () => speed };
}

const velocityMode = { launcher_control: { "flywheel.mode": "velocity" } };

describe("launcher_control node", () => {
  it("spins to the solved speed, becomes ready, and fires once through launcher/fire", () => {
    const { graph } = startNodes(["launcher_control"], velocityMode);
    const w = world(graph, () => 5);
    const ready = graph.record("std_msgs/msg/Bool", "/launcher/ready");
    const feed = graph.record("std_msgs/msg/Bool", "/launcher/feed");
    graph.advance(3);
    expect(w.speed()).toBeGreaterThan(200);
    expect(ready.at(-1)?.data).toBe(true);
    const response = graph.call("std_srvs/srv/Trigger", "/launcher/fire", {});
    expect(response.success).toBe(true);
    expect(response.message).toMatch(/^fired at 5\.000 m/);
    expect(feed.map((m) => m.data)).toEqual([true]);
    expect(graph.call("std_srvs/srv/Trigger", "/launcher/fire", {}).message).toMatch(/^cooling down/);
  });

  it.each([
    { label: "no target yet", setup: (g: InProcessGraph) => g.advance(1), reason: "no target estimate received yet" },
    { label: "a stale target", setup: (g: InProcessGraph) => { world(g, () => 5, { stale: () => true }); g.advance(3); }, reason: "the target estimate is invalid" },
    { label: "too close for the hood angle", setup: (g: InProcessGraph) => { world(g, () => 0.8); g.advance(3); }, reason: "no shot: " },
    { label: "beyond the wheel's top speed", setup: (g: InProcessGraph) => { world(g, () => 14.5); g.advance(3); }, reason: "no shot: " },
  ])("refuses to fire with the reason: $label", ({ setup, reason }) => {
    const { graph } = startNodes(["launcher_control"], velocityMode);
    const feed = graph.record("std_msgs/msg/Bool", "/launcher/feed");
    setup(graph);
    const response = graph.call("std_srvs/srv/Trigger", "/launcher/fire", {});
    expect(response.success).toBe(false);
    expect(response.message).toContain(reason);
    expect(feed).toHaveLength(0);
  });

  it("e-stop zeroes the command at once, not at the next cycle, and refuses to fire", () => {
    const { graph } = startNodes(["launcher_control"], velocityMode);
    const w = world(graph, () => 5);
    graph.advance(3);
    const before = w.commands.length;
    graph.publish("std_msgs/msg/Bool", "/launcher/e_stop", { data: true });
    expect(w.commands.length).toBe(before + 1);
    expect(w.commands.at(-1)?.data[0]).toBe(0);
    // Refused at once too, before the next control cycle.
    expect(graph.call("std_srvs/srv/Trigger", "/launcher/fire", {}).message).toContain("e-stop is engaged");
    graph.advance(0.5);
    expect(w.commands.slice(before).every((m) => m.data[0] === 0)).toBe(true);
    expect(graph.call("std_srvs/srv/Trigger", "/launcher/fire", {}).message).toContain("e-stop is engaged");
  });

  it("stops and reports when the flywheel's JointState is lost", () => {
    const { graph } = startNodes(["launcher_control"], velocityMode);
    let feedback = true;
    const w = world(graph, () => 5, { feedback: () => feedback });
    const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
    graph.advance(3);
    feedback = false;
    graph.advance(1.05);
    expect(w.commands.at(-1)?.data[0]).toBe(0);
    expect(diagnostics.at(-1)?.status[0]?.message).toMatch(/^flywheel feedback lost/);
    expect(diagnostics.at(-1)?.status[0]?.level).toBe(DiagnosticLevel.ERROR);
    // Refused for the lost feedback, by its age, not as an e-stop.
    const refusal = graph.call("std_srvs/srv/Trigger", "/launcher/fire", {});
    expect(refusal.success).toBe(false);
    expect(refusal.message).toMatch(/wheel speed feedback lost: last measurement 1\.\d{3} s ago/);
    expect(refusal.message).not.toContain("e-stop");
  });

  it("judges the wheel by its smoothed error: a speed ripple within tolerance does not close the gate", () => {
    const { graph } = startNodes(["launcher_control"], velocityMode);
    // The wheel runs at its command with a +-1.5 rad/s ripple, alternating every sample: within the
    // 2 rad/s at-speed tolerance, but one sample's error is beyond the make window at 5 m.
    const ripple_radps = 1.5;
    let command = 0;
    let sample = 0;
    graph.binding("plant").subscribe("std_msgs/msg/Float64MultiArray", "/launcher/velocity_command", QoS.reliable, (m) => {
      command = m.data[0] ?? 0;
    });
    graph.binding("plant").startTimer(0.01, () => {
      const now = graph.clock.now();
      const speed = command + (sample++ % 2 === 0 ? ripple_radps : -ripple_radps);
      graph.publish("sensor_msgs/msg/JointState", "/joint_states", wheel(now, speed), QoS.sensorData);
      graph.publish("nav_msgs/msg/Odometry", "/target/estimate", target(now, 5));
    });
    graph.advance(3);
    const ready = graph.record("std_msgs/msg/Bool", "/launcher/ready");
    graph.advance(1);
    expect(ready.length).toBeGreaterThan(50);
    expect(ready.every((m) => m.data)).toBe(true);
  });

  it("holds the last shot's speed for hold_speed_time when the target goes stale, never ready meanwhile, then spins down to idle", () => {
    const { graph } = startNodes(["launcher_control"], velocityMode);
    let stale = false;
    const w = world(graph, () => 5, { stale: () => stale });
    graph.advance(3);
    const tracking = w.speed();
    expect(tracking).toBeGreaterThan(200);
    stale = true;
    // One control period for the stale estimate to arrive.
    graph.advance(0.05);
    const ready = graph.record("std_msgs/msg/Bool", "/launcher/ready");
    graph.advance(2);
    expect(w.speed()).toBeCloseTo(tracking, 6);
    expect(ready.length).toBeGreaterThan(0);
    expect(ready.some((m) => m.data)).toBe(false);
    graph.advance(3);
    expect(w.speed()).toBeCloseTo(150, 6);
  });

  it("zeroes its output on lifecycle deactivate", () => {
    const { graph, nodes } = startNodes(["launcher_control"], velocityMode);
    const w = world(graph, () => 5);
    graph.advance(3);
    expect(nodes.launcher_control?.deactivate().ok).toBe(true);
    expect(w.commands.at(-1)?.data[0]).toBe(0);
    const count = w.commands.length;
    graph.advance(1);
    expect(w.commands.length).toBe(count);
  });

  it("auto-fires when switched on through launcher/auto_fire", () => {
    const { graph } = startNodes(["launcher_control"], velocityMode);
    world(graph, () => 4);
    const feed = graph.record("std_msgs/msg/Bool", "/launcher/feed");
    graph.advance(3);
    expect(feed).toHaveLength(0);
    expect(graph.call("std_srvs/srv/SetBool", "/launcher/auto_fire", { data: true }).success).toBe(true);
    graph.advance(1.2);
    expect(feed.length).toBeGreaterThanOrEqual(2);
  });

  describe("moving shots: the court-frame flight with drag, the launcher's velocity carried", () => {
    /** The shot the node should take for this target, from its own parameters, solved afresh. */
    const expected = (nodes: Record<string, ManagedNode>, input: MovingShotInput): { shot: MovingShot; planner: ShotPlanner; config: LauncherConfig } => {
      const values = nodes.launcher_control?.parameterValues;
      if (values === undefined) throw new Error("no launcher_control");
      const config = launcherConfigFromParameters(values);
      const planner = shotPlannerFromConfig(config);
      return { shot: solveMovingShot(planner, input, config.moving), planner, config };
    };
    const input = (x: number, y: number, vx: number, vy: number): MovingShotInput => ({ target_x_m: x, target_y_m: y, covariance: { xx: 1e-4, xy: 0, yy: 1e-4 }, velocity_x_mps: vx, velocity_y_mps: vy });

    it.each([
      { label: "driving at the hoop at 1 m/s", launcher: { x: 1, y: 0 } },
      { label: "backing away at 1 m/s", launcher: { x: -1, y: 0 } },
    ])("spins to the drag-aware speed, ball centre on the rim centre: $label", ({ launcher }) => {
      const { graph, nodes } = startNodes(["launcher_control"], velocityMode);
      const w = world(graph, () => 6, { hoopVelocity: { x: -launcher.x, y: -launcher.y } });
      graph.advance(3);
      const { shot, planner, config } = expected(nodes, input(6, 0, launcher.x, launcher.y));
      if (shot.plan.kind !== "planned") throw new Error(shot.plan.message);
      const s = shot.plan.solution;
      expect(w.speed()).toBeCloseTo(shot.plan.wheelSpeed_radps, 6);
      // The release is phase_delay_s later, that much nearer (or further); the carried flight lands on the rim centre.
      const release = 6 - launcher.x * config.moving.phaseDelay_s;
      expect(s.distance_m).toBeCloseTo(release, 12);
      expect(s.carry).toEqual({ along_mps: launcher.x, across_mps: 0 });
      const flight = planner.integrator.crossRimPlane(s.exitSpeed_mps, s.launchAngle_rad, s.carry);
      expect(flight.kind === "crossing" ? Math.abs(flight.x_m - release) : Infinity).toBeLessThan(1e-3);
      // Not the standing shot to the release point, nor FRC's virtual target (the standing shot to
      // hoop - v (delay + time of flight), which ignores drag on the carried velocity): each off by
      // more than the make window.
      const window = s.exitSpeed_mps * shot.plan.window.halfWidthFraction;
      const standing = shotPlannerFromConfig(config).plan({ distance_m: release, distanceSigma_m: 0.01 });
      const virtual = shotPlannerFromConfig(config).plan({ distance_m: release - launcher.x * s.timeOfFlight_s, distanceSigma_m: 0.01 });
      if (standing.kind !== "planned" || virtual.kind !== "planned") throw new Error("no standing plan");
      expect(Math.abs(standing.solution.exitSpeed_mps - s.exitSpeed_mps)).toBeGreaterThan(window);
      expect(Math.abs(virtual.solution.exitSpeed_mps - s.exitSpeed_mps)).toBeGreaterThan(window);
      // And it fires on it.
      expect(graph.call("std_srvs/srv/Trigger", "/launcher/fire", {}).message).toMatch(new RegExp(`^fired at ${release.toFixed(3).replace(".", "\\.")} m: .* ${s.exitSpeed_mps.toFixed(3).replace(".", "\\.")} m/s`));
    });

    it("takes the standing shot when moving_shots is off", () => {
      const { graph, nodes } = startNodes(["launcher_control"], { launcher_control: { ...velocityMode.launcher_control, moving_shots: false } });
      const w = world(graph, () => 6, { hoopVelocity: { x: -1, y: 0 } });
      graph.advance(3);
      const { shot } = expected(nodes, input(6, 0, 0, 0));
      if (shot.plan.kind !== "planned") throw new Error(shot.plan.message);
      expect(w.speed()).toBeCloseTo(shot.plan.wheelSpeed_radps, 6);
    });

    it("strafing, it aims off the line and draws the ball's path over the court to the rim centre", () => {
      const { graph, nodes } = startNodes(["launcher_control"], velocityMode);
      const launcher = { x: 0.3, y: 1 };
      world(graph, () => 5, { hoopVelocity: { x: -launcher.x, y: -launcher.y }, y: 1 });
      const markers = graph.record("visualization_msgs/msg/MarkerArray", "/launcher/trajectory");
      graph.advance(3);
      const { shot, config } = expected(nodes, input(5, 1, launcher.x, launcher.y));
      if (shot.plan.kind !== "planned") throw new Error(shot.plan.message);
      // Aimed to the right of the hoop to cancel the leftward velocity.
      expect(shot.aimOffset_rad).toBeLessThan(-0.05);
      const end = markers.at(-1)?.markers[0]?.points.at(-1);
      if (end === undefined) throw new Error("no trajectory marker");
      const delay = config.moving.phaseDelay_s;
      expect(Math.hypot(end.x - (5 - launcher.x * delay), end.y - (1 - launcher.y * delay))).toBeLessThan(1e-3);
      expect(end.z).toBeCloseTo(config.model.rim_height_m - config.model.release_height_m, 6);
    });
  });

  it("refuses a parameter change the launcher model rejects, with the reason", () => {
    const { nodes } = startNodes(["launcher_control"], velocityMode);
    const result = nodes.launcher_control?.setParameters([
      { name: "wheel.correction_keys", value: [4, 3] },
      { name: "wheel.correction_factors", value: [1, 1] },
    ]);
    expect(result?.successful).toBe(false);
    expect(result?.reason).toMatch(/increasing/);
    expect(nodes.launcher_control?.parameterValues["wheel.correction_keys"]).toEqual([]);
  });
});
