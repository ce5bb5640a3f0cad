import { requireFinite, requireNonNegative } from "../ballistics/validate";

export interface SimpleMotorFeedforwardOptions {
  /** Static friction voltage [V]. Default 0.28 (FRC 6328 flywheel, docs/domain.md). */
  readonly kS_V?: number;
  /** Velocity gain [V per rad/s]. Default 0.0192 (FRC 6328). */
  readonly kV_Vsprad?: number;
  /** Acceleration gain [V per rad/s^2]. Default 0.007 (FRC 6328). */
  readonly kA_Vs2prad?: number;
}

/** FRC 6328's flywheel gains (docs/domain.md), the defaults of the class and of the flywheel.k*_v* parameters. */
export const DEFAULT_SIMPLE_MOTOR_FEEDFORWARD: Required<SimpleMotorFeedforwardOptions> = { kS_V: 0.28, kV_Vsprad: 0.0192, kA_Vs2prad: 0.007 };

/**
 * WPILib's SimpleMotorFeedforward for a permanent-magnet DC motor: V = kS sgn(v) + kV v + kA a.
 * The voltage that holds a speed and makes an acceleration with no feedback at all, so the PID
 * only has to correct what the model misses.
 */
export class SimpleMotorFeedforward {
  readonly kS: number;
  readonly kV: number;
  readonly kA: number;

  constructor(options: SimpleMotorFeedforwardOptions = {}) {
    this.kS = options.kS_V ?? DEFAULT_SIMPLE_MOTOR_FEEDFORWARD.kS_V;
    this.kV = options.kV_Vsprad ?? DEFAULT_SIMPLE_MOTOR_FEEDFORWARD.kV_Vsprad;
    this.kA = options.kA_Vs2prad ?? DEFAULT_SIMPLE_MOTOR_FEEDFORWARD.kA_Vs2prad;
    requireFinite("kS_V", this.kS);
    requireNonNegative("kV_Vsprad", this.kV);
    requireNonNegative("kA_Vs2prad", this.kA);
  }

  /** Voltage [V] for a velocity [rad/s] and an acceleration [rad/s^2]. sgn(0) = 0: no voltage to hold still. */
  calculate(velocity_radps: number, acceleration_radps2 = 0): number {
    return this.kS * Math.sign(velocity_radps) + this.kV * velocity_radps + this.kA * acceleration_radps2;
  }
}
