import { describe, expect, it } from "vitest";
import { recipeFor } from "./offline-images.js";

describe("recipeFor", () => {
  it("maps the official names of busybox, nginx and redis to their recipes", () => {
    for (const ref of ["busybox", "busybox:latest", "docker.io/library/busybox:latest", "library/nginx", "redis:latest"])
      expect(recipeFor(ref), ref).toBe(ref.match(/busybox|nginx|redis/)![0]);
  });
  it("has no recipe for other names or tags", () => {
    for (const ref of ["busybox:1.36", "alpine", "myorg/busybox", "ghcr.io/library/nginx", "nginx:alpine"]) expect(recipeFor(ref), ref).toBeUndefined();
  });
});
