package cn.xieshang.system;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import java.util.Map;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;

/** The engine's decisions run on the application's FEEL engine ({@link FeelTest} shows it decides as Camunda's). */
class FeelEngineInUseTest extends IntegrationTest {

    @Test
    void theEnginesDecisionTablesUseTheApplicationsFeel() {
        ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.getDmnEngineConfiguration().getFeelEngine()).isSameAs(Feel.standard());

        Map<String, Object> route = engine.getDecisionService().evaluateDecisionTableByKey("concern-triage",
                Map.of("category", "utilities", "scope", "community", "urgency", "normal")).getSingleResult().getEntryMap();
        assertThat(route).containsEntry("level", "district").containsEntry("timeLimitDays", 15);
    }
}
