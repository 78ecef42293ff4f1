/** The screens, addressed by the URL hash so any static host (S3, CloudFront) serves them. */
export type Route =
  | { name: "welcome" }
  | { name: "login" }
  | { name: "register" }
  | { name: "chat"; sessionId: string | null };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, "");
  const [first, second] = path.split("/");
  switch (first) {
    case "login":
      return { name: "login" };
    case "register":
      return { name: "register" };
    case "chat":
      return { name: "chat", sessionId: second ? decodeURIComponent(second) : null };
    default:
      return { name: "welcome" };
  }
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case "welcome":
      return "#/";
    case "login":
      return "#/login";
    case "register":
      return "#/register";
    case "chat":
      return route.sessionId === null ? "#/chat" : `#/chat/${encodeURIComponent(route.sessionId)}`;
  }
}
