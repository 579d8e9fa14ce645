import { z } from "zod";
import { defineOperations, nullableTimestamp, okResponse, timestamp } from "@/lib/api/operation";
import { uuidParams } from "@/lib/api/params";
import { createApiTokenSchema } from "@/lib/api-tokens/schema";
import { changeOwnPasswordSchema, roleSchema } from "@/lib/users/schema";

const token = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe("The first characters of the token, to recognise it."),
  lastUsedAt: nullableTimestamp,
  expiresAt: nullableTimestamp,
  revokedAt: nullableTimestamp,
  createdAt: timestamp,
});

const tag = "Account";

export const accountOperations = defineOperations({
  "GET /api/v1/me": {
    tag,
    summary: "Who am I",
    description: "The signed-in user (or the token's owner) and what their role allows.",
    permission: "tokens:own",
    response: {
      status: 200,
      description: "The current user.",
      schema: z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: roleSchema, permissions: z.array(z.string()) }),
    },
  },
  "POST /api/v1/me/password": {
    tag,
    summary: "Change your own password",
    description:
      "Needs the current password. Every other session of yours ends (a browser session making this call stays signed in) and every API token of yours is revoked, the one making this call included (revokeTokens is accepted and ignored).",
    permission: "tokens:own",
    body: changeOwnPasswordSchema,
    response: { status: 200, description: "Changed.", schema: z.object({ ok: z.literal(true), tokensRevoked: z.int() }) },
    errors: ["rate_limited"],
  },
  "GET /api/v1/tokens": {
    tag,
    summary: "List your API tokens",
    permission: "tokens:own",
    response: { status: 200, description: "Your tokens, newest first (never the token itself).", schema: z.object({ items: z.array(token) }) },
  },
  "POST /api/v1/tokens": {
    tag,
    summary: "Create an API token",
    description: "The token is returned once, in `token`; only its hash is stored.",
    permission: "tokens:own",
    body: createApiTokenSchema,
    response: { status: 201, description: "The token created.", schema: token.extend({ token: z.string().startsWith("cs_") }) },
  },
  "DELETE /api/v1/tokens/{id}": {
    tag,
    summary: "Revoke one of your API tokens",
    permission: "tokens:own",
    params: uuidParams("id"),
    response: { status: 200, description: "Revoked (also when it already was).", schema: okResponse },
  },
  "GET /api/v1/openapi.json": {
    tag: "Meta",
    summary: "This document",
    description: "The OpenAPI 3.1 description of /api/v1, generated from the schemas the routes validate with.",
    permission: "public",
    response: { status: 200, description: "The OpenAPI document.", schema: z.looseObject({ openapi: z.literal("3.1.0") }) },
  },
});
