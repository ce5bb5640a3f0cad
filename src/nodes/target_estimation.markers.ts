import type { CourtMap, Pose2 } from "../core/court/courtMap";
import { covarianceEllipse } from "../core/estimation/targetOutput";
import { color, header, marker, planarPose } from "../msgs/builders";
import { MarkerType, type Marker, type Point } from "../msgs/types";

/** rviz markers in the court frame: court outline and boards, hoop, the robot's 95 % ellipse, the line to the hoop. */
export function estimationMarkers(map: CourtMap, frame: string, stamp: number, robot: Pose2 | undefined, poseCovariance2: readonly number[] | undefined): Marker[] {
  const h = header(stamp, frame);
  const outline: Point[] = [];
  for (const surface of map.surfaces) {
    if (surface.kind !== "segment") continue;
    outline.push({ x: surface.a.x, y: surface.a.y, z: surface.zMin }, { x: surface.b.x, y: surface.b.y, z: surface.zMin });
  }
  const markers: Marker[] = [
    marker({ header: h, ns: "court", id: 0, type: MarkerType.LINE_LIST, scale: { x: 0.03, y: 0, z: 0 }, color: color(0.9, 0.9, 0.9), points: outline }),
    marker({
      header: h,
      ns: "court",
      id: 1,
      type: MarkerType.CYLINDER,
      pose: { position: { x: map.hoop.x, y: map.hoop.y, z: map.rimHeight }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
      scale: { x: map.spec.rimInnerDiameter, y: map.spec.rimInnerDiameter, z: 0.02 },
      color: color(1, 0.4, 0, 0.9),
    }),
  ];
  if (robot !== undefined && poseCovariance2 !== undefined) {
    const ellipse = covarianceEllipse(poseCovariance2, 0.95);
    markers.push(
      marker({
        header: h,
        ns: "estimate",
        id: 0,
        type: MarkerType.CYLINDER,
        pose: { ...planarPose(robot.x, robot.y, ellipse.angle), position: { x: robot.x, y: robot.y, z: 0.01 } },
        scale: { x: Math.max(2 * ellipse.semiMajor, 1e-3), y: Math.max(2 * ellipse.semiMinor, 1e-3), z: 0.01 },
        color: color(0.2, 0.6, 1, 0.5),
      }),
      marker({
        header: h,
        ns: "estimate",
        id: 1,
        type: MarkerType.LINE_STRIP,
        scale: { x: 0.02, y: 0, z: 0 },
        color: color(0.2, 1, 0.2),
        points: [
          { x: robot.x, y: robot.y, z: 0.05 },
          { x: map.hoop.x, y: map.hoop.y, z: map.rimHeight },
        ],
      }),
    );
  }
  return markers;
}
