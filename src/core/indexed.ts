/**
 * Indexed reads that fail loudly. Under `noUncheckedIndexedAccess` a read `values[i]` is typed
 * `number | undefined`; writing `values[i] ?? 0` made a wrong index read a silent 0, which in a
 * filter becomes a plausible, wrong estimate. `at` throws instead, naming the index and the length.
 * V8 inlines it in hot loops: the check costs a compare on a value already loaded.
 */
export function at(values: ArrayLike<number>, index: number): number {
  const value = values[index];
  if (value === undefined) throw new RangeError(`index ${index} read outside 0..${values.length - 1}`);
  return value;
}
