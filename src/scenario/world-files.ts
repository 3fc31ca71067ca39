import { normalize as normalizePath } from "node:path";

/** Where a file cannot be placed: the kernel's own file systems, which the engine mounts over what the image holds. */
const KERNEL_DIRS = ["/proc", "/sys", "/dev"];

/** What is wrong with a `files:` path, in a sentence, or undefined when it can be written. */
export function filePathProblem(path: string): string | undefined {
  if (!path.startsWith("/") || path.split("/").includes("..")) return `file path "${path}" must be absolute and without ".." segments`;
  if (path.replace(/\/+$/, "") === "") return `file path "${path}" is the root directory; give the path of a file, e.g. /etc/app.conf`;
  if (path.endsWith("/"))
    return `file path "${path}" ends with "/", which names a directory; give the path of a file, e.g. ${path.replace(/\/+$/, "")}/app.conf`;
  if (normalizePath(path) !== path) return `file path "${path}" has empty or "." segments; write it as ${normalizePath(path)}`;
  const kernel = KERNEL_DIRS.find((d) => path === d || path.startsWith(`${d}/`));
  if (kernel)
    return `file path "${path}" is under ${kernel}, which the engine mounts over the container's files: the file would never be seen. Put it elsewhere, e.g. /etc or /tmp`;
  return undefined;
}
