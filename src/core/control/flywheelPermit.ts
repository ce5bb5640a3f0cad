/**
 * Whether the launcher may drive its flywheel at all this control cycle, before any speed loop:
 * a wheel that spins where nobody expects it, or blind (no speed feedback), is the launcher's
 * one real hazard. Pure and time passed in, like the rest of src/core/control.
 */

/**
 * The wheel's speed feedback as the launcher sees it at one instant.
 * - fresh: a measurement within the timeout;
 * - awaited: none since activation, but activation was within the timeout (the encoder's first
 *   JointState may simply not have come yet);
 * - missing: none since activation, and activation was longer ago than the timeout (a wrong
 *   joint name, an unremapped topic, a driver not running);
 * - lost: measurements came, then stopped for longer than the timeout.
 */
export type WheelFeedback =
  | { readonly kind: "fresh"; readonly age_s: number }
  | { readonly kind: "awaited"; readonly sinceActivation_s: number }
  | { readonly kind: "missing"; readonly sinceActivation_s: number }
  | { readonly kind: "lost"; readonly age_s: number };

/**
 * The feedback's state at `now_s` [s] for a node activated at `activated_s` [s] whose last wheel
 * measurement since that activation arrived at `lastMeasurement_s` [s] (undefined: none yet), with
 * `timeout_s` [s] the longest gap accepted. A NaN age is not fresh.
 */
export function wheelFeedback(now_s: number, activated_s: number, lastMeasurement_s: number | undefined, timeout_s: number): WheelFeedback {
  if (!(timeout_s > 0)) throw new RangeError(`feedback timeout must be > 0 s, got ${timeout_s}`);
  if (lastMeasurement_s === undefined) {
    const sinceActivation_s = now_s - activated_s;
    return { kind: sinceActivation_s <= timeout_s ? "awaited" : "missing", sinceActivation_s };
  }
  const age_s = now_s - lastMeasurement_s;
  return { kind: age_s <= timeout_s ? "fresh" : "lost", age_s };
}

/** Why the wheel's output is held at zero. */
export type WheelHoldCode = "e_stopped" | "disarmed" | "no_feedback";

export interface FlywheelPermitInput {
  readonly eStopped: boolean;
  /** Armed by the team (the arm topic, or the parameter set on purpose). */
  readonly armed: boolean;
  readonly feedback: WheelFeedback;
  /** The team allows driving without speed feedback (feedforward alone, or the drive's own loop). */
  readonly allowOpenLoop: boolean;
}

export interface FlywheelPermit {
  /**
   * closed_loop: drive on fresh feedback; open_loop: drive without it (allowed on purpose);
   * zero: command zero.
   */
  readonly drive: "closed_loop" | "open_loop" | "zero";
  /** Every reason for zero, in precedence order: the e-stop, then arming, then feedback. Empty unless drive is zero. */
  readonly holds: readonly WheelHoldCode[];
}

/**
 * The wheel is driven only when not e-stopped, armed, and either its feedback is fresh or
 * open-loop running is allowed. Every reason that holds is listed, so a disarmed launcher still
 * says that its encoder is silent before anyone arms it.
 */
export function flywheelPermit(input: FlywheelPermitInput): FlywheelPermit {
  const fresh = input.feedback.kind === "fresh";
  const holds: WheelHoldCode[] = [];
  if (input.eStopped) holds.push("e_stopped");
  if (!input.armed) holds.push("disarmed");
  if (!fresh && !input.allowOpenLoop) holds.push("no_feedback");
  if (holds.length > 0) return { drive: "zero", holds };
  return { drive: fresh ? "closed_loop" : "open_loop", holds };
}

/** A fault holds the wheel (e-stop, or feedback that should be there and is not), as opposed to a state the team chose (disarmed) or a start (feedback awaited). */
export function isWheelFault(permit: FlywheelPermit, feedback: WheelFeedback): boolean {
  if (permit.holds.includes("e_stopped")) return true;
  return permit.holds.includes("no_feedback") && (feedback.kind === "missing" || feedback.kind === "lost");
}
