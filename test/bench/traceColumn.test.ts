import { performanceOriginNs, TraceRecorder } from "../../src/bench/rosLatency/trace";
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

describe("TraceRecorder.written: the columns as the trace file's plain arrays", () => {
  it("keeps each column's values in order and the topics as they were listed", () => {
    const recorder = new TraceRecorder();
    recorder.node = "laser_ranging";
    recorder.topics.push("/scan", "/ranging/target");
    const calls: [number, number, number, number][] = [
      [0, 17, 100, 140],
      [1, 17, 150, 151],
      [0, 18, 200, 260],
    ];
    for (const [topic, stamp, start, end] of calls) {
      recorder.callbacks.topic.push(topic);
      recorder.callbacks.stamp.push(stamp);
      recorder.callbacks.start.push(start);
      recorder.callbacks.end.push(end);
    }
    recorder.collections.start.push(120);
    recorder.collections.duration.push(5);
    recorder.collections.major.push(1);
    const written = recorder.written(42);
    expect(written).toEqual({
      node: "laser_ranging",
      pid: 42,
      topics: ["/scan", "/ranging/target"],
      callbacks: { topic: [0, 1, 0], stamp: [17, 17, 18], start: [100, 150, 200], end: [140, 151, 260] },
      ticks: { period: [], start: [], end: [] },
      publishes: { topic: [], stamp: [], value: [], at: [] },
      collections: { start: [120], duration: [5], major: [1] },
    });
  });
});

describe("performanceOriginNs: performance.now() on process.hrtime's clock", () => {
  it("puts performance.now() within 50 us of process.hrtime, read side by side", () => {
    const origin = performanceOriginNs();
    for (let i = 0; i < 5; i++) {
      const before = Number(process.hrtime.bigint());
      const traced = origin + performance.now() * 1e6;
      const after = Number(process.hrtime.bigint());
      expect(traced).toBeGreaterThanOrEqual(before - 50_000);
      expect(traced).toBeLessThanOrEqual(after + 50_000);
    }
  });
});
