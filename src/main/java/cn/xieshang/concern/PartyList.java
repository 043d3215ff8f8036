package cn.xieshang.concern;

import cn.xieshang.organisation.Organisation;
import cn.xieshang.validation.FormLabels;
import cn.xieshang.validation.InputRejectedException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.springframework.stereotype.Component;

/**
 * All concerns of one community about one party (e.g. a property company), classified by category, as a community
 * tables them at a meeting with that party (seed 003: every 12345 complaint about the property company, by kind).
 * Read from history, so settled concerns count too; the requester is never part of it. Visible to whoever may read
 * the concerns' history in that community (the managers).
 */
@Component
class PartyList {

    static final String FORM = "forms/raise-concern.form";
    private static final List<String> FIELDS = List.of("title", "category", "location", "party", "channel",
            "hotlineTicket", "concernResult", "satisfied");
    private static final int CHUNK = 500;

    record Item(String caseNumber, String title, String location, String party, String channel, String channelLabel,
            String hotlineTicket, String raisedAt, String status, String result, String satisfied) {
    }

    record Category(String category, String label, int count, List<Item> concerns) {
    }

    record Report(String communityId, String communityName, String party, String channel, int total,
            List<Category> categories) {
    }

    private final HistoryService historyService;
    private final RepositoryService repositoryService;
    private final IdentityService identityService;
    private final Organisation organisation;
    private final Map<String, String> categoryLabels = FormLabels.of(FORM, "category");
    private final Map<String, String> channelLabels = FormLabels.of(FORM, "channel");

    PartyList(HistoryService historyService, RepositoryService repositoryService, IdentityService identityService,
            Organisation organisation) {
        this.historyService = historyService;
        this.repositoryService = repositoryService;
        this.identityService = identityService;
        this.organisation = organisation;
    }

    Report report(String communityId, String party, String channel) {
        Organisation.Community community = organisation.community(communityId).orElseThrow(
                () -> new InputRejectedException("字段「所属社区(communityId)」: 未知社区 " + communityId));
        Authentication user = identityService.getCurrentAuthentication();
        boolean member = user != null && ((user.getTenantIds() != null && user.getTenantIds().contains(communityId))
                || (user.getGroupIds() != null && user.getGroupIds().contains(Groups.CAMUNDA_ADMIN)));
        if (!member) {
            throw new InputRejectedException("字段「所属社区(communityId)」: 您不属于社区 " + communityId);
        }
        if (party == null || party.isBlank()) {
            throw new InputRejectedException("字段「涉及单位(party)」为必填项");
        }
        if (party.length() > 100 || !party.matches("[^<>%_\\\\]+")) {
            throw new InputRejectedException("字段「涉及单位(party)」格式不正确(最多100个字, 不能包含 < > % _ \\)");
        }
        if (channel != null && !channel.isBlank() && !channelLabels.containsKey(channel)) {
            throw new InputRejectedException("字段「反映渠道(channel)」不是可选的值: " + channel);
        }
        HistoricProcessInstanceQuery query = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ConcernBatch.PROCESS).tenantIdIn(communityId)
                .variableValueLike("party", "%" + party.trim() + "%");
        if (channel != null && !channel.isBlank()) {
            query.variableValueEquals("channel", channel);
        }
        List<HistoricProcessInstance> found = query.orderByProcessInstanceStartTime().asc().list();
        Map<String, Map<String, Object>> values = values(found.stream().map(HistoricProcessInstance::getId).toList());
        Map<String, String> endNames = new HashMap<>();
        Map<String, List<Item>> byCategory = new LinkedHashMap<>();
        categoryLabels.keySet().forEach(c -> byCategory.put(c, new ArrayList<>()));
        for (HistoricProcessInstance instance : found) {
            Map<String, Object> v = values.getOrDefault(instance.getId(), Map.of());
            String category = text(v.get("category"));
            byCategory.computeIfAbsent(category, c -> new ArrayList<>()).add(new Item(instance.getBusinessKey(),
                    text(v.get("title")), text(v.get("location")), text(v.get("party")), text(v.get("channel")),
                    channelLabels.getOrDefault(text(v.get("channel")), text(v.get("channel"))),
                    text(v.get("hotlineTicket")), format(instance.getStartTime()), status(instance, endNames),
                    text(v.get("concernResult")), satisfaction(v.get("satisfied"))));
        }
        List<Category> categories = byCategory.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> new Category(e.getKey(), categoryLabels.getOrDefault(e.getKey(), e.getKey()),
                        e.getValue().size(), e.getValue()))
                .toList();
        return new Report(communityId, community.name(), party.trim(), channel, found.size(), categories);
    }

    String csv(Report report) {
        StringBuilder csv = new StringBuilder("类别,案件编号,标题,地点,涉及单位,反映渠道,12345工单号,登记时间,状态,办理结果,满意度\r\n");
        for (Category category : report.categories()) {
            for (Item i : category.concerns()) {
                csv.append(List.of(category.label(), i.caseNumber(), i.title(), i.location(), i.party(), i.channelLabel(),
                        i.hotlineTicket(), i.raisedAt(), i.status(), i.result(), i.satisfied()).stream()
                        .map(PartyList::cell).collect(Collectors.joining(","))).append("\r\n");
            }
        }
        return csv.toString();
    }

    private Map<String, Map<String, Object>> values(List<String> ids) {
        Map<String, Map<String, Object>> values = new HashMap<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            String[] chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK)).toArray(String[]::new);
            for (HistoricVariableInstance v : historyService.createHistoricVariableInstanceQuery()
                    .processInstanceIdIn(chunk).variableNameIn(FIELDS.toArray(String[]::new)).list()) {
                values.computeIfAbsent(v.getProcessInstanceId(), k -> new HashMap<>()).put(v.getName(), v.getValue());
            }
        }
        return values;
    }

    /** 办理中 while it runs, else the name of the end event it reached (as the model names it). */
    private String status(HistoricProcessInstance instance, Map<String, String> endNames) {
        if (instance.getEndTime() == null) {
            return "办理中";
        }
        String end = instance.getEndActivityId();
        if (end == null) {
            return "已结束";
        }
        return endNames.computeIfAbsent(instance.getProcessDefinitionId() + "#" + end, key -> {
            FlowElement element = repositoryService.getBpmnModelInstance(instance.getProcessDefinitionId())
                    .getModelElementById(end);
            return element == null || element.getName() == null ? end : element.getName();
        });
    }

    private static String satisfaction(Object satisfied) {
        return "yes".equals(satisfied) ? "满意" : "no".equals(satisfied) ? "不满意" : "";
    }

    private static String format(java.util.Date date) {
        if (date == null) {
            return "";
        }
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm");
        format.setTimeZone(TimeZone.getTimeZone("Asia/Shanghai"));
        return format.format(date);
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    /** RFC 4180; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a formula. */
    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
