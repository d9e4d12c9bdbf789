import { useQueryClient } from "@tanstack/react-query";
import type { FieldValues } from "react-hook-form";
import type { z } from "zod";
import type { Assessment, AssessmentDocument, Stored } from "../../backend/types";
import { qk } from "../../lib/api";
import { useAutosaveForm } from "../../lib/autosave";
import { invalidateCalcs, latestAssessment, optimisticAssessment, stripMeta } from "../../lib/doc";
import { useLang } from "../../lib/hooks";
import type { NumSpec } from "../../lib/raw";
import { withRaw } from "../../lib/raw";
import { isPending } from "../../lib/saveQueue";

/** The save key of an assessment row; every form editing part of it shares it, and each
 * save carries the whole row as last edited anywhere (the cache is updated at once). */
export const assessmentKey = (id: string) => `assessment:${id}`;

/** A form over some fields of the assessment row. */
export function useAssessmentPart<V extends FieldValues>(opts: {
  doc: AssessmentDocument;
  /** The form values of (a copy of) the assessment row. */
  values: (a: Assessment) => V;
  schema: z.ZodType<V>;
  /** The non-numeric fields (and locally converted numbers such as percentages). */
  patch: (v: V) => Partial<Assessment>;
  /** Numeric fields sent as `raw` texts (of these values, for a list that grows). */
  numbers?: NumSpec[] | ((v: V) => NumSpec[]);
}) {
  const qc = useQueryClient();
  const lang = useLang();
  const id = opts.doc.assessment.id;
  const key = assessmentKey(id);
  return useAutosaveForm<V, Stored<Assessment>>({
    saveKey: key,
    defaultValues: opts.values(opts.doc.assessment),
    schema: opts.schema,
    row: { entity: "assessment", source: opts.doc.assessment, toValues: (a) => opts.values(a as Assessment), lang },
    build: (v) => {
      const latest = stripMeta(latestAssessment(qc, id) ?? opts.doc.assessment);
      const { row, raw } = withRaw<Assessment>({ ...latest, ...opts.patch(v) }, v, typeof opts.numbers === "function" ? opts.numbers(v) : (opts.numbers ?? []), lang);
      optimisticAssessment(qc, row);
      return { row, raw };
    },
    onSaved: (r) => {
      if (!isPending(key)) {
        qc.setQueryData<AssessmentDocument>(qk.assessment(id), (d) => (d ? { ...d, assessment: r } : d));
      }
      invalidateCalcs(qc, id);
      void qc.invalidateQueries({ queryKey: ["assessments"] });
    },
  });
}
