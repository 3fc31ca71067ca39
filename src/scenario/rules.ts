import { isAbsolute, normalize as normalizePath } from "node:path";
import { listOf, closest } from "./did-you-mean.js";
import { ownNames } from "./own-names.js";
import { checkCycles } from "./world-cycles.js";
import { checkDurations } from "./world-durations.js";
import { filePathProblem } from "./world-files.js";
import { parsePort } from "./port-spec.js";
import { splitCommand } from "./split-command.js";
import { reportRefusal } from "./engine-refusals.js";
import { type RawContainer, type RawNetwork, type RawScenario } from "./raw.js";
import type { DocPath, SourceFile } from "./source-file.js";
import { checkSteps } from "./step-rules.js";
import { checkAddresses } from "./world-address-rules.js";
import { checkNames } from "./world-names.js";
import { checkOverlay } from "./world-overlay.js";

/** The default bridge, by the name the engine gives it. Steps may connect to and disconnect from it. */
export const DEFAULT_BRIDGE = "bridge";

/** A name the file uses without declaring it: in check mode, one of the world that already exists. */
export interface Reference {
  kind: "container" | "network";
  name: string;
  path: DocPath;
}

export interface RuleOptions {
  /**
   * `lab check`: the world exists already, so a container or network the file names without
   * declaring it is one of the engine's, not a mistake; each such use is handed to `referenced`.
   */
  openWorld?: boolean;
  referenced?(reference: Reference): void;
}

/**
 * The checks the schema cannot express: references between names, and what the engine
 * would only refuse later, at start. Runs on a schema-valid document.
 */
export function checkRules(source: SourceFile, raw: RawScenario, stepKinds: readonly string[], options: RuleOptions = {}): void {
  const containers = ownNames(raw.containers);
  const networks = ownNames(raw.networks);
  const containerNames = Object.keys(containers);
  const networkNames = Object.keys(networks);
  const open = options.openWorld ?? false;
  const refer = (kind: Reference["kind"], name: string, path: DocPath): void => options.referenced?.({ kind, name, path });

  const container = (path: DocPath, name: unknown, what = "container"): void => {
    if (typeof name !== "string") return;
    refer("container", name, path);
    if (name in containers || open) return;
    source.report("E_UNKNOWN_CONTAINER", path, unknownName(what, name, containerNames));
  };
  const network = (path: DocPath, name: unknown, allowDefault: boolean): void => {
    if (typeof name !== "string") return;
    refer("network", name, path);
    if (name in networks || (allowDefault && name === DEFAULT_BRIDGE) || open) return;
    source.report("E_UNKNOWN_NETWORK", path, unknownName("network", name, networkNames));
  };

  if ("host" in containers)
    source.report("E_RESERVED", ["containers", "host"], `"host" cannot name a container: \`from: host\` means the machine that runs the engine`, { key: true });

  for (const [name, c] of Object.entries(containers)) {
    const at = (...rest: (string | number)[]): DocPath => ["containers", name, ...rest];
    const attached = c.networks ? (Array.isArray(c.networks) ? c.networks : Object.keys(c.networks)) : [];
    attached.forEach((n, i) => network(Array.isArray(c.networks) ? at("networks", i) : at("networks", n), n, false));
    if (c.network_mode !== undefined && c.networks !== undefined) {
      source.report(
        "E_NETWORK_MODE",
        at("network_mode"),
        `container "${name}" has both "network_mode" and "networks"; a container either joins networks or takes a network mode, so keep one of them`,
        { key: true },
      );
    }
    if (c.network_mode?.startsWith("container:")) {
      const target = c.network_mode.slice("container:".length);
      if (target === name) source.report("E_NETWORK_MODE", at("network_mode"), `container "${name}" cannot share its own network namespace`);
      else if (!(target in containers)) {
        refer("container", target, at("network_mode"));
        if (!open)
          source.report(
            "E_UNKNOWN_CONTAINER",
            at("network_mode"),
            unknownName(
              "container",
              target,
              containerNames.filter((n) => n !== name),
              "network_mode",
            ),
          );
      }
      // What the engine refuses at create for a container that shares another's namespace (with it
      // that container's hostname, resolv.conf, hosts file and ports), in its own words.
      const refused = (key: string, what: string, instead: string): void =>
        reportRefusal(
          source,
          raw,
          { kind: "container", name, phase: "create" },
          "E_NETWORK_MODE",
          at(key),
          `container "${name}" shares the network namespace of another container, where the engine refuses ${what} ("conflicting options"); ${instead}`,
          { key: true },
        );
      if (c.hostname !== undefined && c.hostname !== false) refused("hostname", "a hostname of its own", "the namespace's owner sets the hostname");
      if (c.ports?.length) refused("ports", "published ports", "publish them on the namespace's owner");
      if (c.dns !== undefined) refused("dns", "DNS servers (`dns`)", "give them to the namespace's owner");
      if (c.extra_hosts !== undefined) refused("extra_hosts", "host entries (`extra_hosts`)", "give them to the namespace's owner");
    }
    checkStartsWithoutItsNetworks(source, raw, name, c, networks);
    (c.ports ?? []).forEach((p, i) => {
      if (typeof p === "string" && !parsePort(p))
        source.report(
          "E_PORT",
          at("ports", i),
          `port "${p}" is not valid: write HOST:CONTAINER, IP:HOST:CONTAINER or CONTAINER, with an optional /tcp or /udp, ports from 1 to 65535`,
        );
    });
    checkCommand(source, at("command"), c.command);
    checkCommand(source, at("entrypoint"), c.entrypoint);
    checkLinks(source, raw, name, c, containers, open ? (target, path) => refer("container", target, path) : undefined);
    for (const path of Object.keys(c.files ?? {})) {
      const problem = filePathProblem(path);
      if (problem) source.report("E_PATH", at("files", path), problem, { key: true });
    }
  }

  checkCycles(source, containers);
  checkDurations(source, raw);
  checkAddresses(source, raw, containers, networks);
  checkNames(source, raw, containers, networks);
  checkOverlay(source, networks);

  for (const [name, image] of Object.entries(raw.images ?? {})) {
    if (isAbsolute(image.build) || normalizePath(image.build).split(/[\\/]/).includes("..")) {
      source.report(
        "E_PATH",
        ["images", name, "build"],
        `build context "${image.build}" must stay inside the scenario's directory: use a relative path without ".."`,
      );
    }
    if (typeof image.dockerfile === "string" && (isAbsolute(image.dockerfile) || normalizePath(image.dockerfile).split(/[\\/]/).includes(".."))) {
      source.report(
        "E_PATH",
        ["images", name, "dockerfile"],
        `Dockerfile "${image.dockerfile}" must be inside the build context "${image.build}": the engine only sees the context's files. Give a path relative to the context, without ".."`,
      );
    }
  }

  checkSteps(source, raw, { container, network, containerNames, open }, stepKinds);
}

/** `external`: in check mode, a link to a container the file does not declare is to one of the engine's. */
function checkLinks(
  source: SourceFile,
  raw: RawScenario,
  name: string,
  c: RawContainer,
  containers: Record<string, RawContainer>,
  external?: (target: string, path: DocPath) => void,
): void {
  (c.links ?? []).forEach((link, i) => {
    const path: DocPath = ["containers", name, "links", i];
    const target = link.split(":")[0]!;
    if (!(target in containers) && external) {
      if (target !== name) external(target, path);
      else source.report("E_LINK", path, `container "${name}" cannot link to itself`);
      return;
    }
    if (!(target in containers)) {
      source.report(
        "E_UNKNOWN_CONTAINER",
        path,
        unknownName(
          "container",
          target,
          Object.keys(containers).filter((n) => n !== name),
          "links",
        ),
      );
      return;
    }
    if (target === name) return source.report("E_LINK", path, `container "${name}" cannot link to itself`);
    const mine = networksOf(c);
    const theirs = networksOf(sharedNamespaceOf(containers[target]!, containers));
    if (mine.length === 0 && c.network_mode !== "none") {
      reportRefusal(
        source,
        raw,
        { kind: "container", name, phase: "create" },
        "E_LINK",
        path,
        `container "${name}" has network_mode "${c.network_mode}", and the engine refuses links there ("conflicting options"); links need the default bridge or a user-defined network`,
      );
    } else if (mine.length === 0) {
      // The engine takes this link and does nothing with it: said here, since nothing would show it.
      source.report(
        "E_LINK",
        path,
        `container "${name}" has network_mode "none", which takes no links; links need the default bridge or a user-defined network`,
      );
    } else if (mine.length === 1 && mine[0] === DEFAULT_BRIDGE && !theirs.includes(DEFAULT_BRIDGE)) {
      // Only a legacy link is refused by the engine (at start, "does not belong to the default network"); on a
      // user network a link to a container elsewhere is accepted and simply does not resolve.
      const where = (ns: string[]): string =>
        ns.length === 0 ? "no network" : ns.map((n) => (n === DEFAULT_BRIDGE ? "the default bridge" : `"${n}"`)).join(", ");
      reportRefusal(
        source,
        raw,
        { kind: "container", name, phase: "start" },
        "E_LINK",
        path,
        `container "${name}" links to "${target}", but they share no network (${name}: ${where(mine)}; ${target}: ${where(theirs)}); the engine would refuse to start it. Put both on the same network`,
      );
    }
  });
}

/** A container in `network_mode: container:X` is linked through X's namespace: X's networks are the ones that count. Cycles are refused elsewhere. */
function sharedNamespaceOf(c: RawContainer, containers: Record<string, RawContainer>, seen = new Set<RawContainer>()): RawContainer {
  const owner = c.network_mode?.startsWith("container:") ? containers[c.network_mode.slice("container:".length)] : undefined;
  if (!owner || seen.has(c)) return c;
  seen.add(c);
  return sharedNamespaceOf(owner, containers, seen);
}

/**
 * A container that starts with the world cannot join a network the world does not create
 * (`create: false`): the engine takes it at create and refuses it at start ("network ... not found").
 */
function checkStartsWithoutItsNetworks(source: SourceFile, raw: RawScenario, name: string, c: RawContainer, networks: Record<string, RawNetwork | null>): void {
  if (c.networks === undefined || c.create === false || c.start === false) return;
  const list = Array.isArray(c.networks) ? c.networks : Object.keys(c.networks);
  list.forEach((n, i) => {
    if (typeof n !== "string" || networks[n]?.create !== false || !Object.hasOwn(networks, n)) return;
    reportRefusal(
      source,
      raw,
      { kind: "container", name, phase: "start" },
      "E_NETWORK_LATER",
      Array.isArray(c.networks) ? ["containers", name, "networks", i] : ["containers", name, "networks", n],
      `container "${name}" starts with the world on network "${n}", which is declared \`create: false\` and does not exist yet; the engine would refuse to start it. Declare "${name}" \`create: false\` too and create it in a step after \`create_network: ${n}\``,
      { key: !Array.isArray(c.networks) },
    );
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

export function checkCommand(source: SourceFile, path: DocPath, command: unknown): void {
  if (typeof command === "string" && !splitCommand(command)) source.report("E_COMMAND", path, `command has an unclosed quote`);
  if ((typeof command === "string" && command.trim() === "") || (Array.isArray(command) && command.length === 0))
    source.report("E_COMMAND", path, `command is empty`);
}

export function unknownName(what: string, name: string, known: string[], inKey?: string): string {
  const guess = closest(name, known);
  const hint = guess ? `; did you mean "${guess}"?` : known.length ? `; the scenario declares ${listOf(known)}` : "; the scenario declares none";
  return `unknown ${what} "${name}"${inKey ? ` in ${inKey}` : ""}${hint}`;
}
