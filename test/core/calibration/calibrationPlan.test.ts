import { launcherConfigFromParameters } from "../../../src/core/ballistics/launcherParameters";
import { alternatingCalibrationDistance, calibrationOptionsFromConfig } from "../../../src/core/calibration/calibrationPlan";
import { DEFAULT_DRAG_PRIOR_SIGMA } from "../../../src/core/calibration/fitLaunchCalibration";

describe("calibrationPlan", () => {
  it("alternates the test shots between the ends of the range, one shot midway", () => {
    expect(Array.from({ length: 4 }, (_, k) => alternatingCalibrationDistance(k, 4))).toEqual([2.5, 6.5, 2.5, 6.5]);
    expect(alternatingCalibrationDistance(0, 1)).toBe(4.5);
  });

  it("weighs the misses by the configured spreads and adds the drag prior", () => {
    const config = launcherConfigFromParameters({ "uncertainty.exit_speed_sigma_fraction": 0.004, "uncertainty.launch_angle_sigma_rad": 0.007 });
    expect(calibrationOptionsFromConfig(config)).toEqual({ exitSpeedSigmaFraction: 0.004, launchAngleSigma_rad: 0.007, dragPriorSigma: DEFAULT_DRAG_PRIOR_SIGMA });
  });
});
