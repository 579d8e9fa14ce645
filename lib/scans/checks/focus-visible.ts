/**
 * Focus visible (WCAG 2.4.7 Focus Visible, AA): every element Tab reaches must show that it has
 * focus. During the Tab walk (tab-walk.ts) each element's look (outline, shadow, border,
 * background, colour, underline, position, and the same of its pseudo-elements and its parent)
 * is recorded as Tab focuses it and compared with its look before the walk. Where nothing of
 * that changed, the focus may show elsewhere (a script marking another element), so the
 * element's surroundings are captured focused and unfocused, with transitions off: identical
 * pixels mean nothing shows where focus is. Text fields are left out (their caret shows focus).
 */
import type { CheckFinding, OwnCheck } from "./own-check";
import { evaluate } from "./in-page";
import { beginTabWalk, describeRecorded, walkTabOrder } from "./tab-walk";

/** Elements compared pixel by pixel at most, per page (each costs two small captures). */
const MAX_CAPTURED = 8;
/** Around the element, in CSS px: an indicator is usually drawn next to it. */
const MARGIN = 24;

const SUSPECTS = `(() => {
  const state = window.__clearsightKeys;
  return [...state.focused.keys()].filter((id) => state.unfocused.has(id) && state.unfocused.get(id) === state.focused.get(id));
})()`;

const NO_TRANSITIONS_ID = "__clearsight-no-transitions";

export const focusVisibleCheck: OwnCheck = {
  id: "clearsight-focus-visible",
  help: "Elements that receive keyboard focus must show it",
  prepare: (page, { cdp }) => beginTabWalk(page, cdp),
  async run(page, { cdp }) {
    await walkTabOrder(page, cdp);
    const suspects = (await evaluate(cdp, SUSPECTS)) as number[];
    if (suspects.length === 0) return [];
    const described = (await describeRecorded(cdp, suspects)).map((element, index) => ({ ...element, id: suspects[index]! }));
    const candidates = described.filter((element) => !element.editable).slice(0, MAX_CAPTURED);
    const found: CheckFinding[] = [];
    await evaluate(cdp, `(() => {
      const style = document.createElement("style");
      style.id = ${JSON.stringify(NO_TRANSITIONS_ID)};
      style.textContent = "*, *::before, *::after { transition: none !important; animation-play-state: paused !important; caret-color: transparent !important; }";
      document.documentElement.append(style);
    })()`);
    try {
      for (const element of candidates) {
        const look = async (focused: boolean) => {
          const clip = (await evaluate(cdp, `new Promise((resolve) => {
            const el = window.__clearsightKeys.elements[${element.id}];
            if (${focused}) el.focus(); else el.blur();
            requestAnimationFrame(() => requestAnimationFrame(() => {
              const rect = el.getBoundingClientRect();
              const x = Math.max(0, rect.left - ${MARGIN}), y = Math.max(0, rect.top - ${MARGIN});
              const width = Math.min(window.innerWidth, rect.right + ${MARGIN}) - x, height = Math.min(window.innerHeight, rect.bottom + ${MARGIN}) - y;
              resolve(width >= 1 && height >= 1 ? { x: x + window.scrollX, y: y + window.scrollY, width, height, scale: 1 } : null);
            }));
          })`)) as { x: number; y: number; width: number; height: number; scale: number } | null;
          if (!clip) return null;
          const { data } = await cdp.send("Page.captureScreenshot", { format: "png", clip });
          return data;
        };
        const focusedLook = await look(true);
        const unfocusedLook = await look(false);
        if (focusedLook === null || focusedLook !== unfocusedLook) continue;
        found.push({
          selector: element.selector,
          html: element.html,
          kind: "violation",
          impact: "serious",
          summary: "Nothing shows that this element has keyboard focus: it and its surroundings look the same focused and unfocused (an outline removed with nothing in its place?).",
        });
      }
    } finally {
      await evaluate(cdp, `document.getElementById(${JSON.stringify(NO_TRANSITIONS_ID)})?.remove(); document.activeElement?.blur?.()`);
    }
    return found;
  },
};
