/**
 * Where the checks' scripts run: an isolated world of the tab's top document (its own globals
 * over the same DOM, as axe-core's, see page-scan.ts), so what the page's scripts do to their
 * globals (getComputedStyle, querySelectorAll, focus()) does not reach the checks, and the
 * checks' state (the Tab walk's recorder) is out of the page's reach. Evaluated through the
 * tab's DevTools session: ~0.5 ms less worker CPU a call than page.evaluate(), measured here.
 *
 * Helpers the checks use inside the page, as JavaScript text (transpilers wrap named functions
 * in helpers that do not exist in the page, see page-scan.ts). `inPageScript(body)` gives a
 * script whose value is the body's, with `cs` in scope:
 *   cs.selectorOf(el)  a CSS selector unique in the document (an id when it is unique, else a path)
 *   cs.htmlOf(el)      the element's markup, shortened
 *   cs.boxOf(el)       its region in the document (CSS px), or null when it has none
 *   cs.isRendered(el)  rendered and not visually hidden (display, visibility, content-visibility, size)
 *   cs.isHidden(el)    not rendered, or hidden from assistive technologies (aria-hidden, inert)
 *   cs.nameOf(el)      its accessible name, simplified: aria-labelledby, aria-label, alt, content, title
 *   cs.ownText(el)     the text of its own text nodes (not its children's), whitespace collapsed
 */
import type { CDPSession } from "playwright-core";
import { exceptionText, isolatedWorld } from "../engine-script";

const WORLD = "clearsight-checks";
const worlds = new WeakMap<CDPSession, Promise<number>>();

/** The checks' world in the tab's current document, made on first use. */
function checksWorld(cdp: CDPSession): Promise<number> {
  let world = worlds.get(cdp);
  if (!world) {
    world = isolatedWorld(cdp, WORLD);
    worlds.set(cdp, world);
  }
  return world;
}

/** Evaluates a script in the checks' world, awaiting a promise it gives; its value comes back as JSON. */
export async function evaluate(cdp: CDPSession, expression: string): Promise<unknown> {
  const answer = await cdp.send("Runtime.evaluate", { expression, contextId: await checksWorld(cdp), awaitPromise: true, returnByValue: true });
  if (answer.exceptionDetails) throw new Error(`The check's script failed in the page: ${exceptionText(answer.exceptionDetails)}`);
  return answer.result.value;
}

const HELPERS = String.raw`
const cs = {
  selectorOf(el) {
    const parts = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.id && document.querySelectorAll("#" + CSS.escape(node.id)).length === 1) {
        parts.unshift("#" + CSS.escape(node.id));
        break;
      }
      const tag = node.localName;
      const parent = node.parentElement;
      if (!parent) {
        parts.unshift(tag);
        break;
      }
      const same = Array.from(parent.children).filter((child) => child.localName === tag);
      parts.unshift(same.length > 1 ? tag + ":nth-child(" + (Array.from(parent.children).indexOf(node) + 1) + ")" : tag);
    }
    return parts.join(" > ");
  },
  htmlOf(el) {
    const html = el.outerHTML;
    return html.length > 500 ? html.slice(0, 500) + "…" : html;
  },
  boxOf(el) {
    const rect = el.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) return null;
    return { x: rect.left + window.scrollX, y: rect.top + window.scrollY, width: rect.width, height: rect.height };
  },
  isRendered(el) {
    if (!el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) return false;
    const rect = el.getBoundingClientRect();
    if (rect.width < 1 && rect.height < 1 && el.getClientRects().length === 0) return false;
    // Moved out of the document's area (the "off-left" way of hiding).
    if (rect.right + window.scrollX <= 0 || rect.bottom + window.scrollY <= 0) return false;
    return true;
  },
  isHidden(el) {
    return !cs.isRendered(el) || !!el.closest('[aria-hidden="true"], [inert]');
  },
  squash(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  },
  contentText(el) {
    let text = "";
    for (const node of el.childNodes) {
      if (node.nodeType === 3) text += node.data;
      else if (node.nodeType === 1) {
        if (node.getAttribute("aria-hidden") === "true") continue;
        const tag = node.localName;
        if (tag === "img" || tag === "area" || (tag === "input" && node.type === "image")) text += " " + (node.getAttribute("alt") || "") + " ";
        else if (tag === "script" || tag === "style" || tag === "template") continue;
        else if (node.getAttribute("aria-label")) text += " " + node.getAttribute("aria-label") + " ";
        else if (tag === "title" && node.namespaceURI === "http://www.w3.org/2000/svg") text += " " + node.textContent + " ";
        else if (node instanceof HTMLElement && !node.checkVisibility({ visibilityProperty: true })) continue;
        else text += " " + cs.contentText(node) + " ";
      }
    }
    return text;
  },
  nameOf(el) {
    const labelledBy = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean)
      .map((id) => document.getElementById(id)).filter(Boolean).map((label) => cs.contentText(label)).join(" ");
    if (cs.squash(labelledBy)) return cs.squash(labelledBy);
    if (cs.squash(el.getAttribute("aria-label"))) return cs.squash(el.getAttribute("aria-label"));
    if (el.localName === "img" || el.localName === "area" || (el.localName === "input" && el.type === "image")) {
      if (el.hasAttribute("alt")) return cs.squash(el.getAttribute("alt"));
    } else {
      const content = cs.squash(cs.contentText(el));
      if (content) return content;
    }
    return cs.squash(el.getAttribute("title"));
  },
  ownText(el) {
    let text = "";
    for (const node of el.childNodes) if (node.nodeType === 3) text += node.data;
    return cs.squash(text);
  },
};
`;

/** A script for evaluate(): the body runs with the helpers in scope and gives the script's value. */
export function inPageScript(body: string, argument?: unknown): string {
  return `(async (argument) => {${HELPERS}\n${body}\n})(${JSON.stringify(argument ?? null)})`;
}
