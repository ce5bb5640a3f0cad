import type { BallisticModel } from "../core/ballistics/BallisticModel";

/** Where the reference flight comes down through the rim plane. */
export interface ReferenceCrossing {
  /** Horizontal distance from the release point [m]. */
  readonly x_m: number;
  /** Time of flight [s]. */
  readonly time_s: number;
}

/** Semi-implicit Euler step [s]: small enough that its own error (micrometres) is far below the 1 mm checked. */
const REFERENCE_STEP_S = 1e-5;
/** 10 s of flight at that step. */
const MAX_STEPS = 1_000_000;

/**
 * Independent reference for FlightIntegrator (the benchmark and the tests hold it to 1 mm):
 * semi-implicit Euler at 10 us with the forces written out again from the physics, not shared
 * with the integrator (drag -0.5 rho Cd A |v| v / m, Magnus 0.5 rho A C r w (-vz, vx) / m,
 * gravity), and the crossing by linear interpolation inside the last tiny step. Undefined when the
 * ball turns down below the rim or flies longer than 10 s.
 */
export function referenceCrossing(model: BallisticModel, exitSpeed_mps: number, launchAngle_rad: number): ReferenceCrossing | undefined {
  const dt = REFERENCE_STEP_S;
  const area = Math.PI * model.ball_radius_m ** 2;
  const drag = (0.5 * model.air_density_kgpm3 * model.drag_coefficient * area) / model.ball_mass_kg;
  const lift = (0.5 * model.air_density_kgpm3 * area * model.magnus_lift_coefficient * model.ball_radius_m * model.backspin_radps) / model.ball_mass_kg;
  let x = 0;
  let z = model.release_height_m;
  let vx = exitSpeed_mps * Math.cos(launchAngle_rad);
  let vz = exitSpeed_mps * Math.sin(launchAngle_rad);
  for (let i = 0; i < MAX_STEPS; i++) {
    const s = Math.hypot(vx, vz);
    vx += (-drag * s * vx - lift * vz) * dt;
    vz += (-model.gravity_mps2 - drag * s * vz + lift * vx) * dt;
    const xNew = x + vx * dt;
    const zNew = z + vz * dt;
    if (z > model.rim_height_m && zNew <= model.rim_height_m) {
      const f = (z - model.rim_height_m) / (z - zNew);
      return { x_m: x + f * (xNew - x), time_s: (i + f) * dt };
    }
    if (vz < 0 && zNew < model.rim_height_m) return undefined;
    x = xNew;
    z = zNew;
  }
  return undefined;
}
