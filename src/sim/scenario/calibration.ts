import type { LauncherConfig } from "../../core/ballistics/launcherParameters";
import { alternatingCalibrationDistance, CALIBRATION_READING_SIGMA_M, calibrationRecipe } from "../../core/calibration/calibrationPlan";
import { fitLaunchCalibration, type CalibrationShot } from "../../core/calibration/fitLaunchCalibration";
import { judgeCalibration } from "../../core/calibration/judgeCalibration";
import type { SeededRandom } from "../../core/random/SeededRandom";
import type { ManagedNode } from "../../runtime/ManagedNode";
import type { SimLauncherWorld } from "../nodes/simLauncher";
import type { ShotVerdict } from "../RimJudge";
import { LAUNCHER_PARAMETERS } from "../scenarioParameters";
import type { TrueBall, TrueWorld } from "../truth/drawTrueWorld";
import { asReferee } from "../truth/referee";
import { findRoot, oracleExitSpeed } from "../truth/trueShot";
import { drawSpread } from "./balls";
import type { ShotPhaseContext } from "./phaseContext";
import { SCORED_MAX_DISTANCE, SCORED_MIN_DISTANCE } from "./scoredShots";
import type { Baseline, ScenarioOptions, SimReport } from "./types";

// The calibration phase's strategies: the table7 baseline's tuned table, the known-physics fit to
// exact flights, test shots fitted by the same code as `robocon-shooter calibrate`, or none.

const DEG = Math.PI / 180;
/** The table7 baseline: 7 distances, each tuned by TABLE7_SHOTS_PER_KEY test shots. */
const TABLE7_KEYS = 7;
const TABLE7_SHOTS_PER_KEY = 3;
/** Distances [m] of the exact flights the known-physics fit uses. */
const PERFECT_FIT_DISTANCES = [2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7];
/** The wheel speeds the known-physics fit searches [rad/s]: far below and above any shot's. */
const MIN_WHEEL_SPEED = 10;
const MAX_WHEEL_SPEED = 2000;

/** Everything the calibration phase uses: the phases' common context (the test shots' balls and tape readings fork their own streams), the chain's launcher and the drawn truth. */
export interface CalibrationContext extends ShotPhaseContext {
  readonly options: ScenarioOptions;
  readonly truth: TrueWorld;
  readonly config: LauncherConfig;
  readonly launcherControl: ManagedNode;
  readonly warnings: string[];
}

/** What the calibration phase did: the report's `calibration` without the figures the scenario knows anyway. */
export type CalibrationOutcome = Omit<SimReport["calibration"], "shots" | "nominal_efficiency">;

const NO_CALIBRATION: CalibrationOutcome = { mode: "none", fitted_efficiency: null, fitted_drag_coefficient: null, fired: 0, used: 0, applied: false, verdict: null };

/** Test shots the calibration phase takes: table7's own 21, or the scenario's calibrationShots. */
export function calibrationShotCount(options: ScenarioOptions): number {
  return options.baseline === "table7" ? TABLE7_KEYS * TABLE7_SHOTS_PER_KEY : options.calibrationShots;
}

/** The calibration phase, by the scenario's strategy; the fitted values are set on launcher_control. */
export async function calibrate(context: CalibrationContext): Promise<CalibrationOutcome> {
  if (context.options.baseline === "table7") return calibrateTable7(context);
  if (context.options.knownPhysics === true) return calibrateOnExactFlights(context);
  if (calibrationShotCount(context.options) > 0) return calibrateWithTestShots(context);
  return NO_CALIBRATION;
}

/** What FRC teams do: a distance -> wheel speed table, each point tuned by test shots there. */
async function calibrateTable7(context: CalibrationContext): Promise<CalibrationOutcome> {
  const testShot = testShooter(context);
  const keys = Array.from({ length: TABLE7_KEYS }, (_, i) => SCORED_MIN_DISTANCE + (i * (SCORED_MAX_DISTANCE - SCORED_MIN_DISTANCE)) / (TABLE7_KEYS - 1));
  const factors = keys.map(() => 1);
  const setTable = (): boolean =>
    context.launcherControl.setParameters([
      { name: LAUNCHER_PARAMETERS.correctionKey, value: "distance" },
      { name: LAUNCHER_PARAMETERS.correctionKeys, value: keys },
      { name: LAUNCHER_PARAMETERS.correctionFactors, value: [...factors] },
    ]).successful;
  let fired = 0;
  for (let i = 0; i < keys.length; i++) {
    for (let rep = 0; rep < TABLE7_SHOTS_PER_KEY; rep++) {
      setTable();
      const key = keys[i] ?? 0;
      const shot = testShot(key, rep);
      await context.bag.endOfShot("calibration");
      if (shot === undefined) continue;
      fired++;
      // A made shot needs no change; flight length grows about as speed squared: a miss of m at distance d wants speed x (1 - m / 2d).
      const miss = shot.miss_m ?? (shot.outcome === "short" ? -0.5 : shot.outcome === "long" ? 0.5 : 0);
      factors[i] = Math.min(2, Math.max(0.5, (factors[i] ?? 1) * (1 - miss / (2 * key))));
    }
  }
  return { ...NO_CALIBRATION, mode: "table7", fired, used: fired, applied: setTable() };
}

/** knownPhysics: the controller's model fitted to exact true flights, no test shot taken. */
function calibrateOnExactFlights(context: CalibrationContext): CalibrationOutcome {
  const { world, truth, config, trueHoop } = context;
  const shots = asReferee(() => exactCalibrationShots(world, truth.balls, config, trueHoop));
  const fit = fitCalibration(shots, config, context.options.baseline, 0.001);
  return {
    ...NO_CALIBRATION,
    mode: "perfect_fit",
    fitted_efficiency: fit.fitted.efficiency,
    fitted_drag_coefficient: fit.fitted.dragCoefficient ?? null,
    used: shots.length,
    applied: applyFit(context.launcherControl, fit.changes, context.warnings),
  };
}

/** Test shots at alternating distances, fitted by the same code as `robocon-shooter calibrate`. */
async function calibrateWithTestShots(context: CalibrationContext): Promise<CalibrationOutcome> {
  const total = calibrationShotCount(context.options);
  const testShot = testShooter(context);
  const shots: CalibrationShot[] = [];
  let fired = 0;
  for (let k = 0; k < total; k++) {
    const shot = testShot(alternatingCalibrationDistance(k, total), k);
    if (shot !== undefined) {
      fired++;
      // A shot without a distance estimate is not a calibration shot: the team does not know where it stood.
      if (Number.isFinite(shot.distance_m) && Number.isFinite(shot.wheelSpeed_radps)) shots.push(shot);
    }
    await context.bag.endOfShot("calibration");
  }
  const outcome: CalibrationOutcome = { ...NO_CALIBRATION, mode: "test_shots", fired, used: shots.length };
  const fireError = context.operator.fireError;
  if (fired === 0) {
    context.warnings.push(`calibration: none of the ${total} test shots was fired${fireError ? ` (${fireError})` : ""}`);
    return outcome;
  }
  if (shots.length === 0) {
    context.warnings.push(`calibration: none of the ${fired} fired test shots had a distance estimate at the feed`);
    return outcome;
  }
  const fit = fitCalibration(shots, context.config, context.options.baseline, CALIBRATION_READING_SIGMA_M);
  return {
    ...outcome,
    fitted_efficiency: fit.fitted.efficiency,
    fitted_drag_coefficient: fit.fitted.dragCoefficient ?? null,
    verdict: fit.verdict,
    applied: applyFit(context.launcherControl, fit.changes, context.warnings),
  };
}

/**
 * Takes test shots as the team logs them: the feed's encoder, estimate and hood command, and the
 * tape's reading; undefined when not fired. Shot k stands 15 degrees left or right of the line
 * through the hoop, in turn.
 */
function testShooter(context: CalibrationContext): (distance: number, k: number) => CalibrationShot | undefined {
  const { operator, team, world, progress } = context;
  const balls = context.random.fork("calibration");
  const tape = context.random.fork("tape");
  return (distance, k) => {
    const phi = Math.PI + (k % 2 === 0 ? 1 : -1) * 15 * DEG;
    const { shot } = operator.takeStandingShot(operator.poseFor(distance, phi), drawSpread(world, balls));
    progress.testShotTaken();
    const feed = team.lastFeed();
    if (shot === undefined || feed === undefined) return undefined;
    const reading = asReferee(() => tapeReading(shot.verdict, tape));
    return { distance_m: feed.estimate, wheelSpeed_radps: feed.encoder, launchAngle_rad: feed.launchAngle, ...reading };
  };
}

/**
 * What a team reads off a test shot with a tape or a phone video: made, or where the ball centre
 * crossed the rim plane along the shot line, to a few centimetres; a ball that never came down
 * through the rim plane is just short (or long).
 */
function tapeReading(verdict: ShotVerdict, random: SeededRandom): Pick<CalibrationShot, "outcome" | "miss_m"> {
  if (verdict.made) return { outcome: "made" };
  if (!Number.isFinite(verdict.along)) return { outcome: verdict.along < 0 ? "short" : "long" };
  return { miss_m: verdict.along + random.gaussian(0, CALIBRATION_READING_SIGMA_M) };
}

/**
 * Exact test shots for the known-physics fit: at each distance straight at the true rim, the
 * wheel speed whose ball (the set's balls in turn, no spread, no ripple) goes through the rim centre, found
 * by bisection through the true launcher and flight. A hood shoots at its two ends and middle.
 */
function exactCalibrationShots(world: SimLauncherWorld, balls: readonly TrueBall[], config: LauncherConfig, hoop: { x: number; y: number }): CalibrationShot[] {
  const angles = config.launch.mode === "fixed" ? [config.launch.angle_rad] : [config.launch.minAngle_rad, middleLaunchAngle(config), config.launch.maxAngle_rad];
  const shots: CalibrationShot[] = [];
  for (const angle of angles) {
    for (const distance of PERFECT_FIT_DISTANCES) {
      // The set's balls in turn, as the scored shots use them.
      const ball = balls[shots.length % balls.length] ?? { mass_kg: 0.6, pressureFactor: 1 };
      // Standing on the line to the rim, facing it, with the release point `distance` from the rim centre.
      const release = world.releaseState({ x: hoop.x - distance - world.releaseForward, y: hoop.y, yaw: 0 });
      const exitSpeed = oracleExitSpeed(world.shot, release, angle);
      if (exitSpeed === undefined) continue;
      const wheelSpeed = findRoot((w) => world.launcher.launch(w, ball).exitSpeed_mps - exitSpeed, MIN_WHEEL_SPEED, MAX_WHEEL_SPEED, 1e-6);
      if (wheelSpeed !== undefined) shots.push({ distance_m: distance, wheelSpeed_radps: wheelSpeed, miss_m: 0, launchAngle_rad: angle });
    }
  }
  return shots;
}

/**
 * Fits the controller's efficiency, its slope and drag to the shots (calibrationRecipe).
 * The drag-free baseline keeps what public Robocon code does: a vacuum model with the efficiency
 * alone calibrated (fitting the slope too would let it stand in for the missing drag).
 */
function fitCalibration(
  shots: readonly CalibrationShot[],
  config: LauncherConfig,
  baseline: Baseline,
  missSigma: number,
): {
  fitted: { efficiency: number; dragCoefficient: number | undefined };
  changes: { name: string; value: number }[];
  verdict: NonNullable<SimReport["calibration"]["verdict"]>;
} {
  // Every test shot carries its own launch angle; the model's is only the fallback the core's type requires.
  const fit = fitLaunchCalibration(
    shots,
    { ballistics: config.model, wheel: config.wheel, launchAngle_rad: middleLaunchAngle(config) },
    { ...calibrationRecipe(config), missSigma_m: missSigma, ...(baseline === "drag-free" ? { fitDrag: false, fitEfficiencySlope: false } : {}) },
  );
  // Judged as `calibrate` judges, for the report only: the values below are the fit's, whatever the verdict.
  const judgement = judgeCalibration(fit);
  return {
    fitted: { efficiency: fit.efficiency.estimate, dragCoefficient: fit.dragCoefficient.fitted ? fit.dragCoefficient.estimate : undefined },
    verdict: { p_value: Number.isNaN(judgement.pValue) ? null : judgement.pValue, consistent: judgement.consistent, problems: [...judgement.problems] },
    changes: [
      { name: LAUNCHER_PARAMETERS.efficiency, value: fit.efficiency.estimate },
      ...(fit.efficiencySlope.fitted ? [{ name: LAUNCHER_PARAMETERS.efficiencySlope, value: fit.efficiencySlope.estimate }] : []),
      ...(fit.dragCoefficient.fitted ? [{ name: LAUNCHER_PARAMETERS.dragCoefficient, value: Math.max(0, fit.dragCoefficient.estimate) }] : []),
    ],
  };
}

/** A fixed launcher's angle, or the middle of the hood's range [rad]. */
function middleLaunchAngle(config: LauncherConfig): number {
  return config.launch.mode === "fixed" ? config.launch.angle_rad : (config.launch.minAngle_rad + config.launch.maxAngle_rad) / 2;
}

function applyFit(launcherControl: ManagedNode, changes: readonly { name: string; value: number }[], warnings: string[]): boolean {
  const result = launcherControl.setParameters(changes);
  if (!result.successful) warnings.push(`setting the fitted calibration on launcher_control failed: ${result.reason}`);
  return result.successful;
}
