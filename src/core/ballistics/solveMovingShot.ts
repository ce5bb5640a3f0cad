import type { ShotCarry } from "./FlightIntegrator";
import type { PlanarCovariance } from "./shotGeometry";
import { shotGeometry } from "./shotGeometry";
import type { ShotPlan, ShotPlanner } from "./ShotPlanner";
import type { Writable } from "./ShotResult";

export interface MovingShotInput {
  /** Rim centre in the launcher frame [m] (REP-103: x forward, y left). */
  readonly target_x_m: number;
  readonly target_y_m: number;
  /** Its horizontal covariance [m^2]. */
  readonly covariance: PlanarCovariance;
  /** Velocity of the launcher relative to the hoop, in the launcher frame [m/s]. */
  readonly velocity_x_mps: number;
  readonly velocity_y_mps: number;
  /** Measured minus commanded wheel speed [rad/s]. Default 0. */
  readonly wheelSpeedError_radps?: number;
}

export interface MovingShotOptions {
  /** Release point in the launcher frame [m]. Default (0, 0). */
  readonly releaseX_m?: number;
  readonly releaseY_m?: number;
  /**
   * Unused since the drag-aware solve (no time-of-flight iteration is left): kept so that params
   * files with moving.max_iterations still load. Default 20.
   */
  readonly maxIterations?: number;
  /** Unused likewise (moving.tolerance_s). Default 1e-3. */
  readonly tolerance_s?: number;
  /** From the target estimate's stamp to the ball leaving [s]: the launcher moves meanwhile. Default 0.03. */
  readonly phaseDelay_s?: number;
}

/** The defaults of solveMovingShot and of the moving.* parameters (FRC 6328's where it published them). */
export const DEFAULT_MOVING_SHOT: Required<MovingShotOptions> = { releaseX_m: 0, releaseY_m: 0, maxIterations: 20, tolerance_s: 1e-3, phaseDelay_s: 0.03 };

export interface MovingShot {
  /** The shot: exit speed and launch angle are the launcher's own; distance_m is to the real rim centre at release. */
  readonly plan: ShotPlan;
  /**
   * The virtual target of the FRC method, for display: where the hoop is relative to the launcher
   * when the ball arrives, hoop - v * (delay + time of flight), in the launcher frame [m]. With drag
   * the ball does not fly straight at it: the launcher aims along aimBearing_rad.
   */
  readonly aim_x_m: number;
  readonly aim_y_m: number;
  /** Bearing to aim at from the release point [rad], and its offset from the bearing to the real hoop [rad]. */
  readonly aimBearing_rad: number;
  readonly aimOffset_rad: number;
  /** Bearing of the rim centre from the release point when the ball leaves [rad]: the ball's path over the court. */
  readonly pathBearing_rad: number;
  /** The launcher's velocity the ball keeps, along and across that path [m/s]; absent standing. */
  readonly carry?: ShotCarry;
  /** Plans solved: always 1 (there is no time-of-flight iteration any more). */
  readonly iterations: number;
  /** The plan is a shot. */
  readonly converged: boolean;
}

/**
 * Shooting while moving, solved in the court frame with drag. The ball keeps the launcher's
 * velocity, and drag acts on the whole court-relative (air-relative) velocity. If the launcher
 * aims off the line to the rim centre just enough to cancel the sideways part of its velocity, the
 * ball's horizontal velocity points at the rim centre and stays so (drag acts along the velocity,
 * gravity is vertical): the flight is planar, a standing shot's flight with the launcher's velocity
 * along the line added to the throw's horizontal speed. So one planner call solves it: the distance
 * is the rim centre's from the release point when the ball leaves (the launcher moves v * delay
 * from the estimate's stamp to the release), the carry is v split along and across that line, and
 * the aim offset follows from the solved throw, atan2(-across, sqrt((v_exit cos theta)^2 -
 * across^2)).
 *
 * This replaces FRC's virtual-target method (aim at hoop - v * (delay + time of flight) and solve a
 * standing shot to that point, iterating on the time of flight), which is exact without drag but
 * over-compensates with it: the carried velocity decays under drag during the flight, so v * T
 * overstates its effect. At 1 m/s along the line and 6 m that cost -1.6 % of exit speed driving in
 * and +2.5 % backing away (19 and 32 cm at the rim plane), several times the +-0.6-0.7 % make
 * window (test/core/ballistics/solveMovingShot.test.ts has the table). Left out:
 * the Magnus lift is taken in the flight's plane (the spin axis follows the throw, a few degrees
 * off it), and wind (the air is still relative to the court).
 *
 * Standing (velocity exactly 0) this is the planner's standing shot, bit for bit.
 */
export function solveMovingShot(planner: ShotPlanner, input: MovingShotInput, options: MovingShotOptions = DEFAULT_MOVING_SHOT): MovingShot {
  // Field by field rather than a merged options object: the node calls this every control cycle.
  const rx = options.releaseX_m ?? DEFAULT_MOVING_SHOT.releaseX_m;
  const ry = options.releaseY_m ?? DEFAULT_MOVING_SHOT.releaseY_m;
  const delay = options.phaseDelay_s ?? DEFAULT_MOVING_SHOT.phaseDelay_s;
  const vx = input.velocity_x_mps;
  const vy = input.velocity_y_mps;
  const hoopBearing = Math.atan2(input.target_y_m - ry, input.target_x_m - rx);
  // The rim centre relative to the launcher when the ball leaves.
  const hoopX = input.target_x_m - vx * delay;
  const hoopY = input.target_y_m - vy * delay;
  const g = shotGeometry(hoopX, hoopY, input.covariance, rx, ry);
  const standing = vx === 0 && vy === 0;
  const wheelSpeedError = input.wheelSpeedError_radps ?? 0;
  let carry: ShotCarry | undefined;
  if (!standing) {
    const c = Math.cos(g.bearing_rad);
    const s = Math.sin(g.bearing_rad);
    carry = { along_mps: vx * c + vy * s, across_mps: vy * c - vx * s };
  }
  const plan = planner.plan({ distance_m: g.distance_m, distanceSigma_m: g.distanceSigma_m, wheelSpeedError_radps: wheelSpeedError, carry });
  let aimBearing = g.bearing_rad;
  let aimX = hoopX;
  let aimY = hoopY;
  if (carry !== undefined) {
    const solution = plan.kind === "planned" ? plan.solution : plan.nearest;
    if (solution !== undefined) {
      const thrown = solution.exitSpeed_mps * Math.cos(solution.launchAngle_rad);
      aimBearing += Math.atan2(-carry.across_mps, Math.sqrt(Math.max(0, thrown * thrown - carry.across_mps * carry.across_mps)));
      aimX -= vx * solution.timeOfFlight_s;
      aimY -= vy * solution.timeOfFlight_s;
    }
  }
  const shot: Writable<MovingShot> = {
    plan,
    aim_x_m: aimX,
    aim_y_m: aimY,
    aimBearing_rad: aimBearing,
    aimOffset_rad: Math.atan2(Math.sin(aimBearing - hoopBearing), Math.cos(aimBearing - hoopBearing)),
    pathBearing_rad: g.bearing_rad,
    iterations: 1,
    converged: plan.kind === "planned",
  };
  // Set after the literal, absent standing: a conditional spread inside it copied the shot through a
  // temporary object every cycle (4 % of a control cycle's time).
  if (carry !== undefined) shot.carry = carry;
  return shot;
}
