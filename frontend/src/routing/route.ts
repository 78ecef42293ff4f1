/** The screens, addressed by the URL hash so any static host (S3, CloudFront) serves them. */
export type Route =
  | { name: "welcome" }
  | { name: "login"; joinCode?: string }
  | { name: "register"; invite?: string }
  | { name: "chat"; sessionId: string | null }
  | { name: "console"; classId: string | null }
  | { name: "join"; code: string }
  | { name: "reset"; token: string };

const part = (value: string | undefined) =>
  value === undefined || value === "" ? undefined : decodeURIComponent(value);

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, "");
  const [first, second, third] = path.split("/");
  switch (first) {
    case "login": {
      const joinCode = second === "join" ? part(third) : undefined;
      return joinCode === undefined ? { name: "login" } : { name: "login", joinCode };
    }
    case "register": {
      const invite = part(second);
      return invite === undefined ? { name: "register" } : { name: "register", invite };
    }
    case "chat":
      return { name: "chat", sessionId: part(second) ?? null };
    case "console":
      return { name: "console", classId: part(second) ?? null };
    case "join": {
      const code = part(second);
      return code === undefined ? { name: "welcome" } : { name: "join", code };
    }
    case "reset": {
      const token = part(second);
      return token === undefined ? { name: "welcome" } : { name: "reset", token };
    }
    default:
      return { name: "welcome" };
  }
}

export function routeHash(route: Route): string {
  const enc = encodeURIComponent;
  switch (route.name) {
    case "welcome":
      return "#/";
    case "login":
      return route.joinCode === undefined ? "#/login" : `#/login/join/${enc(route.joinCode)}`;
    case "register":
      return route.invite === undefined ? "#/register" : `#/register/${enc(route.invite)}`;
    case "chat":
      return route.sessionId === null ? "#/chat" : `#/chat/${enc(route.sessionId)}`;
    case "console":
      return route.classId === null ? "#/console" : `#/console/${enc(route.classId)}`;
    case "join":
      return `#/join/${enc(route.code)}`;
    case "reset":
      return `#/reset/${enc(route.token)}`;
  }
}

/**
 * The server's links are paths (`{origin}/join/{code}`, `{origin}/reset/{token}`: the host
 * serves index.html for them); the app routes on the hash, so such a path becomes its hash
 * route once, at start-up, before anything reads the page's URL.
 */
export function pathAsHash(pathname: string): string | null {
  const match = /^\/(join|reset)\/([^/]+)\/?$/.exec(pathname);
  if (match === null) return null;
  const [, kind, value] = match;
  return `#/${kind ?? ""}/${value ?? ""}`;
}
