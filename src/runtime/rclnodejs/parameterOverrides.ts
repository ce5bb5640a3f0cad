/**
 * The parameter overrides a node gets from its command line (`--ros-args --params-file F -p
 * name:=value ...`), read with this package's own port of rcl's params-file parser.
 *
 * Why not rclnodejs's `node.getParameterOverrides()`: rclnodejs 2.2.0 looks a node's overrides up
 * only under `/**` and the bare node name (lib/node.js `_getNativeParameterOverrides`), so a block
 * keyed by the fully qualified name `/launcher_control:` never reaches the node. That is exactly
 * what launch_ros writes for parameters given as a dict (`use_sim_time:=true`, the simulator's
 * sensor mounts), and what rclcpp nodes accept. Reading the same files with the same rules as the
 * in-process graph also means both runtimes see the same values (test/ros/paramsParity.rostest.ts).
 */
import { readParametersForNode, readParamsFileInto } from "../paramsFile";
import { parseRosParamsYaml, RclParams, type ReadParameter } from "../rosParamsYaml";
import { splitRosArgs } from "./rosArgs";

/** rcl's --ros-args options that take a value (rcl/src/rcl/arguments.c); the rest are flags. */
const OPTIONS_WITH_VALUE: ReadonlySet<string> = new Set([
  "-r", "--remap", "-p", "--param", "--params-file", "-e", "--enclave", "--log-level", "--log-config-file", "--log-file-name",
]);

/** One `-p [node:]name:=value`, as rcl's _rcl_parse_param_rule() splits it. */
function parameterRule(rule: string): { readonly node: string; readonly name: string; readonly value: string } {
  const assign = rule.indexOf(":=");
  if (assign < 0) throw new Error(`-p ${rule}: expected name:=value`);
  const target = rule.slice(0, assign);
  const value = rule.slice(assign + 2);
  const colon = target.lastIndexOf(":");
  return colon < 0 ? { node: "/**", name: target, value } : { node: target.slice(0, colon), name: target.slice(colon + 1), value };
}

/**
 * Every params file and `-p` rule of the command line, in the order rcl applies them (argument
 * order, later wins), in one RclParams. A `-p` value is YAML, typed as in a params file.
 */
export function readCommandLineParameters(argv: readonly string[]): RclParams {
  const params = new RclParams();
  const { ros } = splitRosArgs(argv);
  for (let i = 0; i < ros.length; i++) {
    const option = ros[i] ?? "";
    if (!OPTIONS_WITH_VALUE.has(option)) continue;
    const value = ros[++i];
    if (value === undefined) throw new Error(`${option} needs a value`);
    if (option === "--params-file") {
      readParamsFileInto(value, params);
    } else if (option === "-p" || option === "--param") {
      const rule = parameterRule(value);
      const text = `${JSON.stringify(rule.node)}:\n  ros__parameters:\n    ${JSON.stringify(rule.name)}: ${rule.value}\n`;
      parseRosParamsYaml(text, `-p ${value}`, params);
    }
  }
  return params;
}

/** The overrides of the node `nodeName` in `namespace` (after `__node` / `__ns` remaps), by parameter name. */
export function commandLineOverrides(argv: readonly string[], nodeName: string, namespace: string): Map<string, ReadParameter> {
  return readParametersForNode(readCommandLineParameters(argv), nodeName, namespace);
}
