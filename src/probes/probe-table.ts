import type { StepKind } from "../steps/step-kind.js";
import { exec } from "./exec.js";
import { hostProcess } from "./host-process.js";
import { http } from "./http.js";
import { inspect } from "./inspect.js";
import { interfaces } from "./interfaces.js";
import { logs } from "./logs.js";
import { ping } from "./ping.js";
import { port } from "./port.js";
import { processProbe } from "./process.js";
import { resolve } from "./resolve.js";
import { state } from "./state.js";
import { stats } from "./stats.js";
import { tcp } from "./tcp.js";

/** Every probe kind, one line each. `exec` is also the action of that name, decided by its arguments. */
export const PROBES: readonly StepKind<never>[] = [resolve, tcp, http, ping, exec, logs, processProbe, hostProcess, inspect, state, port, interfaces, stats] as StepKind<never>[];
