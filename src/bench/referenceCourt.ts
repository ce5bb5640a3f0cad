import type { CourtSpec, Pose2 } from "../core/court/courtMap";
import type { SensorMount } from "../core/court/rayCaster";

/**
 * Independent reference ranges for the estimation benchmark and the tests: closed forms for an
 * ABU-style court (boards facing -x at +x and +x at -x), written without the estimator's ray
 * caster: a slab test for the fence, a plane for each board, a quadratic for each pole (left out
 * for a mount that sees only lines: a virtual beam).
 * @returns distance [m] from the mounted sensor to the first surface, Infinity for none
 */
export function referenceRange(spec: CourtSpec, pose: Pose2, mount: SensorMount): number {
  const c = Math.cos(pose.yaw);
  const s = Math.sin(pose.yaw);
  const ox = pose.x + c * mount.x - s * mount.y;
  const oy = pose.y + s * mount.x + c * mount.y;
  const a = pose.yaw + mount.yaw;
  const dx = Math.cos(a);
  const dy = Math.sin(a);
  const candidates: number[] = [];
  if (mount.z <= spec.fenceHeight) {
    if (dx !== 0) candidates.push(((dx > 0 ? 1 : -1) * spec.length / 2 - ox) / dx);
    if (dy !== 0) candidates.push(((dy > 0 ? 1 : -1) * spec.width / 2 - oy) / dy);
  }
  const hoops = spec.secondHoop ? [1, -1] : [1];
  for (const sign of hoops) {
    const boardX = sign * (spec.hoopX + spec.backboardOffset);
    if (mount.z >= spec.backboardBottomHeight && mount.z <= spec.backboardBottomHeight + spec.backboardHeight && dx !== 0) {
      const t = (boardX - ox) / dx;
      if (t > 0 && Math.abs(oy + t * dy - sign * spec.hoopY) <= spec.backboardWidth / 2) candidates.push(t);
    }
    if (mount.z <= spec.poleHeight && mount.sees !== "lines") {
      const px = ox - sign * spec.poleX;
      const py = oy - sign * spec.poleY;
      const b = px * dx + py * dy;
      const disc = b * b - (px * px + py * py - spec.poleRadius * spec.poleRadius);
      if (disc >= 0 && -b - Math.sqrt(disc) > 0) candidates.push(-b - Math.sqrt(disc));
    }
  }
  return Math.min(...candidates.filter((t) => t > 0), Infinity);
}
