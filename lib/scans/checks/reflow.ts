/**
 * Reflow (WCAG 1.4.10 Reflow, AA): at 320 CSS px wide (what a 1280 px window shows at 400 %
 * zoom) content must fit the width, scrolling only up and down, except content that needs two
 * dimensions to mean anything (data tables, preformatted code, images, video, maps, canvases,
 * grids, toolbars). The check narrows the viewport to 320 px (keeping its proportions), lets
 * the page's own resize handling run, and finds:
 *   - the elements that stick out to the right of the 320 px page and make it scroll sideways
 *     (outermost offenders only; not inside two-dimensional content or a box scrolling on its
 *     own): violations;
 *   - the same, when the page hides its sideways overflow instead (content cut off at the
 *     right edge, or an off-canvas part of the page): to review;
 *   - boxes that clip their overflow and showed all their text at the session's width but cut
 *     some off at 320 px: to review (the full text may be offered elsewhere).
 * The viewport is put back afterwards.
 */
import type { CheckFinding, OwnCheck } from "./own-check";
import { evaluate, inPageScript } from "./in-page";

const NARROW_WIDTH = 320;
const MAX_FINDINGS = 10;

// Resize events are dispatched in the next frame, before its animation callbacks.
const NEXT_FRAME = "new Promise((resolve) => requestAnimationFrame(resolve))";

/** Before narrowing: the boxes that clip their overflow and show all their text. */
const BEFORE = String.raw`
const CLIPS = new Set(["hidden", "clip"]);
const boxes = [];
for (const el of document.body ? document.body.querySelectorAll("*") : []) {
  const style = getComputedStyle(el);
  if (!CLIPS.has(style.overflowX) && !CLIPS.has(style.overflowY)) continue;
  if (!/\S/.test(el.textContent || "") || el.clientWidth < 2 || el.clientHeight < 2) continue;
  if (el.scrollWidth - el.clientWidth > 2 || el.scrollHeight - el.clientHeight > 2) continue;
  boxes.push(el);
}
window.__clearsightReflow = boxes;
return boxes.length;
`;

const NARROW = String.raw`
const width = window.innerWidth;
const TOLERANCE = 2;
const TWO_DIMENSIONAL = "table, pre, code, samp, kbd, canvas, svg, video, iframe, object, embed, img, picture, math, [role=grid], [role=treegrid], [role=application], [role=img], [role=toolbar], [role=tablist], [role=menubar], [role=slider]";
const root = document.documentElement;
const hidesSideways = [root, document.body].some((el) => el && /hidden|clip/.test(getComputedStyle(el).overflowX));
const overflows = root.scrollWidth > width + TOLERANCE || hidesSideways;
const found = [];
if (overflows && document.body) {
  for (const el of document.body.querySelectorAll("*")) {
    if (found.length >= argument.max) break;
    const rect = el.getBoundingClientRect();
    if (rect.right + window.scrollX <= width + TOLERANCE || rect.width < 1 || rect.height < 1) continue;
    if (el.closest(TWO_DIMENSIONAL) || !cs.isRendered(el) || getComputedStyle(el).position === "fixed") continue;
    // The outermost offender: its parent fits (or is the page itself).
    const parent = el.parentElement;
    if (parent && parent !== document.body && parent.getBoundingClientRect().right + window.scrollX > width + TOLERANCE) continue;
    // Inside a box that scrolls or clips sideways on its own, it does not widen the page.
    let contained = false;
    for (let box = parent; box && box !== document.body && !contained; box = box.parentElement) contained = getComputedStyle(box).overflowX !== "visible";
    if (contained) continue;
    const overhang = Math.round(rect.right + window.scrollX - width);
    found.push({
      selector: cs.selectorOf(el),
      html: cs.htmlOf(el),
      kind: hidesSideways ? "needs_review" : "violation",
      summary: hidesSideways
        ? "At 320 CSS px wide this element reaches " + overhang + " px beyond the right edge, where the page hides its overflow: check nothing needed is cut off there."
        : "At 320 CSS px wide this element reaches " + overhang + " px beyond the right edge, so the page scrolls sideways as well as up and down.",
    });
  }
}
for (const el of window.__clearsightReflow || []) {
  if (found.length >= argument.max) break;
  if (!el.isConnected || !cs.isRendered(el)) continue;
  const overX = el.scrollWidth - el.clientWidth, overY = el.scrollHeight - el.clientHeight;
  if (overX <= TOLERANCE && overY <= TOLERANCE) continue;
  found.push({
    selector: cs.selectorOf(el),
    html: cs.htmlOf(el),
    kind: "needs_review",
    summary: "At 320 CSS px wide this box cuts off " + Math.round(Math.max(overX, overY)) + " px of its content, which it showed whole at the session's width: check the text is available in full.",
  });
}
delete window.__clearsightReflow;
return found;
`;

export const reflowCheck: OwnCheck = {
  id: "clearsight-reflow",
  help: "Content must reflow to 320 CSS px without scrolling sideways or losing text",
  async run(_page, { options, cdp }) {
    const viewport = options.viewport;
    await evaluate(cdp, inPageScript(BEFORE));
    const narrow = { width: NARROW_WIDTH, height: Math.max(1, Math.round((viewport.height * NARROW_WIDTH) / viewport.width)) };
    let found: Array<Omit<CheckFinding, "impact">>;
    try {
      await cdp.send("Emulation.setDeviceMetricsOverride", metrics(narrow, viewport));
      // The page's own resize handling (media queries, resize listeners) runs before it is measured.
      await evaluate(cdp, NEXT_FRAME);
      found = (await evaluate(cdp, inPageScript(NARROW, { max: MAX_FINDINGS }))) as Array<Omit<CheckFinding, "impact">>;
    } finally {
      // Put back without waiting for the page to redraw: whatever reads it next lays it out anew.
      await cdp.send("Emulation.setDeviceMetricsOverride", metrics(viewport, viewport));
    }
    return found.map((finding) => ({ ...finding, impact: "serious" }));
  },
};

/*
 * The device metrics the viewport is emulated with: those Playwright gives a context made with
 * only a viewport (scan-tab.ts), whose screen is the viewport's size. Set through the tab's
 * DevTools session, not page.setViewportSize(), which also resizes the browser window each time:
 * ~30 ms less CPU a page for the two changes, measured here.
 */
function metrics(size: { width: number; height: number }, screen: { width: number; height: number }) {
  return { mobile: false, width: size.width, height: size.height, screenWidth: screen.width, screenHeight: screen.height, deviceScaleFactor: 1, screenOrientation: { angle: 0, type: "landscapePrimary" as const } };
}
