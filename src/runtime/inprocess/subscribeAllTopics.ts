import type { MessageTypeName, MessageTypes } from "../../msgs/types";
import type { QosProfile } from "../qos";
import type { InProcessGraph } from "./InProcessGraph";

/**
 * Best effort + volatile hears every writer; the deep queue keeps every message between the
 * caller's drains (the recorder flushes, the replay counts as they come).
 */
const HEAR_EVERYTHING: QosProfile = { reliability: "best_effort", durability: "volatile", depth: 100_000 };

/**
 * `ros2 bag record -a`'s reader on the in-process graph: a node `nodeName` subscribed to every
 * topic the graph knows, handing each message to `onMessage` with its topic and type. Topics
 * that appear later are picked up by calling the returned `refresh`.
 */
export function subscribeAllTopics(
  graph: InProcessGraph,
  nodeName: string,
  onMessage: (topic: string, type: MessageTypeName, message: MessageTypes[MessageTypeName]) => void,
): () => void {
  const binding = graph.binding(nodeName);
  const subscribed = new Set<string>();
  const refresh = (): void => {
    for (const { name, type } of graph.topicList()) {
      if (subscribed.has(name)) continue;
      subscribed.add(name);
      binding.subscribe(type, name, HEAR_EVERYTHING, (message) => onMessage(name, type, message));
    }
  };
  refresh();
  return refresh;
}
