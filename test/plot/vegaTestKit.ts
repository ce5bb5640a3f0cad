import { parse, View, type Spec } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** A Vega logger that keeps Vega-Lite's warnings and errors, so that a test can require none. */
class KeepingLogger {
  readonly messages: string[] = [];
  private currentLevel = 0;
  level(): number;
  level(value: number): this;
  level(value?: number): number | this {
    if (value === undefined) return this.currentLevel;
    this.currentLevel = value;
    return this;
  }
  error(...args: readonly unknown[]): this {
    this.messages.push(`error: ${args.map(String).join(" ")}`);
    return this;
  }
  warn(...args: readonly unknown[]): this {
    this.messages.push(`warn: ${args.map(String).join(" ")}`);
    return this;
  }
  info(): this {
    return this;
  }
  debug(): this {
    return this;
  }
}

/** The Vega spec Vega-Lite compiles `spec` to, and every warning it gave. */
export function compileLogged(spec: TopLevelSpec): { vega: Spec; warnings: string[] } {
  const logger = new KeepingLogger();
  const vega = compile(spec, { logger }).spec;
  return { vega, warnings: logger.messages };
}

/** Every scale's name in a compiled spec (a concatenation names them concat_0_x, ...). */
export function scaleNames(vega: Spec): string[] {
  const names: string[] = [];
  const walk = (node: { scales?: readonly { name: string }[]; marks?: readonly unknown[] }): void => {
    for (const s of node.scales ?? []) names.push(s.name);
    for (const m of node.marks ?? []) walk(m as typeof node);
  };
  walk(vega);
  return names;
}

export interface RenderedScale {
  readonly domain: (number | string)[];
  readonly range: (number | string)[];
}

/**
 * Runs the spec headless as renderSvg does: its SVG and each scale's domain and range as Vega
 * resolved them (what the drawing used, not what the spec asked for).
 */
export async function renderScales(spec: TopLevelSpec): Promise<{ svg: string; scales: Record<string, RenderedScale>; warnings: string[] }> {
  // Vega tags the inline data rows it reads: render a copy, so the test reads the spec as built.
  const { vega, warnings } = compileLogged(structuredClone(spec));
  const view = new View(parse(vega), { renderer: "none" });
  try {
    await view.runAsync();
    const scales: Record<string, RenderedScale> = {};
    for (const name of scaleNames(vega)) {
      const scale = view.scale(name) as { domain(): (number | string)[]; range(): (number | string)[] };
      scales[name] = { domain: scale.domain(), range: scale.range() };
    }
    return { svg: await view.toSVG(), scales, warnings };
  } finally {
    view.finalize();
  }
}

/** Pixels per data unit of a resolved continuous scale. */
export function pixelsPerUnit(scale: RenderedScale | undefined): number {
  if (scale === undefined) throw new Error("no such scale");
  const [d0, d1] = scale.domain as number[];
  const [r0, r1] = scale.range as number[];
  return Math.abs(((r1 ?? NaN) - (r0 ?? NaN)) / ((d1 ?? NaN) - (d0 ?? NaN)));
}

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** Every object in a spec (layers, encodings, data rows) that has `key`, depth first. */
export function objectsWith(spec: unknown, key: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) {
      for (const item of node as readonly Json[]) walk(item);
    } else if (node !== null && typeof node === "object") {
      const object = node as { readonly [key: string]: Json };
      if (key in object) found.push(object);
      for (const value of Object.values(object)) walk(value);
    }
  };
  walk(spec as Json);
  return found;
}

/** Every axis title in a spec's encodings (x, y, x2, y2). */
export function axisTitles(spec: unknown): string[] {
  return objectsWith(spec, "encoding").flatMap((o) => {
    const encoding = o.encoding as Record<string, { title?: unknown } | undefined>;
    return ["x", "y"].flatMap((channel) => {
      const title = encoding[channel]?.title;
      return typeof title === "string" ? [title] : [];
    });
  });
}

/** The units in brackets of an axis title: "height [m]" -> ["m"]. */
export function unitsOf(title: string): string[] {
  return [...title.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1] ?? "");
}

/** The data rows a plot tagged with a `part` starting with `prefix` ("rim", "backboard", "pole", "fence"). */
export function partRows(spec: unknown, prefix: string): Record<string, unknown>[] {
  return objectsWith(spec, "part").filter((row) => typeof row.part === "string" && row.part.startsWith(prefix));
}
