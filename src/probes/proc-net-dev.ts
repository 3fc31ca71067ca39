/** Interface names from /proc/net/dev, which shows the network namespace of whoever reads it. */
export const interfaceNames = (procNetDev: string): string[] =>
  procNetDev
    .split("\n")
    .slice(2)
    .map((l) => l.split(":")[0]!.trim())
    .filter(Boolean)
    .sort();
