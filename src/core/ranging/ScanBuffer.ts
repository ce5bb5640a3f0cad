/** The fields of sensor_msgs/msg/LaserScan the ranging code reads (as rclnodejs / rosmsg2 deliver them). */
export interface LaserScanLike {
  readonly angle_min: number;
  readonly angle_max: number;
  readonly angle_increment: number;
  readonly range_min: number;
  readonly range_max: number;
  readonly ranges: ArrayLike<number>;
  readonly intensities?: ArrayLike<number>;
}

/**
 * Slack of the bearing-to-beam conversions [beams]. A LaserScan carries angle_min and
 * angle_increment as float32, and their rounding error grows with the beam index: an LD06-like
 * scan (angle_min -pi, 0.8 deg, 450 beams) puts bearing 0 at beam 225.000008, a 3600-beam scan at
 * beam 1800.000064. No real bound is placed a thousandth of a beam off a beam on purpose, so within
 * 1e-3 beam counts as on the beam.
 */
const BEAM_TOLERANCE = 1e-3;

/**
 * A reusable laser scan that filters work on in place. Only the first `count` entries of
 * `ranges` / `intensities` are meaningful; the arrays grow (never shrink) when a larger scan
 * arrives, so a steady stream of scans allocates nothing. `ranges.length` of the input message is
 * the truth for the beam count; angle_max is never trusted (real drivers disagree with it).
 */

export class ScanBuffer {
  ranges: Float32Array;
  intensities: Float32Array;
  /** Number of beams [1]. */
  count = 0;
  /** True when `intensities` holds `count` meaningful values. */
  hasIntensities = false;
  /** Bearing of beam 0 [rad]. */
  angleMin = 0;
  /** Bearing step between beams [rad]. */
  angleIncrement = 0;
  /** Shortest valid range [m]. */
  rangeMin = 0;
  /** Longest valid range [m]. */
  rangeMax = 0;
  /** (angle_max - angle_min) / angle_increment + 1 disagreed with ranges.length by >= 0.5 beam. */
  beamCountMismatch = false;
  /** Intensities were non-empty with a length other than ranges.length (they are then dropped). */
  intensityLengthMismatch = false;

  constructor(initialCapacity = 0) {
    this.ranges = new Float32Array(initialCapacity);
    this.intensities = new Float32Array(initialCapacity);
  }

  /** Bearing of the last beam, from count and increment [rad]. */
  get angleMax(): number {
    return this.angleMin + (this.count - 1) * this.angleIncrement;
  }

  /** Bearing of beam i [rad] (any i: a 360 degree window may run past either end). */
  angleOf(i: number): number {
    return this.angleMin + i * this.angleIncrement;
  }

  /**
   * Index of the first beam whose bearing is >= `angle_rad` [rad]; not clamped to [0, count)
   * (callers clamp or wrap). A bearing within BEAM_TOLERANCE (1e-3 beam) of a beam counts as on
   * it, so a bound placed exactly on a beam keeps it despite float32 angles in the message.
   */
  firstBeamAtOrAfter(angle_rad: number): number {
    return Math.ceil((angle_rad - this.angleMin) / this.angleIncrement - BEAM_TOLERANCE);
  }

  /** Index of the last beam whose bearing is <= `angle_rad` [rad]; not clamped, same tolerance. */
  lastBeamAtOrBefore(angle_rad: number): number {
    return Math.floor((angle_rad - this.angleMin) / this.angleIncrement + BEAM_TOLERANCE);
  }

  /** Makes room for `n` beams, keeping nothing (callers overwrite). */
  reserve(n: number): void {
    if (n > this.ranges.length) {
      this.ranges = new Float32Array(n);
      this.intensities = new Float32Array(n);
    }
  }

  /** Copies a message in; never reads past either input array. */
  load(msg: LaserScanLike): void {
    const n = msg.ranges.length;
    this.reserve(n);
    this.count = n;
    this.ranges.set(msg.ranges);
    const intensities = msg.intensities;
    const ni = intensities === undefined ? 0 : intensities.length;
    this.hasIntensities = intensities !== undefined && ni === n && n > 0;
    this.intensityLengthMismatch = ni !== 0 && ni !== n;
    if (this.hasIntensities && intensities !== undefined) this.intensities.set(intensities);
    this.angleMin = msg.angle_min;
    this.angleIncrement = msg.angle_increment;
    this.rangeMin = msg.range_min;
    this.rangeMax = msg.range_max;
    const expected = (msg.angle_max - msg.angle_min) / msg.angle_increment + 1;
    this.beamCountMismatch = !(Math.abs(expected - n) < 0.5);
  }

  /**
   * Why this scan cannot be used geometrically, or "" when it can. Filters and fits only run on
   * scans that pass.
   */
  geometryProblem(): string {
    if (this.count === 0) return "empty scan (0 beams)";
    if (!Number.isFinite(this.angleMin)) return `angle_min is ${this.angleMin}`;
    if (!(this.angleIncrement > 0) || !Number.isFinite(this.angleIncrement)) {
      return `angle_increment must be > 0, got ${this.angleIncrement}`;
    }
    if (!Number.isFinite(this.rangeMin) || !(this.rangeMax > this.rangeMin) || this.rangeMin < 0) {
      return `bad range limits: range_min ${this.rangeMin} m, range_max ${this.rangeMax} m`;
    }
    return "";
  }

  /** A fresh LaserScan-shaped copy for publishing (the buffer itself is reused). */
  toMessageArrays(): { ranges: Float32Array; intensities: Float32Array; angle_min: number; angle_max: number } {
    return {
      ranges: this.ranges.slice(0, this.count),
      intensities: this.hasIntensities ? this.intensities.slice(0, this.count) : new Float32Array(0),
      angle_min: this.angleMin,
      angle_max: this.angleMax,
    };
  }
}
