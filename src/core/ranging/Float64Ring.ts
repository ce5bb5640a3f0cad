/**
 * The last `capacity` numbers pushed, in a preallocated array: the rolling windows of the range
 * filters and the diagnostics figures, so a steady stream of readings allocates nothing.
 */
export class Float64Ring {
  private readonly data: Float64Array;
  /** Slot the next push writes. */
  private next = 0;
  private count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`ring capacity must be an integer >= 1, got ${capacity}`);
    this.data = new Float64Array(capacity);
  }

  /** Values held [1]: the pushes so far, at most the capacity. */
  get size(): number {
    return this.count;
  }

  /** Adds a value, dropping the oldest once full. */
  push(value: number): void {
    this.data[this.next] = value;
    this.next = (this.next + 1) % this.data.length;
    if (this.count < this.data.length) this.count++;
  }

  /** Value `i` counted from the oldest (0) to the newest (size - 1); NaN outside. */
  at(i: number): number {
    if (!(i >= 0 && i < this.count)) return Number.NaN;
    const oldest = this.count < this.data.length ? 0 : this.next;
    return this.data[(oldest + i) % this.data.length] ?? Number.NaN;
  }

  /**
   * The sum of the held values, oldest to newest (the order a loop over `at` adds them in, so the
   * same number): one call, not a call per value whose result comes back boxed where V8 does not inline it.
   */
  sum(): number {
    const data = this.data;
    const oldest = this.count < data.length ? 0 : this.next;
    let sum = 0;
    for (let i = 0; i < this.count; i++) sum += data[(oldest + i) % data.length] ?? Number.NaN;
    return sum;
  }

  /**
   * Copies the held values into dst[0, size), in storage order (not time order: the callers take
   * order-free statistics such as medians). Returns size. `dst` must hold at least size values.
   */
  copyTo(dst: Float64Array): number {
    // A plain loop: subarray() would allocate a view per call, and this runs once per reading.
    const data = this.data;
    for (let i = 0; i < this.count; i++) dst[i] = data[i] ?? Number.NaN;
    return this.count;
  }

  clear(): void {
    this.count = 0;
    this.next = 0;
  }
}
