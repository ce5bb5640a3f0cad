import { ChainUnderLoad, recordSensorFeed, soakRig } from "./chainLatency.bench";
import { PROGRESS } from "./soakProcess";

/** The memory soak's own process (soakProcess.ts starts it): samples as JSON on stdout, progress on stderr. */
function main(quick: boolean): void {
  const progress = (line: string): void => void process.stderr.write(`${PROGRESS}${line}\n`);
  const rig = new ChainUnderLoad(recordSensorFeed());
  progress("soak (own process): warming up until the estimate is valid");
  rig.warmUp();
  process.stdout.write(JSON.stringify(soakRig(rig, quick, progress)));
}

main(process.argv.includes("--quick"));
