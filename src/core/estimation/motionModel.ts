import { at } from "../indexed";
import { wrapAngle } from "../court/courtMap";
import { identity } from "./smallMatrix";
import { STATE_SIZE, StateIndex } from "./stateLayout";

const N = STATE_SIZE;
const { X, Y, YAW, VX, VY, YAW_RATE } = StateIndex;

/**
 * Constant body-frame velocity over `dt` [s] (Euler step with the heading at the start, as
 * robot_localization does): the next state and the Jacobian F = d next / d state (N x N row-major; the odometry scale is constant).
 * `into` lets a filter step without allocating: `next` (not `state` itself) is overwritten, and `F`
 * must hold the identity outside the seven entries written here (as identity(N) does at first).
 */
export function constantVelocityStep(
  state: Float64Array,
  dt: number,
  into: { readonly next: Float64Array; readonly F: Float64Array } = { next: new Float64Array(N), F: identity(N) },
): { readonly next: Float64Array; readonly F: Float64Array } {
  const yaw = at(state, YAW);
  const vx = at(state, VX);
  const vy = at(state, VY);
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const { next, F } = into;
  next.set(state);
  next[X] = at(state, X) + (vx * c - vy * s) * dt;
  next[Y] = at(state, Y) + (vx * s + vy * c) * dt;
  next[YAW] = wrapAngle(yaw + at(state, YAW_RATE) * dt);
  F[X * N + YAW] = (-vx * s - vy * c) * dt;
  F[X * N + VX] = c * dt;
  F[X * N + VY] = -s * dt;
  F[Y * N + YAW] = (vx * c - vy * s) * dt;
  F[Y * N + VX] = s * dt;
  F[Y * N + VY] = c * dt;
  F[YAW * N + YAW_RATE] = dt;
  return into;
}
