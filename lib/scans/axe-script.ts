/** axe-core as a script to evaluate in a page or frame, configured for cross-origin frames. */
import axe from "axe-core";

export const AXE_VERSION = axe.version;

export const AXE_SCRIPT = `${axe.source};axe.configure({allowedOrigins:["<unsafe_all_origins>"],branding:{application:"clearsight"}});`;

/** The name axe-core is compiled under in a page; a fixed name lets V8 reuse its compilation. */
export const AXE_SCRIPT_NAME = "clearsight-axe-core.js";
