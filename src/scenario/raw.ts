import type { Static } from "@sinclair/typebox";
import type { Container, PortObject } from "./containers-schema.js";
import type { Network } from "./networks-schema.js";
import type { Command } from "./schema-defs.js";
import type { Scenario } from "./scenario-schema.js";

/** The scenario as written in YAML, once the schema has accepted it: the static type of its declaration. */
export type RawScenario = Omit<Static<typeof Scenario>, "steps"> & { steps?: RawStep[] };

export type RawNetwork = Static<typeof Network>;

export type RawCommand = Static<typeof Command>;

export type RawPortObject = Static<typeof PortObject>;

export type RawContainer = Static<typeof Container>;

/** A step as written: the common keys and one kind key, which step-rules.ts checks before anything reads it. */
export type RawStep = Record<string, unknown> & {
  name?: string;
  expect?: "pass" | "fail";
  error?: string;
  reason?: string;
  timeout?: string;
  hint?: string;
  serial?: boolean;
  known_differences?: { podman?: string; docker?: string };
};

/** Keys every step may carry besides its one kind key. */
export const COMMON_STEP_KEYS = ["name", "expect", "error", "reason", "timeout", "hint", "serial", "known_differences"] as const;
