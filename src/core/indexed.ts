/**
 * Indexed reads that fail loudly. Under `noUncheckedIndexedAccess` a read `values[i]` is typed
 * `number | undefined`; writing `values[i] ?? 0` made a wrong index read a silent 0, which in a
 * filter becomes a plausible, wrong estimate. `at` throws instead, naming the index and the length.
 *
 * The throw is a call of its own so that `at` stays under V8's "small function" size (27 bytes of
 * bytecode), which the optimising compiler inlines whatever its budget: a read it does not inline
 * is a call whose double result comes back boxed, a new heap number per read (issue 16).
 */
export function at(values: ArrayLike<number>, index: number): number {
  const value = values[index];
  if (value === undefined) outOfRange(values, index);
  return value;
}

/**
 * `at` for a Float64Array, with the same check. `at` reads every kind of array in the project, so
 * V8's feedback for its read is polymorphic (megamorphic, once enough kinds went through it), and
 * a megamorphic read hands each double out boxed even inlined. A reader that only ever sees
 * Float64Arrays reads plain doubles: the filters' per-reading algebra reads through it.
 */
export function atFloat64(values: Float64Array, index: number): number {
  const value = values[index];
  if (value === undefined) outOfRange(values, index);
  return value;
}

function outOfRange(values: ArrayLike<number>, index: number): never {
  throw new RangeError(`index ${index} read outside 0..${values.length - 1}`);
}
