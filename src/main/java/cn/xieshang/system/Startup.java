package cn.xieshang.system;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/** Runs the startup steps once every bean exists and before the web server opens. */
@Component
class Startup implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

    private final List<StartupStep> steps;

    Startup(List<StartupStep> steps) {
        this.steps = steps; // Spring sorts the list by @Order
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (StartupStep step : steps) {
            LOG.info("Startup step {}", step.getClass().getSimpleName());
            step.run();
        }
    }
}
