package cn.xieshang.faults;

import cn.xieshang.support.Rest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A REST client of one node as one demo user, with timeouts: a node that hangs fails the test, not CI. */
final class Http {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String authorization;

    Http(int port, String user) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    Rest.Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Rest.Reply post(String path, Object body) throws IOException, InterruptedException {
        String json = Rest.JSON.writeValueAsString(body);
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** The status of a GET, or -1 when the node does not answer. */
    int tryStatus(String path) {
        try {
            return get(path).status();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Raises a topic through the start form as the resident; the reply (200 with the case's id, or not). */
    Rest.Reply raise(String title) throws IOException, InterruptedException {
        return post("/engine-rest/process-definition/key/deliberation/submit-form", Rest.variables(cn.xieshang.support.IntegrationTest.topic(title)));
    }

    private Rest.Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.header("Authorization", authorization).timeout(TIMEOUT);
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Rest.Reply(response.statusCode(), response.body());
    }
}
