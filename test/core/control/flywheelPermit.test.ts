import { flywheelPermit, isWheelFault, wheelFeedback, type FlywheelPermit, type WheelFeedback } from "../../../src/core/control/flywheelPermit";

describe("wheelFeedback", () => {
  // Activated at 10 s; the age or the time since activation is now - that instant.
  it.each<{ name: string; now: number; last: number | undefined; timeout: number; kind: WheelFeedback["kind"]; since: number }>([
    { name: "a measurement within the timeout", now: 12, last: 11.95, timeout: 0.1, kind: "fresh", since: 11.95 },
    { name: "a measurement exactly at the timeout", now: 12, last: 11.875, timeout: 0.125, kind: "fresh", since: 11.875 },
    { name: "measurements that stopped", now: 12, last: 11.5, timeout: 0.1, kind: "lost", since: 11.5 },
    { name: "none yet, just activated", now: 10.05, last: undefined, timeout: 0.1, kind: "awaited", since: 10 },
    { name: "none since activation, exactly at the timeout", now: 10.125, last: undefined, timeout: 0.125, kind: "awaited", since: 10 },
    { name: "none since activation, beyond the timeout", now: 12, last: undefined, timeout: 0.1, kind: "missing", since: 10 },
    { name: "a NaN measurement time", now: 12, last: Number.NaN, timeout: 0.1, kind: "lost", since: Number.NaN },
  ])("$name", ({ now, last, timeout, kind, since }) => {
    const result = wheelFeedback(now, 10, last, timeout);
    expect(result.kind).toBe(kind);
    const elapsed = "age_s" in result ? result.age_s : result.sinceActivation_s;
    if (Number.isNaN(since)) expect(elapsed).toBeNaN();
    else expect(elapsed).toBeCloseTo(now - since, 12);
  });

  it("refuses a timeout that is not positive, with the value", () => {
    expect(() => wheelFeedback(1, 0, undefined, 0)).toThrow("feedback timeout must be > 0 s, got 0");
  });
});

describe("flywheelPermit", () => {
  const fresh: WheelFeedback = { kind: "fresh", age_s: 0.01 };
  const missing: WheelFeedback = { kind: "missing", sinceActivation_s: 3 };
  const awaited: WheelFeedback = { kind: "awaited", sinceActivation_s: 0.02 };
  const lost: WheelFeedback = { kind: "lost", age_s: 0.4 };

  it.each<{ name: string; eStopped: boolean; armed: boolean; feedback: WheelFeedback; allowOpenLoop: boolean; expected: FlywheelPermit; fault: boolean }>([
    { name: "armed, fresh feedback: closed loop", eStopped: false, armed: true, feedback: fresh, allowOpenLoop: false, expected: { drive: "closed_loop", holds: [] }, fault: false },
    { name: "armed, no feedback since activation: zero", eStopped: false, armed: true, feedback: missing, allowOpenLoop: false, expected: { drive: "zero", holds: ["no_feedback"] }, fault: true },
    { name: "armed, first measurement awaited: zero, not yet a fault", eStopped: false, armed: true, feedback: awaited, allowOpenLoop: false, expected: { drive: "zero", holds: ["no_feedback"] }, fault: false },
    { name: "armed, feedback lost: zero", eStopped: false, armed: true, feedback: lost, allowOpenLoop: false, expected: { drive: "zero", holds: ["no_feedback"] }, fault: true },
    { name: "armed, no feedback, open loop allowed: open loop", eStopped: false, armed: true, feedback: missing, allowOpenLoop: true, expected: { drive: "open_loop", holds: [] }, fault: false },
    { name: "armed, fresh feedback, open loop allowed: still closed loop", eStopped: false, armed: true, feedback: fresh, allowOpenLoop: true, expected: { drive: "closed_loop", holds: [] }, fault: false },
    { name: "disarmed: zero", eStopped: false, armed: false, feedback: fresh, allowOpenLoop: true, expected: { drive: "zero", holds: ["disarmed"] }, fault: false },
    { name: "disarmed with a silent encoder: both said, a fault", eStopped: false, armed: false, feedback: missing, allowOpenLoop: false, expected: { drive: "zero", holds: ["disarmed", "no_feedback"] }, fault: true },
    { name: "e-stop beats arming", eStopped: true, armed: true, feedback: fresh, allowOpenLoop: false, expected: { drive: "zero", holds: ["e_stopped"] }, fault: true },
    { name: "e-stop beats open loop", eStopped: true, armed: true, feedback: missing, allowOpenLoop: true, expected: { drive: "zero", holds: ["e_stopped"] }, fault: true },
    { name: "everything at once, in precedence order", eStopped: true, armed: false, feedback: lost, allowOpenLoop: false, expected: { drive: "zero", holds: ["e_stopped", "disarmed", "no_feedback"] }, fault: true },
  ])("$name", ({ eStopped, armed, feedback, allowOpenLoop, expected, fault }) => {
    const permit = flywheelPermit({ eStopped, armed, feedback, allowOpenLoop });
    expect(permit).toEqual(expected);
    expect(isWheelFault(permit, feedback)).toBe(fault);
  });
});
