import { EventEmitter } from "node:events";
import { waitForStopSignal } from "../../src/ros/runNodeOnRos";

describe("waitForStopSignal", () => {
  it.each([
    [["SIGINT", "SIGINT"], "SIGINT"],
    [["SIGINT", "SIGTERM"], "SIGINT"],
    [["SIGTERM", "SIGINT", "SIGINT"], "SIGTERM"],
  ])("after %j it resolves with the first (%s) and still handles both signals", async (sent, expected) => {
    const emitter = new EventEmitter();
    const stopped = waitForStopSignal(emitter as unknown as Pick<NodeJS.Process, "on">);
    for (const signal of sent) emitter.emit(signal, signal);
    await expect(stopped).resolves.toBe(expected);
    // A handler left for each: without one, Node's default action would kill the process mid-shutdown.
    expect(emitter.listenerCount("SIGINT")).toBe(1);
    expect(emitter.listenerCount("SIGTERM")).toBe(1);
  });
});
