import { launcherConfigFromParameters, launcherModelRules, shotPlannerFromConfig, type LauncherConfig } from "../core/ballistics/launcherParameters";
import type { ShotPlan } from "../core/ballistics/ShotPlanner";
import type { Writable } from "../core/ballistics/ShotResult";
import { isWheelFault } from "../core/control/flywheelPermit";
import { LauncherSupervisor, PlannerShotSolver, type FireOutcome, type LauncherSupervisorOptions, type TargetEstimate } from "../core/control/LauncherSupervisor";
import { isCovarianceStale } from "../core/estimation/targetOutput";
import { color, header, marker } from "../msgs/builders";
import { secondsFromTime } from "../msgs/time";
import { DiagnosticLevel, MarkerType, type Bool, type Float64MultiArray, type JointState, type MarkerArray, type Odometry, type Point } from "../msgs/types";
import type { NodeBehaviour, NodeContext, NodeDefinition, ParameterChange, ParameterValues, Publisher } from "../runtime/port";
import { QoS } from "../runtime/qos";
import { DiagnosticsReporter } from "./common";
import { booleanParameter, numberParameter, stringParameter } from "../core/parameters/readers";
import { launcherControlSchema, launcherPartRebuiltBy, type LauncherPart } from "./launcher_control.schema";

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
 *
 * The decisions are core/control/LauncherSupervisor's (pure, time passed in); this file
 * translates messages and parameters into its calls, publishes what it decided and words why.
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

// What a subscriber receives is its own to keep (on rclnodejs each gets a copy; the in-process
// graph delivers the published object): messages go out fresh, except these constants, frozen so
// that a subscriber writing to one fails loudly instead of changing what others hold.
const READY: Bool = frozen({ data: true });
const NOT_READY: Bool = frozen({ data: false });
const FEED: Bool = frozen({ data: true });
const ZERO_COMMAND: Float64MultiArray = frozen({ layout: { dim: [], data_offset: 0 }, data: [0] });

/** A constant message frozen through and through, keeping its message type. */
function frozen<T extends object>(message: T): T {
  for (const value of Object.values(message)) if (typeof value === "object" && value !== null) frozen(value);
  return Object.freeze(message);
}

/** A change that rebuilt a part, for /diagnostics. */
interface Rebuild {
  readonly parts: readonly LauncherPart[];
  readonly keys: readonly string[];
  readonly at_s: number;
}

type LauncherPublishers = ReturnType<typeof createPublishers>;

/** Every topic launcher_control publishes (the command on velocity or effort, by flywheel.mode). */
function createPublishers(context: NodeContext) {
  return {
    velocity: context.createPublisher("std_msgs/msg/Float64MultiArray", LAUNCHER_COMMAND_TOPICS.velocity, QoS.reliable),
    effort: context.createPublisher("std_msgs/msg/Float64MultiArray", LAUNCHER_COMMAND_TOPICS.effort, QoS.reliable),
    hood: context.createPublisher("std_msgs/msg/Float64", LAUNCHER_COMMAND_TOPICS.hood, QoS.reliable),
    feed: context.createPublisher("std_msgs/msg/Bool", LAUNCHER_COMMAND_TOPICS.feed, QoS.reliable),
    ready: context.createPublisher("std_msgs/msg/Bool", LAUNCHER_STATUS_TOPICS.ready, QoS.reliable),
    probability: context.createPublisher("std_msgs/msg/Float64", LAUNCHER_STATUS_TOPICS.makeProbability, QoS.reliable),
    trajectory: context.createPublisher("visualization_msgs/msg/MarkerArray", LAUNCHER_STATUS_TOPICS.trajectory, QoS.reliable),
  };
}

class LauncherControlNode {
  readonly behaviour: NodeBehaviour;
  private readonly p: ParameterValues;
  private config: LauncherConfig;
  private readonly solver: PlannerShotSolver;
  private readonly supervisor: LauncherSupervisor;
  /** The resolved topic the wheel speed comes on, and the joint read from it: named in every message about missing feedback. */
  private jointStatesTopic = "";
  private readonly jointName: string;
  private armTopic = "";
  private readonly publishers: LauncherPublishers;
  private autoFire: boolean;
  private markersEvery: number;
  private cycle = 0;
  private rebuilds = 0;
  private lastRebuild: Rebuild | undefined;
  /** The latest target/estimate's fields, copied into one object reused for every estimate (the supervisor reads, never keeps, it). */
  private readonly target: TargetCopy = {
    stamp_s: 0,
    valid: false,
    x_m: 0,
    y_m: 0,
    covariance: { xx: 0, xy: 0, yy: 0 },
    hoopVelocityX_mps: 0,
    hoopVelocityY_mps: 0,
  };
  private readonly launcherFrame: string;

  constructor(private readonly context: NodeContext) {
    this.p = context.parameters;
    this.config = launcherConfigFromParameters(this.p);
    this.solver = new PlannerShotSolver(shotPlannerFromConfig(this.config), this.config.moving);
    this.supervisor = new LauncherSupervisor(supervisorOptions(this.config, this.p), this.solver);
    this.autoFire = booleanParameter(this.p, "auto_fire");
    this.markersEvery = numberParameter(this.p, "markers_every");
    this.launcherFrame = stringParameter(this.p, "launcher_frame");
    this.jointName = stringParameter(this.p, "joint_name");
    this.publishers = createPublishers(context);
    this.subscribeInputs(context);
    this.offerServices(context);
    context.createTimer(numberParameter(this.p, "control_period"), () => {
      this.controlCycle(context.now());
    });
    const diagnostics: DiagnosticsReporter = new DiagnosticsReporter(context, () => [this.status(diagnostics)]);
    this.behaviour = this.lifecycle(context);
  }

  private get commandPublisher(): Publisher<Float64MultiArray> {
    return this.supervisor.flywheelMode === "velocity" ? this.publishers.velocity : this.publishers.effort;
  }

  /**
   * A cycle now, not at the next tick: the output goes to zero and the gate closes (so fire()
   * refuses) without waiting for the timer. The permit says zero once e-stopped or disarmed.
   */
  private holdNow(now: number): void {
    this.supervisor.step(now);
    this.commandPublisher.publish(ZERO_COMMAND);
  }

  private subscribeInputs(context: NodeContext): void {
    context.createSubscription("nav_msgs/msg/Odometry", "target/estimate", QoS.reliable, (m) => {
      this.supervisor.setTarget(copyTarget(m, this.target));
    });
    this.jointStatesTopic = context.createSubscription("sensor_msgs/msg/JointState", "joint_states", QoS.sensorData, (m: JointState) => {
      const index = m.name.indexOf(this.jointName);
      if (index >= 0) this.supervisor.measureWheel(m.velocity[index] ?? Number.NaN, context.now());
    }).topic;
    context.createSubscription("std_msgs/msg/Bool", "launcher/e_stop", QoS.reliable, (m) => {
      this.supervisor.setEStop(m.data);
      if (m.data) this.holdNow(context.now());
    });
    // The operator's arm switch: true arms (the wheel may spin up from the next cycle), false
    // disarms at once, like the e-stop. The e-stop wins over it either way.
    this.armTopic = context.createSubscription("std_msgs/msg/Bool", "launcher/arm", QoS.reliable, (m) => {
      this.supervisor.setArmed(m.data);
      if (!m.data) this.holdNow(context.now());
    }).topic;
  }

  private offerServices(context: NodeContext): void {
    context.createService("std_srvs/srv/Trigger", "launcher/fire", () => {
      const now = context.now();
      const outcome = this.fire(now);
      return { success: outcome === "fired", message: this.fireMessage(outcome, now) };
    });
    context.createService("std_srvs/srv/SetBool", "launcher/auto_fire", (request) => {
      this.autoFire = request.data;
      return { success: true, message: `auto-fire ${request.data ? "on" : "off"}` };
    });
  }

  private fire(now: number): FireOutcome {
    const outcome = this.supervisor.fire(now);
    if (outcome === "fired") this.publishers.feed.publish(FEED);
    return outcome;
  }

  private controlCycle(now: number): void {
    const { supervisor, publishers } = this;
    const command = supervisor.step(now);
    this.commandPublisher.publish(command === 0 ? ZERO_COMMAND : { layout: { dim: [], data_offset: 0 }, data: [command] });
    const plan = supervisor.shot?.plan;
    if (plan?.kind === "planned" && this.config.launch.mode === "adjustable") {
      publishers.hood.publish({ data: plan.solution.launchAngle_rad });
    }
    publishers.ready.publish(supervisor.ready ? READY : NOT_READY);
    publishers.probability.publish({ data: plan?.kind === "planned" ? plan.make.probability : 0 });
    if (this.autoFire && supervisor.ready) this.fire(now);
    if (++this.cycle % this.markersEvery === 0 && plan?.kind === "planned") publishers.trajectory.publish(this.trajectoryMarker(plan, now));
  }

  private lifecycle(context: NodeContext): NodeBehaviour {
    return {
      onActivate: () => {
        // Each activation starts disarmed (unless armed_at_start) and waits for fresh feedback:
        // nothing from before a deactivate spins the wheel again.
        this.supervisor.activate(context.now());
      },
      onDeactivate: () => {
        this.commandPublisher.publish(ZERO_COMMAND);
        this.publishers.ready.publish(NOT_READY);
        this.supervisor.deactivate();
      },
      validateParameters: (changes) => {
        try {
          // Building the parts is the check: their constructors reject bad combinations with the value.
          const values = { ...this.p, ...Object.fromEntries(changes.map((c) => [c.name, c.value])) };
          const config = launcherConfigFromParameters(values);
          shotPlannerFromConfig(config);
          new LauncherSupervisor(supervisorOptions(config, values), this.solver);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
      applyParameters: (changes, all) => {
        const before = this.supervisor.flywheelMode;
        const rebuilt = this.apply(changes, all);
        // The drive holds its last command: a mode change leaves the old topic at zero.
        if (this.supervisor.flywheelMode !== before) (before === "velocity" ? this.publishers.velocity : this.publishers.effort).publish(ZERO_COMMAND);
        if (rebuilt !== undefined) context.logger.info(`rebuilt the ${rebuilt.parts.join(" and the ")} for ${rebuilt.keys.join(", ")}`);
      },
    };
  }

  /**
   * Applies accepted changes to the live parts (LAUNCHER_REBUILDS in the schema says which keys
   * need a part built anew). Returns what was rebuilt, if anything.
   */
  private apply(changes: readonly ParameterChange[], all: ParameterValues): Rebuild | undefined {
    const config = launcherConfigFromParameters(all);
    const keys: string[] = [];
    const parts = new Set<LauncherPart>();
    for (const change of changes) {
      const part = launcherPartRebuiltBy(change.name);
      if (part === undefined) continue;
      parts.add(part);
      keys.push(change.name);
    }
    if (parts.has("shot planner")) {
      this.solver.planner = shotPlannerFromConfig(config);
      this.supervisor.replan();
    }
    this.solver.moving = config.moving;
    // The supervisor rebuilds the flywheel controller exactly when its mode changed (flywheel.mode in the table).
    const { rebuiltFlywheel } = this.supervisor.configure(supervisorOptions(config, all));
    if (!rebuiltFlywheel) parts.delete("flywheel controller");
    this.config = config;
    // Set by the parameter only when it changed: a gain change keeps auto-fire as launcher/auto_fire left it.
    if (changes.some((c) => c.name === "auto_fire")) this.autoFire = booleanParameter(all, "auto_fire");
    this.markersEvery = numberParameter(all, "markers_every");
    if (parts.size === 0) return undefined;
    this.rebuilds++;
    this.lastRebuild = { parts: [...parts], keys, at_s: this.context.now() };
    return this.lastRebuild;
  }

  private fireMessage(outcome: FireOutcome, now: number): string {
    const supervisor = this.supervisor;
    switch (outcome) {
      case "not_ready":
        return `not ready: ${supervisor.notReadyReasons().map((r) => r.message).join("; ")}`;
      case "cooling_down":
        return `cooling down: last shot ${(now - supervisor.lastShot_s).toFixed(2)} s ago (fire_cooldown ${supervisor.fireCooldown_s} s)`;
      case "no_shot":
        return "no shot solution";
      case "fired": {
        const plan = supervisor.shot?.plan;
        if (plan?.kind !== "planned") return "fired";
        return `fired at ${plan.solution.distance_m.toFixed(3)} m: ${plan.wheelSpeed_radps.toFixed(1)} rad/s, ${plan.solution.exitSpeed_mps.toFixed(3)} m/s at ${plan.solution.launchAngle_rad.toFixed(3)} rad, P(make) ${(plan.make.probability * 100).toFixed(1)} %`;
      }
    }
  }

  /** Why not ready, in words, from the last cycle's state: built when the diagnostics ask (about 1 Hz), not every control cycle (100 Hz). */
  private note(): string {
    const { permit, shot, targetValid } = this.supervisor;
    if (permit.drive === "zero") return this.holdNote();
    const plan = shot?.plan;
    const aim = plan === undefined ? (targetValid ? "target estimate too old: idling" : "no valid target: idling") : plan.kind === "planned" ? "tracking" : `no shot: ${plan.message}`;
    return permit.drive === "open_loop" ? `open loop (flywheel.allow_open_loop), no fresh JointState for '${this.jointName}' on ${this.jointStatesTopic}: ${aim}` : aim;
  }

  /** Why the output is zero, the one that decided it first: the e-stop, a feedback fault, arming, then the first JointState still awaited. */
  private holdNote(): string {
    const { permit, feedback } = this.supervisor;
    if (permit.holds.includes("e_stopped")) return "e-stop engaged: output zero";
    const source = `JointState for '${this.jointName}' on ${this.jointStatesTopic}`;
    if (permit.holds.includes("no_feedback")) {
      if (feedback.kind === "lost") return `flywheel feedback lost for ${feedback.age_s.toFixed(3)} s (${source}): output zero`;
      if (feedback.kind === "missing") {
        const timeout = numberParameter(this.p, "feedback_timeout");
        return `no ${source} since activation ${feedback.sinceActivation_s.toFixed(3)} s ago (feedback_timeout ${timeout} s): output zero; check joint_name and the joint_states remap`;
      }
    }
    if (permit.holds.includes("disarmed")) return `disarmed: output zero until true on ${this.armTopic}`;
    return `waiting for the first ${source}: output zero`;
  }

  /**
   * The ball's path over the court, on the line to the rim centre with the launcher's velocity
   * carried (a moving shot): a new message every markers_every cycles, for subscribers to keep.
   */
  private trajectoryMarker(plan: Extract<ShotPlan, { kind: "planned" }>, now: number): MarkerArray {
    const samples = this.solver.planner.integrator.trajectory(plan.solution.exitSpeed_mps, plan.solution.launchAngle_rad, false, plan.solution.carry);
    const bearing = this.supervisor.shot?.pathBearing_rad ?? 0;
    const release = this.config.model.release_height_m;
    const cos = Math.cos(bearing);
    const sin = Math.sin(bearing);
    const points: Point[] = samples.x_m.map((x, i) => ({ x: x * cos, y: x * sin, z: (samples.z_m[i] ?? NaN) - release }));
    const trajectory = marker({
      header: header(now, this.launcherFrame),
      ns: "trajectory",
      id: 0,
      type: MarkerType.LINE_STRIP,
      scale: { x: 0.02, y: 0, z: 0 },
      color: color(1, 0.5, 0),
    });
    trajectory.points = points;
    return { markers: [trajectory] };
  }

  private status(reporter: DiagnosticsReporter) {
    const supervisor = this.supervisor;
    const { output, shot, feedback, permit } = supervisor;
    const ready = supervisor.ready;
    const plan = shot?.plan;
    // A fault holding the output at zero (e-stop, silent encoder) is an error, even while disarmed;
    // any other reason not to fire (disarmed included) is a warning.
    const level = isWheelFault(permit, feedback) ? DiagnosticLevel.ERROR : ready ? DiagnosticLevel.OK : DiagnosticLevel.WARN;
    const rebuild = this.lastRebuild;
    return reporter.status(level, "launcher", ready ? "ready" : this.note(), {
      ready,
      not_ready:
        supervisor
          .notReadyReasons()
          .map((r) => r.message)
          .join("; ") || "none",
      distance_m: plan?.kind === "planned" ? plan.solution.distance_m : Number.NaN,
      wheel_setpoint_radps: output?.limitedSetpoint_radps ?? 0,
      wheel_speed_radps: supervisor.wheelSpeed_radps,
      wheel_error_radps: output?.error_radps ?? Number.NaN,
      command: output?.command ?? 0,
      // What a retune keeps (effort mode): the PID's integral term.
      wheel_integral_v: supervisor.integralTerm_V,
      mode: supervisor.flywheelMode,
      armed: supervisor.armed,
      wheel_drive: permit.drive,
      feedback: feedback.kind,
      joint_name: this.jointName,
      joint_states_topic: this.jointStatesTopic,
      make_probability: plan?.kind === "planned" ? plan.make.probability : 0,
      auto_fire: this.autoFire,
      shots: supervisor.shots,
      // Parameter changes are applied in place; these say when one had to build a part anew.
      rebuilds: this.rebuilds,
      last_rebuild: rebuild === undefined ? "none" : `${rebuild.parts.join(" and ")} for ${rebuild.keys.join(", ")} at ${rebuild.at_s.toFixed(3)} s`,
    });
  }
}

/** The supervisor's options from the launcher configuration and the node's own parameters. */
function supervisorOptions(config: LauncherConfig, values: ParameterValues): LauncherSupervisorOptions {
  return {
    flywheel: config.flywheel,
    bangBangBeyond_m: config.bangBangBeyond_m,
    gate: config.gate,
    feedbackTimeout_s: numberParameter(values, "feedback_timeout"),
    allowOpenLoop: booleanParameter(values, "flywheel.allow_open_loop"),
    armedAtStart: booleanParameter(values, "armed_at_start"),
    idleSpeed_radps: numberParameter(values, "idle_speed"),
    holdSpeedTime_s: numberParameter(values, "hold_speed_time"),
    impossibleReplanPeriod_s: numberParameter(values, "impossible_replan_period"),
    movingShots: booleanParameter(values, "moving_shots"),
    fireCooldown_s: numberParameter(values, "fire_cooldown"),
  };
}

/** The node's one copy of the latest target estimate, rewritten by each message. */
type TargetCopy = Omit<Writable<TargetEstimate>, "covariance"> & { readonly covariance: Writable<TargetEstimate["covariance"]> };

/** target/estimate into the supervisor's terms, in `into` (reused: nothing allocated per message). */
function copyTarget(m: Odometry, into: TargetCopy): TargetEstimate {
  const p = m.pose.pose.position;
  const c = m.pose.covariance;
  const v = m.twist.twist.linear;
  into.stamp_s = secondsFromTime(m.header.stamp);
  into.valid = isTargetValid(m);
  into.x_m = p.x;
  into.y_m = p.y;
  into.covariance.xx = c[0] ?? 0;
  into.covariance.xy = c[1] ?? 0;
  into.covariance.yy = c[7] ?? 0;
  into.hoopVelocityX_mps = v.x;
  into.hoopVelocityY_mps = v.y;
  return into;
}

/** Finite numbers, and not marked stale by the estimator (covariance[0] = -1). */
function isTargetValid(target: Odometry): boolean {
  const p = target.pose.pose.position;
  return Number.isFinite(p.x) && Number.isFinite(p.y) && Number.isFinite(p.z) && !isCovarianceStale(target.pose.covariance);
}
