import * as path from "node:path";
import { buildTable, distanceRange, tablePlot } from "../../src/cli/table";
import { launcherFromArgs } from "../../src/launcher/launcherModel";
import { PACKAGE_ROOT } from "../../src/package/defaultParams";
import { tablePlotSpec } from "../../src/plot/tablePlot";
import { axisTitles, objectsWith, pixelsPerUnit, renderScales, unitsOf } from "./vegaTestKit";

const launcher = launcherFromArgs({ paramsFile: [path.join(PACKAGE_ROOT, "params", "shooter.yaml")], angle: undefined, magnus: true });
const config = launcher.config;
// More rows than a 10-colour categorical scheme has colours.
const table = buildTable(launcher, distanceRange(2.5, 8, 0.5)).json;

/** The concatenated panels of a table plot. */
function panels(spec: unknown): Record<string, unknown>[] {
  const concat = (spec as { concat?: Record<string, unknown>[] }).concat;
  if (concat === undefined) throw new Error("not a concatenation");
  return concat;
}

describe("table --plot", () => {
  it("puts the flights, wheel speed, exit speed and angles in panels of their own, one unit per axis", async () => {
    expect(table.rows.length).toBeGreaterThan(10);
    const spec = tablePlot(config, table);
    const { warnings } = await renderScales(spec);
    expect(warnings).toEqual([]);
    const units = panels(spec).map((panel) => {
      const titles = axisTitles(panel);
      const byAxis = titles.map(unitsOf);
      // Every axis title of the panel names exactly one unit, and every layer of it the same one.
      for (const units of byAxis) expect(units).toHaveLength(1);
      return [...new Set(byAxis.map((u) => u[0]))].sort();
    });
    expect(units).toEqual([["m"], ["m", "rad/s"], ["m", "m/s"], ["deg", "m"]]);
  });

  it("draws the flights at equal scale, each ending at its rim, every one in its own colour", async () => {
    const spec = tablePlot(config, table);
    const { svg, scales } = await renderScales(spec);
    expect(pixelsPerUnit(scales.concat_0_x)).toBeCloseTo(pixelsPerUnit(scales.concat_0_y), 9);
    // One line per row, each a different colour however many rows.
    const strokes = [...svg.matchAll(/<g class="mark-line role-mark concat_0_layer_0_marks"[^>]*>(.*?)<\/g>/g)].map((g) => /stroke="([^"]+)"/.exec(g[1] ?? "")?.[1]);
    expect(strokes).toHaveLength(table.rows.length);
    expect(new Set(strokes).size).toBe(table.rows.length);
    // A rim at each flight's end: centred on its distance, the model's rim radius either side, at rim height.
    const rims = objectsWith(spec, "x2").filter((r) => typeof r.target === "number");
    expect(rims.map((r) => r.target)).toEqual(table.rows.map((r) => r.distance_m));
    for (const r of rims) {
      expect((Number(r.x) + Number(r.x2)) / 2).toBeCloseTo(Number(r.target), 12);
      expect(Number(r.x2) - Number(r.x)).toBeCloseTo(2 * table.model.rim_radius_m, 12);
      expect(r.y).toBe(table.model.rim_height_m);
    }
  });

  it("gives the angles in degrees, launch and entry in two colours", async () => {
    const spec = tablePlot(config, table);
    const angles = objectsWith(spec, "angle");
    const launch = angles.filter((a) => a.which === "launch angle").map((a) => a.angle);
    expect(launch).toHaveLength(table.rows.length);
    table.rows.forEach((r, i) => expect(launch[i]).toBeCloseTo((r.launch_angle_rad * 180) / Math.PI, 10));
    const { scales } = await renderScales(spec);
    const colour = Object.entries(scales).find(([name, s]) => name.endsWith("color") && s.domain.includes("entry angle"))?.[1];
    expect(new Set(colour?.range.slice(0, colour.domain.length)).size).toBe(2);
  });

  it("refuses an empty table and a flight with mismatched samples", () => {
    expect(() => tablePlotSpec([], { radius_m: 0.225, height_m: 2.43 })).toThrow(/at least one row/);
    const row = { distance_m: 4, wheel_speed_radps: 300, exit_speed_mps: 8, launch_angle_rad: 1, entry_angle_rad: 0.8, trajectory: { x_m: [0, 1], z_m: [1] } };
    expect(() => tablePlotSpec([row], { radius_m: 0.225, height_m: 2.43 })).toThrow(/flight to 4 m has 2 x values but 1 heights/);
  });
});
