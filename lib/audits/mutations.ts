/**
 * Recording an audit: a tester's outcome and notes per criterion (stale edits refused with 409),
 * the test requirements ticked off, and failure instances with optional screenshots. Each write
 * is one transaction with its audit event.
 */
import sharp from "sharp";
import { diffFields, recordAudit, type Actor } from "@/lib/audit/record";
import { lockVersion, staleEditError } from "@/lib/concurrency/stale-edit";
import { db, type DbTransaction } from "@/lib/db";
import { invalidFields, notFound } from "@/lib/errors";
import { getCriterionTests } from "@/lib/wcag/test-requirements";
import { getAuditSession, listSessionCriteria, requireCriterionInScope, type CriterionRow } from "./queries";
import {
  checkedRequirementsSchema,
  criterionInstanceSchema,
  MAX_SCREENSHOT_BYTES,
  SCREENSHOT_FORMATS,
  setCriterionOutcomeSchema,
  type CheckedRequirementsInput,
  type CriterionInstanceInput,
  type SetCriterionOutcomeInput,
} from "./schema";

const RECORD_TYPE = "criterion_result";

/** The criterion's row, created (untested) when it has none yet; `created` says which. */
async function ensureCriterionRow(tx: DbTransaction, sessionId: string, criterion: string): Promise<{ id: string; created: boolean }> {
  const inserted = await tx.$queryRaw<Array<{ id: string }>>`
    INSERT INTO criterion_results (id, session_id, criterion, updated_at)
    VALUES (gen_random_uuid(), ${sessionId}::uuid, ${criterion}, now())
    ON CONFLICT (session_id, criterion) DO NOTHING
    RETURNING id::text`;
  if (inserted[0]) return { id: inserted[0].id, created: true };
  const [existing] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text FROM criterion_results WHERE session_id = ${sessionId}::uuid AND criterion = ${criterion}`;
  if (!existing) throw notFound("Criterion result");
  return { id: existing.id, created: false };
}

async function readCriterion(sessionId: string, criterion: string): Promise<CriterionRow> {
  const { criteria } = await listSessionCriteria(sessionId);
  return criteria.find((row) => row.criterion === criterion)!;
}

export async function setCriterionOutcome(actor: Actor, sessionId: string, criterionId: string, input: SetCriterionOutcomeInput): Promise<CriterionRow> {
  const session = await getAuditSession(sessionId);
  requireCriterionInScope(session, criterionId);
  const data = setCriterionOutcomeSchema.parse(input);
  await db.$transaction(async (tx) => {
    const { id, created } = await ensureCriterionRow(tx, sessionId, criterionId);
    const version = await lockVersion(tx, "criterion_results", id, "Criterion result", data.expectedUpdatedAt ?? undefined);
    const before = await tx.criterionResult.findUniqueOrThrow({
      where: { id },
      select: { outcome: true, notes: true, checkedRequirements: true, updatedAt: true, testedAt: true, testedBy: { select: { id: true, name: true } } },
    });
    // null means "it had no verdict when I read it": someone else's record since then is a stale edit.
    const stale = data.expectedUpdatedAt === null ? !created : data.expectedUpdatedAt !== undefined && (created || version.stale);
    if (stale) {
      throw await staleEditError(tx, {
        what: `result for criterion ${criterionId}`,
        recordType: RECORD_TYPE,
        recordId: id,
        expectedUpdatedAt: data.expectedUpdatedAt ?? new Date(0).toISOString(),
        current: { criterion: criterionId, ...before },
      });
    }
    const after = { outcome: data.outcome, ...(data.notes !== undefined ? { notes: data.notes || null } : {}) };
    const testedAt = new Date();
    await tx.criterionResult.update({
      where: { id },
      data: { ...after, testedById: actor.id, testedAt, updatedAt: version.nextUpdatedAt },
    });
    await recordAudit(tx, actor, {
      action: "criterion_results.record",
      recordType: RECORD_TYPE,
      recordId: id,
      changes: {
        ...diffFields(before, after),
        updatedAt: { from: version.currentUpdatedAt.toISOString(), to: version.nextUpdatedAt.toISOString() },
      },
    });
  });
  return readCriterion(sessionId, criterionId);
}

/** Replaces the set of ticked test requirements; ticking is not a verdict, so the version stays. */
export async function setCheckedRequirements(actor: Actor, sessionId: string, criterionId: string, input: CheckedRequirementsInput): Promise<CriterionRow> {
  const session = await getAuditSession(sessionId);
  requireCriterionInScope(session, criterionId);
  const data = checkedRequirementsSchema.parse(input);
  const known = new Set(getCriterionTests(criterionId)?.requirements.map((requirement) => requirement.id) ?? []);
  const unknown = data.requirements.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw invalidFields({ requirements: [`Not a test requirement of ${criterionId}: ${unknown.slice(0, 5).join(", ")}.`] });
  }
  const requirements = [...new Set(data.requirements)].sort();
  await db.$transaction(async (tx) => {
    const { id } = await ensureCriterionRow(tx, sessionId, criterionId);
    const [before] = await tx.$queryRaw<Array<{ checked: string[] }>>`
      SELECT checked_requirements AS checked FROM criterion_results WHERE id = ${id}::uuid FOR UPDATE`;
    // Raw SQL so Prisma's @updatedAt does not move the verdict's version.
    await tx.$executeRaw`UPDATE criterion_results SET checked_requirements = ${requirements}::text[] WHERE id = ${id}::uuid`;
    const previous = before?.checked ?? [];
    await recordAudit(tx, actor, {
      action: "criterion_results.check_requirements",
      recordType: RECORD_TYPE,
      recordId: id,
      changes: {
        criterion: criterionId,
        session: sessionId,
        checked: requirements.filter((requirement) => !previous.includes(requirement)),
        unchecked: previous.filter((requirement) => !requirements.includes(requirement)),
      },
    });
  });
  return readCriterion(sessionId, criterionId);
}

export type UploadedScreenshot = { data: Uint8Array; declaredType?: string };

/** Size and real format (read from the bytes, not the declared type) of an uploaded screenshot. */
async function checkScreenshot(upload: UploadedScreenshot) {
  if (upload.data.byteLength > MAX_SCREENSHOT_BYTES) {
    throw invalidFields({ screenshot: [`The screenshot is ${(upload.data.byteLength / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_SCREENSHOT_BYTES / 1024 / 1024} MB.`] });
  }
  const allowed = Object.keys(SCREENSHOT_FORMATS).join(", ").replace("jpeg", "JPEG").replace("png", "PNG").replace("webp", "WebP");
  let metadata: Awaited<ReturnType<ReturnType<typeof sharp>["metadata"]>>;
  try {
    metadata = await sharp(upload.data).metadata();
  } catch {
    throw invalidFields({ screenshot: [`The screenshot is not an image this app can read; use ${allowed}.`] });
  }
  const mimeType = metadata.format ? SCREENSHOT_FORMATS[metadata.format as keyof typeof SCREENSHOT_FORMATS] : undefined;
  if (!mimeType) throw invalidFields({ screenshot: [`The screenshot is ${metadata.format ?? "an unknown format"}; use ${allowed}.`] });
  return { mimeType, width: metadata.width ?? null, height: metadata.height ?? null };
}

export async function addCriterionInstance(
  actor: Actor,
  sessionId: string,
  criterionId: string,
  input: CriterionInstanceInput | Record<string, unknown>,
  screenshot?: UploadedScreenshot,
): Promise<{ id: string }> {
  const session = await getAuditSession(sessionId);
  requireCriterionInScope(session, criterionId);
  const data = criterionInstanceSchema.parse(input);
  const image = screenshot && screenshot.data.byteLength > 0 ? { ...(await checkScreenshot(screenshot)), data: screenshot.data } : null;
  return db.$transaction(async (tx) => {
    const { id: criterionResultId } = await ensureCriterionRow(tx, sessionId, criterionId);
    const instance = await tx.criterionInstance.create({
      data: {
        criterionResultId,
        pageUrl: data.pageUrl,
        selector: data.selector ?? null,
        description: data.description,
        createdById: actor.id,
        ...(image
          ? { screenshotMimeType: image.mimeType, screenshotWidth: image.width, screenshotHeight: image.height, screenshotData: Buffer.from(image.data) }
          : {}),
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, {
      action: "criterion_instances.create",
      recordType: "criterion_instance",
      recordId: instance.id,
      changes: { session: sessionId, criterion: criterionId, pageUrl: data.pageUrl, selector: data.selector ?? null, screenshot: image ? image.mimeType : null },
    });
    return instance;
  });
}

/** Removing a failure instance is its own, audited action (what was removed is kept in the event). */
export async function deleteCriterionInstance(actor: Actor, sessionId: string, instanceId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const instance = await tx.criterionInstance.findFirst({
      where: { id: instanceId, criterionResult: { sessionId } },
      select: { id: true, pageUrl: true, selector: true, description: true, screenshotMimeType: true, criterionResult: { select: { criterion: true } } },
    });
    if (!instance) throw notFound("Failure instance");
    await tx.criterionInstance.delete({ where: { id: instance.id } });
    await recordAudit(tx, actor, {
      action: "criterion_instances.delete",
      recordType: "criterion_instance",
      recordId: instance.id,
      changes: {
        session: sessionId,
        criterion: instance.criterionResult.criterion,
        pageUrl: instance.pageUrl,
        selector: instance.selector,
        description: instance.description,
        hadScreenshot: instance.screenshotMimeType !== null,
      },
    });
  });
}
