import { describe, expect, it } from "vitest";
import { parseRoute, pathAsHash, routeHash, type Route } from "./route";

describe("routes", () => {
  it("round-trips every screen through its hash, escaping what it carries", () => {
    const routes: Route[] = [
      { name: "welcome" },
      { name: "login" },
      { name: "login", joinCode: "AB/12" },
      { name: "register" },
      { name: "register", invite: "JOIN 42" },
      { name: "chat", sessionId: null },
      { name: "chat", sessionId: "s#1" },
      { name: "console", classId: null },
      { name: "console", classId: "c_ab12" },
      { name: "join", code: "K7Q2-XY" },
      { name: "reset", token: "t0k?en" },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it("sends a join or reset link without its value to the welcome page", () => {
    expect(parseRoute("#/join/")).toEqual({ name: "welcome" });
    expect(parseRoute("#/reset")).toEqual({ name: "welcome" });
  });

  it("turns the server's path links into hash routes and leaves other paths alone", () => {
    expect(pathAsHash("/join/K7Q2-XY")).toBe("#/join/K7Q2-XY");
    expect(pathAsHash("/reset/abc%2Fdef/")).toBe("#/reset/abc%2Fdef");
    expect(pathAsHash("/")).toBeNull();
    expect(pathAsHash("/join/a/b")).toBeNull();
    expect(pathAsHash("/assets/index.js")).toBeNull();
  });
});
