package cn.xieshang.deliberation;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.spin.Spin;
import org.camunda.spin.json.SpinJsonNode;

/** Appends entries to a Json list variable of the case: the written record of each step. */
public final class CaseRecord {

    /**
     * The case's records: Json lists that are only ever appended to, so that each version holds every earlier one.
     * Their history keeps the last version (the historic variable), not a copy of every version besides
     * ({@code RequesterPrivacyPlugin.PrivateHistory}); a variable appended to must be named here.
     */
    public static final Set<String> RECORDS = Set.of("concernLog", "escalationHistory", "opinions", "planVersions",
            "consultations", "votes", "progressReports", "acceptances", "objections", "researchRounds", "researchReviews",
            "confirmations", "itemResponses", "supervisions", "onlineEntries", "moderations");

    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private CaseRecord() {
    }

    /** Appends an entry (with the time "at") to the process-level list variable; returns the new size. */
    public static int append(VariableScope scope, String variable, Map<String, Object> entry) {
        if (!RECORDS.contains(variable)) {
            throw new IllegalArgumentException(variable + " is not one of the case's records (CaseRecord.RECORDS)");
        }
        List<Object> list = read(scope.getVariable(variable));
        Map<String, Object> stamped = new LinkedHashMap<>(entry);
        stamped.put("at", now());
        list.add(stamped);
        scope.setVariable(variable, Spin.JSON(list));
        return list.size();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> read(Object value) {
        List<Object> list = new ArrayList<>();
        if (value instanceof SpinJsonNode json && json.isArray()) {
            list.addAll((List<Object>) json.mapTo(Object.class)); // one mapping of the array, not one text per entry
        } else if (value instanceof List<?> existing) {
            list.addAll((List<Object>) existing);
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> entries(Object value) {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object o : read(value)) {
            if (o instanceof Map<?, ?> map) {
                maps.add((Map<String, Object>) map);
            }
        }
        return maps;
    }

    public static String now() {
        return minute(ClockUtil.now());
    }

    /** A time as people in China read it (yyyy-MM-dd HH:mm, Beijing time): records, mails, the case view; null stays null. */
    public static String minute(Date date) {
        return date == null ? null : date.toInstant().atZone(CHINA).format(MINUTE);
    }

    public static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
