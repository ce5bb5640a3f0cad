import { createBallisticModel, type BallisticModelOptions } from "../core/ballistics/BallisticModel";
import { FlightIntegrator } from "../core/ballistics/FlightIntegrator";
import { solveExitSpeed } from "../core/ballistics/solveExitSpeed";

/** What a team sees of one test shot. */
export interface TestShot {
  /** The distance the robot believed [m] (its estimate at the moment of firing). */
  readonly distance: number;
  /** Wheel speed at release, from the encoder [rad/s]. */
  readonly wheelSpeed: number;
  /** [rad] */
  readonly launchAngle: number;
  /** Where the ball centre crossed the rim plane, beyond (+) or short of (-) the rim centre [m]. */
  readonly along: number;
}

export interface EfficiencyFit {
  /** Exit speed / wheel surface speed [1], the mean over the usable shots. */
  readonly efficiency: number;
  /** Standard deviation of the per-shot values [1]. */
  readonly spread: number;
  readonly used: number;
}

/**
 * The launch efficiency that explains a set of test shots under the team's own (nominal) flight
 * model: each shot's exit speed is the one that lands where the ball was seen to cross, divided
 * by the wheel's surface speed. Drag or density errors fold into the efficiency, as they do when
 * a real team calibrates. Stand-in for src/core/calibration's fitLaunchCalibration until it lands.
 */
export function fitEfficiency(shots: readonly TestShot[], wheelRadius: number, model: BallisticModelOptions = {}): EfficiencyFit {
  if (!(wheelRadius > 0)) throw new Error(`wheelRadius must be > 0 m, got ${wheelRadius}`);
  const integrator = new FlightIntegrator(createBallisticModel({ ...model, min_entry_angle_rad: 0 }));
  const values: number[] = [];
  for (const shot of shots) {
    if (!(Number.isFinite(shot.along) && shot.wheelSpeed > 0 && shot.distance > 0)) continue;
    const landed = solveExitSpeed(integrator, shot.distance + shot.along, shot.launchAngle);
    const solution = landed.kind === "solution" ? landed : landed.nearest;
    if (solution === undefined) continue;
    values.push(solution.exitSpeed_mps / (shot.wheelSpeed * wheelRadius));
  }
  if (values.length === 0) throw new Error(`no usable test shot among ${shots.length}`);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const spread = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { efficiency: mean, spread, used: values.length };
}
