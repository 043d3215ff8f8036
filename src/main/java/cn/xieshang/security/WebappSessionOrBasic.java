package cn.xieshang.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;

/**
 * The application's own pages and JSON under {@code /api} read with the session of the Camunda webapp a person is
 * logged in to (Cockpit, Tasklist, Welcome), so that following a link from there asks for no second login; every
 * other request authenticates with HTTP Basic as on {@code /engine-rest}.
 * <p>
 * Reads only ({@code GET}, {@code HEAD}): a browser sends the session cookie with any request, also one another site
 * makes it send, so a write in the person's name needs more than the cookie (the webapps' own API asks for its CSRF
 * token; ours asks for the password).
 */
public class WebappSessionOrBasic extends HttpBasicAuthenticationProvider {

    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
        HttpSession session = request.getSession(false);
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (read && session != null) {
            Authentication webapp = AuthenticationUtil.getAuthsFromSession(session)
                    .getAuthenticationForProcessEngine(engine.getName());
            if (webapp instanceof UserAuthentication user) {
                return AuthenticationResult.successful(user.getIdentityId()); // its groups and tenants: read afresh
            }
        }
        return super.extractAuthenticatedUser(request, engine);
    }
}
