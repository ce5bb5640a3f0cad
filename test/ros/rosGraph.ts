/**
 * What the real-ROS suites need to drive the package as a team does on the robot: a colcon-built,
 * sourced workspace; `ros2` CLI verbs; `ros2 launch` in its own process group (so a SIGINT to the
 * group is a terminal's Ctrl-C); and a probe node (rclnodejs, in a child process) that records
 * topics and publishes inputs (src/ros/topicProbe.ts). Every process runs on one DDS domain of its own, on the loopback
 * interface only (scripts/ros/cyclonedds-loopback.xml), so parallel runs and the network are safe.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { MessageTypeName, MessageTypes } from "../../src/msgs/types";
import type { QoS } from "../../src/runtime/qos";
import { loopbackDomainSettings } from "../../src/bench/rosLatency/loopbackDomain";

export const repoRoot = path.resolve(__dirname, "..", "..");


export interface RosWorkspace {
  readonly root: string;
  /** The environment after `source install/setup.bash`, with the domain and the loopback DDS config. */
  readonly env: NodeJS.ProcessEnv;
  readonly share: string;
}

/**
 * `colcon build --symlink-install` of this checkout into a temporary workspace, as docs/ros.md tells
 * a team to (dist/ must be built: `npm run test:ros` builds it first), then the sourced environment.
 * The test process takes the domain and DDS settings too, so its probe node hears the launched ones.
 */
export function buildWorkspace(): RosWorkspace {
  if (!fs.existsSync(path.join(repoRoot, "dist", "ros", "main.js"))) throw new Error("dist/ros/main.js is missing: run npm run build (npm run test:ros does)");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "robocon_shooter_ws_"));
  const build = spawnSync(
    "colcon",
    ["--log-base", path.join(root, "log"), "build", "--base-paths", repoRoot, "--packages-select", "robocon_shooter", "--symlink-install",
      "--build-base", path.join(root, "build"), "--install-base", path.join(root, "install"), "--event-handlers", "console_direct-"],
    { cwd: root, encoding: "utf8", env: { ...process.env, PATH: `/usr/bin:${process.env.PATH ?? ""}` } },
  );
  if (build.error !== undefined) {
    throw new Error(`colcon could not run (${build.error.message}): apt-get install colcon python3-colcon-ros python3-colcon-bash (.ci/colcon-check.sh does)`);
  }
  if (build.status !== 0) throw new Error(`colcon build failed (${String(build.status)}):\n${build.stdout}\n${build.stderr}`);
  const sourced = spawnSync("bash", ["-c", `source '${path.join(root, "install", "setup.bash")}' >/dev/null && env -0`], { encoding: "utf8", env: process.env });
  if (sourced.status !== 0) throw new Error(`sourcing the workspace failed:\n${sourced.stderr}`);
  const env: NodeJS.ProcessEnv = {};
  for (const entry of sourced.stdout.split("\0")) {
    const at = entry.indexOf("=");
    if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
  }
  // One DDS domain per run: the ros2 daemon and parallel CI jobs each need their own.
  const dds = { ...loopbackDomainSettings(), PYTHONUNBUFFERED: "1" };
  Object.assign(env, dds);
  delete env.ROS_LOCALHOST_ONLY;
  Object.assign(process.env, dds);
  return { root, env, share: path.join(root, "install", "robocon_shooter", "share", "robocon_shooter") };
}

export function removeWorkspace(ws: RosWorkspace | undefined): void {
  if (ws === undefined) return;
  spawnSync("ros2", ["daemon", "stop"], { env: ws.env, stdio: "ignore", timeout: 20_000 });
  fs.rmSync(ws.root, { recursive: true, force: true });
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A command run to its end without blocking the event loop (the probe node keeps receiving meanwhile). */
export function run(ws: RosWorkspace, command: string, args: readonly string[], timeoutMs = 60_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, [...args], { env: ws.env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, cwd: ws.root }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Verbs that take --no-daemon: each call discovers the graph itself, so a daemon left in a bad state by an earlier run cannot answer for it. */
const DAEMON_OPTIONAL_VERBS: ReadonlySet<string> = new Set(["param", "lifecycle", "node", "topic"]);

/** `ros2 <args>`. */
export function ros2(ws: RosWorkspace, args: readonly string[], timeoutMs = 60_000): Promise<CommandResult> {
  const noDaemon = DAEMON_OPTIONAL_VERBS.has(args[0] ?? "") ? ["--no-daemon"] : [];
  return run(ws, "ros2", [...args, ...noDaemon], timeoutMs);
}

/**
 * A long-running command (`ros2 launch`, `ros2 bag record`) as its own process group, the way a
 * terminal runs it: `interrupt()` is Ctrl-C (SIGINT to the whole group).
 */
export class BackgroundProcess {
  private readonly child: ChildProcess;
  private text = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(ws: RosWorkspace, command: string, args: readonly string[], readonly logFile?: string) {
    this.child = spawn(command, [...args], { env: ws.env, cwd: ws.root, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const keep = (data: Buffer): void => {
      const chunk = data.toString();
      this.text += chunk;
      if (logFile !== undefined) fs.appendFileSync(logFile, chunk);
    };
    this.child.stdout?.on("data", keep);
    this.child.stderr?.on("data", keep);
    this.exited = new Promise((resolve) => this.child.once("exit", (code, signal) => resolve({ code, signal })));
  }

  get output(): string {
    return this.text;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until the output matches `pattern`; throws with the output so far after `timeoutMs`. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.text);
      if (match) return match;
      if (Date.now() > deadline || !this.running) throw new Error(`no ${String(pattern)} in the output of ${this.child.spawnargs.join(" ")}:\n${this.text.slice(-4000)}`);
      await sleep(100);
    }
  }

  /** Ctrl-C: SIGINT to the process group; after `graceMs` the group is killed, and that is reported as a failure by the caller. */
  async interrupt(graceMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }> {
    if (!this.running) return { ...(await this.exited), killed: false };
    this.signalGroup("SIGINT");
    const timer = sleep(graceMs).then(() => "timeout" as const);
    const result = await Promise.race([this.exited, timer]);
    if (result !== "timeout") return { ...result, killed: false };
    this.signalGroup("SIGKILL");
    return { ...(await this.exited), killed: true };
  }

  /** Whatever is left of the group is killed (afterAll: no orphaned node may outlive a suite). */
  kill(): void {
    this.signalGroup("SIGKILL");
  }

  private signalGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // The group is gone already.
    }
  }
}

export interface Received<T> {
  /** Wall-clock receipt time [ms since the epoch], comparable with `Probe.publish`'s. */
  readonly at: number;
  readonly message: T;
}

type ProbeEvent =
  | { readonly event: "ready" }
  | { readonly event: "message"; readonly topic: string; readonly at: number; readonly message: unknown }
  | { readonly event: "published"; readonly id: number; readonly at: number }
  | { readonly event: "error"; readonly reason: string };

/**
 * A node on the real graph (src/ros/topicProbe.ts in a child process) that records topics and
 * publishes inputs for a suite. Messages arrive as JSON: typed arrays as arrays, NaN / Inf as strings.
 */
export class Probe {
  private readonly logs = new Map<string, Received<unknown>[]>();
  private readonly acks = new Map<number, (at: number) => void>();
  private nextId = 1;
  private errors: string[] = [];

  private constructor(private readonly child: ChildProcess) {}

  static async start(ws: RosWorkspace): Promise<Probe> {
    const child = spawn(process.execPath, [path.join(repoRoot, "dist", "ros", "topicProbe.js")], { env: ws.env, stdio: ["pipe", "pipe", "inherit"] });
    const probe = new Probe(child);
    const started = { ready: false };
    let buffered = "";
    child.stdout.on("data", (data: Buffer) => {
      buffered += data.toString();
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const event = JSON.parse(buffered.slice(0, newline)) as ProbeEvent;
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
        if (event.event === "ready") started.ready = true;
        else probe.take(event);
      }
    });
    await waitUntil(() => started.ready || child.exitCode !== null, 60_000, () => "the topic probe did not start");
    if (!started.ready) throw new Error(`the topic probe exited ${String(child.exitCode)}`);
    return probe;
  }

  /** Every message on `topic` from now on, with its receipt time (the array fills as they arrive). */
  record<K extends MessageTypeName>(type: K, topic: string, qos: keyof typeof QoS = "sensorData"): Received<MessageTypes[K]>[] {
    const log: Received<MessageTypes[K]>[] = [];
    this.logs.set(topic, log);
    this.send({ op: "record", type, topic, qos });
    return log;
  }

  /** Makes the publisher now, so it is matched by the time `publish` uses it. */
  advertise(type: MessageTypeName, topic: string, qos: keyof typeof QoS = "reliable"): void {
    this.send({ op: "advertise", type, topic, qos });
  }

  /** Publishes once; resolves with the wall-clock time [ms] the probe handed it to DDS. */
  publish<K extends MessageTypeName>(type: K, topic: string, message: MessageTypes[K], qos: keyof typeof QoS = "reliable"): Promise<number> {
    const id = this.nextId++;
    const sent = new Promise<number>((resolve) => this.acks.set(id, resolve));
    this.send({ op: "publish", id, type, topic, qos, message });
    return sent;
  }

  /** What the probe could not carry out (a wrong type name, a bad message). */
  get failures(): readonly string[] {
    return this.errors;
  }

  destroy(): void {
    this.child.stdin?.end();
    setTimeout(() => this.child.kill("SIGKILL"), 5000).unref();
  }

  private send(command: object): void {
    this.child.stdin?.write(`${JSON.stringify(command)}\n`);
  }

  private take(event: Exclude<ProbeEvent, { event: "ready" }>): void {
    switch (event.event) {
      case "message":
        this.logs.get(event.topic)?.push({ at: event.at, message: event.message });
        return;
      case "published":
        this.acks.get(event.id)?.(event.at);
        this.acks.delete(event.id);
        return;
      case "error":
        this.errors.push(event.reason);
        return;
      default: {
        const unreachable: never = event;
        throw new Error(`unknown probe event ${JSON.stringify(unreachable)}`);
      }
    }
  }
}

/** Wall-clock now [ms since the epoch], on the probe's scale. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 100 ms until it holds; throws `describe()` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(describe());
    await sleep(100);
  }
}

/**
 * Polls `ros2 lifecycle get /<node>` until it reports `state`; throws naming the state it was in
 * and `context()` (a launch's output) after `timeoutMs`. Resolves to the CLI's line.
 */
export async function waitForLifecycleState(ws: RosWorkspace, node: string, state: string, timeoutMs: number, context: () => string): Promise<string> {
  let seen = "";
  await waitUntil(
    async () => {
      seen = (await ros2(ws, ["lifecycle", "get", `/${node}`], 20_000)).stdout.trim();
      return seen.startsWith(state);
    },
    timeoutMs,
    () => `/${node} is '${seen}', expected ${state}; ${context()}`,
  );
  return seen;
}

/** What a suite on the real graph uses: its workspace, its probe node, and the long-running commands it started. */
export interface RosSuite {
  /** The colcon-built workspace (throws outside the suite's tests). */
  workspace(): RosWorkspace;
  /** The probe node (throws outside the suite's tests). */
  probe(): Probe;
  /** `ros2 <args>` as a BackgroundProcess, its output also in <workspace>/logs/<logName> when named; ended by the suite's afterAll. */
  launch(args: readonly string[], logName?: string): BackgroundProcess;
}

/**
 * Registers the setup and teardown every real-ROS suite shares (call it at the top of the describe
 * block, before the suite's own beforeAll, which then finds the workspace and probe ready): build and
 * source the workspace, start the probe; afterwards Ctrl-C each launched command, newest first, kill
 * whatever outlived that, stop the probe and remove the workspace.
 */
export function rosSuite(): RosSuite {
  let ws: RosWorkspace | undefined;
  let probe: Probe | undefined;
  const launched: BackgroundProcess[] = [];
  const workspace = (): RosWorkspace => {
    if (ws === undefined) throw new Error("no workspace");
    return ws;
  };

  beforeAll(async () => {
    ws = buildWorkspace();
    fs.mkdirSync(path.join(ws.root, "logs"));
    probe = await Probe.start(ws);
  }, 180_000);

  afterAll(async () => {
    for (const process of [...launched].reverse()) await process.interrupt(10_000);
    for (const process of launched) process.kill();
    probe?.destroy();
    removeWorkspace(ws);
  }, 90_000);

  return {
    workspace,
    probe: () => {
      if (probe === undefined) throw new Error("no probe");
      return probe;
    },
    launch: (args, logName) => {
      const process = new BackgroundProcess(workspace(), "ros2", args, logName === undefined ? undefined : path.join(workspace().root, "logs", logName));
      launched.push(process);
      return process;
    },
  };
}
