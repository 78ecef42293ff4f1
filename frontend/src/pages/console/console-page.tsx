import { useCallback, type ReactElement } from "react";
import { useServices } from "../../app/services-context";
import type { ClassInfo } from "../../api/classes-api";
import type { User } from "../../api/types";
import { LogoMark } from "../../components/icons";
import type { Route } from "../../routing/route";
import { ClassDetail } from "./class-detail";
import { ClassList } from "./class-list";
import { describeConsoleError } from "./console-errors";
import { CreateClassForm } from "./create-class-form";
import { PeoplePanel } from "./people-panel";
import { useAsync } from "./use-async";
import "./console.css";

export interface ConsolePageProps {
  user: User;
  classId: string | null;
  navigate: (route: Route, replace?: boolean) => void;
}

/**
 * The teacher's console: the classes they teach (an admin: all), each with its usage, cost,
 * invites and controls. The server checks every role; this page only shows what it answers.
 */
export function ConsolePage({ user, classId, navigate }: ConsolePageProps): ReactElement {
  const { classesApi, meApi } = useServices();
  const { state, reload } = useAsync(useCallback(() => classesApi.list(), [classesApi]));
  const me = useAsync(useCallback(() => meApi.me(), [meApi])).state;
  const isAdmin = me.status === "ready" && me.value.role === "admin";
  const classes = state.status === "ready" ? state.value : [];
  const selected = classes.find((c) => c.classId === classId) ?? null;

  const onCreated = (created: ClassInfo) => {
    reload();
    navigate({ name: "console", classId: created.classId });
  };

  return (
    <div className="page console">
      <a className="skip-link" href="#console-main">
        Skip to the class
      </a>
      <header className="console-topbar">
        <a href="#/" className="brand" aria-label="IBAL home">
          <LogoMark size={24} /> <span>IBAL</span>
        </a>
        <span className="console-crumb">Class console</span>
        <span className="console-user quiet">{user.displayName || user.username}</span>
        <a className="button secondary small" href="#/chat">
          Back to chat
        </a>
      </header>
      <div className="console-body">
        <nav className="console-nav" aria-label="Classes">
          <h2>Your classes</h2>
          {state.status === "loading" && (
            <p className="quiet" role="status">
              Loading classes…
            </p>
          )}
          {state.status === "failed" && (
            <p className="form-error" role="alert">
              {describeConsoleError(state.error)}
            </p>
          )}
          {state.status === "ready" && <ClassList classes={classes} activeId={classId} />}
          <CreateClassForm
            onCreated={onCreated}
            startOpen={state.status === "ready" && classes.length === 0}
          />
        </nav>
        <main className="console-main" id="console-main" tabIndex={-1}>
          {classId === null ? (
            <section className="console-empty">
              <h1>Class console</h1>
              <p className="quiet">
                Pick a class, or create one, to see who uses the assistant, what it costs, and to
                invite learners. You see usage figures only, never what learners wrote.
              </p>
              {isAdmin && <PeoplePanel />}
            </section>
          ) : (
            <ClassDetail key={classId} classId={classId} classInfo={selected} onChanged={reload} />
          )}
        </main>
      </div>
    </div>
  );
}
