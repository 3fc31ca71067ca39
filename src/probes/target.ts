import type { Static } from "@sinclair/typebox";
import type { DocPath } from "../scenario/source-file.js";
import type { Target as TargetSchema } from "../steps/step-args.js";
import type { StepCheck } from "../steps/step-check.js";
import type { World } from "../steps/step-kind.js";

/** Where a `tcp` or `ping` goes: a name as written, or `{ ip_of: <container> }`. */
export type Target = Static<typeof TargetSchema>;

/** How the step names its target in titles and messages. */
export const targetName = (t: Target): string => (typeof t === "string" ? t : `${t.ip_of}'s IP`);

/** `{ ip_of }` names a container of the scenario. */
export const checkTarget = (path: DocPath, t: Target | undefined, c: StepCheck): void => {
  if (t !== null && typeof t === "object") c.container([...path, "ip_of"], t.ip_of);
};

/** The host to hand to the tool inside `from`: a name stays a name (resolved there); `ip_of` becomes the current IP. */
export async function resolveTarget(world: World, from: string, t: Target): Promise<{ host?: string; shown: string }> {
  if (typeof t === "string") return { host: t, shown: t };
  const ip = await world.addressFor(t.ip_of, from);
  return { host: ip, shown: ip ? `${t.ip_of}'s IP ${ip}` : `${t.ip_of}'s IP` };
}
