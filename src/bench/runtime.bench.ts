import { InProcessGraph } from "../runtime/inprocess/InProcessGraph";
import { QoS } from "../runtime/qos";
import { atMost, medianSecondsPerCall, timing, type Benchmark } from "./figure";

/** What one message costs on the in-process graph: publish, queue, deliver to one subscriber. */
export const runtimeBenchmarks: Benchmark[] = [
  {
    name: "in-process graph",
    run: ({ quick }) => {
      const graph = new InProcessGraph();
      const binding = graph.binding("bench");
      const publisher = binding.advertise("std_msgs/msg/Float64", "bench/value", QoS.reliable);
      let sum = 0;
      binding.subscribe("std_msgs/msg/Float64", "bench/value", QoS.reliable, (message) => {
        sum += message.data;
      });
      const message = { data: 1 };
      const seconds = medianSecondsPerCall(() => publisher.publish(message), { reps: quick ? 5 : 31, callsPerRep: quick ? 1000 : 10000 });
      if (sum === 0) throw new Error("no message was delivered");
      return Promise.resolve([timing(atMost("graph.delivery_per_message", seconds * 1e6, "us", 5, "publish -> one subscriber callback, median"))]);
    },
  },
];
