import { isTargetFresh, ReadyGate, readyGate, type NotReadyCode, type ReadyGateInput } from "../../../src/core/control/readyGate";

const good: ReadyGateInput = {
  now_s: 10,
  eStopped: false,
  armed: true,
  feedback: { kind: "fresh", age_s: 0.01 },
  targetStamp_s: 9.95,
  targetValid: true,
  shot: { probability: 0.93, atSpeedProbability: 0.95 },
  wheelAtSpeed: true,
};

describe("readyGate", () => {
  it.each<{ name: string; change: Partial<ReadyGateInput>; codes: NotReadyCode[] }>([
    { name: "all good", change: {}, codes: [] },
    { name: "e-stopped", change: { eStopped: true }, codes: ["e_stopped"] },
    // Lost wheel feedback is its own reason, not an e-stop.
    { name: "wheel feedback lost", change: { feedback: { kind: "lost", age_s: 0.25 }, wheelAtSpeed: false }, codes: ["feedback_lost", "wheel_not_at_speed"] },
    { name: "no wheel feedback since activation", change: { feedback: { kind: "missing", sinceActivation_s: 2 }, wheelAtSpeed: false }, codes: ["no_feedback", "wheel_not_at_speed"] },
    { name: "the first wheel measurement still awaited", change: { feedback: { kind: "awaited", sinceActivation_s: 0.05 }, wheelAtSpeed: false }, codes: ["no_feedback", "wheel_not_at_speed"] },
    { name: "not armed", change: { armed: false }, codes: ["disarmed"] },
    { name: "no target yet", change: { targetStamp_s: undefined }, codes: ["no_target"] },
    { name: "invalid target", change: { targetValid: false }, codes: ["target_invalid"] },
    { name: "stale target", change: { targetStamp_s: 9.7 }, codes: ["target_stale"] },
    { name: "target exactly at the timeout", change: { targetStamp_s: 9.8 }, codes: [] },
    { name: "NaN stamp", change: { targetStamp_s: NaN }, codes: ["target_stale"] },
    { name: "no shot solved", change: { shot: undefined }, codes: ["no_shot"] },
    { name: "impossible shot", change: { shot: { impossible: "beyond top speed" } }, codes: ["no_shot"] },
    { name: "low probability", change: { shot: { probability: 0.79, atSpeedProbability: 0.79 } }, codes: ["probability_low"] },
    { name: "probability at the threshold", change: { shot: { probability: 0.8, atSpeedProbability: 0.8 } }, codes: [] },
    { name: "NaN probability", change: { shot: { probability: NaN, atSpeedProbability: 0.9 } }, codes: ["probability_low"] },
    // The wheel's error costs more than 5 % of what the shot would have at speed: wait for it.
    { name: "wheel error costs too much", change: { shot: { probability: 0.85, atSpeedProbability: 0.9 } }, codes: ["wheel_error_costly"] },
    { name: "wheel error costs exactly 5 %", change: { shot: { probability: 0.855, atSpeedProbability: 0.9 } }, codes: [] },
    { name: "wheel not at speed", change: { wheelAtSpeed: false }, codes: ["wheel_not_at_speed"] },
    {
      name: "everything wrong at once",
      change: { eStopped: true, armed: false, feedback: { kind: "lost", age_s: 1 }, targetValid: false, targetStamp_s: 5, shot: { probability: 0.1, atSpeedProbability: 0.1 }, wheelAtSpeed: false },
      codes: ["e_stopped", "disarmed", "feedback_lost", "target_invalid", "target_stale", "probability_low", "wheel_not_at_speed"],
    },
  ])("$name", ({ change, codes }) => {
    const result = readyGate({ ...good, ...change }, { targetTimeout_s: 0.2, minProbability: 0.8, minRelativeProbability: 0.95 });
    expect(result.reasons.map((r) => r.code)).toEqual(codes);
    expect(result.ready).toBe(codes.length === 0);
  });

  it("says why in numbers", () => {
    const r = readyGate({ ...good, targetStamp_s: 9.5, shot: { probability: 0.5, atSpeedProbability: 0.5 } }, { minProbability: 0.8 });
    expect(r.reasons.map((x) => x.message)).toEqual([
      "target estimate is 0.500 s old (timeout 0.2 s)",
      "make probability 50.0 % is below 80.0 %",
    ]);
    const wheel = readyGate({ ...good, shot: { probability: 0.6, atSpeedProbability: 0.9 } });
    expect(wheel.reasons.map((x) => x.message)).toEqual(["make probability 60.0 % is below 95 % of the 90.0 % with the wheel at speed"]);
    const lost = readyGate({ ...good, feedback: { kind: "lost", age_s: 0.25 } });
    expect(lost.reasons.map((x) => x.message)).toEqual(["wheel speed feedback lost: last measurement 0.250 s ago"]);
    const missing = readyGate({ ...good, feedback: { kind: "missing", sinceActivation_s: 1.5 } });
    expect(missing.reasons.map((x) => x.message)).toEqual(["no wheel speed measurement since activation 1.500 s ago"]);
  });

  it("by default leaves a poor position to the operator and waits only for the software", () => {
    expect(readyGate({ ...good, shot: { probability: 0.3, atSpeedProbability: 0.3 } }).ready).toBe(true);
    expect(readyGate({ ...good, shot: { probability: 0.2, atSpeedProbability: 0.3 } }).ready).toBe(false);
  });
});

describe("ReadyGate options", () => {
  it.each([
    { options: { targetTimeout_s: 0 }, message: "targetTimeout_s must be > 0, got 0" },
    { options: { targetTimeout_s: Number.NaN }, message: "targetTimeout_s must be > 0, got NaN" },
    { options: { minProbability: -0.1 }, message: "minProbability must be in [0, 1], got -0.1" },
    { options: { minRelativeProbability: 2 }, message: "minRelativeProbability must be in [0, 1], got 2" },
  ])("refuses $options, naming it, and a refused configure keeps the thresholds", ({ options, message }) => {
    expect(() => new ReadyGate(options)).toThrow(message);
    const gate = new ReadyGate({ minProbability: 0.8 });
    expect(() => gate.configure(options)).toThrow(message);
    expect(gate.evaluate({ ...good, shot: { probability: 0.7, atSpeedProbability: 0.7 } })).toBe(false);
    expect([...gate.codes]).toEqual(["probability_low"]);
  });
});

describe("isTargetFresh", () => {
  it.each([
    { name: "within the timeout", now: 10, stamp: 9.9, fresh: true },
    { name: "exactly at the timeout", now: 10, stamp: 9.8, fresh: true },
    { name: "older than the timeout", now: 10, stamp: 9.7, fresh: false },
    { name: "from the future within the timeout", now: 10, stamp: 10.1, fresh: true },
    { name: "from the future beyond the timeout", now: 10, stamp: 10.3, fresh: false },
    { name: "a NaN stamp", now: 10, stamp: NaN, fresh: false },
  ])("$name", ({ now, stamp, fresh }) => {
    expect(isTargetFresh(now, stamp, 0.2)).toBe(fresh);
  });
});
