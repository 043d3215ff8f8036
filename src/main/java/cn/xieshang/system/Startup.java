package cn.xieshang.system;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/** Runs the startup steps once every bean exists and before the web server opens, one node at a time. */
@Component
class Startup implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

    private final List<StartupStep> steps;
    private final StartupLock lock;

    Startup(List<StartupStep> steps, StartupLock lock) {
        this.steps = steps; // Spring sorts the list by @Order
        this.lock = lock;
    }

    /** Under the start-up lock the engine took before creating its schema: one node at a time sets up a database. */
    @Override
    public void afterSingletonsInstantiated() {
        try {
            lock.acquire(); // already held unless the engine was built without the lock's plugin
            for (StartupStep step : steps) {
                LOG.info("Startup step {}", step.getClass().getSimpleName());
                step.run();
            }
        } finally {
            lock.release();
        }
    }
}
