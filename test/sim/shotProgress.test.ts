import { formatProgressLine, realtimeText, ShotProgress, type ShotCounts } from "../../src/sim/shotProgress";

/** A non-terminal stream (a CI log) that keeps its lines. */
function logStream(): { write(text: string): boolean; lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    write(text: string) {
      lines.push(...text.split("\n").filter((line) => line !== ""));
      return true;
    },
  };
}

const counts = (over: Partial<ShotCounts>): ShotCounts => ({ calibrationDone: 0, calibrationTotal: 10, scoredDone: 0, scoredTotal: 200, made: 0, simTime_s: 0, wallTime_s: 0, ...over });

describe("ShotProgress off a terminal", () => {
  it("prints a line at most every 5 s of the injected clock and one at the end, with the report's counts", () => {
    let now = 100;
    const stream = logStream();
    const progress = new ShotProgress(stream, { now: () => now });
    progress.start(counts({}));
    // [wall clock, counts]: the updates of a run; only those 5 s after the last line print.
    const updates: [number, Partial<ShotCounts>][] = [
      [101, { calibrationDone: 1, simTime_s: 5, wallTime_s: 1 }],
      [104.9, { calibrationDone: 9, simTime_s: 45, wallTime_s: 4.9 }],
      [105, { calibrationDone: 10, simTime_s: 50, wallTime_s: 5 }],
      [106, { calibrationDone: 10, scoredDone: 1, made: 1, simTime_s: 55, wallTime_s: 6 }],
      [109.99, { calibrationDone: 10, scoredDone: 5, made: 4, simTime_s: 80, wallTime_s: 9.99 }],
      [112, { calibrationDone: 10, scoredDone: 8, made: 6, simTime_s: 96, wallTime_s: 12 }],
      [113, { calibrationDone: 10, scoredDone: 9, made: 6, simTime_s: 100, wallTime_s: 13 }],
    ];
    for (const [t, c] of updates) {
      now = t;
      progress.update(counts(c));
    }
    now = 113.5;
    progress.finish(counts({ calibrationDone: 10, scoredDone: 200, made: 166, simTime_s: 1061, wallTime_s: 53.2 }));
    expect(stream.lines).toEqual([
      "sim: 10 test shots, then 200 scored shots; progress every 5 s",
      "sim: test shots 10/10, scored shots 0/200, made 0; 50 s simulated in 5 s, 10x real time",
      "sim: test shots 10/10, scored shots 8/200, made 6 (75.0 %); 96 s simulated in 12 s, 8x real time",
      "sim: test shots 10/10, scored shots 200/200, made 166 (83.0 %); 1061 s simulated in 53 s, 20x real time (done)",
    ]);
  });

  it.each([
    [1, 10],
    [2.5, 4],
  ])("with interval %p s prints %p lines over 10 s of updates every 0.1 s, then the end", (interval, lines) => {
    let now = 0;
    const stream = logStream();
    const progress = new ShotProgress(stream, { now: () => now, interval_s: interval });
    for (let k = 1; k <= 100; k++) {
      now = k * 0.1;
      progress.update(counts({ calibrationDone: 10, scoredDone: k, made: k, simTime_s: k, wallTime_s: now }));
    }
    progress.finish(counts({ scoredDone: 100 }));
    expect(stream.lines).toHaveLength(lines + 1);
  });

  it("refuses an interval that is not positive", () => {
    expect(() => new ShotProgress(logStream(), { now: () => 0, interval_s: 0 })).toThrow(/interval_s must be > 0 s, got 0/);
  });
});

describe("ShotProgress in a terminal", () => {
  it("draws the cli-progress bar over the test shots, then over the scored shots, with made of the scored", () => {
    let drawn = "";
    const terminal = {
      isTTY: true,
      columns: 200,
      write(text: string) {
        drawn += text;
        return true;
      },
    };
    const progress = new ShotProgress(terminal, { now: () => 0 });
    progress.start(counts({}));
    expect(drawn).toMatch(/sim test shots \[[^\]]*\] 0\/10 \| made 0 of 0 scored \| real time -/);
    progress.finish(counts({ calibrationDone: 10, scoredDone: 200, made: 166, simTime_s: 1061, wallTime_s: 53 }));
    expect(drawn).toMatch(/sim scored shots \[[^\]]*\] 200\/200 \| made 166 of 200 scored \| 20x real time/);
    expect(drawn).not.toMatch(/210/);
  });
});

describe("the progress line", () => {
  it.each<[string, Partial<ShotCounts>, string]>([
    ["no time yet", {}, "real time -"],
    ["no wall time", { simTime_s: 3, wallTime_s: 0 }, "real time -"],
    ["no simulated time", { simTime_s: 0, wallTime_s: 2 }, "real time -"],
    ["both clocks", { simTime_s: 300, wallTime_s: 12 }, "25x real time"],
  ])("realtime: %s", (_, c, text) => {
    expect(realtimeText(counts(c))).toBe(text);
    expect(formatProgressLine(counts(c))).not.toMatch(/NaN|Infinity/);
  });

  it("counts made of the scored shots only, as the report does", () => {
    expect(formatProgressLine(counts({ calibrationDone: 10, scoredDone: 4, made: 3, simTime_s: 60, wallTime_s: 3 }))).toBe(
      "sim: test shots 10/10, scored shots 4/200, made 3 (75.0 %); 60 s simulated in 3 s, 20x real time",
    );
  });
});
