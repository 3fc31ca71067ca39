#!/usr/bin/env node
// The CLI as one bundled file (scripts/bundle.mjs, part of npm run build): one file to load
// instead of some 300 modules. tsc's output is the same program, module by module.
import "../dist/bundle/lab.mjs";
