/**
 * Puts an engine's browser script (axe-core, QualWeb) into an isolated world of a scanned page.
 *
 * Every page is scanned in a new tab (scan-tab.ts), so each needs the engines' scripts again:
 * ~650 KB for axe-core, ~870 KB for QualWeb. Sent through the DevTools protocol, a script is
 * written as JSON to Chromium's pipe, parsed and re-encoded by the browser process and decoded
 * again by the renderer: measured here, ~15 ms of CPU for QualWeb's 870 KB before V8 sees a
 * character. Instead the tab reads the script itself, from one ASCII file written once per
 * process (one byte a character, as V8 then holds it): a file input made in the isolated world
 * (never in the page's document, so the page cannot see it) is given the file through
 * DOM.setFileInputFiles, and the world reads it (the browser hands the bytes over in shared
 * memory) and evaluates it. The text is the same on every page, so V8 takes the compiled code
 * from its cache, as it does for a script compiled through the protocol under a fixed name.
 * Measured on the benchmark's pages: QualWeb's start ~41 → ~25 ms of CPU a page.
 * Evaluating text is allowed in an isolated world whatever the page's Content-Security-Policy
 * or Trusted Types say (tested: script-src 'none', require-trusted-types-for 'script'). Should
 * the file be unreadable or the evaluation refused all the same, the script is sent through
 * the protocol as before.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CDPSession } from "playwright-core";
import { asciiOnly } from "./axe-script";

const require = createRequire(import.meta.url);

export type EngineScript = {
  /** The script's name in stack traces and V8's cache ("clearsight-qualweb.js"). */
  name: string;
  /** The whole text, as one ASCII string; made when first needed. */
  source: () => string;
  /** A file holding that text, written when first needed. */
  file: () => string;
};

let directory: string | undefined;

/** A private folder for this process's script files, removed when it exits. */
function scriptsDirectory(): string {
  if (!directory) {
    const made = mkdtempSync(path.join(tmpdir(), "clearsight-engines-"));
    directory = made;
    process.once("exit", () => rmSync(made, { recursive: true, force: true }));
  }
  return directory;
}

/** A script made of installed packages' files (`require.resolve` names) and an epilogue. */
export function engineScript(name: string, modules: readonly string[], epilogue: string): EngineScript {
  let source: string | undefined;
  let file: string | undefined;
  const script: EngineScript = {
    name,
    source: () => (source ??= asciiOnly(`${modules.map((module) => readFileSync(require.resolve(module), "utf8")).join(";\n")};\n${epilogue}`)),
    file: () => {
      if (!file) {
        const written = path.join(scriptsDirectory(), name);
        writeFileSync(written, `${script.source()}\n//# sourceURL=${name}`, { mode: 0o600 });
        file = written;
      }
      return file;
    },
  };
  return script;
}

/*
 * Runs in the isolated world with the file input as `this`. A refused evaluation (EvalError)
 * and an unreadable file say so; anything the script itself throws is the script's failure.
 */
const LOAD_FILE = `async function () {
  let text;
  try {
    text = await this.files[0].text();
  } catch (error) {
    return { unavailable: "the file could not be read: " + error };
  }
  try {
    return { value: (0, eval)(text) };
  } catch (error) {
    if (error instanceof EvalError) return { unavailable: "evaluation refused: " + error.message };
    return { failed: String(error && error.stack || error) };
  }
}`;

type Loaded = { value?: unknown; unavailable?: string; failed?: string };

/**
 * An isolated world of the tab's top document, made under `name`: its own globals over the
 * page's DOM, which the page's scripts cannot reach. Returns its execution context id.
 */
export async function isolatedWorld(cdp: CDPSession, name: string): Promise<number> {
  const { frameTree } = await cdp.send("Page.getFrameTree");
  return (await cdp.send("Page.createIsolatedWorld", { frameId: frameTree.frame.id, worldName: name })).executionContextId;
}

/** What a script run through the DevTools protocol threw, for an error message. */
export function exceptionText(details: { text: string; exception?: { description?: string } }): string {
  return details.exception?.description ?? details.text;
}

/** Runs the script in the world (a Runtime execution context id); returns its value. */
export async function runEngineScript(cdp: CDPSession, world: number, script: EngineScript): Promise<unknown> {
  const loaded = await fromFiles(cdp, world, script).catch((error: unknown): Loaded => ({ unavailable: String(error) }));
  if (loaded.failed !== undefined) throw new Error(`${script.name} failed to start in the page: ${loaded.failed}`);
  if (loaded.unavailable === undefined) return loaded.value;
  return throughProtocol(cdp, world, script);
}

async function fromFiles(cdp: CDPSession, world: number, script: EngineScript): Promise<Loaded> {
  const { result: input } = await cdp.send("Runtime.evaluate", {
    expression: `(() => { const input = document.createElement("input"); input.type = "file"; return input; })()`,
    contextId: world,
  });
  if (!input.objectId) return { unavailable: "no file input" };
  await cdp.send("DOM.setFileInputFiles", { files: [script.file()], objectId: input.objectId });
  const answer = await cdp.send("Runtime.callFunctionOn", {
    functionDeclaration: LOAD_FILE,
    objectId: input.objectId,
    awaitPromise: true,
    returnByValue: true,
  });
  if (answer.exceptionDetails) return { unavailable: exceptionText(answer.exceptionDetails) };
  return answer.result.value as Loaded;
}

/** The script compiled through the protocol under its fixed name (V8 reuses the compilation). */
async function throughProtocol(cdp: CDPSession, world: number, script: EngineScript): Promise<unknown> {
  // Compiling needs the session's runtime agent, which scan tabs do not otherwise enable.
  await cdp.send("Runtime.enable");
  const compiled = await cdp.send("Runtime.compileScript", { expression: script.source(), sourceURL: script.name, persistScript: true, executionContextId: world });
  if (!compiled.scriptId) throw new Error(`${script.name} did not compile in the page: ${compiled.exceptionDetails?.text ?? "unknown error"}`);
  const ran = await cdp.send("Runtime.runScript", { scriptId: compiled.scriptId, executionContextId: world, returnByValue: true });
  if (ran.exceptionDetails) throw new Error(`${script.name} failed to start in the page: ${exceptionText(ran.exceptionDetails)}`);
  return ran.result.value;
}
