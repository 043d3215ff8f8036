package cn.xieshang.system;

import cn.xieshang.operations.CaseLog;
import cn.xieshang.validation.InputRejectedException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandler;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.camunda.spin.spi.SpinDataFormatException;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the engine's REST API answers a refusal, in both places it is served: {@code /engine-rest} (integrators)
 * and {@code /camunda/api/engine} (Tasklist, Cockpit). The engine answers many refusals with a 500 and logs a
 * stack trace for each; here they become the client's error with a short Chinese message and one log line:
 * <ul>
 *   <li>another community's object: 404, as if it did not exist (the engine says ENGINE-13034 and the id);</li>
 *   <li>an object that does not exist (any more), e.g. a task completed a moment ago: 404;</li>
 *   <li>two people changing one case at once, the later one: 409, try again;</li>
 *   <li>rejected input, the engine's "bad user request", a malformed Json value: 400.</li>
 * </ul>
 * Everything else is answered and logged by the engine's own handlers (5xx with a stack trace at ERROR).
 */
public final class RestRefusals {

    /** The engine's code for "belongs to no authenticated tenant". */
    static final String OTHER_TENANT = "ENGINE-13034";
    /** How the engine says that the case a running request had read was ended by another request meanwhile. */
    static final String GONE_MEANWHILE = "Cannot restore state of process instance";
    static final String NOT_FOUND = "所请求的对象不存在, 或已办结, 或不属于您的社区";
    static final String CONFLICT = "该案件刚刚被他人同时处理, 您的操作未保存。请刷新页面后查看并重试";
    static final String MALFORMED = "提交的值格式不正确";

    private static final Logger LOG = LoggerFactory.getLogger(RestRefusals.class);

    private RestRefusals() {
    }

    /** A refusal's answer, or null when the exception is no refusal and the engine's handler must answer it. */
    static Response refusal(Throwable exception) {
        int status = ExceptionHandlerHelper.getInstance().getStatus(exception).getStatusCode();
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof InputRejectedException rejected) {
                // one line, the Chinese reason, under the case the input was for; never a stack trace
                try (CaseLog.Scope scope = CaseLog.of(rejected.about())) {
                    return reply(Response.Status.BAD_REQUEST, rejected.getClass().getSimpleName(), rejected.getMessage(), exception);
                }
            }
            if (t instanceof OptimisticLockingException
                    || t instanceof NullValueException && t.getMessage() != null && t.getMessage().startsWith(GONE_MEANWHILE)) {
                return reply(Response.Status.CONFLICT, "OptimisticLockingException", CONFLICT, exception);
            }
            if (t instanceof ProcessEngineException engine && engine.getMessage() != null
                    && engine.getMessage().startsWith(OTHER_TENANT)) {
                // another community's task or case: answer as if it did not exist, and say nothing of it
                return reply(Response.Status.NOT_FOUND, "NotFoundException", NOT_FOUND, exception);
            }
            if ((t instanceof NullValueException || t instanceof NotFoundException) && status >= 500) {
                return reply(Response.Status.NOT_FOUND, "NotFoundException", NOT_FOUND, exception);
            }
            if (t instanceof BadUserRequestException refused && status >= 500) {
                // the engine's own word for a request that is the client's mistake
                return reply(Response.Status.BAD_REQUEST, refused.getClass().getSimpleName(), refused.getMessage(), exception);
            }
            if (t instanceof SpinDataFormatException) {
                return reply(Response.Status.BAD_REQUEST, "InvalidRequestException", MALFORMED, exception);
            }
        }
        if (status == 404) {
            return reply(Response.Status.NOT_FOUND, "NotFoundException", NOT_FOUND, exception);
        }
        if (status >= 400 && status < 500) {
            ExceptionDto dto = ExceptionHandlerHelper.getInstance().fromException(exception);
            LOG.info("REST refused ({}): {}", status, abbreviate(exception.getMessage()));
            return Response.status(status).entity(dto).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
        return null;
    }

    private static Response reply(Response.Status status, String type, String message, Throwable cause) {
        String detail = cause.getMessage();
        if (detail == null || message != null && detail.contains(message)) {
            LOG.info("REST refused ({}): {}", status.getStatusCode(), abbreviate(message));
        } else {
            LOG.info("REST refused ({}): {} [{}]", status.getStatusCode(), abbreviate(message), abbreviate(detail));
        }
        ExceptionDto dto = new ExceptionDto();
        dto.setType(type);
        dto.setMessage(message);
        return Response.status(status).entity(dto).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static String abbreviate(String message) {
        return message == null || message.length() <= 300 ? message : message.substring(0, 300) + "…";
    }

    /** Wraps REST's own exceptions (a refused start, a missing task). */
    @Provider
    @Priority(1)
    public static class RestExceptions implements ExceptionMapper<RestException> {

        private final RestExceptionHandler engine = new RestExceptionHandler();

        @Override
        public Response toResponse(RestException exception) {
            Response refusal = refusal(exception);
            return refusal != null ? refusal : engine.toResponse(exception);
        }
    }

    /** The engine's exceptions as the resources let them through (a foreign task's variables, a claim). */
    @Provider
    @Priority(1)
    public static class EngineExceptions implements ExceptionMapper<ProcessEngineException> {

        private final ProcessEngineExceptionHandler engine = new ProcessEngineExceptionHandler();

        @Override
        public Response toResponse(ProcessEngineException exception) {
            Response refusal = refusal(exception);
            return refusal != null ? refusal : engine.toResponse(exception);
        }
    }

    /** Anything else (a malformed Json value surfaces as a Spin exception). */
    @Provider
    @Priority(1)
    public static class OtherExceptions implements ExceptionMapper<Throwable> {

        private final ExceptionHandler engine = new ExceptionHandler();

        @Override
        public Response toResponse(Throwable exception) {
            Response refusal = refusal(exception);
            return refusal != null ? refusal : engine.toResponse(exception);
        }
    }

    /**
     * Registers the mappers in every Jersey application that serves the engine's REST resources, the webapps'
     * {@code /camunda/api/engine} included: that application is Camunda's own and takes no configuration.
     * Listed in {@code META-INF/services/org.glassfish.jersey.internal.spi.AutoDiscoverable}.
     */
    @Priority(AutoDiscoverable.DEFAULT_PRIORITY)
    public static class Registration implements AutoDiscoverable {

        @Override
        public void configure(FeatureContext context) {
            for (Class<?> mapper : new Class<?>[] {RestExceptions.class, EngineExceptions.class, OtherExceptions.class}) {
                if (!context.getConfiguration().isRegistered(mapper)) {
                    context.register(mapper);
                }
            }
        }
    }
}
