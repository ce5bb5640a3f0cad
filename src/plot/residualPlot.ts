import type { TopLevelSpec } from "vega-lite";
import { vegaLiteSpec } from "./vegaLiteSvg";

/** What a test shot recorded: a measured miss, or only made / short / long. */
export type ResidualObservation = "measured miss" | "made" | "short" | "long";
export const RESIDUAL_OBSERVATIONS: readonly ResidualObservation[] = ["measured miss", "made", "short", "long"];

/** One test shot in `calibrate --plot`. */
export interface ResidualPoint {
  readonly distance_m: number;
  /** Predicted minus measured miss at the rim plane [m] (an outcome's: its signed deviance times sigma_m). */
  readonly residual_m: number;
  /** The 1-sigma the fit gave this shot [m]: drawn as its error bar. */
  readonly sigma_m: number;
  readonly observation: ResidualObservation;
  /** Its line in the CSV, to name it. */
  readonly line?: number;
  /** Set by an outlier test: ringed and named in the plot. Absent: not tested. */
  readonly outlier?: boolean;
}

const OBSERVATION_COLOURS = ["#0072B2", "#009E73", "#E69F00", "#D55E00"];
const OBSERVATION_SHAPES = ["circle", "diamond", "triangle-down", "triangle-up"];
const OUTLIER_COLOUR = "#CC0000";

/**
 * Residuals [m] against distance [m], each with its +-1 sigma bar (the sigma the fit used), a zero
 * line, and the shots an outlier test flagged ringed in red and named by their CSV line.
 */
export function residualPlotSpec(points: readonly ResidualPoint[], options: { readonly title?: string; readonly subtitle?: string } = {}): TopLevelSpec {
  for (const p of points) {
    if (!(p.sigma_m > 0 && Number.isFinite(p.sigma_m))) throw new Error(`a residual's sigma must be a finite number > 0 m, got ${p.sigma_m} at ${p.distance_m} m`);
  }
  const rows = points.map((p) => ({
    distance: p.distance_m,
    residual: p.residual_m,
    low: p.residual_m - p.sigma_m,
    high: p.residual_m + p.sigma_m,
    sigma: p.sigma_m,
    observation: p.observation,
    line: p.line ?? null,
    flag: p.outlier === true ? "outlier" : "",
    name: p.outlier === true ? (p.line === undefined ? "outlier" : `line ${p.line}`) : "",
  }));
  const outliers = rows.filter((r) => r.flag === "outlier");
  // Every layer names its axes the same, or Vega-Lite would join the titles of its fields.
  const yTitle = "residual, predicted - measured miss [m]";
  const x = { field: "distance", type: "quantitative", scale: { zero: false, padding: 14 }, title: "distance, release point to rim centre [m]" };
  const y = { field: "residual", type: "quantitative", title: yTitle, scale: { zero: true } };
  const layers: Record<string, unknown>[] = [
    { data: { values: [{ zero: 0 }] }, mark: { type: "rule", color: "#888888", strokeDash: [4, 3] }, encoding: { y: { field: "zero", type: "quantitative", title: yTitle } } },
    {
      mark: { type: "rule", strokeWidth: 1.5 },
      encoding: {
        x,
        y: { field: "low", type: "quantitative", title: yTitle },
        y2: { field: "high" },
        color: { field: "observation", type: "nominal", title: "observation", scale: { domain: RESIDUAL_OBSERVATIONS, range: OBSERVATION_COLOURS } },
      },
    },
    {
      mark: { type: "point", filled: true, size: 60, opacity: 1 },
      encoding: {
        x,
        y,
        color: { field: "observation", type: "nominal", title: "observation", scale: { domain: RESIDUAL_OBSERVATIONS, range: OBSERVATION_COLOURS } },
        shape: { field: "observation", type: "nominal", title: "observation", scale: { domain: RESIDUAL_OBSERVATIONS, range: OBSERVATION_SHAPES } },
        tooltip: [{ field: "line" }, { field: "distance" }, { field: "residual", format: ".3f" }, { field: "sigma", format: ".3f" }],
      },
    },
  ];
  if (outliers.length > 0) {
    layers.push(
      {
        data: { values: outliers },
        mark: { type: "point", shape: "circle", filled: false, size: 320, strokeWidth: 2 },
        encoding: {
          x,
          y,
          stroke: { field: "flag", type: "nominal", title: "marked", scale: { domain: ["outlier"], range: [OUTLIER_COLOUR] } },
        },
      },
      {
        data: { values: outliers },
        mark: { type: "text", align: "left", dx: 12, fontSize: 10, color: OUTLIER_COLOUR },
        encoding: { x, y, text: { field: "name" } },
      },
    );
  }
  return vegaLiteSpec({
    width: 480,
    height: 280,
    title: { text: options.title ?? "Calibration residuals", subtitle: options.subtitle ?? "bars: +-1 sigma the fit gave each shot" },
    // The shots' rows, for the bars and the points; the zero line and the outlier rings bring their own.
    data: { values: rows },
    layer: layers,
  });
}
