/**
 * Text spacing (WCAG 1.4.12 Text Spacing, AA): people who need more space between lines,
 * letters, words and paragraphs set it themselves (line height 1.5, letter spacing 0.12em,
 * word spacing 0.16em, paragraph spacing 2em: the criterion's values), and no content may be
 * lost when they do. The check applies exactly that override, the way a user's style tool
 * does it, and in its strongest author-level form (an !important rule in the first cascade
 * layer, which beats every !important rule of the page's style sheets), then finds:
 *   - text the override could not reach: an !important spacing in a style attribute (which no
 *     style sheet can override) keeps the text tighter than the criterion's values (line height
 *     only matters for text that wraps onto more than one line);
 *   - text cut off: a box that clips its overflow showed all its content before the override
 *     and clips some after it (a violation; to review when the cut is marked with an ellipsis).
 * The override is removed afterwards.
 */
import type { CheckFinding, OwnCheck } from "./own-check";
import { evaluate, inPageScript } from "./in-page";

const SOURCE = String.raw`
const MAX_TEXT_ELEMENTS = 3000;
const TOLERANCE_PX = 2;
const CLIPS = new Set(["hidden", "clip"]);
// Elements with text of their own, as the user reads it.
const texts = [];
const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
let last = null;
for (let node = walker.nextNode(); node && texts.length < MAX_TEXT_ELEMENTS; node = walker.nextNode()) {
  const parent = node.parentElement;
  if (!parent || parent === last || !/\S/.test(node.data)) continue;
  if (parent.closest("script, style, template, noscript, svg, math, textarea, select, option")) continue;
  if (!cs.isRendered(parent)) continue;
  last = parent;
  texts.push(parent);
}
// The boxes that clip their overflow around that text, and whether they clipped anything before.
const clippers = new Map();
for (const text of texts) {
  for (let el = text; el && el !== document.documentElement; el = el.parentElement) {
    if (clippers.has(el)) break;
    const style = getComputedStyle(el);
    if (!CLIPS.has(style.overflowX) && !CLIPS.has(style.overflowY)) continue;
    clippers.set(el, {
      x: CLIPS.has(style.overflowX),
      y: CLIPS.has(style.overflowY),
      overX: el.scrollWidth - el.clientWidth,
      overY: el.scrollHeight - el.clientHeight,
      ellipsis: style.textOverflow === "ellipsis",
    });
  }
}
const override = document.createElement("style");
override.textContent = "@layer clearsight-text-spacing { *, *::before, *::after { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; } }";
// First in the document, so its layer is the first layer: its !important rules beat the page's.
document.documentElement.insertBefore(override, document.documentElement.firstChild);
const found = [];
try {
  const blocked = new Map();
  const REQUIRED = { "letter-spacing": 0.12, "word-spacing": 0.16, "line-height": 1.5 };
  for (const text of texts) {
    const style = getComputedStyle(text);
    const size = parseFloat(style.fontSize);
    if (!(size > 0)) continue;
    for (const [property, factor] of Object.entries(REQUIRED)) {
      const raw = style.getPropertyValue(property);
      const value = raw === "normal" ? (property === "line-height" ? 1.2 * size : 0) : parseFloat(raw);
      if (value >= factor * size - 0.05) continue;
      // The style attribute that holds the spacing against the override (inherited values go up).
      let holder = text;
      while (holder && !(holder.style.getPropertyPriority(property) === "important" && !/^(inherit|unset)$/.test(holder.style.getPropertyValue(property).trim()))) holder = holder.parentElement;
      if (!holder) continue;
      if (property === "line-height") {
        const range = document.createRange();
        range.selectNodeContents(text);
        const tops = new Set(Array.from(range.getClientRects()).filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
        if (tops.size < 2) continue;
      }
      const entry = blocked.get(holder) || { properties: [], element: holder };
      if (!entry.properties.some((known) => known.property === property)) entry.properties.push({ property, value: raw, required: factor + "em" });
      blocked.set(holder, entry);
    }
  }
  for (const { element, properties } of blocked.values()) {
    found.push({
      selector: cs.selectorOf(element),
      html: cs.htmlOf(element),
      kind: "violation",
      summary: "Its style attribute sets " + properties.map((p) => p.property + ": " + p.value + " !important").join(", ") +
        ", which no user style can override: the text stays tighter than " + properties.map((p) => p.property + " " + p.required).join(", ") + ".",
    });
  }
  for (const [el, before] of clippers) {
    if ((before.x && before.overX > TOLERANCE_PX) || (before.y && before.overY > TOLERANCE_PX)) continue;
    const overX = before.x ? el.scrollWidth - el.clientWidth : 0;
    const overY = before.y ? el.scrollHeight - el.clientHeight : 0;
    if (overX <= TOLERANCE_PX && overY <= TOLERANCE_PX) continue;
    if (el.clientWidth < 2 || el.clientHeight < 2) continue;
    found.push({
      selector: cs.selectorOf(el),
      html: cs.htmlOf(el),
      kind: before.ellipsis ? "needs_review" : "violation",
      summary: "With the text spacing users may set (line height 1.5, letter spacing 0.12em, word spacing 0.16em), this box cuts off " +
        Math.round(Math.max(overX, overY)) + " px of its content " + (overY > TOLERANCE_PX ? "at the bottom" : "at the side") +
        (before.ellipsis ? " (marked with an ellipsis): check nothing needed is lost." : ", which it showed whole before."),
    });
  }
} finally {
  override.remove();
}
return found;
`;

export const textSpacingCheck: OwnCheck = {
  id: "clearsight-text-spacing",
  help: "Text must stay readable, and whole, when users increase its spacing",
  async run(_page, { cdp }) {
    const found = (await evaluate(cdp, inPageScript(SOURCE))) as Array<Omit<CheckFinding, "impact">>;
    return found.map((finding) => ({ ...finding, impact: "serious" }));
  },
};
