package cn.xieshang.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A request's path becomes one of a handful of groups; ids in it never reach a label. */
class RequestGroupsTest {

    @Test
    void pathsAndTheirGroups() {
        assertThat(RequestGroups.group("/engine-rest/task/4f2a0c1e-0000/submit-form")).isEqualTo("engine-rest");
        assertThat(RequestGroups.group("/api/cases/4f2a0c1e-0000/files/caseSummaryPdf")).isEqualTo("api");
        assertThat(RequestGroups.group("/camunda/app/tasklist/default/")).isEqualTo("webapps");
        assertThat(RequestGroups.group("/camunda/api/engine/engine/default/task/count")).isEqualTo("webapps");
        assertThat(RequestGroups.group("/open311/v2/requests/YT-20261122-ABC234.json")).isEqualTo("open311");
        assertThat(RequestGroups.group("/follow/secret-token")).isEqualTo("residents");
        assertThat(RequestGroups.group("/raise")).isEqualTo("residents");
        assertThat(RequestGroups.group("/online/laojunying-3/YT-20261122-ABC234")).isEqualTo("residents");
        assertThat(RequestGroups.group("/notices/laojunying-3.atom")).isEqualTo("notices");
        assertThat(RequestGroups.group("/actuator/prometheus")).isEqualTo("actuator");
        assertThat(RequestGroups.group("/")).isEqualTo("other");
        assertThat(RequestGroups.group("/wp-login.php")).isEqualTo("other");
    }
}
