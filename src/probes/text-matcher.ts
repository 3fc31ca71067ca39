/** `{ contains | matches | equals }` on a text, as `exec`, `logs` and `http` use it. */
export interface TextMatcher {
  contains?: string;
  matches?: string;
  equals?: string;
}

/** Undefined when the text matches; otherwise what was expected, for the message. */
export function mismatch(text: string, m: TextMatcher): string | undefined {
  if (m.contains !== undefined && !text.includes(m.contains)) return `to contain ${JSON.stringify(m.contains)}`;
  if (m.matches !== undefined && !new RegExp(m.matches, "m").test(text)) return `to match /${m.matches}/`;
  if (m.equals !== undefined && text.trimEnd() !== m.equals.trimEnd()) return `to equal ${JSON.stringify(m.equals)}`;
  return undefined;
}

/** The end of a long output: evidence stays readable. */
export const tail = (text: string, lines = 15): string => {
  const all = text.trimEnd().split("\n");
  return (all.length > lines ? ["…", ...all.slice(-lines)] : all).join("\n") || "(empty)";
};
