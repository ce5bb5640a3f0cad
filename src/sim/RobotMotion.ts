import { wrapAngle, type Pose2 } from "../core/court/courtMap";
import type { SeededRandom } from "../core/random/SeededRandom";

/**
 * Variance a driver reports for stopped encoders [(m/s)^2]: they read exactly zero, but a zero
 * variance means "unknown" in a ROS covariance, so a small positive one says "known".
 */
const STOPPED_ENCODER_VARIANCE = 1e-6;

export interface RobotMotionOptions {
  /** Top translational speed [m/s]. Default 1.5. */
  readonly maxSpeed?: number;
  /** Translational acceleration limit [m/s^2]. Default 2. */
  readonly maxAcceleration?: number;
  /** Top yaw rate [rad/s]. Default 2. */
  readonly maxYawRate?: number;
  /**
   * Yaw acceleration limit [rad/s^2]. Default 6: the same wheel traction as maxAcceleration at a
   * wheel about 0.35 m from the centre (2 m/s^2 / 0.35 m).
   */
  readonly maxYawAcceleration?: number;
  /** Odometry scale error, standard deviation of the per-run draw [1]. Default 0.01 (wheel wear, slip). */
  readonly odomScaleSigma?: number;
  /** Gyro / odometry yaw rate bias, standard deviation of the per-run draw [rad/s]. Default 0.002. */
  readonly odomYawRateBiasSigma?: number;
  /** Per-sample noise on the measured linear speed [m/s] and yaw rate [rad/s]. Defaults 0.01, 0.005. */
  readonly odomSpeedNoise?: number;
  readonly odomYawRateNoise?: number;
}

/**
 * A holonomic robot base (mecanum / omni, as Robocon robots are) that drives to a goal pose with
 * limited speed and acceleration, and the wheel odometry it would report: the true body twist with
 * a per-run scale error and yaw-rate bias plus sample noise, integrated into a drifting odom pose.
 */
export class RobotMotion {
  readonly options: Required<RobotMotionOptions>;
  private truth: Pose2;
  private goal: Pose2;
  private speed = 0;
  /** Turning speed [rad/s], >= 0: the direction is always towards the goal heading. */
  private turnRate = 0;
  private odom: Pose2 = { x: 0, y: 0, yaw: 0 };
  /** Last true twist in the body frame [m/s, m/s, rad/s]. */
  private twist = { vx: 0, vy: 0, wz: 0 };
  private measured = { vx: 0, vy: 0, wz: 0 };
  /** Whether the last step moved or turned the base: stopped encoders read exactly zero. */
  private moving = false;
  private readonly scale: number;
  private readonly yawRateBias: number;

  constructor(start: Pose2, options: RobotMotionOptions, private readonly random: SeededRandom) {
    const o: Required<RobotMotionOptions> = {
      maxSpeed: 1.5,
      maxAcceleration: 2,
      maxYawRate: 2,
      maxYawAcceleration: 6,
      odomScaleSigma: 0.01,
      odomYawRateBiasSigma: 0.002,
      odomSpeedNoise: 0.01,
      odomYawRateNoise: 0.005,
      ...options,
    };
    for (const key of ["maxSpeed", "maxAcceleration", "maxYawRate", "maxYawAcceleration"] as const) {
      if (!(o[key] > 0)) throw new Error(`${key} must be > 0, got ${o[key]}`);
    }
    for (const key of ["odomScaleSigma", "odomYawRateBiasSigma", "odomSpeedNoise", "odomYawRateNoise"] as const) {
      if (!(o[key] >= 0)) throw new Error(`${key} must be >= 0, got ${o[key]}`);
    }
    this.options = o;
    this.truth = start;
    this.goal = start;
    this.scale = 1 + random.gaussian(0, o.odomScaleSigma);
    this.yawRateBias = random.gaussian(0, o.odomYawRateBiasSigma);
  }

  get pose(): Pose2 {
    return this.truth;
  }

  /** The odometry pose in the odom frame (starts at the origin, drifts). */
  get odomPose(): Pose2 {
    return this.odom;
  }

  /** The measured twist in base_link [m/s, m/s, rad/s]. */
  get odomTwist(): { vx: number; vy: number; wz: number } {
    return this.measured;
  }

  /**
   * Variance of the measured twist's error [(m/s)^2, (m/s)^2, (rad/s)^2], what an honest driver
   * reports beside it: the per-run scale error grows with speed (sigma x |v|), the yaw rate carries
   * the gyro bias at any speed, and stopped encoders read exactly zero.
   *
   * It is the variance across robots, the per-run scale and bias draws included: what a driver
   * that states its wheels' tolerance reports, not this robot's error given its (unknown) draw.
   * A filter that also estimates the scale as a state therefore counts that error twice, once in
   * its state and once in this covariance; kept so, as a real driver would report it.
   */
  get odomTwistVariance(): { vx: number; vy: number; wz: number } {
    const o = this.options;
    const t = this.twist;
    const linear = (v: number): number => (this.moving ? o.odomSpeedNoise ** 2 + (o.odomScaleSigma * v) ** 2 : STOPPED_ENCODER_VARIANCE);
    return {
      vx: linear(t.vx),
      vy: linear(t.vy),
      wz: o.odomYawRateNoise ** 2 + o.odomYawRateBiasSigma ** 2 + (o.odomScaleSigma * t.wz) ** 2,
    };
  }

  /** The true twist in base_link. */
  get trueTwist(): { vx: number; vy: number; wz: number } {
    return this.twist;
  }

  driveTo(goal: Pose2): void {
    this.goal = goal;
  }

  /** True when at the goal and stopped. */
  get arrived(): boolean {
    const p = this.truth;
    return this.speed === 0 && this.turnRate === 0 && Math.hypot(this.goal.x - p.x, this.goal.y - p.y) < 1e-6 && Math.abs(wrapAngle(this.goal.yaw - p.yaw)) < 1e-6;
  }

  step(dt: number): void {
    if (!(dt > 0)) throw new Error(`dt must be > 0 s, got ${dt}`);
    const o = this.options;
    const p = this.truth;
    const dx = this.goal.x - p.x;
    const dy = this.goal.y - p.y;
    const dist = Math.hypot(dx, dy);
    // Speed profile: accelerate, cruise, brake so as to stop at the goal.
    const brake = Math.sqrt(2 * o.maxAcceleration * dist);
    this.speed = Math.min(o.maxSpeed, this.speed + o.maxAcceleration * dt, brake);
    let moved = this.speed * dt;
    if (moved >= dist) {
      moved = dist;
      this.speed = 0;
    }
    // The same profile for the heading.
    const dyaw = wrapAngle(this.goal.yaw - p.yaw);
    // The braking bound of a stepped profile (v^2 / 2a + v dt / 2 = what remains) keeps the last steps near the limit too.
    const a = o.maxYawAcceleration;
    const brakeRate = a * (Math.sqrt((dt * dt) / 4 + (2 * Math.abs(dyaw)) / a) - dt / 2);
    this.turnRate = Math.min(o.maxYawRate, this.turnRate + a * dt, brakeRate);
    let turned = this.turnRate * dt;
    if (turned >= Math.abs(dyaw)) {
      turned = Math.abs(dyaw);
      this.turnRate = 0;
    }
    const turn = Math.sign(dyaw) * turned;
    const mx = dist > 0 ? (dx / dist) * moved : 0;
    const my = dist > 0 ? (dy / dist) * moved : 0;
    this.truth = { x: p.x + mx, y: p.y + my, yaw: wrapAngle(p.yaw + turn) };
    // Body-frame twist over the step (midpoint heading).
    const mid = p.yaw + turn / 2;
    const c = Math.cos(mid);
    const s = Math.sin(mid);
    this.twist = { vx: (c * mx + s * my) / dt, vy: (-s * mx + c * my) / dt, wz: turn / dt };
    this.moving = moved > 0 || turn !== 0;
    // A stopped robot's encoders read zero; a gyro's bias still drifts the yaw.
    const speedNoise = this.moving ? o.odomSpeedNoise : 0;
    this.measured = {
      vx: this.twist.vx * this.scale + this.random.gaussian(0, speedNoise),
      vy: this.twist.vy * this.scale + this.random.gaussian(0, speedNoise),
      wz: this.twist.wz * this.scale + this.yawRateBias + this.random.gaussian(0, o.odomYawRateNoise),
    };
    const q = this.odom;
    const oyaw = q.yaw + (this.measured.wz * dt) / 2;
    const oc = Math.cos(oyaw);
    const os = Math.sin(oyaw);
    this.odom = {
      x: q.x + (oc * this.measured.vx - os * this.measured.vy) * dt,
      y: q.y + (os * this.measured.vx + oc * this.measured.vy) * dt,
      yaw: wrapAngle(q.yaw + this.measured.wz * dt),
    };
  }
}
