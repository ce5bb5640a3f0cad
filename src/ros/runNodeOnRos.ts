import { rosExecutables } from "./executables";
import type { NodeDefinition } from "../runtime/port";
import { loadRclnodejs, RclnodejsUnavailableError } from "../runtime/rclnodejs/loadRclnodejs";
import type { RclLifecycleNode, RclnodejsModule } from "../runtime/rclnodejs/rclnodejsApi";
import { createRosNode, type RosNodeHandle } from "../runtime/rclnodejs/RclnodejsBinding";
import { splitRosArgs } from "../runtime/rclnodejs/rosArgs";

export const NODE_USAGE = `usage: <node_name> [--autostart true|false | --no-autostart] [--ros-args ...]
  node_name     one of ${Object.keys(rosExecutables).join(", ")}
  --autostart   configure and activate at start-up (default true); false leaves the node
                unconfigured for a lifecycle manager or \`ros2 lifecycle set\``;

export interface NodeOptions {
  /** Configure and activate at start-up, as launch's lifecycle autostart does. */
  readonly autostart: boolean;
}

/**
 * Our own flags, the ones before `--ros-args`. `autostart` is a flag, not a ROS parameter: it
 * decides what happens before parameters exist, and a parameter that no schema declares would
 * be an unknown key in the params files.
 */
export function parseNodeOptions(ours: readonly string[]): NodeOptions {
  let autostart = true;
  for (let i = 0; i < ours.length; i++) {
    const arg = ours[i] ?? "";
    const inline = /^--autostart=(.*)$/.exec(arg);
    if (arg === "--no-autostart") autostart = false;
    else if (arg === "--autostart" || inline) {
      // launch passes LaunchConfiguration text as typed: `autostart:=False` is fine too.
      const text = (inline ? inline[1] : ours[++i])?.toLowerCase();
      if (text !== "true" && text !== "false") throw new Error(`--autostart takes true or false, got ${text ?? "nothing"}\n${NODE_USAGE}`);
      autostart = text === "true";
    } else {
      throw new Error(`unknown argument '${arg}' (ROS arguments go after --ros-args)\n${NODE_USAGE}`);
    }
  }
  return { autostart };
}

export interface RunDependencies {
  /** The nodes by executable name; this package's by default. */
  readonly definitions?: Readonly<Record<string, NodeDefinition>>;
  /** The rclnodejs module; loaded on demand by default. */
  readonly loadRclnodejs?: () => RclnodejsModule;
  readonly write?: (line: string) => void;
  /** Resolves when the process should stop (SIGINT / SIGTERM by default). */
  readonly stopSignal?: () => Promise<string>;
}

/**
 * The executable behind `ros2 run robocon_shooter <node_name>`: one node of this package on
 * rclnodejs. `argv` is everything after the node name, `--ros-args ...` included. Resolves to the
 * process exit code: 0 after a clean shutdown on SIGINT / SIGTERM, 1 when rclnodejs is missing,
 * the arguments are wrong or the autostart configure / activate fails (bad parameters).
 */
export async function runNodeOnRos(nodeName: string, argv: readonly string[], deps: RunDependencies = {}): Promise<number> {
  const write = deps.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const definition = (deps.definitions ?? rosExecutables)[nodeName];
  if (definition === undefined) {
    write(`unknown node '${nodeName}'\n${NODE_USAGE}`);
    return 1;
  }
  let options: NodeOptions;
  try {
    options = parseNodeOptions(splitRosArgs(argv).ours);
  } catch (error) {
    write((error as Error).message);
    return 1;
  }
  let rcl: RclnodejsModule;
  try {
    rcl = (deps.loadRclnodejs ?? loadRclnodejs)();
  } catch (error) {
    if (!(error instanceof RclnodejsUnavailableError)) throw error;
    write(error.message);
    if (process.env.ROBOCON_SHOOTER_DEBUG) write(`cause: ${String(error.cause)}`);
    return 1;
  }
  // rclnodejs's own SIGINT handler would tear the context down under a still-active node.
  rcl.removeSignalHandlers();
  // rcl parses --ros-args (remaps, __node, __ns, --params-file, -p) from the whole command line.
  await rcl.init(undefined, [process.argv0, nodeName, ...argv]);
  let handle: RosNodeHandle;
  try {
    handle = createRosNode(rcl, definition, argv);
  } catch (error) {
    write(`${nodeName}: ${(error as Error).message}`);
    rcl.shutdown();
    return 1;
  }
  const stopped = (deps.stopSignal ?? waitForStopSignal)();
  handle.node.spin();
  if (options.autostart && !autostart(handle)) {
    // The reason starts with the node's name already (ManagedNode's "<node>: configure failed: ...").
    write(handle.binding.lastFailure ?? `${handle.binding.nodeName}: could not start (state ${handle.managed.state})`);
    shutdownRosNode(rcl, handle.node);
    return 1;
  }
  handle.binding.logger.info(`${handle.managed.state}${options.autostart ? "" : " (autostart off: waiting for ros2 lifecycle set)"}`);
  const signal = await stopped;
  handle.binding.logger.info(`${signal}: shutting down`);
  shutdownRosNode(rcl, handle.node);
  return 0;
}

/** configure then activate through rclnodejs, so transition events are published as for `ros2 lifecycle set`. */
function autostart(handle: RosNodeHandle): boolean {
  try {
    // Each call runs our transition callback, which moves the ManagedNode: read its state after.
    const state = (): string => handle.managed.state;
    handle.node.configure();
    if (state() !== "inactive") return false;
    handle.node.activate();
    return state() === "active";
  } catch (error) {
    handle.binding.lastFailure ??= `${handle.binding.nodeName}: ${(error as Error).message}`;
    return false;
  }
}

/** finalize (the node's onShutdown runs), destroy the node, then shut rclnodejs down. */
export function shutdownRosNode(rcl: RclnodejsModule, node: RclLifecycleNode): void {
  try {
    node.shutdown();
  } catch {
    // Already finalized, or in a transition: destroying the node below still releases it.
  }
  try {
    node.destroy();
  } finally {
    if (!rcl.isShutdown()) rcl.shutdown();
  }
}

/**
 * Resolves on the first SIGINT / SIGTERM. The handlers stay installed for the rest of the
 * process: a terminal's Ctrl-C reaches the node twice under `ros2 launch` (once from the terminal
 * to the process group, once forwarded by launch), and a second signal with no handler left
 * would kill the node mid-shutdown (launch reports "process has died ... exit code -2").
 */
export function waitForStopSignal(signals: Pick<NodeJS.Process, "on"> = process): Promise<string> {
  return new Promise((resolve) => {
    let first: string | undefined;
    const stop = (signal: NodeJS.Signals): void => {
      if (first !== undefined) return;
      first = signal;
      resolve(signal);
    };
    signals.on("SIGINT", stop);
    signals.on("SIGTERM", stop);
  });
}
