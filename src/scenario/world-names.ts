import { imageRefProblem } from "./image-ref.js";
import type { RawContainer, RawScenario } from "./raw.js";
import type { DocPath, SourceFile } from "./source-file.js";
import { splitCommand } from "./split-command.js";

/**
 * A DNS label holds at most 63 characters: a longer container name, alias or link alias
 * cannot be looked up, and the engine's own name (`lab-<run>-<scenario>_<name>`) grows
 * with it. Scenario and network names are held to the same bound, so that every real name
 * stays well within what the engine, `docker ps` and interface names handle.
 */
export const MAX_NAME = 63;

/**
 * Names and values the engine would take and then answer differently than written: names
 * too long for DNS, names that differ only by case (DNS ignores case, so `Web` and `web`
 * answer to each other), image references Docker refuses, ports on a container whose
 * network mode publishes none, a shell health check with an unclosed quote, and text that
 * cannot be written as UTF-8.
 */
export function checkNames(source: SourceFile, raw: RawScenario, containers: Record<string, RawContainer>, networks: Record<string, unknown>): void {
  const long = (path: DocPath, what: string, name: string, key = false): void => {
    if (name.length > MAX_NAME)
      source.report("E_NAME", path, `${what} "${short(name)}" is ${name.length} characters long; at most ${MAX_NAME} are allowed (one DNS label)`, { key });
  };
  if (typeof raw.name === "string") long(["name"], "scenario name", raw.name);
  for (const name of Object.keys(networks)) long(["networks", name], "network name", name, true);

  const byLower = new Map<string, string>();
  for (const [name, c] of Object.entries(containers)) {
    const at = (...rest: (string | number)[]): DocPath => ["containers", name, ...rest];
    long(at(), "container name", name, true);
    const other = byLower.get(name.toLowerCase());
    if (other !== undefined)
      source.report(
        "E_NAME",
        at(),
        `container names "${other}" and "${name}" differ only by case; DNS ignores case, so each would answer to both. Give them different names`,
        { key: true },
      );
    else byLower.set(name.toLowerCase(), name);

    if (c.networks && !Array.isArray(c.networks)) {
      for (const [network, a] of Object.entries(c.networks))
        (a?.aliases ?? []).forEach((alias, i) => long(at("networks", network, "aliases", i), "alias", alias));
    }
    (c.links ?? []).forEach((link, i) => {
      const alias = link.split(":")[1];
      if (alias !== undefined) long(at("links", i), "link alias", alias);
    });

    if (typeof c.image === "string") {
      const problem = imageRefProblem(c.image);
      if (problem) source.report("E_IMAGE", at("image"), problem);
    }
    if ((c.network_mode === "host" || c.network_mode === "none") && c.ports?.length) {
      source.report(
        "E_NETWORK_MODE",
        at("ports"),
        `container "${name}" has network_mode "${c.network_mode}", where the engine publishes no ports: ${c.network_mode === "host" ? "its ports are the host's own already" : "it has loopback only"}. Remove "ports"`,
        { key: true },
      );
    }
    checkHealthcheck(source, at("healthcheck", "test"), c.healthcheck?.test);
    checkEnvironment(source, at("environment"), c.environment);
    for (const [path, content] of Object.entries(c.files ?? {})) {
      if (typeof content === "string" && hasLoneSurrogate(content)) {
        source.report(
          "E_TEXT",
          at("files", path),
          `the content of file "${path}" holds half of a UTF-16 surrogate pair (an escape from \\ud800 to \\udfff without its other half), which is no character: it cannot be written as UTF-8 and would arrive as U+FFFD. Write the character itself or its full \\U escape`,
        );
      }
    }
  }
  for (const name of Object.keys(raw.images ?? {})) {
    const problem = imageRefProblem(name);
    if (problem) source.report("E_IMAGE", ["images", name], problem, { key: true });
  }
}

const short = (name: string): string => (name.length > 80 ? `${name.slice(0, 40)}…${name.slice(-20)}` : name);

/** A shell health check (`CMD-SHELL`, or a string) is one shell line: an unclosed quote makes it fail every time, so the container never turns healthy. */
function checkHealthcheck(source: SourceFile, path: DocPath, test: unknown): void {
  const shell = typeof test === "string" ? test : Array.isArray(test) && test[0] === "CMD-SHELL" && typeof test[1] === "string" ? test[1] : undefined;
  const at = typeof test === "string" ? path : [...path, 1];
  if (shell !== undefined && !splitCommand(shell))
    source.report(
      "E_COMMAND",
      at,
      `the health check has an unclosed quote; the shell would refuse it at every check, so the container would never turn healthy`,
    );
  if (Array.isArray(test) && typeof test[0] === "string" && !["CMD", "CMD-SHELL", "NONE"].includes(test[0])) {
    source.report(
      "E_COMMAND",
      [...path, 0],
      `a health check list starts with "CMD", "CMD-SHELL" or "NONE", not "${test[0]}"; the engine would not know how to run it`,
    );
  }
}

/** A list of `KEY=VALUE` that names one key twice keeps only the last: say so. */
function checkEnvironment(source: SourceFile, path: DocPath, env: unknown): void {
  if (!Array.isArray(env)) return;
  const seen = new Map<string, number>();
  env.forEach((entry, i) => {
    if (typeof entry !== "string" || !entry.includes("=")) return;
    const key = entry.slice(0, entry.indexOf("="));
    const first = seen.get(key);
    if (first !== undefined)
      source.report(
        "E_ENVIRONMENT",
        [...path, i],
        `environment variable "${key}" is set twice (entries ${first + 1} and ${i + 1}); only one value can hold, so keep one`,
      );
    else seen.set(key, i);
  });
}

const hasLoneSurrogate = (text: string): boolean => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
