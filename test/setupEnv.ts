// Every in-process graph in the tests deep-freezes what is published on it, so a node that writes
// into a message it received, or rewrites one it published, throws where it does (see deepFreeze).
import { FREEZE_MESSAGES_VARIABLE } from "../src/runtime/inprocess/InProcessGraph";

process.env[FREEZE_MESSAGES_VARIABLE] = "1";
