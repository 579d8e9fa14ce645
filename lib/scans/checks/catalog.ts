/**
 * Clearsight's own checks (what no engine catches: keyboard traps, focus visible, reflow…), as
 * data the session form, the API and the worker share (no check code here: this module is
 * imported by client components too). Each check's implementation is a ScanEngine
 * (lib/scans/engines/engine.ts) listed under the same id in registry.ts beside this file.
 */
export type CheckInfo = {
  /** Stable id, stored in session settings and with each finding's sources. */
  id: string;
  name: string;
  /** What it detects, for the session form. */
  description: string;
  /** The WCAG criteria its findings fail. */
  wcagCriteria: readonly string[];
  /** On unless a session switches it off. */
  defaultOn: boolean;
};

export const CHECK_CATALOG: readonly CheckInfo[] = [];

export const CHECK_IDS: readonly string[] = CHECK_CATALOG.map((check) => check.id);
export const DEFAULT_CHECK_IDS: readonly string[] = CHECK_CATALOG.filter((check) => check.defaultOn).map((check) => check.id);
