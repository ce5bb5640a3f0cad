import type { ExitSpeedResult } from "../core/ballistics/ShotResult";
import { loadLauncherParameters } from "../launcher/launcherModel";
import { createBallisticModel } from "../core/ballistics/BallisticModel";
import { FlightIntegrator } from "../core/ballistics/FlightIntegrator";
import { launcherConfigFromParameters, shotPlannerFromConfig, type LauncherConfig } from "../core/ballistics/launcherParameters";
import { makeProbability } from "../core/ballistics/makeProbability";
import { exactMakeWindow } from "../core/ballistics/makeWindow";
import type { ShotPlan } from "../core/ballistics/ShotPlanner";
import { solveExitSpeed } from "../core/ballistics/solveExitSpeed";
import { solveMovingShot, type MovingShotInput } from "../core/ballistics/solveMovingShot";
import { WheelModel } from "../core/ballistics/WheelModel";
import {
  alternatingCalibrationDistance,
  CALIBRATION_FAR_DISTANCE_M,
  CALIBRATION_NEAR_DISTANCE_M,
  CALIBRATION_READING_SIGMA_M,
  calibrationRecipe,
} from "../core/calibration/calibrationPlan";
import { DEFAULT_DRAG_PRIOR_SIGMA, fitLaunchCalibration, type CalibrationOptions, type CalibrationShot } from "../core/calibration/fitLaunchCalibration";
import { SeededRandom } from "../core/random/SeededRandom";
import { DEFAULT_SHOOTER_PARAMS } from "../package/defaultParams";
import { numberParameter } from "../core/parameters/readers";
import { simLauncherSchema } from "../sim/nodes/simLauncher";
import { drawBall, drawSameFamilyTruth, SAME_FAMILY_DEFAULTS, sameFamilyIntegrator, type BallDraw } from "./sameFamilyTruth";
import { atMost, heldTo, median, reportOnly, rms, timing, type Benchmark, type Figure } from "./figure";
import { referenceCrossing } from "./referenceFlight";

const DEG = Math.PI / 180;
/**
 * The control cycle's goals [us] (issue 15, tightened by issue 16): solveMovingShot as
 * launcher_control calls it every control period. Standing, one plan of a target that hardly
 * moves; moving at 1 m/s, the plan with the carried velocity. Both a small share of the 10 ms
 * period, leaving it to the callbacks.
 */
const CONTROL_CYCLE_STANDING_GOAL_US = 20;
const CONTROL_CYCLE_MOVING_GOAL_US = 50;
/** One warm-started plan [us] (issue 16). */
const SHOT_SOLUTION_WARM_GOAL_US = 10;

/** The launcher_control parameters the robot runs with (params/shooter.yaml), and its control period [s]. */
function shooterSetup(): { config: LauncherConfig; controlPeriod_s: number } {
  const values = loadLauncherParameters(DEFAULT_SHOOTER_PARAMS);
  return { config: launcherConfigFromParameters(values), controlPeriod_s: numberParameter(values, "control_period") };
}

/**
 * A target sequence as the node sees it, one update per control cycle of `period_s` [s] (10 ms,
 * 100 Hz): the robot drives slowly (random walk of the distance, about 1 m/s at most) with range
 * noise of a few millimetres on top.
 */
export function targetSequence(count: number, period_s: number, seed: number): { distance: number; sigma: number; wheelError: number }[] {
  const random = new SeededRandom(seed);
  const out: { distance: number; sigma: number; wheelError: number }[] = [];
  let d = 5;
  let v = 0;
  for (let i = 0; i < count; i++) {
    v = Math.max(-1, Math.min(1, v + 0.15 * random.gaussian()));
    d = Math.max(3.5, Math.min(8.5, d + v * period_s));
    out.push({ distance: d + 0.003 * random.gaussian(), sigma: 0.01 + 0.002 * random.uniform(), wheelError: 1.5 * random.gaussian() });
  }
  return out;
}

/**
 * Median microseconds per update over batches of the sequence. `update` returns a number that is
 * summed and checked, so the work cannot be optimised away.
 */
function timeUpdates(update: (i: number) => number, count: number, reps: number): number {
  const samples: number[] = [];
  let sink = 0;
  for (let r = 0; r < reps; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) sink += update(r * count + i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e3 / count);
  }
  if (!(sink >= 0)) throw new Error(`the timed updates returned ${sink}`);
  return median(samples);
}

/**
 * What solveMovingShot gets from the node each cycle: the hoop in the launcher frame from
 * target/estimate, its covariance, the launcher's velocity relative to the hoop and the wheel's
 * smoothed speed error, every control cycle of `period_s` [s]. The launcher stands at (5, 0) m
 * from the hoop, or drives at `speed_mps` [m/s] along (-0.6, 0.8), turning back every 2 s, so the
 * distance changes by about a metre.
 */
export function cycleInputs(count: number, speed_mps: number, period_s: number, seed: number): MovingShotInput[] {
  const random = new SeededRandom(seed);
  const out: MovingShotInput[] = [];
  let x = 5;
  let y = 0;
  let direction = 1;
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % Math.round(2 / period_s) === 0) direction = -direction;
    const vx = -0.6 * speed_mps * direction;
    const vy = 0.8 * speed_mps * direction;
    x -= vx * period_s;
    y -= vy * period_s;
    out.push({
      target_x_m: x + 0.003 * random.gaussian(),
      target_y_m: y + 0.003 * random.gaussian(),
      covariance: { xx: 1e-4, xy: 0, yy: 1e-4 },
      velocity_x_mps: vx,
      velocity_y_mps: vy,
      wheelSpeedError_radps: 0.5 * random.gaussian(),
    });
  }
  return out;
}

/** Median microseconds per control cycle, and the mean plans (time-of-flight iterations) and flights per cycle. */
function timeCycles(config: LauncherConfig, inputs: readonly MovingShotInput[], count: number, reps: number): { us: number; iterations: number; flights: number } {
  const cyclePlanner = shotPlannerFromConfig(config);
  let iterations = 0;
  let flights = 0;
  let cycles = 0;
  const us = timeUpdates(
    (i) => {
      const input = inputs[i % inputs.length];
      if (input === undefined) return 0;
      const shot = solveMovingShot(cyclePlanner, input, config.moving);
      iterations += shot.iterations;
      if (shot.plan.kind === "planned") flights += shot.plan.solution.flights;
      cycles++;
      return shot.plan.kind === "planned" ? shot.plan.make.probability : 0;
    },
    count,
    reps,
  );
  return { us, iterations: iterations / cycles, flights: flights / cycles };
}

/** The calibration layouts the study compares, in print order. */
const CALIBRATION_LAYOUTS = ["evenly_spaced", "alternating_ends", "alternating_ends_weighted_prior", "known_drag"] as const;
type CalibrationLayout = (typeof CALIBRATION_LAYOUTS)[number];

/** One value per layout. */
function perLayout<T>(value: (layout: CalibrationLayout) => T): Record<CalibrationLayout, T> {
  return Object.fromEntries(CALIBRATION_LAYOUTS.map((layout) => [layout, value(layout)])) as Record<CalibrationLayout, T>;
}

/** How a layout calibrates: where shot k of `count` is taken [m], the fit's options, and whether the true drag and air density are given. */
interface CalibrationRecipe {
  readonly distance: (k: number, count: number) => number;
  readonly options: CalibrationOptions;
  readonly givenTrueDrag: boolean;
}

/** Shot k of `count` evenly spaced over the simulator's calibration range [m]. */
function evenlySpacedCalibrationDistance(k: number, count: number): number {
  return CALIBRATION_NEAR_DISTANCE_M + ((CALIBRATION_FAR_DISTANCE_M - CALIBRATION_NEAR_DISTANCE_M) * k) / (count - 1);
}

/**
 * Every layout's recipe: the simulator's (alternating ends, weighted, drag prior: core/calibration/calibrationPlan),
 * two unweighted fits without a prior, and the best case no team has.
 */
function calibrationRecipes(config: LauncherConfig): Record<CalibrationLayout, CalibrationRecipe> {
  const unweighted: CalibrationOptions = { missSigma_m: CALIBRATION_READING_SIGMA_M };
  const simulatorOptions = calibrationRecipe(config);
  return {
    evenly_spaced: { distance: evenlySpacedCalibrationDistance, options: unweighted, givenTrueDrag: false },
    alternating_ends: { distance: alternatingCalibrationDistance, options: unweighted, givenTrueDrag: false },
    alternating_ends_weighted_prior: { distance: alternatingCalibrationDistance, options: simulatorOptions, givenTrueDrag: false },
    known_drag: { distance: alternatingCalibrationDistance, options: { ...simulatorOptions, fitDrag: false, fitEfficiencySlope: false }, givenTrueDrag: true },
  };
}

interface CalibrationStudyResult {
  /** RMS of (fitted - true) / true wheel speed over every draw and distance 2.3-6.8 m [%]. */
  readonly rms: Record<CalibrationLayout, number>;
  /** Mean make probability over every draw and distance 2.05-6.95 m with the fitted model's command [1]. */
  readonly hitRate: Record<CalibrationLayout, number>;
  /** The same with the true model's command: only the per-ball spread left (the simulator's oracle) [1]. */
  readonly oracleHitRate: number;
  /** The oracle's with the simulated flywheel's speed ripple on top, released at a random phase [1]. */
  readonly rippleHitRate: number;
  readonly skipped: number;
}

/**
 * The calibration study of docs/design-notes.md, the fit alone: per draw the true drag,
 * efficiency and air density are drawn in a truth of the controller's own model family
 * (./sameFamilyTruth.ts, so the model's form costs nothing here and the fit is all that is measured), ten test shots are aimed with
 * the nominal model and flown with the truth and each ball's own spread, the team reads each miss
 * with a 2 cm (1-sigma) error, and fitLaunchCalibration fits efficiency and drag. The layouts share
 * each draw's truth, balls and reading errors. `known_drag` is the best case no team has: the true
 * drag coefficient and air density given, the efficiency alone fitted, so one unknown for ten shots.
 *
 * Two figures per layout: the error of the wheel speed the fitted model commands against the one
 * the true model needs at 2.3, 2.8, ... 6.8 m; and the mean make probability of shots at 2.05,
 * 2.15, ... 6.95 m (the simulator's scored range) taken with that command, from makeProbability on
 * the true flight with the per-ball spread and the command's exit-speed offset. The oracle's is the
 * same with no offset, so the difference is what the calibration alone costs, in expectation over
 * draws rather than for one seed. `rippleFraction` is the flywheel's speed-ripple amplitude as a
 * fraction of its speed [1] (sim_launcher's flywheel.ripple_fraction; a sine's RMS is it / sqrt 2).
 */
function calibrationStudy(config: LauncherConfig, draws: number, seed: number, rippleFraction: number): CalibrationStudyResult {
  const study = new CalibrationStudy(config, rippleFraction);
  const root = new SeededRandom(seed);
  for (let draw = 0; draw < draws; draw++) study.runDraw(root.fork(`draw ${draw}`));
  return study.result();
}

/** The study's fixed set-up and what its draws add up; one draw at a time (runDraw). */
class CalibrationStudy {
  private readonly angle: number;
  private readonly shotCount = 10;
  private readonly physics = SAME_FAMILY_DEFAULTS;
  private readonly rmsDistances = Array.from({ length: 10 }, (_, i) => 2.3 + 0.5 * i);
  private readonly hitDistances = Array.from({ length: 50 }, (_, i) => 2.05 + 0.1 * i);
  private readonly recipes: Record<CalibrationLayout, CalibrationRecipe>;
  /** The test shots are aimed with the nominal model, which no draw changes: each distance planned once. */
  private readonly testPlans = new Map<number, ShotPlan>();
  private readonly spread: { distanceSigma_m: number; exitSpeedSigmaFraction: number; launchAngleSigma_rad: number };
  /** A sinusoid of amplitude a caught at a random phase has variance a^2 / 2. */
  private readonly rippleSigmaFraction: number;
  /** Signed (fitted - true) / true wheel speed per layout [1], and make probabilities [1]. */
  private readonly speedErrors = perLayout((): number[] => []);
  private readonly makes = perLayout((): number[] => []);
  private readonly oracleMakes: number[] = [];
  private readonly rippleMakes: number[] = [];
  private skipped = 0;

  constructor(
    private readonly config: LauncherConfig,
    rippleFraction: number,
  ) {
    if (config.launch.mode !== "fixed") throw new Error("the calibration study needs a fixed hood");
    this.angle = config.launch.angle_rad;
    this.recipes = calibrationRecipes(config);
    const nominalPlanner = shotPlannerFromConfig(config);
    for (const layout of CALIBRATION_LAYOUTS) {
      for (let k = 0; k < this.shotCount; k++) {
        const distance = this.recipes[layout].distance(k, this.shotCount);
        if (!this.testPlans.has(distance)) this.testPlans.set(distance, nominalPlanner.plan({ distance_m: distance, distanceSigma_m: 0.01 }));
      }
    }
    this.rippleSigmaFraction = rippleFraction / Math.SQRT2;
    this.spread = { distanceSigma_m: 0, exitSpeedSigmaFraction: this.physics.exitSpeedSigma, launchAngleSigma_rad: this.physics.launchAngleSigma };
  }

  /** One draw: a truth, its balls and reading errors; the oracle's makes, then every layout's fit scored against the truth. */
  runDraw(random: SeededRandom): void {
    const truth = drawSameFamilyTruth(this.physics, random);
    const balls: BallDraw[] = Array.from({ length: this.shotCount }, () => drawBall(this.physics, random));
    const readingErrors = Array.from({ length: this.shotCount }, () => random.gaussian(0, CALIBRATION_READING_SIGMA_M));
    const trueIntegrator = sameFamilyIntegrator(truth, this.physics, this.config.model);
    const trueWheel = new WheelModel({ ...this.config.wheel, efficiency: truth.efficiency });
    const trueSolutions = this.hitDistances.map((distance) => solveExitSpeed(trueIntegrator, distance, this.angle));
    this.scoreOracle(trueSolutions, trueWheel);
    const trueNeeded = this.rmsDistances.map((distance) => this.neededWheelSpeed(trueIntegrator, trueWheel, distance));
    for (const layout of CALIBRATION_LAYOUTS) {
      const recipe = this.recipes[layout];
      const ballistics = recipe.givenTrueDrag
        ? { ...this.config.model, drag_coefficient: truth.dragCoefficient, air_density_kgpm3: truth.airDensity, ball_mass_kg: this.physics.ballMass, ball_radius_m: this.physics.ballRadius }
        : this.config.model;
      const shots: CalibrationShot[] = [];
      for (let k = 0; k < this.shotCount; k++) {
        const distance = recipe.distance(k, this.shotCount);
        const plan = this.testPlans.get(distance);
        const ball = balls[k];
        if (plan?.kind !== "planned" || ball === undefined) continue;
        const exitSpeed = trueWheel.exitSpeedFor(plan.wheelSpeed_radps, distance) * (1 + ball.speedFactor);
        const flight = trueIntegrator.crossRimPlane(exitSpeed, this.angle + ball.angleError);
        if (flight.kind !== "crossing") continue;
        shots.push({ distance_m: distance, wheelSpeed_radps: plan.wheelSpeed_radps, miss_m: flight.x_m - distance + (readingErrors[k] ?? NaN) });
      }
      const fit = fitLaunchCalibration(shots, { ballistics, wheel: this.config.wheel, launchAngle_rad: this.angle }, recipe.options);
      const fittedIntegrator = new FlightIntegrator(createBallisticModel({ ...ballistics, drag_coefficient: Math.max(0, fit.dragCoefficient.estimate) }));
      // The fitted wheel is the whole fit: the efficiency and its slope (held at the configured value when not fitted).
      const fittedWheel = new WheelModel({ ...this.config.wheel, efficiency: fit.efficiency.estimate, efficiency_slope_spm: fit.efficiencySlope.estimate });
      this.scoreFit(layout, { fittedIntegrator, fittedWheel, trueWheel, trueNeeded, trueSolutions });
    }
  }

  result(): CalibrationStudyResult {
    const mean = (values: readonly number[]): number => (values.length === 0 ? NaN : values.reduce((sum, v) => sum + v, 0) / values.length);
    return {
      rms: perLayout((layout) => 100 * rms(this.speedErrors[layout])),
      hitRate: perLayout((layout) => mean(this.makes[layout])),
      oracleHitRate: mean(this.oracleMakes),
      rippleHitRate: mean(this.rippleMakes),
      skipped: this.skipped,
    };
  }

  /** The true model's own commands: only the per-ball spread left, and the same with the wheel's ripple. */
  private scoreOracle(trueSolutions: readonly ExitSpeedResult[], trueWheel: WheelModel): void {
    trueSolutions.forEach((solution, i) => {
      if (solution.kind !== "solution") {
        this.oracleMakes.push(0);
        this.rippleMakes.push(0);
        return;
      }
      this.oracleMakes.push(makeProbability(solution, this.spread).probability);
      // The ripple is of the wheel's speed: through the true wheel's slope to the exit speed.
      const distance = this.hitDistances[i] ?? NaN;
      const omega = trueWheel.wheelSpeedFor(solution.exitSpeed_mps, distance);
      const rippleSigma_mps = trueWheel.exitSpeedPerWheelSpeed(omega, distance) * omega * this.rippleSigmaFraction;
      this.rippleMakes.push(makeProbability(solution, { ...this.spread, exitSpeedNoiseSigma_mps: rippleSigma_mps }).probability);
    });
  }

  /** A layout's fitted model against the truth: its wheel speed error at rmsDistances, its make probability at hitDistances. */
  private scoreFit(
    layout: CalibrationLayout,
    fitted: { fittedIntegrator: FlightIntegrator; fittedWheel: WheelModel; trueWheel: WheelModel; trueNeeded: readonly (number | undefined)[]; trueSolutions: readonly ExitSpeedResult[] },
  ): void {
    const { fittedIntegrator, fittedWheel, trueWheel, trueNeeded, trueSolutions } = fitted;
    this.rmsDistances.forEach((distance, i) => {
      const commanded = this.neededWheelSpeed(fittedIntegrator, fittedWheel, distance);
      const needed = trueNeeded[i];
      if (commanded === undefined || needed === undefined) this.skipped++;
      else this.speedErrors[layout].push((commanded - needed) / needed);
    });
    this.hitDistances.forEach((distance, i) => {
      const solution = trueSolutions[i];
      const commanded = this.neededWheelSpeed(fittedIntegrator, fittedWheel, distance);
      if (solution?.kind !== "solution" || commanded === undefined) {
        this.makes[layout].push(0);
        return;
      }
      const offset = trueWheel.exitSpeedFor(commanded, distance) - solution.exitSpeed_mps;
      this.makes[layout].push(makeProbability(solution, { ...this.spread, exitSpeedBias_mps: offset }).probability);
    });
  }

  /** Wheel speed [rad/s] that puts the ball centre on the rim centre at `distance` [m], undefined when none does. */
  private neededWheelSpeed(integrator: FlightIntegrator, wheel: WheelModel, distance: number): number | undefined {
    const s = solveExitSpeed(integrator, distance, this.angle, { maxExitSpeed_mps: wheel.exitSpeedFor(wheel.config.max_speed_radps, distance) });
    return s.kind === "solution" ? wheel.wheelSpeedFor(s.exitSpeed_mps, distance) : undefined;
  }
}

export const launcherBenchmarks: Benchmark[] = [
  {
    name: "launcher_control shot solution",
    run(options) {
      const count = options.quick ? 2000 : 20000;
      const reps = options.quick ? 5 : 21;
      const { config, controlPeriod_s } = shooterSetup();
      const sequence = targetSequence(count * reps, controlPeriod_s, 5);
      const target = (i: number): { distance: number; sigma: number; wheelError: number } => sequence[i % sequence.length] ?? { distance: 5, sigma: 0.01, wheelError: 0 };
      const probability = (plan: ShotPlan): number => (plan.kind === "planned" ? plan.make.probability : 0);
      options.progress("launcher: warm shot solutions");
      const warmPlanner = shotPlannerFromConfig(config);
      const warm = timeUpdates(
        (i) => {
          const t = target(i);
          return probability(warmPlanner.plan({ distance_m: t.distance, distanceSigma_m: t.sigma, wheelSpeedError_radps: t.wheelError }));
        },
        count,
        reps,
      );
      options.progress("launcher: cold shot solutions");
      const coldPlanner = shotPlannerFromConfig(config);
      const coldCount = Math.max(200, count / 10);
      const cold = timeUpdates(
        (i) => {
          const t = target(i);
          coldPlanner.reset();
          return probability(coldPlanner.plan({ distance_m: t.distance, distanceSigma_m: t.sigma, wheelSpeedError_radps: t.wheelError }));
        },
        coldCount,
        reps,
      );
      options.progress("launcher: control cycles (solveMovingShot as the node calls it)");
      const cycleCount = options.quick ? 1000 : 10000;
      const standing = timeCycles(config, cycleInputs(cycleCount * reps, 0, controlPeriod_s, 7), cycleCount, reps);
      const moving = timeCycles(config, cycleInputs(cycleCount * reps, 1, controlPeriod_s, 7), cycleCount, reps);
      const budget_us = controlPeriod_s * 1e6;
      const cycleNote = (cycle: { iterations: number; flights: number }): string =>
        `solveMovingShot per control cycle with params/shooter.yaml (the node solves every control_period ${controlPeriod_s} s: a ${budget_us} us cycle budget); ` +
        `${cycle.iterations.toFixed(2)} plans and ${cycle.flights.toFixed(2)} flights per cycle on average (one plan: the drag-aware moving shot has no time-of-flight iteration)`;
      // Wall-clock times: timings, which --quick reports without gating.
      const figures: Figure[] = [
        atMost("launcher.shot_solution.warm_median", warm, "us", SHOT_SOLUTION_WARM_GOAL_US, "speed + time of flight + make probability per target update (one plan), warm-started (slowly moving target, 100 Hz updates)"),
        reportOnly("launcher.shot_solution.cold_median", cold, "us", `the same without the previous solution (first update, after a jump); not held to the ${SHOT_SOLUTION_WARM_GOAL_US} us goal`),
        atMost("launcher.control_cycle.standing_median", standing.us, "us", CONTROL_CYCLE_STANDING_GOAL_US, `standing 5 m from the hoop; ${cycleNote(standing)}`),
        atMost("launcher.control_cycle.moving_1mps_median", moving.us, "us", CONTROL_CYCLE_MOVING_GOAL_US, `driving at 1 m/s; ${cycleNote(moving)}`),
      ].map(timing);
      return Promise.resolve(figures);
    },
  },
  {
    name: "launcher_control ballistics accuracy",
    run(options) {
      options.progress("launcher: integrator against the 10 us reference");
      const model = createBallisticModel();
      const integrator = new FlightIntegrator(model);
      const cases = options.quick
        ? [
            [7.8, 55],
            [10.66, 55],
          ]
        : [
            [7.8, 55],
            [9.25, 55],
            [10.66, 55],
            [7.92, 60],
            [9.53, 60],
            [11.06, 60],
            [9.5, 70],
          ];
      const errors = cases.map(([v = 0, a = 0]) => {
        const c = integrator.crossRimPlane(v, a * DEG);
        const reference = referenceCrossing(model, v, a * DEG);
        return c.kind === "crossing" && reference !== undefined ? Math.abs(c.x_m - reference.x_m) : Infinity;
      });
      const figures: Figure[] = [
        atMost("launcher.integrator.crossing_error_max", Math.max(...errors), "m", 0.001, `RK4 at ${1000 * model.integration_step_s} ms vs semi-implicit Euler at 10 us, ${cases.length} shots`),
      ];
      // docs/domain.md's make windows (release 1.0 m, Cd 0.5, air 1.2): +-% of exit speed.
      const domain = [
        [55, 4, 0.28],
        [55, 6, 0.47],
        [55, 8, 0.46],
        [60, 4, 0.66],
        [60, 6, 0.64],
        [60, 8, 0.56],
      ];
      for (const [angle = 0, distance = 0, expected = 0] of domain) {
        const s = solveExitSpeed(integrator, distance, angle * DEG);
        const window = s.kind === "solution" ? exactMakeWindow(integrator, s).halfWidthFraction * 100 : NaN;
        figures.push(
          heldTo(
            `launcher.make_window.${angle}deg_${distance}m`,
            Math.round(window * 1000) / 1000,
            "%",
            `${expected} +- 0.006 % (docs/domain.md)`,
            Math.abs(window - expected) <= 0.006,
            s.kind === "solution" ? `exit speed ${s.exitSpeed_mps.toFixed(3)} m/s` : s.message,
          ),
        );
      }
      return Promise.resolve(figures);
    },
  },
  {
    name: "launcher_control calibration study",
    run(options) {
      const draws = options.quick ? 20 : 100;
      options.progress(`launcher: calibration study, ${draws} draws x ${CALIBRATION_LAYOUTS.length} layouts`);
      const rippleFraction = simLauncherSchema["flywheel.ripple_fraction"]?.default;
      if (typeof rippleFraction !== "number") throw new Error("sim_launcher declares no numeric flywheel.ripple_fraction default");
      const study = calibrationStudy(shooterSetup().config, draws, 11, rippleFraction);
      const { hitRate, oracleHitRate, rippleHitRate, skipped } = study;
      const ends = `${CALIBRATION_NEAR_DISTANCE_M} / ${CALIBRATION_FAR_DISTANCE_M} m`;
      const method =
        `RMS over ${draws} seeded draws x 10 distances 2.3-6.8 m of (fitted - true) / true wheel speed; 10 test shots, ` +
        `a truth of the controller's own model family (the simulator's truth is richer: sim.*), misses read with ${100 * CALIBRATION_READING_SIGMA_M} cm error${skipped > 0 ? `; ${skipped} distances without a solution left out` : ""}`;
      const rmsError = (layout: CalibrationLayout, note: string): Figure => reportOnly(`launcher.calibration.wheel_speed_rms_error.${layout}`, study.rms[layout], "%", note);
      const cost = (layout: CalibrationLayout, note: string): Figure =>
        reportOnly(`launcher.calibration.expected_hit_rate_cost.${layout}`, 100 * (oracleHitRate - hitRate[layout]), "points", note);
      const percent = (probability: number): string => `${(100 * probability).toFixed(1)} %`;
      const figures: Figure[] = [
        rmsError("evenly_spaced", `shots evenly spaced ${CALIBRATION_NEAR_DISTANCE_M}-${CALIBRATION_FAR_DISTANCE_M} m; ${method}`),
        rmsError("alternating_ends", `shots alternating ${ends}`),
        rmsError("alternating_ends_weighted_prior", `alternating ${ends}, misses weighted by the launcher's spread, drag prior sigma ${DEFAULT_DRAG_PRIOR_SIGMA} (what the simulator runs)`),
        rmsError("known_drag", "best case: true drag and air density given, efficiency alone fitted"),
        cost(
          "alternating_ends_weighted_prior",
          `oracle ${percent(oracleHitRate)} - ${percent(hitRate.alternating_ends_weighted_prior)} with the fitted model: mean make probability (linearised, along the shot line) over ${draws} draws x 50 distances 2.05-6.95 m`,
        ),
        cost("known_drag", `the floor of any 10-shot calibration read off the misses: oracle ${percent(oracleHitRate)} - ${percent(hitRate.known_drag)} with one unknown`),
        reportOnly(
          "launcher.plant.expected_hit_rate_cost.wheel_ripple",
          100 * (oracleHitRate - rippleHitRate),
          "points",
          `the simulated flywheel's ${(100 * rippleFraction).toFixed(1)} % speed ripple (sim_launcher default) caught at a random phase, through the true wheel's slope, on the oracle's perfect command: ${percent(rippleHitRate)}`,
        ),
      ];
      return Promise.resolve(figures);
    },
  },
];
