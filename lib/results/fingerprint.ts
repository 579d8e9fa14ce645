/**
 * An issue's identity across pages and sessions: rule + normalised selector + page path. The
 * origin is left out so the same page on staging and production shares its triage decisions.
 */
import { createHash } from "node:crypto";
import { pagePath } from "@/lib/scans/url";

const GENERATED_CLASS = /\.((?:css|sc|jsx|emotion|svelte|astro)-)[A-Za-z0-9_-]+/g;
const GENERATED_DIGITS = /([#.][A-Za-z_-]*?)\d{3,}([A-Za-z0-9_-]*)/g;

/** Folds whitespace and the ids/classes that build tools regenerate on every deploy. */
export function normalizeSelector(selector: string): string {
  return selector
    .trim()
    .replace(/\s*([>+~])\s*/g, " $1 ")
    .replace(/\s+/g, " ")
    .replace(GENERATED_CLASS, ".$1*")
    .replace(GENERATED_DIGITS, "$1*");
}

export function fingerprintFinding(input: { ruleId: string; selector: string; url: string }): string {
  const key = `${input.ruleId}\n${normalizeSelector(input.selector)}\n${pagePath(input.url)}`;
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}
