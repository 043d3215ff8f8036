package cn.xieshang.statistics;

import cn.xieshang.organisation.Role;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;

/**
 * What the managers' read-only endpoints (the running totals, the 1+7+X dashboard) share: who may ask — the roles
 * that watch flows and administrators — with which communities, and the parameters they take, each refused in
 * Chinese naming the parameter.
 */
public final class ManagerRequests {

    private ManagerRequests() {
    }

    /** A request that cannot be answered: 400 naming the parameter, 401 or 403. */
    public static class Refused extends RuntimeException {

        public final HttpStatus status;

        public Refused(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * The person asking: an administrator (every community) or a manager of their own communities (tenants).
     *
     * @param closed what a person without a manager's role is told (403)
     */
    public record Manager(boolean admin, List<String> tenants) {

        public static Manager current(IdentityService identityService, String closed) {
            Authentication user = identityService.getCurrentAuthentication();
            if (user == null) {
                throw new Refused(HttpStatus.UNAUTHORIZED, "请先登录");
            }
            List<String> groups = user.getGroupIds() == null ? List.of() : user.getGroupIds();
            boolean admin = groups.contains(Groups.CAMUNDA_ADMIN);
            boolean manager = groups.stream().anyMatch(g -> Role.byGroupId(g).map(Role::watchesFlows).orElse(false));
            if (!admin && !manager) {
                throw new Refused(HttpStatus.FORBIDDEN, closed);
            }
            return new Manager(admin, user.getTenantIds() == null ? List.of() : List.copyOf(user.getTenantIds()));
        }

        /** The communities to count: {@code null} for an administrator (all). */
        public List<String> scope() {
            return admin ? null : tenants;
        }
    }

    public static LocalDate date(String name, String label, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new Refused(HttpStatus.BAD_REQUEST, "参数「" + label + "(" + name + ")」应为日期(如 2026-01-01),收到: " + value);
        }
    }

    /** The period from and to, checked against each other. */
    public static void inOrder(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            throw new Refused(HttpStatus.BAD_REQUEST, "参数「开始日期(from)」不能晚于「结束日期(to)」");
        }
    }

    public static Totals.Period period(String period) {
        try {
            return period == null || period.isBlank() ? Totals.Period.month : Totals.Period.valueOf(period.trim());
        } catch (IllegalArgumentException e) {
            throw new Refused(HttpStatus.BAD_REQUEST, "参数「统计周期(period)」应为 month、quarter、year 或 all,收到: " + period);
        }
    }
}
