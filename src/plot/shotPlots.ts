import type { TopLevelSpec } from "vega-lite";
import { buildCourtMap, type CourtSpec } from "../core/court/courtMap";
import { circlePath, equalScaleSize, exactScale, thinIndices, vegaLiteSpec, type Domain } from "./vegaLiteSvg";

/**
 * The simulator's plots (`sim --plots DIR`): hit rate by distance, the shot map and the flights.
 * Each takes plain data (no report), so a test can hand it a few made-up shots.
 */

/**
 * What became of a scored shot. `wide left` / `wide right`: wide of the rim, to the left or right
 * as the robot faces the hoop (REP-103: left is +y of the shot direction).
 */
export const SHOT_OUTCOMES = ["made", "short", "long", "wide left", "wide right", "declined"] as const;
export type ShotOutcome = (typeof SHOT_OUTCOMES)[number];

/**
 * One colour and one shape per outcome, so that neither alone is needed to tell them apart
 * (colours from Okabe and Ito's colour-blind-safe set).
 */
export const OUTCOME_STYLE: { readonly [O in ShotOutcome]: { readonly colour: string; readonly shape: string } } = {
  made: { colour: "#009E73", shape: "circle" },
  short: { colour: "#E69F00", shape: "triangle-down" },
  long: { colour: "#D55E00", shape: "triangle-up" },
  "wide left": { colour: "#56B4E9", shape: "diamond" },
  "wide right": { colour: "#0072B2", shape: "square" },
  declined: { colour: "#777777", shape: "cross" },
};

const RIM_COLOUR = "#E4572E";
const STRUCTURE_COLOUR = "#333333";
const POLE_COLOUR = "#8C8C8C";

/** A legend's scales for the outcomes given, in SHOT_OUTCOMES' order. */
function outcomeScales(outcomes: readonly ShotOutcome[]): { colour: Record<string, unknown>; shape: Record<string, unknown> } {
  return {
    colour: { domain: [...outcomes], range: outcomes.map((o) => OUTCOME_STYLE[o].colour) },
    shape: { domain: [...outcomes], range: outcomes.map((o) => OUTCOME_STYLE[o].shape) },
  };
}

/** A hit rate [1] with its 95 % interval [1] (a Proportion of src/sim/proportion.ts). */
export interface RateWithInterval {
  readonly rate: number;
  readonly low: number;
  readonly high: number;
}

/** One distance band: its shots, and the hit rates of the chain and (when known) the oracle. */
export interface DistanceBandRates {
  readonly from_m: number;
  readonly to_m: number;
  readonly shots: number;
  readonly chain: RateWithInterval;
  readonly oracle?: RateWithInterval;
}

/** Horizontal offset [m] of the chain's and the oracle's marks from a band's centre, so that neither hides the other. */
const DODGE_M = 0.12;

function checkBands(bands: readonly DistanceBandRates[]): void {
  if (bands.length === 0) throw new Error("hit rate by distance needs at least one band, got none");
  for (const b of bands) {
    if (!(b.to_m > b.from_m)) throw new Error(`a band must end after it starts, got ${b.from_m}-${b.to_m} m`);
    if (!(Number.isInteger(b.shots) && b.shots >= 0)) throw new Error(`a band's shots must be an integer >= 0, got ${b.shots} at ${b.from_m}-${b.to_m} m`);
  }
}

/** One point per band and rate (the chain's, the oracle's dodged beside it), in percent. */
function ratePoints(bands: readonly DistanceBandRates[], hasOracle: boolean) {
  return bands.flatMap((b) => {
    // A band without shots has no rate; its count bar (0) says why.
    if (b.shots === 0) return [];
    const centre = (b.from_m + b.to_m) / 2;
    const entries: [string, RateWithInterval, number][] = [["chain", b.chain, hasOracle ? -DODGE_M : 0]];
    if (b.oracle !== undefined) entries.push(["oracle", b.oracle, DODGE_M]);
    return entries.map(([name, p, dodge]) => ({
      who: name,
      x: centre + dodge,
      band: `${b.from_m}-${b.to_m} m`,
      shots: b.shots,
      rate: 100 * p.rate,
      low: 100 * p.low,
      high: 100 * p.high,
    }));
  });
}

/**
 * Hit rate by distance band, 0-100 %, each rate with its 95 % interval, the oracle's beside the
 * chain's; below it the shots per band, as bars labelled with the count.
 */
export function hitRateByDistanceSpec(bands: readonly DistanceBandRates[], options: { readonly title?: string; readonly subtitle?: string } = {}): TopLevelSpec {
  checkBands(bands);
  const xDomain: Domain = [Math.min(...bands.map((b) => b.from_m)), Math.max(...bands.map((b) => b.to_m))];
  const hasOracle = bands.some((b) => b.oracle !== undefined);
  const who = hasOracle ? ["chain", "oracle"] : ["chain"];
  const rates = ratePoints(bands, hasOracle);
  // Bars a little narrower than their band, so that neighbours stay apart.
  const counts = bands.map((b) => ({ from: b.from_m + 0.04, to: b.to_m - 0.04, centre: (b.from_m + b.to_m) / 2, shots: b.shots, zero: 0, label: `${b.shots}` }));
  // Every layer names its axes the same, or Vega-Lite would join the titles of its fields.
  const distanceTitle = "distance, release point to rim centre [m]";
  const rateTitle = "hit rate [%], bars: 95 % interval (Wilson)";
  const countTitle = "shots [count]";
  // Ticks at the band edges.
  const edges = [...new Set(bands.flatMap((b) => [b.from_m, b.to_m]))].sort((a, b) => a - b);
  const x = { field: "x", type: "quantitative", scale: exactScale(xDomain), title: distanceTitle, axis: { values: edges } };
  const colour = { field: "who", type: "nominal", title: "hit rate of", scale: { domain: who, range: ["#0072B2", "#999999"].slice(0, who.length) } };
  const width = 480;
  return vegaLiteSpec({
    ...(options.title === undefined ? {} : { title: { text: options.title, ...(options.subtitle === undefined ? {} : { subtitle: options.subtitle }) } }),
    vconcat: [
      {
        width,
        height: 260,
        data: { values: rates },
        encoding: { x, color: colour },
        layer: [
          {
            // The 95 % interval.
            mark: { type: "rule", strokeWidth: 2 },
            encoding: {
              y: { field: "low", type: "quantitative", scale: { domain: [0, 100], nice: false, zero: true }, title: rateTitle },
              y2: { field: "high" },
            },
          },
          {
            mark: { type: "point", filled: true, size: 70, opacity: 1 },
            encoding: {
              y: { field: "rate", type: "quantitative", title: rateTitle },
              shape: { field: "who", type: "nominal", title: "hit rate of", scale: { domain: who, range: ["circle", "diamond"].slice(0, who.length) } },
              tooltip: [{ field: "band" }, { field: "who" }, { field: "shots" }, { field: "rate", format: ".1f" }, { field: "low", format: ".1f" }, { field: "high", format: ".1f" }],
            },
          },
        ],
      },
      {
        width,
        height: 90,
        data: { values: counts },
        encoding: { x: { ...x, field: "from" } },
        layer: [
          {
            mark: { type: "bar", color: "#BBBBBB", cornerRadiusEnd: 0 },
            encoding: { x2: { field: "to" }, y: { field: "shots", type: "quantitative", title: countTitle, scale: { zero: true } }, y2: { field: "zero" } },
          },
          {
            mark: { type: "text", baseline: "bottom", dy: -2, fontSize: 11 },
            encoding: { x: { field: "centre", type: "quantitative", title: distanceTitle }, y: { field: "shots", type: "quantitative", title: countTitle }, text: { field: "label" } },
          },
        ],
      },
    ],
  });
}

/** A scored shot on the court: the release point [m, court frame] and what became of it. */
export interface ShotMark {
  readonly x: number;
  readonly y: number;
  readonly outcome: ShotOutcome;
}

/**
 * The court to scale (equal metres per pixel on x and y; court frame, REP-103: x along the court
 * towards the target hoop, y to the left), its fence, rims, backboards and poles from the court
 * spec (the court file's values, through the core's own court map), and each shot's release point
 * marked by outcome. Every outcome is in the legend whether or not it happened.
 */
export function shotMapSpec(court: CourtSpec, shots: readonly ShotMark[], options: { readonly title?: string; readonly subtitle?: string; readonly pixelsPerMetre?: number } = {}): TopLevelSpec {
  const map = buildCourtMap(court);
  const margin = Math.max(0.3, court.fenceThickness);
  const xDomain: Domain = [-court.length / 2 - margin, court.length / 2 + margin];
  const yDomain: Domain = [-court.width / 2 - margin, court.width / 2 + margin];
  const size = equalScaleSize(xDomain, yDomain, options.pixelsPerMetre ?? 45);

  const fence = map.fence.flatMap((s, i) => (s.kind === "segment" ? [{ x: s.a.x, y: s.a.y, order: i }] : []));
  const firstFence = fence[0];
  if (firstFence !== undefined) fence.push({ ...firstFence, order: fence.length });
  const boards = map.surfaces.flatMap((s) => (s.kind === "segment" && s.name.startsWith("backboard") ? [{ part: s.name, x: s.a.x, y: s.a.y, x2: s.b.x, y2: s.b.y }] : []));
  const poles = map.surfaces.flatMap((s) => (s.kind === "circle" && s.name.startsWith("pole") ? circlePath(s.centre.x, s.centre.y, s.radius).map((p) => ({ ...p, part: s.name })) : []));
  const rimRadius = court.rimInnerDiameter / 2;
  // The second hoop is the first point-mirrored about the court centre, as the court map builds it.
  const rimCentres = court.secondHoop ? [map.hoop, { x: -map.hoop.x, y: -map.hoop.y }] : [map.hoop];
  const rims = rimCentres.flatMap((c, i) => circlePath(c.x, c.y, rimRadius).map((p) => ({ ...p, part: `rim_${i}` })));
  const targetBoard = boards[0];
  const labels = [
    { x: map.hoop.x, y: map.hoop.y - rimRadius - 0.25, text: "rim" },
    ...(targetBoard === undefined ? [] : [{ x: Math.max(targetBoard.x, targetBoard.x2), y: Math.max(targetBoard.y, targetBoard.y2) + 0.25, text: "backboard" }]),
    { x: court.poleX, y: court.poleY - court.poleRadius - 0.25, text: "pole" },
  ];
  const scales = outcomeScales(SHOT_OUTCOMES);
  const counts = SHOT_OUTCOMES.map((o) => `${o} ${shots.filter((s) => s.outcome === o).length}`).join(", ");
  const pathLayer = (values: readonly object[], colour: string, strokeWidth: number): Record<string, unknown> => ({
    data: { values },
    mark: { type: "line", color: colour, strokeWidth, clip: true },
    encoding: { order: { field: "order", type: "quantitative" }, detail: { field: "part", type: "nominal" } },
  });
  return vegaLiteSpec({
    ...size,
    title: { text: options.title ?? "Shot map (release points)", subtitle: options.subtitle ?? counts },
    encoding: {
      x: { field: "x", type: "quantitative", scale: exactScale(xDomain), title: "x, court frame [m]" },
      y: { field: "y", type: "quantitative", scale: exactScale(yDomain), title: "y, court frame [m]" },
    },
    layer: [
      pathLayer(fence.map((p) => ({ ...p, part: "fence" })), STRUCTURE_COLOUR, 1.5),
      pathLayer(poles, POLE_COLOUR, 1.5),
      pathLayer(rims, RIM_COLOUR, 2),
      { data: { values: boards }, mark: { type: "rule", color: STRUCTURE_COLOUR, strokeWidth: 4 }, encoding: { x2: { field: "x2" }, y2: { field: "y2" } } },
      { data: { values: labels }, mark: { type: "text", fontSize: 10, color: STRUCTURE_COLOUR, baseline: "middle" }, encoding: { text: { field: "text" } } },
      {
        data: { values: shots.map((s) => ({ x: s.x, y: s.y, outcome: s.outcome })) },
        mark: { type: "point", filled: true, size: 45, opacity: 0.85 },
        encoding: {
          color: { field: "outcome", type: "nominal", title: "outcome", scale: scales.colour },
          shape: { field: "outcome", type: "nominal", title: "outcome", scale: scales.shape },
        },
      },
    ],
  });
}

/**
 * A flight seen from the side, along its own shot line: horizontal distance [m] still to go to
 * the rim centre (negative past it) and height above the floor [m] at each sample.
 */
export interface SideFlight {
  readonly outcome: ShotOutcome;
  readonly toRim_m: readonly number[];
  readonly height_m: readonly number[];
}

/** The hoop seen from the side: rim and backboard [m]. */
export interface HoopSide {
  readonly rimRadius: number;
  readonly rimHeight: number;
  /** Board face to rim centre, horizontal [m] (straight on; a shot from the side meets the board farther on). */
  readonly boardOffset: number;
  readonly boardBottom: number;
  readonly boardHeight: number;
}

/**
 * Flights of makes and misses from the side, coloured by outcome, with the rim (both edges at rim
 * height) and the backboard, at equal scale on both axes. At most `maxPerOutcome` flights of each
 * outcome (the first given) and `maxPoints` points a flight are drawn.
 */
export function flightsSpec(
  flights: readonly SideFlight[],
  hoop: HoopSide,
  options: { readonly title?: string; readonly subtitle?: string; readonly maxPerOutcome?: number; readonly maxPoints?: number; readonly pixelsPerMetre?: number } = {},
): TopLevelSpec {
  const maxPerOutcome = options.maxPerOutcome ?? 4;
  const maxPoints = options.maxPoints ?? 40;
  const kept: SideFlight[] = [];
  for (const f of flights) {
    if (f.toRim_m.length !== f.height_m.length) throw new Error(`a flight has ${f.toRim_m.length} distances but ${f.height_m.length} heights`);
    if (kept.filter((k) => k.outcome === f.outcome).length < maxPerOutcome) kept.push(f);
  }
  const points = kept.flatMap((f, i) =>
    thinIndices(f.toRim_m.length, maxPoints).map((k, order) => ({ flight: i, outcome: f.outcome, x: f.toRim_m[k] ?? NaN, y: f.height_m[k] ?? NaN, order })).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)),
  );
  const boardX = -hoop.boardOffset;
  const boardTop = hoop.boardBottom + hoop.boardHeight;
  const farthest = Math.max(2, ...points.map((p) => p.x));
  const highest = Math.max(boardTop, ...points.map((p) => p.y));
  const xDomain: Domain = [boardX - 0.4, Math.ceil(farthest + 0.3)];
  const yDomain: Domain = [0, Math.ceil((highest + 0.2) * 2) / 2];
  const size = equalScaleSize(xDomain, yDomain, options.pixelsPerMetre ?? 70);
  const outcomes = SHOT_OUTCOMES.filter((o) => o !== "declined");
  const scales = outcomeScales(outcomes);
  const rimEdges = [
    { x: -hoop.rimRadius, y: hoop.rimHeight },
    { x: hoop.rimRadius, y: hoop.rimHeight },
  ];
  const labels = [
    { x: 0, y: hoop.rimHeight - 0.2, text: "rim" },
    { x: boardX, y: boardTop + 0.12, text: "backboard" },
  ];
  const shown = outcomes.map((o) => `${o} ${kept.filter((f) => f.outcome === o).length}`).join(", ");
  return vegaLiteSpec({
    ...size,
    title: { text: options.title ?? "Flights from the side", subtitle: options.subtitle ?? `flights drawn: ${shown}` },
    encoding: {
      // Reversed: the robot on the left, the hoop on the right.
      x: { field: "x", type: "quantitative", scale: exactScale(xDomain, true), title: "horizontal distance to the rim centre along the shot line [m]" },
      y: { field: "y", type: "quantitative", scale: exactScale(yDomain), title: "height above the floor [m]" },
    },
    layer: [
      {
        data: { values: [{ x: boardX, y: hoop.boardBottom, y2: boardTop, part: "backboard" }] },
        mark: { type: "rule", color: STRUCTURE_COLOUR, strokeWidth: 5 },
        encoding: { y2: { field: "y2" } },
      },
      {
        data: { values: [{ x: -hoop.rimRadius, x2: hoop.rimRadius, y: hoop.rimHeight, part: "rim" }] },
        mark: { type: "rule", color: RIM_COLOUR, strokeWidth: 1.5 },
        encoding: { x2: { field: "x2" } },
      },
      { data: { values: rimEdges.map((e) => ({ ...e, part: "rim edge" })) }, mark: { type: "point", shape: "circle", filled: true, color: RIM_COLOUR, size: 40 } },
      { data: { values: labels }, mark: { type: "text", fontSize: 10, color: STRUCTURE_COLOUR }, encoding: { text: { field: "text" } } },
      {
        data: { values: points },
        mark: { type: "line", strokeWidth: 1.3, opacity: 0.85, clip: true },
        encoding: {
          order: { field: "order", type: "quantitative" },
          detail: { field: "flight", type: "nominal" },
          color: { field: "outcome", type: "nominal", title: "outcome", scale: scales.colour },
        },
      },
    ],
  });
}
