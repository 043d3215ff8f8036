package cn.xieshang.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.support.IntegrationTest;
import cn.xieshang.support.Rest;
import cn.xieshang.support.WebappSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Start forms let people choose their case's community by name, among their own communities only, and never show
 * the choice to someone who has only one: {@code communityOptions} offered as start-form variable, and filled into
 * the start form Tasklist is served. The server's rule stays: a community outside one's own is refused.
 */
class CommunityChoiceTest extends IntegrationTest {

    @Autowired
    Organisation organisation;

    @Test
    void aResidentIsOfferedTheirOneCommunity() {
        JsonNode options = formVariable("ljy3-resident", "deliberation");
        assertThat(options.size()).isEqualTo(1);
        assertThat(options.get(0).path("label").asText()).isEqualTo("老军营小区第三社区");
        assertThat(options.get(0).path("value").asText()).isEqualTo("laojunying-3");
    }

    @Test
    void aStreetOfficeIsOfferedItsStreetsCommunitiesAndTheDistrictEveryCommunityWithItsStreet() {
        List<String> street = organisation.street("laojunying").orElseThrow().communities().stream()
                .map(Organisation.Community::id).toList();
        assertThat(street).hasSizeGreaterThan(1);
        JsonNode options = formVariable("laojunying-street", "concern");
        assertThat(values(options)).containsExactlyElementsOf(street);
        assertThat(labels(options)).contains("老军营小区第三社区");

        JsonNode everywhere = formVariable("district", "consultation");
        assertThat(everywhere.size()).isEqualTo(organisation.communities().size());
        assertThat(labels(everywhere)).contains("老军营小区第三社区(老军营街道)");
    }

    @Test
    void tasklistsStartFormCarriesTheOptionsAndHidesAChoiceOfOne() {
        String definitionId = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey("deliberation").latestVersion().singleResult().getId();

        // Tasklist loads the form through the webapps' own API and gives a start form no variables
        JsonNode resident = communityField(WebappSession.logIn(port, "ljy3-resident", DEMO_PASSWORD)
                .get("/process-definition/" + definitionId + "/deployed-start-form"));
        assertThat(resident.has("valuesKey")).isFalse();
        assertThat(values(resident.path("values"))).containsExactly("laojunying-3");
        assertThat(resident.path("conditional").path("hide").asText())
                .isEqualTo("=count([{\"label\":\"老军营小区第三社区\",\"value\":\"laojunying-3\"}]) < 2");

        JsonNode street = communityField(WebappSession.logIn(port, "laojunying-street", DEMO_PASSWORD)
                .get("/process-definition/" + definitionId + "/deployed-start-form"));
        assertThat(values(street.path("values"))).contains("laojunying-3").doesNotContain("shangmajie-2");

        // the form as deployed is left as the designer wrote it
        JsonNode deployed = communityField(as("ljy3-resident").get(
                "/engine-rest/process-definition/key/deliberation/deployed-start-form"));
        assertThat(deployed.has("valuesKey")).as("over /engine-rest too, a start form is served with its options")
                .isFalse();
        assertThat(engine.getFormService().getStartFormVariables(definitionId).keySet()).contains("communityOptions");
    }

    @Test
    void theServerAcceptsOnlyOnesOwnCommunitiesAndTheOptionsCannotBeSent() {
        Map<String, Object> own = topic("老军营街道的社区: 选择了一个");
        own.put("communityId", "laojunying-3");
        assertThat(as("laojunying-street").post("/engine-rest/process-definition/key/deliberation/submit-form",
                Rest.variables(own)).status()).isEqualTo(200);

        Map<String, Object> none = topic("属于多个社区却没有选择");
        Rest.Reply undecided = as("laojunying-street").post(
                "/engine-rest/process-definition/key/deliberation/submit-form", Rest.variables(none));
        assertThat(undecided.status()).isEqualTo(400);
        assertThat(undecided.json().get("message").asText()).contains("所属社区(communityId)", "请选择");

        // one community: nothing to choose, the form hides the choice and the server does not require it
        assertThat(as("ljy3-resident").post("/engine-rest/process-definition/key/deliberation/submit-form",
                Rest.variables(topic("只属于一个社区, 不用选择"))).status()).isEqualTo(200);

        Map<String, Object> forged = topic("自带可选社区");
        forged.put("communityOptions", List.of(Map.of("label", "上马街二社区", "value", "shangmajie-2")));
        Rest.Reply refused = as("ljy3-resident").post("/engine-rest/process-definition/key/deliberation/submit-form",
                Rest.variables(forged));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("message").asText()).contains("communityOptions");
    }

    private JsonNode formVariable(String user, String process) {
        Rest.Reply reply = as(user).get("/engine-rest/process-definition/key/" + process + "/form-variables");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode variable = reply.json().path("communityOptions");
        assertThat(variable.path("type").asText()).isEqualTo("Json");
        try {
            return Rest.JSON.readTree(variable.path("value").asText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode communityField(Rest.Reply form) {
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        for (JsonNode component : form.json().path("components")) {
            if ("communityId".equals(component.path("key").asText())) {
                return component;
            }
        }
        throw new AssertionError("no communityId field in " + form.body());
    }

    private static List<String> values(JsonNode options) {
        List<String> values = new ArrayList<>();
        options.forEach(o -> values.add(o.path("value").asText()));
        return values;
    }

    private static List<String> labels(JsonNode options) {
        List<String> labels = new ArrayList<>();
        options.forEach(o -> labels.add(o.path("label").asText()));
        return labels;
    }
}
