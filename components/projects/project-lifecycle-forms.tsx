"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormErrorSummary, FormOutcome } from "@/components/ui/form-error-summary";
import { initialFormState, type FormState } from "@/lib/forms";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** Archive or unarchive: one button, and the outcome announced. */
export function ArchiveProjectForm({ action, archived }: { action: Action; archived: boolean }) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  return (
    <form action={formAction}>
      <FormOutcome state={state} labels={{ name: "Project name" }} />
      <input type="hidden" name="intent" value={archived ? "unarchive" : "archive"} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {archived ? "Unarchive project" : "Archive project"}
      </Button>
    </form>
  );
}

/** Permanent deletion: the admin types the project's name to confirm. */
export function DeleteProjectForm({ action, projectName }: { action: Action; projectName: string }) {
  const [state, formAction, pending] = useActionState(action, initialFormState);
  return (
    <form action={formAction} noValidate>
      <FormErrorSummary message={state.message} fieldErrors={state.fieldErrors} labels={{ confirmName: "Project name" }} />
      <TextField
        label="Type the project's name to confirm"
        name="confirmName"
        id="field-confirmName"
        autoComplete="off"
        required
        hint={
          <>
            Type <strong className="break-all">{projectName}</strong> exactly. This removes the project with all its sessions, results,
            violations and screenshots, and cannot be undone.
          </>
        }
        error={state.fieldErrors?.confirmName}
      />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? "Deleting…" : "Delete project permanently"}
      </Button>
    </form>
  );
}
