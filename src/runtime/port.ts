/**
 * The runtime port: the one small interface node classes use. Two adapters implement it
 * (rclnodejs on a robot, the in-process graph in tests / simulation / replay / benchmarks);
 * node code never knows which one it runs on.
 */
import type {
  MessageTypeName,
  MessageTypes,
  ServiceRequest,
  ServiceResponse,
  ServiceTypeName,
} from "../msgs/types";
import type { ParameterValue, SchemaWithGroups } from "../core/parameters/schema";
import type { QosProfile } from "./qos";

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Publisher<T> {
  /** The resolved topic name. */
  readonly topic: string;
  /** Dropped (not queued) while the node is not active, like a rclcpp LifecyclePublisher. */
  publish(message: T): void;
}

export interface Subscription {
  /** The resolved topic name (namespace and remappings applied): what a message should name when it says what the node waits for. */
  readonly topic: string;
}

export interface SubscriptionOptions {
  /** Deliver while configured but not active too (never before configure or after cleanup). */
  readonly whileInactive?: boolean;
}

export type ParameterValues = Readonly<Record<string, ParameterValue>>;

/** One parameter change request at run time (`ros2 param set`). */
export interface ParameterChange {
  readonly name: string;
  readonly value: ParameterValue;
}

/** What a node's `on_configure` receives: everything it may create or read. */
export interface NodeContext {
  readonly nodeName: string;
  readonly logger: Logger;
  /** Validated parameter values: every schema key, with its default where the params file is silent. */
  readonly parameters: ParameterValues;
  /** ROS time [s]: simulated when use_sim_time is set, wall time otherwise. */
  now(): number;
  createPublisher<K extends MessageTypeName>(type: K, topic: string, qos: QosProfile): Publisher<MessageTypes[K]>;
  /**
   * Callbacks run only while the node is active; input arriving while inactive is dropped, unless
   * `options.whileInactive`: for state the node keeps, such as latched /tf_static, whose
   * transient-local sample arrives once, perhaps between configure and activate.
   */
  createSubscription<K extends MessageTypeName>(
    type: K,
    topic: string,
    qos: QosProfile,
    callback: (message: MessageTypes[K]) => void,
    options?: SubscriptionOptions,
  ): Subscription;
  /** Runs every `periodS` [s] of ROS time, only while the node is active. */
  createTimer(periodS: number, callback: () => void): void;
  /** While the node is not active, Trigger / SetBool requests are refused with that reason. */
  createService<S extends ServiceTypeName>(
    type: S,
    name: string,
    handler: (request: ServiceRequest<S>) => ServiceResponse<S>,
  ): void;
}

/** What a configured node hands back: its lifecycle and parameter hooks, all optional. */
export interface NodeBehaviour {
  onActivate?(): void;
  /** Runs while publishers still work: zero the outputs here. Also runs on shutdown from active. */
  onDeactivate?(): void;
  onCleanup?(): void;
  onShutdown?(): void;
  /** Validate a set of changes (already type- and range-checked): return a reason to refuse. No side effects. */
  validateParameters?(changes: readonly ParameterChange[]): string | undefined;
  /** Apply accepted changes (post-set). */
  applyParameters?(changes: readonly ParameterChange[], all: ParameterValues): void;
}

/**
 * A node of this package: its name, its parameter schema (fixed keys, repeated blocks
 * `<prefix>.<instance>.<field>` listed by `<prefix>.names`, rules, shared and retired keys: see
 * SchemaWithGroups), and how it configures itself.
 */
export interface NodeDefinition extends SchemaWithGroups {
  /** Default node name, also the executable name under lib/robocon_shooter/. */
  readonly name: string;
  readonly description: string;
  configure(context: NodeContext): NodeBehaviour;
}
