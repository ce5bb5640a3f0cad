import { wrapAngle } from "../court/courtMap";
import { identity } from "./smallMatrix";
import { STATE_SIZE, StateIndex } from "./stateLayout";

const N = STATE_SIZE;
const { X, Y, YAW, VX, VY, YAW_RATE } = StateIndex;

/**
 * Constant body-frame velocity over `dt` [s] (Euler step with the heading at the start, as
 * robot_localization does): the next state and the Jacobian F = d next / d state (6x6 row-major).
 */
export function constantVelocityStep(state: Float64Array, dt: number): { next: Float64Array; F: Float64Array } {
  const yaw = state[YAW] ?? 0;
  const vx = state[VX] ?? 0;
  const vy = state[VY] ?? 0;
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const next = Float64Array.from(state);
  next[X] = (state[X] ?? 0) + (vx * c - vy * s) * dt;
  next[Y] = (state[Y] ?? 0) + (vx * s + vy * c) * dt;
  next[YAW] = wrapAngle(yaw + (state[YAW_RATE] ?? 0) * dt);
  const F = identity(N);
  F[X * N + YAW] = (-vx * s - vy * c) * dt;
  F[X * N + VX] = c * dt;
  F[X * N + VY] = -s * dt;
  F[Y * N + YAW] = (vx * c - vy * s) * dt;
  F[Y * N + VX] = s * dt;
  F[Y * N + VY] = c * dt;
  F[YAW * N + YAW_RATE] = dt;
  return { next, F };
}
