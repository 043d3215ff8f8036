package cn.xieshang.system;

import cn.xieshang.validation.InputRejectedException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.stereotype.Component;

/** The engine's REST API, plus one correction of how it reports rejected input. */
@Component
@ApplicationPath("/engine-rest")
public class RestConfiguration extends CamundaJerseyResourceConfig {

    @Override
    protected void registerAdditionalResources() {
        register(RejectedInputMapper.class);
    }

    /**
     * Some endpoints (e.g. {@code POST /process-definition/key/X/start}) wrap every engine exception as a 500.
     * Rejected input is the client's error: answer 400 with the rule's message, as {@code submit-form} does.
     */
    @Provider
    @Priority(1)
    public static class RejectedInputMapper implements ExceptionMapper<RestException> {

        private final RestExceptionHandler fallback = new RestExceptionHandler();

        @Override
        public Response toResponse(RestException exception) {
            for (Throwable t = exception; t != null; t = t.getCause()) {
                if (t instanceof InputRejectedException rejected) {
                    ExceptionDto dto = new ExceptionDto();
                    dto.setType(InputRejectedException.class.getSimpleName());
                    dto.setMessage(rejected.getMessage());
                    return Response.status(Response.Status.BAD_REQUEST).entity(dto)
                            .type(MediaType.APPLICATION_JSON_TYPE).build();
                }
            }
            return fallback.toResponse(exception);
        }
    }
}
