import { launcherConfigFromParameters, launcherModelRules, shotPlannerFromConfig, type LauncherConfig } from "../core/ballistics/launcherParameters";
import type { ShotPlan, ShotPlanner } from "../core/ballistics/ShotPlanner";
import { solveMovingShot, type MovingShot } from "../core/ballistics/solveMovingShot";
import { FlywheelController, type FlywheelOutput } from "../core/control/FlywheelController";
import { flywheelPermit, isWheelFault, wheelFeedback, type FlywheelPermit, type WheelFeedback } from "../core/control/flywheelPermit";
import { isTargetFresh, readyGate, type ReadyGateResult } from "../core/control/readyGate";
import { isCovarianceStale } from "../core/estimation/targetOutput";
import { color, header, marker } from "../msgs/builders";
import { secondsFromTime } from "../msgs/time";
import { DiagnosticLevel, MarkerType, type JointState, type Odometry } from "../msgs/types";
import type { NodeBehaviour, NodeContext, NodeDefinition, ParameterValues } from "../runtime/port";
import { QoS } from "../runtime/qos";
import { booleanParameter, DiagnosticsReporter, numberParameter, stringParameter } from "./common";
import { launcherControlSchema } from "./launcher_control.schema";

/**
 * What launcher_control publishes for the robot's actuators: each must reach a driver, so the
 * launch file gives each a launch argument (test/launch/shooterLaunch.test.ts checks it for every
 * flywheel and launch mode).
 */
export const LAUNCHER_COMMAND_TOPICS = {
  /** std_msgs/Float64MultiArray, data[0] wheel speed [rad/s] to ros2_control (flywheel.mode velocity). */
  velocity: "launcher/velocity_command",
  /** std_msgs/Float64MultiArray, data[0] motor voltage [V] (flywheel.mode effort). */
  effort: "launcher/effort_command",
  /** std_msgs/Float64 hood angle [rad] (launch.mode adjustable). */
  hood: "launcher/hood_command",
  /** std_msgs/Bool: true feeds one ball. */
  feed: "launcher/feed",
} as const;

/** What it publishes about itself, for the operator, rviz and other nodes: not commands. */
export const LAUNCHER_STATUS_TOPICS = {
  ready: "launcher/ready",
  makeProbability: "launcher/make_probability",
  trajectory: "launcher/trajectory",
} as const;

/**
 * launcher_control: solves the shot for the latest target estimate, holds the flywheel at the
 * needed speed, and fires only when the gate says the shot will go in.
 * In: target/estimate, joint_states, launcher/e_stop, launcher/arm. Out: launcher/velocity_command
 * (ros2_control) or launcher/effort_command [V], launcher/hood_command [rad], launcher/feed,
 * launcher/ready, launcher/make_probability, launcher/trajectory. Services: launcher/fire, launcher/auto_fire.
 *
 * The wheel never spins blind or unasked: its output is zero unless the launcher is armed
 * (launcher/arm true, or armed_at_start on purpose), not e-stopped, and its JointState is fresh
 * (or flywheel.allow_open_loop is set on purpose); see core/control/flywheelPermit.
 */
export const launcherControl: NodeDefinition = {
  name: "launcher_control",
  description: "Ballistic solve with drag, flywheel speed loop, ready gate with make probability, firing and safety",
  schema: launcherControlSchema,
  rules: launcherModelRules,
  configure(context) {
    return new LauncherControlNode(context).behaviour;
  },
};

interface TargetSample {
  readonly stamp: number;
  readonly message: Odometry;
  /** Judged once when it arrives (isTargetValid), not every control cycle. */
  readonly valid: boolean;
}

class LauncherControlNode {
  /** The last planned shot's wheel speed [rad/s] and when [s]: held a while when the target goes invalid. */
  private lastPlanned: { readonly speed: number; readonly time: number } | undefined;
  readonly behaviour: NodeBehaviour;
  private readonly p: ParameterValues;
  private config: LauncherConfig;
  private planner: ShotPlanner;
  private flywheel: FlywheelController;
  private target: TargetSample | undefined;
  /** The last wheel speed [rad/s] since activation and when it arrived (node clock) [s]. */
  private wheel: { speed: number; stamp: number } | undefined;
  private eStopped = false;
  /** Set by launcher/arm (or armed_at_start at activation); cleared by launcher/arm false and on deactivate. */
  private armed = false;
  /** When the node last activated [s]: the feedback timeout runs from here until the first JointState. */
  private activatedAt = 0;
  /** The resolved topic the wheel speed comes on, and the joint read from it: named in every message about missing feedback. */
  private readonly jointStatesTopic: string;
  private readonly jointName: string;
  private readonly armTopic: string;
  private autoFire: boolean;
  private lastShot = -Infinity;
  private lastSolve = -Infinity;
  private shots = 0;
  private cycle = 0;
  private state: {
    shot: MovingShot | undefined;
    output: FlywheelOutput | undefined;
    gate: ReadyGateResult;
    /** Whether the last cycle had a valid target (the note's words come from it and the fields here). */
    targetValid: boolean;
    feedback: WheelFeedback;
    permit: FlywheelPermit;
  } = {
    shot: undefined,
    output: undefined,
    gate: { ready: false, reasons: [] },
    targetValid: false,
    feedback: { kind: "awaited", sinceActivation_s: 0 },
    permit: { drive: "zero", holds: ["disarmed"] },
  };

  constructor(context: NodeContext) {
    this.p = context.parameters;
    this.config = launcherConfigFromParameters(this.p);
    this.planner = shotPlannerFromConfig(this.config);
    this.flywheel = new FlywheelController(this.config.flywheel);
    this.autoFire = booleanParameter(this.p, "auto_fire");
    const velocity = context.createPublisher("std_msgs/msg/Float64MultiArray", LAUNCHER_COMMAND_TOPICS.velocity, QoS.reliable);
    const effort = context.createPublisher("std_msgs/msg/Float64MultiArray", LAUNCHER_COMMAND_TOPICS.effort, QoS.reliable);
    const hood = context.createPublisher("std_msgs/msg/Float64", LAUNCHER_COMMAND_TOPICS.hood, QoS.reliable);
    const feed = context.createPublisher("std_msgs/msg/Bool", LAUNCHER_COMMAND_TOPICS.feed, QoS.reliable);
    const ready = context.createPublisher("std_msgs/msg/Bool", LAUNCHER_STATUS_TOPICS.ready, QoS.reliable);
    const probability = context.createPublisher("std_msgs/msg/Float64", LAUNCHER_STATUS_TOPICS.makeProbability, QoS.reliable);
    const trajectory = context.createPublisher("visualization_msgs/msg/MarkerArray", LAUNCHER_STATUS_TOPICS.trajectory, QoS.reliable);
    const command = (value: number): void => {
      const message = { layout: { dim: [], data_offset: 0 }, data: [value] };
      if (this.flywheel.mode === "velocity") velocity.publish(message);
      else effort.publish(message);
    };

    context.createSubscription("nav_msgs/msg/Odometry", "target/estimate", QoS.reliable, (m) => {
      this.target = { stamp: secondsFromTime(m.header.stamp), message: m, valid: isTargetValid(m) };
    });
    const jointName = stringParameter(this.p, "joint_name");
    this.jointName = jointName;
    this.jointStatesTopic = context.createSubscription("sensor_msgs/msg/JointState", "joint_states", QoS.sensorData, (m: JointState) => {
      const index = m.name.indexOf(jointName);
      const speed = index >= 0 ? m.velocity[index] : undefined;
      if (speed !== undefined && Number.isFinite(speed)) this.wheel = { speed, stamp: context.now() };
    }).topic;
    // A cycle now, with the output held at zero (the permit says zero once e-stopped or disarmed).
    const holdNow = (): void => {
      this.control(context.now());
      command(0);
    };
    context.createSubscription("std_msgs/msg/Bool", "launcher/e_stop", QoS.reliable, (m) => {
      this.eStopped = m.data;
      // A cycle now, not at the next tick: the output goes to zero and the gate closes (so fire()
      // refuses) without waiting for the timer.
      if (m.data) holdNow();
    });
    // The operator's arm switch: true arms (the wheel may spin up from the next cycle), false
    // disarms at once, like the e-stop. The e-stop wins over it either way.
    this.armTopic = context.createSubscription("std_msgs/msg/Bool", "launcher/arm", QoS.reliable, (m) => {
      this.armed = m.data;
      if (!m.data) holdNow();
    }).topic;

    const fire = (): { success: boolean; message: string } => {
      const gate = this.state.gate;
      if (!gate.ready) return { success: false, message: `not ready: ${gate.reasons.map((r) => r.message).join("; ")}` };
      const now = context.now();
      const cooldown = numberParameter(this.p, "fire_cooldown");
      if (now - this.lastShot < cooldown) return { success: false, message: `cooling down: last shot ${(now - this.lastShot).toFixed(2)} s ago (fire_cooldown ${cooldown} s)` };
      const plan = this.state.shot?.plan;
      if (plan?.kind !== "planned") return { success: false, message: "no shot solution" };
      feed.publish({ data: true });
      this.lastShot = now;
      this.shots++;
      return {
        success: true,
        message: `fired at ${plan.solution.distance_m.toFixed(3)} m: ${plan.wheelSpeed_radps.toFixed(1)} rad/s, ${plan.solution.exitSpeed_mps.toFixed(3)} m/s at ${plan.solution.launchAngle_rad.toFixed(3)} rad, P(make) ${(plan.make.probability * 100).toFixed(1)} %`,
      };
    };
    context.createService("std_srvs/srv/Trigger", "launcher/fire", () => fire());
    context.createService("std_srvs/srv/SetBool", "launcher/auto_fire", (request) => {
      this.autoFire = request.data;
      return { success: true, message: `auto-fire ${request.data ? "on" : "off"}` };
    });

    context.createTimer(numberParameter(this.p, "control_period"), () => {
      const now = context.now();
      const output = this.control(now);
      command(output === undefined ? 0 : output.command);
      const plan = this.state.shot?.plan;
      if (plan?.kind === "planned" && this.config.launch.mode === "adjustable") hood.publish({ data: plan.solution.launchAngle_rad });
      ready.publish({ data: this.state.gate.ready });
      probability.publish({ data: plan?.kind === "planned" ? plan.make.probability : 0 });
      if (this.autoFire && this.state.gate.ready) fire();
      if (++this.cycle % numberParameter(this.p, "markers_every") === 0 && plan?.kind === "planned") {
        trajectory.publish({ markers: [this.trajectoryMarker(plan, now)] });
      }
    });

    const diagnostics: DiagnosticsReporter = new DiagnosticsReporter(context, () => [this.status(diagnostics)]);
    this.behaviour = {
      onActivate: () => {
        // Each activation starts disarmed (unless armed_at_start) and waits for fresh feedback:
        // nothing from before a deactivate spins the wheel again.
        this.armed = booleanParameter(this.p, "armed_at_start");
        this.activatedAt = context.now();
        this.wheel = undefined;
        this.flywheel.reset();
      },
      onDeactivate: () => {
        command(0);
        ready.publish({ data: false });
        this.flywheel.reset();
        this.armed = false;
      },
      validateParameters: (changes) => {
        try {
          // Building the parts is the check: their constructors reject bad combinations with the value.
          const config = launcherConfigFromParameters({ ...this.p, ...Object.fromEntries(changes.map((c) => [c.name, c.value])) });
          shotPlannerFromConfig(config);
          new FlywheelController(config.flywheel);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
      applyParameters: (_changes, all) => {
        this.config = launcherConfigFromParameters(all);
        this.planner = shotPlannerFromConfig(this.config);
        this.flywheel = new FlywheelController(this.config.flywheel);
        this.autoFire = booleanParameter(all, "auto_fire");
      },
    };
  }

  /** One control cycle: the shot for the current target, the wheel command, the gate. Undefined output = zero command. */
  private control(now: number): FlywheelOutput | undefined {
    const feedback = wheelFeedback(now, this.activatedAt, this.wheel?.stamp, numberParameter(this.p, "feedback_timeout"));
    const permit = flywheelPermit({ eStopped: this.eStopped, armed: this.armed, feedback, allowOpenLoop: booleanParameter(this.p, "flywheel.allow_open_loop") });
    this.state.feedback = feedback;
    this.state.permit = permit;
    const target = this.target;
    const targetValid = target?.valid ?? false;
    const fresh = target !== undefined && isTargetFresh(now, target.stamp, this.config.gate.targetTimeout_s);
    const shot = targetValid && fresh ? this.solveOrReuse(target.message, now) : undefined;
    const plan: ShotPlan | undefined = shot?.plan;
    this.state.shot = shot;

    let setpoint = numberParameter(this.p, "idle_speed");
    if (plan?.kind === "planned") {
      setpoint = plan.wheelSpeed_radps;
      this.lastPlanned = { speed: setpoint, time: now };
    } else if (this.lastPlanned !== undefined && now - this.lastPlanned.time <= numberParameter(this.p, "hold_speed_time")) {
      setpoint = this.lastPlanned.speed;
    }
    let output: FlywheelOutput | undefined;
    if (permit.drive === "zero") {
      // Held still: the ramp restarts from the measured speed when the wheel may be driven again.
      this.flywheel.reset();
    } else {
      const distance = plan?.kind === "planned" ? plan.solution.distance_m : 0;
      output = this.flywheel.update({
        setpoint_radps: setpoint,
        // Open loop: a stale measurement is no measurement.
        ...(this.wheel === undefined || permit.drive === "open_loop" ? {} : { measured_radps: this.wheel.speed }),
        now_s: now,
        bangBang: distance > this.config.bangBangBeyond_m,
      });
    }
    this.state.targetValid = targetValid;
    this.state.output = output;
    this.state.gate = readyGate(
      {
        now_s: now,
        eStopped: this.eStopped,
        armed: this.armed,
        feedback,
        targetStamp_s: target?.stamp,
        targetValid,
        shot: plan === undefined ? undefined : plan.kind === "planned" ? { probability: plan.make.probability, atSpeedProbability: plan.atSpeedMake.probability } : { impossible: plan.message },
        wheelAtSpeed: output?.atSetpoint ?? false,
      },
      this.config.gate,
    );
    return output;
  }

  /** Why not ready, in words, from the last cycle's state: built when the diagnostics ask (about 1 Hz), not every control cycle (100 Hz). */
  private note(): string {
    const { permit, feedback, shot, targetValid } = this.state;
    if (permit.drive === "zero") return this.holdNote(feedback, permit, numberParameter(this.p, "feedback_timeout"));
    const plan = shot?.plan;
    const aim = plan === undefined ? (targetValid ? "target estimate too old: idling" : "no valid target: idling") : plan.kind === "planned" ? "tracking" : `no shot: ${plan.message}`;
    return permit.drive === "open_loop" ? `open loop (flywheel.allow_open_loop), no fresh JointState for '${this.jointName}' on ${this.jointStatesTopic}: ${aim}` : aim;
  }

  /** Why the output is zero, the one that decided it first: the e-stop, a feedback fault, arming, then the first JointState still awaited. */
  private holdNote(feedback: WheelFeedback, permit: FlywheelPermit, feedbackTimeout: number): string {
    if (permit.holds.includes("e_stopped")) return "e-stop engaged: output zero";
    const source = `JointState for '${this.jointName}' on ${this.jointStatesTopic}`;
    if (permit.holds.includes("no_feedback")) {
      if (feedback.kind === "lost") return `flywheel feedback lost for ${feedback.age_s.toFixed(3)} s (${source}): output zero`;
      if (feedback.kind === "missing") {
        return `no ${source} since activation ${feedback.sinceActivation_s.toFixed(3)} s ago (feedback_timeout ${feedbackTimeout} s): output zero; check joint_name and the joint_states remap`;
      }
    }
    if (permit.holds.includes("disarmed")) return `disarmed: output zero until true on ${this.armTopic}`;
    return `waiting for the first ${source}: output zero`;
  }

  /** The shot for this target, or the last impossible one again while the replan period runs. */
  private solveOrReuse(target: Odometry, now: number): MovingShot {
    const last = this.state.shot;
    if (last?.plan.kind === "impossible" && now - this.lastSolve < numberParameter(this.p, "impossible_replan_period")) return last;
    this.lastSolve = now;
    return this.solve(target);
  }

  private solve(target: Odometry): MovingShot {
    const p = target.pose.pose.position;
    const c = target.pose.covariance;
    const v = target.twist.twist.linear;
    const moving = booleanParameter(this.p, "moving_shots");
    return solveMovingShot(
      this.planner,
      {
        target_x_m: p.x,
        target_y_m: p.y,
        covariance: { xx: c[0] ?? 0, xy: c[1] ?? 0, yy: c[7] ?? 0 },
        // target/estimate carries the hoop's velocity relative to the launcher; the launcher's is its opposite.
        velocity_x_mps: moving ? -v.x : 0,
        velocity_y_mps: moving ? -v.y : 0,
        // The smoothed error: the ball sees the wheel's mean speed error, not one sample's noise.
        ...(this.state.output === undefined || !Number.isFinite(this.state.output.smoothedError_radps) ? {} : { wheelSpeedError_radps: -this.state.output.smoothedError_radps }),
      },
      this.config.moving,
    );
  }

  private trajectoryMarker(plan: Extract<ShotPlan, { kind: "planned" }>, now: number) {
    // The ball's path over the court: on the line to the rim centre, the launcher's velocity carried (a moving shot).
    const samples = this.planner.integrator.trajectory(plan.solution.exitSpeed_mps, plan.solution.launchAngle_rad, false, plan.solution.carry);
    const bearing = this.state.shot?.pathBearing_rad ?? 0;
    const release = this.config.model.release_height_m;
    return marker({
      header: header(now, stringParameter(this.p, "launcher_frame")),
      ns: "trajectory",
      id: 0,
      type: MarkerType.LINE_STRIP,
      scale: { x: 0.02, y: 0, z: 0 },
      color: color(1, 0.5, 0),
      points: samples.x_m.map((x, i) => ({ x: x * Math.cos(bearing), y: x * Math.sin(bearing), z: (samples.z_m[i] ?? release) - release })),
    });
  }

  private status(reporter: DiagnosticsReporter) {
    const { gate, output, shot, feedback, permit } = this.state;
    const plan = shot?.plan;
    // A fault holding the output at zero (e-stop, silent encoder) is an error, even while disarmed;
    // any other reason not to fire (disarmed included) is a warning.
    const level = isWheelFault(permit, feedback) ? DiagnosticLevel.ERROR : gate.ready ? DiagnosticLevel.OK : DiagnosticLevel.WARN;
    return reporter.status(level, "launcher", gate.ready ? "ready" : this.note(), {
      ready: gate.ready,
      not_ready: gate.reasons.map((r) => r.message).join("; ") || "none",
      distance_m: plan?.kind === "planned" ? plan.solution.distance_m : Number.NaN,
      wheel_setpoint_radps: output?.limitedSetpoint_radps ?? 0,
      wheel_speed_radps: this.wheel?.speed ?? Number.NaN,
      wheel_error_radps: output?.error_radps ?? Number.NaN,
      command: output?.command ?? 0,
      mode: this.flywheel.mode,
      armed: this.armed,
      wheel_drive: permit.drive,
      feedback: feedback.kind,
      joint_name: this.jointName,
      joint_states_topic: this.jointStatesTopic,
      make_probability: plan?.kind === "planned" ? plan.make.probability : 0,
      auto_fire: this.autoFire,
      shots: this.shots,
    });
  }
}

/** Finite numbers, and not marked stale by the estimator (covariance[0] = -1). */
function isTargetValid(target: Odometry): boolean {
  const p = target.pose.pose.position;
  return [p.x, p.y, p.z].every(Number.isFinite) && !isCovarianceStale(target.pose.covariance);
}
