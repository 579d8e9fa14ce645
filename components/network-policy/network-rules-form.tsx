"use client";

import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/field";
import { FormOutcome } from "@/components/ui/form-error-summary";
import { useFormAction } from "@/components/ui/use-form-action";
import type { FormState } from "@/lib/forms";

const LABELS = { rules: "Rules" };

export function NetworkRulesForm({ action, rules }: { action: (state: FormState, formData: FormData) => Promise<FormState>; rules: string }) {
  const { state, formAction, pending, values, errors, formKey } = useFormAction(action, { rules });
  return (
    <form key={formKey} action={formAction} noValidate className="max-w-xl">
      <FormOutcome state={state} labels={LABELS} />
      <TextAreaField
        label={LABELS.rules}
        name="rules"
        rows={8}
        spellCheck={false}
        className="font-mono"
        defaultValue={values.rules}
        error={errors.rules}
        hint="For example: block 10.0.0.0/8, then allow 10.1.2.0/24 on the next line. Empty: no rules of your own."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save rules"}
      </Button>
    </form>
  );
}
