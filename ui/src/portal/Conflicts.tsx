// Conflicts waiting for review, in the portal (admins): a field two devices changed from the
// same version keeps both values until someone chooses. Each is shown with its row and
// assessment, its versions with who made them and when; choosing one writes the office's op
// over every version, and each device takes it on its next sync.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { JsonValue } from "../backend/types";
import { PageHead } from "../components/PageHead";
import { fmtDateTime } from "../lib/format";
import { useLang } from "../lib/hooks";
import { authorName, ConflictTitle, shown } from "../pages/Conflicts";
import { portal } from "./api";
import { FormError } from "./forms";
import type { PortalConflict } from "./types";

export function PortalConflicts() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ["portal", "conflicts"], queryFn: portal.conflicts });
  return (
    <div className="page" data-testid="portal-conflicts">
      <PageHead title={t("conflicts.title")} sub={t("portal.conflictsSub")} />
      {list.isError ? <FormError error={list.error} testId="portal-conflicts-error" /> : null}
      {list.data?.length === 0 ? <p className="muted">{t("conflicts.none")}</p> : null}
      {(list.data ?? []).map((c) => (
        <Card key={`${c.entity}-${c.row_id}-${c.field}`} c={c} />
      ))}
    </div>
  );
}

function Card({ c }: { c: PortalConflict }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const resolve = useMutation({
    mutationFn: (value: JsonValue) => portal.resolveConflict(c.entity, c.row_id, c.field, value),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["portal"] }),
  });
  return (
    <section className="card" data-testid="portal-conflict">
      <h2 className="card__title">
        <ConflictTitle entity={c.entity} field={c.field} />
        {c.row_label && c.row_label !== c.assessment_title ? <span className="muted"> · {c.row_label}</span> : null}
      </h2>
      {c.assessment_id ? (
        <p className="small">
          <Link to={`/assessments/${encodeURIComponent(c.assessment_id)}`}>{c.assessment_title || t("portal.assessment")}</Link>
        </p>
      ) : null}
      <div className="conflict__versions">
        {c.versions.map((v, i) => (
          <div className="conflict__version" key={i} data-testid="portal-conflict-version">
            <div className="small muted">
              {t("conflicts.theirs", { author: authorName(v.author) ?? t("conflicts.otherDevice") })} · {fmtDateTime(v.at, lang)}
            </div>
            <div className="conflict__value">{shown(v.value as JsonValue)}</div>
            <button type="button" className="button" disabled={resolve.isPending} onClick={() => resolve.mutate(v.value as JsonValue)} data-testid="portal-conflict-keep">
              {t("conflicts.keepTheirs")}
            </button>
          </div>
        ))}
      </div>
      <FormError error={resolve.error} testId="portal-conflict-error" />
    </section>
  );
}
