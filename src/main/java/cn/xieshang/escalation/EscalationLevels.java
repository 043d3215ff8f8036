package cn.xieshang.escalation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The levels of escalation as the decision table {@code processes/escalation-level.dmn} defines them (the same file
 * the engine deploys): who handles each level, its deadline, the level above and below. Read here for the steps
 * that need another level than the current one (who to tell, where a matter goes first) and for readable names.
 */
@Component
public class EscalationLevels {

    static final String DECISION = "processes/escalation-level.dmn";

    /** One row of the table. {@code higher} and {@code lower} are null at the top and the bottom. */
    public record Level(String id, String name, String group, int days, int reminderDays, String higher, String lower) {
    }

    private final DmnEngine dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    private final DmnDecision decision;

    EscalationLevels() {
        try (InputStream in = new ClassPathResource(DECISION).getInputStream()) {
            this.decision = dmn.parseDecision("escalation-level", in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Level> level(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        DmnDecisionTableResult result = dmn.evaluateDecisionTable(decision,
                Variables.createVariables().putValue("escalationLevel", id));
        if (result.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = result.getSingleResult().getEntryMap();
        return Optional.of(new Level(id, (String) row.get("levelName"), (String) row.get("levelGroup"),
                number(row.get("levelDays")), number(row.get("reminderDays")), (String) row.get("higherLevel"),
                (String) row.get("lowerLevel")));
    }

    /**
     * Every level from the bottom up (grid, community, street, district), as the table chains them from
     * {@code start} down and then up.
     */
    public List<Level> chain(String start) {
        String bottom = start;
        for (int i = 0; i < 10; i++) {
            String lower = level(bottom).map(Level::lower).orElse(null);
            if (lower == null) {
                break;
            }
            bottom = lower;
        }
        List<Level> chain = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String id = bottom; id != null && seen.add(id); ) {
            Level level = level(id).orElse(null);
            if (level == null) {
                break;
            }
            chain.add(level);
            id = level.higher();
        }
        return chain;
    }

    /** The level's name (社区, 街道 …), or the id itself for a level the table does not know. */
    public String name(String id) {
        return level(id).map(Level::name).orElse(id);
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }
}
