/**
 * Starts one Prism mock of generated/openapi.json for the whole contract run and provides its URL and pid to the
 * tests (`inject("prismUrl")`, `inject("prismPid")`). Teardown stops it by its own pid; exit and signal handlers
 * (see prism.ts) stop it if the run is interrupted.
 */
import type { TestProject } from "vitest/node";
import { startPrism } from "./prism.js";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
    prismPid: number;
  }
}

export default async function setup(project: TestProject) {
  const prism = await startPrism({ mode: "mock" });
  project.provide("prismUrl", prism.url);
  project.provide("prismPid", prism.pid);
  return async () => {
    await prism.stop();
  };
}
