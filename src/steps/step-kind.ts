import type { HostReach } from "../probes/host-connect.js";
import type { EngineRef, Runtime } from "../runtime/runtime.js";
import type { Step } from "../scenario/types.js";

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
  /** Runs argv inside `container`'s network namespace, from the probe container. */
  inNamespace(container: string, argv: string[], timeoutMs?: number): Promise<ExecResult>;
  /** The target (re)started or stopped: its probe container must be made anew. */
  namespaceChanged(container: string): void;
  /** The engine's refusals name resources by id; this says them in the scenario's names. */
  inScenarioTerms?(text: string): string;
  /** Current addresses of a container on every network, for `addresses:` checks. */
  addressesOf(container: string): Promise<string[]>;
  /** The current IP of `container` on a network it shares with `from` (else its first), for `{ ip_of }` targets. */
  addressFor(container: string, from: string): Promise<string | undefined>;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** One step kind: one file under probes/ or actions/, one line in its table. */
export interface StepKind<A = unknown> {
  kind: string;
  /**
   * Probes observe and are retried until they pass; actions change the world once. A kind
   * whose arguments decide (`exec` with or without assertions) gives a function.
   */
  type: StepType | ((args: A) => StepType);
  /** The default step name, e.g. "web resolves db". */
  describe(args: A, expect: Step["expect"]): string;
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
  run(ctx: StepContext, args: A): Promise<Outcome>;
}

export type StepType = "probe" | "action";

export const defineStep = <A>(kind: StepKind<A>): StepKind<A> => kind;

export const typeOf = <A>(kind: StepKind<A>, args: A): StepType => (typeof kind.type === "function" ? kind.type(args) : kind.type);
