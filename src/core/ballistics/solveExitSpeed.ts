import { rimClearance } from "./BallisticModel";
import type { FlightIntegrator, RimCrossing } from "./FlightIntegrator";
import type { ExitSpeedResult, ImpossibleReason, ImpossibleShot, ShotSolution } from "./ShotResult";

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
 * Impossible shots are results with a reason, not exceptions.
 */
export function solveExitSpeed(
  integrator: FlightIntegrator,
  distance_m: number,
  launchAngle_rad: number,
  options: SolveExitSpeedOptions = {},
): ExitSpeedResult {
  const vMax = options.maxExitSpeed_mps ?? 30;
  const tol = options.tolerance_m ?? 1e-4;
  const maxFlights = options.maxFlights ?? 60;
  const fail = (reason: ImpossibleReason, message: string, nearest?: ShotSolution): ImpossibleShot => ({
    kind: "impossible",
    reason,
    message,
    distance_m,
    launchAngle_rad,
    ...(nearest === undefined ? {} : { nearest }),
  });
  if (!(Number.isFinite(distance_m) && distance_m > 0)) return fail("invalid_input", `distance must be a finite number > 0 m, got ${distance_m}`);
  if (!(launchAngle_rad > 0 && launchAngle_rad < Math.PI / 2)) {
    return fail("invalid_input", `launch angle must be in (0, pi/2) rad, got ${launchAngle_rad}`);
  }
  if (!(vMax > 0)) return fail("invalid_input", `maxExitSpeed_mps must be > 0, got ${vMax}`);

  let flights = 0;
  const finish = (v: number, c: RimCrossing): ExitSpeedResult => {
    const solution = toSolution(integrator, distance_m, launchAngle_rad, v, c, flights);
    const model = integrator.model;
    if (solution.entryAngle_rad < model.min_entry_angle_rad || solution.rimClearance_m <= 0) {
      return fail(
        "entry_too_shallow",
        `at ${distance_m.toFixed(3)} m the ball enters at ${deg(solution.entryAngle_rad)} deg, below the ${deg(model.min_entry_angle_rad)} deg minimum (clearance ${(solution.rimClearance_m * 100).toFixed(1)} cm): too close for this launch angle`,
        solution,
      );
    }
    return solution;
  };

  const previous = options.previous;
  if (previous !== undefined && previous.launchAngle_rad === launchAngle_rad && previous.dxdSpeed_s > 0) {
    let v = previous.exitSpeed_mps + (distance_m - previous.distance_m) / previous.dxdSpeed_s;
    for (let k = 0; k < WARM_FLIGHTS && v > 0 && v <= vMax; k++) {
      const c = integrator.crossRimPlane(v, launchAngle_rad);
      flights++;
      if (c.kind !== "crossing" || !(c.dxdSpeed_s > 0)) break;
      const miss = c.x_m - distance_m;
      if (Math.abs(miss) <= tol) return finish(v, c);
      v -= miss / c.dxdSpeed_s;
    }
  }

  // Cold start from the drag-free speed, a little low with drag: it lands just short.
  const g = integrator.model.gravity_mps2;
  const rise = integrator.model.rim_height_m - integrator.model.release_height_m;
  const lift = distance_m * Math.tan(launchAngle_rad) - rise;
  let v = lift > 0 ? (distance_m / Math.cos(launchAngle_rad)) * Math.sqrt(g / (2 * lift)) : Math.sqrt(2 * g * Math.max(rise, 0.1)) / Math.sin(launchAngle_rad);
  v = Math.min(v, vMax);
  let lo = 0; // highest speed known short (or not reaching the rim)
  let loReaches = false;
  let hi = Infinity; // lowest speed known long
  let hiCrossing: RimCrossing | undefined;
  while (flights < maxFlights) {
    const c = integrator.crossRimPlane(v, launchAngle_rad);
    flights++;
    let next: number;
    if (c.kind === "no_crossing" && c.reason === "below_rim") {
      if (v >= vMax) {
        return fail("never_reaches_rim", `even ${vMax.toFixed(2)} m/s at ${deg(launchAngle_rad)} deg tops out at ${c.apexHeight_m.toFixed(2)} m, below the rim`);
      }
      lo = v;
      loReaches = false;
      next = Number.isFinite(hi) ? 0.5 * (lo + hi) : Math.min(vMax, v * 1.25);
    } else {
      // A flight still up when time ran out is long.
      const miss = c.kind === "crossing" ? c.x_m - distance_m : Infinity;
      if (c.kind === "crossing" && Math.abs(miss) <= tol) return finish(v, c);
      if (miss < 0) {
        if (v >= vMax) {
          return fail("beyond_top_speed", `${distance_m.toFixed(3)} m needs more than the ${vMax.toFixed(2)} m/s top exit speed at ${deg(launchAngle_rad)} deg`);
        }
        lo = v;
        loReaches = true;
      } else {
        hi = v;
        if (c.kind === "crossing") hiCrossing = c;
      }
      const newton = c.kind === "crossing" && c.dxdSpeed_s > 0 ? v - miss / c.dxdSpeed_s : NaN;
      const upper = Number.isFinite(hi) ? hi : vMax;
      if (newton > lo && newton < upper) next = newton;
      else next = Number.isFinite(hi) ? 0.5 * (lo + hi) : Math.min(vMax, v * 1.25);
    }
    if (Number.isFinite(hi) && hi - lo <= 1e-9 * hi) {
      // The bracket closed on the speed where the ball just reaches rim height: every flight fast
      // enough to come down through the rim plane lands beyond the rim centre.
      if (!loReaches && hiCrossing !== undefined) {
        return fail(
          "too_close",
          `at ${deg(launchAngle_rad)} deg the ball cannot come down through the rim plane closer than ${hiCrossing.x_m.toFixed(3)} m; asked ${distance_m.toFixed(3)} m`,
        );
      }
      break;
    }
    v = next;
  }
  return fail("too_close", `no exit speed found for ${distance_m.toFixed(3)} m at ${deg(launchAngle_rad)} deg after ${flights} flights`);
}

function toSolution(
  integrator: FlightIntegrator,
  distance_m: number,
  launchAngle_rad: number,
  exitSpeed_mps: number,
  c: RimCrossing,
  flights: number,
): ShotSolution {
  return {
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
}

function deg(rad: number): string {
  return ((rad * 180) / Math.PI).toFixed(1);
}
