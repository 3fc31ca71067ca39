// A scenario's name passed where the engine's name or id belongs does not compile: the
// compiler, not a review, keeps `web` from reaching the engine for `lab-3f9a1c-dns-web`.
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const runtimeFile = fileURLToPath(new URL("../src/runtime/runtime.ts", import.meta.url));

/** The compiler's errors for `body`, checked against the real runtime.ts. */
function errorsOf(body: string): string[] {
  const snippet = fileURLToPath(new URL("./snippet.ts", import.meta.url));
  const source = `import { engineRef, type EngineRef, type Runtime, type ContainerInfo } from "${runtimeFile.replace(/\.ts$/, ".js")}";\ndeclare const runtime: Runtime;\ndeclare const info: ContainerInfo;\nexport async function f(scenarioName: string) {\n${body}\n}\n`;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => (name === snippet ? source : read(name));
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => name === snippet || exists(name);
  const program = ts.createProgram([snippet], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

// A compile takes seconds on a busy machine: the limit is about hangs, not speed.
describe("EngineRef", { timeout: 60_000 }, () => {
  it("refuses a scenario name where the runtime wants the engine's", () => {
    const errors = errorsOf("await runtime.inspectContainer(scenarioName);");
    expect(errors.join("\n")).toMatch(/Argument of type 'string' is not assignable to parameter of type 'EngineRef'/);
  });

  it("accepts an engine ref, and an engine ref is still a string to print", () => {
    expect(
      errorsOf(
        "const id: EngineRef = engineRef(`lab-1-s-${scenarioName}`);\nawait runtime.lifecycle(id, 'start');\nawait runtime.exec(info.id, ['true']);\nconst text: string = info.name;\nvoid text;",
      ),
    ).toEqual([]);
  });
});
