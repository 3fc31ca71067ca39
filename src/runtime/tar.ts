/**
 * A minimal ustar writer for copying `files:` into a container before it starts. The
 * Engine API takes a tar archive; the files are small text, so an in-memory buffer fits.
 */
export function tarOf(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  const dirs = new Set<string>();
  for (const path of Object.keys(files)) {
    const parts = path.replace(/^\/+/, "").split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join("/") + "/");
  }
  for (const dir of [...dirs].sort()) blocks.push(header(dir, 0, "5", 0o755));
  for (const [path, content] of Object.entries(files)) {
    const body = Buffer.from(content, "utf8");
    blocks.push(header(path.replace(/^\/+/, ""), body.length, "0", 0o644), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function header(name: string, size: number, type: string, mode: number): Buffer {
  const h = Buffer.alloc(512);
  const [prefix, base] = name.length > 100 ? [name.slice(0, name.lastIndexOf("/", 155)), name.slice(name.lastIndexOf("/", 155) + 1)] : ["", name];
  h.write(base, 0, 100, "utf8");
  h.write(octal(mode, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(Math.floor(Date.now() / 1000), 12), 136);
  h.write("        ", 148);
  h.write(type, 156);
  h.write("ustar\u000000", 257);
  h.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(octal(sum, 8), 148);
  return h;
}

const octal = (n: number, width: number): string => n.toString(8).padStart(width - 1, "0") + "\0";
