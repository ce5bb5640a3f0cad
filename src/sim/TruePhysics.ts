import { createBallisticModel } from "../core/ballistics/BallisticModel";
import { FlightIntegrator, type TrajectorySamples } from "../core/ballistics/FlightIntegrator";
import type { RimJudge, ShotVerdict } from "./RimJudge";
import type { SeededRandom } from "../core/random/SeededRandom";

/** The nominal values the controller believes, and how far the true world may stray from them. */
export interface TruePhysicsOptions {
  /** Nominal drag coefficient [1]. Default 0.50; the true one is drawn in [dragLow, dragHigh]. */
  readonly dragLow?: number;
  readonly dragHigh?: number;
  /** Nominal launch efficiency [1] (exit speed / wheel surface speed). Default 0.5. */
  readonly nominalEfficiency?: number;
  /** True efficiency within +- this fraction of nominal [1]. Default 0.10. */
  readonly efficiencySpread?: number;
  /** Nominal air density [kg/m^3]. Default 1.2. */
  readonly nominalAirDensity?: number;
  /** True density within +- this fraction [1]. Default 0.05. */
  readonly airDensitySpread?: number;
  /** Per-ball exit speed spread, a fraction [1]. Default 0.002. */
  readonly exitSpeedSigma?: number;
  /** Per-ball launch angle spread [rad]. Default 0.3 deg. */
  readonly launchAngleSigma?: number;
  /** Per-ball sideways spread [rad]. Default 0 (aim is not the launcher's job here). */
  readonly azimuthSigma?: number;
  /** Ball mass [kg] and radius [m]. Defaults 0.60, 0.121. */
  readonly ballMass?: number;
  readonly ballRadius?: number;
}

/** The physics of one run, drawn once: what calibration must discover. */
export interface TrueParameters {
  readonly dragCoefficient: number;
  readonly efficiency: number;
  readonly airDensity: number;
}

/** One ball's own deviation from the command, drawn once per shot and shared with the oracle. */
export interface BallDraw {
  /** Relative exit speed error [1]. */
  readonly speedFactor: number;
  /** [rad] */
  readonly angleError: number;
  readonly azimuthError: number;
}

export interface ShotGeometry {
  /** Release point in the court frame [m] (z above the floor). */
  readonly releaseX: number;
  readonly releaseY: number;
  readonly releaseZ: number;
  /** Horizontal direction the launcher throws [rad]. */
  readonly azimuth: number;
  /** Rim centre [m] and height [m]. */
  readonly hoopX: number;
  readonly hoopY: number;
  readonly rimHeight: number;
}

export interface ShotOutcome {
  readonly verdict: ShotVerdict;
  /** Exit speed [m/s] and launch angle [rad] the ball really had. */
  readonly exitSpeed: number;
  readonly launchAngle: number;
  /** Horizontal distance release -> rim centre [m]. */
  readonly distance: number;
}

export function resolveTruePhysicsOptions(options: TruePhysicsOptions = {}): Required<TruePhysicsOptions> {
  const o: Required<TruePhysicsOptions> = {
    dragLow: 0.45,
    dragHigh: 0.55,
    nominalEfficiency: 0.5,
    efficiencySpread: 0.1,
    nominalAirDensity: 1.2,
    airDensitySpread: 0.05,
    exitSpeedSigma: 0.002,
    launchAngleSigma: (0.3 * Math.PI) / 180,
    azimuthSigma: 0,
    ballMass: 0.6,
    ballRadius: 0.121,
    ...options,
  };
  if (!(o.dragLow >= 0 && o.dragHigh >= o.dragLow)) throw new Error(`need 0 <= dragLow <= dragHigh, got ${o.dragLow} and ${o.dragHigh}`);
  for (const key of ["nominalEfficiency", "nominalAirDensity", "ballMass", "ballRadius"] as const) {
    if (!(o[key] > 0)) throw new Error(`${key} must be > 0, got ${o[key]}`);
  }
  for (const key of ["efficiencySpread", "airDensitySpread", "exitSpeedSigma", "launchAngleSigma", "azimuthSigma"] as const) {
    if (!(o[key] >= 0 && o[key] < 1)) throw new Error(`${key} must be in [0, 1), got ${o[key]}`);
  }
  return o;
}

/** Draws the run's true parameters, uniformly inside the configured bands. */
export function drawTrueParameters(options: Required<TruePhysicsOptions>, random: SeededRandom): TrueParameters {
  return {
    dragCoefficient: random.between(options.dragLow, options.dragHigh),
    efficiency: options.nominalEfficiency * (1 + random.between(-options.efficiencySpread, options.efficiencySpread)),
    airDensity: options.nominalAirDensity * (1 + random.between(-options.airDensitySpread, options.airDensitySpread)),
  };
}

export function drawBall(options: Required<TruePhysicsOptions>, random: SeededRandom): BallDraw {
  return {
    speedFactor: random.gaussian(0, options.exitSpeedSigma),
    angleError: random.gaussian(0, options.launchAngleSigma),
    azimuthError: random.gaussian(0, options.azimuthSigma),
  };
}

/**
 * The true flight of a ball (same physics family as the controller: point mass, quadratic drag)
 * with the run's true drag and air density, judged at the rim.
 */
export class TrueFlight {
  private readonly integrators = new Map<string, FlightIntegrator>();

  constructor(
    readonly truth: TrueParameters,
    readonly options: Required<TruePhysicsOptions>,
    readonly judge: RimJudge,
  ) {}

  /** The flight of the true world for a release height [m] and rim height [m] (cached per pair). */
  integrator(releaseZ: number, rimHeight: number): FlightIntegrator {
    const key = `${releaseZ}:${rimHeight}`;
    let integrator = this.integrators.get(key);
    if (integrator === undefined) {
      integrator = new FlightIntegrator(
        createBallisticModel({
          air_density_kgpm3: this.truth.airDensity,
          drag_coefficient: this.truth.dragCoefficient,
          ball_mass_kg: this.options.ballMass,
          ball_radius_m: this.options.ballRadius,
          release_height_m: releaseZ,
          rim_height_m: rimHeight,
          rim_radius_m: this.judge.rimRadius,
          // The judge, not the model, decides what goes in; a fine step keeps the truth exact.
          integration_step_s: 0.005,
          min_entry_angle_rad: 0,
        }),
      );
      this.integrators.set(key, integrator);
    }
    return integrator;
  }

  /** Flies a ball with the given exit speed [m/s] and launch angle [rad] (before the ball's own draw). */
  fly(geometry: ShotGeometry, exitSpeed: number, launchAngle: number, ball: BallDraw): ShotOutcome {
    const v = exitSpeed * (1 + ball.speedFactor);
    const angle = launchAngle + ball.angleError;
    const azimuth = geometry.azimuth + ball.azimuthError;
    const dx = geometry.hoopX - geometry.releaseX;
    const dy = geometry.hoopY - geometry.releaseY;
    const distance = Math.hypot(dx, dy);
    const outcome = (verdict: ShotVerdict): ShotOutcome => ({ verdict, exitSpeed: v, launchAngle: angle, distance });
    if (!(v > 0 && angle > 0 && angle < Math.PI / 2)) return outcome(this.judge.noCrossing("below_rim"));
    const crossing = this.integrator(geometry.releaseZ, geometry.rimHeight).crossRimPlane(v, angle);
    if (crossing.kind !== "crossing") return outcome(this.judge.noCrossing(crossing.reason));
    // Crossing point relative to the rim centre, split along and across the release -> rim line.
    const cx = geometry.releaseX + crossing.x_m * Math.cos(azimuth) - geometry.hoopX;
    const cy = geometry.releaseY + crossing.x_m * Math.sin(azimuth) - geometry.hoopY;
    const ux = distance > 0 ? dx / distance : Math.cos(azimuth);
    const uy = distance > 0 ? dy / distance : Math.sin(azimuth);
    return outcome(this.judge.judge({ along: cx * ux + cy * uy, across: -cx * uy + cy * ux, entryAngle: crossing.entryAngle_rad }));
  }

  /** Sampled flight for plots [s, m]. */
  trajectory(geometry: ShotGeometry, exitSpeed: number, launchAngle: number): TrajectorySamples {
    return this.integrator(geometry.releaseZ, geometry.rimHeight).trajectory(exitSpeed, launchAngle);
  }
}
