import type { SeededRandom } from "../../core/random/SeededRandom";
import type { SimLauncherWorld } from "../nodes/simLauncher";
import { asReferee } from "../truth/referee";
import type { BallSpread } from "../truth/trueShot";

/** One ball's own spread, drawn with the run's TRUE per-ball spreads. */
export function drawSpread(world: SimLauncherWorld, random: SeededRandom): BallSpread {
  const spreads = asReferee(() => ({ ...world.spreads }));
  return {
    speedFactor: random.gaussian(0, spreads.exitSpeedSigmaFraction),
    angleError: random.gaussian(0, spreads.launchAngleSigma_rad),
    azimuthError: random.gaussian(0, spreads.azimuthSigma_rad),
  };
}
