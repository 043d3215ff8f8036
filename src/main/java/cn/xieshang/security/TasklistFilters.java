package cn.xieshang.security;

import cn.xieshang.organisation.Role;
import cn.xieshang.system.StartupStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The shared Tasklist filters every role sees: my tasks, my groups' tasks, due today, overdue. Saved by name at
 * every start, so a changed query reaches existing databases. The tenant check confines each to the user's
 * communities.
 */
@Component
@Order(50)
class TasklistFilters implements StartupStep {

    static final String MY_TASKS = "我的待办";
    static final String GROUP_TASKS = "本组待办";
    static final String DUE_TODAY = "今日到期";
    static final String OVERDUE = "已逾期";

    /**
     * What each card shows besides the task's name: which case it is (Tasklist reads the filter's properties). The
     * variables are the task's copies of the case's, see {@link TaskCardPlugin}. A folded card shows the first two:
     * what the matter is and where (a committee tells its cases apart by title, a street or district by community).
     */
    static final List<Map<String, String>> CARD_VARIABLES = List.of(
            Map.of("name", "cardTitle", "label", "事项"),
            Map.of("name", "cardCommunity", "label", "社区"),
            Map.of("name", "cardCaseNumber", "label", "编号"));

    private static final String ME = "${currentUser()}";
    private static final String MY_GROUPS = "${currentUserGroups()}";
    // the engine clock, in the server's time zone (China: see README); dueAfter/dueBefore are exclusive
    private static final String TODAY_STARTS = "${dateTime().withTimeAtStartOfDay().minusMillis(1).toDate()}";
    private static final String TOMORROW_STARTS = "${dateTime().withTimeAtStartOfDay().plusDays(1).toDate()}";

    private final FilterService filterService;
    private final TaskService taskService;
    private final AuthorizationService authorizationService;

    TasklistFilters(FilterService filterService, TaskService taskService, AuthorizationService authorizationService) {
        this.filterService = filterService;
        this.taskService = taskService;
        this.authorizationService = authorizationService;
    }

    @Override
    public void run() {
        // assigned to me, delegated by me, or offered to me by name (camunda:candidateUsers): "involved"
        save(MY_TASKS, -10, "分配给我的、点名请我办理的任务(认领后才能办理)",
                taskService.createTaskQuery().taskInvolvedUserExpression(ME));
        // claimed ones stay in the list with their assignee, so everyone sees who has a task
        save(GROUP_TASKS, -5, "我所在角色的任务, 包括同事已认领的(卡片上显示办理人)",
                taskService.createTaskQuery().taskCandidateGroupInExpression(MY_GROUPS).includeAssignedTasks());
        save(DUE_TODAY, -2, "今天到期的我的和本组任务",
                mineOrMyGroups().dueAfterExpression(TODAY_STARTS).dueBeforeExpression(TOMORROW_STARTS));
        save(OVERDUE, 0, "已过办理期限、仍未完成的我的和本组任务",
                mineOrMyGroups().dueBeforeExpression("${now()}"));
    }

    private TaskQuery mineOrMyGroups() {
        TaskQuery query = taskService.createTaskQuery();
        query.or()
                .taskInvolvedUserExpression(ME)
                .taskCandidateGroupInExpression(MY_GROUPS)
                .includeAssignedTasks()
                .endOr();
        return query;
    }

    private void save(String name, int priority, String description, TaskQuery query) {
        Filter filter = filterService.createFilterQuery().filterName(name).singleResult();
        if (filter == null) {
            filter = filterService.newTaskFilter(name);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("priority", priority);
        properties.put("description", description);
        properties.put("refresh", true);
        properties.put("variables", CARD_VARIABLES);
        properties.put("showUndefinedVariable", false);
        filter.setProperties(properties);
        // soonest due first; Tasklist's own sorting (newest first unless chosen otherwise) comes second
        filter.setQuery(query.orderByDueDate().asc());
        filterService.saveFilter(filter);
        for (Role role : Role.values()) {
            boolean granted = authorizationService.createAuthorizationQuery().groupIdIn(role.groupId())
                    .resourceType(Resources.FILTER).resourceId(filter.getId()).count() > 0;
            if (!granted) {
                Authorization read = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                read.setGroupId(role.groupId());
                read.setResource(Resources.FILTER);
                read.setResourceId(filter.getId());
                read.addPermission(Permissions.READ);
                authorizationService.saveAuthorization(read);
            }
        }
    }
}
