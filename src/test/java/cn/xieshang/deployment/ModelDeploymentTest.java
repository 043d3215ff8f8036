package cn.xieshang.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import java.io.File;
import java.io.FileOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.UrlResource;

class ModelDeploymentTest extends IntegrationTest {

    @Autowired
    ModelDeployment modelDeployment;
    @Autowired
    RepositoryService repositoryService;

    @Test
    void everyModelAndFormIsDeployedUnderItsFolderName() {
        Deployment latest = repositoryService.createDeploymentQuery().deploymentName(ModelDeployment.DEPLOYMENT_NAME)
                .orderByDeploymentTime().desc().list().get(0);
        List<String> everything = repositoryService.createDeploymentQuery().deploymentName(ModelDeployment.DEPLOYMENT_NAME)
                .list().stream().flatMap(d -> repositoryService.getDeploymentResourceNames(d.getId()).stream()).toList();
        assertThat(everything).contains("processes/deliberation.bpmn", "forms/raise-topic.form", "forms/review-topic.form");
        assertThat(latest.getSource()).isEqualTo(ModelDeployment.DEPLOYMENT_NAME);
        assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey("deliberation")
                .latestVersion().singleResult().getHistoryTimeToLive()).isEqualTo(1825);
    }

    @Test
    void aRestartWithoutChangesDeploysNothing() {
        long deployments = repositoryService.createDeploymentQuery().count();
        long definitions = repositoryService.createProcessDefinitionQuery().count();

        modelDeployment.run();

        assertThat(repositoryService.createDeploymentQuery().count()).isEqualTo(deployments);
        assertThat(repositoryService.createProcessDefinitionQuery().count()).isEqualTo(definitions);
    }

    @Test
    void modelsAreNamedTheSameInsideAJar() throws Exception {
        File jar = Files.createTempFile("models", ".jar").toFile();
        jar.deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(new FileOutputStream(jar))) {
            out.putNextEntry(new JarEntry("BOOT-INF/classes/processes/deliberation.bpmn"));
            out.write("<x/>".getBytes());
            out.closeEntry();
        }
        Resource inJar = new UrlResource(new URL("jar:" + jar.toURI() + "!/BOOT-INF/classes/processes/deliberation.bpmn"));
        assertThat(ModelDeployment.resourceName(inJar)).isEqualTo("processes/deliberation.bpmn");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toURI().toURL()}, null)) {
            assertThat(loader.getResource("BOOT-INF/classes/processes/deliberation.bpmn")).isNotNull();
        }
        Resource inFolder = new UrlResource(new File("/home/forms/xieshang/target/classes/processes/sub/a.bpmn").toURI());
        assertThat(ModelDeployment.resourceName(inFolder)).isEqualTo("processes/sub/a.bpmn");
    }
}
