package cn.xieshang.operations;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the case a request addresses by its address into the log context for that request and takes it out
 * afterwards: a topic's online page ({@code /online/<community>/<case number>}) and a start in a community
 * ({@code …/process-definition/key/<process>/tenant-id/<community>/…}). Only what the address says: looking a
 * case up for every request would cost a query each; requests that name a task or a case by its id get the case
 * from the engine while it works on it (see {@link CaseLog}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class CaseRequests extends OncePerRequestFilter {

    private static final Pattern ONLINE = Pattern.compile("^/online/([a-z0-9-]+)/([^/]+)");
    private static final Pattern TENANT_START = Pattern.compile("/process-definition/key/[^/]+/tenant-id/([a-z0-9-]+)(/|$)");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CaseLog.Case about = addressed(request.getRequestURI().substring(request.getContextPath().length()));
        if (about == null) {
            chain.doFilter(request, response);
            return;
        }
        try (CaseLog.Scope scope = CaseLog.of(about)) {
            chain.doFilter(request, response);
        }
    }

    /** The case or community the path names, or null. */
    static CaseLog.Case addressed(String path) {
        Matcher online = ONLINE.matcher(path);
        if (online.find()) {
            return new CaseLog.Case(online.group(2), online.group(1));
        }
        Matcher start = TENANT_START.matcher(path);
        if (start.find()) {
            return new CaseLog.Case(null, start.group(1));
        }
        return null;
    }
}
