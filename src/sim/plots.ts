import * as fs from "node:fs";
import * as path from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { courtMapFromParameters } from "../core/court/courtSchema";
import { flightsSpec, hitRateByDistanceSpec, shotMapSpec, type ShotOutcome, type SideFlight } from "../plot/shotPlots";
import { renderSvg } from "../plot/vegaLiteSvg";
import type { ShotReport, SimReport } from "./runScenario";

/**
 * What became of a scored shot, from the rim judge's verdict as the report logs it: a wide miss
 * is left or right by the sign of its crossing across the shot line (+ left as the robot faces
 * the hoop).
 */
export function shotOutcome(shot: Pick<ShotReport, "made" | "miss" | "across">): ShotOutcome {
  if (shot.made) return "made";
  switch (shot.miss) {
    case "short":
    case "long":
    case "declined":
      return shot.miss;
    case "wide":
      return shot.across >= 0 ? "wide left" : "wide right";
    default:
      throw new Error(`a missed shot's miss must be short, long, wide or declined, got "${shot.miss}"`);
  }
}

/** The court.* values of the true world (numbers and the second_hoop flag), for the court map's own validation. */
function courtValues(court: Readonly<Record<string, unknown>>): Record<string, number | boolean> {
  const values: Record<string, number | boolean> = {};
  for (const [key, value] of Object.entries(court)) {
    if (typeof value !== "number" && typeof value !== "boolean") throw new Error(`the true court's ${key} is not a number or a flag: ${JSON.stringify(value)}`);
    values[key] = value;
  }
  return values;
}

const percent = (x: number): string => `${(100 * x).toFixed(0)} %`;

/**
 * The three plot specs of a report: the shot map on the court the chain was given, the hit rate by
 * distance, and sample flights from the side at the run's true rim (where they were judged).
 */
export function simPlotSpecs(report: SimReport): Record<string, TopLevelSpec> {
  const interval = report.hit_rate_interval;
  const run = `sensors ${report.sensors}, baseline ${report.baseline}, seed ${report.seed}`;
  const shotMap = shotMapSpec(
    report.court,
    report.shot_log.map((s) => ({ x: s.x, y: s.y, outcome: shotOutcome(s) })),
    {
      title: `Shot map: ${report.made}/${report.shots} made (oracle ${report.oracle_made}), release points on the court file's court; ${run}`,
      subtitle: `made ${report.made}, short ${report.misses.short}, long ${report.misses.long}, wide ${report.misses.wide} (left / right as the robot faces the hoop), declined ${report.misses.declined}`,
    },
  );

  const byDistance = hitRateByDistanceSpec(
    report.by_distance.map((b) => ({ from_m: b.from_m, to_m: b.to_m, shots: b.shots, chain: b.hit_rate, oracle: b.oracle_hit_rate })),
    {
      title: `Hit rate by distance: ${percent(report.hit_rate)} of ${report.shots} [${percent(interval.low)}-${percent(interval.high)}], oracle ${percent(report.oracle_hit_rate)}; ${run}`,
      subtitle: "declined shots count as misses; the oracle: the same balls shot by true physics from the true release state",
    },
  );

  // The flights were judged at the true rim, which is a few mm to cm off the court file's.
  const trueCourt = courtMapFromParameters(courtValues(report.truth.court)).spec;
  const flights: SideFlight[] = report.samples.map((sample) => {
    const shot = report.shot_log[sample.index];
    if (shot === undefined) throw new Error(`sample flight of shot ${sample.index}, which is not in the shot log (${report.shot_log.length} shots)`);
    const dx = trueCourt.hoopX - sample.release.x;
    const dy = trueCourt.hoopY - sample.release.y;
    const length = Math.hypot(dx, dy);
    const { x_m: xs, y_m: ys, z_m: zs } = sample.trajectory;
    return {
      outcome: shotOutcome(shot),
      // Horizontal distance still to go to the rim centre along the shot line.
      toRim_m: xs.map((x, k) => ((trueCourt.hoopX - x) * dx + (trueCourt.hoopY - (ys[k] ?? NaN)) * dy) / length),
      height_m: zs,
    };
  });
  const trajectories = flightsSpec(
    flights,
    {
      rimRadius: trueCourt.rimInnerDiameter / 2,
      rimHeight: trueCourt.rimHeight,
      boardOffset: trueCourt.backboardOffset,
      boardBottom: trueCourt.backboardBottomHeight,
      boardHeight: trueCourt.backboardHeight,
    },
    { title: `Flights from the side (true flights, release to the rim plane); ${run}` },
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
