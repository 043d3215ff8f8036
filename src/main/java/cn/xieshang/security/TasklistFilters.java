package cn.xieshang.security;

import cn.xieshang.organisation.Role;
import cn.xieshang.system.StartupStep;
import java.util.LinkedHashMap;
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

/** The shared Tasklist filters every role sees: my tasks, my groups' tasks, overdue. */
@Component
@Order(50)
class TasklistFilters implements StartupStep {

    static final String MY_TASKS = "我的待办";
    static final String GROUP_TASKS = "本组待办";
    static final String OVERDUE = "已逾期";

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
        save(MY_TASKS, -10, "分配给我的任务",
                taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
        save(GROUP_TASKS, -5, "我所在角色可以认领的任务",
                taskService.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}"));
        TaskQuery overdue = taskService.createTaskQuery();
        overdue.or()
                .taskAssigneeExpression("${currentUser()}")
                .taskCandidateGroupInExpression("${currentUserGroups()}")
                .includeAssignedTasks()
                .endOr()
                .dueBeforeExpression("${now()}");
        save(OVERDUE, 0, "已过办理期限、仍未完成的我的和本组任务", overdue);
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
        filter.setProperties(properties);
        filter.setQuery(query);
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
