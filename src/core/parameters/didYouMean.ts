import { compareCodeUnits } from "../compareCodeUnits";
/**
 * "Did you mean ...?" for a misspelt parameter or node name: the known names closest to the one
 * written, by edit distance. Small enough to keep here rather than take a package for it.
 */

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost 1 (`raduis` is one edit from `radius`, as a typist sees it).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[] = new Array<number>(rows * columns).fill(0);
  const at = (i: number, j: number): number => d[i * columns + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * columns] = i;
  for (let j = 0; j < columns; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * columns + j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidates nearest to `name`, at most `limit` of them, among those within a third of its
 * length (at least 2 edits): a name that far off is another name, not a typo of it.
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const reach = Math.max(2, Math.floor(name.length / 3));
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of new Set(candidates)) {
    const distance = editDistance(name, candidate);
    if (distance > 0 && distance <= reach) scored.push({ candidate, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || compareCodeUnits(x.candidate, y.candidate));
  const best = scored[0]?.distance;
  return scored.filter((s) => s.distance === best).slice(0, limit).map((s) => s.candidate);
}

/** "; did you mean 'a'?" (or "'a' or 'b'"), or "" when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closestNames(name, candidates);
  if (close.length === 0) return "";
  return `; did you mean ${close.map((c) => `'${c}'`).join(" or ")}?`;
}
