import { rimClearance } from "./BallisticModel";
import type { FlightIntegrator, RimCrossing, ShotCarry } from "./FlightIntegrator";
import type { ExitSpeedResult, ImpossibleReason, ImpossibleShot, ShotSolution, Writable } from "./ShotResult";

export interface SolveExitSpeedOptions {
  /** Highest exit speed to consider [m/s]. Default 30. */
  readonly maxExitSpeed_mps?: number;
  /** Stop when the ball centre crosses the rim plane this close to the rim centre [m]. Default 1e-4. */
  readonly tolerance_m?: number;
  /** Give up after this many flights. Default 60. */
  readonly maxFlights?: number;
  /**
   * The previous solution at the same launch angle: the target moves little between updates, so
   * a Newton step from it usually lands within tolerance in one flight. Falls back to the cold
   * solve when the warm start does not converge in a few flights.
   */
  readonly previous?: ShotSolution;
  /**
   * The launcher's velocity relative to the court the ball keeps (a moving shot): the exit speed
   * solved is the launcher's own, for the court-frame flight with drag on the whole velocity.
   * Absent or undefined: a standing shot.
   */
  readonly carry?: ShotCarry | undefined;
}

const WARM_FLIGHTS = 4;

/**
 * The exit speed [m/s] that sends the ball centre down through the rim plane at the rim centre,
 * `distance_m` [m] from the release point, launched at `launchAngle_rad` [rad] above horizontal.
 *
 * Newton on the signed horizontal miss at the rim plane (its derivative comes with each flight),
 * safeguarded by a bracket: a flight that falls short or never reaches rim height raises the lower
 * end, a long one lowers the upper end, and a Newton step leaving the bracket is replaced by
 * bisection. The miss grows monotonically with speed at a fixed angle, so the bracket is sound.
 * Impossible shots are results with a reason, not exceptions. With a `carry` the same search runs
 * on the court-frame flight (FlightIntegrator.crossRimPlane), warm-started for the change of the
 * carry as well as of the distance.
 */
export function solveExitSpeed(
  integrator: FlightIntegrator,
  distance_m: number,
  launchAngle_rad: number,
  options: SolveExitSpeedOptions = {},
): ExitSpeedResult {
  const search = new ExitSpeedSearch(integrator, distance_m, launchAngle_rad, options);
  return search.invalidInput() ?? search.fromPrevious(options.previous) ?? search.bracketed();
}

/** One solve: its inputs, the flights flown so far, and the three stages solveExitSpeed runs in turn. */
class ExitSpeedSearch {
  private readonly vMax: number;
  private readonly tol: number;
  private readonly maxFlights: number;
  private readonly carry: ShotCarry | undefined;
  private flights = 0;

  constructor(
    private readonly integrator: FlightIntegrator,
    private readonly distance_m: number,
    private readonly launchAngle_rad: number,
    options: SolveExitSpeedOptions,
  ) {
    this.vMax = options.maxExitSpeed_mps ?? 30;
    this.tol = options.tolerance_m ?? 1e-4;
    this.maxFlights = options.maxFlights ?? 60;
    this.carry = options.carry;
  }

  /** The reason the inputs allow no solve, or undefined. */
  invalidInput(): ImpossibleShot | undefined {
    const { distance_m, launchAngle_rad, vMax, carry } = this;
    if (!(Number.isFinite(distance_m) && distance_m > 0)) return this.fail("invalid_input", `distance must be a finite number > 0 m, got ${distance_m}`);
    if (!(launchAngle_rad > 0 && launchAngle_rad < Math.PI / 2)) {
      return this.fail("invalid_input", `launch angle must be in (0, pi/2) rad, got ${launchAngle_rad}`);
    }
    if (!(vMax > 0)) return this.fail("invalid_input", `maxExitSpeed_mps must be > 0, got ${vMax}`);
    if (carry !== undefined && !(Number.isFinite(carry.along_mps) && Number.isFinite(carry.across_mps))) {
      return this.fail("invalid_input", `the carried velocity must be finite, got (${carry.along_mps}, ${carry.across_mps}) m/s`);
    }
    if (carry !== undefined && !(vMax * Math.cos(launchAngle_rad) > Math.abs(carry.across_mps))) {
      return this.fail(
        "beyond_top_speed",
        `cancelling ${Math.abs(carry.across_mps).toFixed(2)} m/s across the line of the shot needs more than the ${vMax.toFixed(2)} m/s top exit speed at ${deg(launchAngle_rad)} deg`,
      );
    }
    return undefined;
  }

  /** Newton from the previous solution at the same angle, at most WARM_FLIGHTS flights; undefined when it does not converge. */
  fromPrevious(previous: ShotSolution | undefined): ExitSpeedResult | undefined {
    const { integrator, distance_m, launchAngle_rad, carry } = this;
    if (previous === undefined || previous.launchAngle_rad !== launchAngle_rad || !(previous.dxdSpeed_s > 0)) return undefined;
    let v: number;
    if (carry === undefined && previous.carry === undefined) v = previous.exitSpeed_mps + (distance_m - previous.distance_m) / previous.dxdSpeed_s;
    else {
      const slope = newtonSlope(previous.exitSpeed_mps, launchAngle_rad, previous.carry, previous.dxdSpeed_s, previous.dxdAngle_mprad);
      v = previous.exitSpeed_mps + (distance_m - previous.distance_m - carryShift(previous, carry)) / slope;
    }
    for (let k = 0; k < WARM_FLIGHTS && v > 0 && v <= this.vMax; k++) {
      const c = integrator.crossRimPlane(v, launchAngle_rad, carry);
      this.flights++;
      if (c.kind !== "crossing" || !(c.dxdSpeed_s > 0)) break;
      const miss = c.x_m - distance_m;
      if (Math.abs(miss) <= this.tol) return this.finish(v, c);
      v -= miss / this.slope(v, c);
    }
    return undefined;
  }

  /**
   * The cold solve: from the drag-free speed (a little low with drag: it lands just short), Newton
   * inside a bracket that every short and every long flight narrows, bisecting when Newton leaves it.
   */
  bracketed(): ExitSpeedResult {
    const { integrator, distance_m, launchAngle_rad, carry, vMax } = this;
    const g = integrator.model.gravity_mps2;
    const rise = integrator.model.rim_height_m - integrator.model.release_height_m;
    const lift = distance_m * Math.tan(launchAngle_rad) - rise;
    let v = lift > 0 ? (distance_m / Math.cos(launchAngle_rad)) * Math.sqrt(g / (2 * lift)) : Math.sqrt(2 * g * Math.max(rise, 0.1)) / Math.sin(launchAngle_rad);
    if (carry !== undefined && lift > 0) v = carriedColdStart(v, launchAngle_rad, distance_m, g, carry);
    v = Math.min(v, vMax);
    let lo = 0; // highest speed known short (or not reaching the rim)
    let loReaches = false;
    let hi = Infinity; // lowest speed known long
    let hiCrossing: RimCrossing | undefined;
    while (this.flights < this.maxFlights) {
      const c = integrator.crossRimPlane(v, launchAngle_rad, carry);
      this.flights++;
      let next: number;
      if (c.kind === "no_crossing" && c.reason === "below_rim") {
        if (v >= vMax) {
          return this.fail("never_reaches_rim", `even ${vMax.toFixed(2)} m/s at ${deg(launchAngle_rad)} deg tops out at ${c.apexHeight_m.toFixed(2)} m, below the rim`);
        }
        lo = v;
        loReaches = false;
        next = Number.isFinite(hi) ? 0.5 * (lo + hi) : Math.min(vMax, v * 1.25);
      } else {
        // A flight still up when time ran out is long.
        const miss = c.kind === "crossing" ? c.x_m - distance_m : Infinity;
        if (c.kind === "crossing" && Math.abs(miss) <= this.tol) return this.finish(v, c);
        if (miss < 0) {
          if (v >= vMax) {
            return this.fail("beyond_top_speed", `${distance_m.toFixed(3)} m needs more than the ${vMax.toFixed(2)} m/s top exit speed at ${deg(launchAngle_rad)} deg`);
          }
          lo = v;
          loReaches = true;
        } else {
          hi = v;
          if (c.kind === "crossing") hiCrossing = c;
        }
        const newton = c.kind === "crossing" && c.dxdSpeed_s > 0 ? v - miss / this.slope(v, c) : NaN;
        const upper = Number.isFinite(hi) ? hi : vMax;
        if (newton > lo && newton < upper) next = newton;
        else next = Number.isFinite(hi) ? 0.5 * (lo + hi) : Math.min(vMax, v * 1.25);
      }
      if (Number.isFinite(hi) && hi - lo <= 1e-9 * hi) {
        // The bracket closed on the speed where the ball just reaches rim height: every flight fast
        // enough to come down through the rim plane lands beyond the rim centre.
        if (!loReaches && hiCrossing !== undefined) {
          return this.fail(
            "too_close",
            `at ${deg(launchAngle_rad)} deg the ball cannot come down through the rim plane closer than ${hiCrossing.x_m.toFixed(3)} m; asked ${distance_m.toFixed(3)} m`,
          );
        }
        break;
      }
      v = next;
    }
    return this.fail("too_close", `no exit speed found for ${distance_m.toFixed(3)} m at ${deg(launchAngle_rad)} deg after ${this.flights} flights`);
  }

  /** d(miss)/d(exit speed) for Newton: the flight's own, or with a carry the re-aimed one (newtonSlope). */
  private slope(v: number, c: RimCrossing): number {
    return this.carry === undefined ? c.dxdSpeed_s : newtonSlope(v, this.launchAngle_rad, this.carry, c.dxdSpeed_s, c.dxdAngle_mprad);
  }

  private fail(reason: ImpossibleReason, message: string, nearest?: ShotSolution): ImpossibleShot {
    return { kind: "impossible", reason, message, distance_m: this.distance_m, launchAngle_rad: this.launchAngle_rad, ...(nearest === undefined ? {} : { nearest }) };
  }

  /** The solution at v, or entry_too_shallow (with it as the nearest) when it enters too flat or hits the rim. */
  private finish(v: number, c: RimCrossing): ExitSpeedResult {
    const { integrator, distance_m, launchAngle_rad } = this;
    const solution = toSolution(integrator, distance_m, launchAngle_rad, v, c, this.flights, this.carry);
    const model = integrator.model;
    if (solution.entryAngle_rad < model.min_entry_angle_rad || solution.rimClearance_m <= 0) {
      return this.fail(
        "entry_too_shallow",
        `at ${distance_m.toFixed(3)} m the ball enters at ${deg(solution.entryAngle_rad)} deg, below the ${deg(model.min_entry_angle_rad)} deg minimum (clearance ${(solution.rimClearance_m * 100).toFixed(1)} cm): too close for this launch angle`,
        solution,
      );
    }
    return solution;
  }
}

function toSolution(
  integrator: FlightIntegrator,
  distance_m: number,
  launchAngle_rad: number,
  exitSpeed_mps: number,
  c: RimCrossing,
  flights: number,
  carry: ShotCarry | undefined,
): ShotSolution {
  const solution: Writable<ShotSolution> = {
    kind: "solution",
    distance_m,
    launchAngle_rad,
    exitSpeed_mps,
    timeOfFlight_s: c.time_s,
    entryAngle_rad: c.entryAngle_rad,
    rimClearance_m: rimClearance(integrator.model, c.entryAngle_rad),
    dxdSpeed_s: c.dxdSpeed_s,
    dxdAngle_mprad: c.dxdAngle_mprad,
    dtdSpeed_spmps: c.dtdSpeed_spmps,
    flights,
  };
  // Absent for a standing shot; set after the literal rather than spread into it (no temporary object).
  if (carry !== undefined) solution.carry = carry;
  return solution;
}

/**
 * d(crossing x)/d(initial horizontal speed along the line) [s] of a flight at exit speed v and
 * launch angle theta with a carry, from its two sensitivities. A change of the initial velocity is
 * a combination of an exit speed and a launch angle change: with (svx, svz) = (cos share, sin) and
 * (tvx, tvz) = (-v sin share, v cos) the initial velocity's changes per exit speed and per launch
 * angle at a fixed aim (FlightIntegrator.crossRimPlane; share = cos of the aim offset), the unit
 * change of vx0 is a s + b t with a = tvz / det = cos / share, b = -svz / det = -sin / (v share).
 */
function crossingPerSpeedAlong(v: number, cos: number, sin: number, share: number, dxdSpeed_s: number, dxdAngle_mprad: number): number {
  return (cos * dxdSpeed_s - (sin / v) * dxdAngle_mprad) / share;
}

/** cos of the aim offset that cancels the carry across the line, for a throw at v, theta; NaN when none does. */
function aimShare(v: number, cos: number, carry: ShotCarry | undefined): number {
  const across = carry?.across_mps ?? 0;
  if (across === 0) return 1;
  const thrown = v * cos;
  return Math.sqrt(thrown * thrown - across * across) / thrown;
}

/**
 * The Newton slope with a carry: d(crossing x)/d(exit speed) as the solver moves along its
 * solutions, the launcher re-aiming to cancel the sideways carry at each speed. The flight's
 * dxdSpeed_s is at a fixed aim (what an exit speed error does to a shot already aimed); re-aimed,
 * the throw's speed along the line grows by cos / share instead of cos share per m/s.
 */
function newtonSlope(v: number, launchAngle_rad: number, carry: ShotCarry | undefined, dxdSpeed_s: number, dxdAngle_mprad: number): number {
  const share = aimShare(v, Math.cos(launchAngle_rad), carry);
  if (share === 1) return dxdSpeed_s;
  const cos = Math.cos(launchAngle_rad);
  const perAlong = crossingPerSpeedAlong(v, cos, Math.sin(launchAngle_rad), share, dxdSpeed_s, dxdAngle_mprad);
  return dxdSpeed_s + perAlong * cos * (1 / share - share);
}

/**
 * How far [m] the previous solution's crossing moves when its carry becomes `carry` (either may be
 * absent: standing), to first order: the carry along the line adds to the initial horizontal
 * speed one for one; the launcher holds its exit speed and re-aims, so a change of the carry across
 * the line changes that speed by -across / in-line per m/s.
 */
function carryShift(previous: ShotSolution, carry: ShotCarry | undefined): number {
  const v = previous.exitSpeed_mps;
  const cos = Math.cos(previous.launchAngle_rad);
  const before = previous.carry;
  const share = aimShare(v, cos, before);
  if (!(share > 0)) return 0;
  const perAlong = crossingPerSpeedAlong(v, cos, Math.sin(previous.launchAngle_rad), share, previous.dxdSpeed_s, previous.dxdAngle_mprad);
  const acrossBefore = before?.across_mps ?? 0;
  const dAlong = (carry?.along_mps ?? 0) - (before?.along_mps ?? 0);
  const dAcross = (carry?.across_mps ?? 0) - acrossBefore;
  return perAlong * (dAlong - (acrossBefore / (v * cos * share)) * dAcross);
}

/**
 * The drag-free cold start moved for the carry, to first order: drag-free the crossing is
 * x = H T(V), H the horizontal speed and T the descending time to the rim plane at vertical speed V,
 * with dT/dV = T / (g T - V) (g T - V: the vertical speed at the crossing), so at a fixed angle
 * dx/dv = T (cos + H sin / (g T - V)) and the carry along the line, which adds T along to x, is
 * cancelled by dv = -along / (cos + H sin / (g T - V)). Cancelling the carry across the line
 * costs the throw across^2 / 2H more horizontal speed (second order).
 */
function carriedColdStart(standing_mps: number, launchAngle_rad: number, distance_m: number, gravity_mps2: number, carry: ShotCarry): number {
  const cos = Math.cos(launchAngle_rad);
  const sin = Math.sin(launchAngle_rad);
  const horizontal = standing_mps * cos;
  const time = distance_m / horizontal;
  const descent = gravity_mps2 * time - standing_mps * sin;
  if (!(descent > 0 && horizontal > 0)) return standing_mps;
  const v = standing_mps - carry.along_mps / (cos + (horizontal * sin) / descent) + (carry.across_mps * carry.across_mps) / (2 * horizontal * cos);
  return v > 0 ? v : standing_mps;
}

function deg(rad: number): string {
  return ((rad * 180) / Math.PI).toFixed(1);
}
