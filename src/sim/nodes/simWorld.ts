import { courtMapFromParameters, courtSchema } from "../../core/court/courtSchema";
import { color, diagonalCovariance6, header, marker, planarPose, rangeMessage, transformStamped, yawFromQuaternion } from "../../msgs/builders";
import { timeFromSeconds } from "../../msgs/time";
import { MarkerType, type Marker } from "../../msgs/types";
import { groupInstances, type ParameterSchema } from "../../core/parameters/schema";
import type { NodeBehaviour, NodeContext, NodeDefinition, ParameterValues } from "../../runtime/port";
import { QoS } from "../../runtime/qos";
import { LidarModel } from "../LidarModel";
import { DT35_CLASS, PointLaserModel, TFMINI_CLASS } from "../PointLaserModel";
import { RobotMotion } from "../RobotMotion";
import { SimCourt } from "../SimCourt";
import type { SimScene } from "../SimScene";
import { SeededRandom } from "../../core/random/SeededRandom";
import { flag, int, num, SIM_TOPICS, text } from "./simParameters";
import { TF_TOPIC } from "../../nodes/common";
import { numberParameter, booleanParameter, stringParameter } from "../../core/parameters/readers";

const schema: ParameterSchema = {
  ...courtSchema,
  seed: int(1, "1", "Random seed of the world's noise (the same seed gives the same run)", 0, 2 ** 31 - 1),
  "start.x": num(0, "m", "Robot start x in the court frame", -50, 50),
  "start.y": num(0, "m", "Robot start y", -50, 50),
  "start.yaw": num(0, "rad", "Robot start heading", -2 * Math.PI, 2 * Math.PI),
  "motion.max_speed": num(1.5, "m/s", "Top driving speed", 0.01, 10),
  "motion.max_acceleration": num(2, "m/s^2", "Driving acceleration limit", 0.01, 50),
  "motion.max_yaw_rate": num(2, "rad/s", "Top turning rate", 0.01, 20),
  "motion.max_yaw_acceleration": num(6, "rad/s^2", "Turning acceleration limit (2 m/s^2 of wheel traction 0.35 m from the centre)", 0.01, 200),
  "motion.step": num(0.01, "s", "Motion integration step (also the period of the ground-truth topic)", 0.001, 0.1),
  "odom.rate": num(50, "Hz", "Odometry publishing rate", 1, 1000),
  "odom.scale_sigma": num(0.01, "1", "Per-run odometry scale error, standard deviation", 0, 0.5),
  "odom.yaw_rate_bias_sigma": num(0.002, "rad/s", "Per-run yaw rate bias, standard deviation", 0, 1),
  "odom.publish_tf": flag(true, "Publish odom -> base_link on /tf with each odometry message, as a base's driver does (ros2_control's diff_drive_controller: enable_odom_tf)"),
  "range_sensors.names": { type: "string_array", default: ["left", "right"], unit: "", description: "Simulated single-point lasers, each publishing range/<name>", readOnly: true },
  "lidar.enabled": flag(false, "Simulate a 2D lidar publishing `scan`"),
  "lidar.x": num(0, "m", "Lidar position in base_link", -2, 2),
  "lidar.y": num(0, "m", "Lidar position in base_link", -2, 2),
  "lidar.z": num(0.06, "m", "Lidar height above the floor (below the 0.10 m fence to see it)", 0, 3),
  "lidar.yaw": num(0, "rad", "Lidar heading in base_link", -Math.PI, Math.PI),
  "lidar.frame_id": text("laser", "Frame of the scan"),
  "lidar.beams": int(450, "1", "Beams per revolution (LD06 450)", 3, 100000),
  "lidar.rate": num(10, "Hz", "Revolutions per second", 0.1, 100),
  "lidar.sigma": num(0.015, "m", "Range noise (LD06 about 15 mm)", 0, 1),
  "lidar.dropout_probability": num(0.02, "1", "Chance a beam is invalid (NaN)", 0, 1),
  "sensors.perfect": flag(false, "Every laser exact: no noise, bias, quantisation or dropouts (what perfect ranging would give; for the simulator's decomposition)"),
};

const rangeSensorFields: ParameterSchema = {
  model: text("dt35", "Sensor class: dt35 (5 mm, tight spot) or tfmini (3 cm, +1 % beyond 6 m, 2 deg spot)", ["dt35", "tfmini"]),
  x: num(0, "m", "Mount position in base_link", -2, 2),
  y: num(0, "m", "Mount position in base_link", -2, 2),
  z: num(0.05, "m", "Mount height above the floor", 0, 3),
  yaw: num(0, "rad", "Beam direction in base_link", -2 * Math.PI, 2 * Math.PI),
  pitch: num(0, "rad", "Beam tilt above horizontal", -0.5, 0.5),
  rate: num(100, "Hz", "Readings per second", 0.1, 2000),
  sigma: { type: "double", optional: true, min: 0, max: 1, unit: "m", description: "Override the class's noise", readOnly: true },
  frame_id: { type: "string", optional: true, unit: "", description: "frame_id of its readings (default <name>_link, what target_estimation publishes the mount of range_inputs.<name> as)", readOnly: true },
};

interface RangeSensor {
  readonly name: string;
  readonly laser: PointLaserModel;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly yaw: number;
  readonly pitch: number;
  readonly rate: number;
  readonly frameId: string;
}

/** What a program embedding sim_world may give it beside its parameters. */
export interface SimWorldOptions {
  /**
   * The world the sensors cast into instead of the court the `court.*` parameters describe (a
   * room, a corridor, a court whose hoop stands elsewhere than the map says: src/sim/worlds).
   * The `court.*` parameters are then read for nothing.
   */
  readonly scene?: SimScene;
}

/**
 * sim_world: the court, the robot on it and its sensors. Drives the robot to poses received on
 * `sim/drive_to`, publishes the true pose on `sim/ground_truth`, wheel odometry with drift on
 * `odom` (and odom -> base_link on /tf), each single-point laser on `range/<name>` and the lidar on `scan`, at their own rates,
 * exactly as the real drivers publish them (REP-117 values, sensor-data QoS). `options.scene`
 * puts it in another world than the court.
 */
export function createSimWorld(options: SimWorldOptions = {}): NodeDefinition {
  return {
    name: "sim_world",
    description: "Simulated court, robot base with odometry drift, single-point lasers and 2D lidar",
    schema,
    groups: { range_sensors: rangeSensorFields },
    configure: (context) => configureSimWorld(context, options.scene),
  };
}

/** sim_world on the court its parameters describe. */
export const simWorld: NodeDefinition = createSimWorld();

function configureSimWorld(context: NodeContext, scene: SimScene | undefined): NodeBehaviour {
  const p = context.parameters;
  const court = scene ?? new SimCourt(courtMapFromParameters(p).spec);
  const random = new SeededRandom(numberParameter(p, "seed"));
  const robot = robotMotion(p, random.fork("odom"));
  const sensors = rangeSensors(p);
  // Created in this order, ground truth first: timers due at the same instant fire in creation
  // order (InProcessGraph), so the sensors read the pose the robot has just moved to.
  driveRobot(context, robot);
  publishOdometry(context, robot);
  for (const sensor of sensors) publishRange(context, robot, court, sensor, random.fork(`range/${sensor.name}`));
  if (booleanParameter(p, "lidar.enabled")) publishScan(context, robot, court, random.fork("scan"));
  const markers = context.createPublisher("visualization_msgs/msg/MarkerArray", SIM_TOPICS.courtMarkers, QoS.transientLocal);
  return {
    onActivate: () => {
      markers.publish({ markers: courtMarkers(court, context.now()) });
    },
  };
}

function robotMotion(p: ParameterValues, odomRandom: SeededRandom): RobotMotion {
  return new RobotMotion(
    { x: numberParameter(p, "start.x"), y: numberParameter(p, "start.y"), yaw: numberParameter(p, "start.yaw") },
    {
      maxSpeed: numberParameter(p, "motion.max_speed"),
      maxAcceleration: numberParameter(p, "motion.max_acceleration"),
      maxYawRate: numberParameter(p, "motion.max_yaw_rate"),
      maxYawAcceleration: numberParameter(p, "motion.max_yaw_acceleration"),
      odomScaleSigma: numberParameter(p, "odom.scale_sigma"),
      odomYawRateBiasSigma: numberParameter(p, "odom.yaw_rate_bias_sigma"),
    },
    odomRandom,
  );
}

/** The `range_sensors.*` lasers, exact when `sensors.perfect`. */
function rangeSensors(p: ParameterValues): RangeSensor[] {
  const perfect = booleanParameter(p, "sensors.perfect");
  return groupInstances(p, "range_sensors", rangeSensorFields).map(({ name, fields }) => {
    const preset = stringParameter(fields, "model") === "tfmini" ? TFMINI_CLASS : DT35_CLASS;
    const sigma = fields.sigma;
    const configured = typeof sigma === "number" ? { ...preset, sigma } : preset;
    return {
      name,
      laser: new PointLaserModel(perfect ? { ...configured, sigma: 0, biasFraction: 0, dropoutProbability: 0, resolution: 0 } : configured),
      x: numberParameter(fields, "x"),
      y: numberParameter(fields, "y"),
      z: numberParameter(fields, "z"),
      yaw: numberParameter(fields, "yaw"),
      pitch: numberParameter(fields, "pitch"),
      rate: numberParameter(fields, "rate"),
      frameId: typeof fields.frame_id === "string" ? fields.frame_id : `${name}_link`,
    };
  });
}

/** Steps the robot every `motion.step` and publishes its true pose; drives it to each pose received on `sim/drive_to`. */
function driveRobot(context: NodeContext, robot: RobotMotion): void {
  const truthPublisher = context.createPublisher("nav_msgs/msg/Odometry", SIM_TOPICS.groundTruth, QoS.reliable);
  // The truth has no uncertainty. One all-zero array for every message: readers (sim_launcher,
  // the scenario, the bag recorder) never write to a received message.
  const exact = new Float64Array(36);
  const step = numberParameter(context.parameters, "motion.step");
  context.createTimer(step, () => {
    robot.step(step);
    const pose = robot.pose;
    const twist = robot.trueTwist;
    truthPublisher.publish({
      header: header(context.now(), "map"),
      child_frame_id: "base_link",
      pose: { pose: planarPose(pose.x, pose.y, pose.yaw), covariance: exact },
      twist: { twist: { linear: { x: twist.vx, y: twist.vy, z: 0 }, angular: { x: 0, y: 0, z: twist.wz } }, covariance: exact },
    });
  });
  context.createSubscription("geometry_msgs/msg/PoseWithCovarianceStamped", SIM_TOPICS.driveTo, QoS.reliable, (message) => {
    const pose = message.pose.pose;
    robot.driveTo({ x: pose.position.x, y: pose.position.y, yaw: yawFromQuaternion(pose.orientation) });
  });
}

/** Wheel odometry with drift on `odom`, and odom -> base_link on /tf when `odom.publish_tf`. */
function publishOdometry(context: NodeContext, robot: RobotMotion): void {
  const p = context.parameters;
  const odom = context.createPublisher("nav_msgs/msg/Odometry", "odom", QoS.sensorData);
  const odomTf = booleanParameter(p, "odom.publish_tf") ? context.createPublisher("tf2_msgs/msg/TFMessage", TF_TOPIC, QoS.tf) : undefined;
  // Planar: x, y and yaw (vx, vy and yaw rate for the twist) known, z, roll and pitch not. The
  // odom pose drifts without bound; its covariance is nominal, as wheel-odometry drivers publish it.
  const odomPoseCovariance = diagonalCovariance6([1e-4, 1e-4, 1e6, 1e6, 1e6, 1e-4]);
  context.createTimer(1 / numberParameter(p, "odom.rate"), () => {
    const pose = robot.odomPose;
    const twist = robot.odomTwist;
    const variance = robot.odomTwistVariance;
    odom.publish({
      header: header(context.now(), "odom"),
      child_frame_id: "base_link",
      pose: { pose: planarPose(pose.x, pose.y, pose.yaw), covariance: odomPoseCovariance },
      twist: {
        twist: { linear: { x: twist.vx, y: twist.vy, z: 0 }, angular: { x: 0, y: 0, z: twist.wz } },
        covariance: diagonalCovariance6([variance.vx, variance.vy, 1e6, 1e6, 1e6, variance.wz]),
      },
    });
    odomTf?.publish({ transforms: [transformStamped(context.now(), "odom", "base_link", pose)] });
  });
}

/** One single-point laser's readings on `range/<name>` at its own rate. */
function publishRange(context: NodeContext, robot: RobotMotion, court: SimScene, sensor: RangeSensor, random: SeededRandom): void {
  const publisher = context.createPublisher("sensor_msgs/msg/Range", `range/${sensor.name}`, QoS.sensorData);
  const o = sensor.laser.options;
  const frameId = sensor.frameId;
  context.createTimer(1 / sensor.rate, () => {
    const pose = robot.pose;
    const c = Math.cos(pose.yaw);
    const s = Math.sin(pose.yaw);
    const range = sensor.laser.measure(
      court,
      { x: pose.x + c * sensor.x - s * sensor.y, y: pose.y + s * sensor.x + c * sensor.y, z: sensor.z, azimuth: pose.yaw + sensor.yaw, elevation: sensor.pitch },
      random,
    );
    publisher.publish(rangeMessage({ stamp: timeFromSeconds(context.now()), frameId, range, minRange: o.minRange, maxRange: o.maxRange, fieldOfView: o.fieldOfView }));
  });
}

/** The 2D lidar's scans on `scan` (`lidar.*`), exact when `sensors.perfect`. */
function publishScan(context: NodeContext, robot: RobotMotion, court: SimScene, random: SeededRandom): void {
  const p = context.parameters;
  const perfect = booleanParameter(p, "sensors.perfect");
  const lidar = new LidarModel({
    beams: numberParameter(p, "lidar.beams"),
    rate: numberParameter(p, "lidar.rate"),
    sigma: perfect ? 0 : numberParameter(p, "lidar.sigma"),
    dropoutProbability: perfect ? 0 : numberParameter(p, "lidar.dropout_probability"),
  });
  const scan = context.createPublisher("sensor_msgs/msg/LaserScan", "scan", QoS.sensorData);
  const lx = numberParameter(p, "lidar.x");
  const ly = numberParameter(p, "lidar.y");
  const lz = numberParameter(p, "lidar.z");
  const lyaw = numberParameter(p, "lidar.yaw");
  const frame = stringParameter(p, "lidar.frame_id");
  const period = 1 / lidar.options.rate;
  context.createTimer(period, () => {
    const pose = robot.pose;
    const c = Math.cos(pose.yaw);
    const s = Math.sin(pose.yaw);
    const result = lidar.scan(court, pose.x + c * lx - s * ly, pose.y + s * lx + c * ly, lz, pose.yaw + lyaw, random);
    scan.publish({
      header: header(context.now(), frame),
      angle_min: result.angleMin,
      angle_max: result.angleMin + (result.ranges.length - 1) * result.angleIncrement,
      angle_increment: result.angleIncrement,
      time_increment: period / result.ranges.length,
      scan_time: period,
      range_min: lidar.options.minRange,
      range_max: lidar.options.maxRange,
      ranges: result.ranges,
      intensities: result.intensities,
    });
  });
}

/** The court's surfaces as rviz markers: fence and board as lines, poles and rims as cylinders. */
export function courtMarkers(court: SimScene, now: number): Marker[] {
  const out: Marker[] = [];
  const h = header(now, "map");
  court.surfaces.forEach((surface, id) => {
    if (surface.kind === "segment") {
      out.push(
        marker({
          header: h,
          ns: "sim_court",
          id,
          type: MarkerType.LINE_LIST,
          scale: { x: 0.03, y: 0, z: 0 },
          color: surface.name.startsWith("fence") ? color(0.9, 0.9, 0.9) : color(0.3, 0.6, 1),
          points: [
            { x: surface.ax, y: surface.ay, z: surface.zMin },
            { x: surface.bx, y: surface.by, z: surface.zMin },
            { x: surface.ax, y: surface.ay, z: surface.zMax },
            { x: surface.bx, y: surface.by, z: surface.zMax },
          ],
        }),
      );
    } else {
      out.push(
        marker({
          header: h,
          ns: "sim_court",
          id,
          type: MarkerType.CYLINDER,
          pose: { position: { x: surface.cx, y: surface.cy, z: (surface.zMin + surface.zMax) / 2 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
          scale: { x: 2 * surface.radius, y: 2 * surface.radius, z: surface.zMax - surface.zMin },
          color: surface.name.startsWith("rim") ? color(1, 0.4, 0) : surface.name.startsWith("net") ? color(1, 1, 1, 0.3) : color(0.5, 0.5, 0.5),
        }),
      );
    }
  });
  return out;
}
