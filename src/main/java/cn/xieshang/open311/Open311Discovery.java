package cn.xieshang.open311;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Open311's service discovery ({@code /open311/discovery.json}): where the GeoReport v2 endpoint is and in which format,
 * so that a client configured with the server's address finds it. The changeset is the date the endpoint last changed
 * what it offers (fields, formats), not a time of request.
 */
@RestController
class Open311Discovery {

    static final String CHANGESET = "2026-12-02T00:00:00+08:00";

    @GetMapping(value = "/open311/discovery.json", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> discovery() {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("specification", "http://wiki.open311.org/GeoReport_v2");
        endpoint.put("url", base + "/open311/v2");
        endpoint.put("changeset", CHANGESET);
        endpoint.put("type", "production");
        endpoint.put("formats", List.of(MediaType.APPLICATION_JSON_VALUE));
        Map<String, Object> discovery = new LinkedHashMap<>();
        discovery.put("changeset", CHANGESET);
        discovery.put("contact", "请联系所在区的协商议事平台管理员");
        discovery.put("key_service", "提交诉求需要接入密钥(api_key): 请向区协商议事平台管理员申请");
        discovery.put("endpoints", List.of(endpoint));
        return discovery;
    }
}
