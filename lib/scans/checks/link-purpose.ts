/**
 * Link purpose (WCAG 2.4.4 Link Purpose (In Context), A; 2.4.9 Link Purpose (Link Only), AAA):
 * a link whose name says nothing about where it goes ("click here", "read more", "more",
 * "details", "download"…, or only symbols such as "»") fails both when nothing that is
 * programmatically its context says it either: no aria-describedby or title, and no other text
 * in the block its text flows in (its paragraph, list item, table cell or other block box: the
 * contexts of WCAG's definition of "programmatically determined link context"; text of other
 * blocks, such as the next paragraph, is not its context). With a heading before it in the same
 * section, the heading may give the purpose (technique H80): the link is then to review, not a
 * violation. Empty names are axe-core's link-name rule, not this check's.
 */
import type { CheckFinding, OwnCheck } from "./own-check";
import { evaluate, inPageScript } from "./in-page";

/** Link names that say what kind of action a link is, not what it leads to (lower case, no punctuation). */
export const GENERIC_LINK_NAMES = [
  "click",
  "click here",
  "click this",
  "here",
  "go",
  "go here",
  "link",
  "this link",
  "this",
  "this page",
  "page",
  "more",
  "read more",
  "learn more",
  "see more",
  "view more",
  "show more",
  "find out more",
  "more info",
  "more information",
  "more details",
  "details",
  "info",
  "information",
  "continue",
  "continue reading",
  "download",
  "open",
  "view",
  "website",
  "visit",
  "start",
];

const SOURCE = `
const generic = new Set(argument.generic);
const normalize = (name) => name.toLowerCase().replace(/[^\\p{L}\\p{N}]+/gu, " ").trim();
const isInline = (el) => {
  const display = getComputedStyle(el).display;
  return display.startsWith("inline") || display === "contents";
};
// The block the link's text flows in (a paragraph, list item, cell, or any other block box).
const blockOf = (el) => {
  while (el && el !== document.body && isInline(el)) el = el.parentElement;
  return el;
};
// The text in the same block as the link, outside it: not the text of blocks nested in it.
const textAround = (link, block) => {
  let text = "";
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || link.contains(parent) || parent.closest("[aria-hidden=true], script, style, template")) continue;
    if (blockOf(parent) === block) text += " " + node.data;
  }
  return text;
};
const HEADING = "h1, h2, h3, h4, h5, h6, [role=heading]";
const found = [];
for (const link of document.querySelectorAll('a[href], area[href], [role="link"]')) {
  const role = link.getAttribute("role");
  if (role && role.trim().split(/\\s+/)[0] !== "link") continue;
  if (cs.isHidden(link) && link.localName !== "area") continue;
  const name = cs.nameOf(link);
  if (!name) continue;
  const words = normalize(name);
  if (words && !generic.has(words)) continue;
  // Context the link has: a description, or other text in its paragraph, list item or cell.
  const described = (link.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean)
    .some((id) => cs.squash(document.getElementById(id)?.textContent));
  const title = normalize(cs.squash(link.getAttribute("title")));
  if (described || (title && title !== words && !generic.has(title))) continue;
  const block = blockOf(link.parentElement);
  if (block && /\\p{L}{2,}/u.test(normalize(textAround(link, block)))) continue;
  // A heading before the link in its section may give the purpose (technique H80).
  let headed = false;
  for (let scope = link.parentElement; scope && !headed; scope = scope.parentElement) {
    for (const heading of scope.querySelectorAll(HEADING)) {
      if (heading.compareDocumentPosition(link) & Node.DOCUMENT_POSITION_FOLLOWING && cs.squash(heading.textContent)) {
        headed = true;
        break;
      }
    }
    if (scope.matches("article, section, aside, nav, main, [role=region], [role=article], body")) break;
  }
  found.push({
    selector: cs.selectorOf(link),
    html: cs.htmlOf(link),
    summary: headed
      ? "The link's name \\"" + name + "\\" does not say where it leads; check the heading before it does (nothing else in its paragraph, list item or cell does)."
      : "The link's name \\"" + name + "\\" does not say where it leads, and nothing in its paragraph, list item, table cell or description does.",
    kind: headed ? "needs_review" : "violation",
  });
}
return found;
`;

export const linkPurposeCheck: OwnCheck = {
  id: "clearsight-link-purpose",
  help: "Links must say where they lead, by their name or their context",
  async run(_page, { cdp }) {
    const found = (await evaluate(cdp, inPageScript(SOURCE, { generic: GENERIC_LINK_NAMES }))) as Array<Omit<CheckFinding, "impact">>;
    return found.map((finding) => ({ ...finding, impact: "serious" }));
  },
};
