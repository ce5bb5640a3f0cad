/**
 * A column of numbers kept in fixed Float64Array chunks outside the JavaScript heap, for the
 * latency benchmark's processes (the tracer in each node, the feeder and the receiver), which
 * write a few numbers per callback for minutes. A growing number[] is reallocated, copied by every
 * young-generation collection until promoted, then grows the old generation: kept that way, the
 * tracer itself brought collections into the nodes it measured (laser_ranging and
 * target_estimation ran 9-14 collections of 1-9 ms in 27 s, 4 of them full, against 4-6 and none
 * full with this column; docs/performance.md). A chunk is allocated once per CHUNK entries and
 * never moved.
 */
export class TraceColumn {
  static readonly CHUNK = 1 << 16;
  private readonly chunks: Float64Array[] = [];
  private current = new Float64Array(0);
  private used = 0;
  private total = 0;

  push(value: number): void {
    if (this.used === this.current.length) {
      this.current = new Float64Array(TraceColumn.CHUNK);
      this.chunks.push(this.current);
      this.used = 0;
    }
    this.current[this.used++] = value;
    this.total++;
  }

  get length(): number {
    return this.total;
  }

  /** The values in order, as the trace file's plain array. */
  toArray(): number[] {
    const out = new Array<number>(this.total);
    let i = 0;
    for (const chunk of this.chunks) {
      for (let j = 0; j < chunk.length && i < this.total; j++) out[i++] = chunk[j] ?? Number.NaN;
    }
    return out;
  }
}
