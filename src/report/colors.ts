/**
 * ANSI styles, or none, decided as the Node ecosystem does (Node's own tty, supports-color):
 * FORCE_COLOR wins when set (0 or "false" off; 1, 2, 3, "true" or "" on, even when piped);
 * otherwise NO_COLOR (any value but "", as no-color.org says), TERM=dumb or a stream that is
 * not a terminal turn colours off.
 */
export interface Colors {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export function colorsOn(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === "0" || force === "false");
  return !!stream.isTTY && !env.NO_COLOR && env.TERM !== "dumb";
}

export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Colors {
  const on = colorsOn(stream, env);
  const wrap = (open: number, close: number) => (s: string) => (on ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}
