import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../errors.js";
import { SCHEMA_URL } from "../scenario/schema-url.js";

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * `lab new NAME [--dir DIR]`: a starter scenario that validates and runs green, in
 * DIR/NAME.yaml. Its schema header is the path from the new file to the schema of this lab,
 * relative, so it resolves in an editor wherever the file is and keeps resolving when the
 * folder moves together with lab (docs/cli.md). An existing file is never overwritten.
 */
export async function newCommand(name: string, o: { dir?: string }): Promise<number> {
  if (!NAME.test(name))
    throw new InputError("E_USAGE", `"${name}" is not a scenario name: use lowercase letters and digits, with single dashes between words, e.g. my-first-lab`);
  const file = join(o.dir ?? ".", `${name}.yaml`);
  const full = resolve(file);
  await mkdir(dirname(full), { recursive: true }).catch((error: Error) => {
    throw new InputError("E_OUTPUT", `cannot create ${dirname(file)}: ${error.message}`);
  });
  try {
    await writeFile(full, starter(name, schemaHeader(dirname(full))), { flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new InputError("E_EXISTS", `${file} already exists; lab new never overwrites a file. Choose another name, or remove it first.`);
    throw new InputError("E_OUTPUT", `cannot write ${file}: ${(error as Error).message}`);
  }
  process.stdout.write(`wrote ${file}\ncheck it:  lab validate ${file}\nrun it:    lab run ${file}\ndraw it:   lab graph ${file}\n`);
  return 0;
}

/** The schema of this lab, as a path from `dir`: relative with forward slashes, absolute when no relative path exists (another drive). */
export function schemaHeader(dir: string): string {
  const schema = fileURLToPath(SCHEMA_URL);
  const rel = relative(dir, schema);
  if (isAbsolute(rel)) return schema.split(sep).join("/");
  return (rel.startsWith(".") ? rel : `./${rel}`).split(sep).join("/");
}

const starter = (name: string, schema: string): string => `# yaml-language-server: $schema=${schema}
# A starter lab: a server, a client, and one thing that must not work. Check it with
# \`lab validate\`, run it with \`lab run\`, draw it with \`lab graph\`. docs/scenario-format.md
# has every key; your editor shows their help on hover through the schema above.
version: 1
name: ${name}
description: >
  On a user-defined network, containers find each other by name and by alias, and
  reach each other's ports; a port that nothing listens on is refused.
tags: [starter]
timeout: 60s

networks:
  app: {}

containers:
  server:
    image: busybox
    init: true
    command: nc -ll -p 8080 -e /bin/cat
    networks:
      app: { aliases: [backend] }
  client:
    image: busybox
    init: true
    command: sleep 3600
    networks: [app]

steps:
  - name: client finds the server by its alias
    resolve: { from: client, name: backend }
    hint: An alias given under the network (docker run --network-alias) answers like the container's name.
  - name: client reaches the server on its port
    tcp: { from: client, host: server, port: 8080 }
  - name: nothing listens on another port
    tcp: { from: client, host: server, port: 9090 }
    expect: fail
    hint: A closed port refuses the connection at once.
`;
