import type { RimJudge, ShotVerdict } from "../RimJudge";
import { backspinFor, type BallLaunch, type TrueBallFlight } from "./trueBallFlight";

/**
 * One ball's true flight from the launcher to the rim, judged: the simulator's truth, built from
 * its own flight (src/sim/truth/trueBallFlight.ts) and the exact rim judge. Nothing here is the
 * controller's model, and no controller code calls it.
 */

/** Where and how the launcher is when the ball leaves it, in the court frame. */
export interface ReleaseState {
  /** Release point [m] (z above the floor). */
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** Horizontal direction the launcher throws [rad]. */
  readonly azimuth: number;
  /** Velocity of the release point (the robot's) [m/s]: the ball keeps it. */
  readonly vx: number;
  readonly vy: number;
}

/** One ball's own deviation from the command, drawn once per shot and shared with the oracle. */
export interface BallSpread {
  /** Relative exit speed error [1]. */
  readonly speedFactor: number;
  /** [rad] */
  readonly angleError: number;
  readonly azimuthError: number;
}

export const NO_SPREAD: BallSpread = { speedFactor: 0, angleError: 0, azimuthError: 0 };

/** The rim the ball is judged at: centre [m] and height [m] of the true court. */
export interface TrueHoop {
  readonly x: number;
  readonly y: number;
  readonly rimHeight: number;
}

export interface TrueShotOutcome {
  readonly verdict: ShotVerdict;
  /** Exit speed relative to the launcher [m/s] and launch angle [rad] the ball really had. */
  readonly exitSpeed: number;
  readonly launchAngle: number;
  /** Horizontal distance release -> rim centre [m]. */
  readonly distance: number;
}

export class TrueShot {
  /**
   * @param spinRatio backspin as r_ball * spin / exit speed [1], the launcher's (1: rolling on the hood)
   * @param ballRadius [m]
   */
  constructor(
    readonly flight: TrueBallFlight,
    readonly judge: RimJudge,
    readonly hoop: TrueHoop,
    readonly spinRatio: number,
    readonly ballRadius: number,
  ) {
    if (!(spinRatio >= 0 && Number.isFinite(spinRatio))) throw new Error(`spinRatio must be a finite number >= 0, got ${spinRatio}`);
    if (!(ballRadius > 0)) throw new Error(`ballRadius must be > 0 m, got ${ballRadius}`);
  }

  /** Horizontal distance from the release point to the rim centre [m]. */
  distance(release: ReleaseState): number {
    return Math.hypot(this.hoop.x - release.x, this.hoop.y - release.y);
  }

  /** The ball as it leaves: the launcher's throw plus the robot's velocity, with the launcher's backspin. */
  launch(release: ReleaseState, exitSpeed: number, launchAngle: number, spread: BallSpread): BallLaunch {
    const v = exitSpeed * (1 + spread.speedFactor);
    const angle = launchAngle + spread.angleError;
    const azimuth = release.azimuth + spread.azimuthError;
    const horizontal = v * Math.cos(angle);
    const thrown = { x: horizontal * Math.cos(azimuth), y: horizontal * Math.sin(azimuth), z: v * Math.sin(angle) };
    return {
      position: { x: release.x, y: release.y, z: release.z },
      velocity: { x: thrown.x + release.vx, y: thrown.y + release.vy, z: thrown.z },
      // The spin comes from rolling against the launcher, so it follows the throw, not the robot's motion.
      spin: backspinFor(thrown, (this.spinRatio * v) / this.ballRadius),
    };
  }

  fly(release: ReleaseState, exitSpeed: number, launchAngle: number, spread: BallSpread): TrueShotOutcome {
    const v = exitSpeed * (1 + spread.speedFactor);
    const angle = launchAngle + spread.angleError;
    const distance = this.distance(release);
    const outcome = (verdict: ShotVerdict): TrueShotOutcome => ({ verdict, exitSpeed: v, launchAngle: angle, distance });
    if (!(v > 0 && angle > 0 && angle < Math.PI / 2)) return outcome(this.judge.noCrossing("below_rim"));
    const crossing = this.flight.crossDescending(this.launch(release, exitSpeed, launchAngle, spread), this.hoop.rimHeight);
    if (crossing.kind !== "crossing") return outcome(this.judge.noCrossing(crossing.kind === "timeout" ? "timeout" : "below_rim"));
    const lineX = distance > 0 ? (this.hoop.x - release.x) / distance : Math.cos(release.azimuth);
    const lineY = distance > 0 ? (this.hoop.y - release.y) / distance : Math.sin(release.azimuth);
    return outcome(
      this.judge.judge({
        dx: crossing.position.x - this.hoop.x,
        dy: crossing.position.y - this.hoop.y,
        vx: crossing.velocity.x,
        vy: crossing.velocity.y,
        vz: crossing.velocity.z,
        lineX,
        lineY,
      }),
    );
  }

  /** The sampled true flight in the court frame [s, m], for plots and rviz. */
  trajectory(release: ReleaseState, exitSpeed: number, launchAngle: number, spread: BallSpread): { t_s: number[]; x_m: number[]; y_m: number[]; z_m: number[] } {
    return this.flight.trajectory(this.launch(release, exitSpeed, launchAngle, spread), this.hoop.rimHeight);
  }
}

/** Exit speeds the oracle searches [m/s]: from a lob that cannot reach the rim to far beyond any Robocon shot. */
const ORACLE_SPEED_LOW = 1;
const ORACLE_SPEED_HIGH = 30;
/** [m/s^2]: only the search's starting point uses it; the flight has its own. */
const STANDARD_GRAVITY = 9.80665;
/** The bracket's growth per step [1]. */
const ORACLE_SPEED_GROWTH = 1.05;

/**
 * Signed miss along the shot line [m] as a continuous function of exit speed for the bisections:
 * a ball that never comes down through the rim plane is short (it cannot reach it) or long.
 */
function alongMiss(shot: TrueShot, release: ReleaseState, exitSpeed: number, launchAngle: number): number {
  const verdict = shot.fly(release, exitSpeed, launchAngle, NO_SPREAD).verdict;
  return verdict.along;
}

/**
 * f with its values kept: the searches below evaluate some speeds twice (a bracket's ends again in
 * findRoot, a window's centre three times), each a whole flight. The same speed gives the same
 * flight, so the results are unchanged; the cache lives as long as the search.
 */
function remembered(f: (x: number) => number): (x: number) => number {
  const known = new Map<number, number>();
  return (x) => {
    let value = known.get(x);
    if (value === undefined) {
      value = f(x);
      known.set(x, value);
    }
    return value;
  };
}

/**
 * The root of f between low and high, where f(low) <= 0 <= f(high), to `tolerance` in x; undefined
 * when not bracketed. Regula falsi with the Illinois rule (it converges superlinearly where f is
 * smooth, a flight being some 50 us), bisecting while an end is infinite (a ball that never came
 * down through the rim plane).
 */
export function findRoot(f: (x: number) => number, low: number, high: number, tolerance: number): number | undefined {
  let a = low;
  let b = high;
  let fa = f(a);
  let fb = f(b);
  if (!(fa <= 0 && fb >= 0)) return undefined;
  let side = 0;
  for (let iteration = 0; iteration < 200 && b - a > tolerance; iteration++) {
    const x = Number.isFinite(fa) && Number.isFinite(fb) && fb > fa ? b - (fb * (b - a)) / (fb - fa) : (a + b) / 2;
    // Keep the step inside, and off the ends where regula falsi would stall.
    const next = Math.min(b - tolerance / 4, Math.max(a + tolerance / 4, x));
    const fx = f(next);
    if (fx === 0) return next;
    if (fx < 0) {
      a = next;
      fa = fx;
      if (side === -1) fb /= 2;
      side = -1;
    } else {
      b = next;
      fb = fx;
      if (side === 1) fa /= 2;
      side = 1;
    }
  }
  return (a + b) / 2;
}

/** The speed through the rim centre without air and robot motion [m/s] (NaN when the angle cannot reach it): where the search starts. */
function vacuumSpeed(shot: TrueShot, release: ReleaseState, launchAngle: number): number {
  const d = shot.distance(release);
  const rise = d * Math.tan(launchAngle) - (shot.hoop.rimHeight - release.z);
  return rise > 0 ? (d / Math.cos(launchAngle)) * Math.sqrt(STANDARD_GRAVITY / (2 * rise)) : NaN;
}

/**
 * The exit speed [m/s] (relative to the launcher) that puts the ball centre through the rim
 * centre's line, by the true physics from the true release state: what a launcher knowing
 * everything would command. Undefined when no speed reaches it.
 */
export function oracleExitSpeed(shot: TrueShot, release: ReleaseState, launchAngle: number): number | undefined {
  const along = remembered((v: number): number => alongMiss(shot, release, v, launchAngle));
  // The first speed that carries the ball past the rim centre, from below: far too fast, a steep
  // ball with backspin curls back (the lift leans against the climb), so the top is no bracket.
  // The search starts a little under the vacuum speed, which drag raises and backspin lowers a little.
  const vacuum = vacuumSpeed(shot, release, launchAngle);
  let low = Number.isFinite(vacuum) ? Math.max(ORACLE_SPEED_LOW, 0.85 * vacuum) : ORACLE_SPEED_LOW;
  while (low > ORACLE_SPEED_LOW && along(low) >= 0) low = Math.max(ORACLE_SPEED_LOW, 0.85 * low);
  for (let high = low * ORACLE_SPEED_GROWTH; high <= ORACLE_SPEED_HIGH * ORACLE_SPEED_GROWTH; high *= ORACLE_SPEED_GROWTH) {
    if (along(high) >= 0) return findRoot(along, low, high, 1e-7);
    low = high;
  }
  return undefined;
}

/**
 * The clean-entry window around `centre` [m/s]: the exit speeds whose ball (without spread) still
 * goes in, as [low, high]; undefined when the centred ball itself touches the rim.
 */
export function makeWindow(shot: TrueShot, release: ReleaseState, launchAngle: number, centre: number): readonly [number, number] | undefined {
  const clearance = remembered((v: number): number => {
    const verdict = shot.fly(release, v, launchAngle, NO_SPREAD).verdict;
    return Number.isFinite(verdict.clearance) ? verdict.clearance : -1;
  });
  if (!(clearance(centre) > 0)) return undefined;
  // The window is well under 2 % of the speed at any Robocon distance (docs/domain.md: +-0.3-0.7 %).
  const span = 0.05 * centre;
  // The room grows from the short edge to the centre and shrinks past it to the long edge.
  const low = findRoot(clearance, centre - span, centre, 1e-5);
  const high = findRoot((v) => -clearance(v), centre, centre + span, 1e-5);
  return low === undefined || high === undefined ? undefined : [low, high];
}

/** A fixed launch angle [rad], or a hood's range [rad]. */
export type OracleLauncher = { readonly kind: "fixed"; readonly angle: number } | { readonly kind: "hood"; readonly min: number; readonly max: number };

/** Hood angles the oracle compares [rad]. */
const HOOD_STEP = Math.PI / 180;

/**
 * The oracle's command: exit speed and launch angle. A fixed launcher gets the speed through the
 * rim centre. A hood also picks its angle: the one whose make window is widest in standard
 * deviations of this run's true per-ball spread (speed and angle), the rule docs/design-notes.md
 * argues for, on a 1 deg grid.
 */
export function oracleCommand(
  shot: TrueShot,
  release: ReleaseState,
  launcher: OracleLauncher,
  spreads: { readonly exitSpeedSigmaFraction: number; readonly launchAngleSigma_rad: number },
): { readonly exitSpeed: number; readonly launchAngle: number } | undefined {
  if (launcher.kind === "fixed") {
    const exitSpeed = oracleExitSpeed(shot, release, launcher.angle);
    return exitSpeed === undefined ? undefined : { exitSpeed, launchAngle: launcher.angle };
  }
  const angles: number[] = [];
  for (let a = launcher.min; a <= launcher.max + 1e-12; a += HOOD_STEP) angles.push(Math.min(a, launcher.max));
  const speeds = angles.map((a) => oracleExitSpeed(shot, release, a));
  let best: { exitSpeed: number; launchAngle: number; score: number } | undefined;
  angles.forEach((angle, i) => {
    const v = speeds[i];
    if (v === undefined) return;
    const window = makeWindow(shot, release, angle, v);
    if (window === undefined) return;
    // How much a launch-angle error moves the needed speed, from the neighbouring angles.
    const before = speeds[i - 1];
    const after = speeds[i + 1];
    const slope =
      before !== undefined && after !== undefined
        ? (after - before) / ((angles[i + 1] ?? angle) - (angles[i - 1] ?? angle))
        : after !== undefined
          ? (after - v) / ((angles[i + 1] ?? angle) - angle)
          : before !== undefined
            ? (v - before) / (angle - (angles[i - 1] ?? angle))
            : 0;
    const sigma = Math.hypot(spreads.exitSpeedSigmaFraction * v, slope * spreads.launchAngleSigma_rad);
    const halfWidth = Math.min(v - window[0], window[1] - v);
    const score = sigma > 0 ? halfWidth / sigma : halfWidth;
    if (best === undefined || score > best.score) best = { exitSpeed: v, launchAngle: angle, score };
  });
  return best === undefined ? undefined : { exitSpeed: best.exitSpeed, launchAngle: best.launchAngle };
}
