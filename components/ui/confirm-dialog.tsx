"use client";

import { useActionState, useEffect, useId, useRef, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { initialFormState, type FormState } from "@/lib/forms";

/**
 * A destructive action behind a confirmation: the trigger opens a modal <dialog> (focus moves
 * into it and stays there, Escape closes it) that says what will be removed; only its confirm
 * button runs the action. A refusal (409 while a run is active) is shown inside the dialog; on
 * success the action redirects (the page says what happened) or returns ok, which closes it.
 */
export function ConfirmDialog({
  trigger,
  title,
  children,
  confirmLabel,
  action,
  triggerStyle = "link",
}: {
  /** The trigger's text, e.g. "Delete" with a screen-reader-only suffix naming the record. */
  trigger: ReactNode;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  /** A link-like trigger in a table row, or a danger button standing alone. */
  triggerStyle?: "link" | "button";
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, formAction, pending] = useActionState(action, initialFormState);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    if (state.ok) dialog.current?.close();
  }, [state]);

  return (
    <>
      <button type="button" className={triggerStyle === "button" ? buttonClasses("danger") : "text-red-800 underline"} onClick={() => dialog.current?.showModal()}>
        {trigger}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} aria-describedby={bodyId} className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-slate-400 bg-white p-6 text-slate-900 backdrop:bg-slate-900/60">
        <h2 id={titleId} className="mb-3 text-xl font-semibold">
          {title}
        </h2>
        <div id={bodyId} className="mb-4 text-slate-800">
          {children}
        </div>
        {!state.ok && state.message ? (
          <Alert tone="error" role="alert" title="Nothing was deleted.">
            {state.message}
          </Alert>
        ) : null}
        <form action={formAction} className="flex flex-wrap gap-2">
          <Button type="submit" variant="danger" disabled={pending}>
            {pending ? "Deleting…" : confirmLabel}
          </Button>
          <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
        </form>
      </dialog>
    </>
  );
}
