import { hypot2 } from "../core/hypot";
import { at, atFloat64 } from "../core/indexed";
import { courtMapFromParameters } from "../core/court/courtSchema";
import type { CourtMap, Pose2 } from "../core/court/courtMap";
import { GlobalInitializer } from "../core/estimation/globalInitializer";
import { DeadReckoning } from "../core/estimation/DeadReckoning";
import { IntegrityMonitor } from "../core/estimation/IntegrityMonitor";
import { carryForward } from "../core/court/rayCaster";
import { LockoutRecovery, type RecoveryEvent } from "../core/estimation/lockoutRecovery";
import { PoseEkf, type CorrectionResult, type RangeMeasurement, type StepResult } from "../core/estimation/poseEkf";
import { rangeSigma, systematicShare } from "../core/estimation/rangeSigma";
import { StartupLocalizer } from "../core/estimation/StartupLocalizer";
import { isStale, markCovarianceStale, TargetProjection, type LauncherMount, type TargetEstimate } from "../core/estimation/targetOutput";
import { STATE_SIZE } from "../core/estimation/stateLayout";
import { RobotTransformKeeper } from "../core/estimation/robotTransform";
import { header, planarPose, transformStamped, yawFromQuaternion } from "../msgs/builders";
import { secondsFromTime } from "../msgs/time";
import { DiagnosticLevel, type Odometry, type Range } from "../msgs/types";
import type { NodeBehaviour, NodeContext, NodeDefinition, ParameterValues } from "../runtime/port";
import { QoS } from "../runtime/qos";
import { DiagnosticsReporter, TF_STATIC_TOPIC, TF_TOPIC } from "./common";
import { booleanParameter, numberParameter, stringParameter } from "../core/parameters/readers";
import { estimationMarkers } from "./target_estimation.markers";
import { mountSource, robotFrameSpecs } from "./robot_frames.schema";
import { TfStaticMounts } from "./tfStaticMounts";
import type { FramePose } from "../core/robotFrames";
import {
  detectionMountFromParameters,
  lockoutOptionsFromParameters,
  mountFramesFromParameters,
  retiredTargetEstimationKey,
  targetEstimationShared,
  poseEkfOptionsFromParameters,
  rangeInputsFromParameters,
  startRegionFromParameters,
  targetEstimationGroupRules,
  targetEstimationGroups,
  targetEstimationRules,
  targetEstimationSchema,
  type MovableMount,
  type RangeInput,
} from "./target_estimation.schema";

/** Orientation is not estimated: its variance on target/estimate says so. */
const UNESTIMATED_VARIANCE = 1e9;
/** The one valid verdict (validity() runs on every publish tick). */
const VALID: Validity = Object.freeze({ kind: "ok", message: "ok" });

interface Validity {
  readonly kind: "ok" | "suspect" | "stale" | "confirming" | "hoop_unseen";
  readonly message: string;
}

/** A RangeMeasurement a range input rewrites for each reading (see onRange). */
type MutableRangeMeasurement = { -readonly [K in keyof RangeMeasurement]: RangeMeasurement[K] };

/**
 * target_estimation: knows the court; fuses every range and detection into the robot's pose (EKF)
 * and publishes where the hoop is relative to the launcher, with covariance.
 * Stale convention: when nothing corrected the estimate within stale_timeout, or the estimate is
 * suspect (its windowed innovation test failed, until a re-search of the start region finds the
 * pose again), target/estimate's pose covariance[0] is -1 (STALE_COVARIANCE_MARKER; the other
 * entries keep their values).
 * Frames (REP-105): the pose goes on /tf as map -> odom (with odometry) or map -> base_link, and
 * the robot_frames and the launcher on /tf_static (RobotTransformKeeper
 * says when; publish_tf and publish_mount_tf turn them off).
 */
export const targetEstimation: NodeDefinition = {
  name: "target_estimation",
  description: "Fuses laser measurements into the robot's pose on the court and the hoop's position relative to the launcher",
  schema: targetEstimationSchema,
  groups: targetEstimationGroups,
  rules: targetEstimationRules,
  groupRules: targetEstimationGroupRules,
  shared: targetEstimationShared,
  retired: retiredTargetEstimationKey,
  configure(context) {
    return new TargetEstimationNode(context).behaviour;
  },
};

class TargetEstimationNode {
  readonly behaviour: NodeBehaviour;
  private readonly p: ParameterValues;
  private readonly map: CourtMap;
  private readonly ekf: PoseEkf;
  private readonly launcher: LauncherMount;
  /** The start search (init.mode search), and the re-search after an integrity failure. */
  private readonly startup: StartupLocalizer;
  private readonly startMode: string;
  private readonly integrity: IntegrityMonitor;
  /** Why the estimate is suspect (published stale, re-searching), if it is. */
  private suspect: string | undefined;
  private readonly integrityCounts = { suspect: 0, researched: 0 };
  /** The start test the last search failed, to log each new failure once. */
  private lastFailedTest: string | undefined;
  /** Why the last published target/estimate was (not) valid. */
  private lastValidity = "";
  /** Filter time of the last pole detection the filter accepted [s]: the hoop seen where the map puts it. */
  private poleSeenTime = -Infinity;
  /** The filter's velocity, read on every correction (velocityInto: no object per reading). */
  private readonly twist = { vx: 0, vy: 0, yawRate: 0 };
  /** Odometry integrated on its own: carries a searched pose over the callbacks the search took. */
  private readonly deadReckoning = new DeadReckoning();
  private readonly lastRejection = new Map<string, string>();
  private readonly mapFrame: string;
  private readonly launcherFrame: string;
  private staleTimeout: number;
  /** The gate lock-out recovery (ekf.lockout_*; writable, so re-read when parameters change). */
  private readonly lockout: LockoutRecovery;
  private startNote = "";
  /** Twist variances used where an odometry message's covariance is zero [(m/s)^2, (rad/s)^2]. */
  private readonly odometryFallbackVariance: { readonly linear: number; readonly angular: number };
  /** What goes on /tf (undefined with publish_tf false). */
  private readonly transformKeeper: RobotTransformKeeper | undefined;
  /** Inputs whose messages came in another frame than the one published for them: warned once each. */
  private readonly frameWarned = new Set<string>();
  // Scratch of the per-reading and per-tick paths (issue 16: they allocate nothing): the filter's
  // state and covariance copies, the hoop's projection, odometry's twist (each range input's
  // measurement is its subscription's).
  private readonly stateCopy = new Float64Array(STATE_SIZE);
  private readonly covarianceCopy = new Float64Array(STATE_SIZE * STATE_SIZE);
  private readonly projection = new TargetProjection();
  private readonly odometryTwist = { vx: 0, vy: 0, yawRate: 0 };
  /** A Float64Array: written per odometry message, a plain array would hold some of its numbers boxed. */
  private readonly odometryVariance = new Float64Array(9);
  private readonly odometryPose = { x: 0, y: 0, yaw: 0 };
  /** The filter's pose on a publish or markers tick (copied into the messages; the transform keeper copies it too). */
  private readonly tickPose = { x: 0, y: 0, yaw: 0 };
  /** The mounts from /tf_static (robot_frames.source tf_static), else undefined: the block's. */
  private mounts: TfStaticMounts | undefined;
  /** With mounts from /tf_static: the frames resolved and planar (the others' inputs are not used). */
  private readonly usableFrames = new Map<string, boolean>();

  constructor(private readonly context: NodeContext) {
    const p = (this.p = context.parameters);
    this.map = courtMapFromParameters(p);
    const rangeInputs = rangeInputsFromParameters(p);
    const ekfOptions = poseEkfOptionsFromParameters(p);
    this.ekf = new PoseEkf(this.map, ekfOptions);
    // With ekf.range_bias consider or estimate, range input i carries the filter's i-th bias.
    const biased = (ekfOptions.rangeBiases ?? []).length > 0;
    this.launcher = { x: numberParameter(p, "launcher.x"), y: numberParameter(p, "launcher.y"), z: numberParameter(p, "launcher.z"), yaw: numberParameter(p, "launcher.yaw") };
    this.mapFrame = stringParameter(p, "map_frame");
    this.launcherFrame = stringParameter(p, "launcher_frame");
    this.staleTimeout = numberParameter(p, "stale_timeout");
    this.lockout = new LockoutRecovery(this.ekf, this.map, lockoutOptionsFromParameters(p));
    this.odometryFallbackVariance = { linear: numberParameter(p, "odometry.sigma_linear") ** 2, angular: numberParameter(p, "odometry.sigma_angular") ** 2 };
    this.startMode = stringParameter(p, "init.mode");
    this.startup = new StartupLocalizer(new GlobalInitializer(this.map, { maxStartSigma: numberParameter(p, "init.max_start_sigma") }), {
      batchPeriod: numberParameter(p, "init.batch_period"),
      region: startRegionFromParameters(p),
      stepsPerCall: numberParameter(p, "search_steps_per_callback"),
    });
    this.integrity = new IntegrityMonitor({ window: numberParameter(p, "integrity.window"), z: numberParameter(p, "integrity.nis_z"), minFailingInputs: numberParameter(p, "integrity.min_failing_inputs") });

    const mounts = mountFramesFromParameters(p);
    const publishMounts = booleanParameter(p, "publish_mount_tf");
    const useOdometry = booleanParameter(p, "odometry.enabled");
    this.transformKeeper = booleanParameter(p, "publish_tf") ? new RobotTransformKeeper({ useOdometry, maxOdometryAge: this.staleTimeout }) : undefined;

    const detectionMount = booleanParameter(p, "detection.enabled") ? detectionMountFromParameters(p) : undefined;
    if (mountSource(p) === "tf_static") this.mounts = this.mountsFromTf(rangeInputs, detectionMount);
    rangeInputs.forEach((input, index) => {
      // Built once: a string made per reading would be garbage at the sensors' rate.
      const frameKey = `range_inputs.${input.name}.frame_id`;
      // The filter and the lock-out recovery copy what they keep: one object per input, rewritten per reading.
      const measurement: MutableRangeMeasurement = { mount: input.mount, range: Number.NaN, sigma: Number.NaN, minRange: Number.NaN, maxRange: Number.NaN, input: biased ? index : undefined };
      context.createSubscription("sensor_msgs/msg/Range", input.topic, QoS.sensorData, (m) => {
        if (!this.mountUsable(input.frameId)) return;
        if (publishMounts) this.checkFrame(input.name, m.header.frame_id, input.frameId, frameKey);
        this.onRange(input, measurement, m);
      });
    });
    if (detectionMount !== undefined) this.subscribeDetection(context, publishMounts, detectionMount);
    const frames = { odom: stringParameter(p, "odom_frame"), base: stringParameter(p, "base_frame") };
    if (useOdometry) {
      context.createSubscription("nav_msgs/msg/Odometry", "odom", QoS.sensorData, (m) => {
        if (this.transformKeeper !== undefined) {
          this.checkFrame("odom", m.header.frame_id, frames.odom, "odom_frame");
          this.checkFrame("odom child", m.child_frame_id, frames.base, "base_frame");
        }
        this.onOdometry(m);
      });
    }
    this.publishEstimates(context, frames);
    // One latched message with every mount, as tf2_ros's static broadcaster sends them; sent on
    // each activation (an inactive node publishes nothing).
    const staticTf = publishMounts && mounts.length > 0 ? context.createPublisher("tf2_msgs/msg/TFMessage", TF_STATIC_TOPIC, QoS.tfStatic) : undefined;
    this.publishMarkers(context);
    const diagnostics: DiagnosticsReporter = new DiagnosticsReporter(context, () => [this.status(diagnostics), ...(this.mounts !== undefined ? [this.mounts.status(diagnostics)] : [])]);
    this.behaviour = {
      onActivate: () => {
        staticTf?.publish({ transforms: mounts.map((mount) => transformStamped(context.now(), mount.parent, mount.frame, mount)) });
      },
      applyParameters: () => {
        this.staleTimeout = numberParameter(this.p, "stale_timeout");
        this.transformKeeper?.setMaxOdometryAge(this.staleTimeout);
        this.lockout.setOptions(lockoutOptionsFromParameters(this.p));
      },
    };
  }

  /**
   * The mounts from /tf_static, base_frame -> each range input's frame and the lidar's: until every
   * one resolves no reading is used (no estimate), and a tilted one's never; each change moves the
   * mounts in place, and with them every measurement that holds them.
   */
  private mountsFromTf(rangeInputs: readonly RangeInput[], detectionMount: MovableMount | undefined): TfStaticMounts {
    const p = this.p;
    const lidarFrame = stringParameter(p, "detection.frame_id");
    const moved: { readonly frame: string; readonly mount: MovableMount }[] = [
      ...rangeInputs.map((input) => ({ frame: input.frameId, mount: input.mount })),
      ...(detectionMount !== undefined ? [{ frame: lidarFrame, mount: detectionMount }] : []),
    ];
    const frames = [...new Set(moved.map((m) => m.frame))];
    const mounts: TfStaticMounts = new TfStaticMounts(this.context, { specs: robotFrameSpecs(p), reference: { kind: "base", name: stringParameter(p, "base_frame") }, frames, waitingLevel: DiagnosticLevel.WARN }, () => {
      for (const frame of frames) this.usableFrames.set(frame, mounts.complete && mounts.pose(frame) !== undefined);
      for (const { frame, mount } of moved) {
        const pose = mounts.pose(frame);
        if (pose !== undefined) moveMount(mount, pose);
      }
    });
    return mounts;
  }

  /** Whether readings in `frame` may be used: always with the block's mounts; from /tf_static once every needed frame resolved and this one is planar. */
  private mountUsable(frame: string): boolean {
    return this.mounts === undefined || this.usableFrames.get(frame) === true;
  }

  /** The lidar's pole detections (ranging/target): a range and a bearing from the lidar's mount. */
  private subscribeDetection(context: NodeContext, publishMounts: boolean, mount: MovableMount): void {
    const p = this.p;
    const sigmaRange = numberParameter(p, "detection.sigma_range");
    const sigmaBearing = numberParameter(p, "detection.sigma_bearing");
    const lidarFrame = stringParameter(p, "detection.frame_id");
    context.createSubscription("geometry_msgs/msg/PointStamped", stringParameter(p, "detection.topic"), QoS.sensorData, (m) => {
      if (!this.mountUsable(lidarFrame)) return;
      if (publishMounts) this.checkFrame("detection", m.header.frame_id, lidarFrame, "detection.frame_id");
      const detection = { mount, point: { x: m.point.x, y: m.point.y }, sigmaRange, sigmaBearing };
      if (!this.ekf.isInitialized || this.suspect !== undefined) this.startup.addDetection(detection, this.motionAnchor());
      if (!this.ekf.isInitialized) return;
      const result = this.ekf.updateDetection(secondsFromTime(m.header.stamp), detection);
      this.record("detection", result);
      if (result.accepted) this.poleSeenTime = this.ekf.currentTime;
      this.checkIntegrity("detection", result, numberParameter(this.p, "ekf.detection_gate"), 2);
      this.log(this.lockout.afterCorrection("detection", result));
    });
  }

  /** Every publish_period: target/estimate, estimation/robot_pose, and (publish_tf) the robot's transform on /tf. */
  private publishEstimates(context: NodeContext, frames: { readonly odom: string; readonly base: string }): void {
    const estimate = context.createPublisher("nav_msgs/msg/Odometry", "target/estimate", QoS.reliable);
    const robotPose = context.createPublisher("geometry_msgs/msg/PoseWithCovarianceStamped", "estimation/robot_pose", QoS.reliable);
    const tf = this.transformKeeper !== undefined ? context.createPublisher("tf2_msgs/msg/TFMessage", TF_TOPIC, QoS.tf) : undefined;
    context.createTimer(numberParameter(this.p, "publish_period"), () => {
      if (!this.ekf.isInitialized) return;
      const stamp = this.ekf.currentTime;
      const covariance = this.ekf.covarianceInto(this.covarianceCopy);
      const validity = this.validity();
      estimate.publish(targetMessage(this.target(covariance, validity), stamp, this.launcherFrame));
      // Each change of whether (and why not) the estimate is valid goes to the log, for rqt_console and replays.
      if (validity.kind !== this.lastValidity) context.logger.info(`target/estimate ${validity.kind === "ok" ? "valid" : validity.message}`);
      this.lastValidity = validity.kind;
      const pose = this.ekf.poseInto(this.tickPose);
      robotPose.publish({ header: header(stamp, this.mapFrame), pose: { pose: planarPose(pose.x, pose.y, pose.yaw), covariance: planarCovariance6(covariance) } });
      const transform = this.transformKeeper?.update(stamp, pose, validity.kind === "ok");
      if (tf !== undefined && transform?.kind === "publish") {
        tf.publish({ transforms: [transformStamped(stamp, this.mapFrame, transform.child === "odom" ? frames.odom : frames.base, transform.transform)] });
      }
    });
  }

  /** Every markers_period: the court and the robot's pose with its covariance, for rviz. */
  private publishMarkers(context: NodeContext): void {
    const markers = context.createPublisher("visualization_msgs/msg/MarkerArray", "estimation/markers", QoS.reliable);
    context.createTimer(numberParameter(this.p, "markers_period"), () => {
      const initialized = this.ekf.isInitialized;
      const P = this.ekf.covarianceInto(this.covarianceCopy);
      markers.publish({
        markers: estimationMarkers(this.map, this.mapFrame, context.now(), initialized ? this.ekf.poseInto(this.tickPose) : undefined, initialized ? [at(P, 0), at(P, 1), at(P, STATE_SIZE), at(P, STATE_SIZE + 1)] : undefined),
      });
    });
  }

  /**
   * A reading of `input` (the message itself is passed: numbers passed one by one are boxed on
   * every reading), written into `measurement`, the input's own (see the subscription).
   */
  private onRange(input: RangeInput, measurement: MutableRangeMeasurement, m: Range): void {
    const time = secondsFromTime(m.header.stamp);
    const range = m.range;
    const sigma = rangeSigma(Number.isFinite(range) ? range : 0, input.noise);
    if (!this.ekf.isInitialized) {
      // The start search keeps its readings: a measurement of its own.
      this.initialize(time, input.name, { mount: input.mount, range, sigma, minRange: m.min_range, maxRange: m.max_range });
      return;
    }
    measurement.range = range;
    measurement.sigma = sigma;
    measurement.minRange = m.min_range;
    measurement.maxRange = m.max_range;
    const result = this.ekf.updateRange(time, measurement);
    this.record(input.name, result);
    this.checkIntegrity(input.name, result, numberParameter(this.p, "ekf.range_gate"), 1, systematicShare(Number.isFinite(range) ? range : 0, input.noise));
    this.log(this.lockout.afterRange(input.name, measurement, result));
    if (this.suspect !== undefined) this.research(time, input.name, { ...measurement });
  }

  /** Feeds a weighed correction's NIS (accepted, or gated) to the windowed test; a failure makes the estimate suspect and starts a re-search. */
  private checkIntegrity(source: string, result: CorrectionResult, gate: number, dof: number, share = 0): void {
    if (this.suspect !== undefined || !this.slowEnoughToJudge()) return;
    const nis = result.accepted ? result.nis : result.reason === "gated" ? result.nis : undefined;
    if (nis === undefined) return;
    const failure = this.integrity.add(source, nis, dof, gate, share);
    if (failure === undefined) return;
    this.suspect = failure.message;
    this.integrityCounts.suspect++;
    this.startup.restart("re-search: collecting ranges");
    this.context.logger.warn(`estimate suspect (${failure.message}): published stale; re-searching the start region`);
  }

  /**
   * Whether the robot moves slowly enough for the windowed test to judge a correction: driving,
   * latency and stamp lag make the innovations wider than the covariance says (a real model
   * error, and the shots are taken standing or slow), so fast driving is not judged at all.
   */
  private slowEnoughToJudge(): boolean {
    const v = this.ekf.velocityInto(this.twist);
    return hypot2(v.vx, v.vy) <= numberParameter(this.p, "integrity.max_speed") && Math.abs(v.yawRate) <= numberParameter(this.p, "integrity.max_yaw_rate");
  }

  /** The re-search of a suspect estimate: a pose that passes every start test replaces the filter's. */
  private research(time: number, name: string, measurement: RangeMeasurement): void {
    const decision = this.startup.add(time, name, measurement, this.motionAnchor());
    if (decision.kind === "wait") return;
    const pose = this.carried(decision);
    const from = this.ekf.pose();
    const moved = this.ekf.relocate(pose, decision.covariance);
    this.record("re-search", moved);
    if (!moved.accepted) return;
    this.integrity.reset();
    this.lockout.startOver();
    this.poleSeenTime = -Infinity;
    this.suspect = undefined;
    this.integrityCounts.researched++;
    this.startNote = `re-searched after an integrity failure: ${decision.note}`;
    this.context.logger.warn(`re-search found the pose ${(100 * hypot2(pose.x - from.x, pose.y - from.y)).toFixed(1)} cm, ${(pose.yaw - from.yaw).toFixed(3)} rad from the suspect one: ${decision.note}`);
  }

  private initialize(time: number, name: string, measurement: RangeMeasurement): void {
    if (this.startMode === "pose") {
      const xy = numberParameter(this.p, "init.sigma_xy") ** 2;
      const yaw = numberParameter(this.p, "init.sigma_yaw") ** 2;
      const pose = { x: numberParameter(this.p, "init.x"), y: numberParameter(this.p, "init.y"), yaw: numberParameter(this.p, "init.yaw") };
      this.record("init", this.ekf.initialize(time, pose, [xy, 0, 0, 0, xy, 0, 0, 0, yaw]));
      this.startNote = "started at the configured pose";
      return;
    }
    const decision = this.startup.add(time, name, measurement, this.motionAnchor());
    if (decision.kind === "wait") {
      // A start test that fails is logged once, when it first fails (each search repeats it).
      if (decision.failedTest !== undefined && decision.failedTest !== this.lastFailedTest) this.context.logger.info(`no start yet: ${decision.reason}`);
      this.lastFailedTest = decision.failedTest;
      return;
    }
    this.record("init", this.ekf.initialize(time, this.carried(decision), decision.covariance));
    this.startNote = decision.note;
    this.context.logger.info(`${decision.note}: x=${decision.pose.x.toFixed(3)} m, y=${decision.pose.y.toFixed(3)} m, yaw=${decision.pose.yaw.toFixed(3)} rad`);
  }

  /**
   * The pose the start search's readings are anchored to, to bring them to one robot frame and to
   * carry the found pose over the search's callbacks: odometry dead reckoning once heard, else the
   * filter's own pose (a re-search), else none (a robot starting without odometry must stand still).
   */
  private motionAnchor(): Pose2 | undefined {
    if (this.deadReckoning.heard) return this.deadReckoning.pose;
    return this.ekf.isInitialized ? this.ekf.pose() : undefined;
  }

  /** A start decision's pose carried from its batch's anchor to the anchor now. */
  private carried(decision: { readonly pose: Pose2; readonly anchor?: Pose2 }): Pose2 {
    const now = this.motionAnchor();
    return decision.anchor === undefined || now === undefined ? decision.pose : carryForward(decision.pose, decision.anchor, now);
  }

  /**
   * Warns once per input whose messages carry another frame than the one this node publishes for
   * it: rviz would draw them elsewhere than the estimator assumes them to be, or not at all.
   */
  private checkFrame(input: string, received: string, published: string, parameter: string): void {
    if (received === published || published === "" || this.frameWarned.has(input)) return;
    this.frameWarned.add(input);
    this.context.logger.warn(`${input}: messages in frame "${received}", but ${parameter} is "${published}", the frame this node's transforms name: set ${parameter} to "${received}" or rviz cannot place them`);
  }

  private onOdometry(m: Odometry): void {
    const t = m.twist.twist;
    const stamp = secondsFromTime(m.header.stamp);
    const odomPose = m.pose.pose;
    const twist = this.odometryTwist;
    twist.vx = t.linear.x;
    twist.vy = t.linear.y;
    twist.yawRate = t.angular.z;
    this.deadReckoning.update(stamp, twist);
    if (this.transformKeeper !== undefined) {
      const pose = this.odometryPose;
      pose.x = odomPose.position.x;
      pose.y = odomPose.position.y;
      pose.yaw = yawFromQuaternion(odomPose.orientation);
      this.transformKeeper.noteOdometry(stamp, pose, twist);
    }
    if (!this.ekf.isInitialized) return;
    const c = m.twist.covariance;
    const { linear, angular } = this.odometryFallbackVariance;
    // Only the diagonal is written: the off-diagonal entries stay 0.
    const variance = this.odometryVariance;
    writePositiveOr(variance, 0, c[0], linear);
    writePositiveOr(variance, 4, c[7], linear);
    writePositiveOr(variance, 8, c[35], angular);
    this.record("odometry", this.ekf.predictWithOdometry(secondsFromTime(m.header.stamp), twist, variance));
  }

  private record(source: string, result: CorrectionResult | StepResult): void {
    if (result.accepted) this.lastRejection.delete(source);
    else this.lastRejection.set(source, result.message);
  }

  private log(event: RecoveryEvent | undefined): void {
    if (event !== undefined) this.context.logger.warn(event.message);
  }

  /** The hoop from the launcher, from the filter's state and `covariance` (the caller's copy of it). */
  private target(covariance: Float64Array, validity = this.validity()): TargetEstimate {
    const target = this.projection.project(this.map, this.launcher, this.ekf.stateInto(this.stateCopy), covariance, this.context.now(), this.ekf.lastCorrectionTime, this.staleTimeout);
    if (validity.kind !== "ok") this.projection.markStale();
    return target;
  }

  /**
   * Whether the hoop's pole was seen where the map puts it within integrity.hoop_seen_timeout
   * (always, without a detection input or with the timeout 0): a map whose hoop is not where the
   * fences say, or a world that is not the court, fits the fences but not the pole.
   */
  private get hoopSeen(): boolean {
    const timeout = numberParameter(this.p, "integrity.hoop_seen_timeout");
    if (!booleanParameter(this.p, "detection.enabled") || timeout === 0) return true;
    return this.context.now() - this.poleSeenTime <= timeout;
  }

  /**
   * Whether target/estimate is published valid, and if not the first reason why: suspect (the
   * windowed test failed; re-searching), stale (no correction), confirming (a start's
   * probation), hoop_unseen (no pole detection agreed with the map lately).
   */
  private validity(): Validity {
    const now = this.context.now();
    if (this.suspect !== undefined) return { kind: "suspect", message: `suspect, published stale: ${this.suspect}; ${this.startup.reason}` };
    if (isStale(now, this.ekf.lastCorrectionTime, this.staleTimeout)) return { kind: "stale", message: `stale: no correction for ${(now - this.ekf.lastCorrectionTime).toFixed(2)} s` };
    if (!this.confirmed) {
      return { kind: "confirming", message: `confirming the start, published stale: ${this.integrity.passingWindows()} of ${this.windowsToConfirm} inputs have a full window that passes` };
    }
    if (!this.hoopSeen) {
      const since = Number.isFinite(this.poleSeenTime) ? `${(now - this.poleSeenTime).toFixed(2)} s` : "ever since the start";
      return { kind: "hoop_unseen", message: `hoop not seen, published stale: no pole detection agreed with the map for ${since} (integrity.hoop_seen_timeout ${numberParameter(this.p, "integrity.hoop_seen_timeout")} s)` };
    }
    return VALID;
  }

  /** Whether enough inputs' windows have filled and passed since the last start (the start's probation is over). */
  private get confirmed(): boolean {
    return this.integrity.passingWindows() >= this.windowsToConfirm;
  }

  /**
   * integrity.min_full_windows, or every input heard from since the start when fewer report: a
   * robot with two lasers and no lidar has two windows to fill, whatever the params file lists.
   */
  private get windowsToConfirm(): number {
    return Math.min(numberParameter(this.p, "integrity.min_full_windows"), Math.max(1, this.integrity.reportingInputs()));
  }

  private status(reporter: DiagnosticsReporter) {
    if (!this.ekf.isInitialized) {
      return reporter.status(DiagnosticLevel.WARN, "estimate", `not initialized: ${this.startMode === "pose" ? "waiting for the first range" : this.startup.reason}`, {
        start_test_failed: this.startup.failedTest ?? "none",
      });
    }
    const d = this.ekf.diagnostics();
    const sinceCorrection = this.context.now() - d.lastCorrectionTime;
    const rejected = Object.entries(d.rejected).map(([reason, count]) => `${reason}: ${String(count)}`);

    const odometryScale = this.ekf.odometryScale();
    const recoveries = this.lockout.recoveries;
    const named = this.lockout.namedInputs;
    const validity = this.validity();
    const target = this.target(this.ekf.covarianceInto(this.covarianceCopy), validity);
    const level = validity.kind === "suspect" || validity.kind === "stale" ? DiagnosticLevel.ERROR : this.lastRejection.size > 0 || validity.kind !== "ok" ? DiagnosticLevel.WARN : DiagnosticLevel.OK;
    return reporter.status(level, "estimate", validity.message, {
      start: this.startNote,
      integrity: this.suspect ?? "ok",
      integrity_suspect_count: this.integrityCounts.suspect,
      integrity_researched: this.integrityCounts.researched,
      start_test_failed: this.startup.failedTest ?? "none",
      integrity_failing_inputs: this.integrity.failingInputs().join(", ") || "none",
      windowed_mean_nis: Object.entries(this.integrity.means()).map(([input, mean]) => `${input} ${mean.toFixed(2)}`).join(", ") || "none",
      hoop_distance_m: target.horizontalDistance,
      hoop_distance_sigma_m: target.horizontalDistanceSigma,
      mean_nis_per_dof: d.dofSum > 0 ? d.nisSum / d.dofSum : Number.NaN,
      last_nis: d.lastNis,
      accepted: d.accepted,
      lockout_relocations: recoveries.relocated,
      lockout_inflations: recoveries.inflated,
      lockout_inputs_disagreeing: named.length,
      lockout_named_inputs: named.join(", ") || "none",
      lockout_disagree_reports: recoveries.input_disagrees,
      last_lockout: this.lockout.lastEvent?.message ?? "none",
      odometry_scale: odometryScale.estimate,
      odometry_scale_sigma: odometryScale.sigma,
      rejected: rejected.join(", ") || "none",
      time_since_correction_s: sinceCorrection,
      last_rejections: [...this.lastRejection.entries()].map(([source, message]) => `${source}: ${message}`).join(" | ") || "none",
      tf: this.transformKeeper?.status ?? "off (publish_tf false)",
    });
  }
}

function targetMessage(target: TargetEstimate, stamp: number, frame: string): Odometry {
  const pose = new Float64Array(36);
  const twist = new Float64Array(36);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      pose[i * 6 + j] = target.positionCovariance[i * 3 + j] ?? 0;
      twist[i * 6 + j] = target.velocityCovariance[i * 3 + j] ?? 0;
    }
    pose[(i + 3) * 7] = UNESTIMATED_VARIANCE;
  }
  twist[21] = UNESTIMATED_VARIANCE;
  twist[28] = UNESTIMATED_VARIANCE;
  twist[35] = target.yawRateVariance;
  // Indexed reads, not destructuring: `const [x, y, z] = ...` runs the array iterator, an object per tick.
  const position = target.position;
  const velocity = target.velocity;
  return {
    header: header(stamp, frame),
    child_frame_id: "target",
    pose: { pose: { position: { x: position[0], y: position[1], z: position[2] }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, covariance: target.stale ? markCovarianceStale(pose) : pose },
    twist: { twist: { linear: { x: velocity[0], y: velocity[1], z: velocity[2] }, angular: { x: 0, y: 0, z: target.yawRate } }, covariance: twist },
  };
}

/** Where the filter's x, y, yaw go in a 6x6 pose covariance (x, y, z, roll, pitch, yaw). */
const PLANAR_INDEX = [0, 1, 5] as const;

/** The filter's (x, y, yaw) block placed in a 6x6 pose covariance (x, y, z, roll, pitch, yaw). */
function planarCovariance6(P: Float64Array): Float64Array {
  const out = new Float64Array(36);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out[at(PLANAR_INDEX, i) * 6 + at(PLANAR_INDEX, j)] = atFloat64(P, i * STATE_SIZE + j);
  out[14] = UNESTIMATED_VARIANCE;
  out[21] = UNESTIMATED_VARIANCE;
  out[28] = UNESTIMATED_VARIANCE;
  return out;
}

/** Moves a mount in place to `pose` (its base-frame pose from /tf_static). */
function moveMount(mount: MovableMount, pose: FramePose): void {
  mount.x = pose.x;
  mount.y = pose.y;
  mount.z = pose.z;
  mount.yaw = pose.yaw;
}

/**
 * An odometry variance into `out[index]` when it is positive, else the configured fallback. Two
 * stores, not one of `v > 0 ? v : fallback`: that value (a double or a constant number object) came
 * out boxed, a new object per message, on its way into the Float64Array.
 */
function writePositiveOr(out: Float64Array, index: number, value: number | undefined, fallback: number): void {
  const v = value ?? 0;
  if (v > 0) out[index] = v;
  else out[index] = fallback;
}
