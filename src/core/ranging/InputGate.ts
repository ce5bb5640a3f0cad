import { requireNumber } from "./RangeFilter";

/** InputGate's defaults: laser_ranging's schema takes its lidar.* and range_sensors.* defaults from them. */
export const INPUT_GATE_DEFAULTS = {
  /** "": the first accepted message's frame_id is locked. */
  frame_id: "",
  /**
   * [s] Largest |stamp - node clock| accepted. A driver on the same computer stamps within a scan
   * period (0.1 s at 10 Hz) plus transport; a bag played without --clock, a sensor stamping
   * from its own boot or an unsynchronised second computer are seconds to decades off.
   */
  max_clock_offset_s: 1.0,
  /** [s] No message accepted for this long (node clock) makes the input stale: 5 periods of a 10 Hz lidar. */
  timeout_s: 0.5,
} as const;

export interface InputGateOptions {
  /** The only header.frame_id accepted; "" (default): the first accepted message's frame is locked. */
  readonly frame_id?: string;
  /** Largest |stamp - node clock| accepted [s], > 0. Default 1.0. */
  readonly max_clock_offset_s?: number;
  /** No message accepted for this long (node clock) makes the input stale [s], > 0. Default 0.5. */
  readonly timeout_s?: number;
}

/** What InputGate.check decided for one message. */
export type InputVerdict = "accepted" | "other_frame" | "stamp_off_clock" | "stamp_backwards";

/** Messages per verdict since construction or reset [1]. */
export interface InputGateCounts {
  accepted: number;
  other_frame: number;
  stamp_off_clock: number;
  stamp_backwards: number;
}

/** How an input looks at one instant, worst first: "error" (a second frame), "stale", "warn" (stamps dropped lately), "ok". */
export interface InputGateStatus {
  readonly severity: "ok" | "warn" | "error" | "stale";
  /** One note per problem, worst first; empty when severity is "ok". */
  readonly problems: readonly string[];
}

/**
 * The sanity gate in front of one input topic (a lidar's scans, one rangefinder's readings): it
 * decides from header.frame_id, header.stamp and the node's clock whether a message may be used,
 * counts what it drops and says when the input went quiet. One frame per input: the configured
 * one, or the first accepted (a second lidar on the same topic is an error, not more data).
 * Stamps farther than max_clock_offset_s from the node's clock, or earlier than the last
 * accepted stamp, are dropped. Time is passed in [s] (the node's clock may be simulated), never
 * read here; nothing here throws on data.
 *
 * A backwards jump blocks an input until its stamps pass the last accepted one again, which
 * takes at most 2 max_clock_offset_s of node clock for a sensor whose stamps follow the clock.
 * When the node's clock itself goes back (a bag loop under use_sim_time, a simulator restart)
 * the stamp history is forgotten, so the input is not blocked for the length of the jump.
 */
export class InputGate {
  readonly expectedFrame: string;
  readonly maxClockOffsetS: number;
  readonly timeoutS: number;
  private readonly tally: InputGateCounts = { accepted: 0, other_frame: 0, stamp_off_clock: 0, stamp_backwards: 0 };
  /** The locked frame_id; meaningful once `locked`. */
  private frame = "";
  private locked = false;
  /** The latest frame_id dropped as another frame. */
  private foreignFrame = "";
  /** Stamp of the last accepted message [s]. */
  private lastStampS = Number.NaN;
  /** Node clock when the last message was accepted [s]. */
  private lastAcceptedAtS = Number.NaN;
  /** Node clock at the latest check [s]. */
  private lastClockS = Number.NaN;
  /** Node clock at the latest stamp drop [s], and what it was. */
  private lastStampDropAtS = Number.NaN;
  private lastStampDropNote = "";

  constructor(options: InputGateOptions = {}) {
    const frame = options.frame_id ?? INPUT_GATE_DEFAULTS.frame_id;
    if (typeof frame !== "string") throw new Error(`frame_id must be a string, got ${String(frame)}`);
    this.expectedFrame = frame;
    this.maxClockOffsetS = requireNumber("max_clock_offset_s", options.max_clock_offset_s ?? INPUT_GATE_DEFAULTS.max_clock_offset_s, 0, true);
    this.timeoutS = requireNumber("timeout_s", options.timeout_s ?? INPUT_GATE_DEFAULTS.timeout_s, 0, true);
    this.reset();
  }

  /**
   * Decides whether one message may be used, and remembers it when it may.
   * @param frame_id its header.frame_id
   * @param stamp_s its header.stamp [s]
   * @param now_s the node's clock when it arrived [s]
   */
  check(frame_id: string, stamp_s: number, now_s: number): InputVerdict {
    if (now_s < this.lastClockS) this.lastStampS = Number.NaN; // the node's clock went back: a restart, not a bad sensor
    this.lastClockS = now_s;
    if (this.locked && frame_id !== this.frame) {
      this.tally.other_frame++;
      this.foreignFrame = frame_id;
      return "other_frame";
    }
    const offset = stamp_s - now_s;
    if (!(Math.abs(offset) <= this.maxClockOffsetS)) {
      this.tally.stamp_off_clock++;
      this.noteStampDrop(now_s, `stamp ${formatSeconds(offset)} s from the node's clock (max_clock_offset ${this.maxClockOffsetS} s)`);
      return "stamp_off_clock";
    }
    if (stamp_s < this.lastStampS) {
      this.tally.stamp_backwards++;
      this.noteStampDrop(now_s, `stamp ${formatSeconds(stamp_s - this.lastStampS)} s before the last accepted one`);
      return "stamp_backwards";
    }
    // The frame is locked only by a message that passed the stamp checks, so a stray sensor with a
    // broken clock cannot claim the input before the real one speaks.
    this.frame = frame_id;
    this.locked = true;
    this.lastStampS = stamp_s;
    this.lastAcceptedAtS = now_s;
    this.tally.accepted++;
    return "accepted";
  }

  get counts(): Readonly<InputGateCounts> {
    return this.tally;
  }

  /** The frame_id messages must carry: the configured one, or the first accepted; "" while none is locked. */
  get lockedFrame(): string {
    return this.locked ? this.frame : "";
  }

  /** Node-clock age of the last accepted message at `now_s` [s]; +Inf before the first; 0 if the clock went back since. */
  age(now_s: number): number {
    if (Number.isNaN(this.lastAcceptedAtS)) return Number.POSITIVE_INFINITY;
    return Math.max(0, now_s - this.lastAcceptedAtS);
  }

  /** True before the first accepted message and when none was accepted within timeout_s before `now_s`. */
  isStale(now_s: number): boolean {
    return !(this.age(now_s) <= this.timeoutS);
  }

  /**
   * The input's state at `now_s` [s]: "error" once a message of another frame was dropped (it stays
   * until reset: a second sensor on one topic is wiring to fix, not noise), "stale" with no
   * accepted message within timeout_s (or ever: "no data"), "warn" when a stamp was dropped within
   * the last `recent_s` [s] (the node passes its diagnostics period), else "ok".
   */
  status(now_s: number, recent_s: number): InputGateStatus {
    const problems: string[] = [];
    let severity: InputGateStatus["severity"] = "ok";
    const c = this.tally;
    if (c.other_frame > 0) {
      severity = "error";
      const whose = this.expectedFrame === "" ? "the first accepted message's" : "the configured";
      problems.push(`${c.other_frame} messages with frame_id "${this.foreignFrame}" dropped: this input is "${this.frame}" (${whose}); two sensors on one topic?`);
    }
    if (c.accepted === 0) {
      if (severity === "ok") severity = "stale";
      problems.push(this.expectedFrame === "" ? "no data yet" : `no data yet from frame "${this.expectedFrame}"`);
    } else if (this.isStale(now_s)) {
      if (severity === "ok") severity = "stale";
      problems.push(`stale: nothing accepted for ${this.age(now_s).toFixed(2)} s (timeout ${this.timeoutS} s)`);
    }
    const dropped = c.stamp_off_clock + c.stamp_backwards;
    if (dropped > 0) {
      if (severity === "ok" && now_s - this.lastStampDropAtS <= recent_s) severity = "warn";
      problems.push(`${dropped} dropped for their stamps, the latest: ${this.lastStampDropNote}`);
    }
    return { severity, problems };
  }

  /** Forgets everything: counts, the locked frame (back to the configured one), stamps and ages. */
  reset(): void {
    this.tally.accepted = 0;
    this.tally.other_frame = 0;
    this.tally.stamp_off_clock = 0;
    this.tally.stamp_backwards = 0;
    this.frame = this.expectedFrame;
    this.locked = this.expectedFrame !== "";
    this.foreignFrame = "";
    this.lastStampS = Number.NaN;
    this.lastAcceptedAtS = Number.NaN;
    this.lastClockS = Number.NaN;
    this.lastStampDropAtS = Number.NaN;
    this.lastStampDropNote = "";
  }

  private noteStampDrop(now_s: number, note: string): void {
    this.lastStampDropAtS = now_s;
    this.lastStampDropNote = note;
  }
}

/** Seconds for a message: fixed for everyday offsets, exponent form for decades (a 1.7e9 s offset). */
function formatSeconds(s: number): string {
  return Math.abs(s) < 1e5 ? s.toFixed(3) : s.toExponential(2);
}
