package org.ibal.functions.handler.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.Map;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.auth.Tokens;
import org.ibal.functions.handler.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * The page the sign-in popup ends on: it tells the learner what happened and {@code postMessage}s the result to
 * the LMS page that opened it — to that one origin, never {@code *} — then closes itself after a success. Its only
 * script runs by CSP nonce; the result travels as an inert JSON block, escaped so it cannot end the element.
 */
final class SignInPage {
    private static final String TEMPLATE = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>IBAL sign-in</title>
            <style nonce="%1$s">body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:36rem;color:#1a1a1a}</style>
            </head>
            <body>
            <main>
            <h1>%2$s</h1>
            <p id="ibal-status">%3$s</p>
            </main>
            <script type="application/json" id="ibal-result">%4$s</script>
            <script nonce="%1$s">
            (function () {
              var result = JSON.parse(document.getElementById('ibal-result').textContent);
              if (!result.targetOrigin) return;
              if (!window.opener) {
                document.getElementById('ibal-status').textContent =
                  'The course page that opened this window is gone. Close this window and sign in again.';
                return;
              }
              window.opener.postMessage(result.message, result.targetOrigin);
              if (result.message.type === 'ibal:auth') window.close();
            })();
            </script>
            </body>
            </html>
            """;

    private SignInPage() {}

    static APIGatewayV2HTTPResponse signedIn(Tokens tokens, String targetOrigin, List<String> cookies) {
        ObjectNode message = Json.object().put("type", "ibal:auth");
        ObjectNode body = message.putObject("tokens")
                .put("accessToken", tokens.accessToken())
                .put("refreshToken", tokens.refreshToken())
                .put("expiresIn", tokens.expiresIn());
        body.set("user", Json.user(tokens.user()));
        return page(
                200,
                "You are signed in",
                "You can close this window and return to your course.",
                targetOrigin,
                message,
                cookies);
    }

    /** @param targetOrigin null when the LMS page is not known: then nothing is posted */
    static APIGatewayV2HTTPResponse failed(
            int status, String code, String learnerMessage, String targetOrigin, List<String> cookies) {
        ObjectNode message =
                Json.object().put("type", "ibal:auth-error").put("code", code).put("message", learnerMessage);
        return page(status, "Sign-in did not work", learnerMessage, targetOrigin, message, cookies);
    }

    private static APIGatewayV2HTTPResponse page(
            int status, String title, String text, String targetOrigin, ObjectNode message, List<String> cookies) {
        String nonce = Ids.secret();
        ObjectNode result = Json.object();
        if (targetOrigin != null) {
            result.put("targetOrigin", targetOrigin);
            result.set("message", message);
        }
        String html = TEMPLATE.formatted(nonce, html(title), html(text), scriptSafe(Json.write(result)));
        Map<String, String> headers = Map.of(
                "content-type", "text/html; charset=utf-8",
                "cache-control", "no-store",
                "content-security-policy",
                        "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce
                                + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                "referrer-policy", "no-referrer",
                "x-content-type-options", "nosniff",
                "x-frame-options", "DENY");
        // No Cross-Origin-Opener-Policy: same-origin would sever window.opener, the only way back to the LMS page.
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withCookies(cookies)
                .withBody(html)
                .build();
    }

    private static String html(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** JSON inside a script element: no {@code </script>}, no HTML comment or entity can appear. */
    private static String scriptSafe(String json) {
        return json.replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }
}
