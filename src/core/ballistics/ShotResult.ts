import type { ShotCarry } from "./FlightIntegrator";

/** A shot that goes through the rim centre, with what the controller and the ready gate need. */
export interface ShotSolution {
  readonly kind: "solution";
  /** Horizontal distance from the release point to the rim centre [m]. */
  readonly distance_m: number;
  /** Launch angle above horizontal [rad]. */
  readonly launchAngle_rad: number;
  /** Ball exit speed [m/s]. */
  readonly exitSpeed_mps: number;
  /** Release to the rim-plane crossing [s]. */
  readonly timeOfFlight_s: number;
  /** Angle below horizontal at the rim plane [rad]. */
  readonly entryAngle_rad: number;
  /** R - r / sin(entry): how far the ball centre may miss the rim centre and still go in [m]. */
  readonly rimClearance_m: number;
  /** Horizontal miss at the rim plane per exit speed error [m per m/s]. */
  readonly dxdSpeed_s: number;
  /** Horizontal miss at the rim plane per launch angle error [m/rad]. */
  readonly dxdAngle_mprad: number;
  /** Time of flight per exit speed change [s per m/s]. */
  readonly dtdSpeed_spmps: number;
  /** Flights integrated to find it (warm starts need one or two). */
  readonly flights: number;
  /**
   * The launcher's velocity the ball keeps, for a shot solved on the move (exit speed and launch
   * angle are then the launcher's own, the flight and the sensitivities the court-frame ones).
   * Absent for a standing shot.
   */
  readonly carry?: ShotCarry;
}

/**
 * Why no shot is possible:
 * - invalid_input: a non-finite or non-positive distance, an angle outside (0, pi/2);
 * - too_close: at this launch angle the ball cannot come down through the rim plane this close;
 * - entry_too_shallow: it can, but too flat to fit through the rim (entry below min_entry_angle_rad
 *   or no clearance left);
 * - never_reaches_rim: even the top speed does not lift the ball to rim height;
 * - beyond_top_speed: the shot needs more exit or wheel speed than the launcher has.
 */
export type ImpossibleReason = "invalid_input" | "too_close" | "entry_too_shallow" | "never_reaches_rim" | "beyond_top_speed";

export interface ImpossibleShot {
  readonly kind: "impossible";
  readonly reason: ImpossibleReason;
  /** For people: the numbers behind the reason. */
  readonly message: string;
  readonly distance_m: number;
  readonly launchAngle_rad: number;
  /** The flight that reaches the rim centre anyway, when there is one (entry_too_shallow, beyond_top_speed). */
  readonly nearest?: ShotSolution;
}

export type ExitSpeedResult = ShotSolution | ImpossibleShot;

/**
 * An object of a readonly type with its fields settable: a result under construction (an optional
 * field set only when present), or an object its owner rewrites in place every cycle.
 */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The exit speeds [m/s] for which the ball goes in cleanly, around a solution. */
export interface MakeWindow {
  readonly low_mps: number;
  readonly high_mps: number;
  /** (high - low) / 2 / exit speed [1]: the "+-0.47 %" of docs/domain.md, as a fraction. */
  readonly halfWidthFraction: number;
}
