import { describeRun } from "./labels";

type PickerRun = { id: string; number: number; status: string; startedAt: Date | null; completedAt: Date | null; queuedAt: Date };

/** Chooses which run of a session a results page shows (a plain GET form: works without script). */
export function RunPicker({ action, runs, chosenId }: { action: string; runs: PickerRun[]; chosenId: string }) {
  if (runs.length < 2) return null;
  return (
    <form method="get" action={action} className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-300 bg-white p-4">
      <div className="min-w-0 flex-1">
        <label htmlFor="run-picker" className="block text-sm font-semibold">
          Run shown
        </label>
        <select id="run-picker" name="run" defaultValue={chosenId} className="mt-1 block min-h-11 w-full rounded-md border border-slate-500 bg-white px-3 py-2">
          {runs.map((run, index) => (
            <option key={run.id} value={run.id}>
              {describeRun(run)}
              {index === 0 ? " (latest)" : ""}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="inline-flex min-h-11 items-center rounded-md border border-blue-700 bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800">
        Show run
      </button>
    </form>
  );
}
