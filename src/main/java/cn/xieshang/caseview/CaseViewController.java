package cn.xieshang.caseview;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/cases/{processInstanceId}}: the case view ({@link CaseView}) that Cockpit's 案件 tab shows, running
 * or finished. Authenticated like the rest of {@code /api} (HTTP Basic, or the Cockpit session for this read); a case
 * the caller may not read answers 404, as on {@code /engine-rest}.
 */
@RestController
class CaseViewController {

    private final CaseView cases;

    CaseViewController(CaseView cases) {
        this.cases = cases;
    }

    @GetMapping(value = "/api/cases/{processInstanceId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> view(@PathVariable String processInstanceId) {
        return cases.of(processInstanceId).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity
                .status(HttpStatus.NOT_FOUND).body(Map.of("type", "NotFound", "message", "没有找到这个案件(或您无权查看)")));
    }
}
