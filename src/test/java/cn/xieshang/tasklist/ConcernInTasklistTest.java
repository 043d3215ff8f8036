package cn.xieshang.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A concern (接诉即办) and its escalation (上下联动) walked entirely in Tasklist as the demo users: raised by a resident
 * with the start form, dispatched by the residents' committee from 本组待办, accepted and settled by the grid worker
 * from 我的待办, rated on the return visit; and a matter beyond the grid's power handed up level by level from the
 * community to the street office and the district, who settles it.
 */
class ConcernInTasklistTest extends TasklistWalk {

    static final String RESIDENT = "ljy3-resident";
    static final String DISPATCHER = "ljy3-residents-committee";
    static final String COMMITTEE = "ljy3-party-committee";
    static final String GRID_WORKER = "ljy3-grid-worker";
    static final String STREET = "laojunying-street";
    static final String DISTRICT = "district";

    static final List<String> SETTLED_FORMS = List.of("raise-concern", "dispatch-concern", "accept-concern",
            "handle-concern", "rate-concern");
    static final List<String> ESCALATION_FORMS = List.of("handle-concern", "handle-escalation",
            "handle-top-escalation");

    @Test
    void aBlockedDrainRaisedAtTheTeaRoomIsDispatchedSettledInTheGridAndRated() {
        tasklist.walk("concern");
        String title = unique("农场小区下水井散发臭味");
        String id = startInTasklist(RESIDENT, "concern", "居民诉求办理", title, form -> {
            form.type("title", title);
            form.type("description", "下水井堵了好几年, 天还不热就散发出臭味, 影响周边住户。");
            form.type("location", "农场小区3号楼北侧");
            form.choose("category", "环境卫生");
            form.pick("scope", "一个楼栋或单元");
            form.pick("urgency", "一般");
            form.choose("channel", "民情茶室");
            form.type("requesterName", "路瑶");
            form.type("requesterContact", "13812345678");
        });
        assertThat(variable(id, "triageLevel")).isEqualTo("grid");

        act(DISPATCHER, Tasklist.GROUP_TASKS, id, "Task_DispatchConcern", form -> {
            form.pick("dispatchDecision", "派单给承办人");
            form.choose("handler", label(id, "handlerPool", GRID_WORKER));
            form.type("dispatchNote", "请三日内联系市政公司疏通。");
        });
        assertThat(taskFor(GRID_WORKER, id, "Task_AcceptConcern").getAssignee()).isEqualTo(GRID_WORKER);

        act(GRID_WORKER, Tasklist.MY_TASKS, id, "Task_AcceptConcern", form -> form.pick("handlerResponse", "接单"));
        act(GRID_WORKER, Tasklist.MY_TASKS, id, "Task_HandleConcern", form -> {
            form.pick("handlingOutcome", "已办结");
            form.type("handlingNotes", "联系市政公司更换下水管线并与主管线重新连接, 已不再有异味。");
        });
        act(DISPATCHER, Tasklist.GROUP_TASKS, id, "Task_RateSatisfaction", form -> form.pick("satisfied", "满意"));

        assertThat(endedAt(id)).isEqualTo("EndEvent_ConcernSettled");
        assertThat(variable(id, "concernResult")).asString().startsWith("联系市政公司更换下水管线");
        assertWalked(SETTLED_FORMS);
    }

    @Test
    void aMatterBeyondTheGridsPowerIsHandedUpToTheStreetAndTheDistrictWhichSettlesIt() {
        tasklist.walk("escalation");
        String title = unique("兆阳小区33号楼厨房下水管道堵塞外泄");
        // raised, dispatched and accepted as in the walk above
        String id = startOverRest(RESIDENT, "concern", concern(title));
        completeOverRest(DISPATCHER, id, "Task_DispatchConcern",
                Map.of("dispatchDecision", "assign", "handler", GRID_WORKER));
        completeOverRest(GRID_WORKER, id, "Task_AcceptConcern", Map.of("handlerResponse", "accept"));

        act(GRID_WORKER, Tasklist.MY_TASKS, id, "Task_HandleConcern", form -> {
            form.pick("handlingOutcome", "超出职权,上交上一级");
            form.type("handlingNotes", "需在一楼业主家中施工改管, 网格无法协调。");
        });
        act(COMMITTEE, Tasklist.GROUP_TASKS, id, "Task_HandleEscalation", form -> {
            form.pick("escalationAction", "超出本级职权,上交上一级");
            form.type("levelNotes", "费用分担需街道城建股协调。");
        });
        act(STREET, Tasklist.GROUP_TASKS, id, "Task_HandleEscalation", form -> {
            form.pick("escalationAction", "超出本级职权,上交上一级");
            form.type("levelNotes", "涉及主管网改造, 需区住建局统筹。");
        });
        act(DISTRICT, Tasklist.GROUP_TASKS, id, "Task_HandleTopEscalation", form -> {
            form.pick("escalationAction", "办结");
            form.type("levelNotes", "区住建局督促物业公司改造主管网, 已不再外泄。");
        });

        assertThat(waitingAt(id)).containsExactly("Task_RateSatisfaction");
        assertThat(variable(id, "concernResult")).isEqualTo("区住建局督促物业公司改造主管网, 已不再外泄。");
        assertThat(variable(id, "resolvedBy")).isEqualTo("区职能部门");
        assertWalked(ESCALATION_FORMS);
    }

    private static Map<String, Object> concern(String title) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("title", title);
        values.put("description", "一楼住户下水管道堵塞, 污水外泄到楼道。");
        values.put("location", "兆阳小区33号楼5单元");
        values.put("category", "facilities");
        values.put("scope", "building");
        values.put("urgency", "normal");
        values.put("channel", "tea-room");
        values.put("requesterName", "王秀兰");
        values.put("requesterContact", "13812345678");
        return values;
    }
}
