import { definedOnly } from "../../core/ballistics/validate";

/**
 * The true launcher: what a ball really leaves a single flywheel and hood with, richer than the
 * controller's exit speed = efficiency * wheel speed * wheel radius.
 *
 * - Efficiency (exit speed / wheel surface speed at the end of contact) falls with surface speed
 *   s (the ball slips more on a faster wheel): eta = eta0 / (1 + slip * max(0, s - sRef)), the
 *   linear eta0 * (1 - slip * (s - sRef)) to first order but never negative; eta0 below sRef.
 * - The ball changes it (estimates, no measurement behind the exponents): a softer ball deforms
 *   more and loses more to hysteresis, eta scales with pressureFactor^pressureExponent; a heavier
 *   ball slips more while the wheel accelerates it, eta scales with
 *   (nominalBallMass / mass)^massExponent.
 * - The wheel slows while the ball passes, by energy balance:
 *     J w0^2 / 2 = J w1^2 / 2 + (1 + loss) (m v^2 / 2 + I spin^2 / 2),
 *   I = 2/3 m r_b^2 (a basketball is a thin hollow sphere), v = eta(w1 R) w1 R (the ball leaves at
 *   the wheel's speed at the END of contact), spin = spinRatio v / r_b. With K = m (1 + 2/3
 *   spinRatio^2) (1 + loss): w1 = w0 / sqrt(1 + K eta^2 R^2 / J), closed form for a fixed eta, a
 *   fixed point when eta depends on w1 (it converges: the right side grows with w1 while eta
 *   falls, and the slope is small, about 0.03 with the defaults).
 * - Spin: squeezed between the wheel (surface speed s) and a stationary hood, a ball rolling on
 *   both has its centre at s / 2 and spins at s / (2 r_b) = v / r_b: spinRatio 1. Slip on the
 *   wheel lowers both in proportion; slip on the hood (spinRatio < 1) or a hood that grips
 *   harder than the wheel (> 1) changes the ratio. The sense is backspin for a wheel driving the
 *   ball's underside; this model gives the magnitude.
 */

export interface TrueLauncherOptions {
  /** Flywheel radius R [m]. Default 0.0508 (a 4-inch wheel, as the controller's default). */
  readonly wheelRadius_m?: number;
  /** Wheel + rotor inertia J [kg m^2]; Infinity for a wheel the ball cannot slow. Default 1.5e-3 (as FlywheelPlant). */
  readonly wheelInertia_kgm2?: number;
  /** Efficiency eta0 [1] at and below the reference surface speed, for the nominal ball. Default 0.5 (rolling on a stationary hood). */
  readonly efficiencyAtRest?: number;
  /** Fall of efficiency with surface speed above the reference, slip [s/m]. Default 0.005 (estimate: 0.45 at 20 m/s). */
  readonly slipPerSurfaceSpeed?: number;
  /** Surface speed sRef [m/s] below which the ball does not slip. Default 0. Needs slip * sRef < 1 (exit speed rising with wheel speed). */
  readonly referenceSurfaceSpeed?: number;
  /** Exponent k of the ball pressure factor on efficiency [1]. Default 0.1 (estimate: 10 % softer, 1 % slower). */
  readonly pressureExponent?: number;
  /** Ball mass [kg] at which the mass factor is 1. Default 0.6 (mid of the size-7 range 0.567-0.650). */
  readonly nominalBallMass_kg?: number;
  /** Exponent j of (nominal mass / mass) on efficiency [1]. Default 0.1 (estimate: the heaviest legal ball about 0.8 % slower, before the wheel's drop). */
  readonly massExponent?: number;
  /** Energy lost in contact (squeeze, slip), a multiple of the ball's kinetic energy [1]. Default 1 (estimate). */
  readonly lossFactor?: number;
  /** Ball spin over v / r_b [1]. Default 1 (rolling on a stationary hood). */
  readonly spinRatio?: number;
  /** Ball radius r_b [m]. Default 0.121 (size 7). */
  readonly ballRadius_m?: number;
}

export interface LaunchedBall {
  /** Ball mass [kg] (size 7: 0.567-0.650). */
  readonly mass_kg: number;
  /** Inflation relative to nominal [1]: 1 nominal, < 1 soft. */
  readonly pressureFactor: number;
}

export interface LaunchResult {
  /** Speed of the ball's centre leaving the launcher [m/s]. */
  readonly exitSpeed_mps: number;
  /** Ball spin [rad/s] (magnitude; backspin for a wheel driving the underside). */
  readonly spin_radps: number;
  /** Mean wheel speed when the ball has left [rad/s]. */
  readonly wheelSpeedAfter_radps: number;
}

export const DEFAULT_TRUE_LAUNCHER: Readonly<Required<TrueLauncherOptions>> = {
  wheelRadius_m: 0.0508,
  wheelInertia_kgm2: 1.5e-3,
  efficiencyAtRest: 0.5,
  slipPerSurfaceSpeed: 0.005,
  referenceSurfaceSpeed: 0,
  pressureExponent: 0.1,
  nominalBallMass_kg: 0.6,
  massExponent: 0.1,
  lossFactor: 1,
  spinRatio: 1,
  ballRadius_m: 0.121,
};

export class TrueLauncher {
  readonly options: Readonly<Required<TrueLauncherOptions>>;

  constructor(options: TrueLauncherOptions = {}) {
    const o: Required<TrueLauncherOptions> = { ...DEFAULT_TRUE_LAUNCHER, ...definedOnly(options) };
    for (const key of ["wheelRadius_m", "efficiencyAtRest", "nominalBallMass_kg", "ballRadius_m"] as const) {
      if (!(o[key] > 0 && Number.isFinite(o[key]))) throw new Error(`${key} must be a finite number > 0, got ${o[key]}`);
    }
    if (!(o.wheelInertia_kgm2 > 0)) throw new Error(`wheelInertia_kgm2 must be > 0 (Infinity allowed), got ${o.wheelInertia_kgm2}`);
    for (const key of ["slipPerSurfaceSpeed", "referenceSurfaceSpeed", "pressureExponent", "massExponent", "lossFactor", "spinRatio"] as const) {
      if (!(o[key] >= 0 && Number.isFinite(o[key]))) throw new Error(`${key} must be a finite number >= 0, got ${o[key]}`);
    }
    if (!(o.efficiencyAtRest <= 1)) throw new Error(`efficiencyAtRest must be <= 1, got ${o.efficiencyAtRest}`);
    if (!(o.slipPerSurfaceSpeed * o.referenceSurfaceSpeed < 1)) {
      throw new Error(`slipPerSurfaceSpeed * referenceSurfaceSpeed must be < 1 (exit speed rising with wheel speed), got ${o.slipPerSurfaceSpeed} * ${o.referenceSurfaceSpeed}`);
    }
    this.options = o;
  }

  /** Efficiency [1] (exit speed / surface speed) at a surface speed [m/s] for a ball. */
  efficiency(surfaceSpeed_mps: number, ball: LaunchedBall): number {
    const o = this.options;
    const ballFactor = ball.pressureFactor ** o.pressureExponent * (o.nominalBallMass_kg / ball.mass_kg) ** o.massExponent;
    return (o.efficiencyAtRest * ballFactor) / (1 + o.slipPerSurfaceSpeed * Math.max(0, surfaceSpeed_mps - o.referenceSurfaceSpeed));
  }

  /** Energy taken from the wheel per (m/s)^2 of exit speed, K / 2 = m (1 + 2/3 spinRatio^2) (1 + loss) / 2 [kg]. */
  energyPerSpeedSquared(mass_kg: number): number {
    const o = this.options;
    return 0.5 * mass_kg * (1 + (2 / 3) * o.spinRatio ** 2) * (1 + o.lossFactor);
  }

  /**
   * One ball through the launcher, the wheel at `wheelSpeedBefore_radps` [rad/s] (>= 0) as it
   * arrives. Solves w1 = w0 / sqrt(1 + K eta(w1 R)^2 R^2 / J) by fixed-point iteration from
   * eta(w0 R) (the sequence falls monotonically onto the one root, to rounding).
   */
  launch(wheelSpeedBefore_radps: number, ball: LaunchedBall): LaunchResult {
    const w0 = wheelSpeedBefore_radps;
    if (!(w0 >= 0 && Number.isFinite(w0))) throw new Error(`wheelSpeedBefore_radps must be a finite number >= 0, got ${w0}`);
    if (!(ball.mass_kg > 0 && Number.isFinite(ball.mass_kg))) throw new Error(`ball mass_kg must be a finite number > 0, got ${ball.mass_kg}`);
    if (!(ball.pressureFactor > 0 && Number.isFinite(ball.pressureFactor))) throw new Error(`ball pressureFactor must be a finite number > 0, got ${ball.pressureFactor}`);
    const o = this.options;
    const R = o.wheelRadius_m;
    const k = (2 * this.energyPerSpeedSquared(ball.mass_kg)) / o.wheelInertia_kgm2;
    const after = (w: number): number => w0 / Math.sqrt(1 + k * (this.efficiency(w * R, ball) * R) ** 2);
    let w1 = w0;
    let converged = false;
    for (let i = 0; i < 1000 && !converged; i++) {
      const next = after(w1);
      converged = Math.abs(next - w1) <= 1e-14 * w0;
      w1 = next;
    }
    if (!converged) throw new Error(`launch did not converge from ${w0} rad/s (options ${JSON.stringify(o)})`);
    const exitSpeed = this.efficiency(w1 * R, ball) * w1 * R;
    return { exitSpeed_mps: exitSpeed, spin_radps: (o.spinRatio * exitSpeed) / o.ballRadius_m, wheelSpeedAfter_radps: w1 };
  }
}

/**
 * The true launcher whose EFFECTIVE efficiency (exit speed over the wheel's surface speed just
 * before the ball touches it, the ratio a team measures: docs/domain.md's "0.4993 on a 4-inch wheel")
 * is `effective` [1] for `ball` at `referenceSurfaceSpeed_mps` [m/s]: its efficiency at rest
 * solved by bisection, so the wheel's drop and the slip are inside the figure, not on top of it.
 */
export function launcherWithEffectiveEfficiency(options: TrueLauncherOptions, effective: number, referenceSurfaceSpeed_mps: number, ball: LaunchedBall): TrueLauncher {
  if (!(effective > 0 && effective < 1)) throw new Error(`effective efficiency must be in (0, 1), got ${effective}`);
  if (!(referenceSurfaceSpeed_mps > 0)) throw new Error(`referenceSurfaceSpeed_mps must be > 0, got ${referenceSurfaceSpeed_mps}`);
  const radius = options.wheelRadius_m ?? DEFAULT_TRUE_LAUNCHER.wheelRadius_m;
  const wheelSpeed = referenceSurfaceSpeed_mps / radius;
  const effectiveOf = (atRest: number): number => new TrueLauncher({ ...options, efficiencyAtRest: atRest }).launch(wheelSpeed, ball).exitSpeed_mps / referenceSurfaceSpeed_mps;
  if (!(effectiveOf(1) >= effective)) throw new Error(`no efficiency at rest <= 1 gives an effective ${effective} (the wheel's drop and slip allow at most ${effectiveOf(1).toFixed(4)})`);
  let low = 0;
  let high = 1;
  while (high - low > 1e-12) {
    const mid = (low + high) / 2;
    if (effectiveOf(mid) < effective) low = mid;
    else high = mid;
  }
  return new TrueLauncher({ ...options, efficiencyAtRest: (low + high) / 2 });
}
