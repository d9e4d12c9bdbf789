import { useTranslation } from "react-i18next";
import type { AssessmentDocument, Attachment, Stored } from "../../backend/types";
import { PhotoImport, PhotoList } from "../../components/Photos";
import { inLang, useLang, useReference } from "../../lib/hooks";

/** Every photo of the assessment, grouped by what it belongs to. */
export function PhotosPanel({ doc }: { doc: AssessmentDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useReference();
  const aid = doc.assessment.id;
  const items = new Map((ref.data?.checklists ?? []).flatMap((c) => c.items.map((i) => [i.id, i] as const)));
  const responses = new Map(doc.checklist_responses.map((r) => [r.id, r]));
  const observations = new Map(doc.observations.map((o) => [o.id, o]));

  const groups = new Map<string, { title: string; photos: Stored<Attachment>[] }>();
  const push = (key: string, title: string, p: Stored<Attachment>) => {
    const g = groups.get(key) ?? { title, photos: [] };
    g.photos.push(p);
    groups.set(key, g);
  };
  for (const p of doc.attachments) {
    if (p.owner_entity === "assessment") push("assessment", t("photos.general"), p);
    else if (p.owner_entity === "checklist_response") {
      const r = responses.get(p.owner_id);
      const item = r ? items.get(r.item_code) : undefined;
      push(`r:${p.owner_id}`, item ? `${item.id} · ${inLang(item.question_vi, item.question_en, lang)}` : t("photos.checklistItem"), p);
    } else if (p.owner_entity === "observation") {
      const o = observations.get(p.owner_id);
      push(`o:${p.owner_id}`, `${t("photos.observation")}: ${o ? [o.area, o.text].filter(Boolean).join(" — ") : ""}`, p);
    } else push(p.owner_entity, p.owner_entity, p);
  }

  return (
    <div data-testid="photos-panel">
      <div className="stage__head">
        <h2>{t("photos.title")}</h2>
        <p className="muted">{t("photos.intro")}</p>
      </div>
      <section className="card">
        <h3 className="card__title">{t("photos.addGeneral")}</h3>
        <PhotoImport assessmentId={aid} owner="assessment" ownerId={aid} testId="photos-add" />
      </section>
      {doc.attachments.length === 0 ? <p className="muted">{t("photos.none")}</p> : null}
      {[...groups.entries()].map(([key, g]) => (
        <section className="card" key={key}>
          <h3 className="card__title small-title">{g.title}</h3>
          <PhotoList assessmentId={aid} photos={g.photos} />
        </section>
      ))}
    </div>
  );
}
