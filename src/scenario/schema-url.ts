/** Where the schema lives, both from src/ (tests) and from dist/ (the built CLI). */
export const SCHEMA_URL = new URL("../../schema/scenario.schema.json", import.meta.url);
