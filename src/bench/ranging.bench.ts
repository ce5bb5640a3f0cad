/**
 * laser_ranging accuracy and speed (issues 3 and 13). Synthetic scans come from the small ray
 * caster below, written independently of the fitting code; real scans from
 * ../shared/data/real_scans. Every figure runs the shipped scan processing (params/shooter.yaml
 * `laser_ranging:` filter chain, virtual beams, pole detection); one that measures something else
 * (a temporal median the shipped chain lacks, a beam fitted to a recording's wall) says so in its
 * name.
 */
import * as path from "node:path";
import * as fs from "node:fs";
import { readLaserScans } from "../bags/readLaserScans";
import { POLE_DETECTOR_DEFAULTS } from "../core/ranging/PoleDetector";
import { isPublishableRange } from "../core/ranging/rep117";
import type { LaserScanLike } from "../core/ranging/ScanBuffer";
import { ScanProcessor, type ScanProcessorConfig } from "../core/ranging/ScanProcessor";
import { SeededRandom } from "../core/random/SeededRandom";
import { DEFAULT_PARAMS_FILES } from "../defaultParams";
import { scanProcessorConfig } from "../nodes/laser_ranging";
import { laserRangingGroups, laserRangingSchema } from "../nodes/laser_ranging.schema";
import { resolveParamsFiles } from "../runtime/paramsFile";
import { realScansDir, sharedDataMissingReason } from "../runtime/sharedData";
import { atMost, median, medianSecondsPerCall, rms, timing, type Benchmark, type BenchOptions, type Figure } from "./figure";

// ---------------------------------------------------------------- synthetic ray caster

/** A wall from (x1, y1) to (x2, y2) [m], or a round pole, in the laser frame. */
export type SceneShape =
  | { readonly kind: "segment"; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number }
  | { readonly kind: "circle"; readonly cx: number; readonly cy: number; readonly r: number };

export interface SyntheticScanGeometry {
  /** [rad] */
  readonly angle_min: number;
  /** [rad] */
  readonly angle_increment: number;
  readonly count: number;
  /** [m] */
  readonly range_min: number;
  /** [m] */
  readonly range_max: number;
  /** Gaussian range noise [m]. */
  readonly sigma_m: number;
}

/** Distance along the unit ray (ux, uy) from the origin to a shape, or +Inf. */
function hitDistance(s: SceneShape, ux: number, uy: number): number {
  if (s.kind === "segment") {
    // Solve t*u = p1 + w*(p2 - p1), 0 <= w <= 1, t > 0 (Cramer's rule).
    const ex = s.x2 - s.x1;
    const ey = s.y2 - s.y1;
    const det = ux * -ey - uy * -ex;
    if (Math.abs(det) < 1e-12) return Number.POSITIVE_INFINITY;
    const t = (s.x1 * -ey - s.y1 * -ex) / det;
    const w = (ux * s.y1 - uy * s.x1) / det;
    return t > 0 && w >= 0 && w <= 1 ? t : Number.POSITIVE_INFINITY;
  }
  // |t*u - c|^2 = r^2 -> t^2 - 2 t (u.c) + |c|^2 - r^2 = 0, nearest positive root.
  const b = ux * s.cx + uy * s.cy;
  const disc = b * b - (s.cx * s.cx + s.cy * s.cy - s.r * s.r);
  if (disc < 0) return Number.POSITIVE_INFINITY;
  const t = b - Math.sqrt(disc);
  return t > 0 ? t : Number.POSITIVE_INFINITY;
}

/** A LaserScan of `scene` with Gaussian range noise; no hit -> +Inf, per REP-117. */
export function rayCastScan(scene: readonly SceneShape[], g: SyntheticScanGeometry, rng: SeededRandom): LaserScanLike {
  const ranges = new Float32Array(g.count);
  for (let i = 0; i < g.count; i++) {
    const a = g.angle_min + i * g.angle_increment;
    const ux = Math.cos(a);
    const uy = Math.sin(a);
    let t = Number.POSITIVE_INFINITY;
    for (const s of scene) t = Math.min(t, hitDistance(s, ux, uy));
    if (Number.isFinite(t)) t += g.sigma_m * rng.gaussian();
    ranges[i] = t < g.range_min ? Number.NEGATIVE_INFINITY : t > g.range_max ? Number.POSITIVE_INFINITY : t;
  }
  return {
    angle_min: g.angle_min,
    angle_max: g.angle_min + (g.count - 1) * g.angle_increment,
    angle_increment: g.angle_increment,
    range_min: g.range_min,
    range_max: g.range_max,
    ranges,
    intensities: new Float32Array(0),
  };
}

/** LD06-like: 0.8 deg steps over 360 deg, 0.02-12 m, sigma 15 mm (issue 3). */
export const LD06_GEOMETRY: SyntheticScanGeometry = {
  angle_min: -Math.PI,
  angle_increment: (0.8 * Math.PI) / 180,
  count: 450,
  range_min: 0.02,
  range_max: 12,
  sigma_m: 0.015,
};

/** A wall through (d, 0) turned by `tilt` [rad] from perpendicular to the x axis, 16 m long. */
export function wallAt(d: number, tilt: number): SceneShape {
  const dx = -Math.sin(tilt) * 8;
  const dy = Math.cos(tilt) * 8;
  return { kind: "segment", x1: d - dx, y1: -dy, x2: d + dx, y2: dy };
}

// ---------------------------------------------------------------- configs

/**
 * The scan processing laser_ranging runs with the shipped params files (params/shooter.yaml
 * `laser_ranging:` filters, virtual beams and target), resolved through the node's schema as the
 * node resolves them, so the speed figures time what the robot runs.
 */
function shippedScanProcessorConfig(): ScanProcessorConfig {
  return scanProcessorConfig(resolveParamsFiles({ schema: laserRangingSchema, groups: laserRangingGroups }, DEFAULT_PARAMS_FILES, "laser_ranging"));
}

function stdOf(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1));
}

// ---------------------------------------------------------------- synthetic accuracy

/** `shape` turned by `angle` [rad] about the laser. */
function rotated(shape: SceneShape, angle: number): SceneShape {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  if (shape.kind === "circle") return { ...shape, cx: c * shape.cx - s * shape.cy, cy: s * shape.cx + c * shape.cy };
  return { ...shape, x1: c * shape.x1 - s * shape.y1, y1: s * shape.x1 + c * shape.y1, x2: c * shape.x2 - s * shape.y2, y2: s * shape.x2 + c * shape.y2 };
}

/**
 * Each shipped virtual beam in turn, a wall across it at 1-8 m (incidence up to +-0.3 rad), through
 * the shipped chain: the worst distance's RMS range error of any beam.
 */
function wallAccuracy(options: BenchOptions): Figure[] {
  const scans = options.quick ? 30 : 200;
  const rng = new SeededRandom(7);
  const config = shippedScanProcessorConfig();
  const processor = new ScanProcessor(config, new SeededRandom(3).next);
  let worst = 0;
  let worstAt = "";
  let invalid = 0;
  const perBeam: string[] = [];
  for (const [index, beam] of config.beams.entries()) {
    const byDistance: string[] = [];
    for (let d = 1; d <= 8; d++) {
      const errors: number[] = [];
      for (let k = 0; k < scans; k++) {
        const tilt = (rng.next() - 0.5) * 0.6; // incidence up to +-0.3 rad
        processor.reset();
        const res = processor.process(rayCastScan([rotated(wallAt(d, tilt), beam.bearing_rad)], LD06_GEOMETRY, rng));
        const r = res.beams[index]?.range_m ?? Number.NaN;
        if (Number.isFinite(r)) errors.push(r - d);
        else invalid++;
      }
      const wallRms = errors.length === 0 ? Infinity : rms(errors);
      byDistance.push((wallRms * 1000).toFixed(1));
      if (wallRms > worst) {
        worst = wallRms;
        worstAt = `${beam.name} at ${d} m`;
      }
    }
    perBeam.push(`${beam.name} ${byDistance.join("/")}`);
  }
  options.progress(`virtual beam wall RMS mm at 1..8 m: ${perBeam.join("; ")}`);
  return [
    atMost(
      "ranging.virtual_beam.wall_rms_error_worst",
      worst * 1000,
      "mm",
      3,
      `worst ${worstAt} over the ${config.beams.length} shipped virtual beams (${config.beams.map((b) => b.name).join(", ")}) and 1..8 m; mm by beam at 1/2/../8 m: ${perBeam.join("; ")}; shipped chain ${config.filters.map((f) => f.type).join("+")}; LD06-like 0.8 deg, sigma 15 mm, incidence +-0.3 rad; ${scans} scans per beam and distance; ${invalid} invalid`,
    ),
  ];
}

/** Scans in the temporal median of the stationary pole figure (a filter the shipped chain does not have). */
const STILL_WINDOW = 9;
/** A detection this far from the pole [m] is of something else. */
const OUTLIER = 0.1;

/**
 * The pole 5 m ahead (lateral +-0.2 m), a wall behind it, through the shipped chain and target
 * detection; and the same with a temporal median appended to the chain (not shipped).
 */
function poleAccuracy(options: BenchOptions): Figure[] {
  const scans = options.quick ? 100 : 600;
  const rng = new SeededRandom(11);
  const config = shippedScanProcessorConfig();
  const target = config.target;
  if (target?.type !== "pole") {
    options.progress("ranging pole figures skipped: the shipped params detect no pole");
    return [];
  }
  const radius = target.radius_m ?? POLE_DETECTOR_DEFAULTS.radius_m;
  const single = new ScanProcessor(config);
  const stacked = new ScanProcessor({ ...config, filters: [...config.filters, { type: "temporal_median", params: { window: STILL_WINDOW } }] });
  const singleErr: number[] = [];
  const stackedErr: number[] = [];
  /** Single-scan detections more than OUTLIER [m] from the pole: something else taken for it. */
  const outliers: string[] = [];
  let missesSingle = 0;
  let missesStacked = 0;
  const perPose = options.quick ? 15 : 30;
  for (let k = 0; k < scans / perPose; k++) {
    // A new pose every few scans: the lateral position moves the pole across the beam pattern.
    const cx = 5 + radius;
    const cy = (rng.next() - 0.5) * 0.4;
    const scene: SceneShape[] = [{ kind: "circle", cx, cy, r: radius }, wallAt(7.5, 0)];
    stacked.reset();
    for (let s = 0; s < perPose; s++) {
      const scan = rayCastScan(scene, LD06_GEOMETRY, rng);
      const a = single.process(scan).target;
      if (a.found) singleErr.push(Math.hypot(a.x_m - cx, a.y_m - cy));
      else missesSingle++;
      if (a.found && Math.hypot(a.x_m - cx, a.y_m - cy) > OUTLIER) outliers.push(`(${a.x_m.toFixed(2)}, ${a.y_m.toFixed(2)})`);
      const b = stacked.process(scan).target;
      if (s < STILL_WINDOW - 1) continue; // the window is not full yet
      if (b.found) stackedErr.push(Math.hypot(b.x_m - cx, b.y_m - cy));
      else missesStacked++;
    }
  }
  const chain = config.filters.map((f) => f.type).join("+");
  return [
    atMost(
      `ranging.pole.centre_rms_error_stationary (shipped chain + temporal_median(${STILL_WINDOW}), not shipped)`,
      rms(stackedErr) * 100,
      "cm",
      1,
      `pole r ${radius} m at 5 m, LD06-like; the shipped chain ${chain} and pole detection with a temporal_median(${STILL_WINDOW}) appended (robot still while aiming, 0.9 s at 10 Hz), which params/shooter.yaml does not have; ${stackedErr.length} detections, ${missesStacked} none`,
    ),
    atMost(
      "ranging.pole.centre_rms_error_single_scan",
      rms(singleErr) * 100,
      "cm",
      1,
      `pole r ${radius} m at 5 m, LD06-like, one scan through the shipped chain ${chain} and pole detection (only 2-3 beams hit the pole: the Cramer-Rao bound at sigma 15 mm is about 0.9 cm radial and 1.1 cm lateral, ~1.4 cm in all); ${singleErr.length} detections, ${missesSingle} none; ${outliers.length} more than ${OUTLIER * 100} cm off${outliers.length > 0 ? ` (at ${outliers.slice(0, 3).join(", ")} m: not the pole), RMS of the rest ${(rms(singleErr.filter((e) => e <= OUTLIER)) * 100).toFixed(2)} cm` : ""}`,
    ),
  ];
}

// ---------------------------------------------------------------- real recordings

/** The wall chosen in each recording (found by looking at per-beam medians; see README). */
export const REAL_WALL_BEAMS: Readonly<Record<string, { bearing_rad: number; half_width_rad: number; note: string }>> = {
  "hokuyo_urg_stationary.mcap": {
    bearing_rad: 1.4207,
    half_width_rad: 0.0768,
    note: "flat wall about 5.2 m away at 77-86 deg (beams 476-500); people walk elsewhere in the scan",
  },
  "sick_lms1xx_static.mcap": {
    bearing_rad: 0,
    half_width_rad: 0.35,
    note: "wall straight ahead about 1.34 m away, seen from -39 to +42 deg",
  },
};

function realWallStability(options: BenchOptions): Figure[] {
  const dir = realScansDir();
  if (dir === undefined) {
    options.progress(`ranging real recordings skipped: ${sharedDataMissingReason}`);
    return [];
  }
  const figures: Figure[] = [];
  for (const [file, wall] of Object.entries(REAL_WALL_BEAMS)) {
    const p = path.join(dir, file);
    if (!fs.existsSync(p)) {
      options.progress(`ranging real recordings: ${p} missing, skipped`);
      continue;
    }
    const processor = new ScanProcessor({
      filters: shippedScanProcessorConfig().filters,
      beams: [{ name: "wall", bearing_rad: wall.bearing_rad, half_width_rad: wall.half_width_rad, max_residual_m: 0.03 }],
    });
    const fitted: number[] = [];
    const raw: number[] = [];
    let unpublishable = 0;
    for (const rec of readLaserScans(p)) {
      const s = rec.scan;
      const i = Math.round((wall.bearing_rad - s.angle_min) / s.angle_increment);
      const r = s.ranges[i] ?? Number.NaN;
      if (r >= s.range_min && r <= s.range_max) raw.push(r);
      const res = processor.process(s, rec.stamp_s);
      const b = res.beams[0];
      if (b !== undefined && Number.isFinite(b.range_m)) fitted.push(b.range_m);
      if (b !== undefined && !isPublishableRange(b.range_m, s.range_min, s.range_max)) unpublishable++;
      const f = processor.scan;
      for (let k = 0; k < f.count; k++) if (!isPublishableRange(f.ranges[k] ?? Number.NaN, f.rangeMin, f.rangeMax)) unpublishable++;
    }
    const name = file.replace(/\.mcap$/, "");
    const commonMode = commonModeStd(p, wall.bearing_rad, wall.half_width_rad);
    const sdFit = stdOf(fitted);
    const sdRaw = stdOf(raw);
    options.progress(`${name}: virtual beam std ${(sdFit * 1000).toFixed(2)} mm (${fitted.length} scans), raw beam std ${(sdRaw * 1000).toFixed(2)} mm (${raw.length}); ${unpublishable} invalid published numbers`);
    figures.push(
      atMost(`ranging.real.${name}.wall_std_ratio (beam fitted to the recording's wall, not a shipped beam)`, sdFit / sdRaw, "x", 0.25, `shipped filter chain; virtual beam std ${(sdFit * 1000).toFixed(2)} mm vs raw beam ${(sdRaw * 1000).toFixed(2)} mm at ${wall.bearing_rad} rad; ${wall.note}; floor for any spatial average: std of the per-scan mean deviation of the window's raw beams = ${(commonMode * 1000).toFixed(2)} mm`),
      atMost(`ranging.real.${name}.invalid_published (beam fitted to the recording's wall, not a shipped beam)`, unpublishable, "count", 0, `invalid numbers published in the shipped chain's filtered scan and the wall beam; ${fitted.length} valid wall ranges`),
    );
  }
  return figures;
}

/**
 * Oracle independent of the fit: the std over scans of the mean deviation (from each beam's own
 * median) of the raw beams in the window. Noise shared by neighbouring beams (a per-scan offset,
 * drift) survives any spatial average, so no virtual beam can be steadier than this.
 */
function commonModeStd(file: string, bearing: number, halfWidth: number): number {
  const scans = Array.from(readLaserScans(file), (r) => r.scan);
  const first = scans[0];
  if (first === undefined) return Number.NaN;
  const i0 = Math.ceil((bearing - halfWidth - first.angle_min) / first.angle_increment);
  const i1 = Math.floor((bearing + halfWidth - first.angle_min) / first.angle_increment);
  const valid = (s: (typeof scans)[number], i: number): number => {
    const r = s.ranges[i] ?? Number.NaN;
    return r >= s.range_min && r <= s.range_max ? r : Number.NaN;
  };
  const medians: number[] = [];
  for (let i = i0; i <= i1; i++) {
    const v = scans.map((s) => valid(s, i)).filter(Number.isFinite);
    medians.push(v.length > 0 ? median(v) : Number.NaN);
  }
  const means: number[] = [];
  for (const s of scans) {
    let sum = 0;
    let n = 0;
    for (let i = i0; i <= i1; i++) {
      const d = valid(s, i) - (medians[i - i0] ?? Number.NaN);
      if (Number.isFinite(d)) {
        sum += d;
        n++;
      }
    }
    if (n > 0) means.push(sum / n);
  }
  return stdOf(means);
}

// ---------------------------------------------------------------- speed

/** A court-like scene for timing: four walls round the laser and a pole in front of it. */
function timingScene(): SceneShape[] {
  return [
    { kind: "segment", x1: 6, y1: -4, x2: 6, y2: 4 },
    { kind: "segment", x1: -3, y1: 4, x2: 6, y2: 4 },
    { kind: "segment", x1: -3, y1: -4, x2: 6, y2: -4 },
    { kind: "segment", x1: -3, y1: -4, x2: -3, y2: 4 },
    { kind: "circle", cx: 4.5, cy: 0.5, r: 0.1 },
  ];
}

function speed(options: BenchOptions): Figure[] {
  const figures: Figure[] = [];
  const config = shippedScanProcessorConfig();
  const configNote = `shipped params: chain ${config.filters.map((f) => f.type).join("+") || "(none)"}, ${config.beams.length} virtual beams`;
  const targetNote = config.target === undefined ? "no target detection" : `${config.target.type} detection`;
  const cases = [
    { beams: 1081, span: (270 * Math.PI) / 180, limit: 0.2 },
    { beams: 3600, span: 2 * Math.PI - (2 * Math.PI) / 3600, limit: 0.5 },
  ];
  for (const c of cases) {
    const rng = new SeededRandom(5);
    const geometry = { angle_min: -c.span / 2, angle_increment: c.span / (c.beams - 1), count: c.beams, range_min: 0.02, range_max: 30, sigma_m: 0.015 };
    const scans = Array.from({ length: 16 }, () => rayCastScan(timingScene(), geometry, rng));
    const processor = new ScanProcessor(config);
    let k = 0;
    const call = (): void => {
      const scan = scans[k++ % scans.length];
      if (scan !== undefined) processor.process(scan);
    };
    const secondsPerCall = medianSecondsPerCall(call, options.quick ? { reps: 5, callsPerRep: 50, warmup: 2 } : { reps: 31, callsPerRep: 200, warmup: 5 });
    const check = processor.process(scans[0] ?? rayCastScan([], geometry, rng));
    const validBeams = check.beams.filter((b) => Number.isFinite(b.range_m)).length;
    figures.push(
      timing(
        atMost(
          `ranging.speed.process_${c.beams}_beams`,
          secondsPerCall * 1000,
          "ms",
          c.limit,
          `${configNote} (${validBeams} valid on the court-like scene), ${targetNote}; median per scan`,
        ),
      ),
    );
  }
  return figures;
}

export const rangingBenchmarks: Benchmark[] = [
  { name: "laser_ranging accuracy (synthetic)", run: (o) => Promise.resolve([...wallAccuracy(o), ...poleAccuracy(o)]) },
  { name: "laser_ranging real recordings", run: (o) => Promise.resolve(realWallStability(o)) },
  { name: "laser_ranging speed", run: (o) => Promise.resolve(speed(o)) },
];
