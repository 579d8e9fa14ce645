"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { PROJECT_FIELD_LABELS } from "@/components/projects/labels";
import { requirePageUser } from "@/lib/auth/page";
import { editFormState, staleEditFormState } from "@/lib/concurrency/edit-form-state";
import { formValues, type FormState } from "@/lib/forms";
import { archiveProject, createProject, deleteProject, unarchiveProject, updateProject } from "@/lib/projects/mutations";

function projectInput(values: Record<string, string>) {
  return {
    name: values.name ?? "",
    clientName: values.clientName ?? "",
    primaryUrl: values.primaryUrl ?? "",
    description: values.description ?? "",
    status: (values.status ?? "active") as "active",
    defaultAuthConfigId: values.defaultAuthConfigId ?? "",
  };
}

export async function createProjectAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("projects:write");
  const values = formValues(formData);
  let id: string;
  try {
    id = (await createProject(actor, projectInput(values))).id;
  } catch (error) {
    return editFormState(error, values);
  }
  revalidatePath("/projects");
  redirect(`/projects/${id}`);
}

export async function updateProjectAction(projectId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("projects:write");
  const values = formValues(formData);
  try {
    const { status, ...fields } = projectInput(values);
    await updateProject(actor, projectId, {
      ...fields,
      // An archived project's status is changed by unarchiving; the form does not offer it.
      ...(values.status ? { status } : {}),
      expectedUpdatedAt: values.expectedUpdatedAt ?? "",
    });
  } catch (error) {
    return (
      staleEditFormState(error, values, {
        what: "project",
        labels: PROJECT_FIELD_LABELS,
        show: (field, current) => String(current[field] ?? ""),
      }) ?? editFormState(error, values)
    );
  }
  revalidatePath("/projects");
  revalidatePath(`/projects/${projectId}`);
  redirect(`/projects/${projectId}`);
}

export async function archiveProjectAction(projectId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("projects:write");
  const values = formValues(formData);
  const archive = values.intent === "unarchive" ? unarchiveProject : archiveProject;
  try {
    await archive(actor, projectId, {});
  } catch (error) {
    return editFormState(error, values);
  }
  revalidatePath("/projects");
  revalidatePath(`/projects/${projectId}`);
  return { ok: true, message: values.intent === "unarchive" ? "The project is active again." : "The project is archived. Nothing was deleted." };
}

export async function deleteProjectAction(projectId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const actor = await requirePageUser("projects:delete");
  const values = formValues(formData);
  try {
    await deleteProject(actor, projectId, { confirmName: values.confirmName ?? "" });
  } catch (error) {
    return editFormState(error, values);
  }
  revalidatePath("/projects");
  redirect("/projects?deleted=1");
}
