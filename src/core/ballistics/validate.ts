/** Option checks shared by the launcher classes: each throws naming the option and the value. */

export function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new Error(`${name} must be a finite number, got ${value}`);
}

export function requirePositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be > 0, got ${value}`);
}

export function requireNonNegative(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) throw new Error(`${name} must be >= 0, got ${value}`);
}

/** Inclusive range check; NaN fails it. */
export function requireInRange(name: string, value: number, min: number, max: number): void {
  if (!(value >= min && value <= max)) throw new Error(`${name} must be in [${min}, ${max}], got ${value}`);
}

/** Copy of an options object without its undefined fields, so spreading it over defaults keeps them. */
export function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** One of the allowed strings (parameters arrive from YAML, whatever the static type says). */
export function requireChoice(name: string, value: string, choices: readonly string[]): void {
  if (!choices.includes(value)) throw new Error(`${name} must be one of ${choices.join(" | ")}, got ${JSON.stringify(value)}`);
}
