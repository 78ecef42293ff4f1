import { describe, expect, it } from "vitest";
import { authErrorToFields, validatePassword, validateUsername } from "./credentials-rules";

describe("credential rules", () => {
  it("mirrors the server's username rule, case-folded", () => {
    expect(validateUsername("Ada_L.9")).toBeUndefined();
    expect(validateUsername("ab")).toMatch(/3 to 32/);
    expect(validateUsername("a".repeat(33))).toMatch(/3 to 32/);
    expect(validateUsername("ada lovelace")).toMatch(/only letters/);
  });

  it("mirrors the server's password length rule", () => {
    expect(validatePassword("1234567")).toMatch(/at least 8/);
    expect(validatePassword("12345678")).toBeUndefined();
    expect(validatePassword("x".repeat(129))).toMatch(/at most 128/);
  });

  it("puts a taken username on the username field and a bad login on the form", () => {
    expect(authErrorToFields("conflict", "register")).toEqual({
      username: expect.stringMatching(/taken/) as unknown,
    });
    expect(authErrorToFields("unauthorized", "login").form).toMatch(/Wrong username or password/);
    expect(authErrorToFields("network", "login").form).toMatch(/Can't reach/);
  });
});
