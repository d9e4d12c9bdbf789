import type { ReactNode } from "react";

/** The head of a page: the crumbs back up, the title, a muted line under it, and the page's
 * own actions (`children`) on the right. */
export function PageHead({
  title,
  titleTestId,
  sub,
  crumbs,
  children,
}: {
  title: ReactNode;
  titleTestId?: string;
  sub?: ReactNode;
  crumbs?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="page-head">
      <div>
        {crumbs !== undefined ? <div className="crumbs">{crumbs}</div> : null}
        <h1 data-testid={titleTestId}>{title}</h1>
        {sub !== undefined ? <p className="muted">{sub}</p> : null}
      </div>
      {children}
    </div>
  );
}
