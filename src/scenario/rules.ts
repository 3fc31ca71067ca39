import { isAbsolute, normalize as normalizePath } from "node:path";
import { listOf, closest } from "./did-you-mean.js";
import { ownNames } from "./own-names.js";
import { checkCycles } from "./world-cycles.js";
import { checkDurations } from "./world-durations.js";
import { filePathProblem } from "./world-files.js";
import { parsePort } from "./port-spec.js";
import { splitCommand } from "./split-command.js";
import { COMMON_STEP_KEYS, type RawContainer, type RawScenario } from "./raw.js";
import type { DocPath, SourceFile } from "./source-file.js";

/** Step kinds that take a container name as their whole argument. */
const CONTAINER_ACTIONS = ["start", "stop", "restart", "kill", "pause", "unpause", "remove"];
/** Probe kinds that may run from the machine of the engine (`from: host`). */
const HOST_PROBES = ["tcp", "http"];
/** The default bridge, by the name the engine gives it. Steps may connect to and disconnect from it. */
export const DEFAULT_BRIDGE = "bridge";

/**
 * The checks the schema cannot express: references between names, and what the engine
 * would only refuse later, at start. Runs on a schema-valid document.
 */
export function checkRules(source: SourceFile, raw: RawScenario, stepKinds: readonly string[]): void {
  const containers = ownNames(raw.containers);
  const networks = ownNames(raw.networks);
  const containerNames = Object.keys(containers);
  const networkNames = Object.keys(networks);

  const container = (path: DocPath, name: unknown, what = "container"): void => {
    if (typeof name !== "string" || name in containers) return;
    source.report("E_UNKNOWN_CONTAINER", path, unknownName(what, name, containerNames));
  };
  const network = (path: DocPath, name: unknown, allowDefault: boolean): void => {
    if (typeof name !== "string" || name in networks || (allowDefault && name === DEFAULT_BRIDGE)) return;
    source.report("E_UNKNOWN_NETWORK", path, unknownName("network", name, networkNames));
  };

  if ("host" in containers) source.report("E_RESERVED", ["containers", "host"], `"host" cannot name a container: \`from: host\` means the machine that runs the engine`, { key: true });

  for (const [name, c] of Object.entries(containers)) {
    const at = (...rest: (string | number)[]): DocPath => ["containers", name, ...rest];
    const attached = c.networks ? (Array.isArray(c.networks) ? c.networks : Object.keys(c.networks)) : [];
    attached.forEach((n, i) => network(Array.isArray(c.networks) ? at("networks", i) : at("networks", n), n, false));
    if (c.network_mode !== undefined && c.networks !== undefined) {
      source.report("E_NETWORK_MODE", at("network_mode"), `container "${name}" has both "network_mode" and "networks"; a container either joins networks or takes a network mode, so keep one of them`, { key: true });
    }
    if (c.network_mode?.startsWith("container:")) {
      const target = c.network_mode.slice("container:".length);
      if (target === name) source.report("E_NETWORK_MODE", at("network_mode"), `container "${name}" cannot share its own network namespace`);
      else if (!(target in containers)) source.report("E_UNKNOWN_CONTAINER", at("network_mode"), unknownName("container", target, containerNames.filter((n) => n !== name), "network_mode"));
      if (c.hostname !== undefined) source.report("E_NETWORK_MODE", at("hostname"), `container "${name}" shares the network namespace of another container, and with it the hostname; the engine refuses "hostname" here`, { key: true });
      if (c.ports?.length) source.report("E_NETWORK_MODE", at("ports"), `container "${name}" shares the network namespace of another container; publish the ports on that container instead`, { key: true });
    }
    (c.ports ?? []).forEach((p, i) => {
      if (typeof p === "string" && !parsePort(p)) source.report("E_PORT", at("ports", i), `port "${p}" is not valid: write HOST:CONTAINER, IP:HOST:CONTAINER or CONTAINER, with an optional /tcp or /udp, ports from 1 to 65535`);
    });
    checkCommand(source, at("command"), c.command);
    checkCommand(source, at("entrypoint"), c.entrypoint);
    checkLinks(source, name, c, containers);
    for (const path of Object.keys(c.files ?? {})) {
      const problem = filePathProblem(path);
      if (problem) source.report("E_PATH", at("files", path), problem, { key: true });
    }
  }

  checkCycles(source, containers);
  checkDurations(source, raw);

  for (const [name, image] of Object.entries(raw.images ?? {})) {
    if (isAbsolute(image.build) || normalizePath(image.build).split(/[\\/]/).includes("..")) {
      source.report("E_PATH", ["images", name, "build"], `build context "${image.build}" must stay inside the scenario's directory: use a relative path without ".."`);
    }
  }

  (raw.steps ?? []).forEach((step, index) => {
    const at = (...rest: (string | number)[]): DocPath => ["steps", index, ...rest];
    const kinds = Object.keys(step).filter((k) => !(COMMON_STEP_KEYS as readonly string[]).includes(k));
    if (kinds.length === 0) {
      source.report("E_STEP_KIND", at(), `step ${index + 1} has no kind; add one of ${listOf(stepKinds)}`);
      return;
    }
    if (kinds.length > 1) {
      source.report("E_STEP_KIND", at(kinds[1]!), `step ${index + 1} has more than one kind (${listOf(kinds, "and")}); a step does one thing, so split it into ${kinds.length} steps`, { key: true });
      return;
    }
    const kind = kinds[0]!;
    if (step.error !== undefined && step.expect !== "fail") {
      source.report("E_ERROR_WITHOUT_FAIL", at("error"), `step ${index + 1} has "error" but does not expect a failure; add \`expect: fail\` or remove "error"`, { key: true });
    }
    if (typeof step.error === "string" && isRegex(step.error)) {
      try {
        new RegExp(step.error.slice(1, -1));
      } catch (e) {
        source.report("E_REGEX", at("error"), `"error" in step ${index + 1} is not a valid regular expression: ${regexProblem(e)}`);
      }
    }
    const args = step[kind];
    if (CONTAINER_ACTIONS.includes(kind)) return container(at(kind), args);
    if (args === null || typeof args !== "object") return;
    const a = args as Record<string, unknown>;
    if (a.from === "host" && !HOST_PROBES.includes(kind)) {
      source.report("E_FROM_HOST", at(kind, "from"), `a "${kind}" probe runs inside a container; \`from: host\` is for ${listOf(HOST_PROBES)} probes`);
    } else if (a.from !== "host") container(at(kind, "from"), a.from);
    container(at(kind, "container"), a.container);
    if (a.host !== null && typeof a.host === "object") container(at(kind, "host", "ip_of"), (a.host as { ip_of?: unknown }).ip_of);
    network(at(kind, "network"), a.network, kind === "connect" || kind === "disconnect");
    if (kind === "inspect" && (a.container === undefined) === (a.network === undefined)) {
      source.report("E_STEP_ARGS", at(kind), `an "inspect" step names exactly one of "container" or "network"`);
    }
    if (kind === "interfaces" && a.only === undefined && a.has === undefined) source.report("E_STEP_ARGS", at(kind), `an "interfaces" step needs "only" or "has"`);
    if (kind === "logs" && a.contains === undefined && a.matches === undefined) source.report("E_STEP_ARGS", at(kind), `a "logs" step needs "contains" or "matches"`);
    if (kind === "inspect" && ["equals", "contains", "matches", "exists"].every((k) => a[k] === undefined)) {
      source.report("E_STEP_ARGS", at(kind), `an "inspect" step needs one of "equals", "contains", "matches" or "exists"`);
    }
    if (Array.isArray(a.addresses)) {
      a.addresses.forEach((addr, i) => {
        if (typeof addr === "string" && !isIp(addr) && !(addr in containers)) source.report("E_UNKNOWN_CONTAINER", at(kind, "addresses", i), unknownName("container", addr, containerNames, "addresses (a container name or an IP address)"));
      });
    }
    for (const key of ["matches"]) if (typeof a[key] === "string") checkRegex(source, at(kind, key), a[key] as string);
    for (const stream of ["stdout", "stderr"]) {
      const m = a[stream] as Record<string, unknown> | undefined;
      if (m && typeof m.matches === "string") checkRegex(source, at(kind, stream, "matches"), m.matches);
    }
    if (kind === "exec") checkCommand(source, at(kind, "command"), a.command);
  });
}

function checkLinks(source: SourceFile, name: string, c: RawContainer, containers: Record<string, RawContainer>): void {
  (c.links ?? []).forEach((link, i) => {
    const path: DocPath = ["containers", name, "links", i];
    const target = link.split(":")[0]!;
    if (!(target in containers)) {
      source.report("E_UNKNOWN_CONTAINER", path, unknownName("container", target, Object.keys(containers).filter((n) => n !== name), "links"));
      return;
    }
    if (target === name) return source.report("E_LINK", path, `container "${name}" cannot link to itself`);
    const mine = networksOf(c);
    const theirs = networksOf(containers[target]!);
    if (mine.length === 0) {
      source.report("E_LINK", path, `container "${name}" has network_mode "${c.network_mode}", which takes no links; links need the default bridge or a user-defined network`);
    } else if (!mine.some((n) => theirs.includes(n))) {
      const where = (ns: string[]): string => (ns.length === 0 ? "no network" : ns.map((n) => (n === DEFAULT_BRIDGE ? "the default bridge" : `"${n}"`)).join(", "));
      source.report("E_LINK", path, `container "${name}" links to "${target}", but they share no network (${name}: ${where(mine)}; ${target}: ${where(theirs)}); the engine would refuse to start it. Put both on the same network`);
    }
  });
}

/** The networks a container joins at creation; the default bridge is `bridge`. */
function networksOf(c: RawContainer): string[] {
  if (c.network_mode === undefined || c.network_mode === "bridge") {
    // Only names: an entry of another type was refused by the schema already, and must not show up in a sentence.
    const joined = (c.networks === undefined ? [] : Array.isArray(c.networks) ? c.networks : Object.keys(c.networks)).filter((n) => typeof n === "string");
    // No network listed (`networks: []` too) is the default bridge, as normalize.ts makes it.
    return joined.length === 0 || c.network_mode === "bridge" ? [DEFAULT_BRIDGE] : joined;
  }
  return [];
}

function checkCommand(source: SourceFile, path: DocPath, command: unknown): void {
  if (typeof command === "string" && !splitCommand(command)) source.report("E_COMMAND", path, `command has an unclosed quote`);
  if ((typeof command === "string" && command.trim() === "") || (Array.isArray(command) && command.length === 0)) source.report("E_COMMAND", path, `command is empty`);
}

function checkRegex(source: SourceFile, path: DocPath, pattern: string): void {
  try {
    new RegExp(pattern);
  } catch (e) {
    source.report("E_REGEX", path, `"${pattern}" is not a valid regular expression: ${regexProblem(e)}`);
  }
}

function unknownName(what: string, name: string, known: string[], inKey?: string): string {
  const guess = closest(name, known);
  const hint = guess ? `; did you mean "${guess}"?` : known.length ? `; the scenario declares ${listOf(known)}` : "; the scenario declares none";
  return `unknown ${what} "${name}"${inKey ? ` in ${inKey}` : ""}${hint}`;
}

export const isRegex = (text: string): boolean => text.length > 2 && text.startsWith("/") && text.endsWith("/");
const isIp = (text: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || text.includes(":");

/** "Unterminated group", without the engine's repetition of the whole pattern. */
const regexProblem = (e: unknown): string => (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "");
