/**
 * Splits a command line into ours and ROS's. `ros2 run` / `ros2 launch` append
 * `--ros-args -r __node:=... --params-file ...`; a strict parser (yargs) would reject those. As in
 * rcl, ROS arguments run from each `--ros-args` up to a lone `--` (or the end), and there may be
 * several such blocks.
 */
export function splitRosArgs(argv: readonly string[]): { ours: string[]; ros: string[] } {
  const ours: string[] = [];
  const ros: string[] = [];
  let inRos = false;
  for (const arg of argv) {
    if (arg === "--ros-args") {
      inRos = true;
      ros.push(arg);
    } else if (inRos) {
      ros.push(arg);
      if (arg === "--") inRos = false;
    } else {
      ours.push(arg);
    }
  }
  return { ours, ros };
}
