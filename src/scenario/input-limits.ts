import type { SourceFile } from "./source-file.js";

/**
 * How much one scenario file may hold. Far above any real lab (the largest shipped one is
 * 4 KB, 14 steps), and low enough that validating the largest allowed file stays in
 * seconds and in a few hundred MB: without them a 50 MB file took 1.8 GB to validate.
 */
export const LIMITS = {
  bytes: 4 * 1024 * 1024,
  steps: 10_000,
  containers: 1_000,
  networks: 1_000,
  images: 1_000,
} as const;

export const formatBytes = (n: number): string =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`;

/** The message for a file over the byte limit (said before its text is even read when the size is known). */
export const tooManyBytes = (size: number): string =>
  `the file is ${formatBytes(size)}; a scenario file may be at most ${formatBytes(LIMITS.bytes)} (limit on bytes)`;

/** Steps, containers, networks and images beyond their limits: one finding each, at its key. */
export function checkCounts(source: SourceFile, data: unknown): void {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return;
  const doc = data as Record<string, unknown>;
  const counted: [keyof typeof LIMITS, string][] = [
    ["steps", "steps"],
    ["containers", "containers"],
    ["networks", "networks"],
    ["images", "images"],
  ];
  for (const [key, word] of counted) {
    const value = Object.hasOwn(doc, key) ? doc[key] : undefined;
    const n = Array.isArray(value) ? value.length : value !== null && typeof value === "object" ? Object.keys(value).length : 0;
    if (n > LIMITS[key])
      source.report("E_LIMIT", [key], `the scenario has ${n} ${word}; at most ${LIMITS[key]} are allowed (limit on ${word}); split it into several scenarios`, {
        key: true,
      });
  }
}
