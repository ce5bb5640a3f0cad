import * as path from "node:path";
import { buildCourtMap, COURT_SPEC_PARAMETERS, validateClosedFence, type Surface } from "../../../src/core/court/courtMap";
import { courtMapFromParameters, courtSchema, defaultCourtMap } from "../../../src/core/court/courtSchema";
import type { ParameterValue } from "../../../src/core/parameters/schema";
import { loadParamsFile } from "../../../src/runtime/paramsFile";

const loadFlatParams = (file: string, node: string): Record<string, ParameterValue> => loadParamsFile(file, node) as Record<string, ParameterValue>;

const paramsDir = path.resolve(__dirname, "..", "..", "..", "params");

describe("the CourtSpec <-> parameter table", () => {
  it("names every court.* parameter but court.second_hoop, each once", () => {
    const keys = Object.values(COURT_SPEC_PARAMETERS).map((entry) => entry.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys, "court.second_hoop"].sort()).toEqual(Object.keys(courtSchema).sort());
  });
});

describe("court params files", () => {
  it("court_abu2025.yaml sets every court parameter, each equal to its documented default", () => {
    const values = loadFlatParams(path.join(paramsDir, "court_abu2025.yaml"), "target_estimation");
    expect(Object.keys(values).sort()).toEqual(Object.keys(courtSchema).sort());
    for (const [key, descriptor] of Object.entries(courtSchema)) {
      expect([key, values[key]]).toEqual([key, descriptor.default]);
    }
  });

  it("court_abu2025.yaml gives the docs/domain.md court: 15 m x 8 m, rim 2.43 m, hoop 1.575 m in from the end", () => {
    const map = courtMapFromParameters(loadFlatParams(path.join(paramsDir, "court_abu2025.yaml"), "target_estimation"));
    expect([map.spec.length, map.spec.width, map.rimHeight]).toEqual([15, 8, 2.43]);
    expect(map.spec.length / 2 - map.hoop.x).toBeCloseTo(1.575, 12);
    expect(map.surfaces.map((s) => s.name)).toEqual(["fence_right", "fence_far", "fence_left", "fence_near", "backboard", "pole", "backboard_2", "pole_2"]);
  });

  it("the practice court is a different court from the same code", () => {
    const map = courtMapFromParameters(loadFlatParams(path.join(paramsDir, "court_practice_example.yaml"), "target_estimation"));
    expect([map.spec.length, map.spec.width]).toEqual([12, 7]);
    const board = map.surfaces.find((s) => s.name === "backboard");
    // The board faces -y, so it lies 0.375 m behind the rim towards +y, 1.8 m wide along x.
    expect(board?.kind).toBe("segment");
    if (board?.kind === "segment") {
      expect(board.a.y).toBeCloseTo(1.925 + 0.375, 12);
      expect(board.b.y).toBeCloseTo(1.925 + 0.375, 12);
      expect(Math.abs(board.a.x - board.b.x)).toBeCloseTo(1.8, 12);
    }
    expect(map.landmarks).toHaveLength(1);
  });

  it("every schema entry is documented with a unit and a description", () => {
    for (const [key, d] of Object.entries(courtSchema)) {
      expect([key, d.description.length > 10]).toEqual([key, true]);
      expect([key, d.type === "bool" || d.unit.length > 0]).toEqual([key, true]);
    }
  });
});

describe("court validation names the key and the value", () => {
  it.each([
    ["court.length", -15, /court\.length.*-15/],
    ["court.width", 0, /court\.width.*0/],
    ["court.hoop.x", 9, /court\.hoop\.x = 9 .*outside the court/],
    ["court.hoop.y", -4.5, /court\.hoop\.y = -4\.5 .*outside the court/],
    ["court.pole.radius", 0, /court\.pole\.radius.*0/],
    ["court.backboard.width", "wide", /court\.backboard\.width must be a number, got "wide"/],
    ["court.fence.height", Number.NaN, /court\.fence\.height.*NaN/],
    ["court.second_hoop", 1, /court\.second_hoop must be a bool, got 1/],
    ["court.hop.x", 5, /court\.hop\.x is not a court parameter/],
  ])("%s = %p is refused", (key, value, message) => {
    expect(() => courtMapFromParameters({ [key]: value })).toThrow(message);
  });

  it("a hoop at the centre of a two-hoop court is refused (the mirror hoop would coincide)", () => {
    expect(() => courtMapFromParameters({ "court.hoop.x": 0, "court.pole.x": 0.5 })).toThrow(/court\.second_hoop.*court\.hoop\.x = 0/);
  });

  it("a fence that does not close is refused with the gap", () => {
    const seg = (name: string, ax: number, ay: number, bx: number, by: number): Surface => ({ kind: "segment", name, a: { x: ax, y: ay }, b: { x: bx, y: by }, zMin: 0, zMax: 0.1 });
    const open = [seg("s1", 0, 0, 1, 0), seg("s2", 1, 0, 1, 1), seg("s3", 1, 1, 0, 1.5), seg("s4", 0, 1, 0, 0)];
    expect(() => validateClosedFence(open)).toThrow(/not closed: s3 ends 0\.5 m away from where s4 starts/);
    const clockwise = [seg("s1", 0, 0, 0, 1), seg("s2", 0, 1, 1, 1), seg("s3", 1, 1, 1, 0), seg("s4", 1, 0, 0, 0)];
    expect(() => validateClosedFence(clockwise)).toThrow(/positive area/);
  });

  it("the default court's fence is closed and matches its length and width", () => {
    const map = defaultCourtMap();
    expect(() => validateClosedFence(map.fence)).not.toThrow();
    expect(() => buildCourtMap({ ...map.spec, rimHeight: -1 })).toThrow(/court\.hoop\.rim_height.*-1/);
  });
});
