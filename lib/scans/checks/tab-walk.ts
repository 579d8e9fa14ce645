/**
 * Walks a page with the Tab key, as a keyboard user does, for the keyboard checks
 * (keyboard-trap.ts, focus-visible.ts): real key presses through the DevTools protocol, so the
 * browser's own focus navigation and the page's key and focus handlers run. In the checks'
 * isolated world (in-page.ts), a recorder notes where focus is at each press and how each
 * focused element is styled.
 *
 * Cost: the presses go to the browser in one batch (~2 ms each here); only a page whose scripts
 * move focus themselves (a focus event no Tab press caused) is walked again a press at a time,
 * waiting after each for focus to settle (such scripts often move it from a timer), because a
 * batch would outrun them. At most MAX_PRESSES presses: focus beyond the first ~70 stops of a
 * long page is not examined.
 * After the batch, scripts get BATCH_PAUSE_MS to move focus from a timer. The walk can begin
 * before the other engines run (beginTabWalk, see ScanEngine.prepare): the pause then passes
 * while they work instead of being waited out (~25 ms less a page on the benchmark's pages).
 */
import type { CDPSession, Page } from "playwright-core";
import { evaluate, inPageScript } from "./in-page";

/** Where focus is: an element's recorder id, or -1 when no element has it (the page's end). */
export type FocusPosition = number;

export type TabWalk = {
  /** Elements the page lets Tab reach (by their markup), by recorder id, in document order. */
  tabbable: number[];
  /** Focus after each press. */
  positions: FocusPosition[];
  /** A script moved focus on its own during the walk (the positions then come from the settled walk). */
  scripted: boolean;
};

const MAX_PRESSES = 72;
const SETTLE_QUIET_MS = 40;
const SETTLE_LIMIT_MS = 150;
const BATCH_PAUSE_MS = 30;

/** The recorder, installed once per document; window.__clearsightKeys. */
const RECORDER = String.raw`(() => {
  if (window.__clearsightKeys) return window.__clearsightKeys.tabbable;
  const PROPS = ["outline-style", "outline-width", "outline-color", "outline-offset", "box-shadow", "border-top-color", "border-bottom-color",
    "border-left-color", "border-right-color", "border-top-width", "border-bottom-width", "border-top-style", "background-color",
    "background-image", "color", "text-decoration-line", "text-decoration-color", "text-decoration-thickness", "opacity", "transform",
    "filter", "visibility", "position", "top", "left", "clip", "clip-path", "width", "height", "font-weight", "z-index", "text-shadow"];
  const state = { ids: new Map(), elements: [], presses: [], focusins: [], tabPending: false, lastTab: 0, unfocused: new Map(), focused: new Map(), tabbable: [] };
  window.__clearsightKeys = state;
  state.idOf = (el) => {
    if (!state.ids.has(el)) {
      state.ids.set(el, state.elements.length);
      state.elements.push(el);
    }
    return state.ids.get(el);
  };
  state.active = () => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el && el !== document.body && el !== document.documentElement ? el : null;
  };
  // How an element and what usually shows its focus (its pseudo-elements and its parent) look.
  state.signature = (el) => {
    const parts = [];
    for (const [target, pseudo] of [[el, null], [el, "::before"], [el, "::after"], [el.parentElement, null]]) {
      if (!target) continue;
      const style = getComputedStyle(target, pseudo);
      // An outline's width, colour and offset show nothing while it has no style.
      const outlined = style.outlineStyle !== "none";
      parts.push(PROPS.map((property) => (!outlined && property.startsWith("outline-") ? "" : style.getPropertyValue(property))).join("|"));
    }
    return parts.join("#");
  };
  const TABBABLE = 'a[href], area[href], button, input:not([type="hidden" i]), select, textarea, iframe, summary, [tabindex], [contenteditable]:not([contenteditable="false" i]), audio[controls], video[controls]';
  for (const el of document.querySelectorAll(TABBABLE)) {
    if (el.tabIndex < 0 || el.disabled || el.closest("[inert]")) continue;
    if (!el.checkVisibility({ visibilityProperty: true }) || el.getClientRects().length === 0) continue;
    if (el.localName === "summary" && el.parentElement?.localName !== "details") continue;
    if (el.closest("details:not([open])") && el.closest("details:not([open])").querySelector("summary") !== el) continue;
    const id = state.idOf(el);
    state.tabbable.push(id);
    state.unfocused.set(id, state.signature(el));
  }
  window.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const el = state.active();
    state.presses.push(el ? state.idOf(el) : -1);
    state.lastTab = performance.now();
    // Tab moves focus in this same task, after the listeners: focus moved in a later task is a script's.
    state.tabPending = true;
    setTimeout(() => { state.tabPending = false; }, 0);
  }, true);
  document.addEventListener("focusin", () => {
    const el = state.active();
    if (!el) return;
    const id = state.idOf(el);
    state.focusins.push({ id, byTab: state.tabPending });
    state.tabPending = false;
    if (!state.focused.has(id)) state.focused.set(id, state.signature(el));
  }, true);
  return state.tabbable;
})()`;

const SETTLE = `new Promise((resolve) => {
  const state = window.__clearsightKeys;
  const started = performance.now();
  let count = state.focusins.length;
  const check = () => {
    if (state.focusins.length !== count && performance.now() - started < ${SETTLE_LIMIT_MS}) {
      count = state.focusins.length;
      setTimeout(check, ${SETTLE_QUIET_MS});
      return;
    }
    const el = state.active();
    resolve(el ? state.idOf(el) : -1);
  };
  setTimeout(check, ${SETTLE_QUIET_MS});
})`;

export type KeyPress = { key: string; code: string; keyCode: number; modifiers?: number };
export const TAB: KeyPress = { key: "Tab", code: "Tab", keyCode: 9 };
export const SHIFT_TAB: KeyPress = { ...TAB, modifiers: 8 };
export const ESCAPE: KeyPress = { key: "Escape", code: "Escape", keyCode: 27 };

/*
 * A key going down is what moves focus; without its key-up the batch costs half the round trips.
 * Every walk ends with the key released (see releaseKeys) so the page sees no key held.
 */
function pressDown(cdp: CDPSession, press: KeyPress): Promise<unknown> {
  return cdp.send("Input.dispatchKeyEvent", { type: "rawKeyDown", key: press.key, code: press.code, windowsVirtualKeyCode: press.keyCode, modifiers: press.modifiers ?? 0 });
}

async function releaseKeys(cdp: CDPSession, press: KeyPress): Promise<void> {
  await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", key: press.key, code: press.code, windowsVirtualKeyCode: press.keyCode, modifiers: 0 });
}

/** Presses a key and waits for focus to settle; returns where focus is. */
export async function pressAndSettle(cdp: CDPSession, press: KeyPress): Promise<FocusPosition> {
  await pressDown(cdp, press);
  await releaseKeys(cdp, press);
  return (await evaluate(cdp, SETTLE)) as FocusPosition;
}

/** A page's walk: `pressed` once the batch of presses is made, `done` with its outcome. */
type Walk = { pressed: Promise<void>; done: Promise<TabWalk> };

const walks = new WeakMap<Page, Walk>();

function walkOf(page: Page, cdp: CDPSession): Walk {
  let walk = walks.get(page);
  if (!walk) {
    let pressed: () => void = () => undefined;
    const whenPressed = new Promise<void>((resolve) => (pressed = resolve));
    const done = runWalk(cdp, () => pressed());
    // A walk that ends early (no element to reach, a page gone) has made all its presses too.
    done.then(pressed, pressed);
    walk = { pressed: whenPressed, done };
    walks.set(page, walk);
  }
  return walk;
}

/**
 * Starts the page's Tab walk; settles once its batch of presses has been made, while the walk
 * goes on giving scripts their pause. The page is then as the presses left it: focus past its
 * last element.
 */
export function beginTabWalk(page: Page, cdp: CDPSession): Promise<void> {
  return walkOf(page, cdp).pressed;
}

/** The page's Tab walk, made once per page and shared by the keyboard checks. */
export function walkTabOrder(page: Page, cdp: CDPSession): Promise<TabWalk> {
  return walkOf(page, cdp).done;
}

async function runWalk(cdp: CDPSession, pressed: () => void): Promise<TabWalk> {
  const tabbable = (await evaluate(cdp, RECORDER)) as number[];
  const tabbableCount = tabbable.length;
  if (tabbableCount === 0) return { tabbable, positions: [], scripted: false };
  // From the page's start, one press per element and one past the last, so the batch ends
  // outside the page's elements: a script that moves focus back after the batch shows then.
  const presses = Math.min(tabbableCount + 1, MAX_PRESSES);
  await Promise.all(Array.from({ length: presses }, () => pressDown(cdp, TAB)));
  await releaseKeys(cdp, TAB);
  pressed();
  // A short pause after the last press for scripts that move focus from a timer after a blur
  // (the batch outran them); what the page ran meanwhile counts towards it. Always through a
  // timer of its own, so timers already due (the page's) run first.
  const fast = (await evaluate(cdp, `new Promise((resolve) => setTimeout(resolve, Math.max(0, ${BATCH_PAUSE_MS} - (performance.now() - window.__clearsightKeys.lastTab)))).then(() => {
    const state = window.__clearsightKeys;
    const el = state.active();
    return { presses: state.presses, final: el ? state.idOf(el) : -1, scripted: state.focusins.some((focusin) => !focusin.byTab) };
  })`)) as { presses: number[]; final: number; scripted: boolean };
  const positions = [...fast.presses.slice(1), fast.final];
  if (!fast.scripted && positions.includes(-1)) return { tabbable, positions, scripted: false };
  // Scripts move focus, or the batch never reached the page's end: walk again, a press at a
  // time, letting scripts finish after each.
  const settled: FocusPosition[] = [];
  // Enough presses for a cycle to come round twice in the second half of the walk.
  const settledPresses = Math.min(Math.max(presses + 2, 12), MAX_PRESSES / 2);
  for (let press = 0; press < settledPresses; press++) settled.push(await pressAndSettle(cdp, TAB));
  return { tabbable, positions: settled, scripted: fast.scripted };
}

/** Facts about recorded elements: selector, markup, name, and whether they sit in a modal dialog. */
export async function describeRecorded(cdp: CDPSession, ids: readonly number[]): Promise<Array<{ selector: string; html: string; name: string; inDialog: boolean; editable: boolean }>> {
  return (await evaluate(
    cdp,
    inPageScript(
      `return argument.map((id) => {
        const el = window.__clearsightKeys.elements[id];
        return {
          selector: cs.selectorOf(el),
          html: cs.htmlOf(el),
          name: cs.nameOf(el),
          inDialog: !!el.closest('dialog[open], [role="dialog"][aria-modal="true"], [role="alertdialog"][aria-modal="true"]'),
          editable: el.isContentEditable || el.localName === "textarea" || el.localName === "select" || (el.localName === "input" && !/^(button|submit|reset|image|checkbox|radio|range|color|file)$/i.test(el.type)),
        };
      })`,
      ids,
    ),
  )) as Array<{ selector: string; html: string; name: string; inDialog: boolean; editable: boolean }>;
}
