#!/usr/bin/env node
// Bundles the CLI into one file, dist/bundle/lab.mjs, after `tsc` (npm run build does both):
// one file to read and parse instead of some 300 modules to resolve, read and link at every
// start. bin/lab.js loads it; the API (dist/index.js and its .d.ts) stays tsc's output.
//
// The bundle sits one folder below dist/, as every compiled module does, so that the paths
// they take from import.meta.url (../../package.json, ../../schema/, ../../images/,
// ../scenario/schema-validator.generated.cjs) mean the same from it.
//
// What a command needs is loaded when it needs it: the dynamic imports of lab's own modules
// stay lazy inside the bundle (esbuild evaluates them on first use), and dockerode's two
// heavy parts, its ssh transport (ssh2) and its BuildKit session (gRPC, protobufjs), are
// required only when a docker host over ssh or a BuildKit build asks for them; they were
// about 90 ms of every run's start. ajv is not in the bundle: the ahead-of-time validator
// needs only two of its small runtime files, and ajv itself loads only if that validator is
// stale (scripts/compile-schema.mjs).
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const root = new URL("../", import.meta.url);

/** Rewrites one top-level require of a dependency's file into a require on first call. */
const lazyRequire = (file, from, to) => ({
  filter: new RegExp(`${file.replace(/[/.]/g, "\\$&")}$`),
  rewrite(source) {
    if (!source.includes(from)) throw new Error(`bundle: ${file} no longer has ${JSON.stringify(from)}; update scripts/bundle.mjs`);
    return source.replace(from, to);
  },
});

const lazy = [
  // docker-modem: ssh2 is needed only for ssh:// hosts.
  lazyRequire("docker-modem/lib/modem.js", "ssh = require('./ssh'),", "ssh = function (o) { return require('./ssh')(o); },"),
  // dockerode: gRPC and protobufjs are needed only for a BuildKit session.
  lazyRequire(
    "dockerode/lib/docker.js",
    "withSession = require('./session'),",
    "withSession = function () { return require('./session').apply(this, arguments); },",
  ),
];

const lazyPlugin = {
  name: "lazy-requires",
  setup(b) {
    for (const l of lazy) b.onLoad({ filter: l.filter }, (args) => ({ contents: l.rewrite(readFileSync(args.path, "utf8")), loader: "js" }));
  },
};

const result = await build({
  entryPoints: [new URL("dist/main.js", root).pathname],
  outdir: new URL("dist/bundle/", root).pathname,
  entryNames: "lab",
  chunkNames: "[name]-[hash]",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Loaded with require() at run time, when at all: native or optional parts, and ajv (see above).
  external: ["ssh2", "cpu-features", "@grpc/grpc-js", "@grpc/proto-loader", "protobufjs", "ajv", "ajv/*", "ajv-formats"],
  // The CommonJS dependencies in an ES module need a require of their own.
  banner: { js: 'import { createRequire as __labRequire } from "node:module";\nconst require = __labRequire(import.meta.url);' },
  plugins: [lazyPlugin],
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
});
if (result.errors.length) process.exit(1);
