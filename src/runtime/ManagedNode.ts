import type { MessageTypeName, MessageTypes, ServiceRequest, ServiceResponse, ServiceTypeName } from "../msgs/types";
import type { Disposable, RawPublisher, RuntimeBinding } from "./binding";
import {
  describeRefusal,
  parameterProblem,
  resolveParameters,
  ruleProblems,
  type NodeBlockOrigin,
  type ParameterDescriptor,
  type ParameterValue,
} from "../core/parameters/schema";
import type { NodeBehaviour, NodeContext, NodeDefinition, ParameterChange, Publisher, SubscriptionOptions } from "./port";
import type { QosProfile } from "./qos";

/** REP-2002 / rclcpp_lifecycle primary states. */
export type LifecycleState = "unconfigured" | "inactive" | "active" | "finalized";

export interface TransitionResult {
  readonly ok: boolean;
  readonly state: LifecycleState;
  /** Why a transition failed (bad parameters, wrong state, a throwing callback). */
  readonly reason?: string;
  /**
   * The reason as separate problems, one a line: each bad parameter (file, node, key, value and
   * what is allowed) when the parameters were refused, else the reason itself.
   */
  readonly problems?: readonly string[];
}

export interface SetParametersResult {
  readonly successful: boolean;
  readonly reason: string;
}

/**
 * A node of this package on any runtime: the managed-node state machine, parameter validation,
 * and the rule that an inactive node publishes nothing, runs no timers and ignores input (but
 * state it keeps, such as latched /tf_static, which a subscription asks for: SubscriptionOptions).
 */
export class ManagedNode {
  private stateValue: LifecycleState = "unconfigured";
  private behaviour: NodeBehaviour | undefined;
  private parameters: Record<string, ParameterValue> = {};
  private readonly resources: Disposable[] = [];
  private readonly timers: { periodS: number; callback: () => void; running?: Disposable }[] = [];

  constructor(
    readonly definition: NodeDefinition,
    private readonly binding: RuntimeBinding,
    /** Parameter values from params files / launch, before validation. */
    private readonly overrides: Readonly<Record<string, unknown>>,
    private readonly sourceOf: (key: string) => string,
    /**
     * Whether a value came from a params-file block naming this node alone (SchemaWithGroups.shared):
     * no default, so that no caller lets a node's own block set a shared key by leaving it out.
     */
    private readonly fromNodeBlock: NodeBlockOrigin,
  ) {}

  get state(): LifecycleState {
    return this.stateValue;
  }

  get name(): string {
    return this.binding.nodeName;
  }

  /** The current (validated) parameter values. */
  get parameterValues(): Readonly<Record<string, ParameterValue>> {
    return this.parameters;
  }

  configure(): TransitionResult {
    return this.transition("configure", ["unconfigured"], "inactive", () => {
      this.parameters = resolveParameters(this.definition, this.overrides, this.sourceOf, this.name, this.fromNodeBlock);
      this.binding.declareParameters?.(
        Object.entries(this.parameters).map(([name, value]) => {
          const descriptor = this.descriptorOf(name);
          // resolveParameters only returns names the schema or a group declares.
          if (descriptor === undefined) throw new Error(`parameter ${name} has no descriptor`);
          return { name, value, descriptor };
        }),
      );
      this.behaviour = this.definition.configure(this.context());
    });
  }

  activate(): TransitionResult {
    return this.transition("activate", ["inactive"], "active", () => {
      this.stateValue = "active";
      for (const timer of this.timers) timer.running = this.binding.startTimer(timer.periodS, () => this.guarded("timer", timer.callback, undefined));
      this.behaviour?.onActivate?.();
    });
  }

  deactivate(): TransitionResult {
    return this.transition("deactivate", ["active"], "inactive", () => {
      this.stopTimers();
      // Still active here, so a controller can publish its zero command (as ros2_controllers do).
      this.behaviour?.onDeactivate?.();
      this.stateValue = "inactive";
    });
  }

  cleanup(): TransitionResult {
    return this.transition("cleanup", ["inactive"], "unconfigured", () => {
      this.behaviour?.onCleanup?.();
      this.releaseAll();
    });
  }

  shutdown(): TransitionResult {
    return this.transition("shutdown", ["unconfigured", "inactive", "active"], "finalized", () => {
      this.stopTimers();
      if (this.stateValue === "active") this.behaviour?.onDeactivate?.();
      this.stateValue = "inactive";
      this.behaviour?.onShutdown?.();
      this.releaseAll();
    });
  }

  /** configure then activate: what launch's autostart does. */
  startup(): TransitionResult {
    const configured = this.configure();
    return configured.ok ? this.activate() : configured;
  }

  /** `ros2 param set`: checked against the schema, then the node's own rule, then applied. */
  setParameters(changes: readonly ParameterChange[]): SetParametersResult {
    for (const change of changes) {
      const descriptor = this.descriptorOf(change.name);
      if (descriptor === undefined) return { successful: false, reason: `unknown parameter '${change.name}'` };
      if (descriptor.readOnly === true) return { successful: false, reason: `'${change.name}' is read-only (set it in the params file)` };
      const problem = parameterProblem(change.value, descriptor);
      if (problem !== undefined) {
        return { successful: false, reason: describeRefusal(change.name, change.value, problem) };
      }
    }
    const broken = ruleProblems(this.definition, { ...this.parameters, ...Object.fromEntries(changes.map((c) => [c.name, c.value])) }, () => "ros2 param set")[0];
    if (broken !== undefined) return { successful: false, reason: describeRefusal(broken.key, broken.value, broken.problem) };
    const refusal = this.behaviour?.validateParameters?.(changes);
    if (refusal !== undefined) return { successful: false, reason: refusal };
    for (const change of changes) this.parameters[change.name] = change.value;
    this.behaviour?.applyParameters?.(changes, this.parameters);
    return { successful: true, reason: "" };
  }

  descriptorOf(name: string): ParameterDescriptor | undefined {
    const direct = this.definition.schema[name];
    if (direct) return direct;
    for (const [prefix, fields] of Object.entries(this.definition.groups ?? {})) {
      if (!name.startsWith(`${prefix}.`)) continue;
      const field = name.slice(prefix.length + 1).split(".").slice(1).join(".");
      const descriptor = fields[field];
      if (descriptor) return descriptor;
    }
    return undefined;
  }

  private context(): NodeContext {
    // The context's methods are called by node code long after configure returns; they reach
    // this node's state through `node`, not a rebound `this`.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const node = this;
    return {
      nodeName: this.binding.nodeName,
      logger: this.binding.logger,
      parameters: this.parameters,
      now: () => this.binding.now(),
      createPublisher<K extends MessageTypeName>(type: K, topic: string, qos: QosProfile): Publisher<MessageTypes[K]> {
        const raw: RawPublisher<MessageTypes[K]> = node.binding.advertise(type, topic, qos);
        node.resources.push(raw);
        return {
          topic: raw.topic,
          publish: (message) => {
            if (node.stateValue === "active") raw.publish(message);
          },
        };
      },
      createSubscription<K extends MessageTypeName>(type: K, topic: string, qos: QosProfile, callback: (m: MessageTypes[K]) => void, options?: SubscriptionOptions) {
        // Built once here, not per delivered message.
        const label = `subscription ${topic}`;
        const whileInactive = options?.whileInactive === true;
        const raw = node.binding.subscribe(type, topic, qos, (message) => {
          if (node.stateValue === "active" || (whileInactive && node.stateValue === "inactive")) node.guarded(label, callback, message);
        });
        node.resources.push(raw);
        return { topic: raw.topic };
      },
      createTimer(periodS: number, callback: () => void) {
        if (!(periodS > 0) || !Number.isFinite(periodS)) throw new RangeError(`timer period must be > 0 s, got ${periodS}`);
        node.timers.push({ periodS, callback });
      },
      createService<S extends ServiceTypeName>(type: S, name: string, handler: (r: ServiceRequest<S>) => ServiceResponse<S>) {
        node.resources.push(
          node.binding.serve(type, name, (request): ServiceResponse<S> => {
            if (node.stateValue !== "active") {
              return { success: false, message: `${node.name} is ${node.stateValue}, not active` };
            }
            try {
              return handler(request);
            } catch (error) {
              node.binding.logger.error(`service ${name} failed: ${(error as Error).message}`);
              return { success: false, message: `internal error: ${(error as Error).message}` };
            }
          }),
        );
      },
    };
  }

  /** A callback's exception is logged, never thrown into the executor: one bad message must not kill the node. */
  private guarded<T>(what: string, callback: (argument: T) => void, argument: T): void {
    try {
      callback(argument);
    } catch (error) {
      this.binding.logger.error(`${what} callback threw: ${(error as Error).stack ?? String(error)}`);
    }
  }

  private stopTimers(): void {
    for (const timer of this.timers) {
      timer.running?.dispose();
      delete timer.running;
    }
  }

  private releaseAll(): void {
    for (const resource of this.resources.splice(0)) resource.dispose();
    this.timers.length = 0;
    this.behaviour = undefined;
  }

  private transition(name: string, from: readonly LifecycleState[], to: LifecycleState, action: () => void): TransitionResult {
    if (!from.includes(this.stateValue)) {
      return { ok: false, state: this.stateValue, reason: `cannot ${name} from state ${this.stateValue}` };
    }
    const before = this.stateValue;
    try {
      action();
    } catch (error) {
      // A failed configure leaves nothing half-made behind (rclcpp_lifecycle's on_error).
      this.stopTimers();
      this.releaseAll();
      this.stateValue = before === "active" ? "inactive" : "unconfigured";
      const reason = `${this.name}: ${name} failed: ${(error as Error).message}`;
      this.binding.logger.error(reason);
      const problems = error instanceof AggregateError ? error.errors.map((e) => (e instanceof Error ? e.message : String(e))) : [reason];
      return { ok: false, state: this.stateValue, reason, problems };
    }
    this.stateValue = to;
    return { ok: true, state: to };
  }
}
