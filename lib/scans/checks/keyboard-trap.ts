/**
 * Keyboard trap (WCAG 2.1.2 No Keyboard Trap, A) and controls Tab never reaches (2.1.1
 * Keyboard, A), found by pressing keys (tab-walk.ts). Focus is trapped when, Tab after Tab, it
 * keeps cycling through some of the page's elements and never reaches the others or the end
 * of the page, and neither Shift+Tab nor Escape moves it out, nor a key the page's text advises
 * ("Press Ctrl+M to exit"), which the check reads and presses. A trap offering a help control
 * in it ("How to leave…") is to review: its advice may work. A modal dialog keeping focus is
 * not a trap (that is what it should do; its buttons close it). When the page's scripts moved
 * focus during the walk and some control was never reached without any trap, that control is
 * to review under 2.1.1.
 */
import type { Page } from "playwright-core";
import type { CheckFinding, OwnCheck } from "./own-check";
import { evaluate } from "./in-page";
import { beginTabWalk, describeRecorded, ESCAPE, pressAndSettle, SHIFT_TAB, TAB, walkTabOrder, type FocusPosition } from "./tab-walk";

const ADVICE = /\b(?:press|use|hit|type)\s+(?:the\s+)?((?:(?:ctrl|control|alt|option|shift|meta|cmd|command)\s*[+-]\s*)*(?:esc(?:ape)?|enter|f\d{1,2}|[a-z0-9]))(?![\w+-])/gi;
const HELP = /\b(help|how to|exit|leave|escape|close|skip)\b/i;
const MODIFIERS: Record<string, string> = { ctrl: "Control", control: "Control", alt: "Alt", option: "Alt", shift: "Shift", meta: "Meta", cmd: "Meta", command: "Meta" };

/** "Ctrl+M" → "Control+m", "Esc" → "Escape": a key combination Playwright can press. */
export function keyCombination(advice: string): string {
  const parts = advice.split(/\s*[+-]\s*/);
  const key = parts.pop()!;
  const modifiers = parts.map((part) => MODIFIERS[part.toLowerCase()] ?? part);
  const named = /^esc(ape)?$/i.test(key) ? "Escape" : /^enter$/i.test(key) ? "Enter" : /^f\d{1,2}$/i.test(key) ? key.toUpperCase() : key.toLowerCase();
  return [...modifiers, named].join("+");
}

/** The ids the walk's last half keeps cycling through, when it never reached the page's end there. */
export function cycleAtEnd(positions: readonly FocusPosition[], tabbable: readonly number[]): number[] | null {
  const half = positions.slice(Math.floor(positions.length / 2));
  if (half.length < 4 || half.includes(-1)) return null;
  const cycle = [...new Set(half)];
  // Each element of a cycle comes round at least twice; a cycle through everything is the page's own order.
  if (cycle.length * 2 > half.length) return null;
  if (tabbable.every((id) => cycle.includes(id))) return null;
  return cycle.sort((a, b) => a - b);
}

export const keyboardTrapCheck: OwnCheck = {
  id: "clearsight-keyboard-trap",
  help: "Keyboard focus must be able to leave every part of the page, and reach every control",
  prepare: (page, { cdp }) => beginTabWalk(page, cdp),
  async run(page, { cdp }) {
    const walk = await walkTabOrder(page, cdp);
    const cycle = cycleAtEnd(walk.positions, walk.tabbable);
    if (!cycle) {
      if (!walk.scripted || walk.positions.length < walk.tabbable.length + 1) return [];
      const unreached = walk.tabbable.filter((id) => !walk.positions.includes(id));
      return (await describeRecorded(cdp, unreached)).map(
        (element): CheckFinding => ({
          selector: element.selector,
          html: element.html,
          kind: "needs_review",
          impact: "serious",
          criteria: ["2.1.1"],
          summary: "Tab never reached this control: the page's scripts moved focus elsewhere. Check it can be used from the keyboard.",
        }),
      );
    }
    const described = await describeRecorded(cdp, cycle);
    if (described.every((element) => element.inDialog)) return [];
    const escaped = await leaves(page, cdp, cycle);
    if (escaped === true) return [];
    const names = described.map((element) => `"${element.name || element.selector}"`).join(", ");
    const helpful = described.find((element) => HELP.test(element.name));
    const first = described[0]!;
    const tried = ["Tab", "Shift+Tab", "Escape", ...escaped.advised].join(", ");
    return [
      {
        selector: first.selector,
        html: first.html,
        kind: helpful ? "needs_review" : "violation",
        impact: "critical",
        criteria: ["2.1.2"],
        summary: helpful
          ? `Keyboard focus keeps cycling through ${names} (tried ${tried}); "${helpful.name}" may tell how to leave: check that it does.`
          : `Keyboard focus is trapped: it keeps cycling through ${names} and cannot reach the rest of the page (tried ${tried}).`,
      },
    ];
  },
};

/** Whether focus can leave the cycle by the standard keys or a key the page advises; else the advised keys tried. */
async function leaves(page: Page, cdp: Parameters<OwnCheck["run"]>[1]["cdp"], cycle: readonly number[]): Promise<true | { advised: string[] }> {
  const rounds = cycle.length + 2;
  const out = (position: FocusPosition) => !cycle.includes(position);
  for (let press = 0; press < rounds; press++) if (out(await pressAndSettle(cdp, SHIFT_TAB))) return true;
  if (out(await pressAndSettle(cdp, ESCAPE))) return true;
  for (let press = 0; press < rounds; press++) if (out(await pressAndSettle(cdp, TAB))) return true;
  const text = (await evaluate(cdp, "document.body ? document.body.innerText : ''")) as string;
  const advised = [...new Set([...text.matchAll(ADVICE)].map((match) => keyCombination(match[1]!)))].slice(0, 3);
  for (const combination of advised) {
    await page.keyboard.press(combination);
    for (let press = 0; press < rounds; press++) if (out(await pressAndSettle(cdp, TAB))) return true;
  }
  return { advised };
}
