import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * A minimal LSP client for the real yaml-language-server over stdio (JSON-RPC with
 * Content-Length framing): what an editor does to show hover help, completion and
 * diagnostics from a `# yaml-language-server: $schema=...` header.
 */
export interface YamlLanguageServer {
  open(path: string, text: string): Promise<string>;
  hover(uri: string, line: number, character: number): Promise<string>;
  completion(uri: string, line: number, character: number): Promise<string[]>;
  /** The next diagnostics published for `uri` (the server validates after each open). */
  diagnostics(uri: string): Promise<{ message: string; line: number; character: number }[]>;
  close(): Promise<void>;
}

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
}

const serverBin = (): string => {
  const pkg = createRequire(import.meta.url).resolve("yaml-language-server/package.json");
  return join(dirname(pkg), "bin", "yaml-language-server");
};

export async function startYamlLanguageServer(): Promise<YamlLanguageServer> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [serverBin(), "--stdio"], { stdio: "pipe" });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const published = new Map<string, { message: string; range: { start: { line: number; character: number } } }[][]>();
  const waiting = new Map<string, (d: unknown) => void>();
  let buffer = Buffer.alloc(0);

  const send = (m: Message): void => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...m }), "utf8");
    child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, "ascii"), body]));
  };
  const request = (method: string, params: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      send({ id, method, params });
    });

  const settings = { yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false } } };
  const onMessage = (m: Message): void => {
    if (m.id !== undefined && m.method === undefined) {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.reject(new Error(m.error.message));
      else p?.resolve(m.result);
      return;
    }
    // Requests from the server: its settings, and registrations it asks for.
    if (m.id !== undefined) {
      const items = (m.params as { items?: { section?: string }[] } | undefined)?.items ?? [];
      const result = m.method === "workspace/configuration" ? items.map((i) => (i.section === "yaml" ? settings.yaml : i.section ? null : settings)) : null;
      send({ id: m.id, result });
      return;
    }
    if (m.method === "textDocument/publishDiagnostics") {
      const { uri, diagnostics } = m.params as { uri: string; diagnostics: { message: string; range: { start: { line: number; character: number } } }[] };
      const waiter = waiting.get(uri);
      if (waiter) {
        waiting.delete(uri);
        waiter(diagnostics);
      } else published.set(uri, [...(published.get(uri) ?? []), diagnostics]);
    }
  };

  child.stdout.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString("ascii"))?.[1]);
      if (buffer.length < end + 4 + length) return;
      const body = buffer.subarray(end + 4, end + 4 + length).toString("utf8");
      buffer = buffer.subarray(end + 4 + length);
      onMessage(JSON.parse(body) as Message);
    }
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  await request("initialize", {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      textDocument: { hover: { contentFormat: ["markdown", "plaintext"] }, completion: { completionItem: { snippetSupport: true } }, publishDiagnostics: {} },
      workspace: { configuration: true },
    },
    initializationOptions: settings,
  });
  send({ method: "initialized", params: {} });
  send({ method: "workspace/didChangeConfiguration", params: { settings } });

  const texts = (contents: unknown): string =>
    typeof contents === "string" ? contents : Array.isArray(contents) ? contents.map(texts).join("\n") : ((contents as { value?: string } | null)?.value ?? "");

  return {
    async open(path, text) {
      const uri = pathToFileURL(path).href;
      send({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "yaml", version: 1, text } } });
      return uri;
    },
    async hover(uri, line, character) {
      const r = (await request("textDocument/hover", { textDocument: { uri }, position: { line, character } })) as { contents?: unknown } | null;
      return texts(r?.contents);
    },
    async completion(uri, line, character) {
      const r = (await request("textDocument/completion", { textDocument: { uri }, position: { line, character } })) as
        { items?: { label: string }[] } | { label: string }[] | null;
      return (Array.isArray(r) ? r : (r?.items ?? [])).map((i) => i.label);
    },
    diagnostics(uri) {
      const toPlain = (ds: { message: string; range: { start: { line: number; character: number } } }[]) =>
        ds.map((d) => ({ message: d.message, line: d.range.start.line, character: d.range.start.character }));
      const already = published.get(uri)?.shift();
      if (already) return Promise.resolve(toPlain(already));
      return new Promise((resolve) => waiting.set(uri, (d) => resolve(toPlain(d as never))));
    },
    async close() {
      await request("shutdown", null).catch(() => undefined);
      send({ method: "exit" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
