/**
 * `node dist/ros/topicProbe.js`: a node on the real ROS 2 graph that a test drives through its
 * standard input and output, one JSON object per line. The real-ROS suites (test/ros) use it
 * because rclnodejs 2.x is partly an ES module, which Jest's module system cannot load.
 *
 * In:  {"op":"record","type":"std_msgs/msg/Float64MultiArray","topic":"/launcher/effort_command","qos":"reliable"}
 *      {"op":"advertise","type":"std_msgs/msg/Bool","topic":"/launcher/e_stop","qos":"reliable"}
 *      {"op":"publish","id":1,"type":"std_msgs/msg/Bool","topic":"/launcher/e_stop","qos":"reliable","message":{"data":true}}
 * Out: {"event":"ready"} once spinning;
 *      {"event":"message","topic":...,"at":<epoch ms>,"message":{...}} per received message;
 *      {"event":"published","id":1,"at":<epoch ms>} after a publish;
 *      {"event":"error","reason":...} for a line it cannot carry out.
 * Times are wall-clock milliseconds (performance.timeOrigin + performance.now()), comparable
 * across processes on one machine. Ends on end of input or SIGINT.
 */
import * as readline from "node:readline";
import type { MessageTypeName, MessageTypes } from "../msgs/types";
import { QoS, type QosProfile } from "../runtime/qos";
import { loadRclnodejs } from "../runtime/rclnodejs/loadRclnodejs";
import { RclnodejsBinding } from "../runtime/rclnodejs/RclnodejsBinding";

type ProbeCommand =
  | { readonly op: "record" | "advertise"; readonly type: MessageTypeName; readonly topic: string; readonly qos?: keyof typeof QoS }
  | { readonly op: "publish"; readonly id: number; readonly type: MessageTypeName; readonly topic: string; readonly qos?: keyof typeof QoS; readonly message: unknown };

function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Typed arrays as plain arrays, bigints as numbers, non-finite numbers as strings JSON can carry. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) => {
    if (typeof field === "bigint") return Number(field);
    if (ArrayBuffer.isView(field) && !(field instanceof DataView)) return Array.from(field as unknown as ArrayLike<number>);
    if (typeof field === "number" && !Number.isFinite(field)) return String(field);
    return field;
  });
}

export async function runTopicProbe(input: NodeJS.ReadableStream = process.stdin, write: (line: string) => void = (line) => void process.stdout.write(`${line}\n`)): Promise<void> {
  const rcl = loadRclnodejs();
  rcl.removeSignalHandlers();
  await rcl.init();
  const node = new rcl.lifecycle.LifecycleNode(`robocon_probe_${process.pid}`);
  const binding = new RclnodejsBinding(rcl, node);
  node.spin();
  const publishers = new Map<string, (message: unknown) => void>();
  const qosOf = (name: keyof typeof QoS | undefined): QosProfile => QoS[name ?? "reliable"];

  // A publisher made ahead ("advertise") is matched by the time it is used: a writer made at its
  // first publish may lose that message to discovery, as a late-joining e-stop button would.
  const publisherFor = (command: { readonly type: MessageTypeName; readonly topic: string; readonly qos?: keyof typeof QoS }): ((message: unknown) => void) => {
    const key = `${command.type} ${command.topic}`;
    let publish = publishers.get(key);
    if (publish === undefined) {
      const raw = binding.advertise(command.type, command.topic, qosOf(command.qos));
      publish = (message) => {
        raw.publish(message as MessageTypes[MessageTypeName]);
      };
      publishers.set(key, publish);
    }
    return publish;
  };

  const carryOut = (command: ProbeCommand): void => {
    switch (command.op) {
      case "record":
        binding.subscribe(command.type, command.topic, qosOf(command.qos), (message) => {
          write(toJson({ event: "message", topic: command.topic, at: epochMs(), message }));
        });
        return;
      case "advertise":
        publisherFor(command);
        return;
      case "publish":
        publisherFor(command)(command.message);
        write(toJson({ event: "published", id: command.id, at: epochMs() }));
        return;
      default: {
        const unreachable: never = command;
        throw new Error(`unknown op in ${JSON.stringify(unreachable)}`);
      }
    }
  };

  write(toJson({ event: "ready" }));
  const lines = readline.createInterface({ input });
  const stop = new Promise<void>((resolve) => {
    lines.once("close", resolve);
    process.once("SIGINT", resolve);
  });
  lines.on("line", (line) => {
    if (line.trim() === "") return;
    try {
      carryOut(JSON.parse(line) as ProbeCommand);
    } catch (error) {
      write(toJson({ event: "error", reason: `${(error as Error).message} in ${line}` }));
    }
  });
  await stop;
  lines.close();
  node.destroy();
  if (!rcl.isShutdown()) rcl.shutdown();
}

if (require.main === module) {
  runTopicProbe().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`topicProbe: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
