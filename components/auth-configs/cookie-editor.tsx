"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { emptyCookie, type CookieRow } from "@/lib/auth-configs/form";
import { RowListField } from "./row-list-field";

/**
 * The cookies a cookie config sets (names, domains, paths; their values are the secret), as rows
 * to add and remove. The rows travel to the server action as JSON in one hidden field.
 */
export function CookieEditor({ name, label, initial, error }: { name: string; label: string; initial: CookieRow[]; error?: string[] }) {
  const [cookies, setCookies] = useState<CookieRow[]>(initial.length > 0 ? initial : [emptyCookie()]);
  const [announcement, setAnnouncement] = useState("");
  const update = (index: number, patch: Partial<CookieRow>) => setCookies((rows) => rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));

  const add = () => {
    setCookies((rows) => [...rows, emptyCookie()]);
    setAnnouncement(`Cookie ${cookies.length + 1} added.`);
    requestAnimationFrame(() => document.getElementById(`field-cookie-${cookies.length}-name`)?.focus());
  };

  return (
    <RowListField
      name={name}
      label={label}
      rows={cookies}
      error={error}
      addId="cookie-add"
      addLabel="Add a cookie"
      onAdd={add}
      announcement={announcement}
      hint={
        <>
          Set in the scanner&apos;s browser before every page. With one cookie, the secret above is its value; with several, the secret is{" "}
          <code>name=value; name2=value2</code>. The domain defaults to the config&apos;s domain and the path to /.
        </>
      }
    >
      {cookies.map((cookie, index) => {
        const bind = (field: keyof CookieRow) => ({
          id: `field-cookie-${index}-${field}`,
          name: `_cookie.${index}.${field}`,
          value: cookie[field],
          autoComplete: "off",
          spellCheck: false,
          onChange: (event: { target: { value: string } }) => update(index, { [field]: event.target.value }),
        });
        return (
          // The index is the row's identity: rows have no id of their own.
          <li key={index} className="min-w-0 rounded-md border border-slate-300 p-3">
            <fieldset className="min-w-0">
              <legend className="mb-2 text-sm font-semibold">Cookie {index + 1}</legend>
              <div className="grid gap-x-3 sm:grid-cols-3">
                <TextField label="Name" required {...bind("name")} />
                <TextField label="Domain (optional)" {...bind("domain")} />
                <TextField label="Path (optional)" {...bind("path")} />
              </div>
              <Button
                variant="secondary"
                disabled={cookies.length === 1}
                aria-label={`Remove cookie ${index + 1}`}
                onClick={() => {
                  setCookies((rows) => rows.filter((_, at) => at !== index));
                  setAnnouncement(`Cookie ${index + 1} removed.`);
                  requestAnimationFrame(() => document.getElementById("cookie-add")?.focus());
                }}
              >
                Remove
              </Button>
            </fieldset>
          </li>
        );
      })}
    </RowListField>
  );
}
