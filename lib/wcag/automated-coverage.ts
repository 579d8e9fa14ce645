/**
 * Which success criteria the automated engine checks at all in a session's scope: those named
 * by the tags of the axe-core rules the scan runs (see tagsForLevel). A criterion outside this
 * set needs a manual check whatever the scan found.
 */
import axe from "axe-core";
import { criteriaFromTags, tagsForLevel, type WcagLevelName, type WcagVersionName } from "./criteria";

export const AUTOMATED_ENGINE = { name: "axe-core", version: axe.version } as const;

export function criteriaCoveredByEngine(version: WcagVersionName, level: WcagLevelName): Set<string> {
  const enabled = new Set(tagsForLevel(version, level));
  const covered = new Set<string>();
  for (const rule of axe.getRules()) {
    if (!rule.tags.some((tag) => enabled.has(tag))) continue;
    for (const id of criteriaFromTags(rule.tags)) covered.add(id);
  }
  return covered;
}
