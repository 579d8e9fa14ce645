/**
 * Labelled form fields. Errors and hints are tied to the control with aria-describedby and
 * aria-invalid, so screen readers announce them with the field.
 */
import type { ComponentProps, ReactNode } from "react";

type FieldChrome = { label: string; name: string; error?: string[] | string; hint?: ReactNode; id?: string };

const CONTROL_CLASSES =
  "mt-1 block w-full rounded-md border border-slate-500 bg-white px-3 py-2 text-base text-slate-900 aria-[invalid=true]:border-red-700";

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function FieldShell({ id, label, hint, error, required, children }: { id: string; label: string; hint?: ReactNode; error?: string[] | string; required?: boolean; children: ReactNode }) {
  const messages = typeof error === "string" ? [error] : error;
  return (
    <div className="mb-4">
      <label htmlFor={id} className="block text-sm font-semibold text-slate-900">
        {label}
        {required ? <span className="font-normal text-slate-700"> (required)</span> : null}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {children}
      {messages && messages.length > 0 ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-800">
          {messages.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** The attributes that tie a control to its label, hint and error. */
function controlProps(id: string, name: string, hint: unknown, error: string[] | string | undefined, className: string) {
  return {
    id,
    name,
    "aria-invalid": error && error.length > 0 ? true : undefined,
    "aria-describedby": describedBy(id, hint, error),
    className: `${CONTROL_CLASSES} ${className}`,
  };
}

export function TextField({ label, name, error, hint, id = `field-${name}`, className = "", ...props }: FieldChrome & ComponentProps<"input">) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} required={props.required}>
      <input {...controlProps(id, name, hint, error, className)} {...props} />
    </FieldShell>
  );
}

export function TextAreaField({ label, name, error, hint, id = `field-${name}`, className = "", ...props }: FieldChrome & ComponentProps<"textarea">) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} required={props.required}>
      <textarea {...controlProps(id, name, hint, error, className)} {...props} />
    </FieldShell>
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  id = `field-${name}`,
  options,
  className = "",
  ...props
}: FieldChrome & ComponentProps<"select"> & { options: ReadonlyArray<{ value: string; label: string }> }) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} required={props.required}>
      <select {...controlProps(id, name, hint, error, className)} {...props}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/**
 * A checkbox that always submits: a hidden "off" before it, so an unticked box arrives as "off"
 * (browsers send nothing for it) and a form re-filled after an error keeps the user's choice.
 */
export function CheckboxField({ label, name, hint, error, id = `field-${name}`, checked }: FieldChrome & { checked: boolean }) {
  const messages = typeof error === "string" ? [error] : error;
  return (
    <div className="mb-4">
      <div className="flex items-start gap-2">
        <input type="hidden" name={name} value="off" />
        <input
          id={id}
          type="checkbox"
          name={name}
          value="on"
          defaultChecked={checked}
          aria-invalid={messages && messages.length > 0 ? true : undefined}
          aria-describedby={describedBy(id, hint, messages && messages.length > 0 ? messages : undefined)}
          className="mt-0.5 size-5 shrink-0"
        />
        <label htmlFor={id} className="text-sm font-semibold text-slate-900">
          {label}
        </label>
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 ml-7 text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {messages && messages.length > 0 ? (
        <p id={`${id}-error`} className="mt-1 ml-7 text-sm font-medium text-red-800">
          {messages.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
