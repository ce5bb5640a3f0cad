import { courtMapFromParameters, courtSchema } from "../../core/court/courtSchema";
import type { TrajectorySamples } from "../../core/ballistics/FlightIntegrator";
import type { Pose2 } from "../../core/court/courtMap";
import { color, header, marker, yawFromQuaternion } from "../../msgs/builders";
import { MarkerType, type Point } from "../../msgs/types";
import type { ParameterSchema } from "../../runtime/parameters";
import type { NodeContext, NodeDefinition } from "../../runtime/port";
import { QoS } from "../../runtime/qos";
import { FlywheelPlant } from "../FlywheelPlant";
import { RimJudge, type ShotVerdict } from "../RimJudge";
import { SeededRandom } from "../../core/random/SeededRandom";
import type { OracleLauncher } from "../oracle";
import { drawBall, drawTrueParameters, resolveTruePhysicsOptions, TrueFlight, type BallDraw, type ShotGeometry, type TrueParameters, type TruePhysicsOptions } from "../TruePhysics";
import { flag, int, num, SIM_TOPICS } from "./simParameters";
import { numberParameter, booleanParameter } from "../../nodes/common";

const deg = Math.PI / 180;
/** The JointState names, shared by every message (no reader changes a received message). */
const JOINTS_WITH_HOOD = ["flywheel_joint", "hood_joint"];
const JOINTS_WITHOUT_HOOD = ["flywheel_joint"];

export const simLauncherSchema: ParameterSchema = {
  ...courtSchema,
  seed: int(1, "1", "Random seed: the run's true physics and each ball's spread", 0, 2 ** 31 - 1),
  "launcher.x": num(0.1, "m", "Release point in base_link, forward", -2, 2),
  "launcher.y": num(0, "m", "Release point in base_link, left", -2, 2),
  "launcher.release_height": num(1.0, "m", "Release point height above the floor (DOMAIN.md shot figures: 1.0 m)", 0.1, 3),
  "launcher.launch_angle": num(60 * deg, "rad", "Launch angle of a fixed launcher", 0.1, 1.5),
  "launcher.hood": flag(false, "An adjustable hood: the launch angle follows launcher/hood_command"),
  "launcher.hood_min": num(45 * deg, "rad", "Lowest hood angle", 0.1, 1.5),
  "launcher.hood_max": num(75 * deg, "rad", "Highest hood angle", 0.1, 1.5),
  "launcher.hood_rate": num(2, "rad/s", "Hood servo slew rate", 0.01, 100),
  "launcher.wheel_radius": num(0.0508, "m", "Launcher wheel radius (4-inch wheel)", 0.005, 1),
  "launcher.feed_delay": num(0.03, "s", "Feed command to the ball leaving the wheel", 0, 1),
  "launcher.energy_loss_factor": num(2, "1", "Wheel energy a shot takes, as a multiple of the ball's kinetic energy (estimate)", 0, 10),
  "joint_states.rate": num(100, "Hz", "JointState publishing rate (also the plant's command sampling)", 1, 2000),
  "truth.drag_low": num(0.45, "1", "True drag coefficient drawn uniformly from [drag_low, drag_high] (nominal 0.50)", 0, 2),
  "truth.drag_high": num(0.55, "1", "See truth.drag_low", 0, 2),
  "truth.nominal_efficiency": num(0.5, "1", "Nominal launch efficiency (exit / wheel surface speed)", 0.01, 2),
  "truth.efficiency_spread": num(0.1, "1", "True efficiency within +- this fraction of nominal", 0, 0.9),
  "truth.nominal_air_density": num(1.2, "kg/m^3", "Nominal air density", 0.1, 2),
  "truth.air_density_spread": num(0.05, "1", "True density within +- this fraction of nominal", 0, 0.9),
  "truth.exit_speed_sigma": num(0.002, "1", "Per-ball exit speed spread, fraction", 0, 0.5),
  "truth.launch_angle_sigma": num(0.3 * deg, "rad", "Per-ball launch angle spread", 0, 0.5),
  "truth.ball_mass": num(0.6, "kg", "Ball mass", 0.01, 5),
  "truth.ball_radius": num(0.121, "m", "Ball radius", 0.01, 0.2),
  "flywheel.inertia": num(1.5e-3, "kg m^2", "Wheel and rotor inertia", 1e-6, 1),
  "flywheel.torque_constant": num(0.0185, "N m/A", "Motor torque constant (= back-EMF constant)", 1e-4, 10),
  "flywheel.resistance": num(0.1, "ohm", "Winding resistance", 1e-4, 100),
  "flywheel.battery_voltage": num(12.6, "V", "Battery open-circuit voltage", 1, 100),
  "flywheel.battery_resistance": num(0.03, "ohm", "Battery internal resistance (sag)", 0, 10),
  "flywheel.voltage_limit": num(12, "V", "Highest voltage the driver applies", 0.1, 100),
  "flywheel.ripple_fraction": num(0.002, "1", "Speed ripple amplitude, fraction of speed", 0, 0.2),
  "flywheel.measurement_sigma": num(0.3, "rad/s", "Encoder velocity noise", 0, 100),
};

/** Everything about one released ball, for reports, plots and the oracle. */
export interface SimShotRecord {
  /** Release time [s]. */
  readonly time: number;
  readonly geometry: ShotGeometry;
  /** Horizontal release -> rim centre distance [m]. */
  readonly distance: number;
  /** Wheel speed at release [rad/s] (with its ripple). */
  readonly wheelSpeed: number;
  /** The ball's true exit speed [m/s] and launch angle [rad]. */
  readonly exitSpeed: number;
  readonly launchAngle: number;
  readonly ball: BallDraw;
  readonly verdict: ShotVerdict;
  /** The true flight from release to the rim plane [s, m], as drawn on `sim/trajectory`. */
  readonly trajectory: TrajectorySamples;
}

/** The world sim_launcher built at configure, for a scenario to judge and plan beside it. */
export interface SimLauncherWorld {
  /** The run's true drag, efficiency and air density. */
  readonly truth: TrueParameters;
  /** The configured physics bands and per-ball spreads. */
  readonly physics: Required<TruePhysicsOptions>;
  /** The true flight with the rim judge of the configured court. */
  readonly flight: TrueFlight;
  /** The launch angle [rad] of a fixed launcher, or the hood's range [rad]. */
  readonly launchAngles: OracleLauncher;
  /** The release point's forward offset in base_link [m] (`launcher.x`). */
  readonly releaseForward: number;
  /** Where a ball released with the robot at this true pose [m, rad] starts, and the rim it aims at. */
  releaseGeometry(pose: Pose2): ShotGeometry;
}

export interface SimLauncherHooks {
  /** The spread of the next ball (the scenario shares it with the oracle); default the node's own stream. */
  readonly nextBall?: () => BallDraw;
  readonly onWorld?: (world: SimLauncherWorld) => void;
  readonly onShot?: (shot: SimShotRecord) => void;
}

/**
 * sim_launcher: the flywheel plant, hood, feeder and ball, and the rim judge. Obeys
 * `launcher/velocity_command` (Float64MultiArray, data[0] wheel speed [rad/s], through the
 * driver's own velocity loop) or `launcher/effort_command` (data[0] motor voltage [V]), whichever
 * came last; `launcher/hood_command` (Float64, [rad]) with a hood; `launcher/feed` (Bool true)
 * releases one ball `feed_delay` later. Publishes `joint_states` (flywheel_joint). The ball flies
 * with the run's TRUE drag, density and efficiency from the robot's true pose (`sim/ground_truth`).
 */
export function createSimLauncher(hooks: SimLauncherHooks = {}): NodeDefinition {
  return {
    name: "sim_launcher",
    description: "Simulated flywheel (motor, battery sag, ripple), hood, feeder, true ball flight and rim judge",
    schema: simLauncherSchema,
    configure(context: NodeContext) {
      const p = context.parameters;
      const court = courtMapFromParameters(p);
      const root = new SeededRandom(numberParameter(p, "seed"));
      const physics = resolveTruePhysicsOptions({
        dragLow: numberParameter(p, "truth.drag_low"),
        dragHigh: numberParameter(p, "truth.drag_high"),
        nominalEfficiency: numberParameter(p, "truth.nominal_efficiency"),
        efficiencySpread: numberParameter(p, "truth.efficiency_spread"),
        nominalAirDensity: numberParameter(p, "truth.nominal_air_density"),
        airDensitySpread: numberParameter(p, "truth.air_density_spread"),
        exitSpeedSigma: numberParameter(p, "truth.exit_speed_sigma"),
        launchAngleSigma: numberParameter(p, "truth.launch_angle_sigma"),
        ballMass: numberParameter(p, "truth.ball_mass"),
        ballRadius: numberParameter(p, "truth.ball_radius"),
      });
      const truth = drawTrueParameters(physics, root.fork("truth"));
      const judge = new RimJudge({ rimRadius: court.spec.rimInnerDiameter / 2, ballRadius: physics.ballRadius });
      const flight = new TrueFlight(truth, physics, judge);
      const releaseForward = numberParameter(p, "launcher.x");
      const releaseLeft = numberParameter(p, "launcher.y");
      const releaseHeight = numberParameter(p, "launcher.release_height");
      const releaseGeometry = (pose: Pose2): ShotGeometry => {
        const c = Math.cos(pose.yaw);
        const s = Math.sin(pose.yaw);
        return {
          releaseX: pose.x + c * releaseForward - s * releaseLeft,
          releaseY: pose.y + s * releaseForward + c * releaseLeft,
          releaseZ: releaseHeight,
          azimuth: pose.yaw,
          hoopX: court.hoop.x,
          hoopY: court.hoop.y,
          rimHeight: court.rimHeight,
        };
      };
      const ballStream = root.fork("balls");
      const nextBall = hooks.nextBall ?? (() => drawBall(physics, ballStream));
      const plant = new FlywheelPlant({
        inertia: numberParameter(p, "flywheel.inertia"),
        torqueConstant: numberParameter(p, "flywheel.torque_constant"),
        resistance: numberParameter(p, "flywheel.resistance"),
        batteryVoltage: numberParameter(p, "flywheel.battery_voltage"),
        batteryResistance: numberParameter(p, "flywheel.battery_resistance"),
        voltageLimit: numberParameter(p, "flywheel.voltage_limit"),
        rippleFraction: numberParameter(p, "flywheel.ripple_fraction"),
        measurementSigma: numberParameter(p, "flywheel.measurement_sigma"),
      });
      const encoder = root.fork("encoder");
      const hood = booleanParameter(p, "launcher.hood");
      const hoodMin = numberParameter(p, "launcher.hood_min");
      const hoodMax = numberParameter(p, "launcher.hood_max");
      const hoodRate = numberParameter(p, "launcher.hood_rate");
      const fixedAngle = numberParameter(p, "launcher.launch_angle");
      hooks.onWorld?.({
        truth,
        physics,
        flight,
        launchAngles: hood ? { kind: "hood", min: hoodMin, max: hoodMax } : { kind: "fixed", angle: fixedAngle },
        releaseForward,
        releaseGeometry,
      });
      const wheelRadius = numberParameter(p, "launcher.wheel_radius");
      const energyLossFactor = numberParameter(p, "launcher.energy_loss_factor");
      const feedDelay = numberParameter(p, "launcher.feed_delay");
      const jointNames = hood ? JOINTS_WITH_HOOD : JOINTS_WITHOUT_HOOD;
      let hoodAngle = hood ? Math.min(hoodMax, Math.max(hoodMin, fixedAngle)) : fixedAngle;
      let hoodTarget = hoodAngle;
      let pose: Pose2 | undefined;
      let releaseAt: number | undefined;
      let shots = 0;
      let made = 0;

      context.createSubscription("nav_msgs/msg/Odometry", SIM_TOPICS.groundTruth, QoS.reliable, (m) => {
        pose = { x: m.pose.pose.position.x, y: m.pose.pose.position.y, yaw: yawFromQuaternion(m.pose.pose.orientation) };
      });
      context.createSubscription("std_msgs/msg/Float64MultiArray", "launcher/velocity_command", QoS.reliable, (m) => {
        const setpoint = m.data[0];
        if (typeof setpoint === "number" && Number.isFinite(setpoint)) plant.setCommand({ mode: "velocity", setpoint });
      });
      context.createSubscription("std_msgs/msg/Float64MultiArray", "launcher/effort_command", QoS.reliable, (m) => {
        const voltage = m.data[0];
        if (typeof voltage === "number" && Number.isFinite(voltage)) plant.setCommand({ mode: "effort", voltage });
      });
      if (hood) {
        context.createSubscription("std_msgs/msg/Float64", "launcher/hood_command", QoS.reliable, (m) => {
          if (Number.isFinite(m.data)) hoodTarget = Math.min(hoodMax, Math.max(hoodMin, m.data));
        });
      }
      context.createSubscription("std_msgs/msg/Bool", "launcher/feed", QoS.reliable, (m) => {
        // One ball at a time: a feed while one is on its way is the same press.
        if (m.data && releaseAt === undefined) releaseAt = context.now() + feedDelay;
      });

      const joints = context.createPublisher("sensor_msgs/msg/JointState", "joint_states", QoS.sensorData);
      const trajectory = context.createPublisher("visualization_msgs/msg/MarkerArray", SIM_TOPICS.trajectory, QoS.reliable);
      const period = 1 / numberParameter(p, "joint_states.rate");
      const release = (): void => {
        if (pose === undefined) {
          context.logger.warn("feed with no ground truth pose yet: ball dropped");
          return;
        }
        const geometry = releaseGeometry(pose);
        const wheelSpeed = plant.surfaceSpeed;
        const ball = nextBall();
        const exitSpeed = truth.efficiency * wheelSpeed * wheelRadius;
        const outcome = flight.fly(geometry, exitSpeed, hoodAngle, ball);
        plant.takeShot(physics.ballMass, outcome.exitSpeed, energyLossFactor);
        const samples = flight.trajectory(geometry, outcome.exitSpeed, outcome.launchAngle);
        shots++;
        if (outcome.verdict.made) made++;
        const record: SimShotRecord = {
          time: context.now(),
          geometry,
          distance: outcome.distance,
          wheelSpeed,
          exitSpeed: outcome.exitSpeed,
          launchAngle: outcome.launchAngle,
          ball,
          verdict: outcome.verdict,
          trajectory: samples,
        };
        context.logger.info(
          `shot ${shots}: ${outcome.distance.toFixed(3)} m, wheel ${wheelSpeed.toFixed(1)} rad/s, exit ${outcome.exitSpeed.toFixed(3)} m/s at ${(outcome.launchAngle / deg).toFixed(2)} deg: ${outcome.verdict.made ? "MADE" : `miss ${outcome.verdict.miss}`} (${(outcome.verdict.along * 100).toFixed(1)} cm along); ${made}/${shots}`,
        );
        hooks.onShot?.(record);
        const points: Point[] = samples.x_m.map((x, i) => ({ x: geometry.releaseX + x * Math.cos(geometry.azimuth), y: geometry.releaseY + x * Math.sin(geometry.azimuth), z: samples.z_m[i] ?? 0 }));
        trajectory.publish({
          markers: [
            marker({
              header: header(context.now(), "map"),
              ns: "sim_ball",
              id: shots,
              type: MarkerType.LINE_STRIP,
              scale: { x: 0.02, y: 0, z: 0 },
              color: outcome.verdict.made ? color(0, 1, 0) : color(1, 0, 0),
              lifetime: { sec: 5, nanosec: 0 },
              points,
            }),
          ],
        });
      };
      context.createTimer(period, () => {
        plant.advance(period);
        if (hood) {
          const stepMax = hoodRate * period;
          hoodAngle += Math.max(-stepMax, Math.min(stepMax, hoodTarget - hoodAngle));
        }
        if (releaseAt !== undefined && context.now() >= releaseAt - 1e-9) {
          releaseAt = undefined;
          release();
        }
        joints.publish({
          header: header(context.now(), ""),
          name: jointNames,
          position: hood ? [plant.position, hoodAngle] : [plant.position],
          velocity: hood ? [plant.measuredSpeed(encoder), 0] : [plant.measuredSpeed(encoder)],
          effort: hood ? [plant.voltage, 0] : [plant.voltage],
        });
      });
      return {};
    },
  };
}

/** The node as `ros2 run robocon_shooter sim_launcher` starts it (no scenario hooks). */
export const simLauncher: NodeDefinition = createSimLauncher();
