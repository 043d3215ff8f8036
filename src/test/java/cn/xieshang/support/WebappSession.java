package cn.xieshang.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A person logged in to a Camunda webapp as a browser is — a session cookie, and the CSRF token and Origin on every
 * call — calling the webapps' own REST API ({@code /camunda/api/engine/engine/default/...}) that Tasklist and
 * Cockpit use.
 */
public class WebappSession {

    private static final String ENGINE = "/api/engine/engine/default";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
    private final String origin;
    private final String base;

    /** Logs in to the webapp {@code app} (tasklist, cockpit, admin) through its login form. */
    public WebappSession(int port, String user, String password, String app) {
        this.origin = "http://localhost:" + port;
        this.base = origin + "/camunda";
        Rest.Reply page = send(HttpRequest.newBuilder(URI.create(base + "/app/" + app + "/default/")).GET());
        Rest.Reply login = send(HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/default/login/" + app))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)));
        if (page.status() != 200 || login.status() != 200) {
            throw new AssertionError("Login to " + app + " as " + user + " failed: " + login.status() + " " + login.body());
        }
        // logging in starts a new session, which gets its own token with its first read, as in the browser
        send(HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/default")).GET());
    }

    /** Logs in to Tasklist. */
    public static WebappSession logIn(int port, String user, String password) {
        return new WebappSession(port, user, password, "tasklist");
    }

    /** GET {@code /camunda/api/engine/engine/default + path}. */
    public Rest.Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + ENGINE + path)).GET());
    }

    /** POST of a JSON body (a String as it is, anything else serialized). */
    public Rest.Reply post(String path, Object body) {
        String json;
        try {
            json = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(HttpRequest.newBuilder(URI.create(base + ENGINE + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /**
     * A request to the application's own pages and API beside the webapps ({@code /api/...}, {@code /notices}) with
     * this session's cookie, as a link or a script in the webapp sends it; {@code json} may be null.
     */
    public Rest.Reply atRoot(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    public Rest.Reply delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + ENGINE + path)).DELETE());
    }

    private Rest.Reply send(HttpRequest.Builder request) {
        // the token changes with the session at login: always the current cookie's, as the browser sends it
        cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .reduce((first, second) -> second)
                .ifPresent(token -> request.header("X-XSRF-TOKEN", token.getValue()));
        request.header("Accept", "application/json").header("Origin", origin);
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
