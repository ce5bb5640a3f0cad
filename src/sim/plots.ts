import * as fs from "node:fs";
import * as path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { lineChart, renderSvg, scatterChart } from "../plot/vegaLiteSvg";
import type { SimReport } from "./runScenario";

/** The three plot specs of a report: shot map (on the run's court), hit rate by distance, sample trajectories. */
export function simPlotSpecs(report: SimReport): Record<string, TopLevelSpec> {
  const court = report.court;
  const hx = court.length / 2;
  const hy = court.width / 2;
  const log = report.shot_log;
  const group = (miss: (s: (typeof log)[number]) => boolean) => ({ x: log.filter(miss).map((s) => s.x), y: log.filter(miss).map((s) => s.y) });
  const fence = lineChart([{ name: "fence", x: [-hx, hx, hx, -hx, -hx], y: [-hy, -hy, hy, hy, -hy] }], { xTitle: "x [m]", yTitle: "y [m]" });
  const shots = scatterChart(
    [
      { name: "made", ...group((s) => s.made) },
      { name: "missed", ...group((s) => !s.made && s.miss !== "declined") },
      { name: "declined", ...group((s) => s.miss === "declined") },
      { name: "hoop", x: [court.hoopX], y: [court.hoopY] },
    ],
    { xTitle: "x [m]", yTitle: "y [m]", legendTitle: "shot" },
  );
  const strip = (spec: TopLevelSpec): Record<string, unknown> => {
    const { width: _w, height: _h, title: _t, ...rest } = spec as unknown as Record<string, unknown>;
    return rest;
  };
  const shotMap = {
    title: `Shot map: ${report.made}/${report.shots} made (oracle ${report.oracle_made}), sensors ${report.sensors}, baseline ${report.baseline}`,
    width: 600,
    height: 320,
    layer: [strip(fence), strip(shots)],
    resolve: { scale: { color: "independent" } },
  } as unknown as TopLevelSpec;

  const mids = report.by_distance.map((b) => (b.from_m + b.to_m) / 2);
  const rate = (made: number, shots: number): number => (shots > 0 ? (100 * made) / shots : NaN);
  const byDistance = lineChart(
    [
      { name: "chain", x: mids, y: report.by_distance.map((b) => rate(b.made, b.shots)) },
      { name: "oracle", x: mids, y: report.by_distance.map((b) => rate(b.oracle_made, b.shots)) },
    ],
    { title: "Hit rate by distance (1 m bands)", xTitle: "distance to the rim centre [m]", yTitle: "hit rate [%]", legendTitle: "" },
  );

  const trajectories = lineChart(
    report.samples.map((s, i) => ({
      name: `shot ${i + 1} ${s.made ? "made" : "missed"}`,
      x: s.trajectory.x_m.map((x, k) => Math.hypot(x - s.release.x, (s.trajectory.y_m[k] ?? s.release.y) - s.release.y)),
      y: s.trajectory.z_m,
    })),
    { title: "Sample trajectories (true flight, release to the rim plane)", xTitle: "horizontal distance from release [m]", yTitle: "height [m]", legendTitle: "", width: 600 },
  );
  return { shot_map: shotMap, hit_rate_by_distance: byDistance, trajectories };
}

/** Renders the plots as SVG files in `directory`; returns their paths. */
export async function writeSimPlots(report: SimReport, directory: string): Promise<string[]> {
  fs.mkdirSync(directory, { recursive: true });
  const written: string[] = [];
  for (const [name, spec] of Object.entries(simPlotSpecs(report))) {
    const file = path.join(directory, `${name}.svg`);
    fs.writeFileSync(file, await renderSvg(spec));
    written.push(file);
  }
  return written;
}
