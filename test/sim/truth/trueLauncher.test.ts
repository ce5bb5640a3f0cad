import { DEFAULT_TRUE_LAUNCHER, TrueLauncher, type LaunchedBall, type TrueLauncherOptions } from "../../../src/sim/truth/trueLauncher";

const nominal: LaunchedBall = { mass_kg: 0.6, pressureFactor: 1 };

/** J (w0^2 - w1^2) / 2 and (1 + loss) (m v^2 / 2 + 2/3 m r_b^2 spin^2 / 2), computed from the result alone. */
function energies(options: TrueLauncherOptions, w0: number, ball: LaunchedBall): { wheel: number; ball: number } {
  const o = { ...DEFAULT_TRUE_LAUNCHER, ...options };
  const shot = new TrueLauncher(options).launch(w0, ball);
  const spinInertia = (2 / 3) * ball.mass_kg * o.ballRadius_m ** 2;
  return {
    wheel: 0.5 * o.wheelInertia_kgm2 * (w0 ** 2 - shot.wheelSpeedAfter_radps ** 2),
    ball: (1 + o.lossFactor) * (0.5 * ball.mass_kg * shot.exitSpeed_mps ** 2 + 0.5 * spinInertia * shot.spin_radps ** 2),
  };
}

/**
 * The independent solution: bisection on w1 in [0, w0] of the energy balance
 * J (w0^2 - w1^2) / 2 - (1 + loss) m v^2 (1 + 2/3 spinRatio^2) / 2, v = eta(w1 R) w1 R, with eta
 * written out here from the documented model. The balance falls with w1 (the wheel keeps more,
 * the ball carries more), so one sign change.
 */
function bisect(options: TrueLauncherOptions, w0: number, ball: LaunchedBall): number {
  const o = { ...DEFAULT_TRUE_LAUNCHER, ...options };
  const eta = (s: number): number =>
    (o.efficiencyAtRest * ball.pressureFactor ** o.pressureExponent * (o.nominalBallMass_kg / ball.mass_kg) ** o.massExponent) /
    (1 + o.slipPerSurfaceSpeed * Math.max(0, s - o.referenceSurfaceSpeed));
  const balance = (w1: number): number => {
    const v = eta(w1 * o.wheelRadius_m) * w1 * o.wheelRadius_m;
    return 0.5 * o.wheelInertia_kgm2 * (w0 ** 2 - w1 ** 2) - 0.5 * (1 + o.lossFactor) * ball.mass_kg * v ** 2 * (1 + (2 / 3) * o.spinRatio ** 2);
  };
  let lo = 0;
  let hi = w0;
  for (let k = 0; k < 200 && hi - lo > 0; k++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (balance(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe("TrueLauncher hand-worked limits", () => {
  it("no slip and an infinitely heavy wheel: exit = eta0 w0 R exactly, the wheel keeps its speed", () => {
    const launcher = new TrueLauncher({ slipPerSurfaceSpeed: 0, wheelInertia_kgm2: Infinity, efficiencyAtRest: 0.47 });
    for (const w0 of [0, 100, 400, 617.3]) {
      const shot = launcher.launch(w0, nominal);
      expect(shot.exitSpeed_mps).toBe(0.47 * w0 * 0.0508);
      expect(shot.wheelSpeedAfter_radps).toBe(w0);
      expect(shot.spin_radps).toBe(shot.exitSpeed_mps / 0.121);
    }
  });

  it("no slip: the closed form w1 = w0 sqrt(J / (J + K eta0^2 R^2)), K = m (1 + 2/3 spinRatio^2) (1 + loss)", () => {
    // J 1.5e-3, m 0.6, spinRatio 1, loss 1: K = 0.6 * 5/3 * 2 = 2; eta0 0.5, R 0.0508:
    // K eta0^2 R^2 = 2 * 0.25 * 0.00258064 = 0.00129032; w1 / w0 = sqrt(1.5e-3 / 2.79032e-3) = 0.733194.
    const shot = new TrueLauncher({ slipPerSurfaceSpeed: 0 }).launch(400, nominal);
    expect(shot.wheelSpeedAfter_radps / 400).toBeCloseTo(Math.sqrt(1.5e-3 / (1.5e-3 + 0.00129032)), 12);
    expect(shot.wheelSpeedAfter_radps / 400).toBeCloseTo(0.733194, 6);
    expect(shot.exitSpeed_mps).toBeCloseTo(0.5 * shot.wheelSpeedAfter_radps * 0.0508, 12);
  });

  it.each<[string, TrueLauncherOptions, number, LaunchedBall]>([
    ["defaults", {}, 400, nominal],
    ["slippy, lossy, light wheel", { slipPerSurfaceSpeed: 0.02, lossFactor: 2.5, wheelInertia_kgm2: 5e-4 }, 550, nominal],
    ["a slip threshold and a heavy soft ball", { referenceSurfaceSpeed: 12, slipPerSurfaceSpeed: 0.03 }, 420, { mass_kg: 0.65, pressureFactor: 0.8 }],
    ["no spin, no loss", { spinRatio: 0, lossFactor: 0 }, 300, { mass_kg: 0.567, pressureFactor: 1.1 }],
  ])("energy balance to 1e-9 and the independent bisection: %s", (_name, options, w0, ball) => {
    const { wheel, ball: carried } = energies(options, w0, ball);
    expect(Math.abs(wheel - carried) / carried).toBeLessThan(1e-9);
    const shot = new TrueLauncher(options).launch(w0, ball);
    expect(Math.abs(shot.wheelSpeedAfter_radps - bisect(options, w0, ball)) / w0).toBeLessThan(1e-12);
  });

  it("spin = spinRatio v / r_b", () => {
    const shot = new TrueLauncher({ spinRatio: 0.8, ballRadius_m: 0.12 }).launch(400, nominal);
    expect(shot.spin_radps).toBeCloseTo((0.8 * shot.exitSpeed_mps) / 0.12, 12);
  });

  it("a heavier wheel drops less and throws faster", () => {
    const drops = [5e-4, 1.5e-3, 5e-3, 5e-2].map((J) => {
      const shot = new TrueLauncher({ wheelInertia_kgm2: J }).launch(400, nominal);
      return { drop: 400 - shot.wheelSpeedAfter_radps, exit: shot.exitSpeed_mps };
    });
    for (let i = 1; i < drops.length; i++) {
      expect(drops[i]!.drop).toBeLessThan(drops[i - 1]!.drop);
      expect(drops[i]!.exit).toBeGreaterThan(drops[i - 1]!.exit);
    }
    expect(drops[drops.length - 1]!.drop).toBeGreaterThan(0);
  });

  it("a harder ball leaves faster, a heavier one slower", () => {
    const launcher = new TrueLauncher();
    const byPressure = [0.7, 0.9, 1, 1.1].map((p) => launcher.launch(400, { mass_kg: 0.6, pressureFactor: p }).exitSpeed_mps);
    for (let i = 1; i < byPressure.length; i++) expect(byPressure[i]!).toBeGreaterThan(byPressure[i - 1]!);
    const byMass = [0.567, 0.6, 0.65].map((m) => launcher.launch(400, { mass_kg: m, pressureFactor: 1 }).exitSpeed_mps);
    for (let i = 1; i < byMass.length; i++) expect(byMass[i]!).toBeLessThan(byMass[i - 1]!);
    // Without the drop (infinite inertia) the factors are the documented powers exactly.
    const stiff = new TrueLauncher({ wheelInertia_kgm2: Infinity, slipPerSurfaceSpeed: 0 });
    const base = stiff.launch(400, nominal).exitSpeed_mps;
    expect(stiff.launch(400, { mass_kg: 0.6, pressureFactor: 0.9 }).exitSpeed_mps / base).toBeCloseTo(0.9 ** 0.1, 14);
    expect(stiff.launch(400, { mass_kg: 0.65, pressureFactor: 1 }).exitSpeed_mps / base).toBeCloseTo((0.6 / 0.65) ** 0.1, 14);
  });

  it("slip: the efficiency falls with surface speed, yet the exit speed still rises with wheel speed", () => {
    const launcher = new TrueLauncher({ wheelInertia_kgm2: Infinity });
    const shots = [100, 200, 400, 600].map((w) => launcher.launch(w, nominal));
    const efficiency = shots.map((s) => s.exitSpeed_mps / (s.wheelSpeedAfter_radps * 0.0508));
    for (let i = 1; i < shots.length; i++) {
      expect(efficiency[i]!).toBeLessThan(efficiency[i - 1]!);
      expect(shots[i]!.exitSpeed_mps).toBeGreaterThan(shots[i - 1]!.exitSpeed_mps);
    }
    // eta0 / (1 + slip s) at s = 400 * 0.0508 = 20.32 m/s: 0.5 / 1.1016 = 0.45389.
    expect(efficiency[2]).toBeCloseTo(0.5 / (1 + 0.005 * 20.32), 12);
    // Below the reference surface speed there is no slip.
    const threshold = new TrueLauncher({ wheelInertia_kgm2: Infinity, referenceSurfaceSpeed: 15 });
    expect(threshold.launch(250, nominal).exitSpeed_mps).toBeCloseTo(0.5 * 250 * 0.0508, 12);
  });

  it("a stopped wheel throws nothing", () => {
    expect(new TrueLauncher().launch(0, nominal)).toEqual({ exitSpeed_mps: 0, spin_radps: 0, wheelSpeedAfter_radps: 0 });
  });
});

describe("TrueLauncher validation", () => {
  it.each<[TrueLauncherOptions, RegExp]>([
    [{ wheelRadius_m: 0 }, /wheelRadius_m .*got 0/],
    [{ wheelRadius_m: Infinity }, /wheelRadius_m .*got Infinity/],
    [{ wheelInertia_kgm2: -1 }, /wheelInertia_kgm2 .*got -1/],
    [{ wheelInertia_kgm2: NaN }, /wheelInertia_kgm2 .*got NaN/],
    [{ efficiencyAtRest: 0 }, /efficiencyAtRest .*got 0/],
    [{ efficiencyAtRest: 1.2 }, /efficiencyAtRest must be <= 1, got 1.2/],
    [{ slipPerSurfaceSpeed: -0.01 }, /slipPerSurfaceSpeed .*got -0.01/],
    [{ referenceSurfaceSpeed: -1 }, /referenceSurfaceSpeed .*got -1/],
    [{ slipPerSurfaceSpeed: 0.1, referenceSurfaceSpeed: 10 }, /must be < 1.*got 0.1 \* 10/],
    [{ pressureExponent: NaN }, /pressureExponent .*got NaN/],
    [{ nominalBallMass_kg: 0 }, /nominalBallMass_kg .*got 0/],
    [{ massExponent: -0.1 }, /massExponent .*got -0.1/],
    [{ lossFactor: -1 }, /lossFactor .*got -1/],
    [{ spinRatio: Infinity }, /spinRatio .*got Infinity/],
    [{ ballRadius_m: -0.121 }, /ballRadius_m .*got -0.121/],
  ])("rejects %j", (options, message) => {
    expect(() => new TrueLauncher(options)).toThrow(message);
  });

  it("rejects a negative or non-finite wheel speed and a bad ball, naming the value", () => {
    const launcher = new TrueLauncher();
    expect(() => launcher.launch(-5, nominal)).toThrow(/wheelSpeedBefore_radps .*got -5/);
    expect(() => launcher.launch(NaN, nominal)).toThrow(/got NaN/);
    expect(() => launcher.launch(400, { mass_kg: 0, pressureFactor: 1 })).toThrow(/mass_kg .*got 0/);
    expect(() => launcher.launch(400, { mass_kg: 0.6, pressureFactor: -1 })).toThrow(/pressureFactor .*got -1/);
  });

  it("undefined options take the defaults", () => {
    expect(new TrueLauncher({ wheelRadius_m: undefined }).options).toEqual(DEFAULT_TRUE_LAUNCHER);
  });
});
