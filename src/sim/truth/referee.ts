/**
 * The line between the simulator's true world and the team's side of a scenario. The scenario
 * holds objects of the truth (the world sim_launcher built, each released ball's record): the
 * referee reads them to score a shot and to fly the oracle's, the tape measure to read where a
 * ball crossed the rim plane. Nothing else may: the calibration and every decision of the team's
 * side go by what a team has (topics, the tape's reading).
 *
 * Every read of the truth is marked by running it inside `asReferee`. With the truth sealed
 * (`sealTruth`, what the no-leak test runs) any property read of a sealed object outside a
 * referee block throws, naming what was read: a leak fails loudly instead of flattering the chain.
 */

let refereeDepth = 0;

/** Runs `read` as the referee (or the tape measure): the truth may be read inside. */
export function asReferee<T>(read: () => T): T {
  refereeDepth++;
  try {
    return read();
  } finally {
    refereeDepth--;
  }
}

/** Thrown when the team's side reads the truth. */
export class TruthLeak extends Error {}

/**
 * `value` behind a guard: outside `asReferee`, reading any property throws a TruthLeak. Inside,
 * reads pass through unchanged (methods run on the real object's fields as reached through the guard).
 */
export function sealTruth<T extends object>(value: T, what: string): T {
  return new Proxy(value, {
    get(target, property, receiver) {
      if (refereeDepth === 0) throw new TruthLeak(`the team's side read ${what}.${String(property)} of the true world`);
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
