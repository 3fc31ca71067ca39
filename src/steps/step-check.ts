import type { DocPath } from "../scenario/source-file.js";

/**
 * What a kind's static check may do: report at a path below its own key, and the shared
 * checks of names and patterns. The loader gives one per step; every method ignores a value
 * of the wrong type, which the schema has reported already.
 */
export interface StepCheck {
  /** 0-based index of the step, for messages such as "step 3". */
  index: number;
  report(code: string, path: DocPath, message: string, options?: { key?: boolean }): void;
  /** `name` must be a container of the scenario (`what` names the role in the message). */
  container(path: DocPath, name: unknown, what?: string): void;
  /** `name` must be a network of the scenario, or the default bridge when `allowDefault`. */
  network(path: DocPath, name: unknown, allowDefault: boolean): void;
  /** `from`: a container, or `host` for a kind declared `fromHost`. */
  from(path: DocPath, from: unknown): void;
  /** A container name or an IP address (`addresses:` of resolve). */
  containerOrIp(path: DocPath, value: unknown): void;
  /** A pattern in lab's dialect that the bounded engine can run (docs/scenario-format.md). */
  regex(path: DocPath, pattern: unknown): void;
  /** Another key of the same step as written (`expect`, a task's `check:`), unchecked. */
  beside(key: string): unknown;
  /** A command string that splits into words (balanced quotes). */
  command(path: DocPath, command: unknown): void;
}
