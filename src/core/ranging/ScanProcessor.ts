import { EdgeDetector, type EdgeDetectorConfig } from "./EdgeDetector";
import { MeasurementStats, type MeasurementStatsSnapshot } from "./MeasurementStats";
import { PoleDetector, type PoleDetectorConfig } from "./PoleDetector";
import { ScanBuffer, type LaserScanLike } from "./ScanBuffer";
import { ScanFilterChain } from "./ScanFilterChain";
import type { ScanFilterConfig } from "./scanFilterRegistry";
import { SeededRandom } from "../random/SeededRandom";
import { clearDetection, emptyDetection, type TargetDetection, type TargetDetector } from "./TargetDetector";
import { VirtualBeam, type VirtualBeamConfig, type VirtualBeamResult } from "./VirtualBeam";

export type TargetConfig = ({ readonly type: "pole" } & PoleDetectorConfig) | ({ readonly type: "backboard_edge" } & EdgeDetectorConfig);

/** Everything one lidar's processing needs, as read from the YAML. */
export interface ScanProcessorConfig {
  readonly filters: readonly ScanFilterConfig[];
  readonly beams: readonly VirtualBeamConfig[];
  /** Omitted: no target detection. */
  readonly target?: TargetConfig;
  /** Scans with more beams are refused (a corrupt message must not allocate gigabytes) [1]. Default 100000. */
  readonly max_beams?: number;
  /** Scans each figure on /diagnostics is computed over [1]. Default 100. */
  readonly stats_window?: number;
}

/** What one scan produced. The same object (and its arrays) is reused for every scan. */
export interface ScanProcessorResult {
  /** False when the filtered scan must not be published (see reason). */
  publish_scan: boolean;
  /** Why the scan was refused or not published; "" otherwise. */
  reason: string;
  /** ranges.length disagreed with (angle_max - angle_min) / angle_increment + 1 (diagnostic only). */
  beam_count_mismatch: boolean;
  /** intensities were non-empty and of another length than ranges (dropped; diagnostic only). */
  intensity_length_mismatch: boolean;
  /** One per configured beam, in config order (REP-117 values when invalid). */
  beams: readonly VirtualBeamResult[];
  /** The detector's detection (one object, refilled per scan); a fixed "no detector" one without. */
  readonly target: TargetDetection;
}

/**
 * The per-scan work of laser_ranging for one lidar: copy the message into a reusable buffer, run
 * the filter chain, measure every virtual beam and look for the target. This is what the node
 * and the benchmark call; it allocates nothing per beam and never throws from `process`.
 */
export class ScanProcessor {
  /** The filtered scan of the last `process` call (publish with scan.toMessageArrays()). */
  readonly scan = new ScanBuffer();
  readonly chain: ScanFilterChain;
  readonly beams: readonly VirtualBeam[];
  readonly detector: TargetDetector | undefined;
  private readonly maxBeams: number;
  private readonly result: ScanProcessorResult;
  private readonly beamStats: MeasurementStats[];
  private readonly noTarget = emptyDetection("no target detector configured");

  /**
   * Throws (naming the bad entry) when the config is invalid.
   * @param random uniform [0, 1) source for RANSAC; default a SeededRandom(1)
   */
  constructor(config: ScanProcessorConfig, random: () => number = new SeededRandom(1).next) {
    this.chain = ScanFilterChain.fromConfig(config.filters);
    const names = new Set<string>();
    this.beams = config.beams.map((b) => {
      if (names.has(b.name)) throw new Error(`virtual beam name "${b.name}" is used twice`);
      names.add(b.name);
      return new VirtualBeam(b, random);
    });
    this.detector = config.target === undefined ? undefined : createDetector(config.target);
    this.maxBeams = config.max_beams ?? 100_000;
    if (!Number.isInteger(this.maxBeams) || this.maxBeams < 1) throw new Error(`max_beams must be an integer >= 1, got ${this.maxBeams}`);
    this.beamStats = this.beams.map(() => new MeasurementStats(config.stats_window ?? 100));
    this.result = {
      publish_scan: false,
      reason: "",
      beam_count_mismatch: false,
      intensity_length_mismatch: false,
      beams: this.beams.map((b) => b.result),
      target: this.detector?.detection ?? this.noTarget,
    };
  }

  /**
   * Processes one LaserScan.
   * @param msg the message (only read; its arrays are copied)
   * @param stamp_s its header stamp [s], for the per-beam rate on /diagnostics
   */
  process(msg: LaserScanLike, stamp_s = Number.NaN): ScanProcessorResult {
    const res = this.result;
    try {
      this.run(msg, res);
    } catch (e) {
      this.invalidateAll(res, `internal error: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (let i = 0; i < this.beams.length; i++) {
      const b = this.beams[i]?.result;
      if (b !== undefined) this.beamStats[i]?.record(stamp_s, b);
    }
    return res;
  }

  /** Rate, valid fraction, spread and last reason of each virtual beam, in config order. */
  beamDiagnostics(): MeasurementStatsSnapshot[] {
    return this.beamStats.map((s) => s.snapshot());
  }

  reset(): void {
    this.chain.reset();
    for (const s of this.beamStats) s.reset();
  }

  private run(msg: LaserScanLike, res: ScanProcessorResult): void {
    const n = msg.ranges.length;
    if (n > this.maxBeams) {
      this.scan.count = 0;
      res.beam_count_mismatch = false;
      res.intensity_length_mismatch = false;
      this.invalidateAll(res, `scan has ${n} beams > max_beams ${this.maxBeams}`);
      return;
    }
    this.scan.load(msg);
    res.beam_count_mismatch = this.scan.beamCountMismatch;
    res.intensity_length_mismatch = this.scan.intensityLengthMismatch;
    const chain = this.chain.update(this.scan);
    res.publish_scan = chain.publish;
    res.reason = chain.reason;
    if (!chain.publish) {
      this.invalidateAll(res, chain.reason);
      return;
    }
    for (const b of this.beams) b.measure(this.scan);
    // Fills res.target, which is the detector's own detection object.
    this.detector?.detect(this.scan);
  }

  private invalidateAll(res: ScanProcessorResult, reason: string): void {
    res.publish_scan = false;
    res.reason = reason;
    const why = `scan not usable: ${reason}`;
    for (const b of this.beams) b.invalidate(why);
    if (this.detector !== undefined) clearDetection(res.target, why);
  }
}

function createDetector(t: TargetConfig): TargetDetector {
  switch (t.type) {
    case "pole":
      return new PoleDetector(t);
    case "backboard_edge":
      return new EdgeDetector(t);
  }
}
