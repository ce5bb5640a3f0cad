/**
 * The simulator's own, richer, true flight of a ball (issue 14 item 1): 3D, court frame `map`
 * (x, y on the floor, z up, heights above the floor), drag with a Reynolds-dependent coefficient,
 * Magnus lift with a saturating lift coefficient, spin that may decay, integrated by its own
 * adaptive Dormand-Prince RK45. It imports nothing from src/core/ballistics: the truth the oracle
 * judges shots by must not share the controller's model or its integrator.
 */
import { AirProperties, ReynoldsDrag, SpinLift, type DragCoefficientModel, type LiftCoefficientModel } from "./aerodynamics";

export interface Vec3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** The ball as it leaves the launcher, court frame. */
export interface BallLaunch {
  /** Ball centre [m] (z above the floor). */
  readonly position: Vec3;
  /** Velocity [m/s] relative to the court: already including the robot's own velocity. */
  readonly velocity: Vec3;
  /** Angular velocity [rad/s] (right-hand rule); see backspinFor. */
  readonly spin: Vec3;
}

/**
 * Where the ball centre first comes down through a horizontal plane; or below_plane: it turned
 * down below the plane without having come down through it; or timeout: maxTime_s passed first.
 */
export type PlaneCrossing =
  | {
      readonly kind: "crossing";
      /** Time of flight from release [s]. */
      readonly time_s: number;
      /** Ball centre [m] (z = the plane's height). */
      readonly position: Vec3;
      /** [m/s] (z < 0: descending). */
      readonly velocity: Vec3;
    }
  | { readonly kind: "below_plane" }
  | { readonly kind: "timeout" };

/** Sampled flight for plots: times [s] and ball-centre positions [m], court frame. */
export interface TrueTrajectorySamples {
  readonly t_s: number[];
  readonly x_m: number[];
  readonly y_m: number[];
  readonly z_m: number[];
}

export interface TrueBallFlightOptions {
  /** Gravitational acceleration [m/s^2], along -z. Default 9.80665 (standard gravity). */
  readonly gravity_mps2?: number;
  /** Ball mass [kg], the plain mass: see TrueBallFlight. Default 0.60 (size-7 basketball). */
  readonly ballMass_kg?: number;
  /** Ball radius [m]. Default 0.121. */
  readonly ballRadius_m?: number;
  /** Density and viscosity of the air. Default new AirProperties(): 1.2 kg/m^3, 1.81e-5 Pa s. */
  readonly air?: AirProperties;
  /** Drag coefficient against Reynolds number. Default new ReynoldsDrag(). */
  readonly drag?: DragCoefficientModel;
  /** Magnus lift coefficient against spin ratio. Default new SpinLift(). */
  readonly lift?: LiftCoefficientModel;
  /** Spin decays as exp(-t / this) [s]. Default Infinity: the spin stays as launched. */
  readonly spinDecayTime_s?: number;
  /** Give up a flight after this long [s]. Default 5. */
  readonly maxTime_s?: number;
  /**
   * Error control per step: the local error estimate of each state component must stay below
   * absoluteTolerance + relativeTolerance * |component| (RMS over the six components). Defaults
   * 1e-9 [1] and 1e-9 [m, m/s]: the crossing point of a 6 m shot is then good to about 1e-9 m
   * (test/sim/truth), far below 0.1 mm.
   */
  readonly relativeTolerance?: number;
  readonly absoluteTolerance?: number;
}

// Dormand-Prince 5(4) (J. R. Dormand, P. J. Prince, "A family of embedded Runge-Kutta formulae",
// J. Comput. Appl. Math. 6 (1980) 19-26): nodes C, stage weights A, fifth-order weights B (the
// seventh stage is the end point, first-same-as-last), and E = B - B* with B* the fourth-order weights.
const C2 = 1 / 5;
const C3 = 3 / 10;
const C4 = 4 / 5;
const C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40;
const A32 = 9 / 40;
const A41 = 44 / 45;
const A42 = -56 / 15;
const A43 = 32 / 9;
const A51 = 19372 / 6561;
const A52 = -25360 / 2187;
const A53 = 64448 / 6561;
const A54 = -212 / 729;
const A61 = 9017 / 3168;
const A62 = -355 / 33;
const A63 = 46732 / 5247;
const A64 = 49 / 176;
const A65 = -5103 / 18656;
const B1 = 35 / 384;
const B3 = 500 / 1113;
const B4 = 125 / 192;
const B5 = -2187 / 6784;
const B6 = 11 / 84;
const E1 = 71 / 57600;
const E3 = -71 / 16695;
const E4 = 71 / 1920;
const E5 = -17253 / 339200;
const E6 = 22 / 525;
const E7 = -1 / 40;
/**
 * Fourth-order continuous extension of the step (L. F. Shampine, "Some practical Runge-Kutta
 * formulas", Math. Comp. 46 (1986) 135-150, as in SciPy's RK45): y(t0 + theta h) = y0 +
 * h sum_i K_i sum_j P[i][j] theta^(j+1), row-major 7 x 4. It equals the step's end point at theta = 1.
 */
const P = new Float64Array([
  1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432,
  0, 0, 0, 0,
  0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799,
  0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072,
  0, 127303824393 / 49829197408, -318862633887 / 49829197408, 701980252875 / 199316789632,
  0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844,
  0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423,
]);
/** Step-size control (E. Hairer, S. P. Norsett, G. Wanner, Solving ODEs I, II.4): factor bounds and safety. */
const SAFETY = 0.9;
const MAX_GROWTH = 10;
const MIN_SHRINK = 0.2;
/** State layout: x, y, z [m], vx, vy, vz [m/s]; stage s of the derivative at s * STATE. */
const STATE = 6;

const BELOW_PLANE: PlaneCrossing = Object.freeze({ kind: "below_plane" });
const TIMEOUT: PlaneCrossing = Object.freeze({ kind: "timeout" });

type SearchEnd = "crossing" | "below_plane" | "timeout";

/**
 * The true flight of a ball: a point mass m under
 *
 *   m a = m g + drag + Magnus,   drag = -0.5 rho A Cd(Re) |v| v,   Magnus = 0.5 rho A C_L(S) |v|^2 (w^ x v^),
 *
 * with A = pi r^2, Re = rho |v| 2r / mu, S = r |w| / |v|, w^ and v^ the unit spin and velocity (the
 * Magnus force is thus perpendicular to both and scales with the sine of the angle between them).
 * The spin axis keeps its direction (the aerodynamic torque on a sphere opposes the spin, it does
 * not turn it) and the rate decays as exp(-t / spinDecayTime_s), not at all by default. There is
 * no wind: v is also the velocity relative to the air.
 *
 * Effective mass: m is the plain ball mass. The added mass of a sphere accelerating through air
 * (0.5 rho V, 0.74 % of a basketball's mass) and the buoyancy (rho V g, 1.5 % of its weight) are
 * left out on purpose, as the controller's model leaves them out, so that the truth differs from
 * the controller in the aerodynamic coefficients only; a measured Cd absorbs part of them anyway.
 *
 * Integration: adaptive Dormand-Prince 5(4) with first-same-as-last, error control per step
 * (relative and absolute tolerances, RMS norm) and the standard step-size controller. A crossing
 * of the plane is bracketed in a step, located on the step's continuous extension (safeguarded
 * Newton), then refined by a Dormand-Prince step from the step start exactly to that time and a
 * last Taylor correction onto the plane, so the crossing is as accurate as a step end.
 *
 * Speed: the oracle flies thousands of balls per match. The state, the stages and the scratch are
 * preallocated Float64Arrays and the acceleration writes into them; a flight allocates only its
 * result. One instance is not re-entrant (one flight at a time), which JavaScript guarantees.
 */
export class TrueBallFlight {
  readonly gravity_mps2: number;
  readonly ballMass_kg: number;
  readonly ballRadius_m: number;
  readonly air: AirProperties;
  readonly drag: DragCoefficientModel;
  readonly lift: LiftCoefficientModel;
  readonly spinDecayTime_s: number;
  readonly maxTime_s: number;
  readonly relativeTolerance: number;
  readonly absoluteTolerance: number;

  /** 0.5 rho A / m [1/m]: aerodynamic force / (m Cd |v|^2). */
  private readonly kAero: number;
  /** rho d / mu [s/m]: Reynolds number per unit speed. */
  private readonly reynoldsPerSpeed: number;
  /** 1 / spinDecayTime_s [1/s], 0 for no decay. */
  private readonly spinDecayRate: number;

  // The flight in progress. Step from (t0, y0) by hStep to (t1, y1), stages in k (7 x STATE).
  private readonly y0 = new Float64Array(STATE);
  private readonly y1 = new Float64Array(STATE);
  private readonly ys = new Float64Array(STATE);
  private readonly k = new Float64Array(7 * STATE);
  private t0 = 0;
  private t1 = 0;
  private hStep = 0;
  private hNext = 0;
  private stepped = false;
  // Launch spin: unit axis and rate [rad/s].
  private spinX = 0;
  private spinY = 0;
  private spinZ = 0;
  private spinRate = 0;
  // The located crossing: time and state; stages of the refining step.
  private tc = 0;
  private readonly yc = new Float64Array(STATE);
  private readonly kc = new Float64Array(7 * STATE);
  // Continuous extension of one component minus a level: p0 + p1 th + p2 th^2 + p3 th^3 + p4 th^4.
  private p0 = 0;
  private p1 = 0;
  private p2 = 0;
  private p3 = 0;
  private p4 = 0;

  constructor(options: TrueBallFlightOptions = {}) {
    this.gravity_mps2 = options.gravity_mps2 ?? 9.80665;
    this.ballMass_kg = options.ballMass_kg ?? 0.6;
    this.ballRadius_m = options.ballRadius_m ?? 0.121;
    this.air = options.air ?? new AirProperties();
    this.drag = options.drag ?? new ReynoldsDrag();
    this.lift = options.lift ?? new SpinLift();
    this.spinDecayTime_s = options.spinDecayTime_s ?? Infinity;
    this.maxTime_s = options.maxTime_s ?? 5;
    this.relativeTolerance = options.relativeTolerance ?? 1e-9;
    this.absoluteTolerance = options.absoluteTolerance ?? 1e-9;
    requirePositive("gravity_mps2", this.gravity_mps2);
    requirePositive("ballMass_kg", this.ballMass_kg);
    requirePositive("ballRadius_m", this.ballRadius_m);
    if (!(this.spinDecayTime_s > 0)) throw new Error(`spinDecayTime_s must be > 0 (Infinity: no decay), got ${this.spinDecayTime_s}`);
    requirePositive("maxTime_s", this.maxTime_s);
    if (!(this.relativeTolerance >= 1e-13 && this.relativeTolerance <= 0.1)) {
      throw new Error(`relativeTolerance must be in [1e-13, 0.1], got ${this.relativeTolerance}`);
    }
    requirePositive("absoluteTolerance", this.absoluteTolerance);
    const r = this.ballRadius_m;
    this.kAero = (0.5 * this.air.density_kgpm3 * Math.PI * r * r) / this.ballMass_kg;
    this.reynoldsPerSpeed = this.air.reynolds(1, 2 * r);
    this.spinDecayRate = 1 / this.spinDecayTime_s;
  }

  /**
   * Flies `launch` until the ball centre first comes down through the horizontal plane z = planeZ
   * [m]. The ball may start below the plane and rise through it first, or start above it.
   * below_plane as soon as it is descending at or below the plane without having come down
   * through it (a ball launched exactly at the plane going down counts as below); a ball whose
   * lift exceeded its weight could rise again afterwards, which no shot does.
   */
  crossDescending(launch: BallLaunch, planeZ: number): PlaneCrossing {
    requireFiniteValue("planeZ", planeZ);
    this.start(launch);
    const end = this.search(planeZ);
    if (end === "below_plane") return BELOW_PLANE;
    if (end === "timeout") return TIMEOUT;
    const y = this.yc;
    return {
      kind: "crossing",
      time_s: this.tc,
      position: { x: at(y, 0), y: at(y, 1), z: at(y, 2) },
      velocity: { x: at(y, 3), y: at(y, 4), z: at(y, 5) },
    };
  }

  /**
   * The flight sampled at `maxPoints` (>= 2) evenly spaced times from release to the crossing of
   * z = planeZ [m]; a ball that does not come down through the plane is followed on until its
   * bottom touches the floor (centre at the ball radius) or maxTime_s. For plots, not the loop.
   */
  trajectory(launch: BallLaunch, planeZ: number, maxPoints = 200): TrueTrajectorySamples {
    requireFiniteValue("planeZ", planeZ);
    if (!(Number.isInteger(maxPoints) && maxPoints >= 2)) throw new Error(`maxPoints must be an integer >= 2, got ${maxPoints}`);
    this.start(launch);
    let end = this.search(planeZ);
    if (end === "below_plane") end = this.search(this.ballRadius_m);
    const last = end === "crossing" ? this.yc : this.y1;
    const tEnd = end === "crossing" ? this.tc : this.t1;
    const endX = at(last, 0);
    const endY = at(last, 1);
    const endZ = at(last, 2);
    // Second pass through the same (deterministic) steps, sampling their continuous extensions.
    this.start(launch);
    const out: TrueTrajectorySamples = { t_s: [0], x_m: [at(this.y0, 0)], y_m: [at(this.y0, 1)], z_m: [at(this.y0, 2)] };
    if (tEnd > 0) {
      for (let i = 1; i < maxPoints - 1; i++) {
        const t = (i * tEnd) / (maxPoints - 1);
        while (this.t1 < t) this.advance();
        const theta = (t - this.t0) / this.hStep;
        out.t_s.push(t);
        out.x_m.push(this.dense(0, theta));
        out.y_m.push(this.dense(1, theta));
        out.z_m.push(this.dense(2, theta));
      }
    }
    out.t_s.push(tEnd);
    out.x_m.push(endX);
    out.y_m.push(endY);
    out.z_m.push(endZ);
    return out;
  }

  /** Sets up a flight: state, spin, first derivative and first step. */
  private start(launch: BallLaunch): void {
    const { position: p, velocity: v, spin: w } = launch;
    requireFiniteVec("launch.position", p);
    requireFiniteVec("launch.velocity", v);
    requireFiniteVec("launch.spin", w);
    const y = this.y0;
    y[0] = p.x;
    y[1] = p.y;
    y[2] = p.z;
    y[3] = v.x;
    y[4] = v.y;
    y[5] = v.z;
    this.y1.set(y);
    const rate = Math.sqrt(w.x * w.x + w.y * w.y + w.z * w.z);
    this.spinRate = rate;
    this.spinX = rate > 0 ? w.x / rate : 0;
    this.spinY = rate > 0 ? w.y / rate : 0;
    this.spinZ = rate > 0 ? w.z / rate : 0;
    this.t0 = 0;
    this.t1 = 0;
    this.hStep = 0;
    this.stepped = false;
    this.derivative(0, y, this.k, 0);
    this.hNext = this.initialStep();
  }

  /**
   * Steps until the first descending crossing of z = level [m] (located into tc, yc), the ball
   * descending at or below the level without one, or maxTime_s.
   */
  private search(level: number): SearchEnd {
    const y0 = this.y0;
    const y1 = this.y1;
    while (this.t1 < this.maxTime_s) {
      this.advance();
      const z0 = at(y0, 2);
      const z1 = at(y1, 2);
      const vz1 = at(y1, 5);
      if (z0 > level && z1 <= level) {
        this.locate(level, 0, 1);
        return "crossing";
      }
      // Both ends at or below the level, the apex inside the step: it may have risen above the
      // level and come down through it within the step (a grazing shot with a long step).
      if (at(y0, 5) > 0 && vz1 < 0 && z1 <= level) {
        const apex = this.root(5, 0, 0, 1);
        if (this.dense(2, apex) > level) {
          this.locate(level, apex, 1);
          return "crossing";
        }
      }
      if (vz1 <= 0 && z1 <= level) return "below_plane";
    }
    return "timeout";
  }

  /** The crossing of z = level inside the last step, between the fractions lo and hi (z above at lo, not above at hi). */
  private locate(level: number, lo: number, hi: number): void {
    const theta = this.root(2, level, lo, hi);
    // A step from the step start straight to the crossing, then a Taylor correction onto the plane.
    const h = theta * this.hStep;
    const kc = this.kc;
    const yc = this.yc;
    for (let i = 0; i < STATE; i++) kc[i] = at(this.k, i);
    this.solve(this.t0, this.y0, h, kc, yc);
    this.derivative(this.t0 + h, yc, kc, STATE);
    const vz = at(yc, 5);
    const dt = vz < 0 ? (level - at(yc, 2)) / vz : 0;
    for (let i = 0; i < 3; i++) {
      const a = at(kc, STATE + 3 + i);
      yc[i] = at(yc, i) + dt * (at(yc, 3 + i) + 0.5 * dt * a);
      yc[3 + i] = at(yc, 3 + i) + dt * a;
    }
    yc[2] = level;
    this.tc = this.t0 + h + dt;
  }

  /**
   * One accepted step from (t1, y1) of the previous step, or from the launch: retries with a
   * smaller step while the error estimate exceeds the tolerance. Never steps past maxTime_s.
   */
  private advance(): void {
    const y0 = this.y0;
    const y1 = this.y1;
    const k = this.k;
    if (this.stepped) {
      y0.set(y1);
      k.copyWithin(0, 6 * STATE, 7 * STATE);
      this.t0 = this.t1;
    }
    const t0 = this.t0;
    const remaining = this.maxTime_s - t0;
    let rejected = false;
    for (;;) {
      const h = Math.min(this.hNext, remaining);
      this.solve(t0, y0, h, k, y1);
      this.derivative(t0 + h, y1, k, 6 * STATE);
      const err = this.errorNorm(h);
      if (err <= 1) {
        this.hStep = h;
        this.t1 = h === remaining ? this.maxTime_s : t0 + h;
        this.stepped = true;
        const grow = err === 0 ? MAX_GROWTH : Math.min(MAX_GROWTH, SAFETY * Math.pow(err, -0.2));
        // After a rejection, do not grow straight back into it.
        this.hNext = h * (rejected ? Math.min(1, grow) : grow);
        return;
      }
      // Also a NaN error (a non-finite state) lands here and shrinks the step until it gives up.
      this.hNext = h * (err < Infinity ? Math.max(MIN_SHRINK, SAFETY * Math.pow(err, -0.2)) : MIN_SHRINK);
      rejected = true;
      if (!(this.hNext > 1e-12)) {
        throw new Error(`flight integration failed at t = ${t0} s: step ${this.hNext} s, state [${Array.from(y0).join(", ")}]`);
      }
    }
  }

  /**
   * Stages 2-6 of a Dormand-Prince step of h [s] from (t, y), given k's first stage f(t, y), and its
   * fifth-order end state into `out`. The acceleration depends on the velocity (and time) only, so
   * the stage states need their velocities only.
   */
  private solve(t: number, y: Float64Array, h: number, k: Float64Array, out: Float64Array): void {
    const s = this.ys;
    for (let i = 3; i < STATE; i++) s[i] = at(y, i) + h * A21 * at(k, i);
    this.derivative(t + C2 * h, s, k, STATE);
    for (let i = 3; i < STATE; i++) s[i] = at(y, i) + h * (A31 * at(k, i) + A32 * at(k, STATE + i));
    this.derivative(t + C3 * h, s, k, 2 * STATE);
    for (let i = 3; i < STATE; i++) s[i] = at(y, i) + h * (A41 * at(k, i) + A42 * at(k, STATE + i) + A43 * at(k, 2 * STATE + i));
    this.derivative(t + C4 * h, s, k, 3 * STATE);
    for (let i = 3; i < STATE; i++) {
      s[i] = at(y, i) + h * (A51 * at(k, i) + A52 * at(k, STATE + i) + A53 * at(k, 2 * STATE + i) + A54 * at(k, 3 * STATE + i));
    }
    this.derivative(t + C5 * h, s, k, 4 * STATE);
    for (let i = 3; i < STATE; i++) {
      s[i] =
        at(y, i) +
        h * (A61 * at(k, i) + A62 * at(k, STATE + i) + A63 * at(k, 2 * STATE + i) + A64 * at(k, 3 * STATE + i) + A65 * at(k, 4 * STATE + i));
    }
    this.derivative(t + h, s, k, 5 * STATE);
    for (let i = 0; i < STATE; i++) {
      out[i] =
        at(y, i) +
        h * (B1 * at(k, i) + B3 * at(k, 2 * STATE + i) + B4 * at(k, 3 * STATE + i) + B5 * at(k, 4 * STATE + i) + B6 * at(k, 5 * STATE + i));
    }
  }

  /** RMS over the state of the step's error estimate, in units of the tolerance (accept when <= 1). */
  private errorNorm(h: number): number {
    const k = this.k;
    let sum = 0;
    for (let i = 0; i < STATE; i++) {
      const e =
        h *
        (E1 * at(k, i) +
          E3 * at(k, 2 * STATE + i) +
          E4 * at(k, 3 * STATE + i) +
          E5 * at(k, 4 * STATE + i) +
          E6 * at(k, 5 * STATE + i) +
          E7 * at(k, 6 * STATE + i));
      const scale = this.absoluteTolerance + this.relativeTolerance * Math.max(Math.abs(at(this.y0, i)), Math.abs(at(this.y1, i)));
      sum += (e / scale) * (e / scale);
    }
    return Math.sqrt(sum / STATE);
  }

  /** First step [s] (Hairer, Norsett, Wanner, Solving ODEs I, II.4): a fifth of the scale the derivatives change over. */
  private initialStep(): number {
    const y = this.y0;
    const k = this.k;
    const s = this.ys;
    let d0 = 0;
    let d1 = 0;
    for (let i = 0; i < STATE; i++) {
      const scale = this.absoluteTolerance + this.relativeTolerance * Math.abs(at(y, i));
      d0 += (at(y, i) / scale) ** 2;
      d1 += (at(k, i) / scale) ** 2;
    }
    d0 = Math.sqrt(d0 / STATE);
    d1 = Math.sqrt(d1 / STATE);
    const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
    for (let i = 3; i < STATE; i++) s[i] = at(y, i) + h0 * at(k, i);
    // Stage slot 1 as scratch: it is overwritten by the first step.
    this.derivative(h0, s, k, STATE);
    let d2 = 0;
    for (let i = 0; i < STATE; i++) {
      const scale = this.absoluteTolerance + this.relativeTolerance * Math.abs(at(y, i));
      // Position derivatives at h0 are the velocities there: s for i >= 3, y + h0 a for i < 3.
      d2 += ((at(k, STATE + i) - at(k, i)) / scale) ** 2;
    }
    d2 = Math.sqrt(d2 / STATE) / h0;
    const dMax = Math.max(d1, d2);
    const h1 = dMax <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / dMax, 0.2);
    return Math.min(100 * h0, h1, this.maxTime_s);
  }

  /**
   * The derivative of the state y at time t [s] into k[offset..offset+5]: velocity [m/s] and
   * acceleration [m/s^2] (gravity, drag, Magnus). Reads the velocity only.
   */
  private derivative(t: number, y: Float64Array, k: Float64Array, offset: number): void {
    const vx = at(y, 3);
    const vy = at(y, 4);
    const vz = at(y, 5);
    k[offset] = vx;
    k[offset + 1] = vy;
    k[offset + 2] = vz;
    let ax = 0;
    let ay = 0;
    let az = -this.gravity_mps2;
    const speed = Math.sqrt(vx * vx + vy * vy + vz * vz);
    if (speed > 0 && this.kAero > 0) {
      // -0.5 rho A Cd |v| v / m
      const kd = this.kAero * this.drag.coefficient(this.reynoldsPerSpeed * speed) * speed;
      ax -= kd * vx;
      ay -= kd * vy;
      az -= kd * vz;
      if (this.spinRate > 0) {
        const rate = this.spinDecayRate > 0 ? this.spinRate * Math.exp(-t * this.spinDecayRate) : this.spinRate;
        // 0.5 rho A C_L |v|^2 (w^ x v^) / m = kAero C_L |v| (w^ x v)
        const kl = this.kAero * this.lift.coefficient((this.ballRadius_m * rate) / speed) * speed;
        ax += kl * (this.spinY * vz - this.spinZ * vy);
        ay += kl * (this.spinZ * vx - this.spinX * vz);
        az += kl * (this.spinX * vy - this.spinY * vx);
      }
    }
    k[offset + 3] = ax;
    k[offset + 4] = ay;
    k[offset + 5] = az;
  }

  /** Loads the last step's continuous extension of state component c, minus `level`, into p0..p4. */
  private extension(c: number, level: number): void {
    const k = this.k;
    const h = this.hStep;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    let q4 = 0;
    for (let s = 0; s < 7; s++) {
      const ks = at(k, s * STATE + c);
      q1 += ks * at(P, 4 * s);
      q2 += ks * at(P, 4 * s + 1);
      q3 += ks * at(P, 4 * s + 2);
      q4 += ks * at(P, 4 * s + 3);
    }
    this.p0 = at(this.y0, c) - level;
    this.p1 = h * q1;
    this.p2 = h * q2;
    this.p3 = h * q3;
    this.p4 = h * q4;
  }

  /** State component c at fraction theta [0, 1] of the last step. */
  private dense(c: number, theta: number): number {
    this.extension(c, 0);
    return this.polynomial(theta);
  }

  /** The loaded extension p0..p4 at theta. */
  private polynomial(theta: number): number {
    return this.p0 + theta * (this.p1 + theta * (this.p2 + theta * (this.p3 + theta * this.p4)));
  }

  /**
   * The fraction of the last step where component c's continuous extension comes down through
   * `level`, in [lo, hi] with the extension above the level at lo and not above it at hi:
   * Newton's method kept inside the shrinking bracket, bisecting when it would leave it.
   */
  private root(c: number, level: number, lo: number, hi: number): number {
    this.extension(c, level);
    let a = lo;
    let b = hi;
    const fa = this.polynomial(a);
    const fb = this.polynomial(b);
    let theta = fa - fb > 0 ? a + ((b - a) * fa) / (fa - fb) : 0.5 * (a + b);
    for (let i = 0; i < 60; i++) {
      const f = this.polynomial(theta);
      if (f === 0) return theta;
      if (f > 0) a = theta;
      else b = theta;
      const slope = this.p1 + theta * (2 * this.p2 + theta * (3 * this.p3 + theta * 4 * this.p4));
      let next = theta - f / slope;
      if (!(next > a && next < b)) next = 0.5 * (a + b);
      if (Math.abs(next - theta) <= 1e-14 || b - a <= 1e-14) return next;
      theta = next;
    }
    return theta;
  }
}

/**
 * Angular velocity [rad/s] of pure backspin at `spinRate` [rad/s] for a ball moving with
 * `velocity` [m/s]: the axis is horizontal and perpendicular to the horizontal velocity, turned so
 * that the Magnus force w x v points up for a ball moving forward (the bottom of the ball turns
 * forward). A negative spinRate gives topspin. Throws when the velocity has no horizontal part.
 */
export function backspinFor(velocity: Vec3, spinRate: number): Vec3 {
  requireFiniteVec("velocity", velocity);
  requireFiniteValue("spinRate", spinRate);
  const horizontal = Math.hypot(velocity.x, velocity.y);
  if (!(horizontal > 0)) {
    throw new Error(`backspin needs a horizontal velocity, got (${velocity.x}, ${velocity.y}, ${velocity.z}) m/s`);
  }
  // Axis (horizontal direction) x z: for +x motion, -y.
  return { x: (spinRate * velocity.y) / horizontal, y: (-spinRate * velocity.x) / horizontal, z: 0 };
}

function at(a: Float64Array, i: number): number {
  return a[i] ?? 0;
}

function requirePositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a finite number > 0, got ${value}`);
}

function requireFiniteValue(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new Error(`${name} must be a finite number, got ${value}`);
}

function requireFiniteVec(name: string, v: Vec3): void {
  if (!(Number.isFinite(v.x) && Number.isFinite(v.y) && Number.isFinite(v.z))) {
    throw new Error(`${name} must be finite, got (${v.x}, ${v.y}, ${v.z})`);
  }
}
