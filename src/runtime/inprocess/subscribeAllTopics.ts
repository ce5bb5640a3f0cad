import type { MessageTypeName, MessageTypes } from "../../msgs/types";
import { qosCompatible, type QosProfile } from "../qos";
import type { Disposable } from "../binding";
import type { InProcessGraph } from "./InProcessGraph";

/** The deep queue keeps every message between the caller's drains (the recorder flushes, the replay counts as they come). */
const QUEUE_DEPTH = 100_000;

/** Best effort + volatile hears every writer. */
const HEAR_EVERYTHING: QosProfile = { reliability: "best_effort", durability: "volatile", depth: QUEUE_DEPTH };

export interface SubscribeAllTopicsOptions {
  /**
   * The QoS to request from a topic, given what its writers offer (at least one) and the queue
   * depth. Default best effort + volatile, which hears every writer but no latched sample.
   */
  readonly readerQos?: (offered: readonly QosProfile[], depth: number) => QosProfile;
  /** Called as each topic is subscribed, with the QoS its writers offer then. */
  readonly onSubscribed?: (topic: string, type: MessageTypeName, offered: readonly QosProfile[]) => void;
}

/**
 * `ros2 bag record -a`'s reader on the in-process graph: a node `nodeName` subscribed to every
 * topic some writer publishes on, handing each message to `onMessage` with its topic and type.
 * A topic is subscribed once, when its first writer appears (or at once if it has one): the graph
 * tells of each writer before it can publish, so nothing published is missed. As in rosbag2, the
 * reader's QoS is chosen from the writers there then; a later writer it cannot hear is logged.
 */
export function subscribeAllTopics(
  graph: InProcessGraph,
  nodeName: string,
  onMessage: (topic: string, type: MessageTypeName, message: MessageTypes[MessageTypeName]) => void,
  options: SubscribeAllTopicsOptions = {},
): Disposable {
  const binding = graph.binding(nodeName);
  const readerQos = options.readerQos ?? (() => HEAR_EVERYTHING);
  const subscribed = new Map<string, QosProfile>();
  const consider = (topic: { name: string; type: MessageTypeName; offered: readonly QosProfile[] }): void => {
    const { name, type, offered } = topic;
    if (offered.length === 0 || subscribed.has(name)) return;
    const qos = readerQos(offered, QUEUE_DEPTH);
    subscribed.set(name, qos);
    options.onSubscribed?.(name, type, offered);
    binding.subscribe(type, name, qos, (message) => onMessage(name, type, message));
  };
  for (const topic of graph.topicList()) consider(topic);
  // Stops subscribing topics that appear later (the subscriptions made stay).
  return graph.onWriterAdded((name, type, added, offered) => {
    const requested = subscribed.get(name);
    if (requested !== undefined && !qosCompatible(added, requested)) {
      binding.logger.warn(`${name}: a new writer offers ${added.reliability} ${added.durability}, which the ${requested.reliability} ${requested.durability} reader does not hear`);
    }
    consider({ name, type, offered });
  });
}
