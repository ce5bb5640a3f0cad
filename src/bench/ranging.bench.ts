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
import { DEFAULT_PARAMS_FILES } from "../package/defaultParams";
import { scanProcessorConfig } from "../nodes/laser_ranging";
import { laserRangingGroups, laserRangingSchema } from "../nodes/laser_ranging.schema";
import { resolveParamsFiles } from "../runtime/paramsFile";
import { realScansDir, sharedDataMissingReason } from "../runtime/sharedData";
import { atMost, medianSecondsPerCall, reportOnly, rms, timing, type Benchmark, type BenchOptions, type Figure } from "./figure";
import { beamAnglesAround, poleCentreCrb, wallRangeCrb, windowMeanFloor } from "./rangingBounds";

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
 * A goal on an estimator's RMS error as a multiple of the Cramer-Rao bound computed for the same
 * geometry (rangingBounds.ts): an efficient estimator sits at 1; the margin covers the sampling
 * error of an RMS over a few hundred scans (about 5 % each) taken at its worst of 40 cells, and a
 * few beams dropped by the filters. A fixed length would instead hold the estimator to whatever
 * the window width or the pole's beam count allow: 3 mm is below the bound of the 0.15 rad beams
 * (3.2 mm), and 1 cm below the pole's at 5 m (1.8 cm).
 */
export const CRB_RATIO_GOAL = 1.25;

/**
 * Each shipped virtual beam in turn, a wall across it at 1-8 m (incidence up to +-0.3 rad), through
 * the shipped chain: each beam and distance's RMS range error against the Cramer-Rao bound of the
 * range from that beam's window (same scans, same tilts); the worst ratio is gated.
 */
function wallAccuracy(options: BenchOptions): Figure[] {
  // As many scans when quick: the worst of 40 cells' RMS is gated, and each cell's sampling error (about 1 / sqrt(2 scans)) must stay well inside the goal's margin. 8000 scans take about a second.
  const scans = 200;
  const rng = new SeededRandom(7);
  const config = shippedScanProcessorConfig();
  const processor = new ScanProcessor(config, new SeededRandom(3).next);
  let worstMm = 0;
  let worstMmAt = "";
  let worstRatio = 0;
  let worstRatioAt = "";
  let invalid = 0;
  const perBeam: string[] = [];
  const perBeamCrb: string[] = [];
  for (const [index, beam] of config.beams.entries()) {
    const byDistance: string[] = [];
    const crbByDistance: string[] = [];
    for (let d = 1; d <= 8; d++) {
      const errors: number[] = [];
      let crbSquares = 0;
      for (let k = 0; k < scans; k++) {
        const tilt = (rng.next() - 0.5) * 0.6; // incidence up to +-0.3 rad
        processor.reset();
        const scan = rayCastScan([rotated(wallAt(d, tilt), beam.bearing_rad)], LD06_GEOMETRY, rng);
        const res = processor.process(scan);
        const r = res.beams[index]?.range_m ?? Number.NaN;
        if (!Number.isFinite(r)) {
          invalid++;
          continue;
        }
        errors.push(r - d);
        // The wall's normal is at bearing + tilt, d cos(tilt) from the laser (wallAt, rotated).
        const crb = wallRangeCrb(beamAnglesAround(scan, beam.bearing_rad, beam.half_width_rad), beam.bearing_rad, d * Math.cos(tilt), beam.bearing_rad + tilt, LD06_GEOMETRY.sigma_m);
        crbSquares += crb * crb;
      }
      const wallRms = errors.length === 0 ? Infinity : rms(errors);
      const crbRms = errors.length === 0 ? Number.NaN : Math.sqrt(crbSquares / errors.length);
      byDistance.push((wallRms * 1000).toFixed(1));
      crbByDistance.push((crbRms * 1000).toFixed(1));
      if (wallRms > worstMm) {
        worstMm = wallRms;
        worstMmAt = `${beam.name} at ${d} m`;
      }
      const ratio = wallRms / crbRms;
      if (!(ratio <= worstRatio)) {
        worstRatio = ratio;
        worstRatioAt = `${beam.name} at ${d} m (${(wallRms * 1000).toFixed(2)} mm, bound ${(crbRms * 1000).toFixed(2)} mm)`;
      }
    }
    perBeam.push(`${beam.name} ${byDistance.join("/")}`);
    perBeamCrb.push(`${beam.name} ${crbByDistance.join("/")}`);
  }
  options.progress(`virtual beam wall RMS mm at 1..8 m: ${perBeam.join("; ")}; Cramer-Rao bound mm: ${perBeamCrb.join("; ")}`);
  const setup = `shipped chain ${config.filters.map((f) => f.type).join("+")}; LD06-like 0.8 deg, sigma 15 mm, incidence +-0.3 rad; ${scans} scans per beam and distance; ${invalid} invalid`;
  return [
    atMost(
      "ranging.virtual_beam.wall_rms_to_crb_worst",
      worstRatio,
      "x",
      CRB_RATIO_GOAL,
      `worst over the ${config.beams.length} shipped virtual beams and 1..8 m of the RMS range error over the Cramer-Rao bound of a range from that beam's window (rangingBounds.ts wallRangeCrb; about sigma / sqrt(beams in the window): 2.8 mm for a 0.2 rad half width, 3.2 mm for 0.15), at ${worstRatioAt}; bound mm by beam at 1/2/../8 m: ${perBeamCrb.join("; ")}; ${setup}`,
    ),
    reportOnly(
      "ranging.virtual_beam.wall_rms_error_worst",
      worstMm * 1000,
      "mm",
      `worst ${worstMmAt} over the ${config.beams.length} shipped virtual beams (${config.beams.map((b) => b.name).join(", ")}) and 1..8 m; mm by beam at 1/2/../8 m: ${perBeam.join("; ")}; report only: gated against the bound above (3 mm is below the bound of the 0.15 rad beams); ${setup}`,
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
  /** The Cramer-Rao bound's square [m^2] of each single-scan detection's scene (rangingBounds.ts poleCentreCrb). */
  let singleCrbSquares = 0;
  const stackedErr: number[] = [];
  const allBeams = Array.from({ length: LD06_GEOMETRY.count }, (_, i) => LD06_GEOMETRY.angle_min + i * LD06_GEOMETRY.angle_increment);
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
    const crb = poleCentreCrb(allBeams, cx, cy, radius, LD06_GEOMETRY.sigma_m);
    for (let s = 0; s < perPose; s++) {
      const scan = rayCastScan(scene, LD06_GEOMETRY, rng);
      const a = single.process(scan).target;
      if (a.found) {
        singleErr.push(Math.hypot(a.x_m - cx, a.y_m - cy));
        singleCrbSquares += crb * crb;
      } else missesSingle++;
      if (a.found && Math.hypot(a.x_m - cx, a.y_m - cy) > OUTLIER) outliers.push(`(${a.x_m.toFixed(2)}, ${a.y_m.toFixed(2)})`);
      const b = stacked.process(scan).target;
      if (s < STILL_WINDOW - 1) continue; // the window is not full yet
      if (b.found) stackedErr.push(Math.hypot(b.x_m - cx, b.y_m - cy));
      else missesStacked++;
    }
  }
  const chain = config.filters.map((f) => f.type).join("+");
  const singleRms = rms(singleErr);
  const singleCrb = Math.sqrt(singleCrbSquares / Math.max(1, singleErr.length));
  return [
    atMost(
      `ranging.pole.centre_rms_error_stationary (shipped chain + temporal_median(${STILL_WINDOW}), not shipped)`,
      rms(stackedErr) * 100,
      "cm",
      1,
      `pole r ${radius} m at 5 m, LD06-like; the shipped chain ${chain} and pole detection with a temporal_median(${STILL_WINDOW}) appended (robot still while aiming, 0.9 s at 10 Hz), which params/shooter.yaml does not have; ${stackedErr.length} detections, ${missesStacked} none`,
    ),
    atMost(
      "ranging.pole.centre_rms_to_crb_single_scan",
      singleRms / singleCrb,
      "x",
      CRB_RATIO_GOAL,
      `RMS centre error of one scan's detection over the Cramer-Rao bound for the same scenes (rangingBounds.ts poleCentreCrb: the beams that meet the pole, sigma 15 mm, radius known), ${(singleRms * 100).toFixed(2)} cm against ${(singleCrb * 100).toFixed(2)} cm; pole r ${radius} m at 5 m, lateral +-0.2 m, LD06-like; shipped chain ${chain} and pole detection; ${singleErr.length} detections, ${missesSingle} none`,
    ),
    reportOnly(
      "ranging.pole.centre_rms_error_single_scan",
      singleRms * 100,
      "cm",
      `pole r ${radius} m at 5 m, LD06-like, one scan through the shipped chain ${chain} and pole detection; report only: 2-3 beams hit the pole, and the Cramer-Rao bound of these scenes is ${(singleCrb * 100).toFixed(2)} cm (gated above), so 1 cm is out of any estimator's reach; ${singleErr.length} detections, ${missesSingle} none; ${outliers.length} more than ${OUTLIER * 100} cm off${outliers.length > 0 ? ` (at ${outliers.slice(0, 3).join(", ")} m: not the pole), RMS of the rest ${(rms(singleErr.filter((e) => e <= OUTLIER)) * 100).toFixed(2)} cm` : ""}`,
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

/**
 * A virtual beam's spread on a real wall may be this many times the floor its window's shared noise
 * sets: 1 for a fit as good as the window's plain mean, the margin for the beams a fit leaves out as
 * outliers and the sampling error of a std over 89 scans (about 8 %). On a wall with independent beam
 * noise the floor is sigma / sqrt(N), so with N >= 25 beams this is no looser than the 0.25 x raw
 * the figure asked before.
 */
export const FLOOR_RATIO_GOAL = 1.25;

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
    const scans: LaserScanLike[] = [];
    for (const rec of readLaserScans(p)) {
      const s = rec.scan;
      scans.push(s);
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
    const floor = windowMeanFloor(scans, wall.bearing_rad, wall.half_width_rad);
    const sdFit = stdOf(fitted);
    const sdRaw = stdOf(raw);
    options.progress(`${name}: virtual beam std ${(sdFit * 1000).toFixed(2)} mm (${fitted.length} scans), raw beam std ${(sdRaw * 1000).toFixed(2)} mm (${raw.length}); ${unpublishable} invalid published numbers`);
    figures.push(
      atMost(
        `ranging.real.${name}.wall_std_to_floor (beam fitted to the recording's wall, not a shipped beam)`,
        sdFit / floor,
        "x",
        FLOOR_RATIO_GOAL,
        `shipped filter chain; virtual beam std ${(sdFit * 1000).toFixed(2)} mm over the floor for any spatial average of the window's beams, ${(floor * 1000).toFixed(2)} mm (rangingBounds.ts windowMeanFloor: std over scans of the window's mean deviation, sqrt(c^2 + sigma^2 / N) with a per-scan offset c shared by the N beams); raw beam ${(sdRaw * 1000).toFixed(2)} mm; at ${wall.bearing_rad} rad; ${wall.note}`,
      ),
      reportOnly(
        `ranging.real.${name}.wall_std_ratio (beam fitted to the recording's wall, not a shipped beam)`,
        sdFit / sdRaw,
        "x",
        `virtual beam std ${(sdFit * 1000).toFixed(2)} mm over the raw beam's ${(sdRaw * 1000).toFixed(2)} mm; report only: the floor for any spatial average is ${(floor / sdRaw).toFixed(2)} of the raw beam here (noise the window's beams share)${floor / sdRaw > 0.25 ? ", so the old goal of 0.25 is out of any estimator's reach on this recording" : ""}; gated against the floor above`,
      ),
      atMost(`ranging.real.${name}.invalid_published (beam fitted to the recording's wall, not a shipped beam)`, unpublishable, "count", 0, `invalid numbers published in the shipped chain's filtered scan and the wall beam; ${fitted.length} valid wall ranges`),
    );
  }
  return figures;
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
