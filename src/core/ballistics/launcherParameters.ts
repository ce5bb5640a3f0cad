import { formatValue, orderedPair, type ParameterRule, type ParameterSchema, type ParameterValue } from "../parameters/schema";
import { DEFAULT_FLYWHEEL_CONTROLLER, type FlywheelControllerOptions } from "../control/FlywheelController";
import type { AntiWindupStrategy } from "../control/Pid";
import { DEFAULT_READY_GATE, type ReadyGateOptions } from "../control/readyGate";
import { airDensityFromAltitude } from "./airDensity";
import { createBallisticModel, DEFAULT_BALLISTIC_MODEL, type BallisticModel } from "./BallisticModel";
import { DEFAULT_EXIT_SPEED_SIGMA_FRACTION, DEFAULT_LAUNCH_ANGLE_SIGMA_RAD } from "./makeProbability";
import { ShotPlanner, type LaunchAngleSetting } from "./ShotPlanner";
import { DEFAULT_MOVING_SHOT, type MovingShotOptions } from "./solveMovingShot";
import { DEFAULT_WHEEL_MODEL, WheelModel, type CorrectionKey, type WheelModelOptions } from "./WheelModel";

const d = DEFAULT_BALLISTIC_MODEL;
const w = DEFAULT_WHEEL_MODEL;
const f = DEFAULT_FLYWHEEL_CONTROLLER;
const gate = DEFAULT_READY_GATE;
const moving = DEFAULT_MOVING_SHOT;
const DEG = Math.PI / 180;

/**
 * The launcher's model, wheel, loop, gate and moving-shot parameters (flat dotted names, nested
 * under `launcher_control: ros__parameters:` in a params YAML). The node's schema includes this
 * fragment; `robocon-shooter table` and `calibrate` read the same keys. Defaults from docs/domain.md.
 */
export const launcherModelSchema: ParameterSchema = {
  "ballistics.gravity_mps2": { type: "double", default: d.gravity_mps2, unit: "m/s^2", min: 9.7, max: 9.9, description: "Gravitational acceleration" },
  "ballistics.air_density_mode": {
    type: "string",
    default: "fixed",
    unit: "",
    choices: ["fixed", "altitude"],
    description: "fixed: use air_density_kgpm3; altitude: compute it from altitude_m and air_temperature_k (barometric formula)",
  },
  "ballistics.air_density_kgpm3": { type: "double", default: d.air_density_kgpm3, unit: "kg/m^3", min: 0, max: 1.5, description: "Air density (docs/domain.md: 1.2; about 1.05 at 1350 m)" },
  "ballistics.altitude_m": { type: "double", default: 0, unit: "m", min: -500, max: 5000, description: "Court altitude above sea level, for air_density_mode altitude" },
  "ballistics.air_temperature_k": { type: "double", default: 288.15, unit: "K", min: 250, max: 330, description: "Air temperature in the hall, for air_density_mode altitude" },
  "ballistics.drag_coefficient": { type: "double", default: d.drag_coefficient, unit: "1", min: 0, max: 2, description: "Quadratic drag coefficient of the ball (basketball 0.47-0.54)" },
  "ballistics.ball_mass_kg": { type: "double", default: d.ball_mass_kg, unit: "kg", min: 0.01, max: 2, description: "Ball mass (size-7 basketball about 0.60)" },
  "ballistics.ball_radius_m": { type: "double", default: d.ball_radius_m, unit: "m", min: 0.01, max: 0.2, description: "Ball radius" },
  "ballistics.magnus_lift_coefficient": {
    type: "double",
    default: d.magnus_lift_coefficient,
    unit: "1",
    min: 0,
    max: 5,
    description: "Magnus lift per unit spin ratio: C_L = this * r * backspin / |v| (estimate)",
  },
  "ballistics.backspin_radps": { type: "double", default: d.backspin_radps, unit: "rad/s", min: 0, max: 500, description: "Backspin given by the launcher; 0 disables Magnus lift" },
  "ballistics.release_height_m": { type: "double", default: d.release_height_m, unit: "m", min: 0, max: 3, description: "Release point height above the floor" },
  "ballistics.release_offset_x_m": { type: "double", default: moving.releaseX_m, unit: "m", min: -1, max: 1, description: "Release point x in the launcher frame" },
  "ballistics.release_offset_y_m": { type: "double", default: moving.releaseY_m, unit: "m", min: -1, max: 1, description: "Release point y in the launcher frame" },
  "ballistics.rim_height_m": { type: "double", default: d.rim_height_m, unit: "m", min: 1, max: 4, description: "Rim height above the floor (rulebook 2.43)" },
  "ballistics.rim_radius_m": { type: "double", default: d.rim_radius_m, unit: "m", min: 0.1, max: 0.4, description: "Rim inner radius (inner diameter 0.450-0.459)" },
  "ballistics.min_entry_angle_rad": {
    type: "double",
    default: d.min_entry_angle_rad,
    unit: "rad",
    min: 0,
    max: 1.5,
    description: "Shallowest entry angle below horizontal accepted (32.5 deg: no clearance left below it)",
  },
  "ballistics.integration_step_s": { type: "double", default: d.integration_step_s, unit: "s", min: 0.0005, max: 0.05, description: "RK4 step of the flight model" },
  "ballistics.max_flight_time_s": { type: "double", default: d.max_flight_time_s, unit: "s", min: 1, max: 30, description: "Flights longer than this count as long" },
  "launch.mode": { type: "string", default: "fixed", unit: "", choices: ["fixed", "adjustable"], description: "fixed hood at angle_rad, or adjustable between min/max_angle_rad" },
  "launch.angle_rad": { type: "double", default: 55 * DEG, unit: "rad", min: 0.1, max: 1.5, description: "Launch angle above horizontal of a fixed hood (55 deg)" },
  "launch.min_angle_rad": { type: "double", default: 45 * DEG, unit: "rad", min: 0.1, max: 1.5, description: "Lowest angle of an adjustable hood" },
  "launch.max_angle_rad": { type: "double", default: 70 * DEG, unit: "rad", min: 0.1, max: 1.5, description: "Highest angle of an adjustable hood" },
  "launch.reoptimize_distance_m": { type: "double", default: 0.05, unit: "m", min: 0, max: 2, description: "Re-optimise an adjustable hood when the target moved this much" },
  "wheel.radius_m": { type: "double", default: w.wheel_radius_m, unit: "m", min: 0.01, max: 0.3, description: "Launcher wheel radius (4-inch wheel: 0.0508)" },
  "wheel.efficiency": { type: "double", default: w.efficiency, unit: "1", min: 0.05, max: 1.5, description: "Exit speed / wheel surface speed at low speed (hood about 0.5, two wheels about 1)" },
  "wheel.efficiency_slope_spm": { type: "double", default: w.efficiency_slope_spm, unit: "s/m", min: -0.1, max: 0.1, description: "Change of efficiency per m/s of surface speed" },
  "wheel.max_speed_radps": { type: "double", default: w.max_speed_radps, unit: "rad/s", min: 1, max: 2000, description: "Top wheel speed; shots needing more are refused" },
  "wheel.correction_key": { type: "string", default: w.correction_key, unit: "", choices: ["distance", "exit_speed"], description: "What the correction table is keyed by" },
  "wheel.correction_keys": { type: "double_array", default: [], unit: "m or m/s", min: 0, max: 100, description: "Correction table keys, strictly increasing (distance [m] or exit speed [m/s])" },
  "wheel.correction_factors": { type: "double_array", default: [], unit: "1", min: 0.5, max: 2, description: "Measured wheel speed multipliers at those keys (clamped at the ends)" },
  "flywheel.mode": { type: "string", default: f.mode, unit: "", choices: ["velocity", "effort"], description: "velocity: command ros2_control; effort: own feedforward + PID, volts" },
  "flywheel.acceleration_limit_radps2": { type: "double", default: f.accelerationLimit_radps2, unit: "rad/s^2", min: 1, max: 10000, description: "Setpoint slew limit (FRC 6328: 350)" },
  "flywheel.max_voltage_v": { type: "double", default: f.maxVoltage_V, unit: "V", min: 1, max: 60, description: "Effort clamp" },
  "flywheel.ks_v": { type: "double", default: f.kS_V, unit: "V", min: 0, max: 5, description: "Feedforward static voltage (FRC 6328)" },
  "flywheel.kv_vsprad": { type: "double", default: f.kV_Vsprad, unit: "V s/rad", min: 0, max: 1, description: "Feedforward velocity gain (FRC 6328)" },
  "flywheel.ka_vs2prad": { type: "double", default: f.kA_Vs2prad, unit: "V s^2/rad", min: 0, max: 1, description: "Feedforward acceleration gain (FRC 6328)" },
  "flywheel.kp": { type: "double", default: f.kP, unit: "V s/rad", min: 0, max: 100, description: "Proportional gain on the speed error (FRC 6328)" },
  "flywheel.ki": { type: "double", default: f.kI, unit: "V/rad", min: 0, max: 100, description: "Integral gain on the speed error" },
  "flywheel.kd": { type: "double", default: f.kD, unit: "V s^2/rad", min: 0, max: 10, description: "Derivative gain on the speed error" },
  "flywheel.i_clamp_v": { type: "double", default: f.iClamp_V, unit: "V", min: 0, max: 60, description: "Integral term clamp (symmetric)" },
  "flywheel.anti_windup": {
    type: "string",
    default: f.antiWindup,
    unit: "",
    choices: ["none", "back_calculation", "conditional_integration"],
    description: "Anti-windup strategy of the PID",
  },
  "flywheel.bang_bang": { type: "bool", default: f.bangBang, unit: "", description: "Use bang-bang (effort mode) for shots beyond bang_bang_beyond_m" },
  "flywheel.bang_bang_beyond_m": { type: "double", default: 3.25, unit: "m", min: 0, max: 20, description: "Distance beyond which bang-bang is used (FRC 6328: 3.25)" },
  "flywheel.bang_bang_feedforward_scale": { type: "double", default: f.bangBangFeedforwardScale, unit: "1", min: 0, max: 1, description: "Feedforward share above the setpoint in bang-bang" },
  "flywheel.tolerance_radps": { type: "double", default: f.tolerance_radps, unit: "rad/s", min: 0, max: 100, description: "At-speed tolerance (FRC 6328: 2)" },
  "flywheel.dwell_s": { type: "double", default: f.dwell_s, unit: "s", min: 0, max: 5, description: "Time the wheel must hold within tolerance (estimate)" },
  "uncertainty.exit_speed_sigma_fraction": { type: "double", default: DEFAULT_EXIT_SPEED_SIGMA_FRACTION, unit: "1", min: 0, max: 0.2, description: "Shot-to-shot exit speed spread, 1-sigma fraction (estimate)" },
  "uncertainty.launch_angle_sigma_rad": { type: "double", default: DEFAULT_LAUNCH_ANGLE_SIGMA_RAD, unit: "rad", min: 0, max: 0.2, description: "Shot-to-shot launch angle spread, 1-sigma (estimate: 0.3 deg)" },
  "gate.min_probability": { type: "double", default: gate.minProbability, unit: "1", min: 0, max: 1, description: "Least predicted make probability to be ready; 0: taking a poor shot is the operator's call" },
  "gate.min_relative_probability": {
    type: "double",
    default: gate.minRelativeProbability,
    unit: "1",
    min: 0,
    max: 1,
    description: "Least share of the make probability with the wheel exactly at speed (the wheel's remaining error costs the rest)",
  },
  "gate.target_timeout_s": { type: "double", default: gate.targetTimeout_s, unit: "s", min: 0.001, max: 10, description: "Target estimates older than this are stale" },
  "moving.max_iterations": { type: "integer", default: moving.maxIterations, unit: "1", min: 1, max: 100, description: "Time-of-flight iterations for moving shots (FRC 6328: 20)" },
  "moving.tolerance_s": { type: "double", default: moving.tolerance_s, unit: "s", min: 0, max: 0.1, description: "Stop iterating when the time of flight settles within this" },
  "moving.phase_delay_s": { type: "double", default: moving.phaseDelay_s, unit: "s", min: 0, max: 0.5, description: "Estimate stamp to ball release (FRC 6328: 30 ms)" },
};

/**
 * What launcherModelSchema cannot say key by key and the model's constructors refuse (WheelModel,
 * InterpolatingTable, ShotPlanner, createBallisticModel): checked by the node at configure and on
 * every set, by `table` and by `params --check`, naming the keys.
 */
export const launcherModelRules: readonly ParameterRule[] = [
  {
    keys: ["wheel.correction_factors", "wheel.correction_keys"],
    check: (v) => {
      const factors = v["wheel.correction_factors"];
      const keys = v["wheel.correction_keys"];
      if (!Array.isArray(factors) || !Array.isArray(keys) || factors.length === keys.length) return undefined;
      return `${factors.length} factor(s) for the ${keys.length} key(s) of 'wheel.correction_keys' = ${formatValue(keys)}: the table needs one factor per key`;
    },
  },
  {
    keys: ["wheel.correction_keys"],
    check: (v) => {
      const keys = v["wheel.correction_keys"];
      if (!Array.isArray(keys)) return undefined;
      const at = keys.findIndex((key, i) => i > 0 && !(Number(key) > Number(keys[i - 1])));
      return at < 0 ? undefined : `not strictly increasing: ${String(keys[at - 1])} then ${String(keys[at])} at index ${at}`;
    },
  },
  orderedPair("launch.min_angle_rad", "launch.max_angle_rad", false, "an adjustable hood's range"),
  {
    keys: ["ballistics.rim_radius_m", "ballistics.ball_radius_m"],
    check: (v) => {
      const rim = v["ballistics.rim_radius_m"];
      const ball = v["ballistics.ball_radius_m"];
      if (typeof rim !== "number" || typeof ball !== "number" || rim > ball) return undefined;
      return `not above 'ballistics.ball_radius_m' = ${ball}: the ball cannot pass through the rim`;
    },
  },
  {
    keys: ["wheel.efficiency_slope_spm", "wheel.efficiency", "wheel.max_speed_radps", "wheel.radius_m"],
    check: (v) => {
      const [slope, efficiency, maxSpeed, radius] = ["wheel.efficiency_slope_spm", "wheel.efficiency", "wheel.max_speed_radps", "wheel.radius_m"].map((k) => v[k]);
      if (typeof slope !== "number" || typeof efficiency !== "number" || typeof maxSpeed !== "number" || typeof radius !== "number") return undefined;
      const topSurface = maxSpeed * radius;
      const top = efficiency + slope * topSurface;
      if (top > 0) return undefined;
      return `gives an efficiency of ${top.toFixed(3)} at the top surface speed ${topSurface.toFixed(2)} m/s ('wheel.efficiency' ${efficiency} + slope * 'wheel.max_speed_radps' ${maxSpeed} * 'wheel.radius_m' ${radius}): it must stay > 0 up to the top speed`;
    },
  },
];

/** Everything the launcher algorithms need, built from parameter values. */
export interface LauncherConfig {
  readonly model: BallisticModel;
  readonly wheel: WheelModelOptions;
  readonly launch: LaunchAngleSetting;
  readonly flywheel: FlywheelControllerOptions;
  /** Bang-bang beyond this distance [m] when flywheel.bang_bang is set; +inf otherwise. */
  readonly bangBangBeyond_m: number;
  readonly exitSpeedSigmaFraction: number;
  readonly launchAngleSigma_rad: number;
  readonly gate: Required<ReadyGateOptions>;
  readonly moving: Required<MovingShotOptions>;
}

/**
 * Builds the launcher configuration from flat parameter values (as resolveParameters returns them,
 * or a partial map: missing keys take the schema defaults). Values are assumed validated against
 * the schema; the constructors still reject impossible combinations, naming the value.
 */
export function launcherConfigFromParameters(values: Readonly<Record<string, ParameterValue>>): LauncherConfig {
  const read = new LauncherValues(values);
  return {
    model: ballisticModelFrom(read),
    wheel: {
      wheel_radius_m: read.num("wheel.radius_m"),
      efficiency: read.num("wheel.efficiency"),
      efficiency_slope_spm: read.num("wheel.efficiency_slope_spm"),
      max_speed_radps: read.num("wheel.max_speed_radps"),
      correction_key: read.str("wheel.correction_key") as CorrectionKey,
      correction_keys: read.nums("wheel.correction_keys"),
      correction_factors: read.nums("wheel.correction_factors"),
    },
    launch: launchFrom(read),
    flywheel: flywheelFrom(read),
    bangBangBeyond_m: read.get("flywheel.bang_bang") === true ? read.num("flywheel.bang_bang_beyond_m") : Infinity,
    exitSpeedSigmaFraction: read.num("uncertainty.exit_speed_sigma_fraction"),
    launchAngleSigma_rad: read.num("uncertainty.launch_angle_sigma_rad"),
    gate: { minProbability: read.num("gate.min_probability"), minRelativeProbability: read.num("gate.min_relative_probability"), targetTimeout_s: read.num("gate.target_timeout_s") },
    moving: {
      releaseX_m: read.num("ballistics.release_offset_x_m"),
      releaseY_m: read.num("ballistics.release_offset_y_m"),
      maxIterations: read.num("moving.max_iterations"),
      tolerance_s: read.num("moving.tolerance_s"),
      phaseDelay_s: read.num("moving.phase_delay_s"),
    },
  };
}

/** Typed reads of launcher values, a missing key taking its schema default (a partial map is allowed). */
class LauncherValues {
  constructor(private readonly values: Readonly<Record<string, ParameterValue>>) {}

  get(key: string): ParameterValue {
    const value = this.values[key] ?? launcherModelSchema[key]?.default;
    if (value === undefined) throw new Error(`launcher parameter '${key}' is missing and has no default`);
    return value;
  }

  num(key: string): number {
    const value = this.get(key);
    if (typeof value !== "number") throw new Error(`launcher parameter '${key}' must be a number, got ${JSON.stringify(value)}`);
    return value;
  }

  str(key: string): string {
    return String(this.get(key));
  }

  nums(key: string): number[] {
    const value = this.get(key);
    if (!Array.isArray(value) || !value.every((v): v is number => typeof v === "number")) {
      throw new Error(`launcher parameter '${key}' must be a list of numbers, got ${JSON.stringify(value)}`);
    }
    return value;
  }
}

function ballisticModelFrom(read: LauncherValues): BallisticModel {
  const density =
    read.str("ballistics.air_density_mode") === "altitude"
      ? airDensityFromAltitude(read.num("ballistics.altitude_m"), read.num("ballistics.air_temperature_k"), { gravity_mps2: read.num("ballistics.gravity_mps2") })
      : read.num("ballistics.air_density_kgpm3");
  return createBallisticModel({
    gravity_mps2: read.num("ballistics.gravity_mps2"),
    air_density_kgpm3: density,
    drag_coefficient: read.num("ballistics.drag_coefficient"),
    ball_mass_kg: read.num("ballistics.ball_mass_kg"),
    ball_radius_m: read.num("ballistics.ball_radius_m"),
    magnus_lift_coefficient: read.num("ballistics.magnus_lift_coefficient"),
    backspin_radps: read.num("ballistics.backspin_radps"),
    release_height_m: read.num("ballistics.release_height_m"),
    rim_height_m: read.num("ballistics.rim_height_m"),
    rim_radius_m: read.num("ballistics.rim_radius_m"),
    min_entry_angle_rad: read.num("ballistics.min_entry_angle_rad"),
    integration_step_s: read.num("ballistics.integration_step_s"),
    max_flight_time_s: read.num("ballistics.max_flight_time_s"),
  });
}

function launchFrom(read: LauncherValues): LaunchAngleSetting {
  return read.str("launch.mode") === "adjustable"
    ? {
        mode: "adjustable",
        minAngle_rad: read.num("launch.min_angle_rad"),
        maxAngle_rad: read.num("launch.max_angle_rad"),
        reoptimizeDistance_m: read.num("launch.reoptimize_distance_m"),
      }
    : { mode: "fixed", angle_rad: read.num("launch.angle_rad") };
}

function flywheelFrom(read: LauncherValues): LauncherConfig["flywheel"] {
  return {
    mode: read.str("flywheel.mode") === "velocity" ? "velocity" : "effort",
    maxSpeed_radps: read.num("wheel.max_speed_radps"),
    accelerationLimit_radps2: read.num("flywheel.acceleration_limit_radps2"),
    maxVoltage_V: read.num("flywheel.max_voltage_v"),
    kS_V: read.num("flywheel.ks_v"),
    kV_Vsprad: read.num("flywheel.kv_vsprad"),
    kA_Vs2prad: read.num("flywheel.ka_vs2prad"),
    kP: read.num("flywheel.kp"),
    kI: read.num("flywheel.ki"),
    kD: read.num("flywheel.kd"),
    iClamp_V: read.num("flywheel.i_clamp_v"),
    antiWindup: read.str("flywheel.anti_windup") as AntiWindupStrategy,
    bangBang: false,
    bangBangFeedforwardScale: read.num("flywheel.bang_bang_feedforward_scale"),
    tolerance_radps: read.num("flywheel.tolerance_radps"),
    dwell_s: read.num("flywheel.dwell_s"),
  };
}

/** The node's and the table's shot planner for a configuration (the same model, wheel, hood and spreads). */
export function shotPlannerFromConfig(config: LauncherConfig): ShotPlanner {
  return new ShotPlanner({
    model: config.model,
    wheel: new WheelModel(config.wheel),
    launch: config.launch,
    exitSpeedSigmaFraction: config.exitSpeedSigmaFraction,
    launchAngleSigma_rad: config.launchAngleSigma_rad,
  });
}
