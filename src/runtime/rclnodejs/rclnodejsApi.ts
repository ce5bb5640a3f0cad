/**
 * The part of rclnodejs 2.x this package calls, as a local interface. The adapter is written
 * against it, so `tsc -p tsconfig.json` passes on a machine without rclnodejs (a fresh clone, a
 * laptop). scripts/ros/rclnodejsApiCheck.cts asserts that rclnodejs's own declarations are
 * assignable to these interfaces (`npm run typecheck:rclnodejs`), so a change in rclnodejs's API
 * fails CI instead of the robot.
 *
 * Enums are plain numbers here: rclnodejs declares `ParameterType` and `CallbackReturnCode` as
 * `const enum`, which has no runtime object to import; the tables below hold their values.
 */
import type { MessageTypeName, ServiceTypeName } from "../../msgs/types";

/** rcl_interfaces/msg/ParameterType values (rclnodejs `ParameterType`, a const enum). */
export const RclParameterType = {
  NOT_SET: 0,
  BOOL: 1,
  INTEGER: 2,
  DOUBLE: 3,
  STRING: 4,
  BYTE_ARRAY: 5,
  BOOL_ARRAY: 6,
  INTEGER_ARRAY: 7,
  DOUBLE_ARRAY: 8,
  STRING_ARRAY: 9,
} as const;

/** lifecycle_msgs/msg/Transition TRANSITION_CALLBACK_* (rclnodejs `lifecycle.CallbackReturnCode`). */
export const RclCallbackReturn = { SUCCESS: 97, FAILURE: 98, ERROR: 99 } as const;

/** rmw QoS policy values (rclnodejs `QoS.HistoryPolicy` / `ReliabilityPolicy` / `DurabilityPolicy`). */
export const RclQosPolicy = {
  HISTORY_KEEP_LAST: 1,
  RELIABILITY_RELIABLE: 1,
  RELIABILITY_BEST_EFFORT: 2,
  DURABILITY_TRANSIENT_LOCAL: 1,
  DURABILITY_VOLATILE: 2,
} as const;

/**
 * rclnodejs's QoS as its declarations describe it (they declare `reliability` a method; at run
 * time it is a getter). The adapter only constructs QoS objects and hands them back.
 */
export interface RclQoS {
  history: number;
  depth: number;
  reliability(): number;
  durability: number;
  liveliness: number;
  avoidRosNameSpaceConventions: boolean;
}

export interface RclOptions {
  qos?: RclQoS;
  /** Deliver each message as its CDR bytes (a Buffer); publish takes a Buffer as CDR bytes too. */
  isRaw?: boolean;
}

export interface RclParameter {
  readonly name: string;
  readonly type: number;
  /** bigint for integers and integer arrays. */
  readonly value: unknown;
}

export interface RclRange {
  readonly fromValue: number;
  readonly toValue: number;
  readonly step: number;
  inRange(value: number): boolean;
  isValidType(parameterType: number): boolean;
}

export interface RclParameterDescriptor {
  readonly name: string;
  readonly type: number;
  readonly description: string;
  readonly readOnly: boolean;
  additionalConstraints: string;
}

export interface RclSetParametersResult {
  successful: boolean;
  reason: string;
}

export interface RclLogger {
  debug(message: string): unknown;
  info(message: string): unknown;
  warn(message: string): unknown;
  error(message: string): unknown;
}

export interface RclTime {
  readonly secondsAndNanoseconds: { seconds: bigint; nanoseconds: bigint };
}

export interface RclPublisher {
  readonly topic: string;
  publish(message: object): void;
}

export interface RclSubscription {
  readonly topic: string;
}

export interface RclTimer {
  cancel(): void;
}

export interface RclServiceResponse {
  send(response: object): void;
}

/** The subset of `rclnodejs.lifecycle.LifecycleNode` (a `Node`) the adapter uses. */
export interface RclLifecycleNode {
  name(): string;
  namespace(): string;
  getLogger(): RclLogger;
  /** Now on the node's ROS clock: simulated (from /clock) when use_sim_time is true. */
  now(): RclTime;
  /** The node's clock: a ROSClock, whose `rosTimeOverride` sets simulated time (see RclnodejsBinding's followClockTopic). */
  getClock(): object;
  createPublisher(typeClass: MessageTypeName, topic: string, options?: RclOptions): RclPublisher;
  createSubscription(typeClass: MessageTypeName, topic: string, options: RclOptions, callback: (message: unknown) => void): RclSubscription;
  /** `period` [ns]; the timer runs on the node's ROS clock. */
  createTimer(period: bigint, callback: () => void): RclTimer;
  createService(
    typeClass: ServiceTypeName,
    serviceName: string,
    options: RclOptions,
    callback: (request: unknown, response: RclServiceResponse) => void,
  ): object;
  destroyPublisher(publisher: RclPublisher): void;
  destroySubscription(subscription: RclSubscription): void;
  destroyTimer(timer: RclTimer): void;
  destroyService(service: object): void;

  declareParameters(parameters: RclParameter[], descriptors?: RclParameterDescriptor[], ignoreOverrides?: boolean): RclParameter[];
  hasParameter(name: string): boolean;
  getParameter(name: string): RclParameter;
  setParameters(parameters: RclParameter[]): RclSetParametersResult[];
  /** Runs before rclnodejs's own type / range check; returns the list to go on with. */
  addPreSetParametersCallback(callback: (parameters: RclParameter[]) => RclParameter[]): void;
  /** Runs after rclnodejs's check, before the values are stored: may veto with a reason. */
  addOnSetParametersCallback(callback: (parameters: RclParameter[]) => RclSetParametersResult): void;

  registerOnConfigure(callback: (previousState: unknown) => number): void;
  registerOnActivate(callback: (previousState: unknown) => number): void;
  registerOnDeactivate(callback: (previousState: unknown) => number): void;
  registerOnCleanup(callback: (previousState: unknown) => number): void;
  registerOnShutdown(callback: (previousState: unknown) => number): void;
  registerOnError(callback: (previousState: unknown) => number): void;
  /** Transitions as `ros2 lifecycle set` triggers them; each runs the registered callback. */
  configure(): unknown;
  activate(): unknown;
  deactivate(): unknown;
  cleanup(): unknown;
  shutdown(): unknown;

  /** Topics seen on the graph, fully qualified, with their types. */
  getTopicNamesAndTypes(): { name: string; types: string[] }[];

  spin(timeout?: number): void;
  destroy(): void;
}

/** The subset of the `rclnodejs` module the adapter uses. */
export interface RclnodejsModule {
  /** Initialises the default context; `argv` carries `--ros-args ...` (remaps, params files, names). */
  init(context?: undefined, argv?: string[]): Promise<void>;
  shutdown(): void;
  isShutdown(): boolean;
  /** rclnodejs shuts every context down on SIGINT by itself; we finalize the node first instead. */
  removeSignalHandlers(): void;
  readonly lifecycle: {
    readonly LifecycleNode: new (nodeName: string, namespace?: string) => RclLifecycleNode;
  };
  readonly Parameter: new (name: string, type: number, value?: unknown) => RclParameter;
  readonly ParameterDescriptor: new (
    name: string,
    type: number,
    description?: string,
    readOnly?: boolean,
    range?: RclRange,
  ) => RclParameterDescriptor;
  /** `step` 0 means continuous; rclnodejs's default step is 1. */
  readonly FloatingPointRange: new (from: number, to: number, step?: number, tolerance?: number) => RclRange;
  readonly IntegerRange: new (from: bigint, to: bigint, step?: bigint) => RclRange;
  readonly QoS: new (history?: number, depth?: number, reliability?: number, durability?: number) => RclQoS;
  /** A ROS time from a builtin_interfaces/Time message. */
  readonly Time: { fromMsg(message: { sec: number; nanosec: number }): RclTime };
}
