import { describe, expect, it } from "vitest";
import { loadConfig, resolveApiUrl, resolveWsUrl } from "./load-config";

const answer =
  (body: unknown, status = 200) =>
  () =>
    Promise.resolve(new Response(JSON.stringify(body), { status }));

describe("loadConfig", () => {
  it("resolves relative URLs against the page, switching http to ws", async () => {
    const config = await loadConfig(
      answer({ wsUrl: "/ws", apiUrl: "" }),
      "https://ibal.example/app/#/chat",
    );
    expect(config).toEqual({ wsUrl: "wss://ibal.example/ws", apiUrl: "https://ibal.example" });
  });

  it("keeps absolute URLs (the AWS case: API Gateway on another host)", async () => {
    const config = await loadConfig(
      answer({
        wsUrl: "wss://abc.execute-api.eu-west-1.amazonaws.com/prod",
        apiUrl: "https://api.example/",
      }),
      "https://d111.cloudfront.net/",
    );
    expect(config).toEqual({
      wsUrl: "wss://abc.execute-api.eu-west-1.amazonaws.com/prod",
      apiUrl: "https://api.example",
    });
  });

  it("fails clearly when the file is missing or incomplete", async () => {
    await expect(loadConfig(answer({}, 404), "http://localhost/")).rejects.toThrow(/HTTP 404/);
    await expect(loadConfig(answer({ apiUrl: "" }), "http://localhost/")).rejects.toThrow(/wsUrl/);
  });

  it("resolves helpers independently", () => {
    expect(resolveWsUrl("http://localhost:8080/ws", "http://x/")).toBe("ws://localhost:8080/ws");
    expect(resolveApiUrl("/backend/", "http://localhost:5173/")).toBe(
      "http://localhost:5173/backend",
    );
  });
});
