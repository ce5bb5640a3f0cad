import type { Figure } from "./figure";
import type { OpenGoal, OpenGoals } from "./openGoals";

/**
 * How the gate judged one figure:
 * - met / missed: a gated goal, met or not (missed fails the run);
 * - open: missed, and on the open list (does not fail);
 * - open_met: on the open list but met in this run (a warning: take it off the list);
 * - not_gated: --quick and a timing, or a goal its quick sample cannot decide (reported only);
 * - report_only: no goal.
 */
export type Verdict = "met" | "missed" | "open" | "open_met" | "not_gated" | "report_only";

export interface Judgement {
  readonly figure: Figure;
  readonly verdict: Verdict;
  /** What the bench prints in place of a plain yes / no. */
  readonly label: string;
  /** The figure's open-list entry, when it has one. */
  readonly open?: OpenGoal;
}

export interface GateOptions {
  /** A --quick run: timings, and goals their quick sample cannot decide, are reported, not gated. */
  readonly quick: boolean;
  readonly openGoals: OpenGoals;
}

/** Judges one figure against its goal and the open list. */
export function judgeFigure(figure: Figure, { quick, openGoals }: GateOptions): Judgement {
  const open = Object.hasOwn(openGoals, figure.name) ? openGoals[figure.name] : undefined;
  const withOpen = open === undefined ? {} : { open };
  if (!figure.hasGoal) return { figure, verdict: "report_only", label: "report only", ...withOpen };
  const result = figure.meets ? "met" : "NOT met";
  const openNote = open === undefined ? "" : `; open: issue ${open.issue}`;
  if (quick && figure.kind === "timing") return { figure, verdict: "not_gated", label: `${result} (a timing: not gated in --quick${openNote})`, ...withOpen };
  if (quick && figure.quickCannotJudge !== undefined) {
    return { figure, verdict: "not_gated", label: `${result} (not gated in --quick: ${figure.quickCannotJudge}${openNote})`, ...withOpen };
  }
  if (open === undefined) return { figure, verdict: figure.meets ? "met" : "missed", label: result };
  if (!figure.meets) return { figure, verdict: "open", label: `NOT met (open: issue ${open.issue})`, open };
  return {
    figure,
    verdict: "open_met",
    label: quick
      ? `met in this --quick run (open: issue ${open.issue}): if a full run meets it too, remove it from the open list`
      : `met: remove it from the open list (issue ${open.issue})`,
    open,
  };
}

export interface GateResult {
  readonly judgements: readonly Judgement[];
  /** Missed goals not on the open list: these fail the run. */
  readonly failures: readonly Judgement[];
  readonly open: readonly Judgement[];
  /** Open goals met in this run: a warning, not a failure (a quick run is a small sample). */
  readonly openMet: readonly Judgement[];
  readonly notGated: readonly Judgement[];
  /** Open-list names no figure of this run carries (only looked for when every benchmark ran). */
  readonly unknownOpenGoals: readonly string[];
  readonly passed: boolean;
}

/** Judges every figure; `ranEvery`: every benchmark ran (no --only), so an open-list name without a figure is stale. */
export function gateFigures(figures: readonly Figure[], options: GateOptions & { readonly ranEvery: boolean }): GateResult {
  const judgements = figures.map((figure) => judgeFigure(figure, options));
  const having = (verdict: Verdict): Judgement[] => judgements.filter((j) => j.verdict === verdict);
  const names = new Set(figures.map((f) => f.name));
  const failures = having("missed");
  return {
    judgements,
    failures,
    open: having("open"),
    openMet: having("open_met"),
    notGated: having("not_gated"),
    unknownOpenGoals: options.ranEvery ? Object.keys(options.openGoals).filter((name) => !names.has(name)) : [],
    passed: failures.length === 0,
  };
}

/** The closing summary: counts, then every open, open-but-met, ungated-and-missed and failing figure by name. */
export function formatGateSummary(result: GateResult, { quick, reportOnly }: { quick: boolean; reportOnly: boolean }): string {
  const count = (verdict: Verdict): number => result.judgements.filter((j) => j.verdict === verdict).length;
  const lines = [
    `${result.judgements.length} figures: ${count("met")} met, ${count("missed")} NOT met, ${count("open")} NOT met on the open list, ${count("open_met")} open but met, ` +
      `${count("not_gated")} not gated${quick ? " in --quick" : ""}, ${count("report_only")} report only`,
  ];
  for (const j of result.open) lines.push(`  open (issue ${j.open?.issue ?? "?"}): ${j.figure.name}: ${j.open?.reason ?? ""}`);
  for (const j of result.openMet) lines.push(`  warning: ${j.figure.name}: ${j.label}`);
  for (const name of result.unknownOpenGoals) lines.push(`  warning: the open list (src/bench/openGoals.ts) names ${name}, which no benchmark printed: rename or remove the entry`);
  for (const j of result.notGated.filter((n) => !n.figure.meets)) lines.push(`  not gated: ${j.figure.name}: ${j.label}`);
  for (const j of result.failures) lines.push(`  FAILED: ${j.figure.name}: ${formatValue(j.figure.value)} ${j.figure.unit}, goal ${j.figure.goal} (not on the open list, src/bench/openGoals.ts)`);
  if (reportOnly) lines.push(`bench --report: ${result.passed ? "every gated goal met or open" : `${result.failures.length} goal(s) missed`}; exit 0 (report only)`);
  else lines.push(result.passed ? "bench: PASS (every gated goal met or on the open list)" : `bench: FAIL (${result.failures.length} goal(s) missed that are not on the open list)`);
  return `${lines.join("\n")}\n`;
}

/** A figure's value as printed: 4 significant digits for the very large and very small, else 3 decimals. */
export function formatValue(value: number): string {
  return Math.abs(value) >= 1000 || Math.abs(value) < 0.01 ? value.toPrecision(4) : value.toFixed(3);
}
