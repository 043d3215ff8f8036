package cn.xieshang.security;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start, before anything touches a database, when no administrator password is configured.
 * There is no default password outside the demo profile.
 */
public class AdminPasswordRequired implements EnvironmentPostProcessor {

    static final String PROPERTY = "xieshang.admin.password";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String password = environment.getProperty(PROPERTY);
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("Xieshang refuses to start: no administrator password. Set " + PROPERTY
                    + " (or the environment variable XIESHANG_ADMIN_PASSWORD), or run the demo with the 'demo' profile.");
        }
    }
}
