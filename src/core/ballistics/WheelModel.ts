import { InterpolatingTable } from "./InterpolatingTable";
import { definedOnly, requireChoice, requireFinite, requirePositive } from "./validate";

export type CorrectionKey = "distance" | "exit_speed";

export interface WheelModelOptions {
  /** Launcher wheel radius [m]. Default 0.0508 (a 4-inch wheel, docs/domain.md). */
  readonly wheel_radius_m?: number;
  /**
   * Launch efficiency at zero surface speed, e0 [1]: exit speed / wheel surface speed. Default 0.5
   * (a single wheel against a hood, docs/domain.md; two opposed wheels are about 1). Calibrate per robot.
   */
  readonly efficiency?: number;
  /** Change of efficiency per m/s of surface speed, e1 [s/m]: efficiency = e0 + e1 * surface speed. Default 0. */
  readonly efficiency_slope_spm?: number;
  /** Top wheel speed [rad/s]. Default 600 (estimate: a 6000 rpm motor direct drive, with margin). */
  readonly max_speed_radps?: number;
  /** What the correction table is keyed by: distance [m] or exit speed [m/s]. Default "distance". */
  readonly correction_key?: CorrectionKey;
  /** Keys of the measured correction table, strictly increasing. Default []: no correction. */
  readonly correction_keys?: readonly number[];
  /** Wheel speed multipliers measured at those keys [1] (1 = the model is right). */
  readonly correction_factors?: readonly number[];
}

export type WheelModelConfig = Readonly<Required<WheelModelOptions>>;

export const DEFAULT_WHEEL_MODEL: WheelModelConfig = {
  wheel_radius_m: 0.0508,
  efficiency: 0.5,
  efficiency_slope_spm: 0,
  max_speed_radps: 600,
  correction_key: "distance",
  correction_keys: [],
  correction_factors: [],
};

/**
 * Exit speed to wheel speed: the ball leaves at efficiency(s) * s, s = wheel speed * radius the
 * surface speed, and the wheel speed this gives is multiplied by a factor read from a table the
 * team measured (interpolated, clamped at its ends, never extrapolated). The table absorbs what
 * the smooth model misses (ball compression, hood wear) without refitting it.
 */
export class WheelModel {
  readonly config: WheelModelConfig;
  private readonly table: InterpolatingTable | undefined;

  constructor(options: WheelModelOptions = {}) {
    const config: WheelModelConfig = { ...DEFAULT_WHEEL_MODEL, ...definedOnly(options) };
    requirePositive("wheel_radius_m", config.wheel_radius_m);
    requirePositive("efficiency", config.efficiency);
    requireFinite("efficiency_slope_spm", config.efficiency_slope_spm);
    requirePositive("max_speed_radps", config.max_speed_radps);
    requireChoice("correction_key", config.correction_key, ["distance", "exit_speed"]);
    config.correction_factors.forEach((f, i) => {
      requirePositive(`correction_factors[${i}]`, f);
    });
    const topSurface = config.max_speed_radps * config.wheel_radius_m;
    const topEfficiency = config.efficiency + config.efficiency_slope_spm * topSurface;
    if (!(topEfficiency > 0)) {
      throw new Error(`efficiency at the top surface speed ${topSurface.toFixed(2)} m/s must be > 0, got ${topEfficiency}`);
    }
    this.config = config;
    this.table =
      config.correction_keys.length === 0 && config.correction_factors.length === 0
        ? undefined
        : new InterpolatingTable(config.correction_keys, config.correction_factors);
  }

  /** Exit speed [m/s] the smooth model gives for a wheel surface speed [m/s]. */
  exitSpeedFromSurface(surface_mps: number): number {
    return (this.config.efficiency + this.config.efficiency_slope_spm * surface_mps) * surface_mps;
  }

  /** Surface speed [m/s] giving an exit speed [m/s] under the smooth model; NaN when out of its reach. */
  surfaceSpeedFor(exitSpeed_mps: number): number {
    const e0 = this.config.efficiency;
    const e1 = this.config.efficiency_slope_spm;
    if (e1 === 0) return exitSpeed_mps / e0;
    const disc = e0 * e0 + 4 * e1 * exitSpeed_mps;
    // Stable form of (-e0 + sqrt(disc)) / (2 e1), the root continuous with v / e0 as e1 -> 0.
    return disc >= 0 ? (2 * exitSpeed_mps) / (e0 + Math.sqrt(disc)) : NaN;
  }

  /** The table's multiplier [1] at this shot; 1 without a table. */
  correctionFactor(exitSpeed_mps: number, distance_m: number): number {
    if (this.table === undefined) return 1;
    return this.table.get(this.config.correction_key === "distance" ? distance_m : exitSpeed_mps);
  }

  /**
   * Wheel speed [rad/s] for an exit speed [m/s] at a distance [m] (the distance keys the table);
   * NaN when the smooth model cannot reach that exit speed. Not clamped to max_speed_radps: the
   * caller reports a shot beyond the top speed.
   */
  wheelSpeedFor(exitSpeed_mps: number, distance_m: number): number {
    return (this.surfaceSpeedFor(exitSpeed_mps) / this.config.wheel_radius_m) * this.correctionFactor(exitSpeed_mps, distance_m);
  }

  /**
   * Exit speed [m/s] a wheel speed [rad/s] gives at a distance [m] (the inverse of wheelSpeedFor).
   * With an exit-speed keyed table the factor depends on the answer, so it is found by a few
   * fixed-point passes (the factor varies slowly).
   */
  exitSpeedFor(wheelSpeed_radps: number, distance_m: number): number {
    const surface = wheelSpeed_radps * this.config.wheel_radius_m;
    const passes = this.config.correction_key === "exit_speed" ? 8 : 1;
    let v = this.exitSpeedFromSurface(surface);
    for (let k = 0; k < passes; k++) v = this.exitSpeedFromSurface(surface / this.correctionFactor(v, distance_m));
    return v;
  }

  /** d(exit speed)/d(wheel speed) [m/s per rad/s] at a wheel speed, the table factor held fixed. */
  exitSpeedPerWheelSpeed(wheelSpeed_radps: number, distance_m: number): number {
    const factor = this.correctionFactor(this.exitSpeedFor(wheelSpeed_radps, distance_m), distance_m);
    const surface = (wheelSpeed_radps * this.config.wheel_radius_m) / factor;
    return ((this.config.efficiency + 2 * this.config.efficiency_slope_spm * surface) * this.config.wheel_radius_m) / factor;
  }
}
