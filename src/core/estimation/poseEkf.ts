import { hypot2 } from "../hypot";
import { at } from "../indexed";
import { wrapAngle, type CourtMap, type Pose2, type Vec2 } from "../court/courtMap";
import { predictRangeInto, RayCast, sensorRay, type SensorMount } from "../court/rayCaster";
import { constantVelocityStep } from "./motionModel";
import { MAX_SYSTEMATIC_SHARE, type RangeNoiseModel } from "./rangeSigma";
import { identity, invert, multiply, multiplyTransposed, multiplyTransposedLeft, quadraticForm, symmetrize } from "./smallMatrix";
import { CONSIDER_PER_INPUT, ConsiderIndex, POSE_VELOCITY_SIZE, STATE_SIZE, StateIndex } from "./stateLayout";

const N = STATE_SIZE;
const { X, Y, YAW, VX, VY, YAW_RATE, ODOMETRY_SCALE } = StateIndex;
/** Most rows a measurement has (odometry: vx, vy, yaw rate); sizes the update's scratch buffers. */
const MAX_ROWS = 3;
/** Variance floor of the odometry scale [1]: it may be pinned (odometryScaleSigma 0) but never singular. */
const ODOMETRY_SCALE_FLOOR = 1e-12;
/** motionProcessNoise's entries: x, y, yaw per metre driven, then x, y, yaw per radian turned. */
const MOTION_PROCESS_NOISE_SIZE = 6;

/** The one "accepted" step result: a prediction runs before every correction, and it needs no object of its own. */
const STEP_ACCEPTED: StepResult = Object.freeze({ accepted: true });

/** Why a prediction or a measurement did not change the state. */
export type RejectReason =
  | "not_initialized"
  | "non_finite_input"
  | "stamp_backwards"
  | "invalid_range"
  | "too_close"
  | "out_of_limits"
  | "no_return"
  | "no_return_contradicts_estimate"
  | "ray_misses_map"
  | "grazing_incidence"
  | "gated"
  | "singular_innovation"
  | "numerical_failure"
  | "unknown_input";

export interface Rejection {
  readonly accepted: false;
  readonly reason: RejectReason;
  /** A sentence for /diagnostics and logs, with the offending values. */
  readonly message: string;
  /** Normalised innovation squared when it was computed (gated measurements). */
  readonly nis?: number;
}

export type CorrectionResult =
  | {
      readonly accepted: true;
      /** Normalised innovation squared nu^T S^-1 nu, chi-square with `dof` degrees of freedom if consistent. */
      readonly nis: number;
      readonly dof: number;
      readonly innovation: readonly number[];
      /** Surface or landmark the measurement was associated with. */
      readonly associatedWith: string;
    }
  | Rejection;

export type StepResult = { readonly accepted: true } | Rejection;

/**
 * A range along a mounted sensor's ray (a single-point rangefinder or a lidar virtual beam): what
 * the filter fuses and what the global search starts from.
 */
export interface RangeMeasurement {
  readonly mount: SensorMount;
  /** Measured range [m], REP-117: NaN invalid, -Inf too close, +Inf no return. */
  readonly range: number;
  /** Standard deviation of the range [m]. */
  readonly sigma: number;
  /** The sensor's shortest valid range [m] (sensor_msgs/Range min_range). */
  readonly minRange: number;
  /** The sensor's longest valid range [m] (sensor_msgs/Range max_range). */
  readonly maxRange: number;
  /**
   * Which range input it is: an index into PoseEkfOptions.rangeBiases, whose systematic error
   * the reading carries (`sigma` is then the total, the systematic part included). None: the
   * reading's error is taken as independent of every other reading's.
   */
  readonly input?: number;
}

/** A landmark (pole centre) detected in a laser's frame. */
export interface DetectionMeasurement {
  /** The laser's mount in base_link (z unused). */
  readonly mount: SensorMount;
  /** Detected point in the laser frame [m]. */
  readonly point: Vec2;
  /** Standard deviations of range [m] and bearing [rad] of the point seen from the laser. */
  readonly sigmaRange: number;
  readonly sigmaBearing: number;
}

/** Body-frame velocity from odometry (nav_msgs/Odometry twist). */
export interface BodyTwist {
  /** [m/s] forward, [m/s] left, [rad/s] about z. */
  readonly vx: number;
  readonly vy: number;
  readonly yawRate: number;
}

export interface PoseEkfOptions {
  /**
   * Variance added per second to each state (x, y, yaw, vx, vy, yaw_rate)
   * [m^2/s, m^2/s, rad^2/s, (m/s)^2/s, (m/s)^2/s, (rad/s)^2/s]. Default
   * [1e-6, 1e-6, 1e-6, 0.03, 0.03, 0.03]: the velocity random walk covers the change of speed
   * between odometry messages, the pose terms wheel slip the velocity does not explain. Chosen on
   * the mean NIS of the estimation benchmark's standing and driving scenarios
   * (estimation.dt35_standing / dt35_driving.mean_nis_per_dof, printed by `npm run bench`), which
   * run what params/shooter.yaml ships.
   */
  readonly processNoise?: readonly number[];
  /**
   * Pose variance added per metre driven and per radian turned, on top of processNoise:
   * [x, y, yaw per metre; x, y, yaw per radian] [m^2/m, m^2/m, rad^2/m, m^2/rad, m^2/rad, rad^2/rad],
   * driven by the filter's own velocity. Wheel odometry errs as the wheels turn (scale error,
   * slip), not as time passes: a robot standing still drifts nowhere, so the filter can stay sharp
   * standing and open up when it moves. Default all 0 (time-driven noise only).
   */
  readonly motionProcessNoise?: readonly number[];
  /**
   * 1-sigma of the wheel odometry's scale error when the filter starts [1] (see stateLayout.ts).
   * Default 0.02: wheel odometry is good to a percent or two. 0 pins the scale at 0 (odometry
   * taken at its word).
   */
  readonly odometryScaleSigma?: number;
  /** Variance added to the odometry scale per second [1/s]: it drifts as tyres wear or warm. Default 1e-8. */
  readonly odometryScaleNoise?: number;
  /** Lower bound on the variance of x, y, yaw, vx, vy, yaw rate after every step (same units squared). Default 1e-9 each. */
  readonly covarianceFloor?: readonly number[];
  /** Mahalanobis gate for a range, chi-square 1 dof [1]. Default 6.63 (99 %). */
  readonly rangeGate?: number;
  /** Mahalanobis gate for a detection, chi-square 2 dof [1]. Default 9.21 (99 %). */
  readonly detectionGate?: number;
  /** Mahalanobis gate for an odometry twist, chi-square 3 dof [1]. Default Infinity (always fused). */
  readonly odometryGate?: number;
  /**
   * A measurement stamped up to this much before the filter's time is applied at the filter's
   * time (an error of at most speed x lag); older ones are rejected [s]. Default 0.05.
   */
  readonly maxStampLag?: number;
  /** Rays meeting a surface more obliquely than this cosine are skipped [1]. Default 0.15 (81 deg). */
  readonly minIncidenceCos?: number;
  /** A no-return (+Inf) contradicts the estimate when the predicted range is this many sigmas inside max range [1]. Default 3. */
  readonly noReturnSigmas?: number;
  /**
   * Each range input's systematic error, RangeMeasurement.input indexing it: an offset of 1-sigma
   * `systematicSigma` [m] and a scale error of 1-sigma `relativeSigma` [1] on readings beyond
   * `relativeBeyond` [m] (`sigma` unused: each reading brings its own). Neither averages out over
   * an input's readings (a TFmini reading 1 % long beyond 6 m does so 100 times a second), so
   * each is a parameter of the filter (stateLayout.ts ConsiderIndex) with its covariance with the
   * state, and the pose covariance keeps what they leave uncertain. Default none.
   */
  readonly rangeBiases?: readonly RangeNoiseModel[];
  /**
   * true: the range biases are estimated (states appended to the filter's, kept inside it): where
   * the inputs are redundant they estimate each other's biases, and an input's readings keep
   * averaging their own noise. false: consider parameters (Schmidt-Kalman), never estimated:
   * once an input's bias dominates its readings' weight falls towards 0, so later readings
   * barely count. Either way the covariance covers the biases (tests: poseEkfConsider.test.ts);
   * on the TFmini bench only the consider filter stays consistent (an estimated scale error
   * of a standing robot is linearised at a biased pose). Default false.
   */
  readonly estimateRangeBiases?: boolean;
}

/**
 * The library's defaults, one place: PoseEkf falls back to them and target_estimation's parameter
 * schema takes its defaults from them, so the two cannot drift apart.
 */
export const DEFAULT_POSE_EKF_OPTIONS: Required<PoseEkfOptions> = {
  processNoise: [1e-6, 1e-6, 1e-6, 0.03, 0.03, 0.03],
  motionProcessNoise: [0, 0, 0, 0, 0, 0],
  odometryScaleSigma: 0.02,
  odometryScaleNoise: 1e-8,
  covarianceFloor: [1e-9, 1e-9, 1e-9, 1e-9, 1e-9, 1e-9],
  rangeGate: 6.63,
  detectionGate: 9.21,
  odometryGate: Infinity,
  maxStampLag: 0.05,
  minIncidenceCos: 0.15,
  noReturnSigmas: 3,
  rangeBiases: [],
  estimateRangeBiases: false,
};

/** Running counts for /diagnostics. */
export interface EkfDiagnostics {
  readonly accepted: number;
  readonly rejected: Readonly<Partial<Record<RejectReason, number>>>;
  /** Sum of NIS and of degrees of freedom over accepted corrections: their ratio is the mean NIS per dof. */
  readonly nisSum: number;
  readonly dofSum: number;
  readonly lastNis: number;
  /** Time of the last accepted correction [s], -Infinity before any. */
  readonly lastCorrectionTime: number;
}

/**
 * Extended Kalman filter over the robot's pose on the court and its body-frame velocity (layout in
 * stateLayout.ts). Pure: time [s] is passed in, nothing is read from a clock. Every method that
 * takes input returns whether it was used and, if not, why; the state never becomes NaN.
 */
export class PoseEkf {
  private readonly map: CourtMap;
  /** Variance added per second to every state, the odometry scale's last (0 when it is pinned). */
  private readonly processNoise: Float64Array;
  private readonly motionProcessNoise: Float64Array;
  private readonly odometryScaleSigma: number;
  /** Lower bound on every state's variance, the odometry scale's last. */
  private readonly floor: Float64Array;
  private readonly rangeGate: number;
  private readonly detectionGate: number;
  private readonly odometryGate: number;
  private readonly maxStampLag: number;
  private readonly minIncidenceCos: number;
  private readonly noReturnSigmas: number;
  /** Range inputs with a systematic error (rangeBiases), and the range beyond which each one's scale error applies [m]. */
  private readonly rangeInputCount: number;
  private readonly scaleBeyond: Float64Array;
  /** Consider parameters (CONSIDER_PER_INPUT per range input, stateLayout.ts): how many, and their variances. */
  private readonly considerCount: number;
  /** Their variances at the start (the configured sigmas squared). */
  private readonly considerVariance: Float64Array;
  /** Whether the range biases are estimated (estimateRangeBiases) or only considered. */
  private readonly estimateBiases: boolean;

  // State and covariance are double-buffered: a step writes the next pair into xNext / PNext and
  // commit swaps them in only when every number is finite, so a failed step leaves the state as it was.
  private x: Float64Array = new Float64Array(N);
  private P: Float64Array = identity(N);
  private xNext: Float64Array = new Float64Array(N);
  private PNext: Float64Array = new Float64Array(N * N);
  /** Cross-covariance of the state with the consider parameters (N x considerCount), double-buffered as P. */
  private C: Float64Array;
  private CNext: Float64Array;
  /** The biases' estimate (considerCount; zero when only considered) and covariance (considerCount squared), double-buffered as P. */
  private bias: Float64Array;
  private biasNext: Float64Array;
  private B: Float64Array;
  private BNext: Float64Array;
  private time = Number.NaN;
  private initialized = false;

  // Scratch for one step's algebra, sized for the largest measurement (3 rows): the matrix algebra
  // of a range update at hundreds of hertz allocates nothing, and neither do the ray cast and the
  // detection's landmark models (issue 13: what a sensor callback allocates, the garbage collector
  // pauses some callback for). What a correction still allocates is its innovation and result.
  private readonly transition = { next: this.xNext, F: identity(N) };
  private readonly FP = new Float64Array(N * N);
  private readonly PHt = new Float64Array(N * MAX_ROWS);
  private readonly S = new Float64Array(MAX_ROWS * MAX_ROWS);
  private readonly Sinv = new Float64Array(MAX_ROWS * MAX_ROWS);
  private readonly invertWork = new Float64Array(MAX_ROWS * MAX_ROWS);
  private readonly K = new Float64Array(N * MAX_ROWS);
  private readonly KH = new Float64Array(N * N);
  private readonly IKH = new Float64Array(N * N);
  private readonly IKHP = new Float64Array(N * N);
  private readonly KR = new Float64Array(N * MAX_ROWS);
  private readonly KRKt = new Float64Array(N * N);
  private readonly rangeH = new Float64Array(N);
  private readonly odometryH = new Float64Array(3 * N);
  private readonly rangeR = new Float64Array(1);
  private readonly ray = new RayCast();
  /** The pose the ray is cast from (poseInto). */
  private readonly castPose = { x: 0, y: 0, yaw: 0 };
  private readonly noReturnH = new Float64Array(3);
  private readonly poseBlock = new Float64Array(9);
  private readonly detectionR = new Float64Array(4);
  private readonly landmarkModel: RangeBearing = { range: 0, bearing: 0, H: new Float64Array(2 * N) };
  /** The best landmark's H so far, copied from landmarkModel (which the next landmark overwrites). */
  private readonly detectionH = new Float64Array(2 * N);
  private readonly HP = new Float64Array(2 * N);
  private readonly detectionInnovation = new Float64Array(2);
  private readonly odometryR = new Float64Array(9);
  /** The consider parameters' Jacobian for the range in hand (offset, scale) and the cross-covariance it brings, C G^T (N). */
  private readonly considerG = new Float64Array(CONSIDER_PER_INPUT);
  private readonly considerD = new Float64Array(N);
  /** (I - KH) D (N). */
  private readonly considerE = new Float64Array(N);
  /** The expected bias of the range in hand, G bias [m]. */
  private rangeBiasExpected = 0;
  /** Cov(bias, measurement) = C^T H^T + B G^T (considerCount x rows), and the biases' gain (same size). */
  private readonly PHtb: Float64Array;
  private readonly Kb: Float64Array;
  /** The innovation correct() weighs, by rows used (1: range, 2: detection, 3: odometry): the accepted result carries it. */
  private readonly innovations: readonly number[][] = [[], [0], [0, 0], [0, 0, 0]];
  /**
   * The result of an accepted correction, rewritten by the next one (read it before the filter's
   * next call): an object and an innovation array per reading, at hundreds of hertz, were most of
   * what a sensor callback left to the garbage collector.
   */
  private readonly acceptedResult = { accepted: true as const, nis: 0, dof: 0, innovation: [] as readonly number[], associatedWith: "" };

  private accepted = 0;
  private readonly rejected: Partial<Record<RejectReason, number>> = {};
  private nisSum = 0;
  private dofSum = 0;
  private lastNis = Number.NaN;
  private lastCorrection = -Infinity;

  constructor(map: CourtMap, options: PoseEkfOptions = {}) {
    this.map = map;
    const defaults = DEFAULT_POSE_EKF_OPTIONS;
    const processNoise = vectorOption("processNoise", options.processNoise ?? defaults.processNoise, POSE_VELOCITY_SIZE, 0);
    this.motionProcessNoise = Float64Array.from(vectorOption("motionProcessNoise", options.motionProcessNoise ?? defaults.motionProcessNoise, MOTION_PROCESS_NOISE_SIZE, 0, "x, y, yaw per metre; x, y, yaw per radian"));
    this.odometryScaleSigma = options.odometryScaleSigma ?? defaults.odometryScaleSigma;
    if (!(this.odometryScaleSigma >= 0 && this.odometryScaleSigma < 1)) throw new Error(`odometryScaleSigma must be in [0, 1), got ${this.odometryScaleSigma}`);
    const odometryScaleNoise = options.odometryScaleNoise ?? defaults.odometryScaleNoise;
    if (!(odometryScaleNoise >= 0 && Number.isFinite(odometryScaleNoise))) throw new Error(`odometryScaleNoise must be a finite number >= 0 /s, got ${odometryScaleNoise}`);
    // A pinned scale (sigma 0) stays pinned: no drift is added to what the team said is exact.
    this.processNoise = Float64Array.of(...processNoise, this.odometryScaleSigma > 0 ? odometryScaleNoise : 0);
    this.floor = Float64Array.of(...vectorOption("covarianceFloor", options.covarianceFloor ?? defaults.covarianceFloor, POSE_VELOCITY_SIZE, 1e-300), ODOMETRY_SCALE_FLOOR);
    this.rangeGate = positiveOption("rangeGate", options.rangeGate ?? defaults.rangeGate);
    this.detectionGate = positiveOption("detectionGate", options.detectionGate ?? defaults.detectionGate);
    this.odometryGate = positiveOption("odometryGate", options.odometryGate ?? defaults.odometryGate);
    this.maxStampLag = options.maxStampLag ?? defaults.maxStampLag;
    if (!(this.maxStampLag >= 0 && Number.isFinite(this.maxStampLag))) {
      throw new Error(`maxStampLag must be a finite number >= 0 s, got ${this.maxStampLag}`);
    }
    this.minIncidenceCos = options.minIncidenceCos ?? defaults.minIncidenceCos;
    if (!(this.minIncidenceCos >= 0 && this.minIncidenceCos < 1)) {
      throw new Error(`minIncidenceCos must be in [0, 1), got ${this.minIncidenceCos}`);
    }
    this.noReturnSigmas = positiveOption("noReturnSigmas", options.noReturnSigmas ?? defaults.noReturnSigmas);
    const biases = options.rangeBiases ?? defaults.rangeBiases;
    this.rangeInputCount = biases.length;
    this.considerCount = CONSIDER_PER_INPUT * biases.length;
    this.considerVariance = new Float64Array(this.considerCount);
    this.scaleBeyond = new Float64Array(biases.length);
    biases.forEach((model, i) => {
      const offsetSigma = model.systematicSigma ?? 0;
      const scaleSigma = model.relativeSigma ?? 0;
      const scaleBeyond = model.relativeBeyond ?? 0;
      if (!(offsetSigma >= 0 && Number.isFinite(offsetSigma) && scaleSigma >= 0 && scaleSigma < 1 && scaleBeyond >= 0)) {
        throw new Error(`rangeBiases[${i}] needs a finite systematicSigma >= 0 m, a relativeSigma in [0, 1) and a relativeBeyond >= 0 m, got ${offsetSigma}, ${scaleSigma}, ${scaleBeyond}`);
      }
      this.considerVariance[CONSIDER_PER_INPUT * i + ConsiderIndex.OFFSET] = offsetSigma ** 2;
      this.considerVariance[CONSIDER_PER_INPUT * i + ConsiderIndex.SCALE] = scaleSigma ** 2;
      this.scaleBeyond[i] = scaleBeyond;
    });
    this.estimateBiases = options.estimateRangeBiases ?? defaults.estimateRangeBiases;
    const L = this.considerCount;
    this.C = new Float64Array(N * L);
    this.CNext = new Float64Array(N * L);
    this.bias = new Float64Array(L);
    this.biasNext = new Float64Array(L);
    this.B = new Float64Array(L * L);
    this.BNext = new Float64Array(L * L);
    this.PHtb = new Float64Array(L * MAX_ROWS);
    this.Kb = new Float64Array(L * MAX_ROWS);
  }

  /**
   * Starts the filter at a pose with its covariance (3x3 row-major over x, y, yaw [m^2, rad^2]).
   * Velocity starts at zero with `velocitySigma` [m/s, m/s, rad/s] (default 0.5 each) unless given;
   * the odometry scale at 0 with odometryScaleSigma.
   */
  initialize(time: number, pose: Pose2, poseCovariance: readonly number[], velocity: BodyTwist = { vx: 0, vy: 0, yawRate: 0 }, velocitySigma = 0.5): StepResult {
    if (!Number.isFinite(time) || !isFinitePose(pose) || !isFiniteTwist(velocity) || !(velocitySigma > 0 && Number.isFinite(velocitySigma))) {
      return this.reject("non_finite_input", `initialize needs finite time, pose, velocity and velocitySigma > 0, got t=${time}, pose=${JSON.stringify(pose)}, velocity=${JSON.stringify(velocity)}, velocitySigma=${velocitySigma}`);
    }
    const cov = covarianceInput(poseCovariance, 3);
    if (typeof cov === "string") return this.reject("non_finite_input", `initialize pose covariance: ${cov}`);
    this.x.set([pose.x, pose.y, wrapAngle(pose.yaw), velocity.vx, velocity.vy, velocity.yawRate, 0]);
    this.P.fill(0);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) this.P[i * N + j] = at(cov, i * 3 + j);
    for (let i = 3; i < POSE_VELOCITY_SIZE; i++) this.P[i * N + i] = velocitySigma * velocitySigma;
    this.P[ODOMETRY_SCALE * N + ODOMETRY_SCALE] = this.odometryScaleSigma ** 2;
    // A start owes nothing to the inputs' biases as far as the filter knows (a start search's
    // correlation with them is not carried).
    this.C.fill(0);
    this.bias.fill(0);
    this.B.fill(0);
    for (let i = 0; i < this.considerCount; i++) this.B[i * this.considerCount + i] = at(this.considerVariance, i);
    this.applyFloor();
    this.time = time;
    this.initialized = true;
    return STEP_ACCEPTED;
  }

  get isInitialized(): boolean {
    return this.initialized;
  }

  /** Filter time [s] (NaN before initialisation). */
  get currentTime(): number {
    return this.time;
  }

  /** Time of the last accepted correction [s], -Infinity before any (what staleness is judged on). */
  get lastCorrectionTime(): number {
    return this.lastCorrection;
  }

  /** Robot pose in the court frame. */
  pose(): Pose2 {
    return { x: at(this.x, X), y: at(this.x, Y), yaw: at(this.x, YAW) };
  }

  /**
   * pose() written into `out` and returned: no new object (three boxed numbers and the object
   * itself) for what runs on every reading.
   */
  poseInto<T extends { x: number; y: number; yaw: number }>(out: T): T {
    out.x = at(this.x, X);
    out.y = at(this.x, Y);
    out.yaw = at(this.x, YAW);
    return out;
  }

  /** Body-frame velocity. */
  velocity(): BodyTwist {
    return { vx: at(this.x, VX), vy: at(this.x, VY), yawRate: at(this.x, YAW_RATE) };
  }

  /** velocity() written into `out` and returned, as poseInto. */
  velocityInto<T extends { vx: number; vy: number; yawRate: number }>(out: T): T {
    out.vx = at(this.x, VX);
    out.vy = at(this.x, VY);
    out.yawRate = at(this.x, YAW_RATE);
    return out;
  }

  /** A copy of the state vector (layout in stateLayout.ts). */
  state(): Float64Array {
    return Float64Array.from(this.x);
  }

  /** state() written into `out` (STATE_SIZE values) and returned. */
  stateInto(out: Float64Array): Float64Array {
    out.set(this.x);
    return out;
  }

  /** covariance() written into `out` (STATE_SIZE x STATE_SIZE values) and returned. */
  covarianceInto(out: Float64Array): Float64Array {
    out.set(this.P);
    return out;
  }

  /** The odometry scale error [1] (see stateLayout.ts) and its 1-sigma. */
  odometryScale(): { readonly estimate: number; readonly sigma: number } {
    return { estimate: at(this.x, ODOMETRY_SCALE), sigma: Math.sqrt(at(this.P, ODOMETRY_SCALE * N + ODOMETRY_SCALE)) };
  }

  /** A copy of the covariance (STATE_SIZE x STATE_SIZE), row-major. */
  covariance(): Float64Array {
    return Float64Array.from(this.P);
  }

  diagnostics(): EkfDiagnostics {
    return {
      accepted: this.accepted,
      rejected: { ...this.rejected },
      nisSum: this.nisSum,
      dofSum: this.dofSum,
      lastNis: this.lastNis,
      lastCorrectionTime: this.lastCorrection,
    };
  }

  /** Constant-velocity prediction to `time` [s]. A time slightly in the past (maxStampLag) is a no-op. */
  predict(time: number): StepResult {
    if (!this.initialized) return this.reject("not_initialized", "predict before initialize");
    if (!Number.isFinite(time)) return this.reject("non_finite_input", `predict time must be finite, got ${time}`);
    if (time < this.time - this.maxStampLag) {
      return this.reject("stamp_backwards", `stamp ${time} s is ${(this.time - time).toFixed(4)} s before the filter time ${this.time} s (max lag ${this.maxStampLag} s)`);
    }
    if (time <= this.time) return STEP_ACCEPTED;
    const dt = time - this.time;
    this.transition.next = this.xNext;
    const { F } = constantVelocityStep(this.x, dt, this.transition);
    const P = multiplyTransposed(multiply(F, this.P, N, N, N, this.FP), F, N, N, N, this.PNext);
    for (let i = 0; i < N; i++) P[i * N + i] = at(P, i * N + i) + at(this.processNoise, i) * dt;
    const driven = hypot2(at(this.x, VX), at(this.x, VY)) * dt;
    const turned = Math.abs(at(this.x, YAW_RATE)) * dt;
    const q = this.motionProcessNoise;
    for (let i = 0; i < 3; i++) P[i * N + i] = at(P, i * N + i) + at(q, i) * driven + at(q, i + 3) * turned;
    // The consider parameters stay as they are: their cross-covariance moves with the state.
    if (this.considerCount > 0) {
      multiply(F, this.C, N, N, this.considerCount, this.CNext);
      this.keepBiases();
    }
    return this.commit(time, "predict");
  }

  /**
   * Predicts to `time` [s] with the current velocity, then fuses an odometry twist (body frame) with
   * its 3x3 covariance (row-major, [(m/s)^2, (rad/s)^2]) as a measurement of the velocity states:
   * the twist reads (1 + s) vx, (1 + s) vy and the yaw rate, s the odometry scale state.
   */
  predictWithOdometry(time: number, twist: BodyTwist, twistCovariance: ArrayLike<number>): CorrectionResult {
    if (!this.initialized) return this.reject("not_initialized", "odometry before initialize");
    if (!isFiniteTwist(twist)) return this.reject("non_finite_input", `odometry twist must be finite, got ${JSON.stringify(twist)}`);
    const cov = covarianceInput(twistCovariance, 3, this.odometryR);
    if (typeof cov === "string") return this.reject("non_finite_input", `odometry twist covariance: ${cov}`);
    const step = this.predict(time);
    if (!step.accepted) return step;
    const H = odometryJacobian(this.x, this.odometryH);
    // odometryPrediction, inline (its tuple would be an array per message).
    const gain = 1 + at(this.x, ODOMETRY_SCALE);
    const innovation = this.innovationRows(3);
    innovation[0] = twist.vx - gain * at(this.x, VX);
    innovation[1] = twist.vy - gain * at(this.x, VY);
    innovation[2] = twist.yawRate - at(this.x, YAW_RATE);
    // Odometry is an input, not a check on the pose: it neither counts as a correction nor refreshes staleness.
    return this.correct(innovation, H, cov, this.odometryGate, "odometry", false);
  }

  /** Fuses a range along a mounted sensor's ray, predicted by casting that ray against the court map. */
  updateRange(time: number, m: RangeMeasurement): CorrectionResult {
    if (!this.initialized) return this.reject("not_initialized", "range before initialize");
    const mount = m.mount;
    const mountOk = Number.isFinite(mount.x) && Number.isFinite(mount.y) && Number.isFinite(mount.z) && Number.isFinite(mount.yaw) && Number.isFinite(m.minRange) && !Number.isNaN(m.maxRange);
    if (!mountOk || !(m.sigma > 0 && Number.isFinite(m.sigma))) {
      return this.reject("non_finite_input", `range needs a finite mount, limits and sigma > 0, got mount=${JSON.stringify(m.mount)}, limits=[${m.minRange}, ${m.maxRange}], sigma=${m.sigma}`);
    }
    if (m.input !== undefined && !(Number.isInteger(m.input) && m.input >= 0 && m.input < this.rangeInputCount)) {
      return this.reject("unknown_input", `range input ${m.input} is not one of the ${this.rangeInputCount} the filter was given (rangeBiases)`);
    }
    if (Number.isNaN(m.range)) return this.reject("invalid_range", "range is NaN (REP-117: invalid reading)");
    if (m.range === -Infinity) return this.reject("too_close", "range is -Inf (REP-117: closer than the sensor's minimum)");
    const step = this.predict(time);
    if (!step.accepted) return step;
    const pose = this.poseInto(this.castPose);
    const predicted = predictRangeInto(this.map, pose, m.mount, this.ray) ? this.ray : undefined;
    if (m.range === Infinity) return this.checkNoReturn(m, predicted);
    if (!(m.range >= m.minRange && m.range <= m.maxRange)) {
      return this.reject("out_of_limits", `range ${m.range} m is outside the sensor's limits [${m.minRange}, ${m.maxRange}] m (REP-117)`);
    }
    if (predicted === undefined) {
      const ray = sensorRay(pose, m.mount);
      return this.reject("ray_misses_map", `the ray from (${ray.origin.x.toFixed(3)}, ${ray.origin.y.toFixed(3)}) m at ${ray.angle.toFixed(3)} rad, height ${m.mount.z} m, meets no surface of the court map (check the mount pose and height)`);
    }
    if (predicted.incidenceCos < this.minIncidenceCos) {
      return this.reject("grazing_incidence", `the ray meets ${predicted.surface} at incidence cosine ${predicted.incidenceCos.toFixed(3)} < ${this.minIncidenceCos}: too oblique to trust`);
    }
    const H = this.rangeH;
    H[X] = predicted.dX;
    H[Y] = predicted.dY;
    H[YAW] = predicted.dYaw;
    // Second-order term in heading (a Gaussian second-order filter): a range to a plane grows as
    // d / cos(yaw error), so while the heading is uncertain a precise long ray is curved, not linear.
    // Its expected offset and extra variance keep the update from locking onto the wrong heading.
    const c = predicted.incidenceCos;
    const curvature = predicted.distance * (1 + (2 * (1 - c * c)) / (c * c));
    const pYaw = at(this.P, YAW * N + YAW);
    const expected = predicted.distance + 0.5 * curvature * pYaw;
    const input = m.input ?? -1;
    this.rangeR[0] = (input < 0 ? m.sigma * m.sigma : this.considerRange(input, m)) + 0.5 * (curvature * pYaw) ** 2;
    const innovation = this.innovationRows(1);
    innovation[0] = m.range - expected - (input < 0 ? 0 : this.rangeBiasExpected);
    return this.correct(innovation, H, this.rangeR, this.rangeGate, predicted.surface, true, input);
  }

  /**
   * Fuses a landmark detection as range and bearing from the laser. The detection is associated with
   * the map landmark (pole) of smallest Mahalanobis distance, then gated.
   */
  updateDetection(time: number, m: DetectionMeasurement): CorrectionResult {
    if (!this.initialized) return this.reject("not_initialized", "detection before initialize");
    const finite = Number.isFinite(m.mount.x) && Number.isFinite(m.mount.y) && Number.isFinite(m.mount.yaw) && Number.isFinite(m.point.x) && Number.isFinite(m.point.y);
    if (!finite || !(m.sigmaRange > 0 && m.sigmaBearing > 0 && Number.isFinite(m.sigmaRange) && Number.isFinite(m.sigmaBearing))) {
      return this.reject("non_finite_input", `detection needs a finite mount and point and sigmas > 0, got point=${JSON.stringify(m.point)}, sigmas=(${m.sigmaRange}, ${m.sigmaBearing})`);
    }
    const measuredRange = hypot2(m.point.x, m.point.y);
    if (!(measuredRange > 1e-6)) return this.reject("non_finite_input", "detected point is at the laser origin: no bearing");
    const step = this.predict(time);
    if (!step.accepted) return step;
    const measuredBearing = Math.atan2(m.point.y, m.point.x);
    const R = this.detectionR;
    R[0] = m.sigmaRange * m.sigmaRange;
    R[3] = m.sigmaBearing * m.sigmaBearing;
    const pose = this.poseInto(this.castPose);
    const model = this.landmarkModel;
    // The best landmark so far: its NIS, innovation and name (its H is copied into detectionH).
    let bestNis = Infinity;
    let bestRange = 0;
    let bestBearing = 0;
    let bestName: string | undefined;
    for (const landmark of this.map.landmarks) {
      rangeBearing(pose, m.mount, landmark.position, model);
      const innovationRange = measuredRange - model.range;
      const innovationBearing = wrapAngle(measuredBearing - model.bearing);
      const S = multiplyTransposed(multiply(model.H, this.P, 2, N, N, this.HP), model.H, 2, N, 2, this.S);
      S[0] = at(S, 0) + R[0];
      S[3] = at(S, 3) + R[3];
      const Sinv = invert(S, 2, this.Sinv, this.invertWork);
      if (Sinv === undefined) continue;
      const innovation = this.detectionInnovation;
      innovation[0] = innovationRange;
      innovation[1] = innovationBearing;
      const nis = quadraticForm(innovation, Sinv, 2);
      if (bestName === undefined || nis < bestNis) {
        bestNis = nis;
        bestRange = innovationRange;
        bestBearing = innovationBearing;
        bestName = landmark.name;
        this.detectionH.set(model.H);
      }
    }
    if (bestName === undefined) return this.reject("singular_innovation", "detection: innovation covariance singular for every landmark");
    const innovation = this.innovationRows(2);
    innovation[0] = bestRange;
    innovation[1] = bestBearing;
    return this.correct(innovation, this.detectionH, R, this.detectionGate, bestName, true);
  }

  /**
   * Widens the pose covariance by adding these variances [m^2, m^2, rad^2] to x, y and yaw: the
   * way out of a gate lock-out, when the estimate drifted (wheel slip, an odometry scale error)
   * further than its covariance admits and every true measurement is being gated.
   */
  inflatePose(variances: readonly [number, number, number]): StepResult {
    if (!this.initialized) return this.reject("not_initialized", "inflatePose before initialize");
    if (!variances.every((v) => v >= 0 && Number.isFinite(v))) {
      return this.reject("non_finite_input", `inflatePose needs finite variances >= 0, got ${variances.join(", ")}`);
    }
    this.xNext.set(this.x);
    const P = this.PNext;
    P.set(this.P);
    for (let i = 0; i < 3; i++) P[i * N + i] = at(P, i * N + i) + at(variances, i);
    this.CNext.set(this.C);
    this.keepBiases();
    return this.commit(this.time, "inflatePose");
  }

  /**
   * Moves the pose to `pose` with covariance `poseCovariance` (3x3 over x, y, yaw [m^2, rad^2]) and
   * drops its correlations with the other states: the way out of a wrong local minimum, once a
   * search over the latest ranges found a pose that explains all of them. Velocity (body frame, so
   * a wrong absolute pose does not bias it) and odometry scale stay, with their covariance.
   */
  relocate(pose: Pose2, poseCovariance: readonly number[]): StepResult {
    if (!this.initialized) return this.reject("not_initialized", "relocate before initialize");
    const cov = covarianceInput(poseCovariance, 3);
    if (!isFinitePose(pose) || typeof cov === "string") {
      return this.reject("non_finite_input", `relocate needs a finite pose and a valid 3x3 covariance, got pose=${JSON.stringify(pose)}${typeof cov === "string" ? `, ${cov}` : ""}`);
    }
    this.xNext.set(this.x);
    this.xNext[X] = pose.x;
    this.xNext[Y] = pose.y;
    this.xNext[YAW] = wrapAngle(pose.yaw);
    const P = this.PNext;
    P.set(this.P);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < N; j++) {
        const value = j < 3 ? at(cov, i * 3 + j) : 0;
        P[i * N + j] = value;
        P[j * N + i] = value;
      }
    }
    // The new pose is as independent of the inputs' biases as of the other states.
    this.CNext.set(this.C);
    this.CNext.fill(0, 0, 3 * this.considerCount);
    this.keepBiases();
    return this.commit(this.time, "relocate");
  }

  /** +Inf means nothing within max range: a check on the estimate, never a correction (REP-117). */
  private checkNoReturn(m: RangeMeasurement, prediction: RayCast | undefined): Rejection {
    if (prediction === undefined || prediction.distance > m.maxRange) {
      return this.reject("no_return", `no return (+Inf), consistent with the map (predicted ${prediction?.distance ?? Infinity} m beyond max ${m.maxRange} m)`);
    }
    const predicted = prediction.distance;
    const H = this.noReturnH;
    H[0] = prediction.dX;
    H[1] = prediction.dY;
    H[2] = prediction.dYaw;
    const Ppose = this.poseBlock;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) Ppose[i * 3 + j] = at(this.P, i * N + j);
    const sigma = Math.sqrt(quadraticForm(H, Ppose, 3) + m.sigma * m.sigma);
    if (predicted + this.noReturnSigmas * sigma < m.maxRange) {
      return this.reject("no_return_contradicts_estimate", `no return (+Inf) but the map predicts ${predicted.toFixed(3)} +- ${sigma.toFixed(3)} m, inside max range ${m.maxRange} m: the sensor missed the surface or the pose is wrong`);
    }
    return this.reject("no_return", `no return (+Inf), within ${this.noReturnSigmas} sigma of max range: consistent`);
  }

  /**
   * A reading of range input `input`: its biases' Jacobian G (offset 1, scale the range beyond
   * scaleBeyond) into considerG, the bias it is expected to carry (G bias) into
   * rangeBiasExpected, and the variance its update weighs it with: its own noise (sigma^2 less
   * the configured systematic part it includes, at least 1 - MAX_SYSTEMATIC_SHARE of it, as
   * systematicShare caps it) plus the biases' as the filter knows them now, G B G^T.
   */
  private considerRange(input: number, m: RangeMeasurement): number {
    const L = this.considerCount;
    const offset = CONSIDER_PER_INPUT * input + ConsiderIndex.OFFSET;
    const scale = CONSIDER_PER_INPUT * input + ConsiderIndex.SCALE;
    const lever = m.range > at(this.scaleBeyond, input) ? m.range : 0;
    this.considerG[ConsiderIndex.OFFSET] = 1;
    this.considerG[ConsiderIndex.SCALE] = lever;
    this.rangeBiasExpected = at(this.bias, offset) + lever * at(this.bias, scale);
    const configured = at(this.considerVariance, offset) + lever * lever * at(this.considerVariance, scale);
    const total = m.sigma * m.sigma;
    const known = at(this.B, offset * L + offset) + 2 * lever * at(this.B, offset * L + scale) + lever * lever * at(this.B, scale * L + scale);
    return Math.max(total - configured, (1 - MAX_SYSTEMATIC_SHARE) * total) + known;
  }

  /**
   * C, and when they are estimated the biases and B, after an update of gain K (N x m) with
   * Cov(b, z) = PHtb (L x m): C -= K PHtb^T; bias += Kb nu and B -= Kb PHtb^T, Kb = PHtb S^-1.
   */
  private updateBiases(PHtb: Float64Array, K: Float64Array, Sinv: Float64Array, innovation: readonly number[], m: number): void {
    const L = this.considerCount;
    const C = this.CNext;
    for (let i = 0; i < N; i++) {
      for (let k = 0; k < L; k++) {
        let pull = 0;
        for (let j = 0; j < m; j++) pull += at(K, i * m + j) * at(PHtb, k * m + j);
        C[i * L + k] = at(this.C, i * L + k) - pull;
      }
    }
    if (!this.estimateBiases) {
      this.keepBiases();
      return;
    }
    const Kb = multiply(PHtb, Sinv, L, m, m, this.Kb);
    for (let k = 0; k < L; k++) {
      let step = 0;
      for (let j = 0; j < m; j++) step += at(Kb, k * m + j) * at(innovation, j);
      this.biasNext[k] = at(this.bias, k) + step;
    }
    const B = multiplyTransposed(Kb, PHtb, L, m, L, this.BNext);
    for (let i = 0; i < L * L; i++) B[i] = at(this.B, i) - at(B, i);
  }

  /** The biases and their covariance unchanged into the next buffers (a step that does not touch them). */
  private keepBiases(): void {
    this.biasNext.set(this.bias);
    this.BNext.set(this.B);
  }

  /**
   * Gated Joseph-form update of at most MAX_ROWS rows; never leaves NaN in the state. With range
   * biases it is the update of the state augmented with them, [x; b] with covariance
   * [P C; C^T B]: a range of input `input` (>= 0; one row) reads H x + G b, considerRange set G
   * and put G B G^T in R. With D = C G^T: S = H P H^T + H D + D^T H^T + R, the state's gain
   * K = (P H^T + D) S^-1, the biases' Kb = (C^T H^T + B G^T) S^-1 (0 when they are only
   * considered: the Schmidt-Kalman filter, Simon, Optimal State Estimation, 7.4). P is the
   * Joseph form's top-left block, which holds for any Kb; C and B the standard form's.
   */
  private correct(innovation: readonly number[], H: Float64Array, R: Float64Array, gate: number, name: string, isCorrection: boolean, input = -1): CorrectionResult {
    const m = innovation.length;
    const L = this.considerCount;
    const considered = input >= 0;
    const D = this.considerD;
    const offset = CONSIDER_PER_INPUT * input + ConsiderIndex.OFFSET;
    const scale = CONSIDER_PER_INPUT * input + ConsiderIndex.SCALE;
    const PHt = multiplyTransposed(this.P, H, N, N, m, this.PHt);
    let HD = 0;
    if (considered) {
      // m is 1: PHt is P H^T + D, one column.
      const g0 = at(this.considerG, ConsiderIndex.OFFSET);
      const g1 = at(this.considerG, ConsiderIndex.SCALE);
      for (let i = 0; i < N; i++) {
        const d = at(this.C, i * L + offset) * g0 + at(this.C, i * L + scale) * g1;
        D[i] = d;
        HD += at(H, i) * d;
        PHt[i] = at(PHt, i) + d;
      }
    }
    const S = multiply(H, PHt, m, N, m, this.S);
    for (let i = 0; i < m * m; i++) S[i] = at(S, i) + at(R, i);
    if (considered) S[0] = at(S, 0) + HD;
    // Cov(b, z) = C^T H^T + B G^T, taken before anything moves.
    const PHtb = L > 0 ? multiplyTransposedLeft(this.C, H, N, L, m, this.PHtb) : this.PHtb;
    if (considered) {
      const g0 = at(this.considerG, ConsiderIndex.OFFSET);
      const g1 = at(this.considerG, ConsiderIndex.SCALE);
      for (let k = 0; k < L; k++) PHtb[k] = at(PHtb, k) + at(this.B, k * L + offset) * g0 + at(this.B, k * L + scale) * g1;
    }
    const Sinv = invert(S, m, this.Sinv, this.invertWork);
    if (Sinv === undefined) return this.reject("singular_innovation", `${name}: innovation covariance is singular`);
    const nis = quadraticForm(innovation, Sinv, m);
    if (!Number.isFinite(nis)) return this.reject("numerical_failure", `${name}: NIS is ${nis}`);
    if (nis > gate) {
      return { ...this.reject("gated", `${name}: innovation ${innovation.map((v) => v.toFixed(4)).join(", ")} has NIS ${nis.toFixed(2)} > gate ${gate}`), nis };
    }
    const K = multiply(PHt, Sinv, N, m, m, this.K);
    const next = this.xNext;
    next.set(this.x);
    for (let i = 0; i < N; i++) {
      let dx = 0;
      for (let j = 0; j < m; j++) dx += at(K, i * m + j) * at(innovation, j);
      next[i] = at(next, i) + dx;
    }
    next[YAW] = wrapAngle(at(next, YAW));
    // Joseph form (I - KH) P (I - KH)^T + K R K^T stays positive semi-definite under rounding.
    const KH = multiply(K, H, N, m, N, this.KH);
    const IKH = this.IKH;
    for (let i = 0; i < N * N; i++) IKH[i] = (i % (N + 1) === 0 ? 1 : 0) - at(KH, i);
    const P = multiplyTransposed(multiply(IKH, this.P, N, N, N, this.IKHP), IKH, N, N, N, this.PNext);
    const KRKt = multiplyTransposed(multiply(K, R, N, m, m, this.KR), K, N, m, N, this.KRKt);
    for (let i = 0; i < N * N; i++) P[i] = at(P, i) + at(KRKt, i);
    if (considered) {
      // P -= E K^T + K E^T with E = (I - KH) D (m is 1).
      const E = multiply(IKH, D, N, N, 1, this.considerE);
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < N; j++) P[i * N + j] = at(P, i * N + j) - at(E, i) * at(K, j) - at(K, i) * at(E, j);
      }
    }
    if (L > 0) this.updateBiases(PHtb, K, Sinv, innovation, m);
    const result = this.commit(this.time, name);
    if (!result.accepted) return result;
    if (isCorrection) {
      this.accepted++;
      this.nisSum += nis;
      this.dofSum += m;
      this.lastNis = nis;
      this.lastCorrection = Math.max(this.lastCorrection, this.time);
    }
    const accepted = this.acceptedResult;
    accepted.nis = nis;
    accepted.dof = m;
    accepted.innovation = innovation;
    accepted.associatedWith = name;
    return accepted;
  }

  /** The innovation array of `rows` rows (see innovations). */
  private innovationRows(rows: number): number[] {
    const innovation = this.innovations[rows];
    if (innovation === undefined) throw new Error(`no innovation of ${rows} rows`);
    return innovation;
  }

  /** Swaps in xNext / PNext as the state unless they hold a non-finite number. */
  private commit(time: number, what: string): StepResult {
    symmetrize(this.PNext, N);
    if (!allFinite(this.xNext) || !allFinite(this.PNext) || !allFinite(this.CNext) || !allFinite(this.biasNext) || !allFinite(this.BNext)) {
      return this.reject("numerical_failure", `${what} produced a non-finite state; kept the previous one`);
    }
    const x = this.x;
    this.x = this.xNext;
    this.xNext = x;
    const P = this.P;
    this.P = this.PNext;
    this.PNext = P;
    const C = this.C;
    this.C = this.CNext;
    this.CNext = C;
    if (this.considerCount > 0) {
      const bias = this.bias;
      this.bias = this.biasNext;
      this.biasNext = bias;
      const B = this.B;
      symmetrize(this.BNext, this.considerCount);
      this.B = this.BNext;
      this.BNext = B;
    }
    this.time = time;
    this.applyFloor();
    return STEP_ACCEPTED;
  }

  private applyFloor(): void {
    for (let i = 0; i < N; i++) {
      const k = i * N + i;
      this.P[k] = Math.max(at(this.P, k), at(this.floor, i));
    }
  }

  private reject(reason: RejectReason, message: string): Rejection {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + 1; // a count not yet started is zero
    return { accepted: false, reason, message };
  }
}

/** A landmark's range [m] and bearing [rad] from a mounted laser, and their 2 x STATE_SIZE Jacobian (row-major). */
export interface RangeBearing {
  range: number;
  bearing: number;
  readonly H: Float64Array;
}

/**
 * Range [m] and bearing [rad] of a landmark seen from a mounted laser, and their 2 x STATE_SIZE
 * Jacobian with respect to the state (zero in the other columns). Written into `out` and returned
 * when given (its H must hold 2 x STATE_SIZE values, the other columns zero): the searches and the
 * filter model every landmark per detection and pose, and need no objects for it.
 */
export function rangeBearing(pose: Pose2, mount: SensorMount, landmark: Vec2, out?: RangeBearing): RangeBearing {
  // sensorRay's origin and angle, inline.
  const c = Math.cos(pose.yaw);
  const s = Math.sin(pose.yaw);
  const originX = pose.x + c * mount.x - s * mount.y;
  const originY = pose.y + s * mount.x + c * mount.y;
  const angle = pose.yaw + mount.yaw;
  const dx = landmark.x - originX;
  const dy = landmark.y - originY;
  const r2 = dx * dx + dy * dy;
  const range = Math.sqrt(r2);
  const dOx = -s * mount.x - c * mount.y; // d origin / d yaw
  const dOy = c * mount.x - s * mount.y;
  const result = out ?? { range: 0, bearing: 0, H: new Float64Array(2 * N) };
  const H = result.H;
  H[X] = -dx / range;
  H[Y] = -dy / range;
  H[YAW] = -(dx * dOx + dy * dOy) / range;
  H[N + X] = dy / r2;
  H[N + Y] = -dx / r2;
  H[N + YAW] = (dy * dOx - dx * dOy) / r2 - 1;
  result.range = range;
  result.bearing = wrapAngle(Math.atan2(dy, dx) - angle);
  return result;
}

/** What odometry reads in a state: h(x) = ((1 + s) vx, (1 + s) vy, yaw rate) [m/s, m/s, rad/s], s the scale error. */
export function odometryPrediction(state: Float64Array): [number, number, number] {
  const gain = 1 + at(state, ODOMETRY_SCALE);
  return [gain * at(state, VX), gain * at(state, VY), at(state, YAW_RATE)];
}

/**
 * Jacobian (3 x N, row-major) of odometryPrediction, written into `into` (whose other entries must
 * stay zero).
 */
export function odometryJacobian(state: Float64Array, into: Float64Array = new Float64Array(3 * N)): Float64Array {
  const gain = 1 + at(state, ODOMETRY_SCALE);
  into[0 * N + VX] = gain;
  into[0 * N + ODOMETRY_SCALE] = at(state, VX);
  into[1 * N + VY] = gain;
  into[1 * N + ODOMETRY_SCALE] = at(state, VY);
  into[2 * N + YAW_RATE] = 1;
  return into;
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

function isFinitePose(p: Pose2): boolean {
  return Number.isFinite(p.x) && Number.isFinite(p.y) && Number.isFinite(p.yaw);
}

function isFiniteTwist(t: BodyTwist): boolean {
  return Number.isFinite(t.vx) && Number.isFinite(t.vy) && Number.isFinite(t.yawRate);
}

/**
 * The input's own length is checked (robot_localization's lesson), then finiteness and a positive
 * diagonal; the values are copied into `out` (a fresh array unless given: odometry passes its own, per message).
 */
function covarianceInput(values: ArrayLike<number>, n: number, out: Float64Array = new Float64Array(n * n)): Float64Array | string {
  if (values.length !== n * n) return `expected ${n * n} values (${n}x${n} row-major), got ${values.length}`;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return `values must be finite, got [${Array.from(values).join(", ")}]`;
  for (let i = 0; i < n; i++) {
    if (!(at(values, i * n + i) > 0)) return `diagonal element ${i} must be > 0, got ${values[i * n + i]}`;
  }
  out.set(values);
  return out;
}

/** Checks an option vector of `length` finite values >= min; `layout` names the entries for the error. */
function vectorOption(name: string, values: readonly number[], length: number, min: number, layout = "x, y, yaw, vx, vy, yaw_rate"): readonly number[] {
  if (values.length !== length) throw new Error(`${name} must have ${length} elements (${layout}), got ${values.length}`);
  values.forEach((v, i) => {
    if (!(Number.isFinite(v) && v >= min)) throw new Error(`${name}[${i}] must be a finite number >= ${min}, got ${v}`);
  });
  return values;
}

function positiveOption(name: string, value: number): number {
  if (!(value > 0)) throw new Error(`${name} must be > 0, got ${value}`);
  return value;
}
