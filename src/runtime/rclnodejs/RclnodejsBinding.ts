import { cdrCodec, int64AsNumbers } from "../../msgs/cdr";
import type { Clock, MessageTypeName, MessageTypes, ServiceRequest, ServiceResponse, ServiceTypeName } from "../../msgs/types";
import type { Disposable, RawPublisher, RawSubscription, RuntimeBinding } from "../binding";
import { ManagedNode, type LifecycleState, type TransitionResult } from "../ManagedNode";
import { describeRefusal, parameterProblem, type ParameterDescriptor, type ParameterValue } from "../../core/parameters/schema";
import type { Logger, NodeDefinition, ParameterChange } from "../port";
import type { QosProfile } from "../qos";
import { misspeltBlocksFor, nodeBlockOrigin, readParametersForNode, takenByNode } from "../paramsFile";
import { readCommandLineParameters } from "./parameterOverrides";
import { fromRclParameterValue, rclParameterType, toRclDescriptor, toRclParameter, toRclQos } from "./conversions";
import {
  RclCallbackReturn,
  RclParameterType,
  type RclLifecycleNode,
  type RclnodejsModule,
  type RclParameter,
  type RclSetParametersResult,
  type RclTime,
} from "./rclnodejsApi";

const NS_PER_S = 1e9;

/**
 * Adapter 1: one node of this package on a real rclnodejs LifecycleNode. Publish / subscribe /
 * timers / services go straight to rclnodejs. Topic messages cross as CDR bytes (rclnodejs's raw
 * publish and take, encoded and decoded by ../../msgs/cdr.ts): rclnodejs's own conversion of a
 * message took about a millisecond of each hop (docs/performance.md). The lifecycle and parameter
 * rules stay in ManagedNode, which `attach` wires to rclnodejs's lifecycle and parameter
 * callbacks, so `ros2 lifecycle set` and `ros2 param set` reach it.
 */
export class RclnodejsBinding implements RuntimeBinding {
  readonly logger: Logger;
  private managed: ManagedNode | undefined;
  /** While we declare (or re-sync) parameters ourselves, the set callbacks let them through. */
  private declaring = false;
  /** Why the pre-set screen refused the set in progress; reported by the on-set callback. */
  private pendingRefusal: string | undefined;
  /** The reason of the last failed lifecycle transition, for the executable to print. */
  lastFailure: string | undefined;

  constructor(
    private readonly rcl: RclnodejsModule,
    readonly node: RclLifecycleNode,
  ) {
    const rosLogger = node.getLogger();
    this.logger = {
      debug: (message) => void rosLogger.debug(message),
      info: (message) => void rosLogger.info(message),
      warn: (message) => void rosLogger.warn(message),
      error: (message) => void rosLogger.error(message),
    };
  }

  /** The node name after `--ros-args -r __node:=...`. */
  get nodeName(): string {
    return this.node.name();
  }

  now(): number {
    const { seconds, nanoseconds } = this.node.now().secondsAndNanoseconds;
    return Number(seconds) + Number(nanoseconds) / NS_PER_S;
  }

  advertise<K extends MessageTypeName>(type: K, topic: string, qos: QosProfile): RawPublisher<MessageTypes[K]> {
    const publisher = this.node.createPublisher(type, topic, { qos: toRclQos(this.rcl, qos) });
    const codec = cdrCodec(type);
    return {
      topic: publisher.topic,
      publish: (message) => {
        publisher.publish(codec.encode(message));
      },
      dispose: () => {
        this.node.destroyPublisher(publisher);
      },
    };
  }

  subscribe<K extends MessageTypeName>(type: K, topic: string, qos: QosProfile, callback: (message: MessageTypes[K]) => void): RawSubscription {
    const codec = cdrCodec(type);
    const subscription = this.node.createSubscription(type, topic, { qos: toRclQos(this.rcl, qos), isRaw: true }, (bytes) => {
      // isRaw: rclnodejs hands over the sample's CDR bytes as a Buffer.
      callback(codec.decode(bytes as Buffer));
    });
    return {
      topic: subscription.topic,
      dispose: () => {
        this.node.destroySubscription(subscription);
      },
    };
  }

  startTimer(periodS: number, callback: () => void): Disposable {
    const timer = this.node.createTimer(BigInt(Math.round(periodS * NS_PER_S)), callback);
    return {
      dispose: () => {
        this.node.destroyTimer(timer);
      },
    };
  }

  serve<S extends ServiceTypeName>(type: S, name: string, handler: (request: ServiceRequest<S>) => ServiceResponse<S>): Disposable {
    const service = this.node.createService(type, name, {}, (request, response) => {
      // Service requests are rare and tiny (no schema text here for .srv types): always converted.
      response.send(handler(int64AsNumbers(request) as ServiceRequest<S>));
    });
    return {
      dispose: () => {
        this.node.destroyService(service);
      },
    };
  }

  declareParameters(parameters: ReadonlyArray<{ name: string; value: ParameterValue; descriptor: ParameterDescriptor }>): void {
    this.declaring = true;
    try {
      const fresh = parameters.filter((p) => !this.node.hasParameter(p.name));
      // Not with an empty list: rclnodejs refuses a set that is empty after the pre-set callbacks.
      if (fresh.length > 0) {
        this.node.declareParameters(
          fresh.map((p) => toRclParameter(this.rcl, p.name, p.value, p.descriptor)),
          fresh.map((p) => toRclDescriptor(this.rcl, p.name, p.descriptor)),
          // The values are already resolved from the overrides (and validated); rclnodejs would
          // otherwise put the raw override back, e.g. an integer YAML value for a double.
          true,
        );
      }
      // configure again after cleanup: ManagedNode re-read its values from the params files, so
      // rclnodejs's copies (perhaps changed by `ros2 param set` since) follow. Read-only ones cannot change.
      const redeclared = parameters.filter((p) => !fresh.includes(p) && p.descriptor.readOnly !== true);
      if (redeclared.length > 0) {
        // setParameters reports a refusal instead of throwing: unchecked, rclnodejs would keep an
        // old value that ManagedNode no longer holds.
        const refusal = this.node.setParameters(redeclared.map((p) => toRclParameter(this.rcl, p.name, p.value, p.descriptor))).find((r) => !r.successful);
        if (refusal !== undefined) throw new Error(refusal.reason);
      }
    } finally {
      this.declaring = false;
    }
  }


  /** Routes rclnodejs's lifecycle transitions and parameter sets to `managed`. */
  attach(managed: ManagedNode): void {
    this.managed = managed;
    const node = this.node;
    node.registerOnConfigure(() => this.transitionCode(managed.state, managed.configure()));
    node.registerOnActivate(() => this.transitionCode(managed.state, managed.activate()));
    node.registerOnDeactivate(() => this.transitionCode(managed.state, managed.deactivate()));
    node.registerOnCleanup(() => this.transitionCode(managed.state, managed.cleanup()));
    node.registerOnShutdown(() => this.transitionCode(managed.state, managed.shutdown()));
    // rcl's error processing ends in unconfigured on SUCCESS: bring ManagedNode there too.
    node.registerOnError(() => {
      if (managed.state === "inactive") managed.cleanup();
      return managed.state === "unconfigured" ? RclCallbackReturn.SUCCESS : RclCallbackReturn.FAILURE;
    });
    node.addPreSetParametersCallback((parameters) => this.screenParameters(parameters));
    node.addOnSetParametersCallback((parameters) => this.onSetParameters(parameters));
  }

  /**
   * A transition callback's return code. FAILURE sends rcl back to the state it started from;
   * when ManagedNode ended elsewhere (a failed configure releases everything), ERROR sends rcl
   * through error processing to unconfigured, so both state machines agree.
   */
  private transitionCode(before: LifecycleState, result: TransitionResult): number {
    if (result.ok) return RclCallbackReturn.SUCCESS;
    this.lastFailure = result.reason;
    return result.state === before ? RclCallbackReturn.FAILURE : RclCallbackReturn.ERROR;
  }

  /**
   * rclnodejs checks type and range before the on-set callbacks and refuses with a reason that
   * does not say what is wrong. So check here first against our schema: a refused value is
   * swapped for the current one (which passes rclnodejs's check) and the on-set callback reports
   * our reason. An integer for a double is accepted, as our schema does.
   */
  private screenParameters(parameters: RclParameter[]): RclParameter[] {
    this.pendingRefusal = undefined;
    if (this.declaring || this.managed === undefined) return parameters;
    return parameters.map((parameter) => {
      const descriptor = this.managed?.descriptorOf(parameter.name);
      if (descriptor === undefined || !this.node.hasParameter(parameter.name)) return parameter;
      const value = fromRclParameterValue(parameter.type, parameter.value);
      const problem = parameterProblem(value, descriptor);
      if (problem !== undefined) {
        this.pendingRefusal ??= describeRefusal(parameter.name, value, problem);
        return this.node.getParameter(parameter.name);
      }
      if (value !== undefined && parameter.type !== rclParameterType(descriptor.type)) {
        return toRclParameter(this.rcl, parameter.name, value, descriptor);
      }
      return parameter;
    });
  }

  /** Validate in the callback, and apply: ManagedNode.setParameters does both, or changes nothing. */
  private onSetParameters(parameters: RclParameter[]): RclSetParametersResult {
    if (this.pendingRefusal !== undefined) {
      const reason = this.pendingRefusal;
      this.pendingRefusal = undefined;
      return { successful: false, reason };
    }
    if (this.declaring || this.managed === undefined) return { successful: true, reason: "" };
    const changes: ParameterChange[] = [];
    for (const parameter of parameters) {
      // use_sim_time, qos_overrides.*: rclnodejs's own (its TimeSource handles use_sim_time).
      if (this.managed.descriptorOf(parameter.name) === undefined) continue;
      if (parameter.type === RclParameterType.NOT_SET) {
        return { successful: false, reason: `'${parameter.name}' cannot be undeclared` };
      }
      const value = fromRclParameterValue(parameter.type, parameter.value);
      if (value !== undefined) changes.push({ name: parameter.name, value });
    }
    if (changes.length === 0) return { successful: true, reason: "" };
    return this.managed.setParameters(changes);
  }
}

export interface RosNodeHandle {
  readonly node: RclLifecycleNode;
  readonly binding: RclnodejsBinding;
  readonly managed: ManagedNode;
}

/**
 * One of this package's nodes on rclnodejs (after `rcl.init`): a LifecycleNode named after the
 * definition (renamed / namespaced by `--ros-args`), its parameter values from the command line's
 * `--params-file` and `-p` (`argv`, as given to rcl.init; read by parameterOverrides.ts, since
 * rclnodejs's own lookup skips fully qualified node keys), and a ManagedNode in the unconfigured
 * state wired to it.
 */
export function createRosNode(rcl: RclnodejsModule, definition: NodeDefinition, argv: readonly string[]): RosNodeHandle {
  const node = new rcl.lifecycle.LifecycleNode(definition.name);
  const binding = new RclnodejsBinding(rcl, node);
  const params = readCommandLineParameters(argv);
  const read = takenByNode(readParametersForNode(params, node.name(), node.namespace()), definition);
  for (const warning of misspeltBlocksFor(params, node.name())) binding.logger.warn(warning);
  const overrides: Record<string, unknown> = {};
  for (const [name, { parameter }] of read) overrides[name] = parameter.value;
  followSimTime(rcl, node, read.get(USE_SIM_TIME)?.parameter.value);
  const managed = new ManagedNode(definition, binding, overrides, (key) => read.get(key)?.file ?? `defaults of ${binding.nodeName}`, nodeBlockOrigin(read));
  binding.attach(managed);
  return { node, binding, managed };
}

const USE_SIM_TIME = "use_sim_time";

/**
 * Simulated time as rclcpp nodes get it. rclnodejs 2.2.0's TimeSource falls short twice: it reads
 * use_sim_time only from rclnodejs's own overrides (so launch's `use_sim_time:=true`, a fully
 * qualified block, is handed to it here), and it subscribes /clock reliable, which hears nothing
 * from a best-effort clock such as `ros2 bag play --clock` (rclcpp's ClockQoS). So the node also
 * listens to /clock best effort, which hears either kind, and sets its clock from there.
 */
function followSimTime(rcl: RclnodejsModule, node: RclLifecycleNode, fromCommandLine: unknown): void {
  const current = node.getParameter(USE_SIM_TIME).value;
  if (typeof fromCommandLine === "boolean" && fromCommandLine !== current) {
    const refusal = node.setParameters([new rcl.Parameter(USE_SIM_TIME, RclParameterType.BOOL, fromCommandLine)]).find((result) => !result.successful);
    if (refusal !== undefined) throw new Error(`${USE_SIM_TIME}: ${refusal.reason}`);
  }
  if (typeof fromCommandLine === "boolean" ? fromCommandLine : current === true) followClockTopic(rcl, node);
}

/** rclnodejs's ROSClock takes simulated time through this setter (lib/clock.js). */
interface SettableRosClock {
  rosTimeOverride: RclTime;
}

function followClockTopic(rcl: RclnodejsModule, node: RclLifecycleNode): void {
  const clock = node.getClock();
  if (!("rosTimeOverride" in clock)) throw new Error("use_sim_time: the node's clock is not a ROS clock");
  const rosClock = clock as SettableRosClock;
  const latestOnly = toRclQos(rcl, { reliability: "best_effort", durability: "volatile", depth: 1 });
  node.createSubscription("rosgraph_msgs/msg/Clock", "/clock", { qos: latestOnly }, (message) => {
    rosClock.rosTimeOverride = rcl.Time.fromMsg((message as Clock).clock);
  });
}
