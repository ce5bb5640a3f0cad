/**
 * The physical model of one shot: the ball, the air, the hoop and where the ball leaves the
 * launcher. Every default is the docs/domain.md figure, never a constant elsewhere.
 *
 * Frames: the shot is solved in the vertical plane through the release point and the rim centre,
 * x horizontal towards the rim, z up (REP-103 orientation); heights are above the floor.
 */
import { definedOnly, requireFinite, requireNonNegative, requirePositive } from "./validate";

export interface BallisticModelOptions {
  /** Gravitational acceleration [m/s^2]. Default 9.80665 (standard gravity). */
  readonly gravity_mps2?: number;
  /** Air density [kg/m^3]. Default 1.2 (docs/domain.md); see airDensityFromAltitude for other sites. */
  readonly air_density_kgpm3?: number;
  /** Quadratic drag coefficient of the ball [1]. Default 0.5 (basketball 0.47-0.54, docs/domain.md). */
  readonly drag_coefficient?: number;
  /** Ball mass [kg]. Default 0.60 (size-7 basketball). */
  readonly ball_mass_kg?: number;
  /** Ball radius [m]. Default 0.121. */
  readonly ball_radius_m?: number;
  /**
   * Magnus lift per unit spin ratio [1]: the lift coefficient is C_L = this * (r * omega / |v|),
   * so the lift force 0.5 rho A C_L |v|^2 grows linearly with speed. Default 1.0 (estimate: C_L is
   * roughly the spin ratio for a basketball at spin ratios below 0.5).
   */
  readonly magnus_lift_coefficient?: number;
  /** Backspin [rad/s], positive for backspin (lift up). Default 0: no Magnus lift. */
  readonly backspin_radps?: number;
  /** Height of the release point above the floor [m]. Default 1.0 (docs/domain.md shot figures). */
  readonly release_height_m?: number;
  /** Rim height above the floor [m]. Default 2.43 (ABU Robocon 2025 rulebook). */
  readonly rim_height_m?: number;
  /** Inner radius of the rim [m]. Default 0.225 (inner diameter 0.450 m, the rulebook's lower bound). */
  readonly rim_radius_m?: number;
  /**
   * Shallowest entry angle below horizontal accepted as a make [rad]. Default 0.5672 (32.5 deg,
   * docs/domain.md: where the clearance R - r / sin(a) reaches zero for the default ball and rim).
   */
  readonly min_entry_angle_rad?: number;
  /**
   * Fixed RK4 step [s]. Default 0.04: the rim crossing then lands within 0.2 um of a 1 ms RK4 run
   * (6-16 m/s, 40-80 deg, with and without backspin; 0.01 um at 0.02 s), and of the simulator's
   * adaptive Dormand-Prince truth (test/sim/truth), three orders below the solvers' 0.1 mm
   * tolerance: a finer step costs flight time for nothing. The crossing is located inside the step
   * by Hermite interpolation.
   */
  readonly integration_step_s?: number;
  /** Give up a flight after this long [s]; a flight still up then counts as long. Default 10. */
  readonly max_flight_time_s?: number;
}

export type BallisticModel = Readonly<Required<BallisticModelOptions>>;

export const DEFAULT_BALLISTIC_MODEL: BallisticModel = {
  gravity_mps2: 9.80665,
  air_density_kgpm3: 1.2,
  drag_coefficient: 0.5,
  ball_mass_kg: 0.6,
  ball_radius_m: 0.121,
  magnus_lift_coefficient: 1.0,
  backspin_radps: 0,
  release_height_m: 1.0,
  rim_height_m: 2.43,
  rim_radius_m: 0.225,
  min_entry_angle_rad: (32.5 * Math.PI) / 180,
  integration_step_s: 0.04,
  max_flight_time_s: 10,
};

/** Fills in defaults and rejects impossible values, naming the offending one. */
export function createBallisticModel(options: BallisticModelOptions = {}): BallisticModel {
  const model: BallisticModel = { ...DEFAULT_BALLISTIC_MODEL, ...definedOnly(options) };
  requirePositive("gravity_mps2", model.gravity_mps2);
  requireNonNegative("air_density_kgpm3", model.air_density_kgpm3);
  requireNonNegative("drag_coefficient", model.drag_coefficient);
  requirePositive("ball_mass_kg", model.ball_mass_kg);
  requirePositive("ball_radius_m", model.ball_radius_m);
  requireFinite("magnus_lift_coefficient", model.magnus_lift_coefficient);
  requireFinite("backspin_radps", model.backspin_radps);
  requireFinite("release_height_m", model.release_height_m);
  requireFinite("rim_height_m", model.rim_height_m);
  requirePositive("rim_radius_m", model.rim_radius_m);
  if (!(model.rim_radius_m > model.ball_radius_m)) {
    throw new Error(`rim_radius_m must exceed ball_radius_m (${model.ball_radius_m}), got ${model.rim_radius_m}`);
  }
  if (!(model.min_entry_angle_rad >= 0 && model.min_entry_angle_rad < Math.PI / 2)) {
    throw new Error(`min_entry_angle_rad must be in [0, pi/2), got ${model.min_entry_angle_rad}`);
  }
  if (!(model.integration_step_s > 0 && model.integration_step_s <= 0.05)) {
    throw new Error(`integration_step_s must be in (0, 0.05] s, got ${model.integration_step_s}`);
  }
  requirePositive("max_flight_time_s", model.max_flight_time_s);
  return model;
}

/** Half the horizontal room the ball centre has at the rim: R - r / sin(entry) [m]; negative when it cannot enter. */
export function rimClearance(model: BallisticModel, entryAngle_rad: number): number {
  const s = Math.sin(entryAngle_rad);
  return s > 0 ? model.rim_radius_m - model.ball_radius_m / s : -Infinity;
}
