/**
 * The two scan pickers of a comparison. A grid, not a wrapping row: at 320 px each picker takes
 * the full width instead of being squeezed beside the other and the button.
 */
export type ComparableScan = { id: string; label: string };

export function CompareForm({ action, scans, base, head }: { action: string; scans: ComparableScan[]; base?: string; head?: string }) {
  return (
    <form method="get" action={action} className="grid gap-4 rounded-lg border border-slate-300 bg-white p-4 md:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] md:items-end">
      <ScanSelect id="compare-base" name="base" label="Earlier scan (base)" value={base} scans={scans} />
      <ScanSelect id="compare-head" name="head" label="Later scan (head)" value={head} scans={scans} />
      <button type="submit" className="inline-flex min-h-11 items-center justify-center rounded-md border border-blue-700 bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800">
        Compare
      </button>
    </form>
  );
}

function ScanSelect({ id, name, label, value, scans }: { id: string; name: string; label: string; value?: string; scans: ComparableScan[] }) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className="mt-1 block min-h-11 w-full max-w-full rounded-md border border-slate-500 bg-white px-3 py-2">
        {scans.map((scan) => (
          <option key={scan.id} value={scan.id}>
            {scan.label}
          </option>
        ))}
      </select>
    </div>
  );
}
