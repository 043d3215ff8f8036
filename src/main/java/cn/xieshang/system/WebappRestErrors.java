package cn.xieshang.system;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import org.glassfish.jersey.server.ServerProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tasklist starts cases and submits forms through the webapps' own copy of the REST API ({@code /camunda/api/engine},
 * Camunda's "Engine Api" servlet), not {@code /engine-rest}: give it the same mapper, so a refused form reads as the
 * rule that refused it ("输入有误: …"), not "Cannot instantiate process definition …: 输入有误: …".
 */
@Component
class WebappRestErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    /** The name Camunda's Spring Boot starter registers the webapps' engine API under. */
    static final String ENGINE_API = "Engine Api";

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        // Tomcat runs this after Spring's initializers (Camunda's registers the servlet) and before any request
        factory.addContextCustomizers(context -> context.addServletContainerInitializer(
                (classes, servletContext) -> addMapper(servletContext), null));
    }

    private static void addMapper(ServletContext servletContext) {
        ServletRegistration engineApi = servletContext.getServletRegistration(ENGINE_API);
        if (engineApi == null) {
            throw new IllegalStateException("Camunda's webapp servlet '" + ENGINE_API + "' is not registered: "
                    + "refusals in Tasklist would show the engine's wording");
        }
        engineApi.setInitParameter(ServerProperties.PROVIDER_CLASSNAMES,
                RestConfiguration.RejectedInputMapper.class.getName());
    }
}
