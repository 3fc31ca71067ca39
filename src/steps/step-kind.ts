import type { Static, TSchema } from "@sinclair/typebox";
import type { HostReach } from "../probes/host-connect.js";
import type { StepResult } from "../report/events.js";
import type { EngineName, EngineRef, OutputFacts, Runtime } from "../runtime/runtime.js";
import type { Step } from "../scenario/types.js";
import type { FailureReason } from "../probes/failure-reason.js";
import type { MatrixResult } from "../probes/matrix-result.js";
import type { StepCheck } from "./step-check.js";

/**
 * What a step observed. `ok` is the plain sense of the kind ("it resolved", "the engine
 * accepted"); the runner applies `expect` and retries. `evidence` is what a learner needs
 * to see when the step does not go as expected.
 */
export interface Outcome {
  ok: boolean;
  message: string;
  evidence?: Record<string, string>;
  /** The step could not be checked here (e.g. host PIDs of a remote engine). */
  skipped?: boolean;
  /** Why a network probe failed (probes/failure-reason.ts); the runner says `no-probe` itself for a probe that could not run. */
  reason?: FailureReason;
  /** A reachability matrix's cells (probes/reach.ts), kept in the result for the report's grid. */
  matrix?: MatrixResult;
  /** lab's own rules refused to run the probe (e.g. a `from: host` address beyond loopback): no retry can change that. */
  refused?: boolean;
}

/** What a step may touch: the engine, and the world in the scenario's names. */
export interface StepContext {
  runtime: Runtime;
  world: World;
  signal: AbortSignal;
  /** What `from: host` probes may reach; loopback only when not given. */
  reach?: HostReach;
  /**
   * Milliseconds this attempt may still take: what is left of the step's timeout. A kind
   * passes it on to what can block (an exec, a connection), so that no attempt outlives
   * its step. Absent: no limit beyond the scenario's.
   */
  remainingMs?: () => number;
  /** The engine lab runs on (from `docker version`): a step's `known_differences` for it skips the step. */
  engine?: EngineName;
  /**
   * Runs a step of the kind's own (a task's solution and checks) the way the runner runs any
   * step, with its retries and its result. `once`: a single attempt, no retry (a look at the
   * world as it is now). Given by the runner to every step it runs.
   */
  runStep?(step: Step, o?: { once?: boolean }): Promise<StepResult>;
}

/** The provisioned world, addressed by scenario names. */
export interface World {
  engineIsRemote: boolean;
  /** Engine id of a scenario container. */
  container(name: string): EngineRef;
  /** Engine id of a scenario network, or `bridge` for the default bridge. */
  network(name: string): EngineRef;
  /** A scenario container's alias on user networks, i.e. its own name. */
  aliasesOf(container: string): string[];
  /** Runs argv inside `container`'s network namespace, from the probe container; `find` as the runtime's exec takes it. */
  inNamespace(container: string, argv: string[], timeoutMs?: number, find?: string[]): Promise<ExecResult>;
  /** The target (re)started or stopped: its probe container must be made anew. */
  namespaceChanged(container: string): void;
  /** The engine's refusals name resources by id; this says them in the scenario's names. */
  inScenarioTerms?(text: string): string;
  /** Creates a declared network now (`create_network`), tracked for the teardown; absent in worlds that cannot. */
  createNetwork?(name: string): Promise<EngineRef>;
  /** Creates a declared container now (`create`), tracked for the teardown, its files copied in. */
  createContainer?(name: string): Promise<EngineRef>;
  /** Renames a container (`rename`) to the real name of `to`, which it returns; the scenario name stays the container's. */
  renameContainer?(name: string, to: string): Promise<string>;
  /** Current addresses of a container on every network, for `addresses:` checks. */
  addressesOf(container: string): Promise<string[]>;
  /** The current IP of `container` on a network it shares with `from` (else its first), for `{ ip_of }` targets. */
  addressFor(container: string, from: string): Promise<string | undefined>;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Sizes, cuts and needles found per stream, as the runtime's exec gives them (runtime/output-tail.ts). */
  kept?: { stdout: OutputFacts; stderr: OutputFacts };
}

/**
 * One step kind: one file under probes/ or actions/, one line in the step table. `args` is
 * the TypeBox declaration of what the author writes under the kind's key: the published
 * schema and the static type both come from it. `normalize` turns it, once at load, into
 * what `run` takes (`A`); `check` finds what the schema cannot say (references, regular
 * expressions) and reports it at its position.
 */
export interface StepKind<K extends string = string, S extends TSchema = TSchema, A = Static<S>> {
  kind: K;
  args: S;
  /**
   * Keys this kind brings to its step beside its own (a task's `solution:` and `check:`),
   * declared once like `args`: the schema lists them on every step, the rules refuse them
   * on a step of another kind.
   */
  stepKeys?: Record<string, TSchema>;
  /** Written args to run args; only called on a document that passed the schema and the checks. Default: as written. */
  normalize?(written: Static<S>, beside: StepBeside): A;
  /** Static checks of a written step, with positions. Also called on a document the schema refused: guard what is read. */
  check?(written: Static<S>, c: StepCheck): void;
  /**
   * Probes observe and are retried until they pass; actions change the world once. A kind
   * whose arguments decide (`exec` with or without assertions) gives a function.
   */
  type: StepType | ((args: A) => StepType);
  /** The default step name, e.g. "web resolves db". */
  describe(args: A, expect: Expect): string;
  /** The container whose namespace the step runs in, if any: its probe container is started early. */
  namespace?(args: A): string | undefined;
  /**
   * The observation can succeed for a moment without that being the world's state: a packet
   * that crosses while the engine rewrites its filter rules, a process that a signal has not
   * ended yet. In a `fail` step such a success counts only when it holds on later looks.
   * Only for kinds that a repeat does not change: a connection to a server that accepts a
   * single one is such a change, and that server then looks unreachable.
   */
  confirmSuccess?: true;
  /** A network probe: its failures carry a classified reason, which `reason:` of a `fail` step may require. */
  network?: true;
  /**
   * The step only looks: it changes nothing a later or a concurrent step could see, and may
   * run side by side with other read-only steps expected to pass (src/api/step-batches.ts).
   * Declared by the kind itself, so that a kind that does not say so is a barrier.
   */
  readOnly?: true;
  /** `from: host` runs it from the machine of the engine; other kinds run inside a container only. */
  fromHost?: true;
  run(ctx: StepContext, args: A): Promise<Outcome>;
}

/** What `normalize` sees of its step besides its own key. */
export interface StepBeside {
  /** A key of the step as written, e.g. `hint`. */
  key(name: string): unknown;
  /** A list of steps under `key` (a task's `solution:`), normalised like top-level steps, with their own lines. */
  steps(key: string): Step[];
}

export type StepType = "probe" | "action";
export type Expect = "pass" | "fail";

/** Declares a kind; `A` is inferred from `normalize`, or is the written type. */
export function defineStep<K extends string, S extends TSchema, A = Static<S>>(kind: StepKind<K, S, A>): StepKind<K, S, A> {
  return kind;
}

export const typeOf = <A>(kind: Pick<StepKind<string, TSchema, A>, "type">, args: A): StepType =>
  typeof kind.type === "function" ? kind.type(args) : kind.type;

/** How long a probe's exec in a namespace may take at most, whatever is left of its step (World.inNamespace's default). */
export const NAMESPACE_EXEC_MS = 15_000;

/**
 * What a blocking call of this attempt may take: what is left of the step, at most `capMs`.
 * `floorMs` is what the call needs to give its own answer (a tool's own timeout and the
 * exec around it): cut shorter, "no answer yet" would pass for "no answer", and a `fail`
 * step would pass for the wrong reason. A call bounded by nothing of its own (the command
 * of `exec`) has no floor, so the step's timeout is its limit.
 */
export const attemptMs = (ctx: Pick<StepContext, "remainingMs">, capMs: number, floorMs = 1): number =>
  Math.min(capMs, Math.max(floorMs, ctx.remainingMs?.() ?? capMs));

/** Time an exec in a namespace needs around the tool it runs: starting it, reading its output. */
export const EXEC_MARGIN_MS = 2_000;
