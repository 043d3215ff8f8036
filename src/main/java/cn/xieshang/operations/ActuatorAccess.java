package cn.xieshang.operations;

import cn.xieshang.security.WebappSessionOrBasic;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may read what of Actuator ({@code /actuator/*}). The three health answers a load balancer or orchestrator asks
 * for are open to anyone and then say only the status (Spring Boot shows details and components only to the role
 * {@code camunda-admin}, see application.yaml). Everything else needs a member of {@code camunda-admin}, logged in as
 * on {@code /api}: HTTP Basic against the engine's users, or a webapp's session for reads; {@code /actuator/prometheus}
 * also takes a member of the scrape group ({@code xieshang.operations.scrape-group}), which has no other rights.
 * The request then carries the user as its principal and the user's groups as its roles.
 */
class ActuatorAccess extends OncePerRequestFilter {

    static final Set<String> OPEN = Set.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness");
    static final String PROMETHEUS = "/actuator/prometheus";

    private final ObjectProvider<ProcessEngine> engine;
    private final String scrapeGroup;
    private final WebappSessionOrBasic login = new WebappSessionOrBasic();

    ActuatorAccess(ObjectProvider<ProcessEngine> engine, String scrapeGroup) {
        this.engine = engine;
        this.scrapeGroup = scrapeGroup;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length()).replaceAll("/+$", "");
        boolean open = OPEN.contains(path);
        boolean triesLogin = request.getHeader("Authorization") != null || request.getSession(false) != null;
        if (open && !triesLogin) {
            chain.doFilter(request, response); // status only
            return;
        }
        ProcessEngine processEngine = engine.getObject();
        AuthenticationResult result = login.extractAuthenticatedUser(request, processEngine);
        if (!result.isAuthenticated()) {
            if (open && request.getHeader("Authorization") == null) {
                chain.doFilter(request, response); // a session of someone logged out: status only
                return;
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"xieshang\"");
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "请先登录");
            return;
        }
        String user = result.getAuthenticatedUser();
        Set<String> groups = processEngine.getIdentityService().createGroupQuery().groupMember(user).list().stream()
                .map(Group::getId).collect(Collectors.toSet());
        boolean allowed = open || groups.contains(Groups.CAMUNDA_ADMIN)
                || (PROMETHEUS.equals(path) && groups.contains(scrapeGroup));
        if (!allowed) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "只有系统管理员可以查看运行指标");
            return;
        }
        chain.doFilter(new Authenticated(request, user, groups), response);
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"message\":\"" + message + "\"}");
    }

    /** The request as Spring Boot's endpoints read it: the user, and the user's groups as roles. */
    static class Authenticated extends HttpServletRequestWrapper {

        private final Principal principal;
        private final Set<String> groups;

        Authenticated(HttpServletRequest request, String user, Set<String> groups) {
            super(request);
            this.principal = () -> user;
            this.groups = groups;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.getName();
        }

        @Override
        public boolean isUserInRole(String role) {
            return groups.contains(role);
        }
    }
}
