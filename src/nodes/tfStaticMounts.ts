import type { FramePose, RobotFrameSpec } from "../core/robotFrames";
import { MAX_MOUNT_TILT_RAD, resolveMounts, StaticTransformTree, type MountRequest, type MountResolution, type MountState, type StaticTransform } from "../core/staticTransforms";
import { DiagnosticLevel, type DiagnosticLevelValue, type DiagnosticStatus, type TFMessage, type TransformStamped } from "../msgs/types";
import type { NodeContext } from "../runtime/port";
import { QoS } from "../runtime/qos";
import { TF_STATIC_TOPIC, type DiagnosticsReporter } from "./common";

export interface TfStaticMountsOptions {
  /** The robot_frames block. */
  readonly specs: readonly RobotFrameSpec[];
  readonly reference: MountRequest["reference"];
  /** The frames the node uses. */
  readonly frames: readonly string[];
  /** The level of "waiting" on /diagnostics: the node's own for "no data yet". */
  readonly waitingLevel: DiagnosticLevelValue;
}

/**
 * One node's mounts from /tf_static (robot_frames.source tf_static): subscribes as tf2's listener
 * does, also while inactive (a latched sample is delivered once, perhaps between configure and
 * activate), merges every publisher's message by child frame, resolves the needed frames
 * (src/core/staticTransforms) and calls `onChange` after each change, so the node moves its
 * mounts in place. Logs each change and reports the mounts on /diagnostics.
 */
export class TfStaticMounts {
  private readonly tree = new StaticTransformTree();
  private resolution: MountResolution;
  private readonly request: MountRequest;

  constructor(
    private readonly context: NodeContext,
    private readonly options: TfStaticMountsOptions,
    private readonly onChange: () => void,
  ) {
    this.request = { specs: options.specs, reference: options.reference, frames: options.frames };
    this.resolution = resolveMounts(this.tree, this.request);
    context.createSubscription("tf2_msgs/msg/TFMessage", TF_STATIC_TOPIC, QoS.tfStaticListener, (message) => this.onMessage(message), { whileInactive: true });
  }

  /** Whether no needed frame is waiting for /tf_static. */
  get complete(): boolean {
    return this.resolution.complete;
  }

  /** A needed frame's pose in the reference, once resolved and planar (undefined while waiting, or tilted: not to be used). */
  pose(frame: string): FramePose | undefined {
    const state = this.resolution.mounts.find((m) => m.frame === frame);
    return state?.kind === "resolved" ? state.pose : undefined;
  }

  /** The mounts on /diagnostics: ERROR for a tilted frame, the waiting level while one waits, WARN where the block differs, else OK. */
  status(reporter: DiagnosticsReporter): DiagnosticStatus {
    const { mounts, mismatches } = this.resolution;
    const tilted = mounts.filter((m): m is Extract<MountState, { kind: "tilted" }> => m.kind === "tilted");
    const waiting = mounts.filter((m) => m.kind === "waiting");
    const notes = [
      ...tilted.map((m) => this.tiltNote(m)),
      ...(waiting.length > 0 ? [`waiting for /tf_static: ${waiting.map((m) => `${this.referenceName} -> ${m.frame}`).join(", ")}`] : []),
      ...mismatches.map((m) => `${m.frame}: /tf_static ${formatPose(m.tfStatic)} differs from robot_frames ${formatPose(m.block)} (in ${this.referenceName}): /tf_static used`),
    ];
    const level = tilted.length > 0 ? DiagnosticLevel.ERROR : waiting.length > 0 ? this.options.waitingLevel : mismatches.length > 0 || this.tree.refused.size > 0 ? DiagnosticLevel.WARN : DiagnosticLevel.OK;
    const values: Record<string, string> = { source: "tf_static" };
    for (const m of mounts) values[m.frame] = this.describe(m);
    if (this.tree.refused.size > 0) values.refused_transforms = [...this.tree.refused.values()].join("; ");
    const resolved = mounts.filter((m) => m.kind === "resolved").map((m) => `${this.referenceName} -> ${m.frame} ${this.describe(m)}`);
    return reporter.status(level, "mounts", notes.join("; ") || `from /tf_static: ${resolved.join(", ")}`, values);
  }

  private get referenceName(): string {
    return this.options.reference.name;
  }

  private onMessage(message: TFMessage): void {
    if (!this.tree.merge(message.transforms.map(staticTransform))) return;
    this.resolution = resolveMounts(this.tree, this.request);
    this.log();
    this.onChange();
  }

  private log(): void {
    const { logger } = this.context;
    const { mounts, mismatches, complete } = this.resolution;
    for (const m of mounts) if (m.kind === "tilted") logger.error(this.tiltNote(m));
    for (const m of mismatches) logger.warn(`mount ${m.frame}: /tf_static ${formatPose(m.tfStatic)} differs from robot_frames ${formatPose(m.block)} (in ${this.referenceName}): /tf_static used; update the params file`);
    if (!complete) {
      logger.info(`mounts: waiting for /tf_static: ${mounts.filter((m) => m.kind === "waiting").map((m) => `${this.referenceName} -> ${m.frame}`).join(", ")}`);
      return;
    }
    logger.info(`mounts from /tf_static: ${mounts.map((m) => `${this.referenceName} -> ${m.frame} ${this.describe(m)}`).join(", ")}`);
  }

  private tiltNote(m: Extract<MountState, { kind: "tilted" }>): string {
    return `${m.frame} is tilted (roll ${fixed(m.roll, 4)} rad, pitch ${fixed(m.pitch, 4)} rad in ${this.referenceName}, beyond ${MAX_MOUNT_TILT_RAD} rad): not used, the rays are planar`;
  }

  private describe(m: MountState): string {
    switch (m.kind) {
      case "resolved":
        return `${formatPose(m.pose)} (${m.via === "tf_static" ? "from /tf_static" : "its robot_frames parent's pose from /tf_static and its block offset"})`;
      case "waiting":
        return `waiting: ${m.reason}`;
      case "tilted":
        return `tilted: roll ${fixed(m.roll, 4)} rad, pitch ${fixed(m.pitch, 4)} rad: not used`;
    }
  }
}

/** x, y, z [m] and yaw [rad], as the params file writes them. */
function formatPose(p: FramePose): string {
  return `(x ${fixed(p.x, 3)} m, y ${fixed(p.y, 3)} m, z ${fixed(p.z, 3)} m, yaw ${fixed(p.yaw, 4)} rad)`;
}

/** `value` to `digits` decimals, a rounding residue's "-0.000" as "0.000". */
function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-0\.0*$/.test(text) ? text.slice(1) : text;
}

/** A TransformStamped as the core takes it; a leading "/" dropped, as tf2 does. */
function staticTransform(t: TransformStamped): StaticTransform {
  return { parent: t.header.frame_id.replace(/^\//, ""), child: t.child_frame_id.replace(/^\//, ""), translation: t.transform.translation, rotation: t.transform.rotation };
}
