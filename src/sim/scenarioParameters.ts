/** The launcher_control parameters the scenario reads or sets (calibration, hood, baselines). */
export const LAUNCHER_PARAMETERS = {
  /** Launch efficiency the calibration phase fits [1]. */
  efficiency: "wheel.efficiency",
  /** Change of efficiency per m/s of surface speed the calibration fits too [s/m]. */
  efficiencySlope: "wheel.efficiency_slope_spm",
  /** Fixed launch angle [rad]. */
  launchAngle: "launch.angle_rad",
  /** "fixed" or "adjustable" (a hood). */
  launchMode: "launch.mode",
  /** An adjustable hood's range [rad]. */
  hoodMin: "launch.min_angle_rad",
  hoodMax: "launch.max_angle_rad",
  /** Drag coefficient of the controller's model [1] (drag-free baseline: 0). */
  dragCoefficient: "ballistics.drag_coefficient",
  /** Air density of the controller's model [kg/m^3]. */
  airDensity: "ballistics.air_density_kgpm3",
  /** Wheel radius [m]. */
  wheelRadius: "wheel.radius_m",
  /** The table7 baseline's distance-keyed correction table. */
  correctionKey: "wheel.correction_key",
  correctionKeys: "wheel.correction_keys",
  correctionFactors: "wheel.correction_factors",
} as const;
