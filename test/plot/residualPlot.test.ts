import * as fs from "node:fs";
import * as path from "node:path";
import { residualPoints } from "../../src/cli/calibrate";
import { launcherFromArgs } from "../../src/launcher/launcherModel";
import { fitLaunchCalibration } from "../../src/core/calibration/fitLaunchCalibration";
import { parseShotsCsv } from "../../src/core/calibration/parseShotsCsv";
import { PACKAGE_ROOT } from "../../src/package/defaultParams";
import { residualPlotSpec, type ResidualPoint } from "../../src/plot/residualPlot";
import { axisTitles, objectsWith, renderScales, unitsOf } from "./vegaTestKit";

const points: ResidualPoint[] = [
  { distance_m: 3, residual_m: 0.02, sigma_m: 0.03, observation: "measured miss", line: 7 },
  { distance_m: 4, residual_m: -0.01, sigma_m: 0.05, observation: "made", line: 8 },
  { distance_m: 5, residual_m: 0.3, sigma_m: 0.04, observation: "measured miss", line: 9 },
  { distance_m: 6, residual_m: -0.04, sigma_m: 0.05, observation: "long", line: 10 },
];

describe("calibrate --plot", () => {
  it("draws each residual in metres against distance with a +-1 sigma bar, and a zero line", async () => {
    const spec = residualPlotSpec(points);
    const { svg, warnings } = await renderScales(spec);
    expect(warnings).toEqual([]);
    const bars = objectsWith(spec, "low");
    expect(bars.map((b) => [b.distance, b.low, b.high])).toEqual(points.map((p) => [p.distance_m, p.residual_m - p.sigma_m, p.residual_m + p.sigma_m]));
    const bar = objectsWith(spec, "mark").find((l) => (l.encoding as { y2?: { field?: string } } | undefined)?.y2?.field === "high");
    expect(bar?.encoding).toMatchObject({ y: { field: "low" }, y2: { field: "high" } });
    const zeroLine = objectsWith(spec, "mark").find((l) => (l.encoding as { y?: { field?: string } } | undefined)?.y?.field === "zero");
    expect(zeroLine?.data).toEqual({ values: [{ zero: 0 }] });
    for (const title of axisTitles(spec)) expect(unitsOf(title)).toEqual(["m"]);
    for (const observation of ["measured miss", "made", "long"]) expect(svg).toContain(`>${observation}</text>`);
    // No outlier test ran: nothing is marked.
    expect(svg).not.toContain("outlier");
  });

  it("rings and names the shots an outlier test flagged", async () => {
    const flagged = points.map((p) => ({ ...p, outlier: p.line === 9 }));
    const spec = residualPlotSpec(flagged);
    const { svg, warnings } = await renderScales(spec);
    expect(warnings).toEqual([]);
    const ring = objectsWith(spec, "mark").find((l) => (l.encoding as { stroke?: { field?: string } } | undefined)?.stroke?.field === "flag");
    expect((ring?.data as { values: { line: number }[] }).values.map((r) => r.line)).toEqual([9]);
    expect(svg).toContain(">line 9</text>");
    expect(svg).toContain(">outlier</text>");
    expect(svg).not.toContain(">line 7</text>");
  });

  it("refuses a residual without a positive sigma", () => {
    expect(() => residualPlotSpec([{ ...points[0]!, sigma_m: 0 }])).toThrow(/sigma must be a finite number > 0 m, got 0 at 3 m/);
  });

  it("takes the fit's residuals in metres: predicted minus measured miss, with the sigma the fit used", () => {
    const file = path.join(PACKAGE_ROOT, "docs", "examples", "test_shots.csv");
    const shots = parseShotsCsv(fs.readFileSync(file, "utf8"), file);
    const config = launcherFromArgs({ paramsFile: [path.join(PACKAGE_ROOT, "params", "shooter.yaml")], angle: undefined, magnus: true }).config;
    if (config.launch.mode !== "fixed") throw new Error("the shipped launcher is expected to be fixed");
    const missSigma = 0.02;
    const outcomeSigma = 0.05;
    const fit = fitLaunchCalibration(shots, { ballistics: config.model, wheel: config.wheel, launchAngle_rad: config.launch.angle_rad }, { missSigma_m: missSigma, outcomeSigma_m: outcomeSigma });
    const plotted = residualPoints(fit, new Set([13]));
    expect(plotted).toHaveLength(shots.length);
    plotted.forEach((p, i) => {
      const r = fit.residuals[i]!;
      expect(p.distance_m).toBe(r.shot.distance_m);
      expect(p.line).toBe(r.shot.line);
      expect(p.outlier).toBe(r.shot.line === 13);
      if (r.shot.miss_m !== undefined) {
        expect(p.observation).toBe("measured miss");
        expect(p.sigma_m).toBe(missSigma);
        expect(p.residual_m).toBeCloseTo(r.predictedMiss_m - r.shot.miss_m, 12);
      } else {
        expect(p.observation).toBe(r.shot.outcome);
        expect(p.sigma_m).toBe(outcomeSigma);
        expect(p.residual_m).toBeCloseTo(r.residual * outcomeSigma, 12);
      }
    });
    expect(plotted.some((p) => p.observation !== "measured miss")).toBe(true);
    // Without an outlier test, no point carries the flag.
    expect(residualPoints(fit).every((p) => !("outlier" in p))).toBe(true);
  });
});
