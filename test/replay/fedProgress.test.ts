import { FedProgress } from "../../src/replay/fedProgress";

/** Runs updates at the given clock times and returns what was written. */
function written(terminal: boolean, updates: readonly (readonly [number, number])[]): string {
  let now = 0;
  let out = "";
  const progress = new FedProgress((text) => (out += text), terminal, () => now);
  for (const [time, messages] of updates) {
    now = time;
    progress.update(messages);
  }
  progress.finish();
  return out;
}

describe("replay's progress (FedProgress)", () => {
  it.each([
    { what: "off a terminal, nothing before 5 s", terminal: false, updates: [[1, 200], [4.9, 400]] as const, expected: "" },
    {
      what: "off a terminal, a line at most every 5 s, each on its own line",
      terminal: false,
      updates: [[2, 200], [5, 400], [6, 600], [9.9, 800], [10, 1000], [16, 1200]] as const,
      expected: "replay: 400 messages fed\nreplay: 1000 messages fed\nreplay: 1200 messages fed\n",
    },
    { what: "in a terminal, every update redrawn in place, the line ended at the finish", terminal: true, updates: [[0.1, 200], [0.2, 400]] as const, expected: "\r  200 messages fed\r  400 messages fed\n" },
    { what: "in a terminal with no update, nothing at all", terminal: true, updates: [] as const, expected: "" },
  ])("$what", ({ terminal, updates, expected }) => {
    expect(written(terminal, updates)).toBe(expected);
  });

  it("refuses a spacing that is not positive, naming it", () => {
    expect(() => new FedProgress(() => undefined, false, () => 0, 0)).toThrow("interval_s must be > 0 s, got 0");
  });
});
