package cn.xieshang.deployment;

import cn.xieshang.system.StartupStep;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys every BPMN and DMN model of {@code processes/}, every Camunda Form of {@code forms/} and the designers'
 * migration files ({@code processes/<key>.migration.yaml}, see {@code cn.xieshang.migration}). Both folders
 * are packed into the jar under the same names, so a source checkout and the jar deploy identical resources.
 * Only changed resources get a new version on restart.
 */
@Component
@Order(10)
public class ModelDeployment implements StartupStep {

    public static final String DEPLOYMENT_NAME = "xieshang";
    static final List<String> PATTERNS = List.of(
            "classpath*:processes/**/*.bpmn", "classpath*:processes/**/*.dmn", "classpath*:forms/**/*.form",
            // what a designer says about renamed ids, kept with the version it leads to (cn.xieshang.migration)
            "classpath*:processes/**/*.migration.yaml");

    private static final Logger LOG = LoggerFactory.getLogger(ModelDeployment.class);

    private final RepositoryService repositoryService;

    ModelDeployment(RepositoryService repositoryService) {
        this.repositoryService = repositoryService;
    }

    @Override
    public void run() {
        List<Resource> models = models();
        if (models.isEmpty()) {
            throw new IllegalStateException("No models found under processes/ and forms/ on the classpath");
        }
        DeploymentBuilder deployment = repositoryService.createDeployment()
                .name(DEPLOYMENT_NAME)
                .source(DEPLOYMENT_NAME)
                .enableDuplicateFiltering(true);
        for (Resource model : models) {
            try (InputStream in = model.getInputStream()) {
                deployment.addInputStream(resourceName(model), new java.io.ByteArrayInputStream(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        DeploymentWithDefinitions deployed = deployment.deployWithResult();
        LOG.info("Deployed {} models; new definitions: {} processes, {} decisions", models.size(),
                size(deployed.getDeployedProcessDefinitions()), size(deployed.getDeployedDecisionDefinitions()));
    }

    public static List<Resource> models() {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<Resource> found = new ArrayList<>();
        try {
            for (String pattern : PATTERNS) {
                for (Resource r : resolver.getResources(pattern)) {
                    if (r.isReadable()) {
                        found.add(r);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.comparing(ModelDeployment::resourceName));
        return found;
    }

    /** "processes/deliberation.bpmn" or "forms/raise-topic.form", the same from a directory or a jar. */
    public static String resourceName(Resource resource) {
        try {
            String url = resource.getURL().toString();
            // the innermost folder wins, so a checkout that itself lies under a folder named "forms" still works
            int at = Math.max(url.lastIndexOf("/processes/"), url.lastIndexOf("/forms/"));
            if (at < 0) {
                throw new IllegalStateException("Model outside processes/ and forms/: " + url);
            }
            return url.substring(at + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }
}
