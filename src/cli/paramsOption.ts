import { NO_PARAMS_FILE } from "../package/defaultParams";

/**
 * The `--params-file` option every command that runs the nodes' models shares (`--params` is the
 * older spelling of table and calibrate, kept as an alias): one file per flag, repeated for
 * several, later files winning as with `ros2 run ... --ros-args --params-file`. Without it a
 * command reads the package's params/shooter.yaml and params/court_abu2025.yaml, as
 * launch/shooter.launch.py passes them (selectParamsFiles); `none` reads no file.
 */
export function paramsFileOption(of = "the nodes") {
  return {
    alias: "params",
    type: "string",
    array: true,
    nargs: 1,
    describe:
      `ROS 2 params file of ${of} (node_name: ros__parameters: ...); repeat for several, later ones win. Default: the package's params/shooter.yaml and params/court_abu2025.yaml, ` +
      `as the launch file passes them; '${NO_PARAMS_FILE}': no file, every parameter at its schema default`,
  } as const;
}
