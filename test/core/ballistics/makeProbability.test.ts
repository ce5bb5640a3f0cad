import { createBallisticModel } from "../../../src/core/ballistics/BallisticModel";
import { FlightIntegrator } from "../../../src/core/ballistics/FlightIntegrator";
import { makeProbability } from "../../../src/core/ballistics/makeProbability";
import { normalCdf } from "../../../src/core/ballistics/normalCdf";
import { solveExitSpeed } from "../../../src/core/ballistics/solveExitSpeed";
import { SeededRandom } from "../../../src/core/random/SeededRandom";

const deg = (d: number): number => (d * Math.PI) / 180;
const model = createBallisticModel();
const integrator = new FlightIntegrator(model);

describe("normalCdf", () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447461],
    [-1.959963985, 0.025],
    [3, 0.9986501020],
    [-4, 3.167124183e-5],
  ])("Phi(%f) = %f", (x, p) => {
    expect(Math.abs(normalCdf(x) - p)).toBeLessThan(2e-7);
  });
});

describe("makeProbability", () => {
  // Monte Carlo reference: full flights with sampled errors, judged by the rim rule at the
  // sampled flight's own entry angle. 4000 samples: binomial sigma below 0.8 %.
  it.each([
    { distance: 6, angle: 55, distanceSigma: 0.01, speedFraction: 0.002, angleSigma: 0.3, bias: 0 },
    { distance: 4, angle: 55, distanceSigma: 0.02, speedFraction: 0.002, angleSigma: 0.3, bias: 0.01 },
    { distance: 8, angle: 60, distanceSigma: 0.03, speedFraction: 0.003, angleSigma: 0.5, bias: -0.02 },
    { distance: 5, angle: 60, distanceSigma: 0.005, speedFraction: 0.001, angleSigma: 0.1, bias: 0 },
    { distance: 7, angle: 50, distanceSigma: 0.05, speedFraction: 0.004, angleSigma: 0.3, bias: 0.03 },
  ])("agrees with a seeded Monte Carlo: $distance m, sigma_d $distanceSigma m, bias $bias m/s", (c) => {
    const s = solveExitSpeed(integrator, c.distance, deg(c.angle));
    if (s.kind !== "solution") throw new Error("no solution");
    const predicted = makeProbability(s, {
      distanceSigma_m: c.distanceSigma,
      exitSpeedSigmaFraction: c.speedFraction,
      launchAngleSigma_rad: deg(c.angleSigma),
      exitSpeedBias_mps: c.bias,
    }).probability;
    const random = new SeededRandom(1234);
    const n = 4000;
    let makes = 0;
    for (let i = 0; i < n; i++) {
      const v = s.exitSpeed_mps + c.bias + s.exitSpeed_mps * c.speedFraction * random.gaussian();
      const a = deg(c.angle) + deg(c.angleSigma) * random.gaussian();
      const trueDistance = c.distance + c.distanceSigma * random.gaussian();
      const flight = integrator.crossRimPlane(v, a);
      if (flight.kind !== "crossing") continue;
      const clearance = model.rim_radius_m - model.ball_radius_m / Math.sin(flight.entryAngle_rad);
      if (Math.abs(flight.x_m - trueDistance) <= clearance) makes++;
    }
    const observed = makes / n;
    const binomialSigma = Math.sqrt((observed * (1 - observed)) / n);
    expect(Math.abs(predicted - observed)).toBeLessThan(4 * binomialSigma + 0.01);
  });

  it("is lower with a biased wheel and higher with a better range estimate", () => {
    const s = solveExitSpeed(integrator, 6, deg(55));
    if (s.kind !== "solution") throw new Error("no solution");
    const base = makeProbability(s, { distanceSigma_m: 0.02 }).probability;
    expect(makeProbability(s, { distanceSigma_m: 0.02, exitSpeedBias_mps: 0.03 }).probability).toBeLessThan(base);
    expect(makeProbability(s, { distanceSigma_m: 0.005 }).probability).toBeGreaterThan(base);
  });

  it.each([
    [0.0, 1],
    [0.1, 0],
  ])("is a step for zero spread: bias %f m/s gives %f", (bias, p) => {
    const s = solveExitSpeed(integrator, 6, deg(55));
    if (s.kind !== "solution") throw new Error("no solution");
    const r = makeProbability(s, { distanceSigma_m: 0, exitSpeedSigmaFraction: 0, launchAngleSigma_rad: 0, exitSpeedBias_mps: bias });
    expect(r.probability).toBe(p);
  });
});
