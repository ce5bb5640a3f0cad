import { SeededRandom } from "../../../src/core/random/SeededRandom";
import { InputGate, type InputGateOptions, type InputVerdict } from "../../../src/core/ranging/InputGate";

/** One message: [frame_id, stamp [s], node clock [s]]. */
type Message = readonly [string, number, number];

/**
 * The rules written out plainly, message by message, for comparison with InputGate: the frame is
 * the configured one or the first accepted; a stamp is dropped when more than the offset from
 * the clock, or earlier than the last accepted stamp since the clock last went back.
 */
function reference(options: Required<Pick<InputGateOptions, "frame_id" | "max_clock_offset_s">>, messages: readonly Message[]): InputVerdict[] {
  let frame: string | undefined = options.frame_id === "" ? undefined : options.frame_id;
  let lastStamp = -Infinity;
  let lastClock = -Infinity;
  return messages.map(([f, stamp, now]) => {
    if (now < lastClock) lastStamp = -Infinity;
    lastClock = now;
    if (frame !== undefined && f !== frame) return "other_frame";
    if (!(Math.abs(stamp - now) <= options.max_clock_offset_s)) return "stamp_off_clock"; // NaN too
    if (stamp < lastStamp) return "stamp_backwards";
    frame = f;
    lastStamp = stamp;
    return "accepted";
  });
}

describe("InputGate", () => {
  it.each<{ label: string; options: InputGateOptions; messages: Message[]; expected: InputVerdict[] }>([
    {
      label: "first frame locked, a second one dropped",
      options: {},
      messages: [["laser", 100, 100], ["laser_rear", 100.05, 100.05], ["laser", 100.1, 100.1]],
      expected: ["accepted", "other_frame", "accepted"],
    },
    {
      label: "configured frame: a different first frame is dropped",
      options: { frame_id: "laser_rear" },
      messages: [["laser", 100, 100], ["laser_rear", 100.05, 100.05]],
      expected: ["other_frame", "accepted"],
    },
    {
      label: "a message dropped for its stamp does not lock its frame",
      options: {},
      messages: [["broken_clock", 1.7e9, 100], ["laser", 100, 100], ["broken_clock", 100.1, 100.1]],
      expected: ["stamp_off_clock", "accepted", "other_frame"],
    },
    {
      label: "stamps 1.7e9 s either side of the clock",
      options: {},
      messages: [["laser", 1.7e9 + 100, 100], ["laser", 100, 100], ["laser", 100.1 - 1.7e9, 100.1]],
      expected: ["stamp_off_clock", "accepted", "stamp_off_clock"],
    },
    {
      label: "offset boundary: exactly max_clock_offset is accepted, beyond is dropped",
      options: { max_clock_offset_s: 0.5 },
      messages: [["laser", 99.5, 100], ["laser", 100.5, 100], ["laser", 101.5000001, 101]],
      expected: ["accepted", "accepted", "stamp_off_clock"],
    },
    {
      label: "backwards stamps dropped, an equal stamp accepted, the dropped one not remembered",
      options: {},
      messages: [["laser", 100.2, 100.2], ["laser", 100.1, 100.3], ["laser", 100.2, 100.4], ["laser", 100.15, 100.5], ["laser", 100.5, 100.5]],
      expected: ["accepted", "stamp_backwards", "accepted", "stamp_backwards", "accepted"],
    },
    {
      label: "the node's clock going back (bag loop under sim time) forgets the stamp history",
      options: {},
      messages: [["laser", 200, 200], ["laser", 100, 200.1], ["laser", 100, 100], ["laser", 100.1, 100.1]],
      expected: ["accepted", "stamp_off_clock", "accepted", "accepted"],
    },
    {
      label: "NaN stamp dropped",
      options: {},
      messages: [["laser", Number.NaN, 100]],
      expected: ["stamp_off_clock"],
    },
  ])("$label", ({ options, messages, expected }) => {
    const gate = new InputGate(options);
    expect(messages.map(([f, stamp, now]) => gate.check(f, stamp, now))).toEqual(expected);
    expect(reference({ frame_id: options.frame_id ?? "", max_clock_offset_s: options.max_clock_offset_s ?? 1 }, messages)).toEqual(expected);
    const counts = { accepted: 0, other_frame: 0, stamp_off_clock: 0, stamp_backwards: 0 };
    for (const v of expected) counts[v]++;
    expect(gate.counts).toEqual(counts);
  });

  it.each([1, 2, 3, 4, 5])("agrees with the plain rules on 2000 random messages (seed %i)", (seed) => {
    const rng = new SeededRandom(seed);
    const frames = ["laser", "laser", "laser", "laser_rear", ""];
    const messages: Message[] = [];
    let clock = 100;
    for (let i = 0; i < 2000; i++) {
      clock += rng.next() < 0.01 ? -50 * rng.next() : 0.1 * rng.next();
      const u = rng.next();
      const stamp = u < 0.05 ? clock + 1.7e9 : u < 0.1 ? clock - 5 * rng.next() : clock + 0.4 * (rng.next() - 0.7);
      messages.push([frames[Math.floor(rng.next() * frames.length)] ?? "laser", stamp, clock]);
    }
    const options = { frame_id: seed % 2 === 0 ? "laser" : "", max_clock_offset_s: 0.3 };
    const gate = new InputGate(options);
    const verdicts = messages.map(([f, stamp, now]) => gate.check(f, stamp, now));
    expect(verdicts).toEqual(reference(options, messages));
    // Every verdict occurs, so the comparison covered every rule.
    expect(new Set(verdicts)).toEqual(new Set(["accepted", "other_frame", "stamp_off_clock", "stamp_backwards"]));
  });

  it.each([
    { label: "before any message", sends: [] as Message[], now: 100, stale: true, age: Infinity },
    { label: "within the timeout", sends: [["laser", 100, 100]] as Message[], now: 100.49, stale: false, age: 0.49 },
    { label: "at the timeout", sends: [["laser", 100, 100]] as Message[], now: 100.5, stale: false, age: 0.5 },
    { label: "past the timeout", sends: [["laser", 100, 100]] as Message[], now: 100.51, stale: true, age: 0.51 },
    { label: "only dropped messages since", sends: [["laser", 100, 100], ["other", 100.4, 100.4], ["laser", 1e9, 100.6]] as Message[], now: 100.6, stale: true, age: 0.6 },
    { label: "the clock went back since (age 0, not negative)", sends: [["laser", 100, 100]] as Message[], now: 50, stale: false, age: 0 },
  ])("staleness by the node's clock (timeout 0.5 s): $label", ({ sends, now, stale, age }) => {
    const gate = new InputGate({ timeout_s: 0.5 });
    for (const [f, stamp, t] of sends) gate.check(f, stamp, t);
    expect(gate.isStale(now)).toBe(stale);
    expect(gate.age(now)).toBeCloseTo(age, 9);
  });

  it.each([
    { label: "no data yet", options: {}, sends: [] as Message[], now: 100, severity: "stale", notes: ["no data yet"] },
    { label: "no data yet from a configured frame", options: { frame_id: "laser" }, sends: [] as Message[], now: 100, severity: "stale", notes: ['no data yet from frame "laser"'] },
    { label: "flowing", options: {}, sends: [["laser", 100, 100]] as Message[], now: 100.2, severity: "ok", notes: [] },
    { label: "stopped", options: {}, sends: [["laser", 100, 100]] as Message[], now: 101, severity: "stale", notes: ["stale: nothing accepted for 1.00 s (timeout 0.5 s)"] },
    {
      label: "a second frame (error, also once the input stops)",
      options: {},
      sends: [["laser", 100, 100], ["laser_rear", 100, 100]] as Message[],
      now: 102,
      severity: "error",
      notes: ['1 messages with frame_id "laser_rear" dropped: this input is "laser" (the first accepted message\'s); two sensors on one topic?', "stale: nothing accepted for 2.00 s (timeout 0.5 s)"],
    },
    {
      label: "a stamp dropped within the recent window",
      options: {},
      sends: [["laser", 100, 100], ["laser", 1.7e9, 100.1], ["laser", 100.2, 100.2]] as Message[],
      now: 100.3,
      severity: "warn",
      notes: ["1 dropped for their stamps, the latest: stamp 1.70e+9 s from the node's clock (max_clock_offset 1 s)"],
    },
    {
      label: "a stamp dropped before the recent window: counted, not warned",
      options: {},
      sends: [["laser", 100, 100], ["laser", 99.5, 100.1], ["laser", 101.4, 101.4]] as Message[],
      now: 101.5,
      severity: "ok",
      notes: ["1 dropped for their stamps, the latest: stamp -0.500 s before the last accepted one"],
    },
  ])("status: $label", ({ options, sends, now, severity, notes }) => {
    const gate = new InputGate({ ...options, timeout_s: 0.5 });
    for (const [f, stamp, t] of sends) gate.check(f, stamp, t);
    expect(gate.status(now, 1)).toEqual({ severity, problems: notes });
  });

  it("reset forgets counts, frame and stamps, and returns to the configured frame", () => {
    const gate = new InputGate({ frame_id: "laser" });
    gate.check("laser", 100, 100);
    gate.check("other", 100, 100);
    gate.reset();
    expect(gate.counts).toEqual({ accepted: 0, other_frame: 0, stamp_off_clock: 0, stamp_backwards: 0 });
    expect(gate.lockedFrame).toBe("laser");
    expect(gate.check("laser", 50, 50)).toBe("accepted");
    expect(gate.check("other", 50, 50)).toBe("other_frame");
  });

  it.each([
    ["max_clock_offset_s 0", { max_clock_offset_s: 0 }, "max_clock_offset_s must be a finite number > 0, got 0"],
    ["max_clock_offset_s -1", { max_clock_offset_s: -1 }, "max_clock_offset_s must be a finite number > 0, got -1"],
    ["max_clock_offset_s NaN", { max_clock_offset_s: Number.NaN }, "max_clock_offset_s must be a finite number > 0, got NaN"],
    ["timeout_s 0", { timeout_s: 0 }, "timeout_s must be a finite number > 0, got 0"],
    ["timeout_s Infinity", { timeout_s: Number.POSITIVE_INFINITY }, "timeout_s must be a finite number > 0, got Infinity"],
  ])("rejects %s, naming the value", (_label, options, message) => {
    expect(() => new InputGate(options)).toThrow(message);
  });
});
