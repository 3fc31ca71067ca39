import { currentOwner } from "./owner.js";

/** The labels lab puts on everything it creates; `lab clean` and teardown select by them. */
export const LABEL = {
  run: "io.lab.run",
  scenario: "io.lab.scenario",
  name: "io.lab.name",
  role: "io.lab.role",
  /** The owner of the run: `lab clean` without options removes only runs whose process is gone. */
  ownerHost: "io.lab.owner.host",
  ownerPid: "io.lab.owner.pid",
  ownerStart: "io.lab.owner.start",
} as const;

export const labelsFor = (runId: string, scenario: string, name: string, role = "scenario"): Record<string, string> => {
  const owner = currentOwner();
  return {
    [LABEL.run]: runId,
    [LABEL.scenario]: scenario,
    [LABEL.name]: name,
    [LABEL.role]: role,
    [LABEL.ownerHost]: owner.host,
    [LABEL.ownerPid]: String(owner.pid),
    [LABEL.ownerStart]: owner.start,
  };
};

/**
 * `lab-<run>-<scenario>--<name>`: unique per run, still readable in `docker ps`. A scenario
 * name has single dashes only and never ends in one, and a name starts with a letter or a
 * digit, so the first `--` ends the scenario: `pc` + `x-y` and `pc-x` + `y` stay apart.
 */
export const realName = (runId: string, scenario: string, name: string): string => `lab-${runId}-${scenario}--${name}`;

/**
 * A probe container in the namespace of `name`: `lab-<run>-<scenario>.probe<N>--<name>`. The
 * mark sits before the `--`, where no scenario name can put a `.`, so that no container of
 * any scenario (`web-probe1` included) can have a probe's name.
 */
export const probeName = (runId: string, scenario: string, name: string, generation: number): string => `lab-${runId}-${scenario}.probe${generation}--${name}`;

/** The scenario's name for a real name of this run and scenario: what follows the first `--`. */
export const scenarioNameOf = (runId: string, scenario: string, real: string): string => {
  const start = `lab-${runId}-${scenario}`;
  if (!real.startsWith(start)) return real;
  const at = real.indexOf("--", start.length);
  return at < 0 ? real : real.slice(at + 2);
};
