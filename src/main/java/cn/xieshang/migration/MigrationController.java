package cn.xieshang.migration;

import cn.xieshang.statistics.ManagerRequests.Refused;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administrator's command that carries a process's running cases to its latest version ({@link CaseMigration}):
 * <ul>
 *   <li>{@code GET /api/migration/<process key>[?cases=<case number>,…]}: dry run — which cases would move, which
 *       cannot and why; changes nothing;</li>
 *   <li>{@code POST /api/migration/<process key>?dryRun=false[&cases=…]}: migrates as batches and answers their ids;
 *       refused with 409 and the reasons, nothing changed, when a plan or a case fails the engine's checks
 *       ({@code POST} without {@code dryRun=false} is a dry run too).</li>
 * </ul>
 * Authenticated as every {@code /api} endpoint (HTTP Basic; a write never with a webapp's session alone); only members
 * of the administrators' group {@code camunda-admin} may use it, others get 403.
 */
@RestController
class MigrationController {

    private final CaseMigration migration;
    private final IdentityService identityService;

    MigrationController(CaseMigration migration, IdentityService identityService) {
        this.migration = migration;
        this.identityService = identityService;
    }

    @GetMapping(value = "/api/migration/{processKey}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> dryRun(@PathVariable String processKey, @RequestParam(required = false) String cases) {
        try {
            administrator();
            return ResponseEntity.ok(migration.dryRun(processKey, CaseMigration.caseNumbers(cases)));
        } catch (Refused refused) {
            return refused(refused);
        }
    }

    @PostMapping(value = "/api/migration/{processKey}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> migrate(@PathVariable String processKey, @RequestParam(required = false) String dryRun,
            @RequestParam(required = false) String cases) {
        try {
            administrator();
            if (dryRun(dryRun)) {
                return ResponseEntity.ok(migration.dryRun(processKey, CaseMigration.caseNumbers(cases)));
            }
            return ResponseEntity.ok(migration.migrate(processKey, CaseMigration.caseNumbers(cases)));
        } catch (CaseMigration.Refusal refusal) {
            return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_JSON).body(refusal.report);
        } catch (Refused refused) {
            return refused(refused);
        }
    }

    private static boolean dryRun(String value) {
        if (value == null || value.isBlank() || value.trim().equals("true")) {
            return true;
        }
        if (value.trim().equals("false")) {
            return false;
        }
        throw new Refused(HttpStatus.BAD_REQUEST, "参数「试运行(dryRun)」应为 true 或 false,收到: " + value);
    }

    private void administrator() {
        Authentication user = identityService.getCurrentAuthentication();
        if (user == null) {
            throw new Refused(HttpStatus.UNAUTHORIZED, "请先登录");
        }
        List<String> groups = user.getGroupIds() == null ? List.of() : user.getGroupIds();
        if (!groups.contains(Groups.CAMUNDA_ADMIN)) {
            throw new Refused(HttpStatus.FORBIDDEN, "只有系统管理员可以把正在办理的案件迁移到流程的新版本");
        }
    }

    private static ResponseEntity<Object> refused(Refused refused) {
        return ResponseEntity.status(refused.status).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("type", "InvalidRequest", "message", refused.getMessage()));
    }
}
