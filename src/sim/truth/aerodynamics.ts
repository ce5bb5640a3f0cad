/**
 * The simulator's own aerodynamics of a basketball in flight (issue 14 item 1): a drag coefficient
 * that follows the Reynolds number and a Magnus lift coefficient that saturates with the spin
 * ratio, richer than the controller's constant-coefficient model (src/core/ballistics), so the
 * simulated world can differ from what the controller believes in the way a real one does.
 *
 * Nothing here imports from src/core/ballistics: the truth must not share the controller's code.
 */

/** A drag coefficient [1] as a function of the Reynolds number [1]. */
export interface DragCoefficientModel {
  coefficient(reynolds: number): number;
}

/** A Magnus lift coefficient [1] as a function of the spin ratio S = r |omega| / |v| [1]. */
export interface LiftCoefficientModel {
  coefficient(spinRatio: number): number;
}

export interface ReynoldsDragOptions {
  /** Drag coefficient well below the drag crisis [1]. Default 0.50 (basketball 0.47-0.54). */
  readonly subcritical?: number;
  /** Drag coefficient well above the drag crisis [1], at most `subcritical`. Default 0.25. */
  readonly supercritical?: number;
  /** Reynolds number at the middle of the drop [1]. Default 2.5e5. */
  readonly criticalReynolds?: number;
  /** Width of the drop: the logistic's scale in Reynolds number [1]. Default 4e4. */
  readonly transitionWidth?: number;
}

/**
 * Drag coefficient falling smoothly through the drag crisis:
 *
 *   Cd(Re) = Cd_super + (Cd_sub - Cd_super) / (1 + exp((Re - Re_crit) / width)),
 *
 * Re = rho |v| d / mu. A basketball (d = 0.242 m) in a shot spans Re of about 0.8e5 (5 m/s) to 1.9e5 (12 m/s): with the
 * defaults Cd is 0.494 at 1e5, 0.483 at 1.44e5 (a 9 m/s, 6 m shot) and 0.444 at 2e5, near its
 * subcritical value but drifting down at the fastest shots, which a constant Cd cannot follow. It
 * is exactly the mean of the two limits at Re_crit and within 1e-15 of a limit 35 widths away.
 */
export class ReynoldsDrag implements DragCoefficientModel {
  readonly subcritical: number;
  readonly supercritical: number;
  readonly criticalReynolds: number;
  readonly transitionWidth: number;

  constructor(options: ReynoldsDragOptions = {}) {
    this.subcritical = options.subcritical ?? 0.5;
    this.supercritical = options.supercritical ?? 0.25;
    this.criticalReynolds = options.criticalReynolds ?? 2.5e5;
    this.transitionWidth = options.transitionWidth ?? 4e4;
    requireNonNegative("subcritical", this.subcritical);
    requireNonNegative("supercritical", this.supercritical);
    if (!(this.supercritical <= this.subcritical)) {
      throw new Error(`supercritical must be <= subcritical (${this.subcritical}), got ${this.supercritical}`);
    }
    requirePositive("criticalReynolds", this.criticalReynolds);
    requirePositive("transitionWidth", this.transitionWidth);
  }

  /** A Reynolds-independent drag coefficient [1] (both limits equal), as the controller assumes. */
  static constant(dragCoefficient: number): ReynoldsDrag {
    return new ReynoldsDrag({ subcritical: dragCoefficient, supercritical: dragCoefficient });
  }

  /** Drag coefficient [1] at Reynolds number `reynolds` [1]. */
  coefficient(reynolds: number): number {
    const drop = this.subcritical - this.supercritical;
    if (drop === 0) return this.subcritical;
    // exp overflows to Infinity far above the transition, which gives the supercritical limit.
    return this.supercritical + drop / (1 + Math.exp((reynolds - this.criticalReynolds) / this.transitionWidth));
  }
}

export interface SpinLiftOptions {
  /** The a of C_L = S / (a S + b) [1]: 1 / a is the lift coefficient at very high spin. Default 2.022. */
  readonly a?: number;
  /** The b of C_L = S / (a S + b) [1]: 1 / b is the slope dC_L/dS at low spin. Default 0.981. */
  readonly b?: number;
}

/**
 * Magnus lift coefficient saturating with the spin ratio S = r |omega| / |v|:
 *
 *   C_L(S) = S / (a S + b)   (= 1 / (a + b / S)),
 *
 * the form and defaults (a = 2.022, b = 0.981) of Stepanek's fit to wind-tunnel data of spinning
 * balls: A. Stepanek, "The aerodynamics of tennis balls - the topspin lob", American Journal of
 * Physics 56 (1988) 138-142, widely reused for spinning sports balls. No comparable fit exists for
 * a basketball; this one is taken because (1) at the low spin ratios of a launched basketball
 * (S = 0.05-0.3) C_L is close to S (slope 1 / b = 1.02), the controller's own estimate
 * (magnus_lift_coefficient 1.0), and (2) it saturates near 1 / a = 0.49, as measured lift of
 * spinning spheres does, instead of growing without bound at high spin.
 */
export class SpinLift implements LiftCoefficientModel {
  readonly a: number;
  readonly b: number;

  constructor(options: SpinLiftOptions = {}) {
    this.a = options.a ?? 2.022;
    this.b = options.b ?? 0.981;
    requireNonNegative("a", this.a);
    requirePositive("b", this.b);
  }

  /** Lift coefficient [1] at spin ratio `spinRatio` [1]; 0 for no spin. */
  coefficient(spinRatio: number): number {
    return spinRatio > 0 ? spinRatio / (this.a * spinRatio + this.b) : 0;
  }
}

export interface AirPropertiesOptions {
  /** Air density [kg/m^3]. Default 1.2 (sea level, 20 C); 0 is a vacuum. */
  readonly density_kgpm3?: number;
  /** Dynamic viscosity [Pa s]. Default 1.81e-5 (air at 15-20 C). */
  readonly viscosity_Pas?: number;
}

/** The air the ball flies through. */
export class AirProperties {
  /** [kg/m^3] */
  readonly density_kgpm3: number;
  /** [Pa s] */
  readonly viscosity_Pas: number;

  constructor(options: AirPropertiesOptions = {}) {
    this.density_kgpm3 = options.density_kgpm3 ?? 1.2;
    this.viscosity_Pas = options.viscosity_Pas ?? 1.81e-5;
    requireNonNegative("density_kgpm3", this.density_kgpm3);
    requirePositive("viscosity_Pas", this.viscosity_Pas);
  }

  /** Reynolds number rho |v| d / mu [1] of a body of size `length_m` [m] moving at `speed_mps` [m/s]. */
  reynolds(speed_mps: number, length_m: number): number {
    return (this.density_kgpm3 * speed_mps * length_m) / this.viscosity_Pas;
  }
}

function requirePositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a finite number > 0, got ${value}`);
}

function requireNonNegative(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) throw new Error(`${name} must be a finite number >= 0, got ${value}`);
}
