package cn.xieshang.security;

import java.sql.Connection;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ibatis.executor.statement.StatementHandler;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.reflection.MetaObject;
import org.apache.ibatis.reflection.SystemMetaObject;

/**
 * The engine's task query (Tasklist's lists and counts, {@code GET /task}, {@code /task/count}, the filters), with its
 * permission check written so that the database can hash it.
 * <p>
 * The engine joins the person's authorization rows to every task by
 * {@code AUTH.RESOURCE_ID_ IN (RES.ID_, D.KEY_, '*')}. No database can hash an OR, so it compares every task of the
 * person's communities with every authorization row of their groups: seconds at a district's size. Here the same rows
 * are read once ({@code WITH XS_AUTH AS (…)}, the engine's own subquery, unchanged) and a task passes when its id, its
 * process's key or {@code '*'} is among them: the same condition, answered by a hash lookup per task.
 * <p>
 * The rewrite is applied only where it is exactly equivalent: one authorization join of that form, no bound
 * parameter before it (the subquery moves to the front, and parameters are bound in order), and no other use of the
 * join's columns. Anything else runs as the engine wrote it.
 */
@Intercepts(@Signature(type = StatementHandler.class, method = "prepare", args = {Connection.class, Integer.class}))
class TaskQuerySql implements Interceptor {

    static final Set<String> STATEMENTS = Set.of(
            "org.camunda.bpm.engine.impl.persistence.entity.TaskEntity.selectTaskByQueryCriteria",
            "org.camunda.bpm.engine.impl.persistence.entity.TaskEntity.selectTaskCountByQueryCriteria");

    private static final Pattern AUTH_JOIN = Pattern.compile(
            "(?:left|inner)\\s+join\\s*\\(\\s*(SELECT\\s+A\\.\\*\\s+FROM\\s+ACT_RU_AUTHORIZATION\\s+A\\s+WHERE\\s.*?)\\)"
                    + "\\s*AUTH\\s+ON\\s*\\(\\s*AUTH\\.RESOURCE_ID_\\s+IN\\s*\\(\\s*RES\\.ID_\\s*,\\s*D\\.KEY_\\s*,\\s*'\\*'\\s*\\)\\s*\\)",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern AUTH_FOUND = Pattern.compile("\\(\\s*AUTH\\.RESOURCE_ID_\\s+IS\\s+NOT\\s+NULL\\s*\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AUTH_COLUMN = Pattern.compile("(?<![A-Za-z0-9_])AUTH[0-9]*\\.", Pattern.CASE_INSENSITIVE);
    private static final String AUTHORIZED = "(RES.ID_ IN (SELECT XS_AUTH.RESOURCE_ID_ FROM XS_AUTH)"
            + " OR D.KEY_ IN (SELECT XS_AUTH.RESOURCE_ID_ FROM XS_AUTH)"
            + " OR EXISTS (SELECT 1 FROM XS_AUTH WHERE XS_AUTH.RESOURCE_ID_ = '*'))";

    /** How many task queries ran rewritten (since the JVM started). */
    static final java.util.concurrent.atomic.AtomicLong REWRITTEN = new java.util.concurrent.atomic.AtomicLong();

    /** The same query with a hashable permission check, or {@code null} where the rewrite would not be exact. */
    static String rewrite(String sql) {
        Matcher join = AUTH_JOIN.matcher(sql);
        if (!join.find()) {
            return null;
        }
        String before = sql.substring(0, join.start());
        String authorizations = join.group(1);
        String after = sql.substring(join.end());
        if (before.indexOf('?') >= 0 || AUTH_JOIN.matcher(after).find()) {
            return null;
        }
        Matcher found = AUTH_FOUND.matcher(after);
        if (!found.find()) {
            return null;
        }
        String where = after.substring(0, found.start()) + AUTHORIZED + after.substring(found.end());
        if (AUTH_FOUND.matcher(where).find() || AUTH_COLUMN.matcher(before).find() || AUTH_COLUMN.matcher(where).find()) {
            return null;
        }
        return "WITH XS_AUTH AS (" + authorizations + ") " + before + where;
    }

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
        MetaObject handler = SystemMetaObject.forObject(invocation.getTarget());
        if (handler.hasGetter("delegate.mappedStatement")) {
            MappedStatement statement = (MappedStatement) handler.getValue("delegate.mappedStatement");
            if (STATEMENTS.contains(statement.getId())) {
                String rewritten = rewrite(((StatementHandler) invocation.getTarget()).getBoundSql().getSql());
                if (rewritten != null) {
                    handler.setValue("delegate.boundSql.sql", rewritten);
                    REWRITTEN.incrementAndGet();
                }
            }
        }
        return invocation.proceed();
    }
}
