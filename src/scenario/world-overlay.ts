import type { RawNetwork } from "./raw.js";
import type { SourceFile } from "./source-file.js";

/**
 * Every container lab makes is a standalone container (`docker run`, not a swarm service),
 * and the engine lets one join an overlay network only when the network was created
 * `--attachable`: otherwise the start fails with "network … not manually attachable". lab
 * does not add the flag behind the file's back (the file reads as `docker network create`
 * would), so an overlay network must say `attachable: true`. See docs/overlay.md.
 */
export function checkOverlay(source: SourceFile, networks: Record<string, RawNetwork | null | undefined>): void {
  for (const [name, n] of Object.entries(networks)) {
    if (n?.driver !== "overlay" || n.attachable === true) continue;
    const given = n.attachable !== undefined;
    source.report(
      "E_OVERLAY_ATTACHABLE",
      ["networks", name, given ? "attachable" : "driver"],
      `network "${name}" is an overlay network${given ? " with attachable: false" : ""}; lab's containers are standalone containers, which the engine lets join an overlay network only when it is attachable: add \`attachable: true\``,
    );
  }
}
