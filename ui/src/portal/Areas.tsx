// Administrative areas in the portal: the area every page is filtered by (chosen once, kept
// while moving between the dashboard and the lists), the tree it is chosen from (Rust's
// `calc::areas`: the office's list joined with the enterprises' places, counted), and the
// admins' page that extends and prunes the office's list.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../components/Field";
import { PageHead } from "../components/PageHead";
import { fmtNumber } from "../lib/format";
import { useLang } from "../lib/hooks";
import { portal } from "./api";
import { FormError, fieldTokens } from "./forms";
import type { AreaLevel, AreaNode } from "./types";

/** An area as the server's filters name it; "" at a level: not filtered there. */
export interface Area {
  province: string;
  district: string;
  commune: string;
  craft_village: string;
}

export const NO_AREA: Area = { province: "", district: "", commune: "", craft_village: "" };

const AreaContext = createContext<{ area: Area; setArea: (a: Area) => void }>({ area: NO_AREA, setArea: () => {} });

/** Keeps the chosen area for every page under it. */
export function AreaProvider({ children }: { children: ReactNode }) {
  const [area, setArea] = useState<Area>(NO_AREA);
  return <AreaContext.Provider value={{ area, setArea }}>{children}</AreaContext.Provider>;
}

export function useArea() {
  return useContext(AreaContext);
}

export const areasKey = ["portal", "areas"] as const;

/** The area's names from the province down, the levels it skips left out. */
function pathOf(a: Area): string[] {
  return [a.province, a.district, a.commune, a.craft_village].filter(Boolean);
}

const areaOf = (n: AreaNode): Area => ({ province: n.province, district: n.district, commune: n.commune, craft_village: n.craft_village });
const sameArea = (a: Area, b: Area) => a.province === b.province && a.district === b.district && a.commune === b.commune && a.craft_village === b.craft_village;

/** The filter every page shows: the area chosen ("every area" when none), and the tree to
 * choose another from. */
export function AreaPicker() {
  const { t } = useTranslation();
  const { area, setArea } = useArea();
  const [open, setOpen] = useState(false);
  const tree = useQuery({ queryKey: areasKey, queryFn: portal.areas });
  const path = pathOf(area);
  return (
    <div className="portal-area" data-testid="portal-area">
      <span className="muted small">{t("portal.area.label")}</span>
      <button type="button" className="button button--small portal-area__current" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="portal-area-toggle">
        {path.length === 0 ? t("portal.area.all") : path.join(" › ")}
      </button>
      {path.length > 0 ? (
        <button type="button" className="button button--small" onClick={() => setArea(NO_AREA)} data-testid="portal-area-clear">
          {t("portal.area.clear")}
        </button>
      ) : null}
      {open ? (
        <div className="card portal-area__tree" data-testid="portal-area-tree">
          {tree.isError ? <p className="error-box">{String(tree.error)}</p> : null}
          <AreaTree
            nodes={tree.data ?? []}
            chosen={area}
            onChoose={(n) => {
              setArea(areaOf(n));
              setOpen(false);
            }}
          />
        </div>
      ) : null}
    </div>
  );
}

/** Nodes and their children, each with its enterprises and assessments; a node with
 * children opens and closes. The enterprises of no province cannot be chosen. */
function AreaTree({ nodes, chosen, onChoose, depth = 0, extra }: { nodes: AreaNode[]; chosen?: Area; onChoose?: (n: AreaNode) => void; depth?: number; extra?: (n: AreaNode) => ReactNode }) {
  return (
    <ul className={depth === 0 ? "portal-tree" : "portal-tree__children"}>
      {nodes.map((n) => (
        <AreaItem key={`${n.level}:${n.name}`} n={n} chosen={chosen} onChoose={onChoose} depth={depth} extra={extra} />
      ))}
    </ul>
  );
}

function AreaItem({ n, chosen, onChoose, depth, extra }: { n: AreaNode; chosen?: Area; onChoose?: (n: AreaNode) => void; depth: number; extra?: (n: AreaNode) => ReactNode }) {
  const { t } = useTranslation();
  const lang = useLang();
  // The chosen area's ancestors start open; the rest closed below the provinces.
  const within = chosen !== undefined && pathOf(chosen).length > 0 && pathOf(areaOf(n)).every((x, i) => pathOf(chosen)[i] === x);
  const [open, setOpen] = useState(depth === 0 && !onChoose ? true : within);
  const here = chosen !== undefined && sameArea(chosen, areaOf(n));
  const name = n.name || t("portal.area.noProvince");
  return (
    <li className="portal-tree__item" data-testid="portal-area-node" data-level={n.level}>
      <div className="portal-tree__row">
        {n.children.length > 0 ? (
          <button type="button" className="portal-tree__twist" aria-expanded={open} aria-label={open ? t("portal.area.close") : t("portal.area.open")} onClick={() => setOpen(!open)} data-testid="portal-area-twist">
            {open ? "▾" : "▸"}
          </button>
        ) : (
          <span className="portal-tree__twist" aria-hidden="true" />
        )}
        {onChoose && n.name ? (
          <button type="button" className={`portal-tree__name link-button${here ? " portal-tree__name--chosen" : ""}`} onClick={() => onChoose(n)} data-testid="portal-area-choose">
            {name}
          </button>
        ) : (
          <span className="portal-tree__name" data-testid="portal-area-node-name">
            {name}
          </span>
        )}
        <span className="muted small">{t(`portal.area.levels.${n.level}`)}</span>
        {n.area_id === null && n.name ? <span className="badge badge--muted" title={t("portal.area.unlistedHint")}>{t("portal.area.unlisted")}</span> : null}
        <span className="muted small num portal-tree__counts" data-testid="portal-area-counts">
          {t("portal.area.counts", { enterprises: fmtNumber(n.enterprises, lang, 0), assessments: fmtNumber(n.assessments, lang, 0) })}
        </span>
        {extra ? extra(n) : null}
      </div>
      {open && n.children.length > 0 ? <AreaTree nodes={n.children} chosen={chosen} onChoose={onChoose} depth={depth + 1} extra={extra} /> : null}
    </li>
  );
}

const LEVELS: AreaLevel[] = ["province", "district", "commune", "craft_village"];

/** Admins: the whole tree, the office's list extended (a new area) and pruned (an area
 * deleted from the list; the enterprises that give it keep it in the tree). */
export function AreasAdmin() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const tree = useQuery({ queryKey: areasKey, queryFn: portal.areas });
  const empty = { level: "district" as AreaLevel, name: "", province: "", district: "", commune: "", code: "" };
  const [f, setF] = useState(empty);
  const add = useMutation({
    // Only the fields of the level chosen (a field hidden since keeps no stale text).
    mutationFn: () =>
      portal.addArea({
        level: f.level,
        name: f.name,
        code: f.code,
        province: f.level === "province" ? "" : f.province,
        district: f.level === "commune" || f.level === "craft_village" ? f.district : "",
        commune: f.level === "craft_village" ? f.commune : "",
      }),
    onSuccess: () => {
      setF({ ...empty, level: f.level, province: f.province, district: f.district });
      void qc.invalidateQueries({ queryKey: ["portal"] });
    },
  });
  const del = useMutation({
    mutationFn: (id: string) => portal.deleteArea(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["portal"] }),
  });
  const err = fieldTokens(add.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const text = (k: "name" | "province" | "district" | "commune" | "code") => (
    <Field label={t(`portal.area.fields.${k}`)} error={err[k]} testId={`portal-area-${k}`}>
      <input value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} data-testid={`portal-area-${k}`} />
    </Field>
  );
  return (
    <div className="page" data-testid="portal-areas">
      <PageHead title={t("portal.area.title")} sub={t("portal.area.sub")} />
      <section className="card">
        {tree.data?.length === 0 ? <p className="muted">{t("portal.area.none")}</p> : null}
        <AreaTree
          nodes={tree.data ?? []}
          extra={(n) =>
            n.area_id ? (
              <button
                type="button"
                className="button button--small"
                disabled={del.isPending}
                onClick={() => {
                  if (window.confirm(t("portal.area.deleteConfirm", { name: n.name }))) del.mutate(n.area_id as string);
                }}
                data-testid="portal-area-delete"
              >
                {t("portal.area.delete")}
              </button>
            ) : null
          }
        />
        <form className="portal-record-form" onSubmit={submit} data-testid="portal-area-form">
          <h3 className="portal-record-form__title">{t("portal.area.new")}</h3>
          <Field label={t("portal.area.fields.level")} error={err["level"]}>
            <select value={f.level} onChange={(e) => setF({ ...f, level: e.target.value as AreaLevel })} data-testid="portal-area-level">
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`portal.area.levels.${l}`)}
                </option>
              ))}
            </select>
          </Field>
          {text("name")}
          {text("code")}
          {f.level !== "province" ? text("province") : null}
          {f.level === "commune" || f.level === "craft_village" ? text("district") : null}
          {f.level === "craft_village" ? text("commune") : null}
          <p className="muted small portal-record-form__wide">{t("portal.area.formHint")}</p>
          <FormError error={add.error} testId="portal-area-error" />
          <div className="portal-record-form__wide">
            <button type="submit" className="button button--primary" disabled={add.isPending} data-testid="portal-area-submit">
              {t("portal.area.add")}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
