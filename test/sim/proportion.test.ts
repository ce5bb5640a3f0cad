import { std } from "mathjs";
import { SeededRandom } from "../../src/core/random/SeededRandom";
import { differenceInStandardErrors, pairedDifference } from "../../src/sim/proportion";

const bits = (text: string): boolean[] => Array.from({ length: text.length }, (_, i) => text.charAt(i) === "1");

describe("pairedDifference: two hit rates on the same shots", () => {
  it.each([
    // a, b, onlyA, onlyB, difference, standard error (worked by hand: sd of d over sqrt n)
    ["1100", "0101", 1, 1, 0, Math.sqrt(2 / 3 / 4)],
    ["1111", "0000", 4, 0, 1, 0],
    ["1110", "1000", 2, 0, 0.5, Math.sqrt(((2 - 4 / 4) / 3) / 4)],
    ["10", "10", 0, 0, 0, 0],
  ])("%s against %s", (a, b, onlyA, onlyB, difference, standardError) => {
    const d = pairedDifference(bits(a), bits(b));
    expect(d).toMatchObject({ pairs: a.length, onlyA, onlyB });
    expect(d.difference).toBeCloseTo(difference, 12);
    expect(d.standardError).toBeCloseTo(standardError, 12);
  });

  it("equals the standard deviation of the per-shot differences over sqrt(n), on random outcomes (mathjs as the reference)", () => {
    const random = new SeededRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 20 + trial * 37;
      const a = Array.from({ length: n }, () => random.uniform() < 0.8);
      // b agrees with a most of the time: the paired error is well below the independent one.
      const b = a.map((made) => (random.uniform() < 0.85 ? made : random.uniform() < 0.6));
      const perShot = a.map((made, i) => Number(made) - Number(b[i]));
      const d = pairedDifference(a, b);
      expect(d.difference).toBeCloseTo(perShot.reduce((s, v) => s + v, 0) / n, 12);
      expect(d.standardError).toBeCloseTo(Number(std(perShot)) / Math.sqrt(n), 12);
      const pa = a.filter(Boolean).length / n;
      const pb = b.filter(Boolean).length / n;
      const independent = Math.sqrt((pa * (1 - pa)) / n + (pb * (1 - pb)) / n);
      expect(d.standardError).toBeLessThan(independent);
    }
  });

  it("refuses outcome lists of different lengths", () => {
    expect(() => pairedDifference(bits("101"), bits("10"))).toThrow(/as many shots on each side, got 3 and 2/);
  });
});

describe("differenceInStandardErrors", () => {
  it.each([
    ["1100", "0101", 0],
    ["1110", "1000", 0.5 / Math.sqrt(((2 - 1) / 3) / 4)],
    ["1111", "0000", Infinity],
    ["0000", "1111", -Infinity],
    ["10", "10", 0],
    ["1", "0", NaN],
  ])("%s against %s: %p", (a, b, expected) => {
    const value = differenceInStandardErrors(pairedDifference(bits(a), bits(b)));
    if (Number.isNaN(expected)) expect(value).toBeNaN();
    else expect(value).toBeCloseTo(expected, 12);
  });
});
