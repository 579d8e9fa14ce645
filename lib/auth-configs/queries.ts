import { decryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Page } from "@/lib/projects/queries";
import { listAuthConfigsQuerySchema } from "./schema";
import { isUuid } from "@/lib/uuid";

// secret_encrypted is deliberately absent: whether a secret is set shows through secretUpdatedAt.
export const authConfigSelect = {
  id: true,
  name: true,
  type: true,
  domain: true,
  url: true,
  loginPage: true,
  username: true,
  settings: true,
  status: true,
  lastUsedAt: true,
  lastVerifiedAt: true,
  // Read only to say whether one is set; toAuthConfigView drops it.
  totpSecretEncrypted: true,
  projectId: true,
  project: { select: { id: true, name: true } },
  secretUpdatedAt: true,
  createdAt: true,
  updatedAt: true,
  createdBy: { select: { id: true, name: true } },
} as const satisfies Prisma.AuthConfigSelect;

type AuthConfigRow = Prisma.AuthConfigGetPayload<{ select: typeof authConfigSelect }>;
export type AuthConfigView = Omit<AuthConfigRow, "totpSecretEncrypted"> & { hasSecret: boolean; hasTotpSecret: boolean };

export function toAuthConfigView({ totpSecretEncrypted, ...row }: AuthConfigRow): AuthConfigView {
  return { ...row, hasSecret: row.secretUpdatedAt !== null, hasTotpSecret: totpSecretEncrypted !== null };
}

export async function getAuthConfig(id: string): Promise<AuthConfigView> {
  const row = await db.authConfig.findUnique({ where: { id }, select: authConfigSelect });
  if (!row) throw notFound("Auth config");
  return toAuthConfigView(row);
}

export async function listAuthConfigs(input: Record<string, unknown> = {}): Promise<Page<AuthConfigView>> {
  const query = listAuthConfigsQuerySchema.parse(input);
  const where: Prisma.AuthConfigWhereInput = {
    ...(query.projectId ? { projectId: query.projectId } : {}),
    ...(query.type ? { type: query.type } : {}),
  };
  const [total, rows] = await Promise.all([
    db.authConfig.count({ where }),
    db.authConfig.findMany({
      where,
      select: authConfigSelect,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return { items: rows.map(toAuthConfigView), page: query.page, pageSize: query.pageSize, total };
}

/** Names only, for people who may pick a credential but not see it (non-admins). */
/** A project's configs (with shared ones when asked); projectId null: the shared ones only. */
export async function listAuthConfigNames(filter: { projectId: string | null; includeShared?: boolean }) {
  return db.authConfig.findMany({
    where: filter.includeShared && filter.projectId ? { OR: [{ projectId: filter.projectId }, { projectId: null }] } : { projectId: filter.projectId },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}

/**
 * The decrypted credential, for the scan worker that signs in. Never pass the result to a
 * response, a page, a log line or an audit entry.
 */
export async function readAuthConfigCredentials(id: string) {
  const row = await db.authConfig.findUnique({
    where: { id },
    select: { id: true, name: true, type: true, domain: true, url: true, loginPage: true, username: true, settings: true, secretEncrypted: true, totpSecretEncrypted: true },
  });
  if (!row) throw notFound("Auth config");
  const { secretEncrypted, totpSecretEncrypted, ...config } = row;
  return {
    ...config,
    secret: secretEncrypted ? decryptSecret(secretEncrypted) : null,
    totpSecret: totpSecretEncrypted ? decryptSecret(totpSecretEncrypted) : null,
  };
}
export type AuthConfigCredentials = Awaited<ReturnType<typeof readAuthConfigCredentials>>;

/** For pages: null for an unknown or malformed id, plus how many sessions use the config. */
export async function getAuthConfigWithUsage(id: string): Promise<(AuthConfigView & { sessionCount: number }) | null> {
  if (!isUuid(id)) return null;
  const [row, sessionCount] = await Promise.all([
    db.authConfig.findUnique({ where: { id }, select: authConfigSelect }),
    db.testSession.count({ where: { authConfigId: id } }),
  ]);
  return row ? { ...toAuthConfigView(row), sessionCount } : null;
}
