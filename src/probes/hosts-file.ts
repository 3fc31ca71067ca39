/** `/etc/hosts` lines that name `name`, as a libc resolver would match them. */
export function hostsEntries(hosts: string, name: string): { ip: string; line: string }[] {
  const wanted = name.toLowerCase();
  return hosts
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter(Boolean)
    .flatMap((line) => {
      const [ip, ...names] = line.split(/\s+/);
      return names.some((n) => n.toLowerCase() === wanted) ? [{ ip: ip!, line }] : [];
    });
}

/** The nameservers of a resolv.conf, in order. */
export const nameservers = (resolvConf: string): string[] =>
  resolvConf
    .split("\n")
    .map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1])
    .filter((s): s is string => s !== undefined);
