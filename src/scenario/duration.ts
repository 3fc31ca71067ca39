const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/** `500ms`, `10s`, `2m`, `1h` -> milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = PATTERN.exec(text.trim());
  return m ? Math.round(Number(m[1]) * UNITS[m[2] as keyof typeof UNITS]) : undefined;
}

/** 1500 -> `1.5s`, 120000 -> `2m`: how limits are spoken of in messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  return `${Number((ms / 60_000).toFixed(1))}m`;
}
