package cn.xieshang.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.concern.ConcernWalk;
import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import cn.xieshang.support.WebappSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A person logged in to a Camunda webapp reads the application's own pages under {@code /api} (the running totals
 * linked from Welcome and Cockpit) with that session, without a second login; writes still need the password.
 */
class WebappSessionApiTest extends IntegrationTest {

    static final String STREET = "laojunying-street";
    static final String DISPATCHER = "ljy3-residents-committee";

    @Test
    void aStreetManagerLoggedInToCockpitReadsTheTotalsPageWithThatSession() {
        WebappSession cockpit = new WebappSession(port, STREET, DEMO_PASSWORD, "cockpit");

        Rest.Reply page = cockpit.atRoot("GET", "/api/totals/page", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("协商工作统计", "统计范围:您所在的");
        // the same walls as with the password: the street's communities, not the district's
        assertThat(page.body()).isEqualTo(as(STREET).get("/api/totals/page").body());
        int communities = cockpit.atRoot("GET", "/api/totals", null).json().path("communities").asInt();
        assertThat(communities).isEqualTo(as(STREET).get("/api/totals").json().path("communities").asInt())
                .isBetween(1, 70);
    }

    @Test
    void aSessionOfSomeoneWithoutAManagersRoleIsRefusedAsTheirPasswordIs() {
        WebappSession tasklist = WebappSession.logIn(port, "ljy3-resident", DEMO_PASSWORD);

        assertThat(tasklist.atRoot("GET", "/api/totals/page", null).status()).isEqualTo(403);
        assertThat(anonymousClient().get("/api/totals/page").status()).isEqualTo(401);
    }

    @Test
    void theSessionAloneWritesNothing() throws Exception {
        String body = new ObjectMapper().writeValueAsString(Map.of("shared", Map.of("channel", "evening-talk"),
                "concerns", List.of(ConcernWalk.concern("会话写入测试: 楼道灯不亮"))));
        WebappSession tasklist = WebappSession.logIn(port, DISPATCHER, DEMO_PASSWORD);
        long before = historyService.createHistoricProcessInstanceQuery().processDefinitionKey("concern").count();

        Rest.Reply withSession = tasklist.atRoot("POST", "/api/concerns/batch", body);

        assertThat(withSession.status()).isEqualTo(401);
        assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey("concern").count())
                .isEqualTo(before);
        // the same request with the password is a valid one
        Rest.Reply withPassword = as(DISPATCHER).send("POST", "/api/concerns/batch", "application/json", body);
        assertThat(withPassword.status()).as(withPassword.body()).isEqualTo(200);
        assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey("concern").count())
                .isEqualTo(before + 1);
    }
}
