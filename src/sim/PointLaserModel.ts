import type { SimScene } from "./SimScene";
import type { SeededRandom } from "../core/random/SeededRandom";

/** Where a laser sits and looks, in the court frame (the caller composes robot pose and mount). */
export interface BeamPose {
  /** [m] */
  readonly x: number;
  readonly y: number;
  /** Height above the floor [m]. */
  readonly z: number;
  /** Beam direction in the court frame [rad]. */
  readonly azimuth: number;
  /** Beam tilt above horizontal [rad]. */
  readonly elevation: number;
}

export interface PointLaserOptions {
  /** Standard deviation of the range noise [m]. */
  readonly sigma: number;
  /** Relative bias beyond `biasFromRange` [1], e.g. 0.01 for +1 %. Default 0. */
  readonly biasFraction?: number;
  /** Range beyond which the bias applies [m]. Default Infinity (never). */
  readonly biasFromRange?: number;
  /** Full cone angle of the spot [rad]; 0 for a single ray. Default 0. */
  readonly fieldOfView?: number;
  /** [m] */
  readonly minRange: number;
  readonly maxRange: number;
  /** Output resolution [m] (DT35 1 mm, TFmini 1 cm); 0 for none. Default 0. */
  readonly resolution?: number;
  /** Chance a reading is invalid (NaN, REP-117) [1]. Default 0. */
  readonly dropoutProbability?: number;
  /**
   * A nearer surface must lie this much in front of the spot centre's surface to steal readings
   * [m]. Default 0.05 (a mixed-pixel return is what a TFmini gives on an edge, estimate).
   */
  readonly edgeSeparation?: number;
}

/** SICK DT35-class: a tight spot, mm-class noise (docs/domain.md: "mm-class"; 5 mm sigma per issue 6). */
export const DT35_CLASS: PointLaserOptions = {
  sigma: 0.005,
  fieldOfView: 0,
  minRange: 0.05,
  maxRange: 12,
  resolution: 0.001,
  dropoutProbability: 0.001,
};

/** TFmini-class: 3 cm noise, +1 % beyond 6 m, a 2 deg spot, 1 cm output (docs/domain.md table). */
export const TFMINI_CLASS: PointLaserOptions = {
  sigma: 0.03,
  biasFraction: 0.01,
  biasFromRange: 6,
  fieldOfView: (2 * Math.PI) / 180,
  minRange: 0.1,
  maxRange: 12,
  resolution: 0.01,
  dropoutProbability: 0.005,
};

/** Offsets (in units of the spot radius) of the sub-rays that sample a spot: centre, two rings. */
const SPOT_SAMPLES: readonly (readonly [number, number])[] = (() => {
  const samples: [number, number][] = [[0, 0]];
  for (const [radius, count] of [
    [0.5, 6],
    [1, 10],
  ] as const) {
    for (let k = 0; k < count; k++) {
      const a = (2 * Math.PI * k) / count;
      samples.push([radius * Math.cos(a), radius * Math.sin(a)]);
    }
  }
  return samples;
})();

/**
 * A single-point laser rangefinder. The true range is cast to the court; a spot that straddles
 * an edge (the backboard's side, the rim, the net, the fence top, the floor) returns the nearer
 * surface for the fraction of readings that the nearer surface covers of the spot. Then the
 * bias, Gaussian noise, output resolution and REP-117 encoding (-Inf below min, +Inf no return
 * or beyond max, NaN invalid).
 */
export class PointLaserModel {
  readonly options: Required<PointLaserOptions>;
  /** Scratch: the spot's sub-ray ranges [m] of the reading being made. */
  private readonly spot = new Float64Array(SPOT_SAMPLES.length);

  constructor(options: PointLaserOptions) {
    const o: Required<PointLaserOptions> = {
      biasFraction: 0,
      biasFromRange: Infinity,
      fieldOfView: 0,
      resolution: 0,
      dropoutProbability: 0,
      edgeSeparation: 0.05,
      ...options,
    };
    if (!(o.sigma >= 0 && Number.isFinite(o.sigma))) throw new Error(`sigma must be a finite number >= 0 m, got ${o.sigma}`);
    if (!(o.minRange >= 0 && o.maxRange > o.minRange)) throw new Error(`need 0 <= minRange < maxRange, got ${o.minRange} and ${o.maxRange}`);
    if (!(o.fieldOfView >= 0 && o.fieldOfView < Math.PI / 4)) throw new Error(`fieldOfView must be in [0, pi/4) rad, got ${o.fieldOfView}`);
    if (!(o.resolution >= 0)) throw new Error(`resolution must be >= 0 m, got ${o.resolution}`);
    if (!(o.dropoutProbability >= 0 && o.dropoutProbability <= 1)) throw new Error(`dropoutProbability must be in [0, 1], got ${o.dropoutProbability}`);
    if (!Number.isFinite(o.biasFraction)) throw new Error(`biasFraction must be finite, got ${o.biasFraction}`);
    if (!(o.edgeSeparation > 0)) throw new Error(`edgeSeparation must be > 0 m, got ${o.edgeSeparation}`);
    this.options = o;
  }

  /** The distance [m] the sensor physically sees before noise: the spot-centre or an edge surface. */
  trueRange(court: SimScene, beam: BeamPose, random: SeededRandom): number {
    // random.next: the bound uniform draw, not a closure per reading.
    const uniform = random.next;
    const centre = court.castRange(beam.x, beam.y, beam.z, beam.azimuth, beam.elevation, uniform);
    const half = this.options.fieldOfView / 2;
    if (half === 0) return centre;
    let nearest = Infinity;
    const ranges = this.spot;
    for (let k = 0; k < SPOT_SAMPLES.length; k++) {
      const [u, v] = SPOT_SAMPLES[k] ?? [0, 0];
      const r = court.castRange(beam.x, beam.y, beam.z, beam.azimuth + u * half, beam.elevation + v * half, uniform);
      ranges[k] = r;
      if (r < nearest) nearest = r;
    }
    if (!(nearest < centre - this.options.edgeSeparation)) return centre;
    let onNear = 0;
    for (let k = 0; k < SPOT_SAMPLES.length; k++) if ((ranges[k] ?? Infinity) < nearest + this.options.edgeSeparation) onNear++;
    return random.uniform() < onNear / SPOT_SAMPLES.length ? nearest : centre;
  }

  /** One reading [m] with REP-117 semantics. */
  measure(court: SimScene, beam: BeamPose, random: SeededRandom): number {
    return this.fromTrueRange(this.trueRange(court, beam, random), random);
  }

  /** Noise, bias, resolution and REP-117 encoding of a true range [m]. */
  fromTrueRange(range: number, random: SeededRandom): number {
    const o = this.options;
    if (random.uniform() < o.dropoutProbability) return NaN;
    if (!Number.isFinite(range)) return Infinity;
    let r = range > o.biasFromRange ? range * (1 + o.biasFraction) : range;
    r += random.gaussian(0, o.sigma);
    if (o.resolution > 0) r = Math.round(r / o.resolution) * o.resolution;
    if (r < o.minRange) return -Infinity;
    if (r > o.maxRange) return Infinity;
    return r;
  }
}
