/** Addresses of the answer section of busybox `nslookup`: the lines after the first `Name:`. */
export function nslookupAnswers(output: string): string[] {
  const lines = output.split("\n");
  const start = lines.findIndex((l) => /^Name:/.test(l.trim()));
  if (start < 0) return [];
  return lines
    .slice(start)
    .map((l) => /^Address(?:\s+\d+)?:\s*([0-9a-fA-F.:]+)\s*$/.exec(l.trim())?.[1])
    .filter((s): s is string => s !== undefined);
}

/** The reason busybox gave for not finding a name ("NXDOMAIN", "No answer", a timeout). */
export const nslookupFailure = (output: string): string | undefined =>
  /\*\* server can't find [^:]+: (.+)/.exec(output)?.[1]?.trim() ?? /(connection timed out|no servers could be reached|bad address)/i.exec(output)?.[1];
