/**
 * replay's progress on stderr: how many bag messages were fed. In a terminal, one line redrawn in
 * place; anywhere else (CI, a log file) a plain line at most every `interval_s`, timed by the
 * injected clock on each update (the replay keeps the event loop busy, so a timer would not fire).
 */
export class FedProgress {
  private lastLine_s: number;
  private drawn = false;

  /**
   * @param write where the text goes (stderr)
   * @param terminal whether that is a terminal (redraw in place) or not (plain lines)
   * @param now wall-clock seconds, monotonic
   * @param interval_s off a terminal, the least time between two lines [s]
   */
  constructor(
    private readonly write: (text: string) => void,
    private readonly terminal: boolean,
    private readonly now: () => number,
    private readonly interval_s = 5,
  ) {
    if (!(interval_s > 0)) throw new Error(`interval_s must be > 0 s, got ${interval_s}`);
    this.lastLine_s = now();
  }

  update(messages: number): void {
    if (this.terminal) {
      this.write(`\r  ${messages} messages fed`);
      this.drawn = true;
      return;
    }
    const t = this.now();
    if (t - this.lastLine_s < this.interval_s) return;
    this.lastLine_s = t;
    this.write(`replay: ${messages} messages fed\n`);
  }

  /** Ends the redrawn line in a terminal, so the report starts on a line of its own. */
  finish(): void {
    if (this.terminal && this.drawn) this.write("\n");
  }
}
