/**
 * Clearsight's own checks (what no engine catches: keyboard traps, focus visible, reflow…), as
 * data the session form, the API and the worker share (no check code here: this module is
 * imported by client components too). Each check's implementation is a module of this folder,
 * run as a ScanEngine (lib/scans/engines/engine.ts) listed under the same id in registry.ts.
 */
export type CheckInfo = {
  /** Stable id, stored in session settings and with each finding's sources. */
  id: string;
  name: string;
  /** What it detects, for the session form. */
  description: string;
  /** The WCAG criteria its findings fail. */
  wcagCriteria: readonly string[];
  /** On unless a session switches it off. */
  defaultOn: boolean;
};

export const CHECK_CATALOG: readonly CheckInfo[] = [
  {
    id: "clearsight-link-purpose",
    name: "Link purpose",
    description: 'Links named "click here", "read more", "more"… with no text around them saying where they lead.',
    wcagCriteria: ["2.4.4", "2.4.9"],
    defaultOn: true,
  },
  {
    id: "clearsight-alt-text-file-name",
    name: "Alt text that is a file name",
    description: 'Images whose text alternative is a file name ("IMG_0042.jpg").',
    wcagCriteria: ["1.1.1"],
    defaultOn: true,
  },
  {
    id: "clearsight-text-spacing",
    name: "Text spacing",
    description: "Text that keeps tight spacing against users' settings, or is cut off when they increase line, letter, word or paragraph spacing.",
    wcagCriteria: ["1.4.12"],
    defaultOn: true,
  },
  {
    id: "clearsight-keyboard-trap",
    name: "Keyboard trap",
    description: "Tabs through the page: focus that cannot leave a part of it by Tab, Shift+Tab, Escape or an advised key, and controls Tab never reaches.",
    wcagCriteria: ["2.1.2", "2.1.1"],
    defaultOn: true,
  },
  {
    id: "clearsight-focus-visible",
    name: "Focus visible",
    description: "Tabs through the page: elements that look the same focused and unfocused.",
    wcagCriteria: ["2.4.7"],
    defaultOn: true,
  },
  {
    id: "clearsight-reflow",
    name: "Reflow at 320 px",
    description: "Narrows the page to 320 CSS px (400 % zoom): content that makes it scroll sideways, or text cut off.",
    wcagCriteria: ["1.4.10"],
    defaultOn: true,
  },
];

export const CHECK_IDS: readonly string[] = CHECK_CATALOG.map((check) => check.id);
export const DEFAULT_CHECK_IDS: readonly string[] = CHECK_CATALOG.filter((check) => check.defaultOn).map((check) => check.id);
