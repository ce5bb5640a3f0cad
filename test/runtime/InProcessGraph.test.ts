import { InProcessGraph } from "../../src/runtime/inprocess/InProcessGraph";
import { resolveName } from "../../src/runtime/names";
import type { NodeDefinition } from "../../src/runtime/port";
import { qosCompatible, QoS, recorderQos, type QosProfile } from "../../src/runtime/qos";

describe("in-process graph: delivery", () => {
  it.each([
    { depth: 1, published: 5, expected: [5] },
    { depth: 3, published: 5, expected: [3, 4, 5] },
    { depth: 10, published: 5, expected: [1, 2, 3, 4, 5] },
  ])("a reader of depth $depth keeps the newest $depth of $published messages sent in one burst", ({ depth, published, expected }) => {
    const graph = new InProcessGraph();
    const received: number[] = [];
    const a = graph.binding("writer");
    const b = graph.binding("reader");
    const qos: QosProfile = { ...QoS.reliable, depth };
    b.subscribe("std_msgs/msg/Float64", "value", qos, (m) => received.push(m.data));
    const writer = a.advertise("std_msgs/msg/Float64", "value", qos);
    // A timer callback publishes the burst: delivery waits until the callback returns, as an executor does.
    a.startTimer(1, () => {
      for (let i = 1; i <= published; i++) writer.publish({ data: i });
    });
    graph.advance(1);
    expect(received).toEqual(expected);
    expect(graph.droppedOn("/value")).toBe(published - expected.length);
  });

  it("delivers in publish order across topics", () => {
    const graph = new InProcessGraph();
    const order: string[] = [];
    const n = graph.binding("n");
    n.subscribe("std_msgs/msg/Float64", "a", QoS.reliable, (m) => order.push(`a${m.data}`));
    n.subscribe("std_msgs/msg/Bool", "b", QoS.reliable, (m) => order.push(`b${String(m.data)}`));
    const pa = n.advertise("std_msgs/msg/Float64", "a", QoS.reliable);
    const pb = n.advertise("std_msgs/msg/Bool", "b", QoS.reliable);
    n.startTimer(0.1, () => {
      pa.publish({ data: 1 });
      pb.publish({ data: true });
      pa.publish({ data: 2 });
    });
    graph.advance(0.1);
    expect(order).toEqual(["a1", "btrue", "a2"]);
  });

  it.each([
    { writer: QoS.sensorData, reader: QoS.reliable, heard: false },
    { writer: QoS.reliable, reader: QoS.sensorData, heard: true },
    { writer: QoS.reliable, reader: QoS.reliable, heard: true },
  ])("QoS matching: $writer.reliability writer to $reader.reliability reader heard=$heard", ({ writer, reader, heard }) => {
    const graph = new InProcessGraph();
    const received = graph.record("std_msgs/msg/Float64", "x", reader);
    graph.publish("std_msgs/msg/Float64", "/x", { data: 1 }, writer);
    expect(received.length).toBe(heard ? 1 : 0);
  });

  it("a transient-local reader joining late gets the last sample of a transient-local writer", () => {
    const graph = new InProcessGraph();
    const w = graph.binding("w").advertise("std_msgs/msg/Float64", "map", QoS.transientLocal);
    w.publish({ data: 1 });
    w.publish({ data: 2 });
    const late = graph.record("std_msgs/msg/Float64", "/map", QoS.transientLocal);
    graph.advance(0);
    expect(late.map((m) => m.data)).toEqual([2]);
  });

  it("lists each writer's QoS and tells of a new writer before it publishes", () => {
    const graph = new InProcessGraph();
    const told: { topic: string; writers: number }[] = [];
    graph.onWriterAdded((topic) => told.push({ topic, writers: graph.topicList().find((t) => t.name === topic)?.writers ?? 0 }));
    graph.record("std_msgs/msg/Float64", "/x");
    expect(told).toEqual([]);
    graph.binding("a").advertise("std_msgs/msg/Float64", "x", QoS.sensorData);
    graph.binding("b").advertise("std_msgs/msg/Float64", "x", QoS.transientLocal);
    expect(told).toEqual([
      { topic: "/x", writers: 1 },
      { topic: "/x", writers: 2 },
    ]);
    expect(graph.topicList().find((t) => t.name === "/x")?.offered).toEqual([QoS.sensorData, QoS.transientLocal]);
  });

  it("tells a publish listener each message with its node and resolved topic, before delivery, until disposed", () => {
    const graph = new InProcessGraph();
    const seen: string[] = [];
    graph.binding("listener").subscribe("std_msgs/msg/Float64", "/ns/x", QoS.reliable, (m) => seen.push(`delivered ${m.data}`));
    const tap = graph.onPublish((node, topic, message) => seen.push(`${node} ${topic} ${(message as { data: number }).data}`));
    graph.binding("talker", "/ns").advertise("std_msgs/msg/Float64", "x", QoS.reliable).publish({ data: 1 });
    graph.publish("std_msgs/msg/Float64", "/ns/x", { data: 2 });
    tap.dispose();
    graph.publish("std_msgs/msg/Float64", "/ns/x", { data: 3 });
    expect(seen).toEqual(["talker /ns/x 1", "delivered 1", "graph /ns/x 2", "delivered 2", "delivered 3"]);
  });

  it.each([
    { case: "every writer latched", offered: [QoS.transientLocal], expected: { reliability: "reliable", durability: "transient_local" } },
    { case: "one writer volatile", offered: [QoS.transientLocal, QoS.reliable], expected: { reliability: "reliable", durability: "volatile" } },
    { case: "one writer best effort", offered: [QoS.reliable, QoS.sensorData], expected: { reliability: "best_effort", durability: "volatile" } },
    { case: "a sensor topic", offered: [QoS.sensorData], expected: { reliability: "best_effort", durability: "volatile" } },
  ])("a recorder requests what every writer offers (rosbag2's rule): $case", ({ offered, expected }) => {
    expect(recorderQos(offered, 7)).toEqual({ ...expected, depth: 7 });
    for (const writer of offered) expect(qosCompatible(writer, recorderQos(offered, 7))).toBe(true);
  });

  it("refuses a second type on a topic", () => {
    const graph = new InProcessGraph();
    graph.record("std_msgs/msg/Float64", "/x");
    expect(() => graph.record("std_msgs/msg/Bool", "/x")).toThrow("carries std_msgs/msg/Float64");
  });
});

describe("in-process graph: virtual clock and timers", () => {
  it("fires timers at their periods in time order, ties in creation order", () => {
    const graph = new InProcessGraph({ startTime: 100 });
    const fired: string[] = [];
    const n = graph.binding("n");
    n.startTimer(0.5, () => fired.push(`slow@${graph.clock.now()}`));
    n.startTimer(0.25, () => fired.push(`fast@${graph.clock.now()}`));
    graph.advance(1);
    expect(fired).toEqual(["fast@100.25", "slow@100.5", "fast@100.5", "fast@100.75", "slow@101", "fast@101"]);
    expect(graph.clock.now()).toBe(101);
  });

  it("never runs backwards", () => {
    const graph = new InProcessGraph({ startTime: 5 });
    expect(() => graph.advanceTo(4)).toThrow("cannot go back");
    expect(() => graph.advance(-1)).toThrow("non-negative");
  });
});

describe("name resolution", () => {
  it.each([
    { name: "scan", ns: "/", node: "n", remap: {}, expected: "/scan" },
    { name: "scan", ns: "/robot", node: "n", remap: {}, expected: "/robot/scan" },
    { name: "/scan", ns: "/robot", node: "n", remap: {}, expected: "/scan" },
    { name: "~/state", ns: "/robot", node: "ctl", remap: {}, expected: "/robot/ctl/state" },
    { name: "scan", ns: "/robot", node: "n", remap: { scan: "front_scan" }, expected: "/robot/front_scan" },
    { name: "scan", ns: "/", node: "n", remap: { "/scan": "/lidar/scan" }, expected: "/lidar/scan" },
  ] as { name: string; ns: string; node: string; remap: Record<string, string>; expected: string }[])("$name in $ns -> $expected", ({ name, ns, node, remap, expected }) => {
    expect(resolveName(name, ns, node, remap)).toBe(expected);
  });
});

const echoNode: NodeDefinition = {
  name: "echo",
  description: "doubles what it hears; ticks a counter",
  schema: {
    gain: { type: "double", default: 2, min: 0, max: 10, unit: "1", description: "output = gain * input" },
    period: { type: "double", default: 0.1, min: 0.01, max: 1, unit: "s", description: "tick period", readOnly: true },
    mode: { type: "string", default: "on", choices: ["on", "off"], unit: "", description: "mode" },
  },
  configure(context) {
    let gain = context.parameters.gain as number;
    let ticks = 0;
    const out = context.createPublisher("std_msgs/msg/Float64", "out", QoS.reliable);
    const tick = context.createPublisher("std_msgs/msg/Float64", "ticks", QoS.reliable);
    context.createSubscription("std_msgs/msg/Float64", "in", QoS.reliable, (m) => out.publish({ data: gain * m.data }));
    context.createTimer(context.parameters.period as number, () => tick.publish({ data: ++ticks }));
    context.createService("std_srvs/srv/Trigger", "~/reset", () => {
      ticks = 0;
      return { success: true, message: "reset" };
    });
    return {
      validateParameters: (changes) => (changes.some((c) => c.name === "gain" && c.value === 7) ? "7 is unlucky" : undefined),
      applyParameters: (_changes, all) => {
        gain = all.gain as number;
      },
    };
  },
};

describe("managed node on the in-process graph", () => {
  function setup(parameters: Record<string, unknown> = {}) {
    const graph = new InProcessGraph();
    const node = graph.addNode(echoNode, { parameters });
    const out = graph.record("std_msgs/msg/Float64", "/out");
    const ticks = graph.record("std_msgs/msg/Float64", "/ticks");
    return { graph, node, out, ticks };
  }

  it("publishes nothing, runs no timer and ignores input until active", () => {
    const { graph, node, out, ticks } = setup();
    expect(node.configure().ok).toBe(true);
    graph.publish("std_msgs/msg/Float64", "/in", { data: 1 });
    graph.advance(1);
    expect(out).toHaveLength(0);
    expect(ticks).toHaveLength(0);
    expect(node.activate().ok).toBe(true);
    graph.publish("std_msgs/msg/Float64", "/in", { data: 1.5 });
    graph.advance(0.3);
    expect(out.map((m) => m.data)).toEqual([3]);
    expect(ticks.map((m) => m.data)).toEqual([1, 2, 3]);
  });

  it("stops timers and publishing on deactivate, resumes on activate", () => {
    const { graph, node, ticks } = setup();
    node.startup();
    graph.advance(0.2);
    expect(node.deactivate().ok).toBe(true);
    graph.advance(1);
    expect(ticks).toHaveLength(2);
    node.activate();
    graph.advance(0.1);
    expect(ticks.map((m) => m.data)).toEqual([1, 2, 3]);
  });

  it.each([
    { from: "unconfigured", action: "activate", expected: "cannot activate from state unconfigured" },
    { from: "unconfigured", action: "deactivate", expected: "cannot deactivate from state unconfigured" },
    { from: "active", action: "cleanup", expected: "cannot cleanup from state active" },
  ] as const)("refuses $action from $from", ({ from, action, expected }) => {
    const { node } = setup();
    if (from === "active") node.startup();
    const result = node[action]();
    expect(result.ok).toBe(false);
    expect(result.reason).toBe(expected);
  });

  it("cleanup releases everything and configure builds it again", () => {
    const { graph, node, out } = setup();
    node.startup();
    node.deactivate();
    expect(node.cleanup().state).toBe("unconfigured");
    expect(graph.topicList().find((t) => t.name === "/in")?.readers).toBe(0);
    node.startup();
    graph.publish("std_msgs/msg/Float64", "/in", { data: 1 });
    expect(out.map((m) => m.data)).toEqual([2]);
  });

  it("shutdown finalizes from any state", () => {
    const { graph, node, ticks } = setup();
    node.startup();
    expect(node.shutdown().state).toBe("finalized");
    graph.advance(1);
    expect(ticks).toHaveLength(0);
    expect(node.activate().ok).toBe(false);
  });

  it("serves Trigger only while active, refusing with the reason otherwise", () => {
    const { graph, node, ticks } = setup();
    node.configure();
    expect(graph.call("std_srvs/srv/Trigger", "/echo/reset", {})).toEqual({ success: false, message: "echo is inactive, not active" });
    node.activate();
    graph.advance(0.25);
    expect(graph.call("std_srvs/srv/Trigger", "/echo/reset", {})).toEqual({ success: true, message: "reset" });
    graph.advance(0.1);
    expect(ticks.at(-1)?.data).toBe(1);
  });

  it.each([
    { name: "gain", value: 3, ok: true, reason: "" },
    { name: "gain", value: 11, ok: false, reason: "'gain' = 11: above the maximum: allowed double in [0, 10]" },
    { name: "gain", value: "x", ok: false, reason: "'gain' = x: expected a number" },
    { name: "gain", value: 7, ok: false, reason: "7 is unlucky" },
    { name: "period", value: 0.5, ok: false, reason: "'period' is read-only" },
    { name: "mode", value: "maybe", ok: false, reason: "expected one of on | off" },
    { name: "nope", value: 1, ok: false, reason: "unknown parameter 'nope'" },
  ])("set $name = $value: successful=$ok", ({ name, value, ok, reason }) => {
    const { graph, node, out } = setup();
    node.startup();
    const result = node.setParameters([{ name, value }]);
    expect(result.successful).toBe(ok);
    expect(result.reason).toContain(reason);
    graph.publish("std_msgs/msg/Float64", "/in", { data: 1 });
    expect(out.at(-1)?.data).toBe(ok && name === "gain" ? value : 2);
  });

  it("fails configure with every bad parameter named, and stays unconfigured", () => {
    const { node } = setup({ gain: -1, mode: 3, colour: "red" });
    const result = node.configure();
    expect(result.ok).toBe(false);
    expect(node.state).toBe("unconfigured");
    expect(result.reason).toContain("parameter 'gain' = -1: below the minimum");
    expect(result.reason).toContain("parameter 'mode' = 3: expected a string");
    expect(result.reason).toContain("parameter 'colour' = \"red\": unknown parameter");
  });

  it("a throwing callback is logged, not thrown into the graph", () => {
    const graph = new InProcessGraph();
    const node = graph.addNode({
      name: "bad",
      description: "",
      schema: {},
      configure(context) {
        context.createSubscription("std_msgs/msg/Float64", "in", QoS.reliable, () => {
          throw new Error("boom");
        });
        return {};
      },
    });
    node.startup();
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(() => graph.publish("std_msgs/msg/Float64", "/in", { data: 1 })).not.toThrow();
    stderr.mockRestore();
    expect(graph.logs.some((l) => l.level === "error" && l.message.includes("boom"))).toBe(true);
  });
});

describe("in-process graph: published messages are frozen in the tests", () => {
  type Scan = { header: { frame_id: string }; ranges: number[]; intensities: Float32Array };
  const scan = (): Scan => ({ header: { frame_id: "laser" }, ranges: [1, 2, 3], intensities: new Float32Array([4, 5]) });

  it.each([
    { freezeMessages: true, frozen: true },
    { freezeMessages: false, frozen: false },
    // npm test sets ROBOCON_SHOOTER_FREEZE_MESSAGES=1 (test/setupEnv.ts): the default follows it.
    { freezeMessages: undefined, frozen: true },
  ])("freezeMessages $freezeMessages: a subscriber's write into what it received throws: $frozen", ({ freezeMessages, frozen }) => {
    const graph = freezeMessages === undefined ? new InProcessGraph() : new InProcessGraph({ freezeMessages });
    const n = graph.binding("n");
    const writes: string[] = [];
    const tryWrite = (what: string, write: () => void): void => {
      try {
        write();
        writes.push(`${what} written`);
      } catch (error) {
        writes.push(`${what} refused: ${error instanceof TypeError}`);
      }
    };
    n.subscribe("sensor_msgs/msg/LaserScan", "scan", QoS.sensorData, (m) => {
      const received = m as unknown as Scan;
      tryWrite("header", () => (received.header.frame_id = "other"));
      tryWrite("array", () => (received.ranges[0] = 0));
    });
    const writer = n.advertise("sensor_msgs/msg/LaserScan", "scan", QoS.sensorData);
    const message = scan();
    writer.publish(message as unknown as Parameters<typeof writer.publish>[0]);
    tryWrite("published", () => (message.ranges[1] = 9));
    const outcome = frozen ? "refused: true" : "written";
    expect(writes).toEqual([`header ${outcome}`, `array ${outcome}`, `published ${outcome}`]);
    // Typed arrays cannot be frozen (V8 throws on one with elements): they are left as they are.
    expect(Object.isFrozen(message.intensities)).toBe(false);
  });
});
