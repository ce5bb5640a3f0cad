/**
 * A hand-written stand-in for the part of rclnodejs 2.2 the adapter calls. It implements the
 * adapter's RclnodejsModule interface (which CI checks against rclnodejs's own declarations) and
 * copies rclnodejs's behaviour where the adapter depends on it, read from rclnodejs's lib/:
 * - Parameter turns INTEGER values into bigint and rejects values of the wrong type;
 * - FloatingPointRange's default step is 1 (only step 0 is continuous);
 * - a descriptor's range is checked against the parameter's whole value, arrays included, with
 *   rclnodejs's range code as src/runtime/rosParameterRules.ts ports it (an empty double array
 *   compares as 0, any integer array fails an IntegerRange);
 * - a set runs the pre-set callbacks, then rclnodejs's own check (declared? read-only? type and
 *   range, refused with an unhelpful reason), then the on-set callbacks (first added runs last);
 * - declareParameters uses the override unless told to ignore it, and runs the on-set callbacks;
 * - lifecycle transitions run the registered callback: FAILURE returns to the start state, ERROR
 *   goes through the error callback to unconfigured (SUCCESS) or finalized.
 */
import {
  RclCallbackReturn,
  RclParameterType,
  type RclLifecycleNode,
  type RclLogger,
  type RclnodejsModule,
  type RclOptions,
  type RclParameter,
  type RclParameterDescriptor,
  type RclPublisher,
  type RclQoS,
  type RclRange,
  type RclServiceResponse,
  type RclSetParametersResult,
  type RclSubscription,
  type RclTime,
  type RclTimer,
} from "../../src/runtime/rclnodejs/rclnodejsApi";
import { RCLNODEJS_RANGE_TOLERANCE, rclnodejsRangeInRange, type RosRange } from "../../src/runtime/rosParameterRules";

export class FakeParameter implements RclParameter {
  readonly value: unknown;
  constructor(
    readonly name: string,
    readonly type: number,
    value?: unknown,
  ) {
    this.value = type === RclParameterType.INTEGER ? BigInt(value as bigint | number) : value;
    if (!validValue(this.value, type)) throw new TypeError(`Parameter ${name}: value ${String(value)} is not of type ${type}`);
  }
}

function validValue(value: unknown, type: number): boolean {
  const element: Record<number, number> = {
    [RclParameterType.BOOL_ARRAY]: RclParameterType.BOOL,
    [RclParameterType.INTEGER_ARRAY]: RclParameterType.INTEGER,
    [RclParameterType.DOUBLE_ARRAY]: RclParameterType.DOUBLE,
    [RclParameterType.STRING_ARRAY]: RclParameterType.STRING,
  };
  switch (type) {
    case RclParameterType.NOT_SET:
      return value === undefined || value === null;
    case RclParameterType.BOOL:
      return typeof value === "boolean";
    case RclParameterType.INTEGER:
      return typeof value === "bigint";
    case RclParameterType.DOUBLE:
      return typeof value === "number";
    case RclParameterType.STRING:
      return typeof value === "string";
    default: {
      const elementType = element[type];
      return elementType !== undefined && Array.isArray(value) && value.every((v) => validValue(v, elementType));
    }
  }
}

export class FakeFloatingPointRange implements RclRange {
  constructor(
    readonly fromValue: number,
    readonly toValue: number,
    readonly step = 1,
    readonly tolerance = RCLNODEJS_RANGE_TOLERANCE,
  ) {}
  get asRosRange(): RosRange {
    return { kind: "floating_point", fromValue: this.fromValue, toValue: this.toValue, step: this.step, tolerance: this.tolerance };
  }
  inRange(value: number): boolean {
    return rclnodejsRangeInRange(this.asRosRange, value);
  }
  isValidType(type: number): boolean {
    return type === RclParameterType.DOUBLE || type === RclParameterType.DOUBLE_ARRAY;
  }
}

export class FakeIntegerRange implements RclRange {
  constructor(
    readonly fromBig: bigint,
    readonly toBig: bigint,
    readonly stepBig = 1n,
  ) {}
  get fromValue(): number {
    return Number(this.fromBig);
  }
  get toValue(): number {
    return Number(this.toBig);
  }
  get step(): number {
    return Number(this.stepBig);
  }
  get asRosRange(): RosRange {
    return { kind: "integer", fromValue: this.fromBig, toValue: this.toBig, step: this.stepBig };
  }
  inRange(value: number | bigint): boolean {
    return rclnodejsRangeInRange(this.asRosRange, value);
  }
  isValidType(type: number): boolean {
    return type === RclParameterType.INTEGER || type === RclParameterType.INTEGER_ARRAY;
  }
}

export class FakeParameterDescriptor implements RclParameterDescriptor {
  additionalConstraints = "";
  constructor(
    readonly name: string,
    readonly type: number,
    readonly description = "no description",
    readonly readOnly = false,
    readonly range?: RclRange,
  ) {
    if (range && !range.isValidType(type)) throw new Error(`Incompatible Range for parameter type (${name})`);
  }
  validateParameter(parameter: RclParameter): void {
    if (parameter.type !== this.type) throw new TypeError(`type mismatch for ${this.name}`);
    // The whole value, as rclnodejs's ParameterDescriptor.validateParameter hands it to inRange.
    const range = this.range instanceof FakeFloatingPointRange || this.range instanceof FakeIntegerRange ? this.range.asRosRange : undefined;
    if (range !== undefined && !rclnodejsRangeInRange(range, parameter.value)) throw new RangeError(`${this.name} out of range`);
  }
}

export class FakeQoS implements RclQoS {
  liveliness = 0;
  avoidRosNameSpaceConventions = false;
  constructor(
    public history = 0,
    public depth = 0,
    readonly reliabilityValue = 0,
    public durability = 0,
  ) {}
  reliability(): number {
    return this.reliabilityValue;
  }
}

export interface FakePublisher extends RclPublisher {
  readonly type: string;
  readonly qos: RclQoS | undefined;
  readonly sent: object[];
  destroyed: boolean;
}

export interface FakeSubscription extends RclSubscription {
  readonly type: string;
  readonly options: RclOptions;
  readonly callback: (message: unknown) => void;
  destroyed: boolean;
}

export interface FakeTimer extends RclTimer {
  readonly periodNs: bigint;
  readonly callback: () => void;
  destroyed: boolean;
}

export interface FakeService {
  readonly type: string;
  readonly name: string;
  readonly callback: (request: unknown, response: RclServiceResponse) => void;
  destroyed: boolean;
}

type State = "unconfigured" | "inactive" | "active" | "finalized";
type TransitionCallback = (previousState: unknown) => number;

export class FakeLifecycleNode implements RclLifecycleNode {
  readonly publishers: FakePublisher[] = [];
  readonly subscriptions: FakeSubscription[] = [];
  readonly timers: FakeTimer[] = [];
  readonly services: FakeService[] = [];
  readonly logs: { level: string; message: string }[] = [];
  readonly parameters = new Map<string, RclParameter>();
  readonly descriptors = new Map<string, FakeParameterDescriptor>();
  state: State = "unconfigured";
  destroyed = false;
  spinning = false;
  private readonly callbacks = new Map<string, TransitionCallback>();
  private readonly preSet: ((p: RclParameter[]) => RclParameter[])[] = [];
  private readonly onSet: ((p: RclParameter[]) => RclSetParametersResult)[] = [];

  constructor(
    private readonly module: FakeRclnodejs,
    private readonly nodeName: string,
    private readonly ns = "",
  ) {
    module.nodes.push(this);
    // rclnodejs's TimeSource declares it on every node.
    this.parameters.set("use_sim_time", new FakeParameter("use_sim_time", RclParameterType.BOOL, false));
    this.descriptors.set("use_sim_time", new FakeParameterDescriptor("use_sim_time", RclParameterType.BOOL));
  }

  /** rclnodejs's ROSClock: simulated time is set through rosTimeOverride. */
  readonly clock: { rosTimeOverride: RclTime | undefined } = { rosTimeOverride: undefined };
  getClock(): object {
    return this.clock;
  }

  name(): string {
    return this.module.remappedName ?? this.nodeName;
  }
  namespace(): string {
    return this.ns === "" ? "/" : this.ns;
  }
  getLogger(): RclLogger {
    const log = (level: string) => (message: string) => this.logs.push({ level, message }) > 0;
    return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
  }
  now(): RclTime {
    const ns = this.module.timeNs;
    return { secondsAndNanoseconds: { seconds: ns / 1_000_000_000n, nanoseconds: ns % 1_000_000_000n } };
  }
  createPublisher(type: string, topic: string, options?: RclOptions): FakePublisher {
    const publisher: FakePublisher = {
      type,
      topic,
      qos: options?.qos,
      sent: [],
      destroyed: false,
      publish(message: object) {
        if (this.destroyed) throw new Error("publisher destroyed");
        this.sent.push(message);
      },
    };
    this.publishers.push(publisher);
    return publisher;
  }
  createSubscription(type: string, topic: string, options: RclOptions, callback: (message: unknown) => void): FakeSubscription {
    const subscription: FakeSubscription = { type, topic, options, callback, destroyed: false };
    this.subscriptions.push(subscription);
    return subscription;
  }
  createTimer(period: bigint, callback: () => void): FakeTimer {
    if (typeof period !== "bigint") throw new TypeError("period must be a bigint [ns]");
    const timer: FakeTimer = { periodNs: period, callback, destroyed: false, cancel() {} };
    this.timers.push(timer);
    return timer;
  }
  createService(type: string, name: string, _options: RclOptions, callback: (request: unknown, response: RclServiceResponse) => void): FakeService {
    const service: FakeService = { type, name, callback, destroyed: false };
    this.services.push(service);
    return service;
  }
  destroyPublisher(publisher: RclPublisher): void {
    (publisher as FakePublisher).destroyed = true;
  }
  destroySubscription(subscription: RclSubscription): void {
    (subscription as FakeSubscription).destroyed = true;
  }
  destroyTimer(timer: RclTimer): void {
    (timer as FakeTimer).destroyed = true;
  }
  destroyService(service: object): void {
    (service as FakeService).destroyed = true;
  }

  declareParameters(parameters: RclParameter[], descriptors: RclParameterDescriptor[] = [], _ignoreOverrides = false): RclParameter[] {
    // The adapter reads overrides from the command line itself and passes ignoreOverrides.
    const chosen = parameters;
    for (const p of chosen) if (this.parameters.has(p.name)) throw new Error(`Parameter(${p.name}) already declared.`);
    chosen.forEach((p, i) => {
      const descriptor = descriptors[i];
      if (descriptor !== undefined && !(descriptor instanceof FakeParameterDescriptor)) throw new TypeError("not a ParameterDescriptor");
      this.descriptors.set(p.name, descriptor ?? new FakeParameterDescriptor(p.name, p.type));
    });
    const result = this.setAtomically(chosen, true);
    if (!result.successful) {
      for (const p of chosen) this.descriptors.delete(p.name);
      throw new Error(result.reason);
    }
    return chosen;
  }
  hasParameter(name: string): boolean {
    return this.parameters.has(name);
  }
  getParameter(name: string): RclParameter {
    return this.parameters.get(name) ?? new FakeParameter(name, RclParameterType.NOT_SET);
  }
  setParameters(parameters: RclParameter[]): RclSetParametersResult[] {
    return parameters.map((p) => this.setAtomically([p], false));
  }
  addPreSetParametersCallback(callback: (parameters: RclParameter[]) => RclParameter[]): void {
    this.preSet.push(callback);
  }
  addOnSetParametersCallback(callback: (parameters: RclParameter[]) => RclSetParametersResult): void {
    this.onSet.unshift(callback);
  }

  private setAtomically(input: RclParameter[], declaring: boolean): RclSetParametersResult {
    let parameters = input;
    for (const callback of this.preSet) {
      parameters = callback(parameters);
      if (parameters.length === 0) return { successful: false, reason: "parameter list is empty after pre-set callback; set rejected" };
    }
    for (const p of parameters) {
      const descriptor = this.descriptors.get(p.name);
      if (descriptor === undefined) return { successful: false, reason: `Parameter ${p.name} has not been declared` };
      if (!declaring && descriptor.readOnly) return { successful: false, reason: `Parameter ${p.name} is readonly` };
      try {
        descriptor.validateParameter(p);
      } catch {
        // rclnodejs's own text here is garbled ("does not  readonly"); the binding's pre-set
        // screen swaps out a value that would fail here, so no user sees this reason.
        return { successful: false, reason: `Parameter ${p.name} fails its descriptor's type or range` };
      }
    }
    for (const callback of this.onSet) {
      const result = callback(parameters);
      if (!result.successful) return result;
    }
    for (const p of parameters) this.parameters.set(p.name, p);
    return { successful: true, reason: "" };
  }

  registerOnConfigure(callback: TransitionCallback): void {
    this.callbacks.set("configure", callback);
  }
  registerOnActivate(callback: TransitionCallback): void {
    this.callbacks.set("activate", callback);
  }
  registerOnDeactivate(callback: TransitionCallback): void {
    this.callbacks.set("deactivate", callback);
  }
  registerOnCleanup(callback: TransitionCallback): void {
    this.callbacks.set("cleanup", callback);
  }
  registerOnShutdown(callback: TransitionCallback): void {
    this.callbacks.set("shutdown", callback);
  }
  registerOnError(callback: TransitionCallback): void {
    this.callbacks.set("error", callback);
  }
  configure(): State {
    return this.transition("configure", ["unconfigured"], "inactive");
  }
  activate(): State {
    return this.transition("activate", ["inactive"], "active");
  }
  deactivate(): State {
    return this.transition("deactivate", ["active"], "inactive");
  }
  cleanup(): State {
    return this.transition("cleanup", ["inactive"], "unconfigured");
  }
  shutdown(): State {
    return this.transition("shutdown", ["unconfigured", "inactive", "active"], "finalized");
  }
  private transition(name: string, from: State[], to: State): State {
    if (!from.includes(this.state)) throw new Error(`No transition available from state ${name}`);
    const start = this.state;
    const code = this.run(name);
    if (code === RclCallbackReturn.SUCCESS) this.state = to;
    else if (code === RclCallbackReturn.FAILURE) this.state = start;
    else this.state = this.run("error") === RclCallbackReturn.SUCCESS ? "unconfigured" : "finalized";
    return this.state;
  }
  private run(name: string): number {
    const callback = this.callbacks.get(name);
    try {
      return callback ? callback(this.state) : RclCallbackReturn.SUCCESS;
    } catch {
      return RclCallbackReturn.ERROR;
    }
  }

  getTopicNamesAndTypes(): { name: string; types: string[] }[] {
    return this.publishers.map((p) => ({ name: p.topic, types: [p.type] }));
  }
  spin(): void {
    this.spinning = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

/** The module object: `new FakeRclnodejs()` where the adapter wants `require("rclnodejs")`. */
export class FakeRclnodejs implements RclnodejsModule {
  readonly nodes: FakeLifecycleNode[] = [];
  /** `-r __node:=...` */
  remappedName: string | undefined;
  timeNs = 0n;
  initArgv: string[] | undefined;
  signalHandlersRemoved = false;
  shutDown = false;

  readonly lifecycle: RclnodejsModule["lifecycle"];
  readonly Parameter = FakeParameter;
  readonly ParameterDescriptor = FakeParameterDescriptor;
  readonly FloatingPointRange = FakeFloatingPointRange;
  readonly IntegerRange = FakeIntegerRange;
  readonly QoS = FakeQoS;
  readonly Time = {
    fromMsg: (message: { sec: number; nanosec: number }): RclTime => ({ secondsAndNanoseconds: { seconds: BigInt(message.sec), nanoseconds: BigInt(message.nanosec) } }),
  };

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const module = this;
    this.lifecycle = {
      LifecycleNode: class extends FakeLifecycleNode {
        constructor(nodeName: string, namespace?: string) {
          super(module, nodeName, namespace);
        }
      },
    };
  }

  init(_context?: undefined, argv?: string[]): Promise<void> {
    this.initArgv = argv;
    return Promise.resolve();
  }
  shutdown(): void {
    this.shutDown = true;
  }
  isShutdown(): boolean {
    return this.shutDown;
  }
  removeSignalHandlers(): void {
    this.signalHandlersRemoved = true;
  }
  get node(): FakeLifecycleNode {
    const node = this.nodes[0];
    if (node === undefined) throw new Error("no node created");
    return node;
  }
}
