"use client";

import { useEffect, useRef } from "react";
import type { FormState } from "@/lib/forms";
import { Alert } from "./alert";

/**
 * Lists a form's errors at its top, linked to each field, and takes focus when it appears so
 * keyboard and screen-reader users land on it (GOV.UK error-summary pattern). Errors are listed
 * in the order of `labels`, which each form lists in its own field order, so the summary reads
 * top to bottom like the form; fields without a label follow.
 */
export function FormErrorSummary({ message, fieldErrors, labels = {} }: { message?: string; fieldErrors?: Record<string, string[]>; labels?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const order = Object.keys(labels);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const entries = Object.entries(fieldErrors ?? {})
    .filter(([, messages]) => messages.length > 0)
    .sort(([a], [b]) => rank(a) - rank(b));
  const visible = Boolean(message) || entries.length > 0;

  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [visible, message, fieldErrors]);

  if (!visible) return null;
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby="form-error-summary-title" className="mb-6 rounded-md border-l-4 border-red-700 bg-red-50 p-4 text-red-900">
      <h2 id="form-error-summary-title" className="text-base font-semibold">
        {message ?? "There is a problem"}
      </h2>
      {entries.length > 0 ? (
        <ul className="mt-2 list-disc pl-5 text-sm">
          {entries.map(([name, messages]) => (
            <li key={name}>
              <a href={`#field-${name}`} className="text-red-900">
                {labels[name] ? `${labels[name]}: ` : ""}
                {messages.join(" ")}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** What a submitted form says at its top: its success message, or the summary of its errors. */
export function FormOutcome({ state, labels }: { state: FormState; labels?: Record<string, string> }) {
  return state.ok ? (
    <Alert tone="success" role="status">
      {state.message}
    </Alert>
  ) : (
    <FormErrorSummary message={state.message} fieldErrors={state.fieldErrors} labels={labels} />
  );
}
