import { IntegrityMonitor } from "../../../src/core/estimation/IntegrityMonitor";
import { SeededRandom } from "../../../src/core/random/SeededRandom";

/** NIS of a 1-dof correction whose innovation has `scale` times the standard deviation the filter claims, as the 6.63 gate lets them through. */
function gatedNis(rng: SeededRandom, scale: number, gate = 6.63): number {
  for (;;) {
    const nis = (scale * rng.gaussian()) ** 2;
    if (nis < gate) return nis;
  }
}

/** Fraction of `windows` independent full windows (20 corrections, z 3.09) of innovations `scale` times wider than claimed that fail. */
function windowFailureRate(scale: number, windows: number, seed: number): number {
  const rng = new SeededRandom(seed);
  let failures = 0;
  for (let w = 0; w < windows; w++) {
    const monitor = new IntegrityMonitor({ window: 20, z: 3.090232 });
    let failure;
    for (let i = 0; i < 20; i++) failure = monitor.add("left", gatedNis(rng, scale), 1, 6.63);
    if (failure !== undefined) failures++;
  }
  return failures / windows;
}

describe("IntegrityMonitor (windowed NIS of the corrections the gate let through)", () => {
  it("a consistent filter fails a full window about as often as z 3.09 says (0.1 %): between 0.02 % and 0.3 % of 5000", () => {
    const rate = windowFailureRate(1, 5000, 1);
    expect(rate).toBeGreaterThanOrEqual(0.0002);
    expect(rate).toBeLessThanOrEqual(0.003);
  });

  it("fails more windows the worse the filter explains the input: 1.5x, 2x, 4x wider innovations", () => {
    const rates = [1.5, 2, 4].map((scale, i) => windowFailureRate(scale, 2000, 10 + i));
    expect(rates[0]).toBeGreaterThan(0.01);
    expect(rates[1]).toBeGreaterThan(rates[0] ?? 1);
    expect(rates[2]).toBeGreaterThan(rates[1] ?? 1);
    expect(rates[2]).toBeGreaterThan(0.5);
  });

  it("does not judge before a window is full, and says which input failed with its numbers", () => {
    const monitor = new IntegrityMonitor({ window: 5, z: 3.090232 });
    for (let i = 0; i < 4; i++) expect(monitor.add("rear_fence", 6, 1, 6.63)).toBeUndefined();
    expect(monitor.fullWindows()).toBe(0);
    const failure = monitor.add("rear_fence", 6, 1, 6.63);
    expect(failure).toMatchObject({ input: "rear_fence", meanNis: 6 });
    expect(failure?.message).toMatch(/^rear_fence: mean NIS 6\.00 per dof over its last 5 accepted corrections, above \d\.\d\d/);
    expect(monitor.fullWindows()).toBe(1);
    monitor.reset();
    expect(monitor.fullWindows()).toBe(0);
  });

  it.each([
    [{ window: 1, z: 3 }, "window must be an integer >= 2, got 1"],
    [{ window: 20, z: 0 }, "z must be a finite number > 0, got 0"],
  ])("rejects %p", (options, message) => {
    expect(() => new IntegrityMonitor(options)).toThrow(message);
  });

  it("rejects a NaN NIS with the input in the message", () => {
    expect(() => new IntegrityMonitor({ window: 5, z: 3 }).add("left", Number.NaN, 1, 6.63)).toThrow(/got nis=NaN, dof=1, gate=6.63 for left/);
  });
});
