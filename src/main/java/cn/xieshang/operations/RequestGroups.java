package cn.xieshang.operations;

import io.micrometer.common.KeyValue;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * The {@code uri} of {@code http.server.requests} is the request's endpoint group, a handful of fixed values
 * ({@code engine-rest}, {@code api}, {@code webapps}, {@code open311}, {@code residents}, {@code notices},
 * {@code actuator}, {@code other}): the engine's REST API and the webapps serve no URI templates to Spring, and a
 * path carries case, task and token ids, which must never become label values.
 */
@Component
class RequestGroups extends DefaultServerRequestObservationConvention {

    @Override
    protected KeyValue uri(ServerRequestObservationContext context) {
        HttpServletRequest request = context.getCarrier();
        return KeyValue.of("uri", group(request.getRequestURI().substring(request.getContextPath().length())));
    }

    static String group(String path) {
        String first = path.replaceFirst("^/+", "").split("[/?;]", 2)[0];
        return switch (first) {
            case "engine-rest" -> "engine-rest";
            case "api" -> "api";
            case "camunda" -> "webapps";
            case "open311" -> "open311";
            case "raise", "follow", "online" -> "residents";
            case "notices" -> "notices";
            case "actuator" -> "actuator";
            default -> "other";
        };
    }
}
