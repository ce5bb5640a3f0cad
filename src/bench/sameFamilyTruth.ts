import { createBallisticModel, type BallisticModel } from "../core/ballistics/BallisticModel";
import { FlightIntegrator } from "../core/ballistics/FlightIntegrator";
import type { SeededRandom } from "../core/random/SeededRandom";

/**
 * A truth of the controller's own model family (point mass, constant-Cd quadratic drag, exit speed
 * proportional to wheel speed) with drawn drag, efficiency and air density. The launcher bench's
 * calibration study uses it to measure the fit alone: with the family right, what is left is
 * what ten noisy test shots cost. The simulator's truth is richer (src/sim/truth) and its figures
 * (`sim.*`) carry the model-form error too.
 */
export interface SameFamilyOptions {
  readonly dragLow: number;
  readonly dragHigh: number;
  readonly nominalEfficiency: number;
  /** True efficiency within +- this fraction of nominal [1]. */
  readonly efficiencySpread: number;
  readonly nominalAirDensity: number;
  readonly airDensitySpread: number;
  /** Per-ball exit speed spread, a fraction [1], and launch angle spread [rad]. */
  readonly exitSpeedSigma: number;
  readonly launchAngleSigma: number;
  readonly ballMass: number;
  readonly ballRadius: number;
}

export const SAME_FAMILY_DEFAULTS: SameFamilyOptions = {
  dragLow: 0.45,
  dragHigh: 0.55,
  nominalEfficiency: 0.5,
  efficiencySpread: 0.1,
  nominalAirDensity: 1.2,
  airDensitySpread: 0.05,
  exitSpeedSigma: 0.002,
  launchAngleSigma: (0.3 * Math.PI) / 180,
  ballMass: 0.6,
  ballRadius: 0.121,
};

export interface SameFamilyTruth {
  readonly dragCoefficient: number;
  readonly efficiency: number;
  readonly airDensity: number;
}

export interface BallDraw {
  /** Relative exit speed error [1] and launch angle error [rad]. */
  readonly speedFactor: number;
  readonly angleError: number;
}

/** The run's true parameters, uniformly inside the bands. */
export function drawSameFamilyTruth(o: SameFamilyOptions, random: SeededRandom): SameFamilyTruth {
  return {
    dragCoefficient: random.between(o.dragLow, o.dragHigh),
    efficiency: o.nominalEfficiency * (1 + random.between(-o.efficiencySpread, o.efficiencySpread)),
    airDensity: o.nominalAirDensity * (1 + random.between(-o.airDensitySpread, o.airDensitySpread)),
  };
}

export function drawBall(o: SameFamilyOptions, random: SeededRandom): BallDraw {
  return { speedFactor: random.gaussian(0, o.exitSpeedSigma), angleError: random.gaussian(0, o.launchAngleSigma) };
}

/** The true flight: the controller's model with the drawn drag and density, at a fine step. */
export function sameFamilyIntegrator(truth: SameFamilyTruth, o: SameFamilyOptions, model: BallisticModel): FlightIntegrator {
  return new FlightIntegrator(
    createBallisticModel({
      ...model,
      air_density_kgpm3: truth.airDensity,
      drag_coefficient: truth.dragCoefficient,
      ball_mass_kg: o.ballMass,
      ball_radius_m: o.ballRadius,
      integration_step_s: 0.005,
      min_entry_angle_rad: 0,
    }),
  );
}
