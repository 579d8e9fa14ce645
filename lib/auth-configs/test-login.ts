/**
 * Test login: runs an auth config's sign-in in Chromium now, the way a scan would, and records
 * the outcome (each step, where it landed, a masked screenshot of the landing page), the
 * config's status (active when it worked, failed when not) and when it was verified, with an
 * audit entry that holds no secret.
 */
import { recordAudit, type Actor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { launchScanBrowser } from "@/lib/scans/browser";
import { newSignInContext, runSignIn, type StepOutcome } from "@/lib/scans/sign-in";
import { readAuthConfigCredentials } from "./queries";

export type TestLoginResult = {
  ok: boolean;
  steps: Array<{ step: number; ok: boolean; ms: number; error?: string; action: string }>;
  finalUrl: string | null;
  screenshotId?: string;
  error?: string;
};

export async function testAuthConfigLogin(actor: Actor, id: string): Promise<TestLoginResult> {
  // Decrypted only here, for the browser, and dropped when this returns.
  const config = await readAuthConfigCredentials(id);
  const browser = await launchScanBrowser();
  let outcome;
  try {
    const context = await newSignInContext(browser, config, { width: 1280, height: 800 });
    outcome = await runSignIn(context, config, { capture: true });
  } finally {
    await browser.close().catch(() => undefined);
  }
  const steps = outcome.steps.map((step: StepOutcome) => ({ step: step.step, action: step.action, ok: step.ok, ms: step.ms, ...(step.error ? { error: step.error } : {}) }));
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM auth_configs WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked) throw notFound("Auth config");
    const test = await tx.authConfigTest.create({
      data: {
        authConfigId: id,
        ok: outcome.ok,
        steps: steps as Prisma.InputJsonValue,
        finalUrl: outcome.finalUrl,
        screenshot: outcome.shot ? new Uint8Array(outcome.shot.data) : null,
        createdById: actor.id,
      },
      select: { id: true },
    });
    // Raw, so the edit form's version (updated_at) does not move under somebody editing it.
    await tx.$executeRaw`
      UPDATE auth_configs SET status = ${outcome.ok ? "active" : "failed"}::"AuthConfigStatus", last_verified_at = now() WHERE id = ${id}::uuid`;
    await recordAudit(tx, actor, {
      action: "auth_config.test_login",
      recordType: "auth_config",
      recordId: id,
      changes: { ok: outcome.ok, status: outcome.ok ? "active" : "failed", failedStep: steps.find((step) => !step.ok)?.step ?? null },
    });
    return {
      ok: outcome.ok,
      steps,
      finalUrl: outcome.finalUrl,
      ...(outcome.shot ? { screenshotId: test.id } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
    };
  });
}

/** The landing screenshot of a Test login run. */
export async function getTestLoginScreenshot(authConfigId: string, testId: string) {
  const test = await db.authConfigTest.findFirst({ where: { id: testId, authConfigId }, select: { screenshot: true } });
  if (!test?.screenshot) throw notFound("Test login screenshot");
  return test.screenshot;
}

/** The latest Test login of a config, for its page (the screenshot only as an id to fetch it by). */
export async function getLatestTestLogin(authConfigId: string): Promise<(TestLoginResult & { at: string }) | null> {
  const [row] = await db.$queryRaw<Array<{ id: string; ok: boolean; steps: TestLoginResult["steps"]; finalUrl: string | null; createdAt: Date; hasScreenshot: boolean }>>`
    SELECT id::text, ok, steps, final_url AS "finalUrl", created_at AS "createdAt", screenshot IS NOT NULL AS "hasScreenshot"
    FROM auth_config_tests WHERE auth_config_id = ${authConfigId}::uuid
    ORDER BY created_at DESC, id DESC LIMIT 1`;
  if (!row) return null;
  const failed = row.steps.find((step) => !step.ok);
  return {
    ok: row.ok,
    steps: row.steps,
    finalUrl: row.finalUrl,
    at: row.createdAt.toISOString(),
    ...(row.hasScreenshot ? { screenshotId: row.id } : {}),
    ...(failed ? { error: `step ${failed.step} (${failed.action}): ${failed.error ?? "failed"}` } : {}),
  };
}
