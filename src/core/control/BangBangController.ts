import { requireNonNegative } from "../ballistics/validate";

/**
 * WPILib's BangBangController: full output below the setpoint, none above. Only for high-inertia
 * velocity loops (a flywheel), where it recovers speed after a shot faster than any linear loop;
 * never for anything that can spin backwards or must brake.
 */
export class BangBangController {
  private readonly tolerance: number;
  private lastMeasurement = NaN;
  private lastSetpoint = NaN;

  /** @param tolerance_radps the band counted as at the setpoint [rad/s]. Default 0. */
  constructor(tolerance_radps = 0) {
    requireNonNegative("tolerance_radps", tolerance_radps);
    this.tolerance = tolerance_radps;
  }

  /** 1 when the measurement [rad/s] is below the setpoint [rad/s], else 0; 0 for non-finite input. */
  calculate(measurement_radps: number, setpoint_radps: number): number {
    this.lastMeasurement = measurement_radps;
    this.lastSetpoint = setpoint_radps;
    if (!Number.isFinite(measurement_radps) || !Number.isFinite(setpoint_radps)) return 0;
    return measurement_radps < setpoint_radps ? 1 : 0;
  }

  atSetpoint(): boolean {
    return Math.abs(this.lastSetpoint - this.lastMeasurement) <= this.tolerance;
  }
}
