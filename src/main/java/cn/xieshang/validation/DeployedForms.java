package cn.xieshang.validation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.CamundaFormDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;

/**
 * The deployed form a start event or task names, parsed once per form version: a deployed form never changes, so
 * its rules are kept by form definition id. Only the lookup of the latest version goes to the database.
 */
final class DeployedForms {

    private static final Map<String, FormSchema> PARSED = new ConcurrentHashMap<>();

    private DeployedForms() {
    }

    /**
     * @param formRef the model's {@code camunda:formRef}
     * @param latest whether the model binds the latest version ({@code camunda:formRefBinding="latest"})
     * @param deployed the engine's own lookup, for any other binding
     */
    static FormSchema of(String formRef, boolean latest, Supplier<InputStream> deployed) {
        CommandContext context = Context.getCommandContext();
        return context.runWithoutAuthorization(() -> {
            if (latest && formRef != null && !formRef.contains("${") && !formRef.contains("#{")) {
                CamundaFormDefinitionEntity definition = context.getCamundaFormDefinitionManager()
                        .findLatestDefinitionByKey(formRef);
                if (definition != null) {
                    return PARSED.computeIfAbsent(definition.getId(), id -> {
                        ResourceEntity resource = context.getResourceManager().findResourceByDeploymentIdAndResourceName(
                                definition.getDeploymentId(), definition.getResourceName());
                        return FormSchema.parse(new ByteArrayInputStream(resource.getBytes()));
                    });
                }
            }
            try (InputStream in = deployed.get()) {
                return FormSchema.parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
