import { launcherConfigFromParameters, launcherModelSchema } from "../../../src/core/ballistics/launcherParameters";
import { parameterProblem, resolveParameters } from "../../../src/core/parameters/schema";

describe("launcherModelSchema", () => {
  it("has a valid default, a unit and a description for every parameter", () => {
    for (const [key, descriptor] of Object.entries(launcherModelSchema)) {
      expect([key, parameterProblem(descriptor.default, descriptor)]).toEqual([key, undefined]);
      expect(descriptor.description.length).toBeGreaterThan(5);
    }
  });

  it("builds the docs/domain.md defaults", () => {
    const config = launcherConfigFromParameters(resolveParameters({ schema: launcherModelSchema }, {}, "defaults"));
    expect(config.model).toMatchObject({ air_density_kgpm3: 1.2, drag_coefficient: 0.5, ball_mass_kg: 0.6, ball_radius_m: 0.121, rim_height_m: 2.43 });
    expect(config.launch).toEqual({ mode: "fixed", angle_rad: (55 * Math.PI) / 180 });
    expect(config.flywheel).toMatchObject({ kS_V: 0.28, kV_Vsprad: 0.0192, kA_Vs2prad: 0.007, kP: 0.6, accelerationLimit_radps2: 350 });
    expect(config.bangBangBeyond_m).toBe(Infinity);
  });

  it.each([
    [{ "ballistics.air_density_mode": "altitude", "ballistics.altitude_m": 1350 }, "air", 1.04],
    [{ "launch.mode": "adjustable" }, "hood", 45],
    [{ "flywheel.bang_bang": true }, "bang", 3.25],
  ])("applies %o", (values, what, expected) => {
    const config = launcherConfigFromParameters(values);
    if (what === "air") expect(config.model.air_density_kgpm3).toBeCloseTo(expected, 2);
    if (what === "hood") expect(config.launch).toMatchObject({ mode: "adjustable", minAngle_rad: (expected * Math.PI) / 180 });
    if (what === "bang") expect(config.bangBangBeyond_m).toBe(expected);
  });
});
