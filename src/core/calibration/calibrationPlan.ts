import type { LauncherConfig } from "../ballistics/launcherParameters";
import { DEFAULT_DRAG_PRIOR_SIGMA, type CalibrationOptions } from "./fitLaunchCalibration";

/**
 * The calibration recipe `calibrate` runs by default, the simulator runs and the calibration study
 * (`npm run bench`, launcher.calibration.*) measures, in one place so the three cannot drift apart.
 */

/** The ends of the test-shot range [m]: the near and far ends of the scored 2-7 m, with room for the aim's error. */
export const CALIBRATION_NEAR_DISTANCE_M = 2.5;
export const CALIBRATION_FAR_DISTANCE_M = 6.5;

/** 1-sigma error of the team's eye on where a test shot crossed the rim plane [m]. */
export const CALIBRATION_READING_SIGMA_M = 0.02;

/** Test shots the simulator takes when not told otherwise (and not given the true physics) [1]. */
export const DEFAULT_CALIBRATION_SHOTS = 10;

/**
 * Where test shot k of `count` is taken [m]: alternately near (2.5 m) and far (6.5 m); a single
 * shot midway. Two parameters (efficiency, drag) are best pinned by shots at the ends of the
 * range, as the calibration study measures (launcher.calibration.wheel_speed_rms_error.evenly_spaced
 * against .alternating_ends, `npm run bench`).
 */
export function alternatingCalibrationDistance(k: number, count: number): number {
  if (count === 1) return (CALIBRATION_NEAR_DISTANCE_M + CALIBRATION_FAR_DISTANCE_M) / 2;
  return k % 2 === 0 ? CALIBRATION_NEAR_DISTANCE_M : CALIBRATION_FAR_DISTANCE_M;
}

/**
 * The fit options every caller with a launcher configuration uses: measured misses weighed by the
 * configured shot-to-shot spreads (uncertainty.*), and the drag prior. fitLaunchCalibration's own
 * defaults (no spreads, no prior) are the plain least-squares fit; callers add fitDrag, missSigma_m
 * and outcomeSigma_m as they know them.
 */
export function calibrationOptionsFromConfig(config: LauncherConfig): CalibrationOptions {
  return {
    exitSpeedSigmaFraction: config.exitSpeedSigmaFraction,
    launchAngleSigma_rad: config.launchAngleSigma_rad,
    dragPriorSigma: DEFAULT_DRAG_PRIOR_SIGMA,
  };
}

/**
 * The recipe: what `calibrate` fits with unless told otherwise, and the simulator always: the configuration's options, misses read to
 * CALIBRATION_READING_SIGMA_M, and the efficiency's slope with surface speed (a wheel slips more
 * the faster it turns: fitted as efficiency and drag alone, even exact shots leave the command
 * about 1 % fast at 2.5 m and slow at 6.5 m, twice the make window). At one launch angle the
 * slope and the drag are nearly the same thing to shots at two distances, so a fixed launcher
 * holds the drag at the configured value and fits efficiency and slope (when the shots span two
 * metres: "auto"); a hood's shots at several angles tell them apart, so it fits all three, the
 * drag with its prior.
 */
export function calibrationRecipe(config: LauncherConfig): CalibrationOptions {
  return {
    ...calibrationOptionsFromConfig(config),
    missSigma_m: CALIBRATION_READING_SIGMA_M,
    fitEfficiencySlope: "auto",
    ...(config.launch.mode === "fixed" ? { fitDrag: false } : {}),
  };
}
