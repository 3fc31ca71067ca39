import type { StepKind } from "../steps/step-kind.js";
import { connect } from "./connect.js";
import { disconnect } from "./disconnect.js";
import { kill } from "./kill.js";
import { pause } from "./pause.js";
import { remove } from "./remove.js";
import { restart } from "./restart.js";
import { sleep } from "./sleep.js";
import { start } from "./start.js";
import { stop } from "./stop.js";
import { unpause } from "./unpause.js";

/** Every action kind, one line each. */
export const ACTIONS: readonly StepKind<never>[] = [start, stop, restart, kill, pause, unpause, remove, connect, disconnect, sleep] as StepKind<never>[];
