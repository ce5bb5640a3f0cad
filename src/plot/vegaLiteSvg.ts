import type { TopLevelSpec } from "vega-lite";

/**
 * Plots for people, rendered headless to SVG with Vega-Lite (no browser, no canvas): the CLI's
 * `--plot FILE.svg` options and the simulator's reports build a spec (src/plot/*) and call
 * renderSvg. Vega 5 / Vega-Lite 5 are pinned because they still ship CommonJS builds. Both are
 * loaded on the first render, not at import: every CLI command imports this module, few plot.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [{ parse, View }, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A closed interval of data values [lower, upper] (a scale's domain). */
export type Domain = readonly [number, number];

/**
 * The plot area [px] that draws x and y at the same scale (`pixelsPerUnit` on both), so a circle
 * stays a circle and a court keeps its shape. Vega-Lite's width and height are the plot area's,
 * and the scales must take exactly these domains (`exactScale`).
 */
export function equalScaleSize(x: Domain, y: Domain, pixelsPerUnit: number): { width: number; height: number } {
  for (const [name, [low, high]] of [["x", x], ["y", y]] as const) {
    if (!(Number.isFinite(low) && Number.isFinite(high) && high > low)) throw new Error(`${name} domain must be finite with upper > lower, got [${low}, ${high}]`);
  }
  if (!(pixelsPerUnit > 0 && Number.isFinite(pixelsPerUnit))) throw new Error(`pixelsPerUnit must be a finite number > 0, got ${pixelsPerUnit}`);
  return { width: (x[1] - x[0]) * pixelsPerUnit, height: (y[1] - y[0]) * pixelsPerUnit };
}

/** A quantitative scale on exactly `domain`: no rounding to nice numbers, no forced zero. */
export function exactScale(domain: Domain, reverse = false): { domain: number[]; nice: false; zero: false; reverse?: boolean } {
  return { domain: [domain[0], domain[1]], nice: false, zero: false, ...(reverse ? { reverse } : {}) };
}

/** One vertex of a polyline or polygon, in drawing order. */
export interface PathPoint {
  readonly x: number;
  readonly y: number;
  readonly order: number;
}

/**
 * A circle of `radius` about (cx, cy) as a closed polygon in data units: a point mark's size is
 * in pixels, so a rim or a pole drawn to scale is a line through these.
 */
export function circlePath(cx: number, cy: number, radius: number, segments = 48): PathPoint[] {
  if (!(radius > 0 && Number.isFinite(radius))) throw new Error(`circle radius must be a finite number > 0, got ${radius}`);
  return Array.from({ length: segments + 1 }, (_, i) => {
    const a = (2 * Math.PI * i) / segments;
    return { x: cx + radius * Math.cos(a), y: cy + radius * Math.sin(a), order: i };
  });
}

/**
 * Every k-th of n samples, the last always kept, so that at most `max` remain: long flights
 * thinned for a small SVG without losing where they end.
 */
export function thinIndices(n: number, max: number): number[] {
  if (!(Number.isInteger(max) && max >= 2)) throw new Error(`max must be an integer >= 2, got ${max}`);
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = Math.ceil((n - 1) / (max - 1));
  const kept: number[] = [];
  for (let i = 0; i < n - 1; i += step) kept.push(i);
  kept.push(n - 1);
  return kept;
}

/**
 * A spec built as plain objects, as Vega-Lite's JSON: its TypeScript types of layered and
 * concatenated specs are too deep to build piece by piece. Vega-Lite's compiler checks it when it
 * is rendered, and the plot tests compile every spec with a logger that fails on a warning.
 */
export function vegaLiteSpec(spec: Readonly<Record<string, unknown>>): TopLevelSpec {
  return spec as unknown as TopLevelSpec;
}
