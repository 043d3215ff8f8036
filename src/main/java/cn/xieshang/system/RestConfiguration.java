package cn.xieshang.system;

import cn.xieshang.validation.InputRejectedException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NullValueException;
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
     * Rejected input and missing objects are the client's error, not the server's.
     * Some endpoints (e.g. {@code POST /process-definition/key/X/start}) wrap every engine exception as a 500.
     * Rejected input is the client's error: answer 400 with the rule's message, as {@code submit-form} does.
     */
    @Provider
    @Priority(1)
    public static class RejectedInputMapper implements ExceptionMapper<RestException> {

        /** The engine's code for "belongs to no authenticated tenant". */
        static final String OTHER_TENANT = "ENGINE-13034";

        private final RestExceptionHandler fallback = new RestExceptionHandler();

        @Override
        public Response toResponse(RestException exception) {
            for (Throwable t = exception; t != null; t = t.getCause()) {
                if (t instanceof InputRejectedException rejected) {
                    return reply(Response.Status.BAD_REQUEST, rejected);
                }
                if (t instanceof BadUserRequestException refused && exception.getStatus() == Response.Status.INTERNAL_SERVER_ERROR) {
                    // the engine's own word for a request that is the client's mistake
                    return reply(Response.Status.BAD_REQUEST, refused);
                }
                if (t instanceof NullValueException missing && exception.getStatus() == Response.Status.INTERNAL_SERVER_ERROR) {
                    // e.g. completing a task that does not exist
                    return reply(Response.Status.NOT_FOUND, missing);
                }
                if (t instanceof ProcessEngineException engine && engine.getMessage() != null
                        && engine.getMessage().startsWith(OTHER_TENANT)) {
                    // another community's task or case: answer as if it did not exist, and say nothing of it
                    return reply(Response.Status.NOT_FOUND, new NullValueException("No such object in your communities"));
                }
            }
            return fallback.toResponse(exception);
        }

        private static Response reply(Response.Status status, Exception cause) {
            ExceptionDto dto = new ExceptionDto();
            dto.setType(cause.getClass().getSimpleName());
            dto.setMessage(cause.getMessage());
            return Response.status(status).entity(dto).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
    }
}
