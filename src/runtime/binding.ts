/**
 * What one runtime adapter (rclnodejs or the in-process graph) provides for one node: raw
 * publish / subscribe / timers / services / clock. The lifecycle rules (gating while inactive,
 * parameter validation) live once, in ManagedNode, above this.
 */
import type { MessageTypeName, MessageTypes, ServiceRequest, ServiceResponse, ServiceTypeName } from "../msgs/types";
import type { ParameterDescriptor, ParameterValue } from "../core/parameters/schema";
import type { Logger } from "./port";
import type { QosProfile } from "./qos";

export interface Disposable {
  dispose(): void;
}

export interface RawPublisher<T> extends Disposable {
  readonly topic: string;
  publish(message: T): void;
}

export interface RawSubscription extends Disposable {
  /** The resolved topic name (namespace and remappings applied). */
  readonly topic: string;
}

export interface RuntimeBinding {
  readonly nodeName: string;
  readonly logger: Logger;
  /** ROS time [s]. */
  now(): number;
  advertise<K extends MessageTypeName>(type: K, topic: string, qos: QosProfile): RawPublisher<MessageTypes[K]>;
  subscribe<K extends MessageTypeName>(
    type: K,
    topic: string,
    qos: QosProfile,
    callback: (message: MessageTypes[K]) => void,
  ): RawSubscription;
  /** A timer on ROS time; `callback` errors are the caller's to catch. */
  startTimer(periodS: number, callback: () => void): Disposable;
  serve<S extends ServiceTypeName>(
    type: S,
    name: string,
    handler: (request: ServiceRequest<S>) => ServiceResponse<S>,
  ): Disposable;
  /** Tells the middleware about validated parameters (rclnodejs declares them for `ros2 param`). */
  declareParameters?(parameters: ReadonlyArray<{ name: string; value: ParameterValue; descriptor: ParameterDescriptor }>): void;
}
