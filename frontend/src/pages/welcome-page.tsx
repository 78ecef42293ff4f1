import type { ReactElement } from "react";
import { useAuth } from "../auth/use-auth";
import { HealthBadge } from "../components/health-badge";
import { LogoMark } from "../components/icons";

export function WelcomePage(): ReactElement {
  const { state } = useAuth();
  const signedIn = state.status === "signed-in";
  return (
    <div className="page welcome">
      <header className="topbar">
        <a href="#/" className="brand" aria-label="IBAL home">
          <LogoMark /> <span>IBAL</span>
        </a>
        {!signedIn && (
          <a className="button secondary" href="#/login">
            Log in
          </a>
        )}
      </header>
      <main className="hero" id="main">
        <h1>
          <span className="hero-name">IBAL</span>
          <span className="hero-tagline">
            A patient study partner for every learner in your class.
          </span>
        </h1>
        <p className="hero-lead">
          Ask questions in plain words, get clear explanations with sources, and pick up any
          conversation where you left it.
        </p>
        <div className="hero-actions">
          {signedIn ? (
            <a className="button primary large" href="#/chat">
              Open your chats
            </a>
          ) : (
            <>
              <a className="button primary large" href="#/register">
                Get started — it's free
              </a>
              <a className="button secondary large" href="#/login">
                I have an account
              </a>
            </>
          )}
        </div>
        <HealthBadge />
        <ul className="features" aria-label="What IBAL does">
          <li>
            <h2>Answers that stream</h2>
            <p>See the reply as it is written, and stop it any time.</p>
          </li>
          <li>
            <h2>Sources you can check</h2>
            <p>Replies cite the course material they draw on.</p>
          </li>
          <li>
            <h2>Works where you learn</h2>
            <p>On your phone, your laptop, and inside your course.</p>
          </li>
        </ul>
      </main>
    </div>
  );
}
