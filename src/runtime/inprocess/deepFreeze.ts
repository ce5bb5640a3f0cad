/**
 * Freezes a message and everything in it (typed arrays aside: V8 refuses to freeze one that has
 * elements). Returns it. On the real graph a subscriber gets its own copy of each message; here
 * every subscriber gets the publisher's object, so a node that wrote into a message it received
 * would change what the others see, and a publisher that rewrote a message it had published
 * would change what they kept. Frozen, either write throws where it happens.
 */
export function deepFreeze<T>(message: T): T {
  if (typeof message !== "object" || message === null || Object.isFrozen(message) || ArrayBuffer.isView(message)) return message;
  Object.freeze(message);
  for (const value of Object.values(message as object)) deepFreeze(value);
  return message;
}
