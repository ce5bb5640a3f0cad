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
 * for the velocity), which is as accurate as RK4 itself: about a micrometre at the default
 * 20 ms step, far below the 1 mm required (test/core/ballistics and the benchmark check it
 * against src/bench/referenceFlight.ts, a 10 us semi-implicit Euler reference).
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
  private j11 = 0;
  private j12 = 0;
  private j21 = 0;
  private j22 = 0;

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
    for (let i = 0; i < this.maxSteps; i++) {
      // Stage 1
      this.jacobian(vx, vz);
      const a1x = this.ax;
      const a1z = this.az;
      const s1x = this.j11 * svx + this.j12 * svz;
      const s1z = this.j21 * svx + this.j22 * svz;
      const r1x = this.j11 * tvx + this.j12 * tvz;
      const r1z = this.j21 * tvx + this.j22 * tvz;
      // Stage 2
      const v2x = vx + 0.5 * h * a1x;
      const v2z = vz + 0.5 * h * a1z;
      const sv2x = svx + 0.5 * h * s1x;
      const sv2z = svz + 0.5 * h * s1z;
      const tv2x = tvx + 0.5 * h * r1x;
      const tv2z = tvz + 0.5 * h * r1z;
      this.jacobian(v2x, v2z);
      const a2x = this.ax;
      const a2z = this.az;
      const s2x = this.j11 * sv2x + this.j12 * sv2z;
      const s2z = this.j21 * sv2x + this.j22 * sv2z;
      const r2x = this.j11 * tv2x + this.j12 * tv2z;
      const r2z = this.j21 * tv2x + this.j22 * tv2z;
      // Stage 3
      const v3x = vx + 0.5 * h * a2x;
      const v3z = vz + 0.5 * h * a2z;
      const sv3x = svx + 0.5 * h * s2x;
      const sv3z = svz + 0.5 * h * s2z;
      const tv3x = tvx + 0.5 * h * r2x;
      const tv3z = tvz + 0.5 * h * r2z;
      this.jacobian(v3x, v3z);
      const a3x = this.ax;
      const a3z = this.az;
      const s3x = this.j11 * sv3x + this.j12 * sv3z;
      const s3z = this.j21 * sv3x + this.j22 * sv3z;
      const r3x = this.j11 * tv3x + this.j12 * tv3z;
      const r3z = this.j21 * tv3x + this.j22 * tv3z;
      // Stage 4
      const v4x = vx + h * a3x;
      const v4z = vz + h * a3z;
      const sv4x = svx + h * s3x;
      const sv4z = svz + h * s3z;
      const tv4x = tvx + h * r3x;
      const tv4z = tvz + h * r3z;
      this.jacobian(v4x, v4z);
      const w = h / 6;
      const xNew = x + w * (vx + 2 * v2x + 2 * v3x + v4x);
      const zNew = z + w * (vz + 2 * v2z + 2 * v3z + v4z);
      const vxNew = vx + w * (a1x + 2 * a2x + 2 * a3x + this.ax);
      const vzNew = vz + w * (a1z + 2 * a2z + 2 * a3z + this.az);
      const sxNew = sx + w * (svx + 2 * sv2x + 2 * sv3x + sv4x);
      const szNew = sz + w * (svz + 2 * sv2z + 2 * sv3z + sv4z);
      const svxNew = svx + w * (s1x + 2 * s2x + 2 * s3x + (this.j11 * sv4x + this.j12 * sv4z));
      const svzNew = svz + w * (s1z + 2 * s2z + 2 * s3z + (this.j21 * sv4x + this.j22 * sv4z));
      const txNew = tx + w * (tvx + 2 * tv2x + 2 * tv3x + tv4x);
      const tzNew = tz + w * (tvz + 2 * tv2z + 2 * tv3z + tv4z);
      const tvxNew = tvx + w * (r1x + 2 * r2x + 2 * r3x + (this.j11 * tv4x + this.j12 * tv4z));
      const tvzNew = tvz + w * (r1z + 2 * r2z + 2 * r3z + (this.j21 * tv4x + this.j22 * tv4z));
      if (zNew > apex) apex = zNew;
      if (z > zRim && zNew <= zRim) {
        const tau = this.crossingFraction(z, vz, zNew, vzNew);
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
      if (!untilFloor && z > this.zRim && zNew <= this.zRim) {
        const tau = this.crossingFraction(z, vz, zNew, vzNew);
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

  /** Acceleration and its Jacobian with respect to the velocity, into the scratch fields. */
  private jacobian(vx: number, vz: number): void {
    const s = Math.sqrt(vx * vx + vz * vz);
    const kd = this.kDrag;
    const kl = this.kLift;
    this.ax = -kd * s * vx - kl * vz;
    this.az = -this.g - kd * s * vz + kl * vx;
    const q = s > 0 ? kd / s : 0;
    this.j11 = -kd * s - q * vx * vx;
    this.j12 = -q * vx * vz - kl;
    this.j21 = -q * vx * vz + kl;
    this.j22 = -kd * s - q * vz * vz;
  }

  /**
   * Where in the step [0, 1] z came down through the rim: Newton on the cubic Hermite through the
   * RK4 end states (height and vertical speed at both ends), from the linear guess.
   */
  private crossingFraction(z0: number, vz0: number, z1: number, vz1: number): number {
    const h = this.h;
    const target = this.zRim;
    let tau = (z0 - target) / (z0 - z1);
    for (let k = 0; k < 4; k++) {
      const f = hermite(tau, z0, vz0 * h, z1, vz1 * h) - target;
      const df = hermiteSlope(tau, z0, vz0 * h, z1, vz1 * h);
      if (df === 0) break;
      tau = Math.min(1, Math.max(0, tau - f / df));
    }
    return tau;
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
