import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { EngineFacts, RunEvent } from "../src/report/events.js";
import { jsonReporter } from "../src/report/json-reporter.js";
import { junitReporter } from "../src/report/junit-reporter.js";
import { PlainReporter } from "../src/report/plain-reporter.js";
import { runEvents, scenarioResult, step } from "./support/results.js";

const PODMAN: EngineFacts = { name: "Podman", version: "4.3.1", apiVersion: "1.41", transport: "ssh", endpoint: "ssh://me@127.0.0.1:2222" };

/** The run's events with the engine in the summary, as runLab emits them. */
const events = (engine?: EngineFacts): RunEvent[] =>
  runEvents([scenarioResult({ name: "dns", steps: [step({ index: 0, name: "web finds db" })] })]).map((e) =>
    e.type === "run-end" && engine ? { ...e, summary: { ...e.summary, engine } } : e,
  );

function sink(): { stream: Writable; text(): string } {
  let out = "";
  return { stream: new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) }), text: () => out };
}

describe("every report names the engine", () => {
  it("JSON: summary.engine", async () => {
    const s = sink();
    const r = jsonReporter({ stream: s.stream });
    for (const e of events(PODMAN)) r.onEvent(e);
    await r.close();
    expect(JSON.parse(s.text()).summary.engine).toEqual(PODMAN);
  });

  it("JUnit: lab.engine.* properties on every suite", async () => {
    const s = sink();
    const r = junitReporter({ stream: s.stream });
    for (const e of events(PODMAN)) r.onEvent(e);
    await r.close();
    for (const [name, value] of [
      ["lab.engine", "Podman"],
      ["lab.engine.version", "4.3.1"],
      ["lab.engine.api", "1.41"],
      ["lab.engine.transport", "ssh"],
      ["lab.engine.endpoint", "ssh://me@127.0.0.1:2222"],
    ]) {
      expect(s.text()).toContain(`<property name="${name}" value="${value}"/>`);
    }
  });

  it("plain: one line above the summary; none when no engine was asked", () => {
    const s = sink();
    const r = new PlainReporter(s.stream);
    for (const e of events(PODMAN)) r.onEvent(e);
    const lines = s.text().trimEnd().split("\n");
    expect(lines.at(-2)).toBe("engine: Podman 4.3.1 (API 1.41) over ssh at ssh://me@127.0.0.1:2222");
    const none = sink();
    const r2 = new PlainReporter(none.stream);
    for (const e of events()) r2.onEvent(e);
    expect(none.text()).not.toContain("engine:");
  });
});
