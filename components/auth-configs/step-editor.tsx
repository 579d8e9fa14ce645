"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { emptyStep, type StepRow } from "@/lib/auth-configs/form";
import { RowListField } from "./row-list-field";

const ACTION_OPTIONS = [
  { value: "goto", label: "Go to a URL" },
  { value: "fill", label: "Fill a field" },
  { value: "click", label: "Click" },
  { value: "select", label: "Choose in a list" },
  { value: "press", label: "Press a key" },
  { value: "wait_for_url", label: "Wait for the URL" },
  { value: "wait_for_selector", label: "Wait for an element" },
  { value: "wait_for_text", label: "Wait for text" },
];

const SOURCE_OPTIONS = [
  { value: "username", label: "The username" },
  { value: "secret", label: "The secret (password)" },
  { value: "totp", label: "A TOTP code from the TOTP secret" },
  { value: "text", label: "Fixed text (not secret)" },
];

const SELECTOR_HINT = "CSS selector, or text=Sign in, like Playwright.";

/**
 * The steps of a custom (or single sign-on) sign-in, as rows to add, remove and reorder. The
 * rows travel to the server action as JSON in one hidden field; the schema checks them there.
 */
export function StepEditor({ name, label, initial, error }: { name: string; label: string; initial: StepRow[]; error?: string[] }) {
  const [steps, setSteps] = useState<StepRow[]>(initial.length > 0 ? initial : [emptyStep("goto")]);
  const [announcement, setAnnouncement] = useState("");

  const update = (index: number, patch: Partial<StepRow>) => setSteps((rows) => rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  const move = (index: number, by: -1 | 1) => {
    setSteps((rows) => {
      const next = [...rows];
      const [row] = next.splice(index, 1);
      next.splice(index + by, 0, row!);
      return next;
    });
    setAnnouncement(`Step ${index + 1} is now step ${index + by + 1}.`);
    // Keep the focus on the same button of the moved step, so pressing it again keeps moving it.
    requestAnimationFrame(() => document.getElementById(`step-${index + by}-${by < 0 ? "up" : "down"}`)?.focus());
  };
  const remove = (index: number) => {
    setSteps((rows) => rows.filter((_, at) => at !== index));
    setAnnouncement(`Step ${index + 1} removed.`);
    requestAnimationFrame(() => document.getElementById("step-add")?.focus());
  };
  const add = () => {
    setSteps((rows) => [...rows, emptyStep()]);
    setAnnouncement(`Step ${steps.length + 1} added.`);
    requestAnimationFrame(() => document.getElementById(`field-step-${steps.length}-action`)?.focus());
  };

  return (
    <RowListField
      name={name}
      label={label}
      rows={steps}
      error={error}
      addId="step-add"
      addLabel="Add a step"
      onAdd={add}
      announcement={announcement}
      hint="In order, the way a person signs in. Each step waits at most its timeout (empty: the timeout below). A fill types the username, the secret, a fresh TOTP code or fixed text; secrets are never shown or stored in the steps."
    >
      {steps.map((step, index) => {
        const id = (field: string) => `field-step-${index}-${field}`;
        const bind = (field: keyof StepRow) => ({
          id: id(field),
          name: `_step.${index}.${field}`,
          value: step[field],
          onChange: (event: { target: { value: string } }) => update(index, { [field]: event.target.value }),
        });
        const needsSelector = ["fill", "click", "select", "press", "wait_for_selector"].includes(step.action);
        return (
          // The index is the row's identity: rows have no id of their own and move as a whole.
          <li key={index} className="min-w-0 rounded-md border border-slate-300 p-3">
            <fieldset className="min-w-0">
              <legend className="mb-2 text-sm font-semibold">Step {index + 1}</legend>
              <div className="grid gap-x-3 sm:grid-cols-2">
                <SelectField label="Action" options={ACTION_OPTIONS} {...bind("action")} />
                {step.action === "goto" ? <TextField label="URL" type="url" hint="Absolute, like https://app.example.org/login." autoComplete="off" {...bind("url")} /> : null}
                {step.action === "wait_for_url" ? <TextField label="URL contains" hint="The address, or part of it, after this step." autoComplete="off" {...bind("url")} /> : null}
                {needsSelector ? (
                  <TextField label={step.action === "press" ? "Element (optional)" : "Element"} hint={SELECTOR_HINT} autoComplete="off" spellCheck={false} {...bind("selector")} />
                ) : null}
                {step.action === "fill" ? <SelectField label="Type into it" options={SOURCE_OPTIONS} {...bind("source")} /> : null}
                {step.action === "fill" && step.source === "text" ? <TextField label="Text" autoComplete="off" {...bind("text")} /> : null}
                {step.action === "wait_for_text" ? <TextField label="Text" hint="Shown on the page once signed in, like Welcome back." autoComplete="off" {...bind("text")} /> : null}
                {step.action === "select" ? <TextField label="Option value" autoComplete="off" {...bind("value")} /> : null}
                {step.action === "press" ? <TextField label="Key" hint="Like Enter or Tab." autoComplete="off" {...bind("key")} /> : null}
                <TextField label="Timeout (ms)" type="number" inputMode="numeric" min={100} max={120000} hint="Optional, 100 to 120,000." {...bind("timeoutMs")} />
              </div>
              <div className="flex flex-wrap gap-2">
                <Button id={`step-${index}-up`} variant="secondary" onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move up step ${index + 1}`}>
                  Move up
                </Button>
                <Button id={`step-${index}-down`} variant="secondary" onClick={() => move(index, 1)} disabled={index === steps.length - 1} aria-label={`Move down step ${index + 1}`}>
                  Move down
                </Button>
                <Button variant="secondary" onClick={() => remove(index)} aria-label={`Remove step ${index + 1}`}>
                  Remove
                </Button>
              </div>
            </fieldset>
          </li>
        );
      })}
    </RowListField>
  );
}
