/**
 * Docker's image reference grammar (distribution/reference): `[DOMAIN/]PATH[:TAG][@DIGEST]`.
 * A PATH component is lowercase; a DOMAIN (the first component, when it holds a `.` or a
 * `:`, or is `localhost`) may carry a port. The engine refuses anything else with "invalid
 * reference format"; lab says which part is wrong, before any engine call.
 */

const MAX_NAME = 255;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** What is wrong with an image reference, in a sentence, or undefined when Docker accepts it. */
export function imageRefProblem(ref: string): string | undefined {
  const say = (why: string): string => `image "${ref}" is not a valid image reference: ${why}`;
  if (ref.length === 0) return say("it is empty");
  if (ref.length > 512) return say(`it is ${ref.length} characters long`);
  if (/\s/.test(ref)) return say("it contains white space");
  let rest = ref;
  const at = rest.indexOf("@");
  if (at >= 0) {
    const digest = rest.slice(at + 1);
    if (!DIGEST.test(digest)) return say(`the digest "${digest}" is not ALGORITHM:HEX, such as sha256: and 64 hex digits`);
    rest = rest.slice(0, at);
  }
  // A tag follows the last `:` after the last `/`; a `:` before it belongs to a domain's port.
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    const tag = rest.slice(colon + 1);
    if (!TAG.test(tag)) return say(`the tag "${tag}" must be letters, digits, '_', '.' and '-' (not starting with '.' or '-'), at most 128 characters`);
    rest = rest.slice(0, colon);
  }
  if (rest.length === 0) return say("it has no name");
  if (rest.length > MAX_NAME) return say(`the name is ${rest.length} characters long; at most ${MAX_NAME} are allowed`);
  const parts = rest.split("/");
  const first = parts[0]!;
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    const [host, port, extra] = first.split(":");
    if (extra !== undefined || !host!.split(".").every((c) => DOMAIN_COMPONENT.test(c)) || (port !== undefined && !/^\d+$/.test(port))) {
      return say(`the registry "${first}" is not a host name with an optional :PORT`);
    }
    parts.shift();
  }
  for (const part of parts) {
    if (PATH_COMPONENT.test(part)) continue;
    if (PATH_COMPONENT.test(part.toLowerCase())) return say(`repository names are lowercase; write "${ref.replace(part, part.toLowerCase())}"`);
    return say(
      part === ""
        ? "it has an empty path component (two '/' in a row, or one at an end)"
        : `"${part}" must be lowercase letters and digits, separated by '.', '_', '__' or dashes`,
    );
  }
  return undefined;
}
