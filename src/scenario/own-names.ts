/**
 * The map of a scenario's declared names, holding only what the file declares: a plain
 * object also answers `in` and `[]` for `constructor`, `toString`, `__proto__` and the rest
 * of Object.prototype, so that an undeclared `constructor` would pass as declared.
 */
export function ownNames<T>(map: Record<string, T> | undefined): Record<string, T> {
  const own = Object.create(null) as Record<string, T>;
  for (const key of Object.keys(map ?? {})) own[key] = map![key]!;
  return own;
}
