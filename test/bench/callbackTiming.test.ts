import { ownWork, timeCallbacks } from "../../src/bench/callback.bench";

describe("ownWork: the slowest callback's own work over runs fed the same readings", () => {
  const phases = ["a", "b", "c"];
  it.each([
    {
      name: "a spike in one run only is left out",
      works: [
        [0.1, 5.0, 0.2],
        [0.1, 0.3, 0.2],
        [0.1, 0.3, 0.25],
      ],
      time: 0.3,
      index: 1,
    },
    {
      name: "a callback slow in every run is kept, at its least time",
      works: [
        [0.1, 0.2, 3.0],
        [4.0, 0.2, 2.5],
        [0.1, 0.2, 2.8],
      ],
      time: 2.5,
      index: 2,
    },
    { name: "one run is its own least", works: [[0.4, 0.9, 0.1]], time: 0.9, index: 1 },
  ])("$name", ({ works, time, index }) => {
    const own = ownWork(works.map((w) => ({ works: w, phases })));
    expect(own.time).toBe(time);
    expect(own.index).toBe(index);
    expect(own.phase).toBe(phases[index]);
    expect(own.times).toEqual(works.map((w) => w[index]));
  });

  it("refuses runs that made different callbacks, and no runs", () => {
    expect(() => ownWork([{ works: [1, 2], phases }, { works: [1], phases }])).toThrow("different callbacks: 1 and 2");
    expect(() => ownWork([])).toThrow("at least one run");
  });
});

describe("timeCallbacks", () => {
  it("makes the same callbacks in the same phases for the same seed (what ownWork relies on), and starts", () => {
    const first = timeCallbacks(100);
    const second = timeCallbacks(100);
    expect(second.callbacks).toBe(first.callbacks);
    expect(second.phases).toEqual(first.phases);
    expect(first.startTime).toBeLessThan(5);
    // The push gates the estimate: some callback after it runs without a valid estimate, so a search ran there.
    expect(first.phases.some((p) => p.includes("pushed") && p.includes("no valid estimate"))).toBe(true);
  });
});
