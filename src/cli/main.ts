import { LabError } from "../errors.js";

/**
 * argv -> exit code. User mistakes print one or two sentences, never a stack trace
 * (LAB_DEBUG=1 shows them). Unknown failures are reported as bugs.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    // `lab --version` alone needs neither commander nor any command: it is answered before they load.
    if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
      process.stdout.write(`${(await import("./version.js")).version()}\n`);
      return 0;
    }
    const { program } = await import("./program.js");
    return await program(argv);
  } catch (error) {
    if (process.env.LAB_DEBUG) console.error(error);
    if (error instanceof LabError) {
      console.error(error.code === "E_INVALID" ? error.message : `lab: ${error.message}`);
      return error.exitCode;
    }
    console.error(`lab: unexpected error: ${(error as Error)?.message ?? String(error)}. This is a bug in lab; LAB_DEBUG=1 shows the stack trace.`);
    return 3;
  }
}
