import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/**
 * Plots for people, rendered headless to SVG with Vega-Lite (no browser, no canvas): the CLI's
 * `--plot FILE.svg` options and the simulator's reports build a spec with the helpers below and
 * call renderSvg. Vega 5 / Vega-Lite 5 are pinned because they still ship CommonJS builds.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** One named series of points [x, y] in data units. */
export interface Series {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
}

export interface ChartOptions {
  readonly title?: string;
  /** Axis titles, with units, e.g. "distance [m]". */
  readonly xTitle: string;
  readonly yTitle: string;
  /** Plot area size [px]. Defaults 480 x 300. */
  readonly width?: number;
  readonly height?: number;
  /** Title of the colour legend. Default "series". */
  readonly legendTitle?: string;
  /** Draw x and y at the same scale (trajectories). Default false. */
  readonly equalAxes?: boolean;
}

type Row = { series: string; x: number; y: number; order: number };

function rows(series: readonly Series[]): Row[] {
  const out: Row[] = [];
  for (const s of series) {
    if (s.x.length !== s.y.length) throw new Error(`series "${s.name}": ${s.x.length} x values but ${s.y.length} y values`);
    s.x.forEach((x, i) => {
      const y = s.y[i] ?? NaN;
      if (Number.isFinite(x) && Number.isFinite(y)) out.push({ series: s.name, x, y, order: i });
    });
  }
  return out;
}

function encoding(options: ChartOptions, withOrder: boolean): Record<string, unknown> {
  return {
    x: { field: "x", type: "quantitative", title: options.xTitle, scale: { zero: false } },
    y: { field: "y", type: "quantitative", title: options.yTitle, scale: { zero: false } },
    color: { field: "series", type: "nominal", title: options.legendTitle ?? "series", sort: null },
    ...(withOrder ? { order: { field: "order", type: "quantitative" } } : {}),
  };
}

function sized(options: ChartOptions): { width: number; height: number; title?: string } {
  return { width: options.width ?? 480, height: options.height ?? 300, ...(options.title === undefined ? {} : { title: options.title }) };
}

/** Lines through each series in point order (trajectories, speed curves). */
export function lineChart(series: readonly Series[], options: ChartOptions): TopLevelSpec {
  return {
    ...sized(options),
    data: { values: rows(series) },
    mark: { type: "line", point: false, clip: true },
    encoding: encoding(options, true),
  };
}

/** Points of each series (shot maps, residuals, hit rate by distance). */
export function scatterChart(series: readonly Series[], options: ChartOptions): TopLevelSpec {
  return {
    ...sized(options),
    data: { values: rows(series) },
    mark: { type: "point", filled: true, size: 40 },
    encoding: encoding(options, false),
  };
}

/** Several charts side by side (or stacked) in one SVG. */
export function combineCharts(charts: readonly TopLevelSpec[], direction: "horizontal" | "vertical" = "horizontal", title?: string): TopLevelSpec {
  // Each chart carries its own data; strip the top-level-only keys Vega-Lite rejects in a concat.
  const parts = charts.map((c) => {
    const { $schema: _schema, config: _config, ...rest } = c;
    return rest;
  });
  const spec = direction === "horizontal" ? { hconcat: parts } : { vconcat: parts };
  return { ...spec, ...(title === undefined ? {} : { title }), resolve: { scale: { color: "independent" } } } as TopLevelSpec;
}
