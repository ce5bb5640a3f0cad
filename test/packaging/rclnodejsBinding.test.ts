import type { NodeDefinition, ParameterValues } from "../../src/runtime/port";
import { QoS, type QosProfile } from "../../src/runtime/qos";
import { cdrCodec } from "../../src/msgs/cdr";
import { loadRclnodejs, RCLNODEJS_MISSING_MESSAGE, RclnodejsUnavailableError } from "../../src/runtime/rclnodejs/loadRclnodejs";
import { RclParameterType } from "../../src/runtime/rclnodejs/rclnodejsApi";
import { createRosNode } from "../../src/runtime/rclnodejs/RclnodejsBinding";
import { splitRosArgs } from "../../src/runtime/rclnodejs/rosArgs";
import { parseNodeOptions, runNodeOnRos } from "../../src/ros/runNodeOnRos";
import { FakeFloatingPointRange, FakeIntegerRange, FakeParameter, FakeParameterDescriptor, FakeQoS, FakeRclnodejs } from "./fakeRclnodejs";

/** A small node using every port feature, with parameters of each kind the schema allows. */
function probeDefinition(applied: ParameterValues[] = []): NodeDefinition {
  return {
    name: "probe",
    description: "test node",
    schema: {
      gain: { type: "double", default: 1.5, min: 0, max: 10, unit: "rad/s", description: "Loop gain" },
      window: { type: "integer", default: 5, min: 1, max: 99, unit: "1", description: "Median window" },
      frame: { type: "string", default: "laser", unit: "", description: "Frame", readOnly: true },
      mode: { type: "string", default: "a", choices: ["a", "b"], unit: "", description: "Mode" },
      weights: { type: "double_array", default: [1, 2], unit: "1", description: "Weights" },
    },
    configure(context) {
      const out = context.createPublisher("std_msgs/msg/Float64", "out", QoS.reliable);
      context.createSubscription("std_msgs/msg/Float64", "in", QoS.sensorData, (m) => {
        out.publish({ data: m.data * 2 });
      });
      context.createTimer(0.1, () => {
        out.publish({ data: -1 });
      });
      context.createService("std_srvs/srv/Trigger", "fire", () => ({ success: true, message: "fired" }));
      return {
        validateParameters: (changes) => (changes.some((c) => c.name === "mode" && c.value === "b") ? "mode b needs a hood" : undefined),
        applyParameters: (_changes, all) => applied.push({ ...all }),
      };
    },
  };
}

function started(argv: readonly string[] = []) {
  const rcl = new FakeRclnodejs();
  const applied: ParameterValues[] = [];
  const handle = createRosNode(rcl, probeDefinition(applied), argv);
  return { rcl, applied, ...handle, fake: rcl.node };
}

describe("QoS mapping", () => {
  it.each<[string, QosProfile, [number, number, number, number]]>([
    // [history KEEP_LAST=1, depth, reliability RELIABLE=1 / BEST_EFFORT=2, durability TRANSIENT_LOCAL=1 / VOLATILE=2]
    ["sensorData", QoS.sensorData, [1, 5, 2, 2]],
    ["reliable", QoS.reliable, [1, 10, 1, 2]],
    ["transientLocal", QoS.transientLocal, [1, 1, 1, 1]],
    ["custom depth", { reliability: "best_effort", durability: "transient_local", depth: 42 }, [1, 42, 2, 1]],
  ])("%s becomes rmw policies %j", (_name, profile, expected) => {
    const { binding, fake } = started();
    binding.advertise("std_msgs/msg/Float64", "x", profile);
    const qos = fake.publishers.at(-1)?.qos as FakeQoS;
    expect([qos.history, qos.depth, qos.reliability(), qos.durability]).toEqual(expected);
  });
});

describe("parameter declaration", () => {
  it("declares every schema parameter with type, description with unit, range and read-only flag", () => {
    const { managed, fake } = started();
    expect(managed.configure().ok).toBe(true);
    const gain = fake.descriptors.get("gain") as FakeParameterDescriptor;
    expect(gain.type).toBe(RclParameterType.DOUBLE);
    expect(gain.description).toBe("Loop gain [rad/s]");
    expect(gain.readOnly).toBe(false);
    expect(gain.range).toBeInstanceOf(FakeFloatingPointRange);
    // step 0: continuous; rclnodejs's default step 1 would refuse 1.5
    expect([gain.range?.fromValue, gain.range?.toValue, gain.range?.step]).toEqual([0, 10, 0]);
    expect(fake.parameters.get("gain")?.value).toBe(1.5);

    const window = fake.descriptors.get("window") as FakeParameterDescriptor;
    expect(window.type).toBe(RclParameterType.INTEGER);
    expect(window.range).toBeInstanceOf(FakeIntegerRange);
    expect([(window.range as FakeIntegerRange).fromBig, (window.range as FakeIntegerRange).toBig]).toEqual([1n, 99n]);
    expect(fake.parameters.get("window")?.value).toBe(5n);

    expect((fake.descriptors.get("frame") as FakeParameterDescriptor).readOnly).toBe(true);
    expect(fake.descriptors.get("mode")?.additionalConstraints).toContain("one of a | b");
    expect(fake.descriptors.get("weights")?.type).toBe(RclParameterType.DOUBLE_ARRAY);
  });

  it("takes values from the command line's overrides, integers included, and keeps our types", () => {
    // `gain:=3` is an integer to rcl, for a double parameter.
    const { managed, fake } = started(["--ros-args", "-p", "gain:=3", "-p", "probe:window:=7", "-p", "weights:=[1, 4]"]);
    expect(managed.configure().ok).toBe(true);
    expect(managed.parameterValues).toMatchObject({ gain: 3, window: 7, weights: [1, 4] });
    expect(fake.parameters.get("gain")?.type).toBe(RclParameterType.DOUBLE);
    expect(fake.parameters.get("window")?.value).toBe(7n);
  });

  it("with use_sim_time from the command line, sets it and follows /clock best effort (which hears rosbag2's best-effort clock)", () => {
    const { fake } = started(["--ros-args", "-p", "use_sim_time:=true"]);
    expect(fake.parameters.get("use_sim_time")?.value).toBe(true);
    const clock = fake.subscriptions.find((s) => s.topic === "/clock");
    expect((clock?.options.qos as FakeQoS | undefined)?.reliabilityValue).toBe(2); // RMW_QOS_POLICY_RELIABILITY_BEST_EFFORT
    clock?.callback({ clock: { sec: 1_700_000_000, nanosec: 5 } });
    expect(fake.clock.rosTimeOverride?.secondsAndNanoseconds).toEqual({ seconds: 1_700_000_000n, nanoseconds: 5n });
  });

  it("without use_sim_time leaves the wall clock alone", () => {
    const { fake } = started();
    expect([fake.parameters.get("use_sim_time")?.value, fake.subscriptions.some((s) => s.topic === "/clock")]).toEqual([false, false]);
  });

  it("refuses a bad params-file value at configure, naming the key, and rcl stays unconfigured", () => {
    const { fake, managed, binding } = started(["--ros-args", "-p", "window:=500"]);
    expect(fake.configure()).toBe("unconfigured");
    expect(managed.state).toBe("unconfigured");
    expect(binding.lastFailure).toMatch(/window.*500.*above the maximum/);
  });

  it("declares arrays with bounded elements without a range, which rclnodejs would check against the whole array", () => {
    const arrays: NodeDefinition = {
      name: "arrays",
      description: "bounded arrays, empty by default",
      schema: {
        factors: { type: "double_array", default: [], min: 0.5, max: 2, unit: "1", description: "Factors" },
        counts: { type: "integer_array", default: [1, 2], min: 0, max: 9, unit: "1", description: "Counts" },
      },
      configure: () => ({}),
    };
    const rcl = new FakeRclnodejs();
    const { managed, binding } = createRosNode(rcl, arrays, []);
    expect([managed.configure().ok, binding.lastFailure]).toEqual([true, undefined]);
    const factors = rcl.node.descriptors.get("factors") as FakeParameterDescriptor;
    const counts = rcl.node.descriptors.get("counts") as FakeParameterDescriptor;
    expect([factors.range, counts.range]).toEqual([undefined, undefined]);
    expect([factors.additionalConstraints, counts.additionalConstraints]).toEqual(["double_array in [0.5, 2]", "integer_array in [0, 9]"]);
    expect(rcl.node.parameters.get("counts")?.value).toEqual([1n, 2n]);
    // With the element range attached, the fake (like rclnodejs) refuses the empty array.
    const withRange = new FakeParameterDescriptor("factors", RclParameterType.DOUBLE_ARRAY, "", false, new FakeFloatingPointRange(0.5, 2, 0));
    expect(() => withRange.validateParameter(new FakeParameter("factors", RclParameterType.DOUBLE_ARRAY, []))).toThrow(RangeError);
  });

  it("fails configure after cleanup when rclnodejs refuses to take a re-read value", () => {
    const { fake, binding } = started();
    expect(fake.configure()).toBe("inactive");
    expect(fake.cleanup()).toBe("unconfigured");
    // A registered range the value 1.5 falls outside: rclnodejs reports the refusal instead of throwing.
    fake.descriptors.set("gain", new FakeParameterDescriptor("gain", RclParameterType.DOUBLE, "", false, new FakeFloatingPointRange(0, 1, 0)));
    expect(fake.configure()).toBe("unconfigured");
    expect(binding.lastFailure).toMatch(/gain/);
  });

  it("re-declares nothing after cleanup and configure", () => {
    const { fake, binding } = started();
    expect(fake.configure()).toBe("inactive");
    expect(fake.cleanup()).toBe("unconfigured");
    expect([fake.configure(), binding.lastFailure]).toEqual(["inactive", undefined]);
  });
});

describe("ros2 param set", () => {
  const set = (fake: FakeRclnodejs["node"], name: string, type: number, value: unknown) => fake.setParameters([new FakeParameter(name, type, value)])[0];

  it.each<[string, number, unknown, RegExp]>([
    ["gain", RclParameterType.DOUBLE, 12.5, /'gain' = 12.5: above the maximum: allowed double in \[0, 10\] \[rad\/s\]/],
    ["gain", RclParameterType.STRING, "fast", /'gain' = fast: expected a number/],
    ["window", RclParameterType.INTEGER, 0n, /'window' = 0: below the minimum/],
    ["mode", RclParameterType.STRING, "c", /'mode' = c: expected one of a \| b/],
    ["mode", RclParameterType.STRING, "b", /^mode b needs a hood$/],
    ["frame", RclParameterType.STRING, "base", /readonly/],
  ])("refuses %s (rcl type %i) = %p with our reason", (name, type, value, reason) => {
    const { fake, managed } = started();
    fake.configure();
    const before = { ...managed.parameterValues };
    const rclBefore = fake.parameters.get(name);
    const result = set(fake, name, type, value);
    expect(result?.successful).toBe(false);
    expect(result?.reason).toMatch(reason);
    expect(managed.parameterValues).toEqual(before);
    expect(fake.parameters.get(name)).toBe(rclBefore);
  });

  it("accepts a valid value, applies it in the node and in rclnodejs; an integer for a double is a double", () => {
    const { fake, managed, applied } = started();
    fake.configure();
    expect(set(fake, "gain", RclParameterType.INTEGER, 4n)).toEqual({ successful: true, reason: "" });
    expect(managed.parameterValues.gain).toBe(4);
    expect(fake.parameters.get("gain")).toMatchObject({ type: RclParameterType.DOUBLE, value: 4 });
    expect(applied.at(-1)?.gain).toBe(4);
  });

  it("a refusal does not stick to the next set", () => {
    const { fake, managed } = started();
    fake.configure();
    expect(set(fake, "gain", RclParameterType.DOUBLE, 99)?.successful).toBe(false);
    expect(set(fake, "frame", RclParameterType.STRING, "x")?.reason).toMatch(/readonly/);
    expect(set(fake, "gain", RclParameterType.DOUBLE, 2)?.successful).toBe(true);
    expect(managed.parameterValues.gain).toBe(2);
  });
});

describe("lifecycle through rclnodejs", () => {
  it("publishes, delivers and runs timers only while active, messages as CDR bytes both ways", () => {
    const { fake, managed } = started();
    const float64 = cdrCodec("std_msgs/msg/Float64");
    const deliver = (data: number): void => input?.callback(Buffer.from(float64.encode({ data })));
    const sent = (): unknown[] => (out?.sent ?? []).map((bytes) => (bytes instanceof Buffer ? float64.decode(bytes) : bytes));
    fake.configure();
    const [out] = fake.publishers;
    const [input] = fake.subscriptions;
    expect(out && input).toBeTruthy();
    expect(input?.options.isRaw).toBe(true);
    deliver(1);
    expect(sent()).toEqual([]);
    expect(fake.timers).toHaveLength(0); // timers start on activate

    expect(fake.activate()).toBe("active");
    expect(managed.state).toBe("active");
    deliver(2);
    fake.timers[0]?.callback();
    expect(fake.timers[0]?.periodNs).toBe(100_000_000n);
    expect(sent()).toEqual([{ data: 4 }, { data: -1 }]);

    expect(fake.deactivate()).toBe("inactive");
    expect(fake.timers[0]?.destroyed).toBe(true);
    deliver(3);
    expect(sent()).toHaveLength(2);
  });

  it("answers services while active and refuses them otherwise", () => {
    const { fake } = started();
    fake.configure();
    const responses: object[] = [];
    const call = () => fake.services[0]?.callback({}, { send: (r) => responses.push(r) });
    call();
    fake.activate();
    call();
    expect(responses).toEqual([
      { success: false, message: "probe is inactive, not active" },
      { success: true, message: "fired" },
    ]);
  });

  it("shutdown finalizes and releases every entity", () => {
    const { fake, managed } = started();
    fake.configure();
    fake.activate();
    expect(fake.shutdown()).toBe("finalized");
    expect(managed.state).toBe("finalized");
    expect([...fake.publishers, ...fake.subscriptions, ...fake.timers, ...fake.services].every((e) => e.destroyed)).toBe(true);
  });

  it("reads ROS time from the node clock [s]", () => {
    const { rcl, binding } = started();
    rcl.timeNs = 1_700_000_123_250_000_000n;
    expect(binding.now()).toBeCloseTo(1_700_000_123.25, 6);
  });
});

describe("command line", () => {
  it.each<[string[], string[], string[]]>([
    [["laser_ranging"], ["laser_ranging"], []],
    [["--autostart", "false", "--ros-args", "-r", "__node:=left"], ["--autostart", "false"], ["--ros-args", "-r", "__node:=left"]],
    [
      ["--ros-args", "--params-file", "a.yaml", "--", "--no-autostart", "--ros-args", "-p", "x:=1"],
      ["--no-autostart"],
      ["--ros-args", "--params-file", "a.yaml", "--", "--ros-args", "-p", "x:=1"],
    ],
  ])("splits %j", (argv, ours, ros) => {
    expect(splitRosArgs(argv)).toEqual({ ours, ros });
  });

  it.each<[string[], boolean]>([
    [[], true],
    [["--autostart", "false"], false],
    [["--autostart=true"], true],
    [["--no-autostart"], false],
  ])("autostart from %j is %p", (ours, autostart) => {
    expect(parseNodeOptions(ours)).toEqual({ autostart });
  });

  it.each([[["--autostart", "maybe"]], [["--fast"]], [["--autostart"]]])("rejects %j", (ours) => {
    expect(() => parseNodeOptions(ours)).toThrow(/autostart|unknown argument/);
  });
});

describe("missing rclnodejs", () => {
  const ros = { ROS_DISTRO: "jazzy" };

  it("becomes one clear error", () => {
    const notFound = Object.assign(new Error("Cannot find module 'rclnodejs'"), { code: "MODULE_NOT_FOUND" });
    expect(() =>
      loadRclnodejs(() => {
        throw notFound;
      }, ros),
    ).toThrow(new RclnodejsUnavailableError(notFound));
    expect(() => loadRclnodejs(() => ({ something: "else" }), ros)).toThrow(RCLNODEJS_MISSING_MESSAGE);
  });

  it("does not even require rclnodejs without a sourced ROS 2 (it would try to compile itself)", () => {
    const requireModule = jest.fn(() => new FakeRclnodejs());
    expect(() => loadRclnodejs(requireModule, {})).toThrow(RCLNODEJS_MISSING_MESSAGE);
    expect(requireModule).not.toHaveBeenCalled();
    expect(loadRclnodejs(requireModule, ros)).toBeInstanceOf(FakeRclnodejs);
  });

  it("makes the executable print exactly that line and exit 1", async () => {
    const lines: string[] = [];
    const code = await runNodeOnRos("probe", ["--ros-args", "-r", "__node:=x"], {
      definitions: { probe: probeDefinition() },
      loadRclnodejs: () => {
        throw new RclnodejsUnavailableError(new Error("libRcl.so: cannot open shared object file"));
      },
      write: (line) => lines.push(line),
    });
    expect(code).toBe(1);
    expect(lines).toEqual([RCLNODEJS_MISSING_MESSAGE]);
  });
});

describe("runNodeOnRos", () => {
  const run = async (argv: string[], setup: (rcl: FakeRclnodejs) => void = () => undefined) => {
    const rcl = new FakeRclnodejs();
    setup(rcl);
    const lines: string[] = [];
    let stop: (signal: string) => void = () => undefined;
    const stopSignal = () => new Promise<string>((resolve) => (stop = resolve));
    const exit = runNodeOnRos("probe", argv, { definitions: { probe: probeDefinition() }, loadRclnodejs: () => rcl, write: (l) => lines.push(l), stopSignal });
    await new Promise((resolve) => setImmediate(resolve));
    return { rcl, lines, exit, stop: (signal: string) => { stop(signal); } };
  };

  it("autostarts to active, passes --ros-args to rcl and shuts down cleanly on a signal", async () => {
    const { rcl, exit, stop } = await run(["--ros-args", "-r", "__node:=left"], (r) => (r.remappedName = "left"));
    expect(rcl.signalHandlersRemoved).toBe(true);
    expect(rcl.initArgv?.slice(1)).toEqual(["probe", "--ros-args", "-r", "__node:=left"]);
    expect(rcl.node.state).toBe("active");
    expect(rcl.node.spinning).toBe(true);
    stop("SIGINT");
    expect(await exit).toBe(0);
    expect([rcl.node.state, rcl.node.destroyed, rcl.shutDown]).toEqual(["finalized", true, true]);
  });

  it("stays unconfigured with --autostart false", async () => {
    const { rcl, exit, stop } = await run(["--autostart", "false"]);
    expect(rcl.node.state).toBe("unconfigured");
    stop("SIGTERM");
    expect(await exit).toBe(0);
  });

  it("exits 1 with the reason when autostart cannot configure", async () => {
    const { rcl, lines, exit } = await run(["--ros-args", "-p", "gain:=-1.0"]);
    expect(await exit).toBe(1);
    expect(lines.join("\n")).toMatch(/probe: .*'gain' = -1: below the minimum/);
    expect(rcl.shutDown).toBe(true);
  });

  it("rejects an unknown node and unknown flags", async () => {
    const lines: string[] = [];
    expect(await runNodeOnRos("nope", [], { write: (l) => lines.push(l) })).toBe(1);
    expect(await runNodeOnRos("laser_ranging", ["--fast"], { write: (l) => lines.push(l) })).toBe(1);
    expect(lines.join("\n")).toMatch(/unknown node 'nope'[\s\S]*unknown argument '--fast'/);
  });
});
