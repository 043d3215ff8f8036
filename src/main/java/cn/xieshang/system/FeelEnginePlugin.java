package cn.xieshang.system;

import java.util.List;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * The engine's decision tables evaluate their FEEL with {@link Feel} (each cell parsed once, the built-in functions
 * built once) instead of Camunda's default integration, which does both at every evaluation. Same feel-scala, same
 * value mappers and custom functions, so the same results.
 */
@Component
public class FeelEnginePlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
                ? configuration.getDmnEngineConfiguration()
                : (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        Feel feel = configuration.getDmnFeelCustomFunctionProviders() == null
                || configuration.getDmnFeelCustomFunctionProviders().isEmpty()
                ? Feel.standard() : new Feel(List.copyOf(configuration.getDmnFeelCustomFunctionProviders()));
        dmn.setFeelEngineFactory(() -> feel);
        configuration.setDmnEngineConfiguration(dmn);
    }
}
