/** The labels lab puts on everything it creates; `lab clean` and teardown select by them. */
export const LABEL = {
  run: "io.lab.run",
  scenario: "io.lab.scenario",
  name: "io.lab.name",
  role: "io.lab.role",
} as const;

export const labelsFor = (runId: string, scenario: string, name: string, role = "scenario"): Record<string, string> => ({
  [LABEL.run]: runId,
  [LABEL.scenario]: scenario,
  [LABEL.name]: name,
  [LABEL.role]: role,
});

/** `lab-<run>-<scenario>-<name>`: unique per run, still readable in `docker ps`. */
export const realName = (runId: string, scenario: string, name: string): string => `lab-${runId}-${scenario}-${name}`;
