package cn.xieshang.migration;

import cn.xieshang.statistics.ManagerRequests.Refused;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;

/**
 * What the designer says about ids that changed between versions: {@code processes/<process key>.migration.yaml},
 * beside the model, with
 * <pre>
 * activities:
 *   Task_OldId: Task_NewId
 * </pre>
 * Activities whose id stayed the same need no line. The file is read from the deployment of the latest version when
 * it was deployed with it ({@code ModelDeployment} deploys it with the models), else from the application's own
 * {@code processes/} folder; no file means no renamed ids.
 */
record MigrationMapping(String file, String source, Map<String, String> activities) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static String fileName(String processKey) {
        return "processes/" + processKey + ".migration.yaml";
    }

    static MigrationMapping of(String processKey, ProcessDefinition target, RepositoryService repositoryService) {
        String file = fileName(processKey);
        if (repositoryService.getDeploymentResourceNames(target.getDeploymentId()).contains(file)) {
            try (InputStream in = repositoryService.getResourceAsStream(target.getDeploymentId(), file)) {
                return new MigrationMapping(file, "deployment", read(file, in));
            } catch (IOException e) {
                throw new Refused(HttpStatus.BAD_REQUEST, "迁移文件 " + file + " 读取失败: " + e.getMessage());
            }
        }
        ClassPathResource resource = new ClassPathResource(file);
        if (!resource.exists()) {
            return new MigrationMapping(file, "none", Map.of());
        }
        try (InputStream in = resource.getInputStream()) {
            return new MigrationMapping(file, "application", read(file, in));
        } catch (IOException e) {
            throw new Refused(HttpStatus.BAD_REQUEST, "迁移文件 " + file + " 读取失败: " + e.getMessage());
        }
    }

    /** The {@code activities} map: old id to new id, both non-empty strings; anything else is refused. */
    static Map<String, String> read(String file, InputStream in) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new Refused(HttpStatus.BAD_REQUEST, "迁移文件 " + file + " 不是有效的 YAML: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Map.of();
        }
        if (!root.isObject()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "迁移文件 " + file + " 应为 activities: {旧的活动 id: 新的活动 id}");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("activities")) {
                throw new Refused(HttpStatus.BAD_REQUEST, "迁移文件 " + file + " 只认识 activities, 不认识「" + name + "」");
            }
        });
        JsonNode activities = root.path("activities");
        if (activities.isMissingNode() || activities.isNull()) {
            return Map.of();
        }
        if (!activities.isObject()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "迁移文件 " + file + " 的 activities 应为「旧的活动 id: 新的活动 id」的列表");
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        activities.fields().forEachRemaining(entry -> {
            JsonNode to = entry.getValue();
            if (!to.isTextual() || to.asText().isBlank()) {
                throw new Refused(HttpStatus.BAD_REQUEST,
                        "迁移文件 " + file + " 中「" + entry.getKey() + "」应对应新版本的一个活动 id");
            }
            mapping.put(entry.getKey(), to.asText().trim());
        });
        return Collections.unmodifiableMap(mapping);
    }
}
