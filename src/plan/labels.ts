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

/** `lab-<run>-<scenario>-<name>`: unique per run, still readable in `docker ps`. */
export const realName = (runId: string, scenario: string, name: string): string => `lab-${runId}-${scenario}-${name}`;
