package cn.xieshang.security;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractPatchVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractRemoveVariableCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetVariableCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/**
 * A case's variables change only through its forms, where every rule is checked (starting a case, submitting or
 * completing a task). Whoever may work on a task could otherwise set any variable of the case directly
 * ({@code PUT /task/<id>/variables/votePassed}) and pass no rule at all. Administrators keep the repair tools;
 * the application's own code, running inside a command, is not affected.
 */
@Component
public class VariablesThroughFormsPlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<CommandInterceptor> required = configuration.getCustomPreCommandInterceptorsTxRequired() == null
                ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
        required.add(new FormsOnly(configuration));
        configuration.setCustomPreCommandInterceptorsTxRequired(required);
    }

    static class FormsOnly extends CommandInterceptor {

        private final ProcessEngineConfigurationImpl configuration;

        FormsOnly(ProcessEngineConfigurationImpl configuration) {
            this.configuration = configuration;
        }

        @Override
        public <T> T execute(Command<T> command) {
            boolean changesVariables = command instanceof AbstractSetVariableCmd
                    || command instanceof AbstractRemoveVariableCmd || command instanceof AbstractPatchVariablesCmd;
            // a nested command is the application's own work inside a checked one
            if (changesVariables && Context.getCommandContext() == null) {
                Authentication user = configuration.getIdentityService().getCurrentAuthentication();
                if (user != null && (user.getGroupIds() == null || !user.getGroupIds().contains(Groups.CAMUNDA_ADMIN))) {
                    throw new BadUserRequestException(
                            "案件的变量只能通过表单修改: 请提交或办理相应的任务 (variables change only through the case's forms)");
                }
            }
            return next.execute(command);
        }
    }
}
