import type { SeededRandom } from "../core/random/SeededRandom";

export interface FlywheelPlantOptions {
  /** Wheel + rotor inertia [kg m^2]. Default 1.5e-3 (a 4-inch wheel with a small flywheel, estimate). */
  readonly inertia?: number;
  /** Motor torque constant [N m/A] (= back-EMF constant [V s/rad] in SI). Default 0.0185: 12 V free speed about 650 rad/s. */
  readonly torqueConstant?: number;
  /** Winding resistance [ohm]. Default 0.1. */
  readonly resistance?: number;
  /** Viscous friction [N m s/rad]. Default 2e-5. */
  readonly viscousFriction?: number;
  /** Coulomb friction [N m]. Default 0.01. */
  readonly coulombFriction?: number;
  /** Battery open-circuit voltage [V]. Default 12.6 (a charged 3S pack). */
  readonly batteryVoltage?: number;
  /** Battery internal resistance [ohm]: the sag under current. Default 0.03. */
  readonly batteryResistance?: number;
  /** Highest voltage the driver applies [V] (before the battery limit). Default 12. */
  readonly voltageLimit?: number;
  /** Speed ripple amplitude, a fraction of the speed [1]. Default 0.002. */
  readonly rippleFraction?: number;
  /** Ripple cycles per wheel revolution. Default 2 (eccentricity and cogging, estimate). */
  readonly ripplePerRevolution?: number;
  /** Encoder velocity noise [rad/s] on what JointState reports. Default 0.3. */
  readonly measurementSigma?: number;
  /** Velocity mode (the motor driver's own loop): feedforward is the back-EMF plus these PI gains. */
  readonly velocityKp?: number;
  /** [V/rad] */
  readonly velocityKi?: number;
  /** Integration step [s]. Default 0.001. */
  readonly step?: number;
}

export type FlywheelCommand = { readonly mode: "velocity"; readonly setpoint: number } | { readonly mode: "effort"; readonly voltage: number };

/**
 * A DC-motor flywheel: J dw/dt = kt i - b w - c sgn(w), i = (V - kt w) / R, V limited by the
 * driver and by the battery, which sags by its internal resistance under the current. In velocity
 * mode an inner PI loop (what a ros2_control velocity interface or a motor driver runs) sets V;
 * in effort mode V is the command. The surface speed carries a ripple of a fraction of the speed;
 * the shaft, and so the encoder, turns at the mean speed.
 */
export class FlywheelPlant {
  readonly options: Required<FlywheelPlantOptions>;
  /** Mean wheel speed [rad/s]. */
  private omega = 0;
  /** Shaft angle [rad]: advances with the mean speed; the encoder counts it and the ripple's phase follows it. */
  private angle = 0;
  /** Shaft angle [rad] at the last encoder report and time advanced since [s]. */
  private reportedAngle = 0;
  private sinceReport = 0;
  private integral = 0;
  private command: FlywheelCommand = { mode: "effort", voltage: 0 };
  /** Last applied voltage [V] and current [A]. */
  voltage = 0;
  current = 0;

  constructor(options: FlywheelPlantOptions = {}) {
    const o: Required<FlywheelPlantOptions> = {
      inertia: 1.5e-3,
      torqueConstant: 0.0185,
      resistance: 0.1,
      viscousFriction: 2e-5,
      coulombFriction: 0.01,
      batteryVoltage: 12.6,
      batteryResistance: 0.03,
      voltageLimit: 12,
      rippleFraction: 0.002,
      ripplePerRevolution: 2,
      measurementSigma: 0.3,
      velocityKp: 0.05,
      velocityKi: 0.5,
      step: 0.001,
      ...options,
    };
    for (const key of ["inertia", "torqueConstant", "resistance", "batteryVoltage", "voltageLimit", "step"] as const) {
      if (!(o[key] > 0 && Number.isFinite(o[key]))) throw new Error(`${key} must be a finite number > 0, got ${o[key]}`);
    }
    for (const key of ["viscousFriction", "coulombFriction", "batteryResistance", "rippleFraction", "ripplePerRevolution", "measurementSigma", "velocityKp", "velocityKi"] as const) {
      if (!(o[key] >= 0 && Number.isFinite(o[key]))) throw new Error(`${key} must be a finite number >= 0, got ${o[key]}`);
    }
    this.options = o;
  }

  setCommand(command: FlywheelCommand): void {
    if (command.mode === "velocity" ? !Number.isFinite(command.setpoint) : !Number.isFinite(command.voltage)) {
      throw new Error(`flywheel command must be finite, got ${JSON.stringify(command)}`);
    }
    if (command.mode !== this.command.mode) this.integral = 0;
    this.command = command;
  }

  /** Mean wheel speed [rad/s] (no ripple). */
  get speed(): number {
    return this.omega;
  }

  /** Wheel angle [rad]. */
  get position(): number {
    return this.angle;
  }

  /** The instantaneous speed [rad/s] the ball sees: the mean with the ripple on it. */
  get surfaceSpeed(): number {
    const o = this.options;
    return this.omega * (1 + o.rippleFraction * Math.sin(o.ripplePerRevolution * this.angle));
  }

  /**
   * What an encoder reports [rad/s]: the shaft angle travelled since the last report over the time
   * it took (counts over the period, as drivers compute velocity), plus noise. The encoder reads
   * the shaft, and the ripple is on the surface speed only (an eccentric wheel or tyre), which
   * does not move the shaft: the report carries no ripple at any period, only the mean speed and
   * the noise.
   */
  measuredSpeed(random: SeededRandom): number {
    const speed = this.sinceReport > 0 ? (this.angle - this.reportedAngle) / this.sinceReport : this.omega;
    this.reportedAngle = this.angle;
    this.sinceReport = 0;
    return speed + random.gaussian(0, this.options.measurementSigma);
  }

  /** Advances by `dt` [s] in internal steps. */
  advance(dt: number): void {
    if (!(dt >= 0)) throw new Error(`dt must be >= 0 s, got ${dt}`);
    const o = this.options;
    let left = dt;
    while (left > 1e-12) {
      const h = Math.min(o.step, left);
      this.stepOnce(h);
      left -= h;
    }
  }

  /**
   * The ball takes energy from the wheel: kinetic energy m v^2 / 2 times `lossFactor` (slip and
   * squeeze losses, estimate 2) comes out of J w^2 / 2.
   */
  takeShot(ballMass: number, exitSpeed: number, lossFactor = 2): void {
    const energy = 0.5 * ballMass * exitSpeed * exitSpeed * lossFactor;
    const w2 = this.omega * this.omega - (2 * energy) / this.options.inertia;
    this.omega = Math.sign(this.omega) * Math.sqrt(Math.max(0, w2));
  }

  /**
   * Sets the mean wheel speed [rad/s] to what it is when a ball has left: the launcher model
   * (src/sim/truth/trueLauncher.ts) decides the drop. The shaft angle, the encoder's count and
   * the velocity loop's integral are untouched, as a ball's brief contact leaves them.
   */
  setSpeedAfterShot(wheelSpeed_radps: number): void {
    if (!Number.isFinite(wheelSpeed_radps)) throw new Error(`wheelSpeed_radps must be finite, got ${wheelSpeed_radps}`);
    this.omega = wheelSpeed_radps;
  }

  private stepOnce(h: number): void {
    const o = this.options;
    const kt = o.torqueConstant;
    const backEmf = kt * this.omega;
    let v: number;
    if (this.command.mode === "effort") {
      v = this.command.voltage;
    } else {
      const error = this.command.setpoint - this.omega;
      const unclamped = backEmf + (o.coulombFriction * Math.sign(this.command.setpoint) * o.resistance) / kt + o.velocityKp * error + o.velocityKi * this.integral;
      v = unclamped;
      // Conditional integration: no wind-up while the voltage is saturated in the error's direction.
      const limit = this.availableVoltage(v);
      if (Math.abs(unclamped) < limit || Math.sign(error) !== Math.sign(unclamped)) this.integral += error * h;
    }
    const limit = this.availableVoltage(v);
    v = Math.max(-limit, Math.min(limit, v));
    const current = (v - backEmf) / o.resistance;
    const friction = o.viscousFriction * this.omega + (this.omega !== 0 ? o.coulombFriction * Math.sign(this.omega) : 0);
    const torque = kt * current - friction;
    const next = this.omega + (torque / o.inertia) * h;
    // Coulomb friction stops a slow wheel instead of flipping its direction.
    this.omega = this.omega !== 0 && Math.sign(next) !== Math.sign(this.omega) && Math.abs(kt * current) < o.coulombFriction ? 0 : next;
    this.angle += this.omega * h;
    this.sinceReport += h;
    this.voltage = v;
    this.current = current;
  }

  /** The voltage [V] the battery can give at the current a voltage `v` would draw. */
  private availableVoltage(v: number): number {
    const o = this.options;
    const current = Math.abs((v - o.torqueConstant * this.omega) / o.resistance);
    const battery = o.batteryVoltage - o.batteryResistance * Math.min(current, o.batteryVoltage / (o.resistance + o.batteryResistance));
    return Math.min(o.voltageLimit, Math.max(0, battery));
  }
}
