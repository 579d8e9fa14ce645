/**
 * The scan engines a session can switch on, as data the session form, the API and the worker
 * share (no engine code here: this module is imported by client components too). axe-core is
 * the base of every scan and cannot be switched off; the implementations are in registry.ts.
 */
import { CHECK_CATALOG } from "../checks/catalog";
export type EngineInfo = {
  id: string;
  name: string;
  /** What it adds, for the session form. */
  description: string;
  /** On unless a session switches it off. */
  defaultOn: boolean;
  /** Always runs (the scan's base: titles, links and screenshots come from its run). */
  required?: boolean;
};

export const ENGINE_CATALOG: readonly EngineInfo[] = [
  {
    id: "axe-core",
    name: "axe-core",
    description: "Deque's rules engine; the base of every scan.",
    defaultOn: true,
    required: true,
  },
  {
    id: "alfa",
    name: "Siteimprove Alfa",
    description:
      "Siteimprove's implementation of the W3C ACT Rules, run on a copy of the page in the worker; its rules with few false alarms on the ACT test cases report violations, the others items to review. Off by default: on the ACT cases it finds nothing that axe-core, QualWeb and the own checks miss, and it costs the most.",
    defaultOn: false,
  },
  {
    id: "qualweb",
    name: "QualWeb ACT rules",
    description: "QualWeb's implementation of the W3C ACT Rules, run in the page; its rules with few false alarms on the ACT test cases report violations, the others items to review.",
    defaultOn: true,
  },
];

/** The engines a session can switch on or off (axe-core always runs). */
export const SWITCHABLE_ENGINES: readonly EngineInfo[] = ENGINE_CATALOG.filter((engine) => !engine.required);

export const ENGINE_IDS: readonly string[] = ENGINE_CATALOG.map((engine) => engine.id);
export const DEFAULT_ENGINE_IDS: readonly string[] = ENGINE_CATALOG.filter((engine) => engine.defaultOn).map((engine) => engine.id);

/** An engine's or own check's name for people ("Siteimprove Alfa"). */
export function engineName(id: string): string {
  return ENGINE_CATALOG.find((engine) => engine.id === id)?.name ?? CHECK_CATALOG.find((check) => check.id === id)?.name ?? id;
}

/** "axe-core 4.14.1 (image-alt), Siteimprove Alfa 0.112.0 (sia-r2)": who found a finding. */
export function describeFindingSources(sources: ReadonlyArray<{ engine: string; version: string; ruleId: string }>): string {
  return sources.map((source) => `${engineName(source.engine)} ${source.version} (${source.ruleId})`).join(", ");
}
