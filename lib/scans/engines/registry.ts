/**
 * Which engines and own checks a page scan runs after axe-core (page-scan.ts runs axe-core
 * itself), from a session's scan options: engines in catalog order, then own checks.
 */
import { OWN_CHECKS } from "../checks/registry";
import type { ScanOptions } from "../schema";
import { ENGINE_CATALOG } from "./catalog";
import { alfaEngine } from "./alfa";
import type { ScanEngine } from "./engine";
import { createQualwebEngine, qualwebEngine } from "./qualweb";

const ENGINES: Readonly<Record<string, ScanEngine>> = { alfa: alfaEngine, qualweb: qualwebEngine };
/** Every rule of each engine, measured or not: what bench:act scans with to draw the decisions. */
const MEASURING: Readonly<Record<string, ScanEngine>> = { ...ENGINES, qualweb: createQualwebEngine({ allRules: true }) };

export function enginesForScan(options: Pick<ScanOptions, "engines" | "checks">, { allRules = false }: { allRules?: boolean } = {}): ScanEngine[] {
  const engines = ENGINE_CATALOG.filter((info) => options.engines.includes(info.id))
    .map((info) => (allRules ? MEASURING : ENGINES)[info.id])
    .filter((engine) => engine !== undefined);
  const checks = options.checks.map((id) => OWN_CHECKS[id]).filter((check) => check !== undefined);
  return [...engines, ...checks];
}
