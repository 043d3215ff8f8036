package cn.xieshang.system;

import jakarta.ws.rs.ApplicationPath;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.stereotype.Component;

/** The engine's REST API; its refusals are answered by {@link RestRefusals}, here and in the webapps' REST. */
@Component
@ApplicationPath("/engine-rest")
public class RestConfiguration extends CamundaJerseyResourceConfig {

    @Override
    protected void registerAdditionalResources() {
        register(RestRefusals.RestExceptions.class);
        register(RestRefusals.EngineExceptions.class);
        register(RestRefusals.OtherExceptions.class);
    }
}
