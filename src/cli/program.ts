import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { ExitCode } from "../errors.js";
import { version } from "./version.js";
import { imageRefProblem } from "../scenario/image-ref.js";

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The command line surface of docs/cli.md. Actions load their modules lazily. */
export async function program(argv: string[]): Promise<number> {
  let code: number = ExitCode.passed;
  const cli = new Command("lab")
    .description("A declarative lab runner for Docker networking.")
    .addHelpText("after", "\nExample:\n  $ lab run scenarios/dns.yaml\n  $ lab validate scenarios/\n  $ lab clean --run 3f9a1c")
    .version(version(), "-v, --version")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  cli
    .command("run")
    .description("run scenarios: provision, probe, report, tear down")
    .argument("[paths...]", "scenario files or directories", ["scenarios/"])
    .addOption(new Option("--reporter <name>", "pretty (TTY default), plain (CI default), junit, json, html, github; repeatable").argParser(collect))
    .addOption(new Option("--output <file>", "where a file reporter (junit, json, html) writes; name=file when several; repeatable").argParser(collect))
    .option("--parallel <n>", "scenarios at once (default: twice the cores, from 2 to 8)", (v) => positiveInt(v, "--parallel"))
    .option("--bail", "stop at the first failure (teardown still runs)")
    .option("--keep", "leave the world up; print the real names and the clean command")
    .option("--keep-on-failure", "leave a failed scenario's world up")
    .addOption(new Option("--pull <policy>", "when to pull images").choices(["missing", "always", "never"]).default("missing"))
    .option("--probe-image <ref>", "image of the probe containers", probeImage, "busybox")
    .addOption(new Option("--tag <tag>", "run scenarios with this tag; repeatable").argParser(collect))
    .option("--grep <regex>", "run scenarios whose name (or a step's name) matches")
    .option("--shard <i/n>", "run the i-th of n stable shares of the selection")
    .option("--timings", "break each scenario down into engine time and the runner's own time")
    .option("--allow-external", "let from: host probes reach addresses beyond this machine's loopback and the engine's published ports")
    .option("--context <name>", "the docker context to use (over DOCKER_HOST, DOCKER_CONTEXT and config.json's currentContext)")
    // --watch (issue 15): one file, run again at each save; see watch-command.ts.
    .option("--watch", "run one file again at each save: steps only while the world is unchanged; Ctrl-C tears down")
    .addHelpText(
      "after",
      "\nExample:\n  $ lab run scenarios/dns.yaml\n  $ lab run --watch my-lab.yaml\n  $ lab run scenarios/ --parallel 4 --reporter plain --reporter junit --output reports/junit.xml",
    )
    .action(async (paths: string[], options) => {
      code = await (await import("./run-command.js")).runCommand(paths, options);
    });

  cli
    .command("check")
    .description("check a world that already exists (made by hand or by compose) against files: declared facts and probes; only probe containers are created")
    .argument("<files...>", "check files (scenario files whose names bind to existing containers and networks)")
    .option("--compose-project <name>", "bind names to the services and networks of this compose project (web.2: a service's second replica)")
    .option("--allow-actions", "run action steps (start, connect, ...) on the existing world; refused without it")
    .addOption(new Option("--reporter <name>", "pretty (TTY default), plain (CI default), junit, json, html, github; repeatable").argParser(collect))
    .addOption(new Option("--output <file>", "where a file reporter (junit, json, html) writes; name=file when several; repeatable").argParser(collect))
    .option("--parallel <n>", "files at once (default: twice the cores, from 2 to 8)", (v) => positiveInt(v, "--parallel"))
    .option("--bail", "stop at the first failure")
    .option("--probe-image <ref>", "image of the probe containers", "busybox")
    .addOption(new Option("--tag <tag>", "check files with this tag; repeatable").argParser(collect))
    .option("--grep <regex>", "check files whose name (or a step's name) matches")
    .option("--shard <i/n>", "check the i-th of n stable shares of the selection")
    .option("--timings", "break each file down into engine time and the runner's own time")
    .option("--allow-external", "let from: host probes reach addresses beyond this machine's loopback and the engine's published ports")
    .option("--context <name>", "the docker context to use (over DOCKER_HOST, DOCKER_CONTEXT and config.json's currentContext)")
    .addHelpText(
      "after",
      "\nExample:\n  $ lab check my-world.yaml\n  $ lab check --compose-project shop shop.check.yaml --reporter junit --output reports/check.xml",
    )
    .action(async (paths: string[], options) => {
      code = await (await import("./check-command.js")).checkCommand(paths, options);
    });

  cli
    .command("learn")
    .description("an exercise at a terminal: the world under its own names, each task watched until your docker commands solve it")
    .argument("<file>", "a scenario file with task steps")
    .addOption(new Option("--pull <policy>", "when to pull images").choices(["missing", "always", "never"]).default("missing"))
    .option("--probe-image <ref>", "image of the probe containers", "busybox")
    .option("--context <name>", "the docker context to use (over DOCKER_HOST, DOCKER_CONTEXT and config.json's currentContext)")
    .addHelpText(
      "after",
      "\nKeys while a task is shown: h hint, s show the solution, n skip, q quit.\n\nExample:\n  $ lab learn scenarios/exercises/network-alias.yaml",
    )
    .action(async (file: string, options) => {
      code = await (await import("./learn-command.js")).learnCommand(file, options);
    });

  cli
    .command("validate")
    .description("check files against the schema and the rules; no engine call")
    .argument("[paths...]", "scenario files or directories", ["scenarios/"])
    .addHelpText("after", "\nExample:\n  $ lab validate scenarios/")
    .action(async (paths: string[]) => {
      code = await (await import("./validate-command.js")).validateCommand(paths);
    });

  // lab lint (issue 15, part 4): validate, and with --mutate the vacuity check (src/mutate/).
  cli
    .command("lint")
    .description("check files without an engine (as validate); with --mutate, prove that every probe can fail: run mutants of each world")
    .argument("[paths...]", "scenario files or directories", ["scenarios/"])
    .option("--mutate", "for every probe and task, find a change of the world that makes it go the other way; a step none flips cannot fail (exit 1)")
    .option("--parallel <n>", "mutants at once, over all the files (default: 3)", (v) => positiveInt(v, "--parallel"))
    .addOption(new Option("--reporter <name>", "plain or json").default("plain"))
    .option("--output <file>", "write the report to this file instead of stdout")
    .addOption(new Option("--pull <policy>", "when to pull images").choices(["missing", "always", "never"]).default("missing"))
    .option("--probe-image <ref>", "image of the probe containers", probeImage, "busybox")
    .option("--context <name>", "the docker context to use (over DOCKER_HOST, DOCKER_CONTEXT and config.json's currentContext)")
    .addHelpText(
      "after",
      "\nExample:\n  $ lab lint scenarios/\n  $ lab lint --mutate scenarios/dns.yaml\n  $ lab lint --mutate scenarios/ --reporter json --output vacuity.json",
    )
    .action(async (paths: string[], options) => {
      code = await (await import("./lint-command.js")).lintCommand(paths, options);
    });

  cli
    .command("list")
    .description("name, description, tags, counts of containers/networks/steps, and the topology in one line")
    .argument("[paths...]", "scenario files or directories", ["scenarios/"])
    .addHelpText("after", "\nExample:\n  $ lab list scenarios/")
    .action(async (paths: string[]) => {
      code = await (await import("./list-command.js")).listCommand(paths);
    });

  cli
    .command("graph")
    .description("draw the topology a scenario file declares; no engine call")
    .argument("<file>", "a scenario file")
    .addOption(new Option("--format <format>", "mermaid, dot, svg or html").default("mermaid"))
    .addHelpText(
      "after",
      "\nExample:\n  $ lab graph scenarios/dns.yaml\n  $ lab graph scenarios/dns.yaml --format dot | dot -Tpng > dns.png\n  $ lab graph scenarios/dns.yaml --format html > dns.html",
    )
    .action(async (file: string, options: { format: string }) => {
      code = await (await import("./graph-command.js")).graphCommand(file, options);
    });

  cli
    .command("new")
    .description("write a starter scenario, NAME.yaml, that validates and runs green")
    .argument("<name>", "the scenario's name, e.g. my-first-lab")
    .option("--dir <dir>", "where to write it (created if missing)", ".")
    .addHelpText("after", "\nExample:\n  $ lab new my-first-lab\n  $ lab new dns-basics --dir labs/")
    .action(async (name: string, options: { dir: string }) => {
      code = await (await import("./new-command.js")).newCommand(name, options);
    });

  cli
    .command("clean")
    .description("remove what lab runs whose process is gone left behind")
    .option("--all", "every resource labelled by lab, live runs and other hosts' runs too")
    .option("--run <id>", "only the resources of this run")
    .option("--older-than <duration>", "only resources older than this, e.g. 1h, 30m")
    .option("--context <name>", "the docker context to use (over DOCKER_HOST, DOCKER_CONTEXT and config.json's currentContext)")
    .addHelpText("after", "\nExample:\n  $ lab clean\n  $ lab clean --run 3f9a1c\n  $ lab clean --older-than 1h")
    .action(async (options) => {
      code = await (await import("./clean-command.js")).cleanCommand(options);
    });

  cli
    .command("doctor")
    .description("check the engine and the images the scenarios need; --fix builds the missing offline images")
    .argument("[paths...]", "scenario files or directories", ["scenarios/"])
    .option("--fix", "build the missing images that have an offline recipe (busybox, nginx, redis)")
    .addOption(new Option("--build <recipe[=tag]>", "build an offline image now, e.g. busybox=my/busybox:1; repeatable").argParser(collect))
    .option("--probe-image <ref>", "image of the probe containers", probeImage, "busybox")
    .addHelpText("after", "\nExample:\n  $ lab doctor scenarios/\n  $ lab doctor --fix")
    .action(async (paths: string[], options) => {
      code = await (await import("./doctor-command.js")).doctorCommand(paths, options);
    });

  const report = cli.command("report").description("work with the reports of earlier runs");
  report
    .command("merge")
    .description("merge the JSON reports, or the JUnit reports, of the shards of one suite into one report of the same kind")
    .argument("<files...>", "reports written by lab run --reporter json (or junit) --output ...")
    .option("--output <file>", "where the merged report goes (default: stdout)")
    .addHelpText(
      "after",
      "\nExample:\n  $ lab report merge reports/shard-*/lab.json --output reports/lab.json\n  $ lab report merge reports/shard-*/junit.xml --output reports/junit.xml",
    )
    .action(async (files: string[], options) => {
      code = await (await import("./report-merge-command.js")).reportMergeCommand(files, options);
    });

  cli
    .command("init")
    .description("map *.lab.yaml and scenarios/**/*.yaml to lab's schema in .vscode/settings.json (yaml.schemas)")
    .option("--dir <dir>", "the project's root (default: the working directory)")
    .addHelpText("after", "\nExample:\n  $ npx lab init")
    .action(async (options) => {
      code = await (await import("./init-command.js")).initCommand(options);
    });

  cli
    .command("schema")
    .description("print the JSON Schema of the scenario format")
    .addHelpText("after", "\nExample:\n  $ lab schema > scenario.schema.json")
    .action(async () => {
      const { readFile } = await import("node:fs/promises");
      const { SCHEMA_URL } = await import("../scenario/schema-url.js");
      process.stdout.write(await readFile(SCHEMA_URL, "utf8"));
    });

  try {
    await cli.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0 ? ExitCode.passed : ExitCode.input;
    }
    throw error;
  }
  return code;
}

/** The probe image is checked as a scenario's images are: the engine would refuse a bad reference only at the first probe. */
function probeImage(value: string): string {
  const problem = imageRefProblem(value);
  if (problem) throw new InvalidArgumentError(`--probe-image: ${problem}`);
  return value;
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number of at least 1`);
  return n;
}
