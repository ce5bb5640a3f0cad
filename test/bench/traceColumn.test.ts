import { TraceColumn } from "../../src/bench/rosLatency/traceColumn";

describe("TraceColumn: numbers kept in fixed chunks, read back in order", () => {
  it.each<[string, number]>([
    ["empty", 0],
    ["one", 1],
    ["a chunk less one", TraceColumn.CHUNK - 1],
    ["exactly a chunk", TraceColumn.CHUNK],
    ["a chunk and one", TraceColumn.CHUNK + 1],
    ["two and a half chunks", 2.5 * TraceColumn.CHUNK],
  ])("%s (%d values)", (_, count) => {
    const column = new TraceColumn();
    const reference: number[] = [];
    for (let i = 0; i < count; i++) {
      // Values a trace holds: nanosecond times near 2^53 and NaN for "none" keep their bits.
      const value = i % 7 === 3 ? Number.NaN : 1.7e15 + i * 997;
      column.push(value);
      reference.push(value);
    }
    expect(column.length).toBe(count);
    expect(column.toArray()).toEqual(reference);
  });
});
