import type { SimScene } from "./SimScene";
import type { SeededRandom } from "../core/random/SeededRandom";

export interface LidarOptions {
  /** Beams per revolution. Default 450 (LD06: 4.5 k samples/s at 10 Hz). */
  readonly beams?: number;
  /** Revolutions per second [Hz]. Default 10. */
  readonly rate?: number;
  /** Range noise standard deviation [m]. Default 0.015 (LD06 about +-15 mm). */
  readonly sigma?: number;
  /** [m] Defaults 0.02 and 12 (LD06). */
  readonly minRange?: number;
  readonly maxRange?: number;
  /** Chance a beam gives no valid sample (NaN) [1]. Default 0.02 (estimate: dark or glancing spots). */
  readonly dropoutProbability?: number;
  /** Beam tilt above horizontal [rad] (a lidar mounted slightly off level). Default 0. */
  readonly elevation?: number;
}

export interface SimScan {
  /** [rad] first beam's angle in the laser frame; beams go counter-clockwise. */
  readonly angleMin: number;
  readonly angleIncrement: number;
  /** [m] REP-117 encoded. */
  readonly ranges: Float32Array;
  readonly intensities: Float32Array;
}

/**
 * A 2D spinning lidar (LD06-class): one revolution of beams cast to the court, with noise and
 * dropouts. Its beams do not fall at the same angles every revolution: the motor is not locked to
 * the sample clock, so each revolution starts a fraction of a beam spacing further on (the golden
 * ratio's fraction here, which spreads the starts evenly without a random draw) and the scan says
 * where in its angle_min. A grid fixed to the robot would show a standing robot the same beams
 * every scan: a 0.1 m pole beyond 7.2 m (0.8 deg wide or less) whose centre lies on a beam's
 * direction is missed by both neighbours, hit by that one beam in every scan and never detected.
 */
export class LidarModel {
  readonly options: Required<LidarOptions>;
  /** Revolutions cast so far: the next one's phase. */
  private revolutions = 0;
  /** Scratch: one revolution's true ranges [m], before noise. */
  private readonly truth: Float64Array;

  constructor(options: LidarOptions = {}) {
    const o: Required<LidarOptions> = {
      beams: 450,
      rate: 10,
      sigma: 0.015,
      minRange: 0.02,
      maxRange: 12,
      dropoutProbability: 0.02,
      elevation: 0,
      ...options,
    };
    if (!(Number.isInteger(o.beams) && o.beams >= 3)) throw new Error(`beams must be an integer >= 3, got ${o.beams}`);
    if (!(o.rate > 0)) throw new Error(`rate must be > 0 Hz, got ${o.rate}`);
    if (!(o.sigma >= 0)) throw new Error(`sigma must be >= 0 m, got ${o.sigma}`);
    if (!(o.minRange >= 0 && o.maxRange > o.minRange)) throw new Error(`need 0 <= minRange < maxRange, got ${o.minRange} and ${o.maxRange}`);
    if (!(o.dropoutProbability >= 0 && o.dropoutProbability <= 1)) throw new Error(`dropoutProbability must be in [0, 1], got ${o.dropoutProbability}`);
    this.options = o;
    this.truth = new Float64Array(o.beams);
  }

  get angleIncrement(): number {
    return (2 * Math.PI) / this.options.beams;
  }

  /** One revolution from the laser at (x, y, z) [m] with heading yaw [rad] in the court frame. */
  scan(court: SimScene, x: number, y: number, z: number, yaw: number, random: SeededRandom): SimScan {
    const o = this.options;
    const ranges = new Float32Array(o.beams);
    const intensities = new Float32Array(o.beams);
    const increment = this.angleIncrement;
    const angleMin = -Math.PI + ((this.revolutions++ * GOLDEN_FRACTION) % 1) * increment;
    // The true ranges first (casting draws nothing for a lidar: no uniform source), then the noise
    // in the same order of draws as beam by beam.
    const truth = this.truth;
    const start = yaw + angleMin;
    if (o.elevation === 0) court.castLevelFan(x, y, z, start, increment, o.beams, truth);
    else for (let i = 0; i < o.beams; i++) truth[i] = court.castRange(x, y, z, start + i * increment, o.elevation);
    for (let i = 0; i < o.beams; i++) {
      const range = truth[i] ?? Infinity;
      let r: number;
      if (random.uniform() < o.dropoutProbability) r = NaN;
      else if (!Number.isFinite(range)) r = Infinity;
      else {
        r = range + random.gaussian(0, o.sigma);
        if (r < o.minRange) r = -Infinity;
        else if (r > o.maxRange) r = Infinity;
      }
      ranges[i] = r;
      intensities[i] = Number.isFinite(r) ? 200 : 0;
    }
    return { angleMin, angleIncrement: increment, ranges, intensities };
  }
}

/** The golden ratio's fractional part: revolution k starts (k * this mod 1) of a beam spacing on. */
const GOLDEN_FRACTION = (Math.sqrt(5) - 1) / 2;
