import type { SeededRandom } from "../../core/random/SeededRandom";

/**
 * The true world of one simulated run, drawn around what the team configured: nothing the
 * controller is told is copied into it. A real robot's court is not the rulebook's to the
 * millimetre, its sensors are not where the CAD says, its balls are not the nominal ball, and its
 * launcher's spread is not the guess in the params file. Every draw is reported (`sim --json`,
 * `truth`), so a reader can see what the chain had to cope with.
 *
 * The tolerances are estimates of what a team measuring its own robot and court with a tape and
 * a protractor gets (docs/domain.md gives the nominal values).
 */
export interface TrueWorldTolerances {
  /** Per-ball spreads are the configured ones times a factor drawn uniformly in [low, high] [1]. Default [0.6, 1.6]. */
  readonly spreadScale?: readonly [number, number];
  /** Mount position error of each sensor, 1-sigma per axis [m]. Default 0.003. */
  readonly mountPositionSigma_m?: number;
  /** Mount heading error of each sensor, 1-sigma [rad]. Default 0.2 deg. */
  readonly mountYawSigma_rad?: number;
  /** Hoop, pole and board position error against the map, 1-sigma per axis [m]. Default 0.01. */
  readonly courtPositionSigma_m?: number;
  /** Fence length and width error, 1-sigma [m]. Default 0.02. */
  readonly fenceSigma_m?: number;
  /** Rim height error, 1-sigma [m]. Default 0.005. */
  readonly rimHeightSigma_m?: number;
  /** Rim inner diameter, drawn uniformly in the rulebook's range [m]. Default [0.450, 0.459]. */
  readonly rimInnerDiameter_m?: readonly [number, number];
  /** Air density relative to the configured one, uniformly within +- this fraction [1]. Default 0.05. */
  readonly airDensitySpread?: number;
  /** Subcritical drag coefficient, uniformly in [low, high] [1]. Default [0.47, 0.54] (a basketball). */
  readonly dragCoefficient?: readonly [number, number];
  /** Critical Reynolds number of the drag drop, uniformly in [low, high] [1]. Default [2.2e5, 3.0e5]. */
  readonly criticalReynolds?: readonly [number, number];
  /** Launch efficiency (exit over surface speed before the shot) relative to the configured one, uniformly within +- this fraction [1]. Default 0.10. */
  readonly efficiencySpread?: number;
  /** Efficiency lost per m/s of wheel surface speed (slip), uniformly in [low, high] [s/m]. Default [0, 0.006]. */
  readonly slipPerSurfaceSpeed_spm?: readonly [number, number];
  /** Backspin as r_ball * spin / exit speed, uniformly in [low, high] [1]. Default [0.6, 1.0] (1: rolling on the hood without slip). */
  readonly spinRatio?: readonly [number, number];
  /** Balls in the team's set, used in turn. Default 5. */
  readonly balls?: number;
  /**
   * The set's mass, uniformly in [low, high] [kg]: one model of ball, anywhere in the rules'
   * range. Default [0.567, 0.650] (size 7). Each ball differs from it by ballMassSigma_kg.
   */
  readonly ballMass_kg?: readonly [number, number];
  /** One ball's mass against its set's, 1-sigma [kg]. Default 0.004 (balls of one model, estimate). */
  readonly ballMassSigma_kg?: number;
  /** The set's pressure relative to nominal, uniformly in [low, high] [1]. Default [0.9, 1.1] (a gauge's and the day's error, estimate). */
  readonly ballPressure?: readonly [number, number];
  /** One ball's pressure against its set's, 1-sigma [1]. Default 0.02 (pumped to one gauge reading, estimate). */
  readonly ballPressureSigma?: number;
}

/** What the team configured (the params files), the centre of each draw. */
export interface ConfiguredWorld {
  /** The map's `court.*` values (the estimator's, validated). */
  readonly court: Readonly<Record<string, unknown>>;
  /** The sensor mounts the estimator was told, in base_link [m, rad]. */
  readonly mounts: readonly ConfiguredMount[];
  /** launcher_control's efficiency [1], per-ball spreads [1, rad] and air density [kg/m^3]. */
  readonly efficiency: number;
  readonly exitSpeedSigmaFraction: number;
  readonly launchAngleSigma_rad: number;
  readonly airDensity_kgpm3: number;
}

export interface ConfiguredMount {
  /** A range sensor's name, or "lidar". */
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly yaw: number;
}

export interface TrueBall {
  readonly mass_kg: number;
  /** Pressure relative to nominal [1]. */
  readonly pressureFactor: number;
}

export interface TruePhysicsDraw {
  readonly airDensity_kgpm3: number;
  readonly dragCoefficient: number;
  readonly criticalReynolds: number;
  /** Exit speed over the wheel's surface speed just before the shot (what a team measures), at the reference speed [1]. */
  readonly efficiency: number;
  readonly slipPerSurfaceSpeed_spm: number;
  readonly spinRatio: number;
  /** The true per-ball spreads and their ratio to the configured ones. */
  readonly exitSpeedSigmaFraction: number;
  readonly launchAngleSigma_rad: number;
  readonly exitSpeedSpreadScale: number;
  readonly launchAngleSpreadScale: number;
}

export interface TrueWorld {
  /** The simulated court's `court.*` values. */
  readonly court: Readonly<Record<string, unknown>>;
  /** True minus map, per drawn court value [m]. */
  readonly courtError: Readonly<Record<string, number>>;
  /** The true mounts, and true minus configured [m, rad]. */
  readonly mounts: readonly (ConfiguredMount & { readonly dx: number; readonly dy: number; readonly dyaw: number })[];
  readonly physics: TruePhysicsDraw;
  readonly balls: readonly TrueBall[];
}

const DEG = Math.PI / 180;

export const DEFAULT_TOLERANCES: Required<TrueWorldTolerances> = {
  spreadScale: [0.6, 1.6],
  mountPositionSigma_m: 0.003,
  mountYawSigma_rad: 0.2 * DEG,
  courtPositionSigma_m: 0.01,
  fenceSigma_m: 0.02,
  rimHeightSigma_m: 0.005,
  rimInnerDiameter_m: [0.45, 0.459],
  airDensitySpread: 0.05,
  dragCoefficient: [0.47, 0.54],
  criticalReynolds: [2.2e5, 3.0e5],
  efficiencySpread: 0.1,
  slipPerSurfaceSpeed_spm: [0, 0.006],
  spinRatio: [0.6, 1.0],
  balls: 5,
  ballMass_kg: [0.567, 0.65],
  ballMassSigma_kg: 0.004,
  ballPressure: [0.9, 1.1],
  ballPressureSigma: 0.02,
};

/** Court values drawn as positions (sigma courtPositionSigma_m), and as fence sizes (fenceSigma_m). */
const COURT_POSITIONS = ["court.hoop.x", "court.hoop.y", "court.backboard.offset", "court.pole.x", "court.pole.y"] as const;
const COURT_SIZES = ["court.length", "court.width"] as const;

function resolve(tolerances: TrueWorldTolerances): Required<TrueWorldTolerances> {
  const t: Required<TrueWorldTolerances> = { ...DEFAULT_TOLERANCES, ...tolerances };
  const ranges = ["spreadScale", "rimInnerDiameter_m", "dragCoefficient", "criticalReynolds", "slipPerSurfaceSpeed_spm", "spinRatio", "ballMass_kg", "ballPressure"] as const;
  for (const key of ranges) {
    const [low, high] = t[key];
    if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high && low >= 0)) throw new Error(`${key} must be a range 0 <= low <= high, got [${low}, ${high}]`);
  }
  const sigmas = ["mountPositionSigma_m", "mountYawSigma_rad", "courtPositionSigma_m", "fenceSigma_m", "rimHeightSigma_m", "airDensitySpread", "efficiencySpread", "ballMassSigma_kg", "ballPressureSigma"] as const;
  for (const key of sigmas) {
    if (!(t[key] >= 0 && t[key] < 1)) throw new Error(`${key} must be in [0, 1), got ${t[key]}`);
  }
  if (!(Number.isInteger(t.balls) && t.balls >= 1)) throw new Error(`balls must be an integer >= 1, got ${t.balls}`);
  return t;
}

function numberValue(values: Readonly<Record<string, unknown>>, key: string): number {
  const value = values[key];
  if (typeof value !== "number") throw new Error(`the configured court has no number ${key} (got ${String(value)})`);
  return value;
}

/**
 * Draws the true world of one run. Each part has its own stream (forks of `random`), so adding a
 * draw to one part leaves the others' draws as they were.
 */
export function drawTrueWorld(configured: ConfiguredWorld, random: SeededRandom, tolerances: TrueWorldTolerances = {}): TrueWorld {
  const t = resolve(tolerances);
  const between = (r: SeededRandom, [low, high]: readonly [number, number]): number => r.between(low, high);

  const courtRandom = random.fork("court");
  const court: Record<string, unknown> = { ...configured.court };
  const courtError: Record<string, number> = {};
  const perturb = (key: string, value: number): void => {
    courtError[key] = value - numberValue(configured.court, key);
    court[key] = value;
  };
  for (const key of COURT_POSITIONS) perturb(key, numberValue(configured.court, key) + courtRandom.gaussian(0, t.courtPositionSigma_m));
  for (const key of COURT_SIZES) perturb(key, numberValue(configured.court, key) + courtRandom.gaussian(0, t.fenceSigma_m));
  perturb("court.hoop.rim_height", numberValue(configured.court, "court.hoop.rim_height") + courtRandom.gaussian(0, t.rimHeightSigma_m));
  perturb("court.hoop.rim_inner_diameter", between(courtRandom, t.rimInnerDiameter_m));

  const mountRandom = random.fork("mounts");
  const mounts = configured.mounts.map((m) => {
    const dx = mountRandom.gaussian(0, t.mountPositionSigma_m);
    const dy = mountRandom.gaussian(0, t.mountPositionSigma_m);
    const dyaw = mountRandom.gaussian(0, t.mountYawSigma_rad);
    return { ...m, x: m.x + dx, y: m.y + dy, yaw: m.yaw + dyaw, dx, dy, dyaw };
  });

  const physicsRandom = random.fork("physics");
  const exitSpeedSpreadScale = between(physicsRandom, t.spreadScale);
  const launchAngleSpreadScale = between(physicsRandom, t.spreadScale);
  const physics: TruePhysicsDraw = {
    airDensity_kgpm3: configured.airDensity_kgpm3 * (1 + physicsRandom.between(-t.airDensitySpread, t.airDensitySpread)),
    dragCoefficient: between(physicsRandom, t.dragCoefficient),
    criticalReynolds: between(physicsRandom, t.criticalReynolds),
    efficiency: configured.efficiency * (1 + physicsRandom.between(-t.efficiencySpread, t.efficiencySpread)),
    slipPerSurfaceSpeed_spm: between(physicsRandom, t.slipPerSurfaceSpeed_spm),
    spinRatio: between(physicsRandom, t.spinRatio),
    exitSpeedSigmaFraction: configured.exitSpeedSigmaFraction * exitSpeedSpreadScale,
    launchAngleSigma_rad: configured.launchAngleSigma_rad * launchAngleSpreadScale,
    exitSpeedSpreadScale,
    launchAngleSpreadScale,
  };

  const ballRandom = random.fork("balls");
  const setMass = between(ballRandom, t.ballMass_kg);
  const setPressure = between(ballRandom, t.ballPressure);
  const balls = Array.from({ length: t.balls }, () => ({
    mass_kg: setMass + ballRandom.gaussian(0, t.ballMassSigma_kg),
    pressureFactor: setPressure * (1 + ballRandom.gaussian(0, t.ballPressureSigma)),
  }));
  return { court, courtError, mounts, physics, balls };
}
