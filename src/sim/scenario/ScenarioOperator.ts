import type { Pose2 } from "../../core/court/courtMap";
import { header, planarPose } from "../../msgs/builders";
import type { Odometry } from "../../msgs/types";
import type { InProcessGraph } from "../../runtime/inprocess/InProcessGraph";
import { QoS } from "../../runtime/qos";
import type { SimLauncherHooks, SimLauncherWorld, SimShotRecord } from "../nodes/simLauncher";
import { SIM_TOPICS } from "../nodes/simParameters";
import { NO_SPREAD, type BallSpread } from "../truth/trueShot";
import type { TeamTopics } from "./teamTopics";

/** Wraps a piece of the truth so that reading it outside the referee throws (identity when the run is not sealed). */
export type Seal = <T extends object>(value: T, what: string) => T;

/**
 * What sim_launcher and the scenario pass each other through its hooks: the world it built and
 * each released ball's record one way, the next ball's spread (shared with the oracle) the other.
 */
export class LauncherHandover {
  world: SimLauncherWorld | undefined;
  lastShot: SimShotRecord | undefined;
  nextBall: BallSpread = NO_SPREAD;

  constructor(private readonly seal: Seal) {}

  hooks(): SimLauncherHooks {
    return {
      nextBall: () => this.nextBall,
      onWorld: (world) => {
        this.world = this.seal(world, "sim_launcher's world");
      },
      onShot: (shot) => {
        this.lastShot = this.seal(shot, "a released ball's record");
      },
    };
  }
}

/** A shot as the operator took it: the released ball's record, or, declined, the launcher's last refusal of it (when it answered). */
export interface TakenShot {
  readonly shot?: SimShotRecord;
  readonly refusal?: string;
}

export interface OperatorTiming {
  /** Time the sensors and estimator get after the robot stops [s]. */
  readonly settle: number;
  /** How long `launcher/fire` is retried before a standing shot counts as declined [s]. */
  readonly fireTimeout: number;
}

/** The longest a drive may take before the operator gives up waiting for it [s]. */
const DRIVE_TIMEOUT = 20;

/**
 * The person at the robot: drives it to a spot on the true court (by ground truth, not by the
 * chain's estimate), loads a ball, and presses `launcher/fire` until it goes or the time is up.
 */
export class ScenarioOperator {
  /** The last ground truth (100 Hz), read when the operator looks (every 20-50 ms). */
  private groundTruth: Odometry | undefined;
  private lastFireError: string | undefined;

  constructor(
    private readonly graph: InProcessGraph,
    private readonly handover: LauncherHandover,
    private readonly team: TeamTopics,
    private readonly trueHoop: { readonly x: number; readonly y: number },
    /** The release point's forward offset in base_link [m] (the true launcher's). */
    private readonly releaseForward: number,
    private readonly timing: OperatorTiming,
  ) {
    graph.binding("scenario").subscribe("nav_msgs/msg/Odometry", `/${SIM_TOPICS.groundTruth}`, { ...QoS.reliable, depth: 100 }, (m) => {
      this.groundTruth = m;
    });
  }

  /** The error of the last `launcher/fire` call that threw (the service missing ...), if any. */
  get fireError(): string | undefined {
    return this.lastFireError;
  }

  /** Robot pose that puts the release point `distance` from the true rim at bearing `phi` (from the hoop), facing it. */
  poseFor(distance: number, phi: number): Pose2 {
    const r = distance + this.releaseForward;
    const x = this.trueHoop.x + r * Math.cos(phi);
    const y = this.trueHoop.y + r * Math.sin(phi);
    return { x, y, yaw: Math.atan2(this.trueHoop.y - y, this.trueHoop.x - x) };
  }

  /** Drives there, settles, fires; declined when the launcher does not fire within the fire timeout. */
  takeStandingShot(pose: Pose2, ball: BallSpread): TakenShot {
    this.driveAndSettle(pose);
    this.loadBall(ball);
    const fireStart = this.graph.clock.now();
    return this.fireWhile(() => this.graph.clock.now() - fireStart < this.timing.fireTimeout, 0.05);
  }

  /** Drives from `from` to `to` and fires as soon as the gate opens while moving; declined when it never does. */
  takeMovingShot(from: Pose2, to: Pose2, ball: BallSpread): TakenShot {
    this.driveAndSettle(from);
    this.loadBall(ball);
    this.driveTo(to);
    const driveStart = this.graph.clock.now();
    this.graph.advance(0.05);
    return this.fireWhile(() => this.truePose().moving && this.graph.clock.now() - driveStart < DRIVE_TIMEOUT, 0.02);
  }

  private truePose(): { x: number; y: number; moving: boolean } {
    const truth = this.groundTruth;
    if (truth === undefined) return { x: 0, y: 0, moving: false };
    const t = truth.twist.twist;
    const p = truth.pose.pose.position;
    return { x: p.x, y: p.y, moving: Math.abs(t.linear.x) + Math.abs(t.linear.y) + Math.abs(t.angular.z) > 0 };
  }

  private driveTo(pose: Pose2): void {
    this.graph.publish("geometry_msgs/msg/PoseWithCovarianceStamped", "/sim/drive_to", {
      header: header(this.graph.clock.now(), "map"),
      pose: { pose: planarPose(pose.x, pose.y, pose.yaw), covariance: new Float64Array(36) },
    });
  }

  private driveAndSettle(pose: Pose2): void {
    this.driveTo(pose);
    const driveStart = this.graph.clock.now();
    this.graph.advance(0.05);
    const arrived = (): boolean => {
      const now = this.truePose();
      return !(now.moving || Math.hypot(now.x - pose.x, now.y - pose.y) > 1e-3);
    };
    while (!arrived() && this.graph.clock.now() - driveStart < DRIVE_TIMEOUT) this.graph.advance(0.05);
    this.graph.advance(this.timing.settle);
  }

  /** The next ball's spread for sim_launcher and the oracle; forgets the last ball and feed. */
  private loadBall(ball: BallSpread): void {
    this.handover.nextBall = ball;
    this.handover.lastShot = undefined;
    this.team.clearFeed();
  }

  /** Presses launcher/fire every `step` s while `keepTrying()`: the released ball, or the launcher's last refusal of this shot. */
  private fireWhile(keepTrying: () => boolean, step: number): TakenShot {
    let lastRefusal: string | undefined;
    while (keepTrying()) {
      const press = this.pressFire();
      if (press.refusal !== undefined) lastRefusal = press.refusal;
      if (press.accepted) {
        const shot = this.awaitRelease();
        if (shot !== undefined) return { shot };
      }
      this.graph.advance(step);
    }
    return lastRefusal === undefined ? {} : { refusal: lastRefusal };
  }

  /** One press of launcher/fire: accepted, or the launcher's refusal. */
  private pressFire(): { accepted: boolean; refusal?: string } {
    try {
      const response = this.graph.call("std_srvs/srv/Trigger", "/launcher/fire", {});
      return response.success ? { accepted: true } : { accepted: false, refusal: response.message };
    } catch (error) {
      this.lastFireError = (error as Error).message;
      return { accepted: false };
    }
  }

  /** After an accepted press: the released ball, or undefined when none left within 0.5 s. */
  private awaitRelease(): SimShotRecord | undefined {
    const waitStart = this.graph.clock.now();
    while (this.handover.lastShot === undefined && this.graph.clock.now() - waitStart < 0.5) this.graph.advance(0.01);
    return this.handover.lastShot;
  }
}
