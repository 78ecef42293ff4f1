import type { ReactElement } from "react";
import type { ClassInfo } from "../../api/classes-api";
import { routeHash } from "../../routing/route";

export function ClassList({
  classes,
  activeId,
}: {
  classes: ClassInfo[];
  activeId: string | null;
}): ReactElement {
  if (classes.length === 0) return <p className="quiet">No classes yet.</p>;
  return (
    <ul className="class-list">
      {classes.map((c) => (
        <li key={c.classId}>
          <a
            href={routeHash({ name: "console", classId: c.classId })}
            aria-current={c.classId === activeId ? "page" : undefined}
          >
            {c.name}
            {c.archived === true && <span className="chip small"> archived</span>}
          </a>
        </li>
      ))}
    </ul>
  );
}
