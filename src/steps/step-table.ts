import { connect } from "../actions/connect.js";
import { create } from "../actions/create.js";
import { createNetwork } from "../actions/create-network.js";
import { disconnect } from "../actions/disconnect.js";
import { kill } from "../actions/kill.js";
import { pause } from "../actions/pause.js";
import { remove } from "../actions/remove.js";
import { removeNetwork } from "../actions/remove-network.js";
import { rename } from "../actions/rename.js";
import { restart } from "../actions/restart.js";
import { sleep } from "../actions/sleep.js";
import { start } from "../actions/start.js";
import { stop } from "../actions/stop.js";
import { unpause } from "../actions/unpause.js";
import { InputError } from "../errors.js";
import { exec } from "../probes/exec.js";
import { hostProcess } from "../probes/host-process.js";
import { http } from "../probes/http.js";
import { inspect } from "../probes/inspect.js";
import { interfaces } from "../probes/interfaces.js";
import { logs } from "../probes/logs.js";
import { ping } from "../probes/ping.js";
import { port } from "../probes/port.js";
import { processProbe } from "../probes/process.js";
import { reach } from "../probes/reach.js";
import { resolve } from "../probes/resolve.js";
import { state } from "../probes/state.js";
import { stats } from "../probes/stats.js";
import { tcp } from "../probes/tcp.js";
import { task } from "../tasks/task.js";
import { listOf } from "../scenario/did-you-mean.js";
import type { Static } from "@sinclair/typebox";
import type { StepOf } from "../scenario/types.js";
import type { StepBeside, StepKind } from "./step-kind.js";

/**
 * Every step kind, one line each, in the order editors and messages list them. `exec` is a
 * probe or an action, decided by its arguments.
 */
const TABLE = {
  resolve,
  tcp,
  http,
  ping,
  reach,
  exec,
  logs,
  process: processProbe,
  host_process: hostProcess,
  inspect,
  state,
  port,
  interfaces,
  stats,
  create,
  start,
  stop,
  restart,
  kill,
  pause,
  unpause,
  remove,
  rename,
  connect,
  disconnect,
  create_network: createNetwork,
  remove_network: removeNetwork,
  sleep,
  task,
} as const satisfies { [K in string]: { kind: K } };

type Table = typeof TABLE;
export type StepKindName = keyof Table;

/** The arguments of each kind, as its `run` takes them (normalised at load). */
export type RunArgs = { [K in StepKindName]: Table[K] extends StepKind<K, infer _S, infer A> ? A : never };

/** The table, seen as kinds of their own name and arguments: what lets a step call its kind without a cast. */
export type StepKinds = { [K in StepKindName]: StepKind<K, Table[K]["args"], RunArgs[K]> };

const KINDS: StepKinds = TABLE;

export const knownStepKinds = (): StepKindName[] => Object.keys(KINDS) as StepKindName[];

export const isStepKind = (name: string): name is StepKindName => Object.hasOwn(KINDS, name);

/** The keys that kinds bring to their steps beside their own (a task's `solution:`, `check:`): no kind keys. */
export const besideKeys = (): string[] => knownStepKinds().flatMap((k) => Object.keys(stepKind(k).stepKeys ?? {}));

/** The kind that brings `key` to its step, if any. */
export const kindOfBesideKey = (key: string): StepKindName | undefined => knownStepKinds().find((k) => Object.hasOwn(stepKind(k).stepKeys ?? {}, key));

/** The implementation of a step kind; an unknown kind answers with the known ones. */
export function stepKind<K extends StepKindName>(kind: K): StepKinds[K];
export function stepKind(kind: string): StepKinds[StepKindName];
export function stepKind(kind: string): StepKinds[StepKindName] {
  if (!isStepKind(kind)) throw new InputError("E_STEP_KIND", `step kind "${kind}" is not implemented; known kinds: ${listOf(knownStepKinds())}`);
  return KINDS[kind];
}

/**
 * A written step's kind and arguments as `run` takes them. Only the loader calls this, on a
 * document that passed the schema and the checks: that is what the one cast here stands on.
 */
export function normalizeStep(kind: string, written: unknown, beside: StepBeside): StepOf {
  return normalizeAs(stepKind(kind).kind, written, beside);
}

function normalizeAs<K extends StepKindName>(kind: K, written: unknown, beside: StepBeside): StepOf<K> {
  const k: StepKinds[K] = KINDS[kind];
  const args = k.normalize ? k.normalize(written as Static<StepKinds[K]["args"]>, beside) : (written as RunArgs[K]);
  return { kind, args } as StepOf<K>;
}
