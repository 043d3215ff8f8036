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
 * A person logged in to the Camunda webapps as a browser is: a session cookie and the CSRF token, calling the
 * webapps' own REST API ({@code /camunda/api/engine/engine/default/…}) that Tasklist uses.
 */
public class WebappSession {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http;
    private final CookieManager cookies;

    private WebappSession(String base, HttpClient http, CookieManager cookies) {
        this.base = base;
        this.http = http;
        this.cookies = cookies;
    }

    /** Logs in to Tasklist with the form's user name and password. */
    public static WebappSession logIn(int port, String user, String password) {
        String base = "http://localhost:" + port + "/camunda";
        CookieManager cookies = new CookieManager();
        HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
        try {
            http.send(HttpRequest.newBuilder(URI.create(base + "/app/tasklist/default/")).build(),
                    HttpResponse.BodyHandlers.discarding());
            String token = token(cookies);
            HttpResponse<Void> login = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/api/admin/auth/user/default/login/tasklist"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-XSRF-TOKEN", token)
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password))
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (login.statusCode() != 200) {
                throw new IllegalStateException(user + " could not log in: " + login.statusCode());
            }
            // logging in starts a new session, which gets its own token with its first read, as in the browser
            http.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/default")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return new WebappSession(base, http, cookies);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET on the engine's REST API as Tasklist calls it, e.g. {@code process-definition/key/x/deployed-start-form}. */
    public Rest.Reply engineGet(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/engine/engine/default/" + path)).GET());
    }

    /** POST of a JSON body on the engine's REST API as Tasklist calls it. */
    public Rest.Reply enginePost(String path, Object body) {
        try {
            String json = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send(HttpRequest.newBuilder(URI.create(base + "/api/engine/engine/default/" + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(CookieManager cookies) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .reduce((first, second) -> second).orElseThrow().getValue();
    }

    private Rest.Reply send(HttpRequest.Builder request) {
        // the token changes with the session at login: always the current cookie's, as the browser sends it
        request.header("X-XSRF-TOKEN", token(cookies)).header("Accept", "application/json")
                .header("Origin", base.substring(0, base.indexOf("/camunda"))); // checked with the token
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Rest.Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
