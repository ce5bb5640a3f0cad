import { launcherConfigFromParameters, shotPlannerFromConfig, type LauncherConfig } from "../../src/core/ballistics/launcherParameters";
import type { ShotPlanner } from "../../src/core/ballistics/ShotPlanner";
import { solveMovingShot, type MovingShot, type MovingShotInput } from "../../src/core/ballistics/solveMovingShot";
import { diagonalCovariance6, header, planarPose } from "../../src/msgs/builders";
import { DiagnosticLevel, type DiagnosticStatus, type Float64MultiArray, type JointState, type Odometry } from "../../src/msgs/types";
import { nodeDefinitions } from "../../src/nodes/index";
import { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
import type { ManagedNode } from "../../src/runtime/ManagedNode";
import { QoS } from "../../src/runtime/qos";
import { PARAMS, startNodes } from "./harness";

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

/** Velocity mode, armed at activation as a test bench is: the tests of arming below start disarmed. */
const velocityMode = { launcher_control: { "flywheel.mode": "velocity", armed_at_start: true } };

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
    expect(diagnostics.at(-1)?.status[0]?.message).toMatch(/^flywheel feedback lost for 1\.0\d\d s \(JointState for 'flywheel_joint' on \/joint_states\): output zero$/);
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

  describe("a wheel that cannot spin blind or unasked", () => {
    type Feedback = "wheel" | "none" | "another joint" | "another topic";
    type Mode = "velocity" | "effort";
    const commandTopic = (mode: Mode): string => `/launcher/${mode}_command`;

    /**
     * launcher_control alone, its joint_states remapped to `/drivers/joint_states` (where `wheel`
     * publishes), beside a driver whose JointState is as `feedback` says: the flywheel's joint on
     * the node's topic, nothing, another joint, or the flywheel on the unremapped /joint_states.
     * The wheel runs at the velocity command (velocity mode) or stands still (effort mode); the
     * target is 5 m ahead. Every command of the mode's topic is kept.
     */
    function bench(mode: Mode, feedback: Feedback, parameters: Record<string, unknown> = {}) {
      const graph = new InProcessGraph({ startTime: 1000 });
      const definition = nodeDefinitions.launcher_control;
      if (definition === undefined) throw new Error("no launcher_control");
      const node = graph.addNode(definition, { paramsFiles: PARAMS, parameters: { "flywheel.mode": mode, ...parameters }, remappings: { joint_states: "/drivers/joint_states" } });
      const commands: number[] = [];
      let speed = 0;
      graph.binding("driver").subscribe("std_msgs/msg/Float64MultiArray", commandTopic(mode), QoS.reliable, (m) => {
        commands.push(m.data[0] ?? Number.NaN);
        if (mode === "velocity") speed = m.data[0] ?? 0;
      });
      graph.binding("driver").startTimer(0.01, () => {
        const now = graph.clock.now();
        const state = wheel(now, speed);
        if (feedback === "wheel") graph.publish("sensor_msgs/msg/JointState", "/drivers/joint_states", state, QoS.sensorData);
        if (feedback === "another joint") graph.publish("sensor_msgs/msg/JointState", "/drivers/joint_states", { ...state, name: ["shooter_wheel"] }, QoS.sensorData);
        if (feedback === "another topic") graph.publish("sensor_msgs/msg/JointState", "/joint_states", state, QoS.sensorData);
        graph.publish("nav_msgs/msg/Odometry", "/target/estimate", target(now, 5));
      });
      const diagnostics = graph.record("diagnostic_msgs/msg/DiagnosticArray", "/diagnostics");
      const started = node.startup();
      if (!started.ok) throw new Error(started.reason);
      const status = (): DiagnosticStatus | undefined => diagnostics.at(-1)?.status[0];
      const value = (key: string): string | undefined => status()?.values.find((v) => v.key === key)?.value;
      const fire = (): string => graph.call("std_srvs/srv/Trigger", "/launcher/fire", {}).message;
      const arm = (on: boolean): void => graph.publish("std_msgs/msg/Bool", "/launcher/arm", { data: on });
      const eStop = (on: boolean): void => graph.publish("std_msgs/msg/Bool", "/launcher/e_stop", { data: on });
      return { graph, node, commands, speed: () => speed, status, value, fire, arm, eStop };
    }

    it.each<{ feedback: Exclude<Feedback, "wheel">; mode: Mode }>([
      { feedback: "none", mode: "velocity" },
      { feedback: "none", mode: "effort" },
      { feedback: "another joint", mode: "velocity" },
      { feedback: "another joint", mode: "effort" },
      { feedback: "another topic", mode: "velocity" },
      { feedback: "another topic", mode: "effort" },
    ])("armed, with $feedback as the flywheel's JointState ($mode mode): zero from the start, and /diagnostics names the joint and the topic", ({ feedback, mode }) => {
      const b = bench(mode, feedback, { armed_at_start: true });
      b.graph.advance(0.05);
      // Within feedback_timeout of activation: zero and waiting, not yet a fault.
      expect(b.commands.length).toBeGreaterThan(0);
      b.graph.advance(1.5);
      expect(b.commands.length).toBeGreaterThan(100);
      expect(b.commands.filter((c) => c !== 0)).toEqual([]);
      expect(b.status()?.level).toBe(DiagnosticLevel.ERROR);
      expect(b.status()?.message).toMatch(
        /^no JointState for 'flywheel_joint' on \/drivers\/joint_states since activation 1\.\d{3} s ago \(feedback_timeout 0\.1 s\): output zero; check joint_name and the joint_states remap$/,
      );
      expect([b.value("armed"), b.value("wheel_drive"), b.value("feedback")]).toEqual(["true", "zero", "missing"]);
      expect(b.fire()).toMatch(/^not ready: .*no wheel speed measurement since activation 1\.\d{3} s ago/);
    });

    it("names the first JointState as awaited within feedback_timeout of activation, a warning", () => {
      const b = bench("effort", "none", { armed_at_start: true, feedback_timeout: 5, diagnostics_period: 0.5 });
      b.graph.advance(0.55);
      expect(b.status()?.level).toBe(DiagnosticLevel.WARN);
      expect(b.status()?.message).toBe("waiting for the first JointState for 'flywheel_joint' on /drivers/joint_states: output zero");
      expect(b.commands.filter((c) => c !== 0)).toEqual([]);
      b.graph.advance(5);
      expect(b.status()?.level).toBe(DiagnosticLevel.ERROR);
      expect(b.commands.filter((c) => c !== 0)).toEqual([]);
    });

    it.each<{ allowOpenLoop: boolean; mode: Mode; spins: boolean }>([
      { allowOpenLoop: false, mode: "effort", spins: false },
      { allowOpenLoop: true, mode: "effort", spins: true },
      { allowOpenLoop: false, mode: "velocity", spins: false },
      { allowOpenLoop: true, mode: "velocity", spins: true },
    ])("without feedback, flywheel.allow_open_loop $allowOpenLoop ($mode mode): drives open loop only when allowed, and never gets ready", ({ allowOpenLoop, mode, spins }) => {
      const b = bench(mode, "none", { armed_at_start: true, "flywheel.allow_open_loop": allowOpenLoop });
      b.graph.advance(3);
      const last = b.commands.at(-1) ?? Number.NaN;
      if (spins) {
        // Effort: the feedforward alone for the 5 m shot's speed (kS + kV * speed, a few volts); velocity: that speed.
        expect(last).toBeGreaterThan(mode === "effort" ? 3 : 200);
        expect(b.status()?.level).toBe(DiagnosticLevel.WARN);
        expect(b.status()?.message).toBe("open loop (flywheel.allow_open_loop), no fresh JointState for 'flywheel_joint' on /drivers/joint_states: tracking");
        expect(b.value("wheel_drive")).toBe("open_loop");
      } else {
        expect(b.commands.filter((c) => c !== 0)).toEqual([]);
        expect(b.status()?.level).toBe(DiagnosticLevel.ERROR);
      }
      expect(b.fire()).toContain("no wheel speed measurement since activation");
    });

    it.each<{ mode: Mode; distance: string; parameters: Record<string, unknown> }>([
      { mode: "velocity", distance: "a 5 m shot", parameters: {} },
      { mode: "effort", distance: "a 5 m shot", parameters: {} },
      // No valid target: only idle_speed would spin it.
      { mode: "velocity", distance: "idle speed", parameters: { "gate.target_timeout_s": 0.001, hold_speed_time: 0 } },
      { mode: "effort", distance: "idle speed", parameters: { "gate.target_timeout_s": 0.001, hold_speed_time: 0 } },
    ])("not armed at autostart ($mode mode, $distance): the wheel stays still, with fresh feedback, until launcher/arm", ({ mode, parameters }) => {
      const b = bench(mode, "wheel", parameters);
      b.graph.advance(3);
      expect(b.commands.length).toBeGreaterThan(250);
      expect(b.commands.filter((c) => c !== 0)).toEqual([]);
      expect(b.speed()).toBe(0);
      expect(b.status()?.level).toBe(DiagnosticLevel.WARN);
      expect(b.status()?.message).toBe("disarmed: output zero until true on /launcher/arm");
      expect(b.fire()).toMatch(/^not ready: the launcher is not armed/);
      b.arm(true);
      b.graph.advance(0.5);
      expect(b.commands.at(-1)).toBeGreaterThan(mode === "effort" ? 1 : 100);
    });

    it("launcher/arm arms: the wheel spins up to the shot, gets ready and fires", () => {
      const b = bench("velocity", "wheel");
      b.graph.advance(1);
      b.arm(true);
      b.graph.advance(3);
      expect(b.speed()).toBeGreaterThan(200);
      expect(b.status()?.level).toBe(DiagnosticLevel.OK);
      expect(b.value("armed")).toBe("true");
      expect(b.fire()).toMatch(/^fired at 5\.000 m/);
    });

    it("armed_at_start arms at activation, with no message", () => {
      const b = bench("velocity", "wheel", { armed_at_start: true });
      b.graph.advance(3);
      expect(b.speed()).toBeGreaterThan(200);
      expect(b.fire()).toMatch(/^fired at 5\.000 m/);
    });

    it("launcher/arm false disarms at once, not at the next cycle, and the wheel stays at zero", () => {
      const b = bench("velocity", "wheel", { armed_at_start: true });
      b.graph.advance(3);
      expect(b.speed()).toBeGreaterThan(200);
      const before = b.commands.length;
      b.arm(false);
      expect(b.commands.length).toBe(before + 1);
      expect(b.commands.at(-1)).toBe(0);
      expect(b.fire()).toMatch(/^not ready: the launcher is not armed/);
      b.graph.advance(2);
      expect(b.commands.slice(before).filter((c) => c !== 0)).toEqual([]);
      expect(b.status()?.message).toBe("disarmed: output zero until true on /launcher/arm");
    });

    it.each<{ name: string; steps: (b: ReturnType<typeof bench>) => void; spinning: boolean; message: string }>([
      { name: "arm while e-stopped", steps: (b) => { b.eStop(true); b.arm(true); }, spinning: false, message: "e-stop engaged: output zero" },
      { name: "e-stop while armed", steps: (b) => { b.arm(true); b.graph.advance(1); b.eStop(true); }, spinning: false, message: "e-stop engaged: output zero" },
      { name: "armed, e-stop engaged then released", steps: (b) => { b.arm(true); b.eStop(true); b.graph.advance(1); b.eStop(false); }, spinning: true, message: "ready" },
      { name: "e-stop released while disarmed", steps: (b) => { b.eStop(true); b.graph.advance(1); b.eStop(false); }, spinning: false, message: "disarmed: output zero until true on /launcher/arm" },
    ])("the e-stop wins over arming: $name", ({ steps, spinning, message }) => {
      const b = bench("velocity", "wheel");
      b.graph.advance(0.5);
      steps(b);
      const from = b.commands.length;
      b.graph.advance(2);
      const after = b.commands.slice(from);
      expect(after.length).toBeGreaterThan(150);
      if (spinning) expect(b.speed()).toBeGreaterThan(200);
      else expect(after.filter((c) => c !== 0)).toEqual([]);
      expect(b.status()?.message).toBe(message);
    });

    it("a lifecycle deactivate disarms: after activate the wheel waits for launcher/arm again", () => {
      const b = bench("velocity", "wheel");
      b.arm(true);
      b.graph.advance(2);
      expect(b.speed()).toBeGreaterThan(200);
      expect(b.node.deactivate().ok).toBe(true);
      expect(b.node.activate().ok).toBe(true);
      const from = b.commands.length;
      b.graph.advance(2);
      expect(b.commands.slice(from).filter((c) => c !== 0)).toEqual([]);
      expect(b.status()?.message).toBe("disarmed: output zero until true on /launcher/arm");
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
