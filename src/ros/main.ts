/**
 * `node dist/ros/main.js <node_name> [--autostart false] [--ros-args ...]`: what the
 * lib/robocon_shooter/<node_name> wrappers run, so `ros2 run` and `ros2 launch` start a node.
 */
import { NODE_USAGE, runNodeOnRos } from "./runNodeOnRos";

export function main(argv: readonly string[]): void {
  const [nodeName, ...rest] = argv;
  if (nodeName === undefined || nodeName === "--help" || nodeName === "-h") {
    process.stderr.write(`${NODE_USAGE}\n`);
    process.exitCode = nodeName === undefined ? 1 : 0;
    return;
  }
  runNodeOnRos(nodeName, rest).then(
    (code) => {
      exitSoon(code);
    },
    (error: unknown) => {
      process.stderr.write(`${nodeName}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      exitSoon(1);
    },
  );
}

/** Exit once stdout / stderr have drained, or after a grace period if a native handle lingers. */
function exitSoon(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}

if (require.main === module) main(process.argv.slice(2));
