/**
 * WCAG success criteria facts (number, title, level, principle, guideline, Understanding link)
 * and the mapping between axe-core's tags and criteria.
 */
import data from "./criteria.json";

export type WcagLevelName = "A" | "AA" | "AAA";
/** The versions sessions can target; matches the database enum's mapped values. */
export type WcagVersionName = "2.0" | "2.1" | "2.2";

export type Criterion = {
  id: string;
  title: string;
  /** Empty for 4.1.1 Parsing, which WCAG 2.2 made obsolete. */
  level: WcagLevelName | "";
  /** The WCAG version that introduced the criterion. */
  since: WcagVersionName;
  principle: string;
  guideline: string;
  understanding: string;
};

export const CRITERIA_SOURCE: string = data.source;
export const CRITERIA: readonly Criterion[] = data.criteria as Criterion[];

const byId = new Map(CRITERIA.map((criterion) => [criterion.id, criterion]));

export function getCriterion(id: string): Criterion | undefined {
  return byId.get(id);
}

const LEVEL_SUFFIXES: Record<WcagLevelName, readonly string[]> = {
  A: ["a"],
  AA: ["a", "aa"],
  AAA: ["a", "aa", "aaa"],
};

const VERSION_PREFIXES: Record<WcagVersionName, readonly string[]> = {
  "2.0": ["wcag2"],
  "2.1": ["wcag2", "wcag21"],
  "2.2": ["wcag2", "wcag21", "wcag22"],
};

/**
 * axe-core tags covering every criterion up to `version` and `level`. Tags that no axe rule uses
 * yet (such as wcag22a) are included so a newer axe-core picks them up; axe ignores them.
 */
export function tagsForLevel(version: WcagVersionName, level: WcagLevelName): string[] {
  return VERSION_PREFIXES[version].flatMap((prefix) => LEVEL_SUFFIXES[level].map((suffix) => `${prefix}${suffix}`));
}

/**
 * Criterion numbers named by axe tags such as "wcag143" or "wcag1412". Tags are digits without
 * separators, so each split is checked against the real criteria (1.4.12 versus 1.41.2).
 */
export function criteriaFromTags(tags: readonly string[]): string[] {
  const found = new Set<string>();
  for (const tag of tags) {
    const digits = /^wcag(\d{3,5})$/.exec(tag)?.[1];
    if (!digits) continue;
    const id = splitCriterionDigits(digits);
    if (id) found.add(id);
  }
  return [...found].sort(compareCriterionIds);
}

function splitCriterionDigits(digits: string): string | undefined {
  const principle = digits.slice(0, 1);
  const rest = digits.slice(1);
  for (let guidelineLength = 1; guidelineLength < rest.length; guidelineLength++) {
    const id = `${principle}.${rest.slice(0, guidelineLength)}.${rest.slice(guidelineLength)}`;
    if (byId.has(id)) return id;
  }
  return undefined;
}

/**
 * 4.1.1 Parsing was level A until WCAG 2.2 removed it as obsolete (its catalogue entry has no
 * level), so it is in scope of 2.0 and 2.1 audits only.
 */
const LEVEL_BEFORE_REMOVAL: Record<string, WcagLevelName> = { "4.1.1": "A" };

const VERSION_ORDER: readonly WcagVersionName[] = ["2.0", "2.1", "2.2"];
const LEVEL_ORDER: readonly WcagLevelName[] = ["A", "AA", "AAA"];

/** A criterion's level in a given WCAG version; undefined when that version does not have it. */
export function levelInVersion(criterion: Criterion, version: WcagVersionName): WcagLevelName | undefined {
  if (VERSION_ORDER.indexOf(criterion.since) > VERSION_ORDER.indexOf(version)) return undefined;
  if (criterion.level) return criterion.level;
  return version === "2.2" ? undefined : LEVEL_BEFORE_REMOVAL[criterion.id];
}

export type ScopedCriterion = Criterion & { level: WcagLevelName };

/** The success criteria an audit of `version` at `level` covers, in numeric order. */
export function criteriaInScope(version: WcagVersionName, level: WcagLevelName): ScopedCriterion[] {
  const highest = LEVEL_ORDER.indexOf(level);
  return CRITERIA.flatMap((criterion) => {
    const inVersion = levelInVersion(criterion, version);
    return inVersion && LEVEL_ORDER.indexOf(inVersion) <= highest ? [{ ...criterion, level: inVersion }] : [];
  });
}

export function compareCriterionIds(a: string, b: string): number {
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let index = 0; index < 3; index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

const SINCE_PREFIX: Record<WcagVersionName, string> = { "2.0": "wcag2", "2.1": "wcag21", "2.2": "wcag22" };

/**
 * Whether a criterion is in the scope that axe-core tags (tagsForLevel) describe: its own tag
 * ("wcag21aa" for a 2.1 AA criterion) is among them. Engines other than axe-core report
 * criteria, not tags; this keeps their findings within a session's WCAG version and level.
 */
export function criterionInTags(id: string, tags: readonly string[]): boolean {
  const criterion = byId.get(id);
  if (!criterion) return false;
  const level = criterion.level ?? LEVEL_BEFORE_REMOVAL[id];
  if (!level) return false;
  return tags.includes(`${SINCE_PREFIX[criterion.since]}${level.toLowerCase()}`);
}
