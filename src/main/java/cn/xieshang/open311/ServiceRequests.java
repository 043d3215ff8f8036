package cn.xieshang.open311;

import cn.xieshang.deliberation.CaseRecord;
import cn.xieshang.escalation.EscalationLevels;
import cn.xieshang.organisation.Organisation;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Concerns as GeoReport v2 service requests: read from the engine's history, so finished ones too. Only public
 * facts are read at all — the requester's name, contact and e-mail are never in history (RequesterPrivacyPlugin),
 * and neither user ids (who started, who handled) nor a handler's name are ever read here: the agency responsible is
 * the level's unit (社区, 街道 …), never a person.
 * <p>
 * Two readers: with an integrator's key, the concerns of the key's user's communities, with what was reported
 * (title, description, location) and the result; without a key, every community's concerns with their status only
 * (step, unit, dates), nothing a requester wrote.
 */
@Component
class ServiceRequests {

    static final int MAX_RESULTS = 1000;
    static final int DEFAULT_DAYS = 90;
    static final ZoneId CHINA = CaseRecord.CHINA;

    private static final List<String> VARIABLES = List.of("title", "description", "location", "category",
            "handlingLevel", "triageLevel", "timeLimitDays", "handlerDeadline", "concernResult", "referredTo",
            "communityName", "streetName", "concernLog", "settledLevel");
    /** The concern's own steps that say where it stands. */
    private static final List<String> STEP_TYPES = List.of("userTask", "callActivity");
    private static final List<String> HANDLING_TASKS = List.of("Task_HandleConcern", "Task_HandleEscalation",
            "Task_HandleTopEscalation");

    /** The filters of {@code GET requests.json}; null for none. */
    record Filter(List<String> ids, List<String> serviceCodes, Date startDate, Date endDate, Boolean open) {
    }

    private final HistoryService historyService;
    private final RuntimeService runtimeService;
    private final JdbcTemplate jdbc;
    private final Services services;
    private final EscalationLevels levels;
    private final Organisation organisation;

    ServiceRequests(HistoryService historyService, RuntimeService runtimeService, JdbcTemplate jdbc, Services services,
            EscalationLevels levels, Organisation organisation) {
        this.historyService = historyService;
        this.runtimeService = runtimeService;
        this.jdbc = jdbc;
        this.services = services;
        this.levels = levels;
        this.organisation = organisation;
    }

    /** Who reads: the communities they may read (null: every one), and whether in full (with a key). */
    record Reader(Collection<String> communities, boolean full) {
    }

    List<Map<String, Object>> list(Reader reader, Filter filter) {
        Collection<String> communities = reader.communities();
        List<HistoricProcessInstance> found = new ArrayList<>();
        // one query per service code asked for (null: any code)
        List<String> codes = filter.serviceCodes() == null ? java.util.Collections.singletonList(null) : filter.serviceCodes();
        for (String code : codes) {
            HistoricProcessInstanceQuery query = query(communities);
            if (query == null) {
                return List.of();
            }
            if (code != null) {
                query.variableValueEquals(Services.CATEGORY, code);
            }
            if (filter.ids() != null) {
                query.processInstanceBusinessKeyIn(filter.ids().toArray(String[]::new));
            }
            if (filter.startDate() != null) {
                query.startedAfter(filter.startDate());
            } else if (filter.ids() == null) { // GeoReport's default: the last 90 days
                query.startedAfter(Date.from(ClockUtil.getCurrentTime().toInstant().minusSeconds(DEFAULT_DAYS * 86_400L)));
            }
            if (filter.endDate() != null) {
                query.startedBefore(filter.endDate());
            }
            if (Boolean.TRUE.equals(filter.open())) {
                query.unfinished();
            } else if (Boolean.FALSE.equals(filter.open())) {
                query.finished();
            }
            found.addAll(query.orderByProcessInstanceStartTime().desc().listPage(0, MAX_RESULTS));
        }
        found.sort(Comparator.comparing(HistoricProcessInstance::getStartTime).reversed());
        return views(found.stream().limit(MAX_RESULTS).toList(), reader.full());
    }

    Map<String, Object> one(Reader reader, String caseNumber) {
        HistoricProcessInstanceQuery query = query(reader.communities());
        List<HistoricProcessInstance> found = query == null ? List.of()
                : query.processInstanceBusinessKey(caseNumber).list();
        if (found.isEmpty()) {
            throw Open311Error.notFound("没有找到这个诉求: " + caseNumber);
        }
        return views(found, reader.full()).get(0);
    }

    /** The concerns (not the cases they call) a reader may see; null when they may see none. */
    private HistoricProcessInstanceQuery query(Collection<String> communities) {
        HistoricProcessInstanceQuery query = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(Services.PROCESS);
        if (communities != null) {
            if (communities.isEmpty()) {
                return null;
            }
            query.tenantIdIn(communities.toArray(String[]::new));
        }
        return query;
    }

    private List<Map<String, Object>> views(List<HistoricProcessInstance> instances, boolean full) {
        if (instances.isEmpty()) {
            return List.of();
        }
        List<String> ids = instances.stream().map(HistoricProcessInstance::getId).toList();
        Map<String, Map<String, Object>> variables = variables(ids);
        Map<String, Timestamp> updated = new HashMap<>();
        Map<String, List<Map<String, Object>>> steps = new HashMap<>();
        Map<String, List<Map<String, Object>>> tasks = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            String in = chunk.stream().map(id -> "?").collect(Collectors.joining(", "));
            Object[] args = chunk.toArray();
            // the case and every case it called (escalation, deliberation): its latest step
            jdbc.query("SELECT ROOT_PROC_INST_ID_, MAX(COALESCE(END_TIME_, START_TIME_)) AS AT FROM ACT_HI_ACTINST"
                    + " WHERE ROOT_PROC_INST_ID_ IN (" + in + ") GROUP BY ROOT_PROC_INST_ID_",
                    rs -> { updated.put(rs.getString(1), rs.getTimestamp(2)); }, args);
            jdbc.queryForList("SELECT PROC_INST_ID_, ACT_ID_, ACT_NAME_, ACT_TYPE_, END_TIME_ FROM ACT_HI_ACTINST"
                    + " WHERE PROC_INST_ID_ IN (" + in + ") AND (END_TIME_ IS NULL OR ACT_TYPE_ = 'noneEndEvent')", args)
                    .forEach(row -> steps.computeIfAbsent(String.valueOf(row.get("PROC_INST_ID_")), k -> new ArrayList<>()).add(row));
            jdbc.queryForList("SELECT e.ROOT_PROC_INST_ID_, t.TASK_DEF_KEY_, t.DUE_DATE_ FROM ACT_RU_TASK t"
                    + " JOIN ACT_RU_EXECUTION e ON e.ID_ = t.PROC_INST_ID_ WHERE e.ROOT_PROC_INST_ID_ IN (" + in + ")", args)
                    .forEach(row -> tasks.computeIfAbsent(String.valueOf(row.get("ROOT_PROC_INST_ID_")), k -> new ArrayList<>()).add(row));
        }
        Map<String, String> categories = services.form().categories();
        List<Map<String, Object>> views = new ArrayList<>();
        for (HistoricProcessInstance instance : instances) {
            Map<String, Object> v = variables.getOrDefault(instance.getId(), Map.of());
            List<Map<String, Object>> own = steps.getOrDefault(instance.getId(), List.of());
            boolean open = instance.getEndTime() == null;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("service_request_id", instance.getBusinessKey());
            r.put("status", open ? "open" : "closed");
            r.put("status_notes", notes(instance, v, own, full));
            String code = CaseRecord.text(v.get(Services.CATEGORY));
            r.put("service_name", categories.getOrDefault(code, code));
            r.put("service_code", code);
            r.put("title", full ? v.get("title") : null);
            r.put("description", full ? v.get("description") : null);
            r.put("agency_responsible", agency(instance, v, own));
            r.put("service_notice", null);
            r.put("requested_datetime", format(instance.getStartTime()));
            Timestamp last = updated.get(instance.getId());
            r.put("updated_datetime", format(last == null ? instance.getStartTime() : last));
            r.put("expected_datetime", open ? expected(instance, v, tasks.getOrDefault(instance.getId(), List.of())) : null);
            r.put("address", full ? v.get("location") : null);
            r.put("address_id", null);
            r.put("zipcode", null);
            r.put("lat", null);
            r.put("long", null);
            r.put("media_url", null);
            views.add(r);
        }
        return views;
    }

    /** Plain Chinese: the step it waits at (the model's names), or how it ended; with a key, the result. */
    private static String notes(HistoricProcessInstance instance, Map<String, Object> v, List<Map<String, Object>> own,
            boolean full) {
        StringBuilder notes = new StringBuilder();
        if (instance.getEndTime() == null) {
            List<String> names = own.stream().filter(row -> row.get("END_TIME_") == null)
                    .filter(row -> STEP_TYPES.contains(String.valueOf(row.get("ACT_TYPE_"))))
                    .map(row -> CaseRecord.text(row.get("ACT_NAME_"))).distinct().toList();
            notes.append("办理中").append(names.isEmpty() ? "" : ": " + String.join("、", names));
        } else {
            String end = own.stream().filter(row -> Objects.equals(row.get("ACT_ID_"), instance.getEndActivityId()))
                    .map(row -> CaseRecord.text(row.get("ACT_NAME_"))).findFirst().orElse("");
            notes.append("已结束").append(end.isEmpty() ? "" : ": " + end);
        }
        if (full && v.get("referredTo") != null) {
            notes.append("。转办至: ").append(v.get("referredTo"));
        }
        if (full && v.get("concernResult") != null) {
            notes.append("。办理结果: ").append(v.get("concernResult"));
        }
        return notes.toString();
    }

    /**
     * The unit at the level whose work the concern waits for (the escalation's level while it is handed up), or, once
     * ended, the level that settled it: never a person.
     */
    private String agency(HistoricProcessInstance instance, Map<String, Object> v, List<Map<String, Object>> own) {
        String level = null;
        boolean escalated = instance.getEndTime() == null && own.stream()
                .anyMatch(row -> row.get("END_TIME_") == null && "Call_Escalation".equals(row.get("ACT_ID_")));
        if (escalated) {
            ProcessInstance called = runtimeService.createProcessInstanceQuery().superProcessInstanceId(instance.getId())
                    .singleResult();
            if (called != null && runtimeService.getVariable(called.getId(), "handlingLevel") instanceof String l) {
                level = l;
            }
        }
        if (level == null && instance.getEndTime() != null) { // ended: the level that settled it
            List<Map<String, Object>> settled = CaseRecord.entries(v.get("concernLog")).stream()
                    .filter(e -> "settled".equals(e.get("step"))).toList();
            String source = settled.isEmpty() ? null : CaseRecord.text(settled.get(settled.size() - 1).get("source"));
            if ("escalation".equals(source) && v.get("settledLevel") != null) {
                level = CaseRecord.text(v.get("settledLevel"));
            } else if ("deliberation".equals(source)) {
                level = "community";
            } else if ("handler".equals(source)) {
                level = CaseRecord.text(v.get("triageLevel"));
            }
        }
        if (level == null) {
            level = CaseRecord.text(v.get("handlingLevel") != null ? v.get("handlingLevel") : v.get("triageLevel"));
        }
        String community = CaseRecord.text(v.get("communityName"));
        return switch (level) {
            case "grid" -> community + " " + levels.name("grid");
            case "street" -> CaseRecord.text(v.get("streetName"));
            case "district" -> organisation.district().name() + " " + levels.name("district");
            default -> community;
        };
    }

    /** When it should be done: the open handling task's due date, else the handler's deadline, else the time limit. */
    private static String expected(HistoricProcessInstance instance, Map<String, Object> v, List<Map<String, Object>> tasks) {
        Optional<Timestamp> due = tasks.stream().filter(t -> HANDLING_TASKS.contains(String.valueOf(t.get("TASK_DEF_KEY_"))))
                .map(t -> (Timestamp) t.get("DUE_DATE_")).filter(Objects::nonNull).max(Comparator.naturalOrder());
        if (due.isPresent()) {
            return format(due.get());
        }
        if (v.get("handlerDeadline") instanceof String deadline && !deadline.isBlank()) {
            // a date-only deadline falls due at the end of that day in the server's zone, as the model says
            return format(Date.from(LocalDate.parse(deadline).atTime(LocalTime.of(23, 59, 59))
                    .atZone(ZoneId.systemDefault()).toInstant()));
        }
        if (v.get("timeLimitDays") instanceof Number days) {
            return format(Date.from(instance.getStartTime().toInstant().plusSeconds(days.longValue() * 86_400L)));
        }
        return null;
    }

    /** The process-level variables of these cases, by case; only the public ones are ever asked for. */
    private Map<String, Map<String, Object>> variables(List<String> ids) {
        Map<String, Map<String, Object>> byCase = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            for (HistoricVariableInstance variable : historyService.createHistoricVariableInstanceQuery()
                    .processInstanceIdIn(chunk.toArray(String[]::new)).variableNameIn(VARIABLES.toArray(String[]::new))
                    .disableBinaryFetching().list()) {
                if (Objects.equals(variable.getActivityInstanceId(), variable.getProcessInstanceId())) {
                    byCase.computeIfAbsent(variable.getProcessInstanceId(), k -> new HashMap<>())
                            .put(variable.getName(), variable.getValue());
                }
            }
        }
        return byCase;
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 200) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + 200)));
        }
        return chunks;
    }

    static String format(Date date) {
        return date == null ? null
                : OffsetDateTime.ofInstant(date.toInstant(), CHINA).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
