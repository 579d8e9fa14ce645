"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/**
 * A form field made of rows a person adds and removes (the step and cookie editors): its label,
 * hint and error, the rows as an ordered list, an add button, and a polite status line that says
 * what changed. The rows travel to the server action as JSON in one hidden field.
 */
export function RowListField({
  name,
  label,
  hint,
  rows,
  error,
  addId,
  addLabel,
  onAdd,
  announcement,
  children,
}: {
  name: string;
  label: string;
  hint: ReactNode;
  rows: unknown[];
  error?: string[];
  addId: string;
  addLabel: string;
  onAdd: () => void;
  announcement: string;
  children: ReactNode;
}) {
  return (
    <div
      id={`field-${name}`}
      role="group"
      tabIndex={-1}
      className="mb-4"
      aria-labelledby={`field-${name}-label`}
      aria-describedby={[`field-${name}-hint`, error ? `field-${name}-error` : ""].join(" ").trim()}
    >
      <p id={`field-${name}-label`} className="mb-1 text-sm font-semibold text-slate-900">
        {label}
      </p>
      <p id={`field-${name}-hint`} className="mb-2 text-sm text-slate-700">
        {hint}
      </p>
      <input type="hidden" name={name} value={JSON.stringify(rows)} />
      {error && error.length > 0 ? (
        <p id={`field-${name}-error`} className="mb-2 text-sm font-medium text-red-800">
          {error.join(" ")}
        </p>
      ) : null}
      <ol className="flex flex-col gap-3">{children}</ol>
      <Button id={addId} variant="secondary" className="mt-3" onClick={onAdd}>
        {addLabel}
      </Button>
      <p role="status" className="sr-only">
        {announcement}
      </p>
    </div>
  );
}
