import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app";
import { createServices } from "./app/services";
import { ServicesContext } from "./app/services-context";
import { loadConfig } from "./config/load-config";
import { pathAsHash } from "./routing/route";
import "./styles/tokens.css";
import "./styles/base.css";
import "./styles/pages.css";
import "./styles/chat.css";
import "./styles/markdown.css";

const container = document.getElementById("root");
if (container === null) throw new Error("index.html lacks #root");
const root = createRoot(container);

function showStartupError(): void {
  root.render(
    <main className="splash error" role="alert">
      <h1>IBAL could not start</h1>
      <p>The app's configuration could not be loaded. Check your connection, then try again.</p>
      <button type="button" className="button primary" onClick={() => void start()}>
        Try again
      </button>
    </main>,
  );
}

async function start(): Promise<void> {
  const linked = pathAsHash(window.location.pathname);
  if (linked !== null) window.history.replaceState(null, "", `/${linked}`);
  let services;
  try {
    const config = await loadConfig((input, init) => fetch(input, init), window.location.href);
    services = createServices(config, (input, init) => fetch(input, init), window.sessionStorage);
  } catch (error) {
    console.error("[ibal] startup failed:", error instanceof Error ? error.message : error);
    showStartupError();
    return;
  }
  await services.tokens.restore();
  root.render(
    <StrictMode>
      <ServicesContext value={services}>
        <App />
      </ServicesContext>
    </StrictMode>,
  );
}

void start();
