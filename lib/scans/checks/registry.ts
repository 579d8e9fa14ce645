/**
 * The own checks' implementations, by their catalog id (catalog.ts). Each is a ScanEngine run
 * on the loaded page after the engines; a session runs those its scan options list.
 */
import type { ScanEngine } from "../engines/engine";
import { altTextFileNameCheck } from "./alt-text-file-name";
import { linkPurposeCheck } from "./link-purpose";
import { focusVisibleCheck } from "./focus-visible";
import { keyboardTrapCheck } from "./keyboard-trap";
import { ownCheckEngine } from "./own-check";
import { reflowCheck } from "./reflow";
import { textSpacingCheck } from "./text-spacing";

export const OWN_CHECKS: Readonly<Record<string, ScanEngine>> = Object.fromEntries(
  [linkPurposeCheck, altTextFileNameCheck, textSpacingCheck, keyboardTrapCheck, focusVisibleCheck, reflowCheck].map((check) => [check.id, ownCheckEngine(check)]),
);
