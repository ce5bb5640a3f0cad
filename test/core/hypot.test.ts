import { hypot2 } from "../../src/core/hypot";
import { SeededRandom } from "../../src/core/random/SeededRandom";

/** Object.is: tells -0 from 0 and NaN from NaN, so "the same as Math.hypot" means the same bits. */
function sameNumber(a: number, b: number): boolean {
  return Object.is(a, b);
}

describe("hypot2", () => {
  it.each([
    { name: "a 3-4-5 triangle", x: 3, y: 4 },
    { name: "both zero", x: 0, y: 0 },
    { name: "negative zeros", x: -0, y: -0 },
    { name: "one axis", x: -2.5, y: 0 },
    { name: "the other axis", x: 0, y: 1e-300 },
    { name: "equal magnitudes", x: -0.1, y: 0.1 },
    { name: "squares that overflow a double", x: 1e200, y: -3e200 },
    { name: "squares that underflow to zero", x: 3e-200, y: 4e-200 },
    { name: "subnormals", x: 5e-324, y: 1e-323 },
    { name: "an infinity beside a NaN (Infinity wins)", x: Number.NaN, y: -Infinity },
    { name: "a NaN", x: 1, y: Number.NaN },
    { name: "two infinities", x: Infinity, y: -Infinity },
  ])("gives Math.hypot's answer for $name", ({ x, y }) => {
    expect(sameNumber(hypot2(x, y), Math.hypot(x, y))).toBe(true);
  });

  it("gives Math.hypot's bits on 50,000 random pairs over 40 decades", () => {
    const random = new SeededRandom(16_003);
    let differing = 0;
    for (let i = 0; i < 50_000; i++) {
      const x = random.between(-1, 1) * 10 ** random.between(-20, 20);
      const y = random.between(-1, 1) * 10 ** random.between(-20, 20);
      if (!sameNumber(hypot2(x, y), Math.hypot(x, y))) differing++;
    }
    expect(differing).toBe(0);
  });

  it("gives Math.hypot's bits on pairs of similar size (where the rounding of the sum decides)", () => {
    const random = new SeededRandom(16_004);
    let differing = 0;
    for (let i = 0; i < 50_000; i++) {
      const x = random.between(-10, 10);
      const y = x * random.between(0.5, 2);
      if (!sameNumber(hypot2(x, y), Math.hypot(x, y)) || !sameNumber(hypot2(y, x), Math.hypot(y, x))) differing++;
    }
    expect(differing).toBe(0);
  });
});
