import type { TestProject } from "vitest/node";
import { createTestDatabase, dropTestDatabase, startTestServer } from "./test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseServerUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestServer();
  const databaseUrl = await createTestDatabase(server.serverUrl, "vitest");
  project.provide("databaseUrl", databaseUrl);
  project.provide("databaseServerUrl", server.serverUrl);
  return async () => {
    await dropTestDatabase(databaseUrl);
    await server.stop();
  };
}
