package cn.xieshang.system;

/**
 * One idempotent piece of setting the engine up (models, organisation, accounts, authorizations, filters).
 * Steps run in {@link org.springframework.core.annotation.Order} before the web server takes requests.
 */
public interface StartupStep {

    void run();
}
