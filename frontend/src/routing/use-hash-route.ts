import { useCallback, useSyncExternalStore } from "react";
import { parseRoute, routeHash, type Route } from "./route";

const subscribe = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};
const getHash = () => window.location.hash;

export function useHashRoute(): {
  route: Route;
  navigate: (route: Route, replace?: boolean) => void;
} {
  const hash = useSyncExternalStore(subscribe, getHash);
  const navigate = useCallback((route: Route, replace = false) => {
    const next = routeHash(route);
    if (next === window.location.hash) return;
    if (replace) {
      window.history.replaceState(null, "", next);
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } else {
      window.location.hash = next;
    }
  }, []);
  return { route: parseRoute(hash), navigate };
}
