import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_COURT_PARAMS, DEFAULT_SHOOTER_PARAMS, PACKAGE_ROOT } from "../package/defaultParams";
import { LAUNCHER_COMMAND_TOPICS } from "../nodes/launcher_control";
import { numberParameter } from "../core/parameters/readers";
import { loadLauncherParameters } from "../launcher/launcherModel";
import { targetEstimationParametersFromFiles } from "../nodes/target_estimation.schema";
import { RCLNODEJS_MISSING_MESSAGE } from "../runtime/rclnodejs/loadRclnodejs";
import { withLoopbackDomain } from "./rosLatency/loopbackDomain";
import { median, percentile, reportOnly, atMost, timing, type Benchmark, type Figure } from "./figure";
import { callbackShare, collectionsWhile, followRelayedScans, followScans, overlapsCollection, type CollectionsWhile, type RelayedScans, type ScanWay } from "./rosLatency/chainTrace";
import { RELAY_HOPS } from "./rosLatency/rigProcess";
import { TRACE_DIR_VARIABLE } from "./rosLatency/trace";
import type { FeederLog, NodeTrace, ReceiverLog } from "./rosLatency/traceFormat";

/**
 * Issue 16's latency on the real ROS 2 graph: the three shipped nodes each in its own process
 * (dist/ros/main.js, as `ros2 run` and the launch file start them, with the launch file's params
 * files), a feeder process publishing the simulator's sensors, a receiver process subscribing to
 * the wheel command, all rclnodejs on the sourced ROS 2's RMW (Cyclone DDS here), on one DDS
 * domain of their own over the loopback interface. The nodes run with a tracer preloaded
 * (rosLatency/trace.ts) that notes when each callback and tick ran; chainTrace.ts follows each
 * scan to the first command that carries it. docs/performance.md says what each figure is.
 */

const FULL_SCANS = 10_000;
const QUICK_SCANS = 300;
/** The bare relay chain's run, right after the chain's: enough scans for a p99 (50 above it) in half the chain's time. */
const FULL_RELAY_SCANS = 5_000;
const QUICK_RELAY_SCANS = 300;
/** Relays have nothing to converge: this long [s] of feed before measuring. */
const RELAY_WARM_S = 3;
/** Faster than the shipped 10 Hz lidar so that 10^4 scans take 250 s, not 1000 s; 40 Hz is a real lidar's rate (Hokuyo UST). */
const SCAN_RATE_HZ = 40;
/** Each figure's name says the scan rate, not the shipped lidar's (docs/performance.md's rule for a configuration that does not ship). */
export const ROS2_LATENCY_CONFIGURATION = ` (scans at ${SCAN_RATE_HZ} Hz, shipped lidar 10 Hz)`;
/** Issue 16's goal for the separate-process figure [ms]. */
const GOAL_P99_MS = 5;
/** After the first valid estimate, this long [s] before measuring (the in-process rig warms 5 s too; --quick 1 s). */
const WARM_S = 5;
const QUICK_WARM_S = 1;

const repoRoot = PACKAGE_ROOT;
const distDir = path.resolve(__dirname, "..");

export const rosLatencyBenchmarks: Benchmark[] = [
  {
    name: "ros2 graph: scan to command latency",
    run: async ({ quick, progress }): Promise<Figure[]> => {
      const unavailable = rosUnavailableReason();
      if (unavailable !== undefined) {
        progress(`SKIPPED the scan -> command latency on the real ROS 2 graph: ${unavailable}`);
        return [];
      }
      const scans = quick ? QUICK_SCANS : FULL_SCANS;
      const run = await runOnGraph(scans, quick ? QUICK_WARM_S : WARM_S, progress);
      const relayScans = quick ? QUICK_RELAY_SCANS : FULL_RELAY_SCANS;
      const relayed = await runRelayChain(relayScans, quick ? QUICK_WARM_S : RELAY_WARM_S, progress);
      return figures(run, scans, { ...relayed, scans: relayScans });
    },
  },
];

/** Why this machine cannot run the graph (undefined: it can): ROS 2 sourced, rclnodejs built against it. */
export function rosUnavailableReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!env.ROS_DISTRO) return "ROS 2 is not sourced (no ROS_DISTRO): source its setup.bash, then npm ci";
  const probe = spawnSync(process.execPath, ["-e", "require('rclnodejs')"], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
  if (probe.status === 0) return undefined;
  return `${RCLNODEJS_MISSING_MESSAGE} (require('rclnodejs'): ${probe.stderr.split("\n").find((l) => /Error/.test(l)) ?? `exit ${String(probe.status)}`})`;
}

interface GraphRun {
  readonly ways: ScanWay[];
  readonly lost: Readonly<Record<string, number>>;
  readonly toTargetReceipt: number[];
  readonly estimates: ReceiverLog["estimates"];
  readonly commands: number;
  readonly movingCommands: number;
  readonly warmupScans: number;
  readonly loadAverage: readonly number[];
  readonly wall_s: number;
  /** Each node process's share of a core in its own callbacks and ticks (callbackShare). */
  readonly callbackShares: readonly { readonly node: string; readonly share: number }[];
  /** Each node process's collections from the first measured scan's publish to the last command's receipt. */
  readonly collections: readonly ({ readonly node: string } & CollectionsWhile)[];
  /** Per way (same order), whether a collection in one of the nodes overlapped it. */
  readonly overlapsCollection: readonly boolean[];
  readonly rmw: string;
}

/** A child process of the run: its output kept, its JSON-line events parsed. */
class Child {
  readonly process: ChildProcess;
  private text = "";
  private readonly waiters: { test: (line: string) => boolean; resolve: () => void }[] = [];
  readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
  ) {
    // stdin stays open: the children stop when it ends, so a benchmark killed outright leaves none behind.
    this.process = spawn(process.execPath, [...args], { env, cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] });
    const take = (data: Buffer): void => {
      this.text += data.toString();
      if (this.text.length > 200_000) this.text = this.text.slice(-100_000);
      for (const waiter of [...this.waiters]) {
        if (this.text.split("\n").some(waiter.test)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    };
    this.process.stdout?.on("data", take);
    this.process.stderr?.on("data", take);
    this.exited = new Promise((resolve) => this.process.once("exit", () => resolve()));
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Resolves once a line of output passes `test`; rejects with the output after `timeoutMs` or if the process ends first. */
  waitFor(what: string, test: (line: string) => boolean, timeoutMs: number): Promise<void> {
    if (this.text.split("\n").some(test)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const fail = (why: string): void => reject(new Error(`${this.name}: ${why} waiting for ${what}; its output:\n${this.text.slice(-3000)}`));
      const timer = setTimeout(() => fail(`${timeoutMs / 1000} s passed`), timeoutMs);
      void this.exited.then(() => {
        clearTimeout(timer);
        fail(`exited (${String(this.process.exitCode ?? this.process.signalCode)})`);
      });
      this.waiters.push({
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  waitForEvent(event: string, timeoutMs: number): Promise<void> {
    return this.waitFor(`{"event":"${event}"}`, (line) => line.startsWith(`{"event":"${event}"`), timeoutMs);
  }

  send(command: object): void {
    this.process.stdin?.write(`${JSON.stringify(command)}\n`);
  }

  /** SIGINT (the nodes' clean shutdown), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.process.kill("SIGINT");
    const timer = setTimeout(() => this.process.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Every child still running is killed, and `folder` removed, on any way out of the process (Ctrl-C included). */
function guardChildren(children: readonly Child[], folder: string): () => void {
  const killAll = (): void => {
    for (const child of children) if (child.running) child.process.kill("SIGKILL");
    fs.rmSync(folder, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    killAll();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("exit", killAll);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    process.off("exit", killAll);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}

function readJson(file: string, what: string): unknown {
  if (!fs.existsSync(file)) throw new Error(`${what} wrote no log (${file})`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

async function runOnGraph(scans: number, warmSeconds: number, progress: (message: string) => void): Promise<GraphRun> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "robocon_ros_latency_"));
  const env = withLoopbackDomain(process.env);
  const nodeEnv = { ...env, [TRACE_DIR_VARIABLE]: folder };
  const trace = path.join(distDir, "bench", "rosLatency", "trace.js");
  const main = path.join(distDir, "ros", "main.js");
  const rig = path.join(distDir, "bench", "rosLatency", "rigProcess.js");
  const nodeArgs = (name: string, ...rosArgs: string[]): string[] => ["--require", trace, main, name, "--autostart", "true", "--ros-args", "--params-file", DEFAULT_SHOOTER_PARAMS, ...rosArgs];
  const children: Child[] = [];
  const unguard = guardChildren(children, folder);
  const started = Date.now();
  try {
    progress(`ros2 latency: starting the three nodes (domain ${env.ROS_DOMAIN_ID ?? "?"}, ${env.RMW_IMPLEMENTATION ?? "default RMW"})`);
    const nodes = [
      new Child("laser_ranging", nodeArgs("laser_ranging"), nodeEnv),
      new Child("target_estimation", nodeArgs("target_estimation", "--params-file", DEFAULT_COURT_PARAMS), nodeEnv),
      // armed as `shooter.launch.py arm:=true` starts it, so the wheel is commanded.
      new Child("launcher_control", nodeArgs("launcher_control", "-p", "armed_at_start:=true"), nodeEnv),
    ];
    children.push(...nodes);
    await Promise.all(nodes.map((node) => node.waitFor("active", (line) => line.includes(`[${node.name}]: active`), 90_000)));
    const receiver = new Child("receiver", [rig, "receiver", JSON.stringify({ out: path.join(folder, "receiver.json") })], env);
    children.push(receiver);
    await receiver.waitForEvent("ready", 60_000);
    const feeder = await startFeeder(rig, folder, env, children);
    progress(`ros2 latency: feeding at ${SCAN_RATE_HZ} Hz scans until target/estimate is valid`);
    await receiver.waitForEvent("valid", 90_000);
    await measureScans(feeder, scans, warmSeconds, (message) => progress(`ros2 latency: ${message} (${Math.round((Date.now() - started) / 1000)} s)`));
    const loadAverage = os.loadavg();
    await Promise.all(children.map((child) => child.stop()));
    return { ...analyseRun(folder, nodes), loadAverage, wall_s: (Date.now() - started) / 1000, rmw: env.RMW_IMPLEMENTATION ?? "the default RMW" };
  } finally {
    await Promise.all(children.map((child) => child.stop(3000)));
    unguard();
    // ROBOCON_SHOOTER_LATENCY_KEEP=1 keeps the traces and logs for a look of one's own (the folder is printed).
    if (process.env.ROBOCON_SHOOTER_LATENCY_KEEP === "1") progress(`ros2 latency: traces and logs kept in ${folder}`);
    else fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** The feeder process (rigProcess.ts) logging into `folder`, once it publishes; added to `children`. */
async function startFeeder(rig: string, folder: string, env: NodeJS.ProcessEnv, children: Child[]): Promise<Child> {
  const feeder = new Child("feeder", [rig, "feeder", JSON.stringify({ out: path.join(folder, "feeder.json"), scanRateHz: SCAN_RATE_HZ })], env);
  children.push(feeder);
  await feeder.waitForEvent("ready", 90_000);
  return feeder;
}

/**
 * After `warmSeconds` [s] more of feed, `scans` scans measured by the feeder, then one second for
 * the last scan's command to reach the receiver; `progress` every 30 s while it runs.
 */
async function measureScans(feeder: Child, scans: number, warmSeconds: number, progress: (message: string) => void): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, warmSeconds * 1000));
  progress(`measuring ${scans} scans (${(scans / SCAN_RATE_HZ).toFixed(0)} s)`);
  feeder.send({ op: "measure", scans });
  const ticker = setInterval(() => progress("measuring"), 30_000);
  try {
    await feeder.waitForEvent("done", (scans / SCAN_RATE_HZ) * 3 * 1000 + 60_000);
  } finally {
    clearInterval(ticker);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

/**
 * The baseline of the same run: the bare relay chain (rigProcess.ts RELAY_HOPS), the chain's four
 * DDS hops between five rclnodejs processes with no node work, fed by the same feeder. What it
 * takes is the platform's share of the chain's figure: DDS, rclnodejs and the machine's scheduling.
 */
async function runRelayChain(scans: number, warmSeconds: number, progress: (message: string) => void): Promise<RelayedScans> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "robocon_ros_relay_"));
  const env = withLoopbackDomain(process.env);
  const rig = path.join(distDir, "bench", "rosLatency", "rigProcess.js");
  const children: Child[] = [];
  const unguard = guardChildren(children, folder);
  try {
    progress(`ros2 latency: the bare relay chain (${RELAY_HOPS.length} relays, no node work), ${scans} scans`);
    const receiver = new Child("receiver", [rig, "receiver", JSON.stringify({ out: path.join(folder, "receiver.json") })], env);
    children.push(receiver);
    const relays = RELAY_HOPS.map((_, hop) => new Child(`relay ${hop}`, [rig, "relay", JSON.stringify({ hop })], env));
    children.push(...relays);
    await Promise.all([receiver, ...relays].map((child) => child.waitForEvent("ready", 60_000)));
    const feeder = await startFeeder(rig, folder, env, children);
    await measureScans(feeder, scans, warmSeconds, (message) => progress(`ros2 latency, relay chain: ${message}`));
    await Promise.all(children.map((child) => child.stop()));
    return followRelayedScans(readJson(path.join(folder, "feeder.json"), "the feeder") as FeederLog, readJson(path.join(folder, "receiver.json"), "the receiver") as ReceiverLog);
  } finally {
    await Promise.all(children.map((child) => child.stop(3000)));
    unguard();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** The run's logs and traces read back: each scan followed to its command, and what the receiver saw from the first measured scan on. */
function analyseRun(folder: string, nodes: readonly Child[]): Omit<GraphRun, "loadAverage" | "wall_s" | "rmw"> {
  const traces = new Map<string, NodeTrace>();
  for (const node of nodes) traces.set(node.name, readJson(path.join(folder, `trace-${String(node.process.pid)}.json`), node.name) as NodeTrace);
  const feederLog = readJson(path.join(folder, "feeder.json"), "the feeder") as FeederLog;
  const receiverLog = readJson(path.join(folder, "receiver.json"), "the receiver") as ReceiverLog;
  const periods = shippedPeriods();
  const followed = followScans({
    feeder: feederLog,
    receiver: receiverLog,
    laserRanging: traceOf(traces, "laser_ranging"),
    targetEstimation: traceOf(traces, "target_estimation"),
    launcherControl: traceOf(traces, "launcher_control"),
    publishPeriodNs: Math.round(periods.publishPeriodS * 1e9),
    controlPeriodNs: Math.round(periods.controlPeriodS * 1e9),
    scanTopic: "/scan",
    estimateTopic: "/target/estimate",
    commandTopics: [`/${LAUNCHER_COMMAND_TOPICS.velocity}`, `/${LAUNCHER_COMMAND_TOPICS.effort}`],
  });
  const firstScan = feederLog.scans.at[0] ?? 0;
  const measuredCommands = receiverLog.commands.value.filter((_, i) => (receiverLog.commands.at[i] ?? 0) >= firstScan);
  return {
    ...followed,
    estimates: receiverLog.estimates,
    commands: measuredCommands.length,
    movingCommands: measuredCommands.filter((v) => v !== 0).length,
    warmupScans: feederLog.warmupScans,
    callbackShares: [...traces].map(([node, trace]) => ({ node, share: callbackShare(trace) })),
    collections: [...traces].map(([node, trace]) => ({ node, ...collectionsWhile(trace, firstScan, measuredEnd(followed.ways)) })),
    overlapsCollection: overlapsCollection(followed.ways, [...traces.values()]),
  };
}

/** The last measured way's end: its command's receipt [ns]. */
function measuredEnd(ways: readonly ScanWay[]): number {
  return ways.reduce((end, way) => Math.max(end, way.published + way.endToEnd), -Infinity);
}

/**
 * The two ticks a scan waits for, as the nodes under test run them: the params files they are started
 * with, checked against each node's schema, its default where the files leave a key out.
 */
function shippedPeriods(): { readonly publishPeriodS: number; readonly controlPeriodS: number } {
  return {
    // target_estimation's publish_period [s] and launcher_control's control_period [s].
    publishPeriodS: numberParameter(targetEstimationParametersFromFiles([DEFAULT_SHOOTER_PARAMS, DEFAULT_COURT_PARAMS]), "publish_period"),
    controlPeriodS: numberParameter(loadLauncherParameters([DEFAULT_SHOOTER_PARAMS]), "control_period"),
  };
}

function traceOf(traces: ReadonlyMap<string, NodeTrace>, name: string): NodeTrace {
  const trace = traces.get(name);
  if (trace === undefined) throw new Error(`no trace of ${name}`);
  return trace;
}

function figures(run: GraphRun, scans: number, relayed: RelayedScans & { readonly scans: number }): Figure[] {
  const ms = (ns: readonly number[]): number[] => ns.map((v) => v / 1e6);
  const work = ms(run.ways.map((w) => w.work));
  const endToEnd = ms(run.ways.map((w) => w.endToEnd));
  if (work.length === 0) throw new Error(`no scan reached a wheel command: ${JSON.stringify(run.lost)}`);
  const part = (pick: (w: ScanWay) => number): string => {
    const values = ms(run.ways.map(pick));
    return `${median(values).toFixed(3)} / ${percentile(values, 99).toFixed(3)}`;
  };
  const lost = Object.entries(run.lost).map(([where, n]) => `${n} ${where}`).join(", ");
  const setting =
    `${scans} scans at ${SCAN_RATE_HZ} Hz (the shipped lidar is 10 Hz) after ${run.warmupScans} warm-up scans, with the DT35s and joint_states at 100 Hz and odometry at 50 Hz, from a feeder process; ` +
    `the three shipped nodes each in its own process (dist/ros/main.js, shipped params files, launcher armed), a receiver process on the wheel command; ${run.rmw}, loopback; ` +
    `${run.ways.length} of ${scans} scans followed to their command${lost === "" ? "" : ` (${lost})`}; ${run.estimates.valid} of ${run.estimates.valid + run.estimates.stale} estimates valid, ${run.movingCommands} of ${run.commands} commands non-zero; ` +
    `load average ${run.loadAverage.map((l) => l.toFixed(1)).join(" / ")} on ${os.cpus().length} cores; ` +
    `each node's own callbacks and ticks take ${run.callbackShares.map(({ node, share }) => `${node} ${(share * 100).toFixed(1)} %`).join(", ")} of a core (the rest of its process is rclnodejs and DDS); ${run.wall_s.toFixed(0)} s wall`;
  const parts =
    `median / p99 of each part [ms]: /scan into laser_ranging ${part((w) => w.scanDelivery)}, its scan callback ${part((w) => w.rangingCallback)}, its outputs through target_estimation's callbacks ${part((w) => w.toEstimator)}, ` +
    `publish tick late ${part((w) => w.estimatorLate)}, tick to launcher_control's estimate callback ${part((w) => w.estimateDelivery)}, control tick late ${part((w) => w.launcherLate)}, control tick to the receiver ${part((w) => w.commandDelivery)}; ` +
    `left out: waits for the publish tick ${part((w) => w.estimatorPhase)} and the control tick ${part((w) => w.launcherPhase)}`;
  const p = (values: readonly number[], q: number): number => percentile(values, q);
  const target = ms(run.toTargetReceipt);
  const ms1 = (seconds: number): string => (seconds * 1000).toFixed(0);
  const { publishPeriodS, controlPeriodS } = shippedPeriods();
  const clean = work.filter((_, i) => run.overlapsCollection[i] !== true);
  const collections =
    `collections in the nodes while measuring: ${run.collections.map((c) => `${c.node} ${c.count} (${c.major} full, longest ${(c.longest / 1e6).toFixed(2)} ms)`).join(", ")}; ` +
    `${work.length - clean.length} of ${work.length} scans' ways overlapped one${clean.length === 0 ? "" : `, the p99 of the others ${p(clean, 99).toFixed(3)} ms`}`;
  const relay = ms(relayed.latencies);
  const relayP99 = relay.length === 0 ? Number.NaN : p(relay, 99);
  const relayNote =
    relay.length === 0
      ? `the bare relay chain of the same run carried no scan (${relayed.lost} lost)`
      : `the same run's bare relay chain (the four hops between five rclnodejs processes, no node work): p50 ${p(relay, 50).toFixed(3)} / p99 ${relayP99.toFixed(3)} ms`;
  return [
    timing(
      atMost(
        "runtime.latency.scan_to_command_ros2_p99" + ROS2_LATENCY_CONFIGURATION,
        p(work, 99),
        "ms",
        GOAL_P99_MS,
        `work and transport: from the feeder's publish of /scan to the receiver's receipt of the first wheel command that carries the scan, less the scan's wait for target_estimation's publish tick and the estimate's wait for launcher_control's control tick (each tick's due time from its timer's grid); ${parts}; ${collections}; ${relayNote}; ${setting}`,
      ),
    ),
    timing(reportOnly("runtime.latency.scan_to_command_ros2_p50" + ROS2_LATENCY_CONFIGURATION, p(work, 50), "ms", "same scans as the p99")),
    ...(relay.length === 0
      ? []
      : [
          timing(
            reportOnly(
              "runtime.latency.relay_chain_ros2_p99" + ROS2_LATENCY_CONFIGURATION,
              relayP99,
              "ms",
              `the baseline, measured right after the chain: ${relay.length} of ${relayed.scans} scans from the same feeder through three relay processes (rigProcess.ts RELAY_HOPS: the chain's message types and QoS, each published as soon as its input arrives, no work, no timer) to the receiver; the platform's share of the chain's figure (DDS, rclnodejs, the machine's scheduling); p50 ${p(relay, 50).toFixed(3)} ms, max ${p(relay, 100).toFixed(3)} ms`,
            ),
          ),
          timing(
            reportOnly(
              "runtime.latency.scan_to_command_ros2_p99_over_relay_chain" + ROS2_LATENCY_CONFIGURATION,
              p(work, 99) / relayP99,
              "x",
              "the chain's p99 over the bare relay chain's of the same run: what the nodes' work, their other topics and their ticks' lateness add to the transport",
            ),
          ),
        ]),
    timing(reportOnly("runtime.latency.scan_to_command_ros2_max" + ROS2_LATENCY_CONFIGURATION, p(work, 100), "ms", "same scans as the p99")),
    timing(
      reportOnly(
        "runtime.latency.scan_to_command_ros2_with_phase_p50" + ROS2_LATENCY_CONFIGURATION,
        p(endToEnd, 50),
        "ms",
        `the same way with the waits for the two ticks in: up to publish_period (${ms1(publishPeriodS)} ms) + control_period (${ms1(controlPeriodS)} ms) more than the work, ${ms1((publishPeriodS + controlPeriodS) / 2)} ms on average for a scan at a random phase; p99 ${p(endToEnd, 99).toFixed(3)} ms`,
      ),
    ),
    timing(reportOnly("runtime.latency.scan_to_command_ros2_with_phase_max" + ROS2_LATENCY_CONFIGURATION, p(endToEnd, 100), "ms", "same scans")),
    ...(target.length === 0
      ? []
      : [
          timing(
            reportOnly(
              "runtime.latency.scan_to_ranging_target_ros2_p99" + ROS2_LATENCY_CONFIGURATION,
              p(target, 99),
              "ms",
              `no tracer needed: the feeder's publish of /scan to the receiver's receipt of laser_ranging's ranging/target stamped as the scan, ${target.length} scans with the pole found; p50 ${p(target, 50).toFixed(3)} ms`,
            ),
          ),
        ]),
  ];
}
