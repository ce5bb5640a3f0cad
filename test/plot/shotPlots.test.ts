import * as path from "node:path";
import { buildCourtMap, type CourtSpec } from "../../src/core/court/courtMap";
import { courtMapFromParameters } from "../../src/core/court/courtSchema";
import { PACKAGE_ROOT } from "../../src/package/defaultParams";
import { targetEstimationParametersFromFiles } from "../../src/nodes/target_estimation.schema";
import { flightsSpec, hitRateByDistanceSpec, OUTCOME_STYLE, SHOT_OUTCOMES, shotMapSpec, type HoopSide, type ShotOutcome, type SideFlight } from "../../src/plot/shotPlots";
import { proportion } from "../../src/sim/proportion";
import { axisTitles, objectsWith, partRows, pixelsPerUnit, renderScales, unitsOf } from "./vegaTestKit";

const courtOf = (file: string): CourtSpec => courtMapFromParameters(targetEstimationParametersFromFiles([path.join(PACKAGE_ROOT, "params", file)])).spec;

/** Every axis title names exactly one unit. */
function expectOneUnitPerAxis(spec: unknown): void {
  const titles = axisTitles(spec);
  expect(titles.length).toBeGreaterThan(0);
  for (const title of titles) expect({ title, units: unitsOf(title).length }).toEqual({ title, units: 1 });
}

describe("hit rate by distance", () => {
  // 7 of 10 at 2-3 m, none shot at 3-4 m, 20 of 20 at 4-5 m; the oracle makes one more in the first band.
  const bands = [
    { from_m: 2, to_m: 3, shots: 10, chain: proportion(7, 10), oracle: proportion(8, 10) },
    { from_m: 3, to_m: 4, shots: 0, chain: proportion(0, 0), oracle: proportion(0, 0) },
    { from_m: 4, to_m: 5, shots: 20, chain: proportion(20, 20), oracle: proportion(20, 20) },
  ];

  it("draws each rate with its 95 % interval on a 0-100 % axis, the oracle beside the chain, and the shots per band", async () => {
    const spec = hitRateByDistanceSpec(bands);
    const { svg, scales, warnings } = await renderScales(spec);
    expect(warnings).toEqual([]);
    // The rate panel's y axis as drawn: 0 to 100 %.
    expect(scales.concat_0_y?.domain).toEqual([0, 100]);
    // One point and one interval per band with shots, for the chain and the oracle, in percent.
    const rates = objectsWith(spec, "who");
    const expected = bands.flatMap((b) =>
      b.shots === 0
        ? []
        : [
            { who: "chain", rate: 100 * b.chain.rate, low: 100 * b.chain.low, high: 100 * b.chain.high, shots: b.shots },
            { who: "oracle", rate: 100 * b.oracle.rate, low: 100 * b.oracle.low, high: 100 * b.oracle.high, shots: b.shots },
          ],
    );
    expect(rates.map((r) => ({ who: r.who, rate: r.rate, low: r.low, high: r.high, shots: r.shots }))).toEqual(expected);
    // The interval is a rule from low to high.
    const interval = objectsWith(spec, "mark").find((l) => (l.mark as { type?: string }).type === "rule");
    expect(interval?.encoding).toMatchObject({ y: { field: "low" }, y2: { field: "high" } });
    // The oracle's mark stands beside the chain's, within the band.
    const [chain, oracle] = rates;
    expect(Number(oracle?.x)).toBeGreaterThan(Number(chain?.x));
    expect(Number(chain?.x)).toBeGreaterThan(2);
    expect(Number(oracle?.x)).toBeLessThan(3);
    // Counts: a bar and a label for every band, the empty one included.
    expect(objectsWith(spec, "label").map((c) => [c.shots, c.label])).toEqual([
      [10, "10"],
      [0, "0"],
      [20, "20"],
    ]);
    for (const label of ["10", "0", "20"]) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain("oracle");
    expectOneUnitPerAxis(spec);
  });

  it("shows the chain alone when no oracle is given", () => {
    const spec = hitRateByDistanceSpec(bands.map(({ oracle: _oracle, ...b }) => b));
    expect(new Set(objectsWith(spec, "who").map((r) => r.who))).toEqual(new Set(["chain"]));
  });

  it.each([
    [[], /at least one band/],
    [[{ from_m: 3, to_m: 3, shots: 1, chain: proportion(1, 1) }], /must end after it starts, got 3-3 m/],
    [[{ from_m: 2, to_m: 3, shots: -1, chain: proportion(0, 0) }], /integer >= 0, got -1 at 2-3 m/],
  ])("refuses bad bands (%#)", (given, message) => {
    expect(() => hitRateByDistanceSpec(given)).toThrow(message);
  });
});

describe("the shot map", () => {
  const oneOfEach = (court: CourtSpec) => SHOT_OUTCOMES.map((outcome, i) => ({ x: court.hoopX - 2 - 0.5 * i, y: 0.3 * i - 1, outcome }));

  it.each([["court_abu2025.yaml"], ["court_practice_example.yaml"]])("draws %s to scale, with its rims, boards and poles, and every outcome in the legend", async (file) => {
    const court = courtOf(file);
    const spec = shotMapSpec(court, oneOfEach(court));
    const { svg, scales, warnings } = await renderScales(spec);
    expect(warnings).toEqual([]);
    // Equal metres per pixel on x and y, and the whole fence inside the drawn domains.
    expect(pixelsPerUnit(scales.x)).toBeCloseTo(pixelsPerUnit(scales.y), 9);
    const [x0, x1] = scales.x?.domain as number[];
    const [y0, y1] = scales.y?.domain as number[];
    expect(x0).toBeLessThan(-court.length / 2);
    expect(x1).toBeGreaterThan(court.length / 2);
    expect(y0).toBeLessThan(-court.width / 2);
    expect(y1).toBeGreaterThan(court.width / 2);

    // The target rim: a circle of the rim's inner radius about the hoop; the second hoop's mirrored.
    const rim = partRows(spec, "rim_0");
    expect(rim.length).toBeGreaterThan(16);
    for (const p of rim) expect(Math.hypot(Number(p.x) - court.hoopX, Number(p.y) - court.hoopY)).toBeCloseTo(court.rimInnerDiameter / 2, 9);
    expect(partRows(spec, "rim_1").length).toBe(court.secondHoop ? rim.length : 0);
    // The boards: segments of the board's width, their centre the offset behind the rim against the facing.
    const boards = partRows(spec, "backboard");
    expect(boards).toHaveLength(court.secondHoop ? 2 : 1);
    const board = boards[0] ?? {};
    expect(Math.hypot(Number(board.x2) - Number(board.x), Number(board.y2) - Number(board.y))).toBeCloseTo(court.backboardWidth, 9);
    const centre = { x: (Number(board.x) + Number(board.x2)) / 2, y: (Number(board.y) + Number(board.y2)) / 2 };
    expect(centre.x).toBeCloseTo(court.hoopX - court.backboardOffset * Math.cos(court.hoopFacing), 9);
    expect(centre.y).toBeCloseTo(court.hoopY - court.backboardOffset * Math.sin(court.hoopFacing), 9);
    // The poles: circles of the pole's radius where the court map puts them.
    const poleCentres = buildCourtMap(court).landmarks;
    expect(poleCentres).toHaveLength(court.secondHoop ? 2 : 1);
    for (const landmark of poleCentres) {
      const pole = objectsWith(spec, "part").filter((p) => p.part === landmark.name);
      expect(pole.length).toBeGreaterThan(16);
      for (const p of pole) expect(Math.hypot(Number(p.x) - landmark.position.x, Number(p.y) - landmark.position.y)).toBeCloseTo(court.poleRadius, 9);
    }

    // Outcomes: one colour and one shape each, all distinct, every one in the legend.
    expect(scales.color?.domain).toEqual([...SHOT_OUTCOMES]);
    expect(scales.shape?.domain).toEqual([...SHOT_OUTCOMES]);
    expect(new Set(scales.color?.range).size).toBe(SHOT_OUTCOMES.length);
    expect(new Set(scales.shape?.range).size).toBe(SHOT_OUTCOMES.length);
    SHOT_OUTCOMES.forEach((o, i) => {
      expect(scales.color?.range[i]).toBe(OUTCOME_STYLE[o].colour);
      expect(svg).toContain(`>${o}</text>`);
    });
    expect(objectsWith(spec, "outcome").map((s) => s.outcome)).toEqual([...SHOT_OUTCOMES]);
    expectOneUnitPerAxis(spec);
  });

  it("keeps every outcome in the legend when a run has only makes", async () => {
    const court = courtOf("court_abu2025.yaml");
    const { svg } = await renderScales(shotMapSpec(court, [{ x: 3, y: 0, outcome: "made" }]));
    for (const o of SHOT_OUTCOMES) expect(svg).toContain(`>${o}</text>`);
  });
});

describe("flights from the side", () => {
  const hoop: HoopSide = { rimRadius: 0.2275, rimHeight: 2.43, boardOffset: 0.375, boardBottom: 2.28, boardHeight: 1.05 };
  /** A parabola from `distance` m out at 1 m height to rim height `end` m short of the rim centre, rising 2 m above the chord, n samples. */
  const flight = (outcome: ShotOutcome, distance: number, end: number, n = 100): SideFlight => {
    const toRim = Array.from({ length: n }, (_, i) => distance - ((distance - end) * i) / (n - 1));
    const apex = 2;
    const span = distance - end;
    const height = toRim.map((d) => {
      const s = (distance - d) / span;
      return 1 + (hoop.rimHeight - 1) * s + apex * 4 * s * (1 - s);
    });
    return { outcome, toRim_m: toRim, height_m: height };
  };

  it("draws makes and misses coloured by outcome, both rim edges at rim height and the board, at equal scale", async () => {
    const flights = [flight("made", 4, 0), flight("short", 3, 0.2), flight("long", 5, -0.2), flight("wide left", 6, 0.05), flight("wide right", 2.5, 0)];
    const spec = flightsSpec(flights, hoop);
    const { svg, scales, warnings } = await renderScales(spec);
    expect(warnings).toEqual([]);
    expect(pixelsPerUnit(scales.x)).toBeCloseTo(pixelsPerUnit(scales.y), 9);
    // The y axis from the floor; every flight and the board's top inside.
    expect((scales.y?.domain as number[])[0]).toBe(0);
    expect((scales.y?.domain as number[])[1]).toBeGreaterThan(hoop.boardBottom + hoop.boardHeight);
    // Rim edges: one each side of the rim centre, at rim height.
    const edges = partRows(spec, "rim edge").map((p) => [p.x, p.y]);
    expect(edges).toEqual([
      [-hoop.rimRadius, hoop.rimHeight],
      [hoop.rimRadius, hoop.rimHeight],
    ]);
    // The board: its face the offset behind the rim centre, from its lower edge to its top.
    expect(partRows(spec, "backboard")).toEqual([{ x: -hoop.boardOffset, y: hoop.boardBottom, y2: hoop.boardBottom + hoop.boardHeight, part: "backboard" }]);
    // Every flight drawn, coloured by its outcome, in the legend.
    const drawn = objectsWith(spec, "flight");
    expect([...new Set(drawn.map((p) => p.outcome))]).toEqual(flights.map((f) => f.outcome));
    for (const f of flights) {
      expect(scales.color?.range[(scales.color.domain as string[]).indexOf(f.outcome)]).toBe(OUTCOME_STYLE[f.outcome].colour);
      expect(svg).toContain(`>${f.outcome}</text>`);
    }
    expectOneUnitPerAxis(spec);
  });

  it("thins many flights to a few of each outcome and long flights to a few points, keeping where each ends", () => {
    const flights = [...Array.from({ length: 9 }, (_, i) => flight("made", 3 + 0.3 * i, 0, 200)), flight("short", 4, 0.2, 200)];
    const spec = flightsSpec(flights, hoop, { maxPerOutcome: 3, maxPoints: 25 });
    const drawn = objectsWith(spec, "flight");
    const byFlight = new Map<unknown, Record<string, unknown>[]>();
    for (const p of drawn) byFlight.set(p.flight, [...(byFlight.get(p.flight) ?? []), p]);
    expect([...byFlight.values()].map((points) => points[0]?.outcome)).toEqual(["made", "made", "made", "short"]);
    [...byFlight.values()].forEach((points, i) => {
      const source = i < 3 ? flights[i] : flights[9];
      expect(points.length).toBeLessThanOrEqual(25);
      expect(points.length).toBeGreaterThan(10);
      expect(points.at(-1)?.x).toBe(source?.toRim_m.at(-1));
      expect(points.at(-1)?.y).toBe(source?.height_m.at(-1));
    });
  });

  it("refuses a flight whose distances and heights differ in number", () => {
    expect(() => flightsSpec([{ outcome: "made", toRim_m: [3, 2], height_m: [1] }], hoop)).toThrow(/2 distances but 1 heights/);
  });
});
