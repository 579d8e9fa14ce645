/**
 * What an own check is (one module per check in this folder) and how it runs as a ScanEngine
 * (lib/scans/engines/engine.ts) after the engines: it names the WCAG criteria it tests, keeps
 * those the session's WCAG version and level cover (a check with none in scope does not run),
 * and its findings carry them. A check may press keys, resize the viewport or restyle the page
 * while it runs and must put everything back. Pressing keys can run page scripts that navigate:
 * findings of a document other than the scanned one are dropped, never filed.
 * A check that fails on a page is logged and yields nothing; the engines' findings still stand.
 */
import type { Frame, Page } from "playwright-core";
import { logger, describeError } from "@/lib/logger";
import { getCriterion, type WcagVersionName } from "@/lib/wcag/criteria";
import type { EngineContext, EngineFinding, FindingKind, ImpactName, ScanEngine } from "../engines/engine";
import { CHECK_CATALOG } from "./catalog";

/** One element a check found failing (or to review). */
export type CheckFinding = {
  selector: string;
  html: string;
  /** What is wrong with this element, in a sentence a tester can act on. */
  summary: string;
  kind: FindingKind;
  impact: ImpactName;
  /** Which of the check's criteria this finding fails, when not all of them. */
  criteria?: readonly string[];
};

export type OwnCheck = {
  /** Its id in checks/catalog.ts (which holds its name, description and criteria). */
  id: string;
  /** One line naming the rule, shown with each finding. */
  help: string;
  /** See ScanEngine.prepare; run only when the check itself will run. */
  prepare?(page: Page, context: EngineContext): Promise<void>;
  run(page: Page, context: EngineContext): Promise<CheckFinding[]>;
};

/** Own checks' version: raised when a check's verdicts change, so results say which rules found them. */
export const OWN_CHECKS_VERSION = "1.0";

const LEVEL_TAG_PREFIX: Record<WcagVersionName, string> = { "2.0": "wcag2", "2.1": "wcag21", "2.2": "wcag22" };

/** The criteria among `criteria` that a session's axe-core tags (tagsForLevel) cover. */
export function criteriaInTags(criteria: readonly string[], tags: readonly string[]): string[] {
  return criteria.filter((id) => {
    const criterion = getCriterion(id);
    return criterion?.level ? tags.includes(`${LEVEL_TAG_PREFIX[criterion.since]}${criterion.level.toLowerCase()}`) : false;
  });
}

/** A check's preparation, made only when some of its criteria are in the session's scope. */
function prepareIfInScope(prepare: NonNullable<OwnCheck["prepare"]>, criteria: readonly string[]): NonNullable<ScanEngine["prepare"]> {
  return async (page, context) => {
    if (criteriaInTags(criteria, context.tags).length === 0) return;
    // A failed preparation shows when the check runs: its run awaits the same work.
    await prepare(page, context).catch(() => undefined);
  };
}

export function ownCheckEngine(check: OwnCheck): ScanEngine {
  const info = CHECK_CATALOG.find((entry) => entry.id === check.id);
  if (!info) throw new Error(`Own check ${check.id} is not in checks/catalog.ts.`);
  return {
    id: check.id,
    name: info.name,
    version: OWN_CHECKS_VERSION,
    prepare: check.prepare && prepareIfInScope(check.prepare, info.wcagCriteria),
    async run(page, context) {
      const criteria = criteriaInTags(info.wcagCriteria, context.tags);
      if (criteria.length === 0) return [];
      // Heard without a round trip to the page: checks are meant to be cheap.
      let navigated = false;
      const onNavigated = (frame: Frame) => {
        if (frame === page.mainFrame()) navigated = true;
      };
      page.on("framenavigated", onNavigated);
      let found: CheckFinding[];
      try {
        found = await check.run(page, context);
      } catch (error) {
        if (context.signal?.aborted) throw error;
        if (!navigated) logger.warn("Own check failed on a page; its findings are left out.", { check: check.id, url: page.url(), ...describeError(error) });
        return [];
      } finally {
        page.off("framenavigated", onNavigated);
      }
      if (navigated) return [];
      return found.flatMap((finding): EngineFinding[] => {
        const failed = finding.criteria ? criteria.filter((id) => finding.criteria!.includes(id)) : criteria;
        if (failed.length === 0) return [];
        return [
          {
            ruleId: check.id,
            kind: finding.kind,
            impact: finding.impact,
            wcagCriteria: failed,
            tags: failed.map((id) => `wcag${id.replaceAll(".", "")}`),
            selector: finding.selector,
            html: finding.html,
            summary: finding.summary,
            help: check.help,
            helpUrl: getCriterion(failed[0]!)?.understanding ?? "https://www.w3.org/WAI/WCAG22/Understanding/",
          },
        ];
      });
    },
  };
}
