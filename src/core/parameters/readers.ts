/** Typed readers of validated parameter values (the schema already checked the types). */
export function numberParameter(values: Readonly<Record<string, unknown>>, key: string): number {
  const value = values[key];
  if (typeof value !== "number") throw new Error(`parameter ${key} is not a number: ${String(value)}`);
  return value;
}
export function stringParameter(values: Readonly<Record<string, unknown>>, key: string): string {
  const value = values[key];
  if (typeof value !== "string") throw new Error(`parameter ${key} is not a string: ${String(value)}`);
  return value;
}
export function booleanParameter(values: Readonly<Record<string, unknown>>, key: string): boolean {
  const value = values[key];
  if (typeof value !== "boolean") throw new Error(`parameter ${key} is not a bool: ${String(value)}`);
  return value;
}
export function numberArrayParameter(values: Readonly<Record<string, unknown>>, key: string): number[] {
  const value = values[key];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "number")) throw new Error(`parameter ${key} is not a number list`);
  return value;
}
