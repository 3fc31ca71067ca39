import { Type } from "@sinclair/typebox";
import { def } from "./schema-builders.js";

export const Image = def(
  "image",
  Type.Object(
    {
      build: Type.String({ minLength: 1, description: "Required. The build context directory, relative to the scenario file, e.g. `./web`." }),
      dockerfile: Type.Optional(
        Type.String({ minLength: 1, description: "The Dockerfile, relative to the build context. Default `Dockerfile`.", default: "Dockerfile" }),
      ),
    },
    { description: "How to build a local image.", additionalProperties: false },
  ),
);
