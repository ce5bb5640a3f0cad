import type { Pose2 } from "../../core/court/courtMap";
import type { SeededRandom } from "../../core/random/SeededRandom";
import type { SimLauncherWorld, SimShotRecord } from "../nodes/simLauncher";
import type { ShotVerdict } from "../RimJudge";
import { asReferee } from "../truth/referee";
import { oracleCommand, type BallSpread, type ReleaseState } from "../truth/trueShot";
import { drawSpread } from "./balls";
import type { ShotPhaseContext } from "./phaseContext";
import type { ScenarioOperator, TakenShot } from "./ScenarioOperator";
import type { ShotReport, SimReport } from "./types";

const DEG = Math.PI / 180;
/** Scored positions: distance release -> rim centre [m]. */
export const SCORED_MIN_DISTANCE = 2;
export const SCORED_MAX_DISTANCE = 7;
/** A moving shot's path: its length [m] (centred on the drawn distance). */
const MOVING_PATH_LENGTH = 2;
/** Flights kept for the report's samples, of each verdict (made, short, long, wide). */
const SAMPLE_FLIGHTS_PER_VERDICT = 4;
/** How close to the fence [m] a scored spot (or a moving shot's path end) may be. */
const FENCE_CLEARANCE = 0.4;
/** Spots drawn for a shot before it falls back to straight in front of the hoop at the nearest distance. */
const SPOT_ATTEMPTS = 1000;

/** Everything the scored shots use: the phases' common context (the spots and the balls fork their own streams), and these. */
export interface ScoredShotsContext extends ShotPhaseContext {
  /** Scored shots to take. */
  readonly shots: number;
  /** Top speed of a moving shot's path [m/s] (0: standing shots). */
  readonly movingSpeed: number;
  /** The true court's size [m]: the spots stay on it. */
  readonly trueCourt: { readonly width: number; readonly length: number };
}

export interface ScoredShots {
  readonly shotLog: ShotReport[];
  readonly samples: SimReport["samples"];
  readonly made: number;
}

/** Where a scored shot is taken from: distance release -> rim [m] and bearing from the hoop [rad]. */
interface ShotSpot {
  readonly distance: number;
  readonly phi: number;
}

/**
 * The scored shots from random spots (standing, or on the move), each judged at the rim beside the
 * oracle: the same ball shot by true physics from the true release state.
 */
export async function takeScoredShots(context: ScoredShotsContext): Promise<ScoredShots> {
  const { operator, team, world } = context;
  const positions = context.random.fork("positions");
  const balls = context.random.fork("balls");
  const shotLog: ShotReport[] = [];
  const samples = new FlightSamples();
  let made = 0;
  for (let k = 0; k < context.shots; k++) {
    const ball = drawSpread(world, balls);
    const spot = drawSpot(context, positions);
    const towards = positions.uniform() < 0.5;
    const spotPose = operator.poseFor(spot.distance, spot.phi);
    const taken = context.movingSpeed > 0 ? takeMovingShot(operator, spot, towards, ball) : operator.takeStandingShot(spotPose, ball);
    const feed = taken.shot === undefined ? undefined : team.lastFeed();
    const judged = asReferee(() => judge(world, taken.shot, spotPose, ball));
    if (judged.verdict?.made === true) made++;
    shotLog.push(shotReport(k, judged, taken, context.trueHoop, feed?.estimate ?? NaN));
    samples.offer(k, judged);
    context.progress.scoredShotTaken(made);
    await context.bag.endOfShot("scored");
  }
  return { shotLog, samples: samples.kept, made };
}

/**
 * A random spot 2-7 m from the rim within 70 degrees of the line through the hoop, on the true
 * court; a moving shot's whole path must be on the court and within the scored distances.
 */
function drawSpot(context: ScoredShotsContext, positions: SeededRandom): ShotSpot {
  const { operator, movingSpeed } = context;
  const halfWidth = context.trueCourt.width / 2 - FENCE_CLEARANCE;
  const halfLength = context.trueCourt.length / 2 - FENCE_CLEARANCE;
  const inside = (pose: Pose2): boolean => Math.abs(pose.y) <= halfWidth && Math.abs(pose.x) <= halfLength;
  // A moving shot's path stays within the scored distances: its centre is half a path inside them.
  const margin = movingSpeed > 0 ? MOVING_PATH_LENGTH / 2 : 0;
  for (let attempt = 0; attempt < SPOT_ATTEMPTS; attempt++) {
    const d = positions.between(SCORED_MIN_DISTANCE + margin, SCORED_MAX_DISTANCE - margin);
    const a = Math.PI + positions.between(-70, 70) * DEG;
    // A moving shot's whole path must stay on the court.
    const ends = movingSpeed > 0 ? [operator.poseFor(d - MOVING_PATH_LENGTH / 2, a), operator.poseFor(d + MOVING_PATH_LENGTH / 2, a)] : [operator.poseFor(d, a)];
    if (ends.every(inside)) return { distance: d, phi: a };
  }
  return { distance: SCORED_MIN_DISTANCE, phi: Math.PI };
}

/** A 2 m path through the spot, towards the hoop or away from it. */
function takeMovingShot(operator: ScenarioOperator, spot: ShotSpot, towards: boolean, ball: BallSpread): TakenShot {
  const halfPath = (towards ? 1 : -1) * (MOVING_PATH_LENGTH / 2);
  return operator.takeMovingShot(operator.poseFor(spot.distance + halfPath, spot.phi), operator.poseFor(spot.distance - halfPath, spot.phi), ball);
}

/** A scored shot as the referee sees it: the chain's ball as it flew, and the oracle's. */
interface JudgedShot {
  readonly release: ReleaseState;
  /** Undefined: declined (the launcher never fired). */
  readonly verdict: ShotVerdict | undefined;
  readonly exitSpeed: number;
  readonly launchAngle: number;
  readonly trajectory: SimShotRecord["trajectory"] | undefined;
  readonly oracleMade: boolean;
  readonly oracleExitSpeed: number;
}

/**
 * The referee (call inside asReferee): the chain's ball as it flew, and the oracle's with the same
 * ball from the same release state (for a declined shot, standing at the spot).
 */
function judge(world: SimLauncherWorld, shot: SimShotRecord | undefined, spotPose: Pose2, ball: BallSpread): JudgedShot {
  const release = shot?.release ?? world.releaseState(spotPose);
  const command = oracleCommand(world.shot, release, world.launchAngles, world.spreads);
  const oracle = command === undefined ? undefined : world.shot.fly(release, command.exitSpeed, command.launchAngle, ball);
  return {
    release,
    verdict: shot?.verdict,
    exitSpeed: shot?.exitSpeed ?? NaN,
    launchAngle: shot?.launchAngle ?? NaN,
    trajectory: shot?.trajectory,
    oracleMade: oracle?.verdict.made === true,
    oracleExitSpeed: oracle?.exitSpeed ?? NaN,
  };
}

function shotReport(index: number, judged: JudgedShot, taken: TakenShot, trueHoop: { readonly x: number; readonly y: number }, estimatedDistance: number): ShotReport {
  const { release, verdict } = judged;
  return {
    index,
    distance: Math.hypot(trueHoop.x - release.x, trueHoop.y - release.y),
    x: release.x,
    y: release.y,
    speed: Math.hypot(release.vx, release.vy),
    made: verdict?.made === true,
    miss: verdict === undefined ? "declined" : verdict.made ? "" : verdict.miss,
    ...(verdict === undefined && taken.refusal !== undefined ? { declined_because: taken.refusal } : {}),
    along: verdict?.along ?? NaN,
    across: verdict?.across ?? NaN,
    oracleMade: judged.oracleMade,
    exitSpeed: judged.exitSpeed,
    oracleExitSpeed: judged.oracleExitSpeed,
    launchAngle: judged.launchAngle,
    estimatedDistance,
  };
}

/** The first SAMPLE_FLIGHTS_PER_VERDICT fired flights of each verdict, for the flights plot. */
class FlightSamples {
  readonly kept: SimReport["samples"] = [];
  private readonly perVerdict = new Map<string, number>();

  offer(index: number, judged: JudgedShot): void {
    const { verdict, trajectory } = judged;
    if (verdict === undefined || trajectory === undefined) return;
    const kind = verdict.made ? "made" : verdict.miss;
    const taken = this.perVerdict.get(kind) ?? 0;
    if (taken >= SAMPLE_FLIGHTS_PER_VERDICT) return;
    this.perVerdict.set(kind, taken + 1);
    this.kept.push({ index, release: judged.release, made: verdict.made, trajectory });
  }
}
