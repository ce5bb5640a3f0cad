import * as fs from "node:fs";
import { BagRecorder } from "../../bags/BagRecorder";
import { McapRos2Writer } from "../../bags/McapRos2Writer";
import type { InProcessGraph } from "../../runtime/inprocess/InProcessGraph";
import { SIM_BAG_METADATA, type BagSummary, type ScenarioOptions } from "./types";

type ShotPhase = "calibration" | "scored";

/**
 * A scenario's bag: every topic at full rate, written shot by shot. With a size limit it stops
 * recording at the end of the shot after which the bag could pass the limit, closing it whole, and
 * says in its metadata how much of the run it holds.
 */
export class ScenarioBag {
  /** Shots whose messages are all in the bag. */
  private readonly recorded = { calibration: 0, scored: 0 };
  /** The largest shot's bytes so far, for the size limit. */
  private largestShotBytes = 0;
  private bytesAtLastShot = 0;

  private constructor(
    private readonly recorder: BagRecorder | undefined,
    private readonly options: ScenarioOptions,
    private readonly calibrationTotal: number,
  ) {}

  /** Starts recording `graph` when the scenario asks for a bag (a no-op bag otherwise). */
  static async open(graph: InProcessGraph, options: ScenarioOptions, calibrationTotal: number): Promise<ScenarioBag> {
    const writer = options.bag !== undefined ? await McapRos2Writer.toFile(options.bag) : undefined;
    return new ScenarioBag(writer ? new BagRecorder(graph, writer) : undefined, options, calibrationTotal);
  }

  get messages(): number {
    return this.recorder?.messages ?? 0;
  }

  /**
   * A shot has ended: write its messages; with a size limit, stop recording (closing the bag
   * whole) when the next shot could take it past the limit.
   */
  async endOfShot(phase: ShotPhase): Promise<void> {
    const recorder = this.recorder;
    if (recorder === undefined || recorder.isClosed) return;
    await recorder.flush();
    this.recorded[phase]++;
    const limit = this.options.bagLimitBytes;
    if (limit === undefined) return;
    const bytes = recorder.bytesWritten();
    this.largestShotBytes = Math.max(this.largestShotBytes, bytes - this.bytesAtLastShot);
    this.bytesAtLastShot = bytes;
    if (bytes + recorder.chunkSize + this.largestShotBytes > limit) await recorder.close(this.metadata());
  }

  async close(): Promise<void> {
    await this.recorder?.close(this.metadata());
  }

  /** Where the bag is, how big, and how much of the run it holds (null: no bag). Call after close(). */
  summary(): BagSummary | null {
    if (this.recorder === undefined || this.options.bag === undefined) return null;
    return {
      path: this.options.bag,
      bytes: fs.statSync(this.options.bag).size,
      messages: this.recorder.messages,
      complete: this.complete(),
      calibration_shots_recorded: this.recorded.calibration,
      scored_shots_recorded: this.recorded.scored,
      limit_bytes: this.options.bagLimitBytes ?? null,
    };
  }

  private complete(): boolean {
    return this.recorded.calibration === this.calibrationTotal && this.recorded.scored === this.options.shots;
  }

  private metadata(): ReadonlyMap<string, ReadonlyMap<string, string>> {
    const o = this.options;
    const complete = this.complete();
    const recorded = complete
      ? "every topic at full rate, the whole run"
      : `every topic at full rate up to test shot ${this.recorded.calibration} of ${this.calibrationTotal} and scored shot ${this.recorded.scored} of ${o.shots}: the size limit was reached`;
    return new Map([
      [
        SIM_BAG_METADATA,
        new Map([
          ["recorded", recorded],
          ["complete", String(complete)],
          ["calibration_shots_recorded", String(this.recorded.calibration)],
          ["scored_shots_recorded", String(this.recorded.scored)],
          ["limit_bytes", o.bagLimitBytes === undefined ? "none" : String(o.bagLimitBytes)],
          ["record_everything_with", "robocon-shooter sim --bag-full"],
          ["seed", String(o.seed)],
          ["sensors", o.sensors],
          ["baseline", o.baseline],
          ["launcher", o.launcher],
        ]),
      ],
    ]);
  }
}
