package cn.xieshang.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The webapps' own REST API ({@code /camunda/api/engine/engine/default/...}) as Tasklist and Cockpit call it:
 * a session cookie from the login form and the CSRF token on every request that changes something.
 */
public class WebappSession {

    private static final String ENGINE = "/api/engine/engine/default";

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
    private final String base;

    public WebappSession(int port, String user, String password, String app) {
        this.base = "http://localhost:" + port + "/camunda";
        Rest.Reply page = send(HttpRequest.newBuilder(URI.create(base + "/app/" + app + "/default/")).GET());
        Rest.Reply login = send(HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/default/login/" + app))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)));
        if (page.status() != 200 || login.status() != 200) {
            throw new AssertionError("Login to " + app + " as " + user + " failed: " + login.status() + " " + login.body());
        }
    }

    /** GET {@code /camunda/api/engine/engine/default + path}. */
    public Rest.Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + ENGINE + path)).GET());
    }

    public Rest.Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + ENGINE + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    public Rest.Reply delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + ENGINE + path)).DELETE());
    }

    private Rest.Reply send(HttpRequest.Builder request) {
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN")).findFirst()
                .ifPresent(token -> request.header("X-XSRF-TOKEN", token.getValue()));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Rest.Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
