/**
 * Every /api/v1 operation, keyed "METHOD /api/v1/path/{param}". A route handler names its entry
 * (`apiRoute("GET /api/v1/projects", handler)`) and the OpenAPI document lists them all;
 * tests/api/openapi.test.ts fails for a route file without an entry.
 *
 * Adding a route: add its entry to the domain's file in ./operations/ (or a new file, spread
 * below), then call apiRoute with its key. See docs/architecture.md, "API contracts".
 */
import { accountOperations } from "./operations/account";
import { adminOperations } from "./operations/admin";
import { auditOperations } from "./operations/audits";
import { monitoringOperations } from "./operations/monitoring";
import { projectOperations } from "./operations/projects";
import { resultOperations } from "./operations/results";
import { retentionOperations } from "./operations/retention";
import { runOperations } from "./operations/runs";
import { scanOperations } from "./operations/scans";
import { sessionOperations } from "./operations/sessions";

export const OPERATIONS = {
  ...projectOperations,
  ...sessionOperations,
  ...scanOperations,
  ...resultOperations,
  ...runOperations,
  ...auditOperations,
  ...accountOperations,
  ...adminOperations,
  ...monitoringOperations,
  ...retentionOperations,
};

export type Operations = typeof OPERATIONS;
export type KnownOperationKey = keyof Operations;
