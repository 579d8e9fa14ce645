/**
 * Which engines and own checks a page scan runs after axe-core (page-scan.ts runs axe-core
 * itself), from a session's scan options: engines in catalog order, then own checks.
 */
import { OWN_CHECKS } from "../checks/registry";
import type { ScanOptions } from "../schema";
import { ENGINE_CATALOG } from "./catalog";
import { alfaEngine } from "./alfa";
import type { ScanEngine } from "./engine";
import { qualwebEngine } from "./qualweb";

const ENGINES: Readonly<Record<string, ScanEngine>> = { alfa: alfaEngine, qualweb: qualwebEngine };

export function enginesForScan(options: Pick<ScanOptions, "engines" | "checks">): ScanEngine[] {
  const engines = ENGINE_CATALOG.filter((info) => options.engines.includes(info.id))
    .map((info) => ENGINES[info.id])
    .filter((engine) => engine !== undefined);
  const checks = options.checks.map((id) => OWN_CHECKS[id]).filter((check) => check !== undefined);
  return [...engines, ...checks];
}
