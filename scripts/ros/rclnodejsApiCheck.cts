/**
 * Compiled only by tsconfig.rclnodejs.json (scripts/ros/check-rclnodejs-types.sh), where
 * "rclnodejs" resolves to the declarations of the pinned rclnodejs release. Each assignment
 * fails to compile when rclnodejs's API no longer offers what the adapter calls through its local
 * interface (a renamed method, a changed parameter type, a missing class).
 */
import * as rclnodejs from "rclnodejs";
import type { RclLifecycleNode, RclnodejsModule, RclParameter, RclQoS, RclRange } from "../../src/runtime/rclnodejs/rclnodejsApi";
import { RclCallbackReturn, RclParameterType, RclQosPolicy } from "../../src/runtime/rclnodejs/rclnodejsApi";

/** The module object the adapter gets from `require("rclnodejs")`. */
export const moduleMatches: RclnodejsModule = rclnodejs;

declare const node: rclnodejs.lifecycle.LifecycleNode;
export const lifecycleNodeMatches: RclLifecycleNode = node;

declare const parameter: rclnodejs.Parameter;
export const parameterMatches: RclParameter = parameter;
declare const qos: rclnodejs.QoS;
export const qosMatches: RclQoS = qos;
declare const range: rclnodejs.FloatingPointRange;
export const rangeMatches: RclRange = range;

/** Our numeric tables hold the values of rclnodejs's const enums (which have no runtime object). */
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const enumValuesMatch: [
  Equal<typeof RclParameterType.INTEGER, rclnodejs.ParameterType.PARAMETER_INTEGER>,
  Equal<typeof RclParameterType.DOUBLE_ARRAY, rclnodejs.ParameterType.PARAMETER_DOUBLE_ARRAY>,
  Equal<typeof RclParameterType.STRING_ARRAY, rclnodejs.ParameterType.PARAMETER_STRING_ARRAY>,
  Equal<typeof RclCallbackReturn.SUCCESS, rclnodejs.lifecycle.CallbackReturnCode.SUCCESS>,
  Equal<typeof RclCallbackReturn.FAILURE, rclnodejs.lifecycle.CallbackReturnCode.FAILURE>,
  Equal<typeof RclCallbackReturn.ERROR, rclnodejs.lifecycle.CallbackReturnCode.ERROR>,
  Equal<typeof RclQosPolicy.RELIABILITY_BEST_EFFORT, rclnodejs.QoS.ReliabilityPolicy.RMW_QOS_POLICY_RELIABILITY_BEST_EFFORT>,
  Equal<typeof RclQosPolicy.DURABILITY_TRANSIENT_LOCAL, rclnodejs.QoS.DurabilityPolicy.RMW_QOS_POLICY_DURABILITY_TRANSIENT_LOCAL>,
  Equal<typeof RclQosPolicy.DURABILITY_VOLATILE, rclnodejs.QoS.DurabilityPolicy.RMW_QOS_POLICY_DURABILITY_VOLATILE>,
] = [true, true, true, true, true, true, true, true, true];
