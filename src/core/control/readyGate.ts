import { requireInRange, requirePositive } from "../ballistics/validate";
import { emptyInPlace } from "./inPlace";
import type { WheelFeedback } from "./flywheelPermit";

/** Why the launcher will not fire, each with the numbers behind it in `message`. */
export type NotReadyCode =
  | "e_stopped"
  /** Not armed: the wheel is held still (launcher_control's launcher/arm, or armed_at_start). */
  | "disarmed"
  | "feedback_lost"
  /** No wheel speed measurement since activation (awaited or missing). */
  | "no_feedback"
  | "no_target"
  | "target_invalid"
  | "target_stale"
  | "no_shot"
  | "wheel_not_at_speed"
  /** The shot's own make probability is below gate.min_probability: a poor position (the operator's call). */
  | "probability_low"
  /** The wheel's remaining speed error costs more than gate.min_relative_probability allows: wait for the wheel. */
  | "wheel_error_costly";

export interface NotReadyReason {
  readonly code: NotReadyCode;
  readonly message: string;
}

export interface ReadyGateInput {
  /** Now [s]. */
  readonly now_s: number;
  readonly eStopped: boolean;
  readonly armed: boolean;
  /** The wheel's speed feedback (wheelFeedback): the speed is known only when it is fresh. */
  readonly feedback: WheelFeedback;
  /** Stamp of the latest target estimate [s]; undefined when none arrived yet. */
  readonly targetStamp_s: number | undefined;
  /** The estimate is valid (finite, covariance sane, not flagged stale by the estimator). */
  readonly targetValid: boolean;
  /**
   * The shot for that target: its probability of a make now and with the wheel exactly at speed
   * (the same distance uncertainty), or why there is none.
   */
  readonly shot: { readonly probability: number; readonly atSpeedProbability: number } | { readonly impossible: string } | undefined;
  /** The wheel held within tolerance of its setpoint for the dwell (FlywheelController.atSetpoint). */
  readonly wheelAtSpeed: boolean;
}

export interface ReadyGateOptions {
  /** Older target estimates are stale [s]. Default 0.2 (estimate: a few estimator periods). */
  readonly targetTimeout_s?: number;
  /**
   * Least probability of a make to fire [1]. Default 0: whether a shot from here is worth taking is
   * the operator's call (launcher/make_probability tells them); the gate only waits for the software.
   */
  readonly minProbability?: number;
  /**
   * Least share of the probability the shot would have with the wheel exactly at speed [1].
   * Default 0.95: fire once the wheel's remaining speed error costs under 5 % of it. (The
   * at-speed tolerance alone is too coarse: 2 rad/s is 0.7 % of 300 rad/s, beyond a +-0.5 % window.)
   */
  readonly minRelativeProbability?: number;
}

/** The defaults of readyGate and of the gate.* parameters. */
export const DEFAULT_READY_GATE: Required<ReadyGateOptions> = { targetTimeout_s: 0.2, minProbability: 0, minRelativeProbability: 0.95 };

/** The options with their defaults, each checked (a bad one throws naming it and its value). */
export function checkedReadyGateOptions(options: ReadyGateOptions): Required<ReadyGateOptions> {
  const checked = {
    targetTimeout_s: options.targetTimeout_s ?? DEFAULT_READY_GATE.targetTimeout_s,
    minProbability: options.minProbability ?? DEFAULT_READY_GATE.minProbability,
    minRelativeProbability: options.minRelativeProbability ?? DEFAULT_READY_GATE.minRelativeProbability,
  };
  requirePositive("targetTimeout_s", checked.targetTimeout_s);
  requireInRange("minProbability", checked.minProbability, 0, 1);
  requireInRange("minRelativeProbability", checked.minRelativeProbability, 0, 1);
  return checked;
}

export interface ReadyGateResult {
  readonly ready: boolean;
  /** Every reason that holds (empty when ready), so the operator sees them all at once. */
  readonly reasons: readonly NotReadyReason[];
}

/**
 * A target estimate stamped `stamp_s` [s] is fresh at `now_s` [s] when its age is within
 * `timeout_s` [s] either way: a NaN age (a broken stamp) is stale, as is a stamp from the future
 * beyond the timeout.
 */
export function isTargetFresh(now_s: number, stamp_s: number, timeout_s: number): boolean {
  return Math.abs(now_s - stamp_s) <= timeout_s;
}

/**
 * Ready to fire iff not e-stopped, armed, the wheel's feedback is fresh, the target is present,
 * valid and fresh, a shot exists, the wheel has held its speed for the dwell, and the make
 * probability reaches both the absolute threshold and its share of the probability with the
 * wheel exactly at speed. Pure: the node publishes `launcher/ready` from it and refuses
 * `launcher/fire` with its messages.
 */
export function readyGate(input: ReadyGateInput, options: ReadyGateOptions = {}): ReadyGateResult {
  const gate = new ReadyGate(options);
  gate.evaluate(input);
  return { ready: gate.ready, reasons: gate.reasons() };
}

/**
 * readyGate for a control loop: evaluate() every cycle allocates nothing (the codes go into a
 * reused array, no message is worded); reasons() words them, from the last input, when someone
 * asks (a refused launcher/fire, /diagnostics). The input is kept by reference: its owner updates
 * it once a cycle, and reasons() describes the cycle last evaluated.
 */
export class ReadyGate {
  private timeout = DEFAULT_READY_GATE.targetTimeout_s;
  private minProbability = DEFAULT_READY_GATE.minProbability;
  private minRelative = DEFAULT_READY_GATE.minRelativeProbability;
  /** Why not ready after the last evaluate, in the order reasons() lists them; empty when ready. */
  readonly codes: NotReadyCode[] = [];
  private input: ReadyGateInput | undefined;

  constructor(options: ReadyGateOptions = {}) {
    this.configure(options);
  }

  /** New thresholds (missing ones take the defaults), from the next evaluate on; a bad one throws and changes nothing. */
  configure(options: ReadyGateOptions): void {
    const checked = checkedReadyGateOptions(options);
    this.timeout = checked.targetTimeout_s;
    this.minProbability = checked.minProbability;
    this.minRelative = checked.minRelativeProbability;
  }

  /** False before the first evaluate. */
  get ready(): boolean {
    return this.input !== undefined && this.codes.length === 0;
  }

  evaluate(input: ReadyGateInput): boolean {
    this.input = input;
    const codes = this.codes;
    emptyInPlace(codes);
    if (input.eStopped) codes.push("e_stopped");
    if (!input.armed) codes.push("disarmed");
    const feedback = input.feedback.kind;
    if (feedback === "lost") codes.push("feedback_lost");
    else if (feedback !== "fresh") codes.push("no_feedback");
    if (input.targetStamp_s === undefined) {
      codes.push("no_target");
    } else {
      if (!input.targetValid) codes.push("target_invalid");
      if (!isTargetFresh(input.now_s, input.targetStamp_s, this.timeout)) codes.push("target_stale");
    }
    const shot = input.shot;
    if (shot === undefined || "impossible" in shot) codes.push("no_shot");
    else if (!(shot.probability >= this.minProbability)) codes.push("probability_low");
    else if (!(shot.probability >= this.minRelative * shot.atSpeedProbability)) codes.push("wheel_error_costly");
    if (!input.wheelAtSpeed) codes.push("wheel_not_at_speed");
    return codes.length === 0;
  }

  /** Every reason of the last evaluate, each with the numbers behind it. */
  reasons(): NotReadyReason[] {
    const input = this.input;
    return input === undefined ? [] : this.codes.map((code) => ({ code, message: this.message(code, input) }));
  }

  private message(code: NotReadyCode, input: ReadyGateInput): string {
    const shot = input.shot;
    const planned = shot !== undefined && !("impossible" in shot) ? shot : { probability: Number.NaN, atSpeedProbability: Number.NaN };
    const percent = (p: number, digits: number): string => (p * 100).toFixed(digits);
    const feedback = input.feedback;
    switch (code) {
      case "e_stopped":
        return "e-stop is engaged";
      case "disarmed":
        return "the launcher is not armed";
      case "feedback_lost":
        return `wheel speed feedback lost: last measurement ${(feedback.kind === "lost" ? feedback.age_s : Number.NaN).toFixed(3)} s ago`;
      case "no_feedback":
        return `no wheel speed measurement since activation ${(feedback.kind === "awaited" || feedback.kind === "missing" ? feedback.sinceActivation_s : Number.NaN).toFixed(3)} s ago`;
      case "no_target":
        return "no target estimate received yet";
      case "target_invalid":
        return "the target estimate is invalid";
      case "target_stale":
        return `target estimate is ${(input.now_s - (input.targetStamp_s ?? Number.NaN)).toFixed(3)} s old (timeout ${this.timeout} s)`;
      case "no_shot":
        return shot === undefined ? "no shot solved yet" : "impossible" in shot ? `no shot: ${shot.impossible}` : "no shot";
      case "probability_low":
        return `make probability ${percent(planned.probability, 1)} % is below ${percent(this.minProbability, 1)} %`;
      case "wheel_error_costly":
        return `make probability ${percent(planned.probability, 1)} % is below ${percent(this.minRelative, 0)} % of the ${percent(planned.atSpeedProbability, 1)} % with the wheel at speed`;
      case "wheel_not_at_speed":
        return "the wheel has not held its speed for the dwell";
    }
  }
}
