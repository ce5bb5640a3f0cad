import type { BallisticModel } from "./BallisticModel";
import { FlightIntegrator, type ShotCarry } from "./FlightIntegrator";
import { linearMakeWindow } from "./makeWindow";
import {
  DEFAULT_EXIT_SPEED_SIGMA_FRACTION,
  DEFAULT_LAUNCH_ANGLE_SIGMA_RAD,
  makeProbability,
  type MakeProbability,
  type ShotUncertainty,
} from "./makeProbability";
import type { ImpossibleShot, MakeWindow, ShotSolution } from "./ShotResult";
import { solveExitSpeed } from "./solveExitSpeed";
import { solveWidestWindow } from "./solveWidestWindow";
import { requireInRange, requireNonNegative, requirePositive } from "./validate";
import type { WheelModel } from "./WheelModel";

/** A fixed hood, or an adjustable one set to the angle with the widest make window. */
export type LaunchAngleSetting =
  | { readonly mode: "fixed"; readonly angle_rad: number }
  | {
      readonly mode: "adjustable";
      readonly minAngle_rad: number;
      readonly maxAngle_rad: number;
      /** Re-optimise the angle when the distance moved this much since the last time [m]. */
      readonly reoptimizeDistance_m: number;
    };

export interface ShotPlannerOptions {
  readonly model: BallisticModel;
  readonly wheel: WheelModel;
  readonly launch: LaunchAngleSetting;
  /** Shot-to-shot exit speed spread, 1-sigma fraction [1]. Default 0.002. */
  readonly exitSpeedSigmaFraction?: number;
  /** Shot-to-shot launch angle spread, 1-sigma [rad]. Default 0.005236 (0.3 deg). */
  readonly launchAngleSigma_rad?: number;
  /** Solve the rim crossing to this distance [m]. Default 1e-4. */
  readonly tolerance_m?: number;
}

export interface ShotRequest {
  /** Horizontal distance from the release point to the rim centre [m]. */
  readonly distance_m: number;
  /** 1-sigma of that distance [m]. */
  readonly distanceSigma_m: number;
  /** Measured minus commanded wheel speed [rad/s]; 0 before the wheel is up to speed is fine. Default 0. */
  readonly wheelSpeedError_radps?: number;
  /**
   * The launcher's velocity relative to the court when the ball leaves, on the line to the rim
   * centre and across it [m/s]: the ball keeps it and drag acts on the whole (FlightIntegrator's
   * ShotCarry). Default, or both parts 0: a standing shot, solved exactly as without it.
   */
  readonly carry?: ShotCarry;
}

export interface PlannedShot {
  readonly kind: "planned";
  readonly solution: ShotSolution;
  /** Wheel speed setpoint [rad/s]. */
  readonly wheelSpeed_radps: number;
  readonly window: MakeWindow;
  readonly make: MakeProbability;
  /** The make probability with the wheel exactly at speed: what waiting for the wheel can reach. */
  readonly atSpeedMake: MakeProbability;
}

export type ShotPlan = PlannedShot | ImpossibleShot;

/**
 * The whole shot for one target update: exit speed, wheel speed, time of flight, make window and
 * probability of a make. It keeps the previous solution and warm-starts from it (a target moves
 * millimetres between updates), so an update usually costs one flight; a cold start costs three
 * or four. One instance per launcher; not shared between threads of thought (it is stateful).
 * A request with a carry (the launcher moving, see solveMovingShot) is solved for the court-frame
 * flight, warm-started from the last plan, moving or standing.
 */
export class ShotPlanner {
  readonly integrator: FlightIntegrator;
  readonly wheel: WheelModel;
  private readonly launch: LaunchAngleSetting;
  /** The launcher's shot-to-shot spreads, the same for every plan. */
  private readonly spreads: { readonly exitSpeedSigmaFraction: number; readonly launchAngleSigma_rad: number };
  private readonly tolerance_m: number;
  private previous: ShotSolution | undefined;
  private hoodAngle: number | undefined;
  private hoodDistance = NaN;

  constructor(options: ShotPlannerOptions) {
    const launch = options.launch;
    if (launch.mode === "fixed") {
      requireInRange("launch angle_rad", launch.angle_rad, 1e-3, Math.PI / 2 - 1e-3);
    } else {
      requireInRange("minAngle_rad", launch.minAngle_rad, 1e-3, Math.PI / 2 - 1e-3);
      requireInRange("maxAngle_rad", launch.maxAngle_rad, launch.minAngle_rad, Math.PI / 2 - 1e-3);
      requireNonNegative("reoptimizeDistance_m", launch.reoptimizeDistance_m);
    }
    this.spreads = {
      exitSpeedSigmaFraction: options.exitSpeedSigmaFraction ?? DEFAULT_EXIT_SPEED_SIGMA_FRACTION,
      launchAngleSigma_rad: options.launchAngleSigma_rad ?? DEFAULT_LAUNCH_ANGLE_SIGMA_RAD,
    };
    requireNonNegative("exitSpeedSigmaFraction", this.spreads.exitSpeedSigmaFraction);
    requireNonNegative("launchAngleSigma_rad", this.spreads.launchAngleSigma_rad);
    this.tolerance_m = options.tolerance_m ?? 1e-4;
    requirePositive("tolerance_m", this.tolerance_m);
    this.launch = launch;
    this.integrator = new FlightIntegrator(options.model);
    this.wheel = options.wheel;
  }

  /** Forgets the warm start (after a parameter change, or to measure a cold solve). */
  reset(): void {
    this.previous = undefined;
    this.hoodAngle = undefined;
    this.hoodDistance = NaN;
  }

  plan(request: ShotRequest): ShotPlan {
    const wheel = this.wheel;
    const d = request.distance_m;
    const uncertainty = this.uncertainty(request.distanceSigma_m, 0);
    const maxExitSpeed = wheel.exitSpeedFor(wheel.config.max_speed_radps, d);
    const requested = request.carry;
    const carry = requested === undefined || (requested.along_mps === 0 && requested.across_mps === 0) ? undefined : requested;
    const angle = this.launchAngle(d, uncertainty, maxExitSpeed, carry);
    const result = solveExitSpeed(this.integrator, d, angle, { maxExitSpeed_mps: maxExitSpeed, tolerance_m: this.tolerance_m, previous: this.previous, carry });
    if (result.kind === "impossible") {
      if (result.reason === "beyond_top_speed") {
        return { ...result, message: `${result.message} (wheel top speed ${wheel.config.max_speed_radps} rad/s)` };
      }
      return result;
    }
    this.previous = result;
    const wheelSpeed = wheel.wheelSpeedFor(result.exitSpeed_mps, d);
    if (!(wheelSpeed <= wheel.config.max_speed_radps)) {
      return {
        kind: "impossible",
        reason: "beyond_top_speed",
        message: `${d.toFixed(3)} m needs ${wheelSpeed.toFixed(1)} rad/s, above the ${wheel.config.max_speed_radps} rad/s top wheel speed`,
        distance_m: d,
        launchAngle_rad: angle,
        nearest: result,
      };
    }
    const wheelError = request.wheelSpeedError_radps ?? 0;
    const bias = wheelError === 0 ? 0 : wheel.exitSpeedPerWheelSpeed(wheelSpeed, d) * wheelError;
    const atSpeedMake = makeProbability(result, uncertainty);
    const make = bias === 0 ? atSpeedMake : makeProbability(result, this.uncertainty(request.distanceSigma_m, bias));
    return { kind: "planned", solution: result, wheelSpeed_radps: wheelSpeed, window: linearMakeWindow(result), make, atSpeedMake };
  }

  /**
   * The errors one plan is measured against. Every field is set, so makeProbability reads objects
   * of one shape on this path (a spread of the spreads, or a field left out, cost a tenth of a plan).
   */
  private uncertainty(distanceSigma_m: number, exitSpeedBias_mps: number): Required<ShotUncertainty> {
    return {
      distanceSigma_m,
      exitSpeedSigmaFraction: this.spreads.exitSpeedSigmaFraction,
      launchAngleSigma_rad: this.spreads.launchAngleSigma_rad,
      exitSpeedBias_mps,
      exitSpeedNoiseSigma_mps: 0,
    };
  }

  private launchAngle(distance_m: number, uncertainty: ShotUncertainty, maxExitSpeed_mps: number, carry: ShotCarry | undefined): number {
    const launch = this.launch;
    if (launch.mode === "fixed") return launch.angle_rad;
    // The window is flat near its best angle, so a few centimetres of drift cost nothing measurable.
    if (this.hoodAngle === undefined || !(Math.abs(distance_m - this.hoodDistance) <= launch.reoptimizeDistance_m)) {
      const best = solveWidestWindow(this.integrator, distance_m, { minAngle_rad: launch.minAngle_rad, maxAngle_rad: launch.maxAngle_rad }, {
        maxExitSpeed_mps: maxExitSpeed_mps,
        uncertainty,
        carry,
      });
      if (best.kind === "impossible") return launch.maxAngle_rad;
      this.hoodAngle = best.launchAngle_rad;
      this.hoodDistance = distance_m;
      this.previous = best;
    }
    return this.hoodAngle;
  }
}
