import type { BallisticModel } from "./BallisticModel";

/**
 * The horizontal velocity of the launcher relative to the court (and so to the still air) that the
 * ball keeps when it leaves, split on the horizontal line from the release point to the rim centre
 * [m/s]. A moving shot is flown in the court frame: the launcher aims off that line just enough to
 * cancel the sideways part, so the ball's horizontal velocity points at the rim centre and the
 * flight stays in the vertical plane through it (drag acts along the velocity, gravity is
 * vertical), with the initial horizontal speed `along + sqrt((v cos theta)^2 - across^2)`. Drag
 * acts on that whole court-relative velocity.
 */
export interface ShotCarry {
  /** Along the line, positive towards the rim centre [m/s]. */
  readonly along_mps: number;
  /** Across it, positive to the left of the line seen from the release point (REP-103) [m/s]. */
  readonly across_mps: number;
}

/** The ball centre passing down through the rim plane. */
export interface RimCrossing {
  readonly kind: "crossing";
  /** Horizontal distance from the release point at the crossing [m]. */
  readonly x_m: number;
  /** Time of flight from release to the crossing [s]. */
  readonly time_s: number;
  /** Velocity at the crossing [m/s] (vz < 0: descending). */
  readonly vx_mps: number;
  readonly vz_mps: number;
  /** Angle of the velocity below horizontal at the crossing [rad]. */
  readonly entryAngle_rad: number;
  /** d(crossing x)/d(exit speed) [m per m/s = s]. */
  readonly dxdSpeed_s: number;
  /** d(crossing x)/d(launch angle) [m/rad]. */
  readonly dxdAngle_mprad: number;
  /** d(time of flight)/d(exit speed) [s per m/s]. */
  readonly dtdSpeed_spmps: number;
}

/** The flight ended without coming down through the rim plane. */
export interface NoRimCrossing {
  readonly kind: "no_crossing";
  /** below_rim: the ball turned down before reaching rim height; timeout: max_flight_time_s passed. */
  readonly reason: "below_rim" | "timeout";
  /** Highest point reached [m above the floor] (to the step, good enough for a message). */
  readonly apexHeight_m: number;
}

export type FlightOutcome = RimCrossing | NoRimCrossing;

/** Sampled flight for plots and rviz markers: release to the rim-plane crossing (or the floor). */
export interface TrajectorySamples {
  readonly t_s: number[];
  readonly x_m: number[];
  readonly z_m: number[];
}

/**
 * Point-mass flight with quadratic drag, Magnus lift from backspin and gravity, integrated by a
 * fixed-step RK4. The descending crossing of the rim plane is located inside its step by cubic
 * Hermite interpolation of the RK4 end states (positions and velocities, plus the accelerations
 * for the velocity), which is as accurate as RK4 itself: 0.2 um at most at the default 40 ms
 * step, far below the 1 mm required (test/core/ballistics and the benchmark check it against
 * src/bench/referenceFlight.ts, a 10 us semi-implicit Euler reference whose own error is 0.08 mm;
 * test/sim/truth against the simulator's adaptive Dormand-Prince flight).
 *
 * The acceleration depends on the velocity only (drag, lift, gravity), so the state is plain
 * locals and one call allocates nothing but its result: the node solves every 10 ms control
 * cycle (100 Hz), a flight or more per time-of-flight iteration of a moving shot.
 */
export class FlightIntegrator {
  readonly model: BallisticModel;
  private readonly g: number;
  /** Drag: a = -kDrag |v| v [1/m]. */
  private readonly kDrag: number;
  /** Magnus: a = kLift * (-vz, vx) [1/s] (backspin lifts a ball moving forward). */
  private readonly kLift: number;
  private readonly h: number;
  private readonly z0: number;
  private readonly zRim: number;
  private readonly maxSteps: number;
  // Scratch for the acceleration, to avoid allocating a pair on every call.
  private ax = 0;
  private az = 0;
  /** The top of the flight inside the step descentStart last looked at, when the ball turned over in it [m]; -Infinity otherwise. */
  private stepTop = -Infinity;

  constructor(model: BallisticModel) {
    this.model = model;
    const area = Math.PI * model.ball_radius_m * model.ball_radius_m;
    this.g = model.gravity_mps2;
    this.kDrag = (model.air_density_kgpm3 * model.drag_coefficient * area) / (2 * model.ball_mass_kg);
    this.kLift =
      (model.air_density_kgpm3 * area * model.magnus_lift_coefficient * model.ball_radius_m * model.backspin_radps) /
      (2 * model.ball_mass_kg);
    this.h = model.integration_step_s;
    this.z0 = model.release_height_m;
    this.zRim = model.rim_height_m;
    this.maxSteps = Math.ceil(model.max_flight_time_s / model.integration_step_s);
  }

  /**
   * Flies a ball released at `exitSpeed_mps` [m/s], `launchAngle_rad` [rad] above horizontal, from
   * the release point, and returns where it comes down through the rim plane, with the
   * sensitivities of that crossing to the exit speed and the launch angle.
   *
   * The sensitivities come from the variational equations integrated beside the flight (the
   * derivative of the state with respect to each initial condition obeys d(dv)/dt = J(v) dv, J the
   * Jacobian of the acceleration), not from extra flights: one flight gives the solver its Newton
   * step and the make probability its error propagation.
   *
   * With a `carry` (a launcher moving relative to the court, see ShotCarry) the exit speed and the
   * launch angle are the launcher's, relative to itself, and the flight is the court-frame one:
   * initial horizontal speed along + sqrt((v cos theta)^2 - across^2), drag on all of it. Its
   * sensitivities are to exit speed and launch angle errors at a fixed aim (the along-line part of
   * the throw changes by cos(aim offset) of the launcher's horizontal change; the sideways part of
   * such an error is not modelled). A throw too slow to cancel the sideways carry
   * ((v cos theta)^2 <= across^2) never comes towards the rim: no_crossing, below_rim. Without a
   * carry (standing) the flight is exactly the one it always was.
   *
   * One long function on purpose, a numerical kernel: the RK4 stages of the flight and its
   * sensitivities run in one loop over local variables, not fields or a helper per stage. A flight is about
   * 70 % of a shot solution, and the unrolled loop made it 1.45x faster with bit-identical results
   * (docs/performance.md, "Shot solution and control cycle").
   */
  crossRimPlane(exitSpeed_mps: number, launchAngle_rad: number, carry?: ShotCarry): FlightOutcome {
    const h = this.h;
    const zRim = this.zRim;
    const cos = Math.cos(launchAngle_rad);
    const sin = Math.sin(launchAngle_rad);
    let x = 0;
    let z = this.z0;
    let vx: number;
    let vz: number;
    // Sensitivities of (x, z, vx, vz) to the exit speed (s...) and the launch angle theta (t...).
    let sx = 0;
    let sz = 0;
    let svx: number;
    let svz: number;
    let tx = 0;
    let tz = 0;
    let tvx: number;
    let tvz: number;
    if (carry === undefined) {
      vx = exitSpeed_mps * cos;
      vz = exitSpeed_mps * sin;
      svx = cos;
      svz = sin;
      tvx = -vz;
      tvz = vx;
    } else {
      const thrown = exitSpeed_mps * cos;
      const across = carry.across_mps;
      const inLine2 = thrown * thrown - across * across;
      vz = exitSpeed_mps * sin;
      if (!(inLine2 > 0)) return { kind: "no_crossing", reason: "below_rim", apexHeight_m: z + (vz > 0 ? (vz * vz) / (2 * this.g) : 0) };
      const inLine = across === 0 ? Math.abs(thrown) : Math.sqrt(inLine2);
      // cos of the aim offset: the share of a change of the throw's horizontal speed along the line.
      const share = inLine / thrown;
      vx = carry.along_mps + inLine;
      svx = cos * share;
      svz = sin;
      tvx = -vz * share;
      tvz = thrown;
    }
    let apex = z;
    const kd = this.kDrag;
    const kl = this.kLift;
    const g = this.g;
    const halfH = 0.5 * h;
    const w = h / 6;
    for (let i = 0; i < this.maxSteps; i++) {
      // The four RK4 stages, the velocity's and both sensitivities' stage values (u...) and their
      // weighted sums (1, 2, 2, 1) kept in locals: a stage's acceleration and Jacobian are needed
      // by the next stage only, so nothing is stored between stages (fields or arrays cost a
      // third of the flight).
      let ux = vx;
      let uz = vz;
      let sux = svx;
      let suz = svz;
      let tux = tvx;
      let tuz = tvz;
      let sumUx = 0;
      let sumUz = 0;
      let sumAx = 0;
      let sumAz = 0;
      let sumSux = 0;
      let sumSuz = 0;
      let sumSax = 0;
      let sumSaz = 0;
      let sumTux = 0;
      let sumTuz = 0;
      let sumTax = 0;
      let sumTaz = 0;
      let a1x = 0;
      let a1z = 0;
      for (let stage = 0; stage < 4; stage++) {
        // Acceleration and its Jacobian with respect to the velocity, at the stage's velocity.
        const speed = Math.sqrt(ux * ux + uz * uz);
        const dragRate = -kd * speed;
        const ax = dragRate * ux - kl * uz;
        const az = -g + dragRate * uz + kl * ux;
        const q = speed > 0 ? kd / speed : 0;
        const qxz = q * ux * uz;
        const j11 = dragRate - q * ux * ux;
        const j12 = -qxz - kl;
        const j21 = -qxz + kl;
        const j22 = dragRate - q * uz * uz;
        const sax = j11 * sux + j12 * suz;
        const saz = j21 * sux + j22 * suz;
        const tax = j11 * tux + j12 * tuz;
        const taz = j21 * tux + j22 * tuz;
        const weight = stage === 0 || stage === 3 ? 1 : 2;
        sumUx += weight * ux;
        sumUz += weight * uz;
        sumAx += weight * ax;
        sumAz += weight * az;
        sumSux += weight * sux;
        sumSuz += weight * suz;
        sumSax += weight * sax;
        sumSaz += weight * saz;
        sumTux += weight * tux;
        sumTuz += weight * tuz;
        sumTax += weight * tax;
        sumTaz += weight * taz;
        if (stage === 0) {
          a1x = ax;
          a1z = az;
        }
        const to = stage === 2 ? h : halfH;
        ux = vx + to * ax;
        uz = vz + to * az;
        sux = svx + to * sax;
        suz = svz + to * saz;
        tux = tvx + to * tax;
        tuz = tvz + to * taz;
      }
      const xNew = x + w * sumUx;
      const zNew = z + w * sumUz;
      const vxNew = vx + w * sumAx;
      const vzNew = vz + w * sumAz;
      const sxNew = sx + w * sumSux;
      const szNew = sz + w * sumSuz;
      const svxNew = svx + w * sumSax;
      const svzNew = svz + w * sumSaz;
      const txNew = tx + w * sumTux;
      const tzNew = tz + w * sumTuz;
      const tvxNew = tvx + w * sumTax;
      const tvzNew = tvz + w * sumTaz;
      if (zNew > apex) apex = zNew;
      const from = this.descentStart(z, vz, zNew, vzNew);
      if (this.stepTop > apex) apex = this.stepTop;
      if (from >= 0) {
        const tau = this.crossingFraction(z, vz, zNew, vzNew, from);
        this.accel(vxNew, vzNew);
        const xc = hermite(tau, x, vx * h, xNew, vxNew * h);
        const vxc = hermite(tau, vx, a1x * h, vxNew, this.ax * h);
        const vzc = hermite(tau, vz, a1z * h, vzNew, this.az * h);
        // The crossing moves in time as well as in x: dx_c = dx - vx dz / vz at the crossing.
        const dxs = hermite(tau, sx, svx * h, sxNew, svxNew * h);
        const dzs = hermite(tau, sz, svz * h, szNew, svzNew * h);
        const dxt = hermite(tau, tx, tvx * h, txNew, tvxNew * h);
        const dzt = hermite(tau, tz, tvz * h, tzNew, tvzNew * h);
        return {
          kind: "crossing",
          x_m: xc,
          time_s: (i + tau) * h,
          vx_mps: vxc,
          vz_mps: vzc,
          entryAngle_rad: Math.atan2(-vzc, vxc),
          dxdSpeed_s: dxs - (vxc * dzs) / vzc,
          dxdAngle_mprad: dxt - (vxc * dzt) / vzc,
          dtdSpeed_spmps: -dzs / vzc,
        };
      }
      if (vzNew <= 0 && zNew <= zRim) return { kind: "no_crossing", reason: "below_rim", apexHeight_m: apex };
      x = xNew;
      z = zNew;
      vx = vxNew;
      vz = vzNew;
      sx = sxNew;
      sz = szNew;
      svx = svxNew;
      svz = svzNew;
      tx = txNew;
      tz = tzNew;
      tvx = tvxNew;
      tvz = tvzNew;
    }
    return { kind: "no_crossing", reason: "timeout", apexHeight_m: apex };
  }

  /**
   * Samples the flight every step [s] until it comes down through the rim plane or reaches the floor.
   * With a `carry` (see crossRimPlane) it is the court-frame flight, x along the line to the rim.
   */
  trajectory(exitSpeed_mps: number, launchAngle_rad: number, untilFloor = false, carry?: ShotCarry): TrajectorySamples {
    const h = this.h;
    const out: TrajectorySamples = { t_s: [0], x_m: [0], z_m: [this.z0] };
    let x = 0;
    let z = this.z0;
    let vx = exitSpeed_mps * Math.cos(launchAngle_rad);
    let vz = exitSpeed_mps * Math.sin(launchAngle_rad);
    if (carry !== undefined) vx = carry.along_mps + Math.sqrt(Math.max(0, vx * vx - carry.across_mps * carry.across_mps));
    for (let i = 0; i < this.maxSteps; i++) {
      // Same RK4 as crossRimPlane, written with small arrays: this path is for plots, not the loop.
      const k1 = this.accelPair(vx, vz);
      const k2 = this.accelPair(vx + 0.5 * h * k1[0], vz + 0.5 * h * k1[1]);
      const k3 = this.accelPair(vx + 0.5 * h * k2[0], vz + 0.5 * h * k2[1]);
      const k4 = this.accelPair(vx + h * k3[0], vz + h * k3[1]);
      const xNew = x + (h / 6) * (6 * vx + h * (k1[0] + k2[0] + k3[0]));
      const zNew = z + (h / 6) * (6 * vz + h * (k1[1] + k2[1] + k3[1]));
      const vxNew = vx + (h / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
      const vzNew = vz + (h / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
      const from = untilFloor ? NaN : this.descentStart(z, vz, zNew, vzNew);
      if (from >= 0) {
        const tau = this.crossingFraction(z, vz, zNew, vzNew, from);
        out.t_s.push((i + tau) * h);
        out.x_m.push(hermite(tau, x, vx * h, xNew, vxNew * h));
        out.z_m.push(this.zRim);
        return out;
      }
      x = xNew;
      z = zNew;
      vx = vxNew;
      vz = vzNew;
      out.t_s.push((i + 1) * h);
      out.x_m.push(x);
      out.z_m.push(z);
      if (z <= 0 || (!untilFloor && vz <= 0 && z <= this.zRim)) return out;
    }
    return out;
  }

  private accel(vx: number, vz: number): void {
    const s = Math.sqrt(vx * vx + vz * vz);
    this.ax = -this.kDrag * s * vx - this.kLift * vz;
    this.az = -this.g - this.kDrag * s * vz + this.kLift * vx;
  }

  private accelPair(vx: number, vz: number): [number, number] {
    this.accel(vx, vz);
    return [this.ax, this.az];
  }

  /**
   * Where in the step [0, 1] z came down through the rim: Newton on the cubic Hermite through the
   * RK4 end states (height and vertical speed at both ends), from the linear guess, kept inside
   * the bracket [from, 1] (above the rim at `from`, at or below it at 1) by bisection. Four Newton
   * steps settle an ordinary crossing; a step the bracket refused (near a grazing top, where
   * Newton from the start of the step would run back up the rising side) earns more.
   */
  private crossingFraction(z0: number, vz0: number, z1: number, vz1: number, from: number): number {
    const h = this.h;
    const target = this.zRim;
    let lo = from;
    let hi = 1;
    let tau: number;
    if (from === 0) tau = (z0 - target) / (z0 - z1);
    else {
      const above = hermite(from, z0, vz0 * h, z1, vz1 * h) - target;
      tau = from + ((1 - from) * above) / (above - (z1 - target));
    }
    let bisected = false;
    for (let k = 0; k < 4 || (bisected && k < 60); k++) {
      const f = hermite(tau, z0, vz0 * h, z1, vz1 * h) - target;
      if (f === 0 || (bisected && Math.abs(f) <= 1e-12)) break;
      if (f > 0) lo = tau;
      else hi = tau;
      const next = tau - f / hermiteSlope(tau, z0, vz0 * h, z1, vz1 * h);
      if (next >= lo && next <= hi) tau = next;
      else {
        tau = 0.5 * (lo + hi);
        bisected = true;
      }
    }
    return tau;
  }

  /**
   * Where in a step of the flight (from height z0 [m] at vertical speed vz0 [m/s] to z1, vz1) the
   * ball, above the rim, starts coming down through it [fraction of the step]: 0 when the step
   * starts above the rim; the top's fraction when the ball turns over inside the step with both
   * ends at or below the rim and its top above (a grazing flight, whose top a step can step over);
   * NaN when it does not come down through the rim in this step. Sets stepTop.
   */
  private descentStart(z0: number, vz0: number, z1: number, vz1: number): number {
    this.stepTop = -Infinity;
    const zRim = this.zRim;
    if (z0 > zRim) return z1 <= zRim ? 0 : NaN;
    if (!(z1 <= zRim && vz0 > 0 && vz1 <= 0)) return NaN;
    const top = this.topFraction(z0, vz0, z1, vz1);
    this.stepTop = hermite(top, z0, vz0 * this.h, z1, vz1 * this.h);
    return this.stepTop > zRim ? top : NaN;
  }

  /**
   * Where in the step [0, 1] the ball turns over, its vertical speed going from `vz0` > 0 to
   * `vz1` <= 0: the root of the cubic Hermite's slope, by bisection (once per flight at most).
   */
  private topFraction(z0: number, vz0: number, z1: number, vz1: number): number {
    const h = this.h;
    let lo = 0;
    let hi = 1;
    for (let k = 0; k < 50; k++) {
      const mid = 0.5 * (lo + hi);
      if (hermiteSlope(mid, z0, vz0 * h, z1, vz1 * h) > 0) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }
}

function hermite(t: number, p0: number, m0: number, p1: number, m1: number): number {
  const t2 = t * t;
  const t3 = t2 * t;
  return (2 * t3 - 3 * t2 + 1) * p0 + (t3 - 2 * t2 + t) * m0 + (-2 * t3 + 3 * t2) * p1 + (t3 - t2) * m1;
}

function hermiteSlope(t: number, p0: number, m0: number, p1: number, m1: number): number {
  const t2 = t * t;
  return (6 * t2 - 6 * t) * p0 + (3 * t2 - 4 * t + 1) * m0 + (-6 * t2 + 6 * t) * p1 + (3 * t2 - 2 * t) * m1;
}
