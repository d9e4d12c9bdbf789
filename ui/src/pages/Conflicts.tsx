import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { ConflictVersion, EntityName, FieldConflict, JsonValue } from "../backend/types";
import { ErrorBox } from "../components/ErrorBox";
import { PageHead } from "../components/PageHead";
import { api, qk } from "../lib/api";
import { fmtDateTime } from "../lib/format";
import { useInfo, useLang } from "../lib/hooks";
import { useConflicts } from "../lib/sync";

/** How a version's value reads on screen. */
export function shown(v: JsonValue): string {
  if (v === null || v === "") return "—";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

/** The person an op's author names ("Nguyễn Thị Lan@device-id" → "Nguyễn Thị Lan"); `null`
 * when it names only a device. */
export function authorName(author: string): string | null {
  const at = author.lastIndexOf("@");
  const name = at > 0 ? author.slice(0, at).trim() : "";
  return name || null;
}

/** `next_steps` → `nextSteps`: the catalogs' key for a field of an entity. */
const camel = (field: string) => field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** "Đánh giá · Các bước tiếp theo": the entity and field of a conflict, from the catalogs. */
export function ConflictTitle({ entity, field }: { entity: string; field: string }) {
  const { t } = useTranslation();
  return (
    <>
      {t(`entities.${entity}`, { defaultValue: entity })} ·{" "}
      {t(`fields.${entity}.${field}`, { defaultValue: "" }) || t(`${entity}.${camel(field)}`, { defaultValue: "" }) || <code>{field}</code>}
    </>
  );
}

/** One field in conflict: its versions side by side, each with who and when, and the choices:
 * keep one (mine or theirs), or, for text, keep both. */
function ConflictCard({ c, deviceId }: { c: FieldConflict; deviceId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const resolve = useMutation({
    mutationFn: (value: JsonValue) => api.conflictsResolve(c.entity as EntityName, c.row_id, c.field, value),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.conflicts });
      void qc.invalidateQueries({ queryKey: qk.sync });
    },
  });
  const mine = (h: ConflictVersion) => h.author.endsWith(`@${deviceId}`) || h.hlc.endsWith(`-${deviceId}`);
  const texts = c.heads.every((h) => typeof h.value === "string");
  const both = c.heads.map((h) => String(h.value)).join("\n");
  const key = `${c.entity}-${c.row_id}-${c.field}`;
  return (
    <section className="card" data-testid="conflict" data-key={key}>
      <h2 className="card__title">
        <ConflictTitle entity={c.entity} field={c.field} />
      </h2>
      <div className="conflict__versions">
        {c.heads.map((h) => (
          <div className="conflict__version" key={h.hlc} data-testid="conflict-version" data-mine={mine(h) ? "1" : "0"}>
            <div className="small muted">
              {mine(h)
                ? t("conflicts.mine")
                : t("conflicts.theirs", { author: authorName(h.author) ?? t("conflicts.otherDevice") })} · {fmtDateTime(h.at, lang)}
            </div>
            <div className="conflict__value">{shown(h.value)}</div>
            <button
              type="button"
              className="button"
              disabled={resolve.isPending}
              onClick={() => resolve.mutate(h.value)}
              data-testid={mine(h) ? "conflict-keep-mine" : "conflict-keep-theirs"}
            >
              {mine(h) ? t("conflicts.keepMine") : t("conflicts.keepTheirs")}
            </button>
          </div>
        ))}
      </div>
      {texts ? (
        <button type="button" className="button" disabled={resolve.isPending} onClick={() => resolve.mutate(both)} data-testid="conflict-keep-both">
          {t("conflicts.keepBoth")}
        </button>
      ) : null}
      {resolve.isError ? <ErrorBox error={resolve.error} /> : null}
    </section>
  );
}

export function ConflictsPage() {
  const { t } = useTranslation();
  const list = useConflicts();
  const info = useInfo();
  return (
    <div className="page" data-testid="page-conflicts">
      <PageHead title={t("conflicts.title")} sub={t("conflicts.sub")} />
      {list.isError ? <ErrorBox error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.length === 0 ? (
        <p className="muted" data-testid="conflicts-none">{t("conflicts.none")}</p>
      ) : null}
      {(list.data ?? []).map((c) => (
        <ConflictCard key={`${c.entity}-${c.row_id}-${c.field}`} c={c} deviceId={info.data?.device_id ?? ""} />
      ))}
    </div>
  );
}
