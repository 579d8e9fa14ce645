/**
 * Shared by the API suites: the error-shape assertion and the role matrix (one test per
 * endpoint and caller, asserting the status and, for 401/403, the error code).
 */
import { expect, it } from "vitest";
import type { RouteResult } from "./call-route";

export type Caller = "anonymous" | "VIEWER" | "TESTER" | "ADMIN";

export type RoleMatrix = Array<[endpoint: string, expected: Record<Caller, number>, call: (caller: Caller) => Promise<RouteResult>]>;

export function expectError(result: RouteResult, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(result.body).toMatchObject({ error: { code, message: expect.any(String) } });
}

export function itFollowsRoleMatrix(matrix: RoleMatrix) {
  for (const [endpoint, expected, call] of matrix) {
    for (const caller of Object.keys(expected) as Caller[]) {
      it(`${endpoint} as ${caller} → ${expected[caller]}`, async () => {
        const result = await call(caller);
        expect(result.status).toBe(expected[caller]);
        if (expected[caller] === 401) expectError(result, 401, "unauthenticated");
        if (expected[caller] === 403) expectError(result, 403, "forbidden");
      });
    }
  }
}
