/**
 * Siteimprove Alfa (an implementation of the W3C ACT Rules) as a scan engine: the loaded page's
 * DOM, styles and layout are serialised in the browser (Alfa's own serialiser) and Alfa's rules
 * run on that copy in Node, so the page is not loaded twice. A failed outcome is a violation,
 * an outcome Alfa cannot tell without a person ("cantTell") needs review; the rule decisions
 * (decisions.ts) may turn violations of noisier rules into needs review.
 */
import { Audit, Outcome } from "@siteimprove/alfa-act";
import { Device } from "@siteimprove/alfa-device";
import { Native as DeviceNative } from "@siteimprove/alfa-device/native";
import { Document, Element, Node, Text } from "@siteimprove/alfa-dom";
import { Native as DomNative } from "@siteimprove/alfa-dom/native";
import { Header, Headers, Request, Response } from "@siteimprove/alfa-http";
import rules, { alfaVersion } from "@siteimprove/alfa-rules";
import { URL as AlfaUrl } from "@siteimprove/alfa-url";
import { Page as AlfaPage } from "@siteimprove/alfa-web";
import type { Page } from "playwright-core";
import type { EngineFinding, ScanEngine } from "./engine";

const RULE_DOCS = "https://alfa.siteimprove.com/rules/";

export const alfaEngine: ScanEngine = {
  id: "alfa",
  name: "Siteimprove Alfa",
  version: alfaVersion,
  async run(page) {
    const alfaPage = await toAlfaPage(page);
    const outcomes = await Audit.of(alfaPage, rules).evaluate();
    const findings: EngineFinding[] = [];
    for (const outcome of outcomes) {
      const failed = Outcome.isFailed(outcome);
      if (!failed && !Outcome.isCantTell(outcome)) continue;
      const ruleId = outcome.rule.uri.replace(/^.*\//, "");
      for (const element of elementsOf(outcome.target)) findings.push({
        ruleId,
        kind: failed ? "violation" : "needs_review",
        impact: null,
        wcagCriteria: criteriaOf(outcome.rule.requirements),
        tags: [],
        selector: selectorOf(element),
        html: openingTag(element),
        summary: failed ? failureMessages(outcome.expectations) : "Siteimprove Alfa could not tell; check this element by hand.",
        help: `Siteimprove Alfa rule ${ruleId.toUpperCase()}`,
        helpUrl: `${RULE_DOCS}${ruleId}`,
      });
    }
    return findings;
  },
};

/** What alfa-playwright's toPage does, with this project's playwright-core. */
async function toAlfaPage(page: Page): Promise<AlfaPage> {
  const handle = await page.evaluateHandle("document");
  try {
    // Alfa's serialisers are written to run in the page (as alfa-playwright runs them).
    const nodeJson = await handle.evaluate(DomNative.fromNode as (node: unknown) => Promise<Node.JSON>);
    const deviceJson = await page.evaluate(DeviceNative.fromWindow as (arg: undefined) => Device.JSON, undefined);
    const url = AlfaUrl.parse(page.url()).getUnsafe();
    const device = Device.from(deviceJson);
    return AlfaPage.of(
      Request.of("GET", url),
      Response.of(url, 200, Headers.of([Header.of("Content-Type", "text/html")])),
      nodeJson.type === "document" ? Document.from(nodeJson as Document.JSON, device) : Document.of([Node.from(nodeJson, device)]),
      device,
    );
  } finally {
    await handle.dispose();
  }
}

/**
 * The elements an outcome is about: the element itself; a text's element (contrast rules judge
 * texts); the root element for the document (page title, language); each member of a group.
 */
function elementsOf(target: unknown): Element[] {
  if (Element.isElement(target)) return [target];
  if (Text.isText(target)) return target.parent().filter(Element.isElement).toArray();
  if (Document.isDocument(target)) return target.children().filter(Element.isElement).first().toArray();
  if (target !== null && typeof target === "object" && Symbol.iterator in target) {
    const elements = new Set<Element>();
    for (const member of target as Iterable<unknown>) for (const element of elementsOf(member)) elements.add(element);
    return [...elements];
  }
  return [];
}

function criteriaOf(requirements: Iterable<unknown>): string[] {
  const criteria = new Set<string>();
  for (const requirement of requirements) {
    const chapter = (requirement as { chapter?: unknown }).chapter;
    if (typeof chapter === "string" && /^\d+\.\d+\.\d+$/.test(chapter)) criteria.add(chapter);
  }
  return [...criteria];
}

/**
 * A selector for the element in the top document: its position among its parent's elements at
 * every step from the root. Elements in shadow trees or frames get their path (it names them,
 * though the page cannot resolve it).
 */
export function selectorOf(element: Element): string {
  const steps: string[] = [];
  let current: Element | undefined = element;
  while (current) {
    const parent = current.parent();
    const name = /^[a-z][a-z0-9-]*$/.test(current.name) ? current.name : "*";
    if (!parent.isSome()) {
      steps.push(name);
      break;
    }
    const container = parent.get();
    if (Element.isElement(container)) {
      const index = [...container.children().filter(Element.isElement)].indexOf(current) + 1;
      steps.push(`${name}:nth-child(${index})`);
      current = container;
    } else if (Document.isDocument(container) && container.parent().isNone()) {
      steps.push(name);
      break;
    } else {
      return element.path();
    }
  }
  return steps.reverse().join(" > ");
}

function openingTag(element: Element): string {
  const attributes = [...element.attributes].map((attribute) => ` ${attribute.name}="${attribute.value.replace(/"/g, "&quot;")}"`).join("");
  return `<${element.name}${attributes}>`;
}

function failureMessages(expectations: Iterable<readonly [string, { isErr(): boolean; getErrUnsafe(): { message: string } }]>): string | null {
  const messages: string[] = [];
  for (const [, result] of expectations) {
    if (result.isErr()) messages.push(result.getErrUnsafe().message);
  }
  return messages.length ? messages.join("\n") : null;
}
