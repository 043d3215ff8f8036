package cn.xieshang.security;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start the demo (known passwords for every role) on a production database — the 'postgres' profile
 * or any datasource that is not H2 — unless {@code xieshang.demo.allow-production-database=true} says it is meant.
 */
public class DemoDatabaseGuard implements EnvironmentPostProcessor {

    static final String SWITCH = "xieshang.demo.allow-production-database";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean demo = Arrays.asList(environment.getActiveProfiles()).contains("demo");
        if (!demo || environment.getProperty(SWITCH, Boolean.class, false)) {
            return;
        }
        String url = environment.getProperty("spring.datasource.url", "");
        boolean production = Arrays.asList(environment.getActiveProfiles()).contains("postgres")
                || !url.isBlank() && !url.startsWith("jdbc:h2:");
        if (production) {
            throw new IllegalStateException("Xieshang refuses to start: the 'demo' profile (demo users, password 'demo') "
                    + "on a production database (" + (url.isBlank() ? "profile postgres" : url.replaceAll("\\?.*", ""))
                    + "). Leave out the 'demo' profile, or set " + SWITCH + "=true if this really is meant.");
        }
    }
}
