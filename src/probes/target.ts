import type { World } from "../steps/step-kind.js";

/** Where a `tcp` or `ping` goes: a name as written, or `{ ip_of: <container> }`. */
export type Target = string | { ip_of: string };

/** How the step names its target in titles and messages. */
export const targetName = (t: Target): string => (typeof t === "string" ? t : `${t.ip_of}'s IP`);

/** The host to hand to the tool inside `from`: a name stays a name (resolved there); `ip_of` becomes the current IP. */
export async function resolveTarget(world: World, from: string, t: Target): Promise<{ host?: string; shown: string }> {
  if (typeof t === "string") return { host: t, shown: t };
  const ip = await world.addressFor(t.ip_of, from);
  return { host: ip, shown: ip ? `${t.ip_of}'s IP ${ip}` : `${t.ip_of}'s IP` };
}
