/**
 * `NetworkSettings.Networks` on an inspect document, as Go templates spell it. A segment
 * that is not found as written is tried case-insensitively, and a map key containing dots
 * (a network name, `80/tcp`) can be written as is: the longest key that matches wins. A `*`
 * segment stands for every key (`NetworkSettings.Networks.*.IPAddress`): the value is then
 * the list of what each one holds, since real network names carry the run id.
 */
export function atPath(doc: unknown, path: string): { found: boolean; value: unknown } {
  let node: unknown = doc;
  let rest = path.replace(/^\./, "");
  while (rest !== "") {
    if (node === null || typeof node !== "object") return { found: false, value: undefined };
    if (rest === "*" || rest.startsWith("*.")) {
      const after = rest.slice(2);
      const values = Object.values(node as object).map((child) => (after ? atPath(child, after) : { found: true, value: child }));
      const found = values.filter((v) => v.found).map((v) => v.value);
      return { found: found.length > 0, value: found };
    }
    const keys = Object.keys(node as object);
    const key = keys
      .filter((k) => rest === k || rest.startsWith(`${k}.`) || rest.toLowerCase() === k.toLowerCase() || rest.toLowerCase().startsWith(`${k.toLowerCase()}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (key === undefined) {
      const index = /^(\d+)(?:\.|$)/.exec(rest);
      if (Array.isArray(node) && index) {
        node = node[Number(index[1])];
        rest = rest.slice(index[0].length);
        continue;
      }
      return { found: false, value: undefined };
    }
    node = (node as Record<string, unknown>)[key];
    rest = rest.slice(key.length).replace(/^\./, "");
  }
  return { found: node !== undefined, value: node };
}
