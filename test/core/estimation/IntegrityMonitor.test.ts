import { censoredChiSquareMoments, IntegrityMonitor } from "../../../src/core/estimation/IntegrityMonitor";
import { SeededRandom } from "../../../src/core/random/SeededRandom";

const GATE = 6.63;

/** Fraction of `windows` independent full windows (20 corrections) of 1-dof innovations `scale` times wider than claimed that fail, at `z`. */
function windowFailureRate(scale: number, windows: number, seed: number, z: number): number {
  const rng = new SeededRandom(seed);
  let failures = 0;
  for (let w = 0; w < windows; w++) {
    const monitor = new IntegrityMonitor({ window: 20, z, minFailingInputs: 1 });
    let failure;
    for (let i = 0; i < 20; i++) failure = monitor.add("left", (scale * rng.gaussian()) ** 2, 1, GATE);
    if (failure !== undefined) failures++;
  }
  return failures / windows;
}

/**
 * Fraction of `windows` full windows failing when each window's 20 unit innovations share one
 * bias: the variance splits into `share` systematic (the bias, drawn once per window, times
 * `biasScale`) and 1 - share white; the monitor is told `toldShare`.
 */
function biasedWindowFailureRate(share: number, biasScale: number, toldShare: number, windows: number, seed: number): number {
  const rng = new SeededRandom(seed);
  let failures = 0;
  for (let w = 0; w < windows; w++) {
    const monitor = new IntegrityMonitor({ window: 20, z: 4.264891, minFailingInputs: 1 });
    const bias = biasScale * Math.sqrt(share) * rng.gaussian();
    let failure;
    for (let i = 0; i < 20; i++) failure = monitor.add("left", (bias + Math.sqrt(1 - share) * rng.gaussian()) ** 2, 1, 1e6, toldShare);
    if (failure !== undefined) failures++;
  }
  return failures / windows;
}

describe("censoredChiSquareMoments", () => {
  it.each([
    [1, 6.63],
    [2, 9.21],
    [1, 1],
  ])("match seeded samples of min(chi-square (%p dof), gate %p)", (k, gate) => {
    const rng = new SeededRandom(17);
    const samples = Array.from({ length: 200000 }, () => {
      let x = 0;
      for (let i = 0; i < k; i++) x += rng.gaussian() ** 2;
      return Math.min(x, gate);
    });
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / samples.length;
    const moments = censoredChiSquareMoments(k, gate);
    expect(Math.abs(moments.mean - mean)).toBeLessThan(0.01);
    expect(Math.abs(moments.variance / variance - 1)).toBeLessThan(0.02);
  });
});

describe("IntegrityMonitor (windowed NIS, gated corrections counted at the gate)", () => {
  it("a consistent filter fails a full window about as often as z says: at z 3.09 (0.1 %), between 0.02 % and 0.3 % of 5000", () => {
    const rate = windowFailureRate(1, 5000, 1, 3.090232);
    expect(rate).toBeGreaterThanOrEqual(0.0002);
    expect(rate).toBeLessThanOrEqual(0.003);
  });

  it("at the shipped z (4.26) fails more windows the worse the filter explains the input: 1.5x, 2x, 4x wider innovations", () => {
    const rates = [1.5, 2, 4].map((scale, i) => windowFailureRate(scale, 2000, 10 + i, 4.264891));
    expect(rates[1]).toBeGreaterThan(rates[0] ?? 1);
    expect(rates[2]).toBeGreaterThan(rates[1] ?? 1);
    expect(rates[2]).toBeGreaterThan(0.9);
  });

  it.each([
    // share, bias x its budget, share told, [lowest, highest] failure rate over 4000 windows.
    // Untold, a bias within budget fails some 6 % of windows where the shipped z means 1 in 100 000;
    // told, almost none; a bias four times its budget still fails over a fifth of them.
    [0.75, 1, 0, 0.03, 1],
    [0.75, 1, 0.75, 0, 0.002],
    [0.75, 4, 0.75, 0.2, 1],
  ])(
    "a bias shared by a window's readings (share %p of the variance, %px its budget; told share %p) fails the window at a rate in [%p, %p]",
    (share, biasScale, toldShare, low, high) => {
      const rate = biasedWindowFailureRate(share, biasScale, toldShare, 4000, 31);
      expect(rate).toBeGreaterThanOrEqual(low);
      expect(rate).toBeLessThanOrEqual(high);
    },
  );

  it("a window whose readings sit at the gate (a wrong pose) fails whatever its share; one just under the cap passes", () => {
    const atGate = new IntegrityMonitor({ window: 20, z: 4.264891, minFailingInputs: 1 });
    let failure;
    for (let i = 0; i < 20; i++) failure = atGate.add("left", 50, 1, GATE, 0.9);
    expect(failure?.inputs).toEqual(["left"]);
    const underCap = new IntegrityMonitor({ window: 20, z: 4.264891, minFailingInputs: 1 });
    for (let i = 0; i < 20; i++) failure = underCap.add("left", 0.75 * GATE, 1, GATE, 0.9);
    expect(failure).toBeUndefined();
  });

  it("rejects a systematic share outside [0, 1), naming the input", () => {
    const monitor = new IntegrityMonitor({ window: 5, z: 4.264891, minFailingInputs: 1 });
    expect(() => monitor.add("left", 1, 1, GATE, 1)).toThrow("systematicShare must be in [0, 1), got 1 for left");
  });

  it("one input failing alone (an obstacle in its ray) is not a suspect estimate; a second one failing with it is, naming both", () => {
    const monitor = new IntegrityMonitor({ window: 5, z: 4.264891, minFailingInputs: 2 });
    for (let i = 0; i < 5; i++) expect(monitor.add("left", 40, 1, GATE)).toBeUndefined();
    expect(monitor.failingInputs()).toEqual(["left"]);
    for (let i = 0; i < 4; i++) expect(monitor.add("rear_fence", 0.5, 1, GATE)).toBeUndefined();
    expect(monitor.add("rear_fence", 0.5, 1, GATE)).toBeUndefined();
    expect(monitor.passingWindows()).toBe(1);
    for (let i = 0; i < 4; i++) monitor.add("right", 7, 1, GATE);
    const failure = monitor.add("right", 7, 1, GATE);
    expect(failure?.inputs).toEqual(["left", "right"]);
    expect(failure?.message).toMatch(/^2 inputs fail their windowed NIS test at once \(left: mean NIS 6\.63 per dof over its last 5 corrections, above \d\.\d\d; right: mean NIS 6\.63/);
    monitor.reset();
    expect(monitor.failingInputs()).toEqual([]);
    expect(monitor.passingWindows()).toBe(0);
  });

  it("an input that recovers stops failing", () => {
    const monitor = new IntegrityMonitor({ window: 5, z: 4.264891, minFailingInputs: 2 });
    for (let i = 0; i < 5; i++) monitor.add("left", 40, 1, GATE);
    for (let i = 0; i < 5; i++) monitor.add("left", 0.3, 1, GATE);
    expect(monitor.failingInputs()).toEqual([]);
    expect(monitor.passingWindows()).toBe(1);
  });

  it.each([
    [{ window: 1, z: 3, minFailingInputs: 2 }, "window must be an integer >= 2, got 1"],
    [{ window: 20, z: 0, minFailingInputs: 2 }, "z must be a finite number > 0, got 0"],
    [{ window: 20, z: 3, minFailingInputs: 0 }, "minFailingInputs must be an integer >= 1, got 0"],
  ])("rejects %p", (options, message) => {
    expect(() => new IntegrityMonitor(options)).toThrow(message);
  });

  it("rejects a NaN NIS with the input in the message", () => {
    expect(() => new IntegrityMonitor({ window: 5, z: 3, minFailingInputs: 2 }).add("left", Number.NaN, 1, GATE)).toThrow(/got nis=NaN, dof=1, gate=6.63 for left/);
  });
});
