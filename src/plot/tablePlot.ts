import type { TopLevelSpec } from "vega-lite";
import { equalScaleSize, exactScale, thinIndices, vegaLiteSpec, type Domain } from "./vegaLiteSvg";

/** One row of `table` with its flight, for `table --plot`. */
export interface TablePlotRow {
  readonly distance_m: number;
  readonly wheel_speed_radps: number;
  readonly exit_speed_mps: number;
  readonly launch_angle_rad: number;
  readonly entry_angle_rad: number;
  /** The flight from the release point (x = 0) until the ball centre comes down through the rim plane [m]. */
  readonly trajectory: { readonly x_m: readonly number[]; readonly z_m: readonly number[] };
}

const DEG = 180 / Math.PI;
const DISTANCE_TITLE = "distance, release point to rim centre [m]";

/**
 * The table as four panels, each axis in one unit: the flights (height against distance from the
 * release point, both in m, at equal scale, each ending at its rim), the wheel speed [rad/s], the
 * exit speed [m/s] and the launch and entry angles [deg] against distance [m]. The flights are
 * coloured along a sequential scale by their target distance, so no two share a colour however
 * many rows there are.
 */
export function tablePlotSpec(rows: readonly TablePlotRow[], rim: { readonly radius_m: number; readonly height_m: number }, options: { readonly title?: string; readonly maxPoints?: number } = {}): TopLevelSpec {
  if (rows.length === 0) throw new Error("the table plot needs at least one row, got none");
  const maxPoints = options.maxPoints ?? 40;
  const flights = rows.flatMap((r) => {
    const { x_m: x, z_m: z } = r.trajectory;
    if (x.length !== z.length) throw new Error(`the flight to ${r.distance_m} m has ${x.length} x values but ${z.length} heights`);
    return thinIndices(x.length, maxPoints).map((k, order) => ({ target: r.distance_m, x: x[k] ?? NaN, y: z[k] ?? NaN, order })).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  });
  const rims = rows.map((r) => ({ target: r.distance_m, x: r.distance_m - rim.radius_m, x2: r.distance_m + rim.radius_m, y: rim.height_m }));
  const farthest = Math.max(...rows.map((r) => r.distance_m + rim.radius_m), ...flights.map((p) => p.x));
  const highest = Math.max(rim.height_m, ...flights.map((p) => p.y));
  const xDomain: Domain = [0, Math.ceil(farthest + 0.3)];
  const yDomain: Domain = [0, Math.ceil(highest + 0.3)];
  const targets = rows.map((r) => r.distance_m);
  // Viridis without its palest yellow, which vanishes on white.
  const colour = {
    field: "target",
    type: "quantitative",
    title: "target distance [m]",
    scale: { scheme: { name: "viridis", extent: [0, 0.85] }, domain: [Math.min(...targets), Math.max(...targets)] },
  };
  const flightPanel = {
    ...equalScaleSize(xDomain, yDomain, 380 / (xDomain[1] - xDomain[0])),
    title: "Flights, each ending at its rim",
    encoding: {
      x: { field: "x", type: "quantitative", scale: exactScale(xDomain), title: "horizontal distance from the release point [m]" },
      y: { field: "y", type: "quantitative", scale: exactScale(yDomain), title: "height above the floor [m]" },
      color: colour,
    },
    layer: [
      { data: { values: flights }, mark: { type: "line", strokeWidth: 1.5, clip: true }, encoding: { order: { field: "order", type: "quantitative" }, detail: { field: "target", type: "nominal" } } },
      { data: { values: rims }, mark: { type: "rule", strokeWidth: 3 }, encoding: { x2: { field: "x2" } } },
    ],
  };
  const curve = (title: string, field: string, yTitle: string, values: readonly Record<string, number>[]): Record<string, unknown> => ({
    width: 300,
    height: 200,
    title,
    data: { values },
    mark: { type: "line", point: true, color: "#0072B2" },
    encoding: {
      x: { field: "distance", type: "quantitative", scale: { zero: false, padding: 8 }, title: DISTANCE_TITLE },
      y: { field, type: "quantitative", scale: { zero: false }, title: yTitle },
    },
  });
  const perRow = rows.map((r) => ({ distance: r.distance_m, wheel: r.wheel_speed_radps, exit: r.exit_speed_mps }));
  const angles = rows.flatMap((r) => [
    { distance: r.distance_m, angle: r.launch_angle_rad * DEG, which: "launch angle" },
    { distance: r.distance_m, angle: r.entry_angle_rad * DEG, which: "entry angle" },
  ]);
  const anglePanel = {
    width: 300,
    height: 200,
    title: "Launch angle, and entry angle below horizontal",
    data: { values: angles },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "distance", type: "quantitative", scale: { zero: false, padding: 8 }, title: DISTANCE_TITLE },
      y: { field: "angle", type: "quantitative", scale: { zero: false }, title: "angle [deg]" },
      color: { field: "which", type: "nominal", title: "angle", sort: null, scale: { range: ["#0072B2", "#D55E00"] } },
    },
  };
  return vegaLiteSpec({
    ...(options.title === undefined ? {} : { title: options.title }),
    columns: 2,
    concat: [flightPanel, curve("Wheel speed", "wheel", "wheel speed [rad/s]", perRow), curve("Exit speed", "exit", "exit speed [m/s]", perRow), anglePanel],
    resolve: { scale: { color: "independent" } },
  });
}
