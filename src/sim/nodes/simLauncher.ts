import { courtMapFromParameters, courtSchema } from "../../core/court/courtSchema";
import type { Pose2 } from "../../core/court/courtMap";
import { color, header, marker, yawFromQuaternion } from "../../msgs/builders";
import { MarkerType, type MessageTypes, type Odometry, type Point } from "../../msgs/types";
import type { ParameterSchema } from "../../core/parameters/schema";
import type { NodeContext, NodeDefinition, ParameterValues, Publisher } from "../../runtime/port";
import { QoS } from "../../runtime/qos";
import { FlywheelPlant, type FlywheelPlantOptions } from "../FlywheelPlant";
import { RimJudge, type ShotVerdict } from "../RimJudge";
import { SeededRandom } from "../../core/random/SeededRandom";
import { AirProperties, ReynoldsDrag, SpinLift } from "../truth/aerodynamics";
import { TrueBallFlight } from "../truth/trueBallFlight";
import { launcherWithEffectiveEfficiency, type TrueLauncher } from "../truth/trueLauncher";
import { TrueShot, type BallSpread, type OracleLauncher, type ReleaseState } from "../truth/trueShot";
import { flag, int, num, SIM_TOPICS } from "./simParameters";
import { numberParameter, booleanParameter } from "../../core/parameters/readers";

const deg = Math.PI / 180;
/** The JointState names, shared by every message (no reader changes a received message). */
const JOINTS_WITH_HOOD = ["flywheel_joint", "hood_joint"];
const JOINTS_WITHOUT_HOOD = ["flywheel_joint"];

export const simLauncherSchema: ParameterSchema = {
  ...courtSchema,
  seed: int(1, "1", "Random seed: each ball's spread and the encoder noise (the true physics are the truth.* values)", 0, 2 ** 31 - 1),
  "launcher.x": num(0.1, "m", "Release point in base_link, forward", -2, 2),
  "launcher.y": num(0, "m", "Release point in base_link, left", -2, 2),
  "launcher.release_height": num(1.0, "m", "Release point height above the floor (docs/domain.md shot figures: 1.0 m)", 0.1, 3),
  "launcher.launch_angle": num(60 * deg, "rad", "Launch angle of a fixed launcher", 0.1, 1.5),
  "launcher.hood": flag(false, "An adjustable hood: the launch angle follows launcher/hood_command"),
  "launcher.hood_min": num(45 * deg, "rad", "Lowest hood angle", 0.1, 1.5),
  "launcher.hood_max": num(75 * deg, "rad", "Highest hood angle", 0.1, 1.5),
  "launcher.hood_rate": num(2, "rad/s", "Hood servo slew rate", 0.01, 100),
  "launcher.wheel_radius": num(0.0508, "m", "Launcher wheel radius (4-inch wheel)", 0.005, 1),
  "launcher.feed_delay": num(0.03, "s", "Feed command to the ball leaving the wheel", 0, 1),
  "launcher.energy_loss_factor": num(2, "1", "Wheel energy a shot takes, as a multiple of the ball's kinetic energy (estimate)", 0, 10),
  "joint_states.rate": num(100, "Hz", "JointState publishing rate (also the plant's command sampling)", 1, 2000),
  "truth.air_density": num(1.2, "kg/m^3", "True air density (the scenario draws it around launcher_control's)", 0.1, 2),
  "truth.air_viscosity": num(1.81e-5, "Pa s", "Dynamic viscosity of the air (20 C), for the Reynolds number", 1e-6, 1e-3),
  "truth.drag_coefficient": num(0.5, "1", "Subcritical drag coefficient of the ball (a basketball 0.47-0.54, docs/domain.md)", 0, 2),
  "truth.drag_supercritical": num(0.25, "1", "Drag coefficient past the drag crisis", 0, 2),
  "truth.critical_reynolds": num(2.5e5, "1", "Reynolds number at the middle of the drag drop", 1e4, 1e7),
  "truth.transition_width": num(4e4, "1", "Width of the drag drop in Reynolds number", 1, 1e7),
  "truth.efficiency": num(0.5, "1", "Launch efficiency as a team measures it: exit speed over the wheel's surface speed just before the ball touches it (the drop and slip inside), for the set's average ball at truth.reference_surface_speed", 0.05, 0.95),
  "truth.reference_surface_speed": num(18, "m/s", "Wheel surface speed at which truth.efficiency holds (a 4-5 m shot)", 1, 100),
  "truth.slip_per_surface_speed": num(0.002, "s/m", "Efficiency lost per m/s of surface speed, a fraction (slip on the wheel)", 0, 0.05),
  "truth.spin_ratio": num(0.8, "1", "Backspin at release as r_ball * spin / exit speed (1: rolling on the hood without slip)", 0, 2),
  "truth.exit_speed_sigma": num(0.002, "1", "Per-ball exit speed spread, fraction", 0, 0.5),
  "truth.launch_angle_sigma": num(0.3 * deg, "rad", "Per-ball launch angle spread", 0, 0.5),
  "truth.azimuth_sigma": num(0, "rad", "Per-ball sideways spread", 0, 0.5),
  "truth.ball_masses": { type: "double_array", default: [0.6], min: 0.3, max: 1, unit: "kg", description: "Mass of each ball of the set, used in turn (size 7: 0.567-0.650 kg)", readOnly: true },
  "truth.ball_pressures": { type: "double_array", default: [1.0], min: 0.5, max: 1.5, unit: "1", description: "Pressure of each ball relative to nominal, the same order as truth.ball_masses", readOnly: true },
  "truth.ball_radius": num(0.121, "m", "Ball radius", 0.01, 0.2),
  "flywheel.inertia": num(6e-3, "kg m^2", "Wheel, flywheel and rotor inertia (estimate: a 4-inch wheel with a 1.5 kg flywheel; a 0.6 kg ball takes about 10 % of its speed)", 1e-6, 1),
  "flywheel.torque_constant": num(0.0185, "N m/A", "Motor torque constant (= back-EMF constant)", 1e-4, 10),
  "flywheel.resistance": num(0.1, "ohm", "Winding resistance", 1e-4, 100),
  "flywheel.battery_voltage": num(12.6, "V", "Battery open-circuit voltage", 1, 100),
  "flywheel.battery_resistance": num(0.03, "ohm", "Battery internal resistance (sag)", 0, 10),
  "flywheel.voltage_limit": num(12, "V", "Highest voltage the driver applies", 0.1, 100),
  "flywheel.ripple_fraction": num(0.002, "1", "Speed ripple amplitude, fraction of speed", 0, 0.2),
  "flywheel.measurement_sigma": num(0.3, "rad/s", "Encoder velocity noise", 0, 100),
};

/** Everything about one released ball, for the referee (scoring, oracle, plots): the truth. */
export interface SimShotRecord {
  /** Release time [s]. */
  readonly time: number;
  readonly release: ReleaseState;
  /** Horizontal release -> rim centre distance [m]. */
  readonly distance: number;
  /** Wheel speed just before the ball touched it [rad/s] (with its ripple): no encoder reads this. */
  readonly wheelSpeed: number;
  /** The ball's true exit speed relative to the launcher [m/s] and launch angle [rad]. */
  readonly exitSpeed: number;
  readonly launchAngle: number;
  /** The hood's (or the fixed launcher's) angle at release, before this ball's own error [rad]. */
  readonly launcherAngle: number;
  readonly spread: BallSpread;
  /** Which ball of the set (truth.ball_masses) flew. */
  readonly ballIndex: number;
  readonly verdict: ShotVerdict;
  /** The true flight from release to the rim plane, court frame [s, m], as drawn on `sim/trajectory`. */
  readonly trajectory: { readonly t_s: number[]; readonly x_m: number[]; readonly y_m: number[]; readonly z_m: number[] };
}

/** The world sim_launcher built at configure, for a scenario's referee to judge and plan beside it. */
export interface SimLauncherWorld {
  /** The true flight and rim judge of the configured (true) court. */
  readonly shot: TrueShot;
  /** The launch angle [rad] of a fixed launcher, or the hood's range [rad]. */
  readonly launchAngles: OracleLauncher;
  /** The true per-ball spreads. */
  readonly spreads: { readonly exitSpeedSigmaFraction: number; readonly launchAngleSigma_rad: number; readonly azimuthSigma_rad: number };
  /** The release point's forward offset in base_link [m] (`launcher.x`). */
  readonly releaseForward: number;
  /** The true launcher: wheel speed to exit speed, spin and the wheel's drop. */
  readonly launcher: TrueLauncher;
  /** Where a ball released with the robot at this true pose [m, rad] and velocity (court frame [m/s, rad/s]) starts. */
  releaseState(pose: Pose2, velocity?: PlanarVelocity): ReleaseState;
}

/** A planar velocity in the court frame: [m/s] and yaw rate [rad/s]. */
export interface PlanarVelocity {
  readonly vx: number;
  readonly vy: number;
  readonly wz: number;
}

export interface SimLauncherHooks {
  /** The spread of the next ball (the scenario shares it with the oracle); default the node's own stream. */
  readonly nextBall?: () => BallSpread;
  readonly onWorld?: (world: SimLauncherWorld) => void;
  readonly onShot?: (shot: SimShotRecord) => void;
}

/**
 * sim_launcher: the flywheel plant, hood, feeder and ball, and the rim judge. Obeys
 * `launcher/velocity_command` (Float64MultiArray, data[0] wheel speed [rad/s], through the
 * driver's own velocity loop) or `launcher/effort_command` (data[0] motor voltage [V]), whichever
 * came last; `launcher/hood_command` (Float64, [rad]) with a hood; `launcher/feed` (Bool true)
 * releases one ball `feed_delay` later. Publishes `joint_states` (flywheel_joint). The ball
 * leaves by the TRUE launcher (slip, the ball's mass and pressure, the wheel's drop, backspin) and
 * flies by the TRUE flight (Reynolds-dependent drag, Magnus lift) from the robot's true pose and
 * velocity (`sim/ground_truth`), all of its own code, none of it the controller's model; the
 * `truth.*` values are what a scenario drew (src/sim/truth/drawTrueWorld.ts).
 */
export function createSimLauncher(hooks: SimLauncherHooks = {}): NodeDefinition {
  return {
    name: "sim_launcher",
    description: "Simulated flywheel (motor, battery sag, ripple), hood, feeder, true ball flight and rim judge",
    schema: simLauncherSchema,
    configure(context: NodeContext) {
      const p = context.parameters;
      const random = new SeededRandom(numberParameter(p, "seed"));
      const model = simLauncherModel(p);
      hooks.onWorld?.(model.world);
      const ownBalls = random.fork("balls");
      const spreads = model.world.spreads;
      const nextBall =
        hooks.nextBall ??
        ((): BallSpread => ({
          speedFactor: ownBalls.gaussian(0, spreads.exitSpeedSigmaFraction),
          angleError: ownBalls.gaussian(0, spreads.launchAngleSigma_rad),
          azimuthError: ownBalls.gaussian(0, spreads.azimuthSigma_rad),
        }));
      // The mechanism lives on in the subscriptions and the timer it creates.
      new SimLauncherMechanism(context, model, { nextBall, encoder: random.fork("encoder"), onShot: hooks.onShot });
      return {};
    },
  };
}

/** The hood as configured: a fixed launcher has none and shoots at `fixedAngle`. */
interface HoodSettings {
  readonly enabled: boolean;
  /** Its range [rad] and servo slew rate [rad/s]. */
  readonly min: number;
  readonly max: number;
  readonly rate: number;
  /** `launcher.launch_angle`: a fixed launcher's angle, and where a hood starts (clamped to its range) [rad]. */
  readonly fixedAngle: number;
}

/** What sim_launcher's parameters describe: the ball set, the true flight and launcher, the wheel's plant, the hood and the feeder. */
interface SimLauncherModel {
  readonly world: SimLauncherWorld;
  /** The ball set, used in turn: masses [kg] and pressures relative to nominal. */
  readonly masses: readonly number[];
  readonly pressures: readonly number[];
  readonly plant: FlywheelPlant;
  readonly hood: HoodSettings;
  /** Feed command to the ball leaving the wheel [s]. */
  readonly feedDelay: number;
  /** The plant's step and the joint_states period [s]. */
  readonly period: number;
}

function simLauncherModel(p: ParameterValues): SimLauncherModel {
  const masses = numberArrayParameter(p, "truth.ball_masses");
  const pressures = numberArrayParameter(p, "truth.ball_pressures");
  if (masses.length === 0 || masses.length !== pressures.length) {
    throw new Error(`truth.ball_masses and truth.ball_pressures must be non-empty and of one length, got ${masses.length} and ${pressures.length}`);
  }
  const averageBall = { mass_kg: mean(masses), pressureFactor: mean(pressures) };
  const plantOptions = flywheelPlantOptions(p);
  const hood: HoodSettings = {
    enabled: booleanParameter(p, "launcher.hood"),
    min: numberParameter(p, "launcher.hood_min"),
    max: numberParameter(p, "launcher.hood_max"),
    rate: numberParameter(p, "launcher.hood_rate"),
    fixedAngle: numberParameter(p, "launcher.launch_angle"),
  };
  const world: SimLauncherWorld = {
    shot: trueShot(p, averageBall.mass_kg),
    launchAngles: hood.enabled ? { kind: "hood", min: hood.min, max: hood.max } : { kind: "fixed", angle: hood.fixedAngle },
    spreads: {
      exitSpeedSigmaFraction: numberParameter(p, "truth.exit_speed_sigma"),
      launchAngleSigma_rad: numberParameter(p, "truth.launch_angle_sigma"),
      azimuthSigma_rad: numberParameter(p, "truth.azimuth_sigma"),
    },
    releaseForward: numberParameter(p, "launcher.x"),
    launcher: trueLauncher(p, plantOptions.inertia, averageBall),
    releaseState: releaseStateAt(numberParameter(p, "launcher.x"), numberParameter(p, "launcher.y"), numberParameter(p, "launcher.release_height")),
  };
  return {
    world,
    masses,
    pressures,
    plant: new FlywheelPlant(plantOptions),
    hood,
    feedDelay: numberParameter(p, "launcher.feed_delay"),
    period: 1 / numberParameter(p, "joint_states.rate"),
  };
}

/** The true flight (Reynolds-dependent drag, Magnus lift) and rim judge on the configured court. */
function trueShot(p: ParameterValues, averageMass_kg: number): TrueShot {
  const court = courtMapFromParameters(p);
  const ballRadius = numberParameter(p, "truth.ball_radius");
  const flight = new TrueBallFlight({
    // One flight for the set: the balls' masses differ by a few percent, which moves drag's
    // deceleration by as much; their launch differs more (TrueLauncher) and is modelled per ball.
    ballMass_kg: averageMass_kg,
    ballRadius_m: ballRadius,
    air: new AirProperties({ density_kgpm3: numberParameter(p, "truth.air_density"), viscosity_Pas: numberParameter(p, "truth.air_viscosity") }),
    drag: new ReynoldsDrag({
      subcritical: numberParameter(p, "truth.drag_coefficient"),
      supercritical: numberParameter(p, "truth.drag_supercritical"),
      criticalReynolds: numberParameter(p, "truth.critical_reynolds"),
      transitionWidth: numberParameter(p, "truth.transition_width"),
    }),
    lift: new SpinLift(),
  });
  const judge = new RimJudge({ rimRadius: court.spec.rimInnerDiameter / 2, ballRadius });
  return new TrueShot(flight, judge, { x: court.hoop.x, y: court.hoop.y, rimHeight: court.rimHeight }, numberParameter(p, "truth.spin_ratio"), ballRadius);
}

/** The true launcher: wheel speed to exit speed (slip, the ball's mass and pressure), spin and the wheel's drop. */
function trueLauncher(p: ParameterValues, wheelInertia_kgm2: number, averageBall: { mass_kg: number; pressureFactor: number }): TrueLauncher {
  return launcherWithEffectiveEfficiency(
    {
      wheelRadius_m: numberParameter(p, "launcher.wheel_radius"),
      wheelInertia_kgm2,
      slipPerSurfaceSpeed: numberParameter(p, "truth.slip_per_surface_speed"),
      spinRatio: numberParameter(p, "truth.spin_ratio"),
      ballRadius_m: numberParameter(p, "truth.ball_radius"),
      // energy_loss_factor counts the ball's own energy too: the loss beyond it is one less.
      lossFactor: Math.max(0, numberParameter(p, "launcher.energy_loss_factor") - 1),
    },
    numberParameter(p, "truth.efficiency"),
    numberParameter(p, "truth.reference_surface_speed"),
    averageBall,
  );
}

function flywheelPlantOptions(p: ParameterValues): FlywheelPlantOptions & { readonly inertia: number } {
  return {
    inertia: numberParameter(p, "flywheel.inertia"),
    torqueConstant: numberParameter(p, "flywheel.torque_constant"),
    resistance: numberParameter(p, "flywheel.resistance"),
    batteryVoltage: numberParameter(p, "flywheel.battery_voltage"),
    batteryResistance: numberParameter(p, "flywheel.battery_resistance"),
    voltageLimit: numberParameter(p, "flywheel.voltage_limit"),
    rippleFraction: numberParameter(p, "flywheel.ripple_fraction"),
    measurementSigma: numberParameter(p, "flywheel.measurement_sigma"),
  };
}

/** Where a ball released with the robot at a true pose and velocity starts, for a release point at (forward, left, height) in base_link [m]. */
function releaseStateAt(forward: number, left: number, height: number): SimLauncherWorld["releaseState"] {
  return (pose: Pose2, velocity: PlanarVelocity = { vx: 0, vy: 0, wz: 0 }): ReleaseState => {
    const c = Math.cos(pose.yaw);
    const s = Math.sin(pose.yaw);
    // The release point's offset from the robot's centre, in the court frame: turning moves it too.
    const ox = c * forward - s * left;
    const oy = s * forward + c * left;
    return { x: pose.x + ox, y: pose.y + oy, z: height, azimuth: pose.yaw, vx: velocity.vx - velocity.wz * oy, vy: velocity.vy + velocity.wz * ox };
  };
}

/** Where each ball's spread and the encoder's noise come from, and who hears of each released ball. */
interface MechanismInputs {
  readonly nextBall: () => BallSpread;
  readonly encoder: SeededRandom;
  readonly onShot: ((shot: SimShotRecord) => void) | undefined;
}

/**
 * The launcher running on the node's topics: the plant follows the last velocity or effort
 * command, the hood slews to its command, a feed releases one ball `feedDelay` later, and every
 * period the plant steps and `joint_states` goes out.
 */
class SimLauncherMechanism {
  private hoodAngle: number;
  private hoodTarget: number;
  /** The last ground truth, read at a release only (the topic comes at 100 Hz, a ball every few seconds). */
  private truth: Odometry | undefined;
  private releaseAt: number | undefined;
  private shots = 0;
  private made = 0;
  private readonly joints: Publisher<MessageTypes["sensor_msgs/msg/JointState"]>;
  private readonly trajectory: Publisher<MessageTypes["visualization_msgs/msg/MarkerArray"]>;
  private readonly jointNames: string[];

  constructor(
    private readonly context: NodeContext,
    private readonly model: SimLauncherModel,
    private readonly inputs: MechanismInputs,
  ) {
    const { hood, plant } = model;
    this.hoodAngle = hood.enabled ? Math.min(hood.max, Math.max(hood.min, hood.fixedAngle)) : hood.fixedAngle;
    this.hoodTarget = this.hoodAngle;
    this.jointNames = hood.enabled ? JOINTS_WITH_HOOD : JOINTS_WITHOUT_HOOD;
    context.createSubscription("nav_msgs/msg/Odometry", SIM_TOPICS.groundTruth, QoS.reliable, (m) => {
      this.truth = m;
    });
    context.createSubscription("std_msgs/msg/Float64MultiArray", "launcher/velocity_command", QoS.reliable, (m) => {
      const setpoint = m.data[0];
      if (typeof setpoint === "number" && Number.isFinite(setpoint)) plant.setCommand({ mode: "velocity", setpoint });
    });
    context.createSubscription("std_msgs/msg/Float64MultiArray", "launcher/effort_command", QoS.reliable, (m) => {
      const voltage = m.data[0];
      if (typeof voltage === "number" && Number.isFinite(voltage)) plant.setCommand({ mode: "effort", voltage });
    });
    if (hood.enabled) {
      context.createSubscription("std_msgs/msg/Float64", "launcher/hood_command", QoS.reliable, (m) => {
        if (Number.isFinite(m.data)) this.hoodTarget = Math.min(hood.max, Math.max(hood.min, m.data));
      });
    }
    context.createSubscription("std_msgs/msg/Bool", "launcher/feed", QoS.reliable, (m) => {
      // One ball at a time: a feed while one is on its way is the same press.
      if (m.data && this.releaseAt === undefined) this.releaseAt = context.now() + model.feedDelay;
    });
    this.joints = context.createPublisher("sensor_msgs/msg/JointState", "joint_states", QoS.sensorData);
    this.trajectory = context.createPublisher("visualization_msgs/msg/MarkerArray", SIM_TOPICS.trajectory, QoS.reliable);
    context.createTimer(model.period, () => this.step());
  }

  /** One period: the plant and the hood move, a due ball leaves, joint_states goes out. */
  private step(): void {
    const { plant, hood, period } = this.model;
    plant.advance(period);
    if (hood.enabled) {
      const stepMax = hood.rate * period;
      this.hoodAngle += Math.max(-stepMax, Math.min(stepMax, this.hoodTarget - this.hoodAngle));
    }
    if (this.releaseAt !== undefined && this.context.now() >= this.releaseAt - 1e-9) {
      this.releaseAt = undefined;
      this.release();
    }
    const measured = plant.measuredSpeed(this.inputs.encoder);
    this.joints.publish({
      header: header(this.context.now(), ""),
      name: this.jointNames,
      position: hood.enabled ? [plant.position, this.hoodAngle] : [plant.position],
      velocity: hood.enabled ? [measured, 0] : [measured],
      effort: hood.enabled ? [plant.voltage, 0] : [plant.voltage],
    });
  }

  /** The fed ball leaves the wheel from the robot's true pose and velocity and flies by the true physics. */
  private release(): void {
    const truth = this.truth;
    if (truth === undefined) {
      this.context.logger.warn("feed with no ground truth pose yet: ball dropped");
      return;
    }
    const { world, plant, masses, pressures } = this.model;
    const at = truth.pose.pose;
    const state = world.releaseState({ x: at.position.x, y: at.position.y, yaw: yawFromQuaternion(at.orientation) }, courtVelocity(truth));
    const wheelSpeed = plant.surfaceSpeed;
    const spread = this.inputs.nextBall();
    const ballIndex = this.shots % masses.length;
    const launched = world.launcher.launch(wheelSpeed, { mass_kg: masses[ballIndex] ?? 0.6, pressureFactor: pressures[ballIndex] ?? 1 });
    const outcome = world.shot.fly(state, launched.exitSpeed_mps, this.hoodAngle, spread);
    plant.setSpeedAfterShot(launched.wheelSpeedAfter_radps);
    const samples = world.shot.trajectory(state, launched.exitSpeed_mps, this.hoodAngle, spread);
    this.shots++;
    if (outcome.verdict.made) this.made++;
    const record: SimShotRecord = {
      time: this.context.now(),
      release: state,
      distance: outcome.distance,
      wheelSpeed,
      exitSpeed: outcome.exitSpeed,
      launchAngle: outcome.launchAngle,
      launcherAngle: this.hoodAngle,
      spread,
      ballIndex,
      verdict: outcome.verdict,
      trajectory: samples,
    };
    this.context.logger.info(
      `shot ${this.shots}: ${outcome.distance.toFixed(3)} m, wheel ${wheelSpeed.toFixed(1)} rad/s, exit ${outcome.exitSpeed.toFixed(3)} m/s at ${(outcome.launchAngle / deg).toFixed(2)} deg: ${outcome.verdict.made ? "MADE" : `miss ${outcome.verdict.miss}`} (${(outcome.verdict.along * 100).toFixed(1)} cm along); ${this.made}/${this.shots}`,
    );
    this.inputs.onShot?.(record);
    this.publishTrajectory(samples, outcome.verdict.made);
  }

  /** The ball's flight on `sim/trajectory` for rviz: green made, red missed, gone after 5 s. */
  private publishTrajectory(samples: SimShotRecord["trajectory"], made: boolean): void {
    const points: Point[] = samples.x_m.map((x, i) => ({ x, y: samples.y_m[i] ?? 0, z: samples.z_m[i] ?? 0 }));
    this.trajectory.publish({
      markers: [
        marker({
          header: header(this.context.now(), "map"),
          ns: "sim_ball",
          id: this.shots,
          type: MarkerType.LINE_STRIP,
          scale: { x: 0.02, y: 0, z: 0 },
          color: made ? color(0, 1, 0) : color(1, 0, 0),
          lifetime: { sec: 5, nanosec: 0 },
          points,
        }),
      ],
    });
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * A ground-truth Odometry's twist in the court frame [m/s, rad/s]: nav_msgs gives it in
 * child_frame_id (base_link), and a ball, or anything judged in the court, needs it in `map`.
 */
export function courtVelocity(m: Odometry): PlanarVelocity {
  const yaw = yawFromQuaternion(m.pose.pose.orientation);
  const t = m.twist.twist;
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  return { vx: c * t.linear.x - s * t.linear.y, vy: s * t.linear.x + c * t.linear.y, wz: t.angular.z };
}

function numberArrayParameter(values: Readonly<Record<string, unknown>>, name: string): number[] {
  const value = values[name];
  if (!Array.isArray(value) || !value.every((v): v is number => typeof v === "number")) throw new Error(`${name} must be an array of numbers, got ${JSON.stringify(value)}`);
  return value;
}

/** The node as `ros2 run robocon_shooter sim_launcher` starts it (no scenario hooks). */
export const simLauncher: NodeDefinition = createSimLauncher();
