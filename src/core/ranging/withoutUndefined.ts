/** A copy of `o` without its undefined fields, so `{ ...defaults, ...withoutUndefined(o) }` keeps defaults. */
export function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
