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
  const timeout = options.targetTimeout_s ?? DEFAULT_READY_GATE.targetTimeout_s;
  const minProbability = options.minProbability ?? DEFAULT_READY_GATE.minProbability;
  const minRelative = options.minRelativeProbability ?? DEFAULT_READY_GATE.minRelativeProbability;
  const reasons: NotReadyReason[] = [];
  if (input.eStopped) reasons.push({ code: "e_stopped", message: "e-stop is engaged" });
  if (!input.armed) reasons.push({ code: "disarmed", message: "the launcher is not armed" });
  const feedback = input.feedback;
  if (feedback.kind === "lost") {
    reasons.push({ code: "feedback_lost", message: `wheel speed feedback lost: last measurement ${feedback.age_s.toFixed(3)} s ago` });
  } else if (feedback.kind !== "fresh") {
    reasons.push({ code: "no_feedback", message: `no wheel speed measurement since activation ${feedback.sinceActivation_s.toFixed(3)} s ago` });
  }
  if (input.targetStamp_s === undefined) {
    reasons.push({ code: "no_target", message: "no target estimate received yet" });
  } else {
    if (!input.targetValid) reasons.push({ code: "target_invalid", message: "the target estimate is invalid" });
    if (!isTargetFresh(input.now_s, input.targetStamp_s, timeout)) {
      const age = input.now_s - input.targetStamp_s;
      reasons.push({ code: "target_stale", message: `target estimate is ${age.toFixed(3)} s old (timeout ${timeout} s)` });
    }
  }
  const shot = input.shot;
  if (shot === undefined) reasons.push({ code: "no_shot", message: "no shot solved yet" });
  else if ("impossible" in shot) reasons.push({ code: "no_shot", message: `no shot: ${shot.impossible}` });
  else if (!(shot.probability >= minProbability)) {
    reasons.push({
      code: "probability_low",
      message: `make probability ${(shot.probability * 100).toFixed(1)} % is below ${(minProbability * 100).toFixed(1)} %`,
    });
  } else if (!(shot.probability >= minRelative * shot.atSpeedProbability)) {
    reasons.push({
      code: "wheel_error_costly",
      message: `make probability ${(shot.probability * 100).toFixed(1)} % is below ${(minRelative * 100).toFixed(0)} % of the ${(shot.atSpeedProbability * 100).toFixed(1)} % with the wheel at speed`,
    });
  }
  if (!input.wheelAtSpeed) reasons.push({ code: "wheel_not_at_speed", message: "the wheel has not held its speed for the dwell" });
  return { ready: reasons.length === 0, reasons };
}
