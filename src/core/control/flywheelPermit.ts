import { emptyInPlace } from "./inPlace";

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
  const state = new WheelFeedbackState().update(now_s, activated_s, lastMeasurement_s, timeout_s);
  return state.kind === "fresh" || state.kind === "lost" ? { kind: state.kind, age_s: state.age_s } : { kind: state.kind, sinceActivation_s: state.sinceActivation_s };
}

/**
 * wheelFeedback as one object updated in place every control cycle (nothing allocated at 100 Hz).
 * It is a WheelFeedback: both times are kept, the one its kind names is meaningful (age_s for
 * fresh and lost, sinceActivation_s for awaited and missing).
 */
export class WheelFeedbackState {
  kind: WheelFeedback["kind"] = "awaited";
  /** Since the last measurement [s]; NaN before the first. */
  age_s = Number.NaN;
  /** Since activation [s]. */
  sinceActivation_s = 0;

  update(now_s: number, activated_s: number, lastMeasurement_s: number | undefined, timeout_s: number): this {
    if (!(timeout_s > 0)) throw new RangeError(`feedback timeout must be > 0 s, got ${timeout_s}`);
    this.sinceActivation_s = now_s - activated_s;
    if (lastMeasurement_s === undefined) {
      this.age_s = Number.NaN;
      this.kind = this.sinceActivation_s <= timeout_s ? "awaited" : "missing";
    } else {
      this.age_s = now_s - lastMeasurement_s;
      this.kind = this.age_s <= timeout_s ? "fresh" : "lost";
    }
    return this;
  }
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
  const state = new FlywheelPermitState().update(input.eStopped, input.armed, input.feedback.kind === "fresh", input.allowOpenLoop);
  return { drive: state.drive, holds: [...state.holds] };
}

/** flywheelPermit as one object updated in place every control cycle (its holds array reused). */
export class FlywheelPermitState implements FlywheelPermit {
  drive: FlywheelPermit["drive"] = "zero";
  readonly holds: WheelHoldCode[] = ["disarmed"];

  update(eStopped: boolean, armed: boolean, feedbackFresh: boolean, allowOpenLoop: boolean): this {
    const holds = this.holds;
    emptyInPlace(holds);
    if (eStopped) holds.push("e_stopped");
    if (!armed) holds.push("disarmed");
    if (!feedbackFresh && !allowOpenLoop) holds.push("no_feedback");
    this.drive = holds.length > 0 ? "zero" : feedbackFresh ? "closed_loop" : "open_loop";
    return this;
  }
}

/** A fault holds the wheel (e-stop, or feedback that should be there and is not), as opposed to a state the team chose (disarmed) or a start (feedback awaited). */
export function isWheelFault(permit: FlywheelPermit, feedback: WheelFeedback): boolean {
  if (permit.holds.includes("e_stopped")) return true;
  return permit.holds.includes("no_feedback") && (feedback.kind === "missing" || feedback.kind === "lost");
}
