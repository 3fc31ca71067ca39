#!/usr/bin/env node
// Writes schema/scenario.schema.json from the declarations: the world's sections
// (src/scenario/*-schema.ts) and every step kind's arguments (the step table). Run after
// `tsc` (npm run build does); the file is checked in, and a unit test fails when it is stale.
import { writeFileSync } from "node:fs";

const root = new URL("../", import.meta.url);
const { scenarioSchemaText } = await import(new URL("dist/scenario/scenario-schema.js", root).href);
writeFileSync(new URL("schema/scenario.schema.json", root), scenarioSchemaText());
