package cn.xieshang.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The task query's permission join, rewritten where exactly equivalent and left alone everywhere else. */
class TaskQuerySqlTest {

    // as the engine writes them (7.24, PostgreSQL), whitespace shortened
    static final String AUTH = "left join ( SELECT A.* FROM ACT_RU_AUTHORIZATION A WHERE A.TYPE_ < 2 AND"
            + " ( A.USER_ID_ in ( ?, '*') OR A.GROUP_ID_ IN ( ? , ? ) ) AND ( ( A.RESOURCE_TYPE_ = ? AND A.PERMS_ & ? = ?"
            + " OR A.RESOURCE_TYPE_ = ? AND A.PERMS_ & ? = ? ) ) ) AUTH ON (AUTH.RESOURCE_ID_ IN ( RES.ID_ , D.KEY_ , '*' ))";
    static final String COUNT = "SELECT COUNT(*) FROM (SELECT DISTINCT RES.ID_ from ACT_RU_TASK RES"
            + " left join ACT_RE_PROCDEF D on RES.PROC_DEF_ID_ = D.ID_ \n    " + AUTH
            + " WHERE ( 1 = 1 ) and ( (RES.CASE_EXECUTION_ID_ IS NOT NULL) OR (AUTH.RESOURCE_ID_ IS NOT NULL) )"
            + " and (RES.TENANT_ID_ is null or RES.TENANT_ID_ in ( ? ) ) ) countDistinct";

    @Test
    void theJoinBecomesALookupInTheSameAuthorizationRows() {
        String rewritten = TaskQuerySql.rewrite(COUNT);
        assertThat(rewritten).startsWith("WITH XS_AUTH AS (SELECT A.* FROM ACT_RU_AUTHORIZATION A WHERE A.TYPE_ < 2")
                .doesNotContain("AUTH ON").doesNotContain("AUTH.RESOURCE_ID_ IS NOT NULL")
                .contains("(RES.CASE_EXECUTION_ID_ IS NOT NULL) OR (RES.ID_ IN (SELECT XS_AUTH.RESOURCE_ID_ FROM XS_AUTH)"
                        + " OR D.KEY_ IN (SELECT XS_AUTH.RESOURCE_ID_ FROM XS_AUTH)"
                        + " OR EXISTS (SELECT 1 FROM XS_AUTH WHERE XS_AUTH.RESOURCE_ID_ = '*'))")
                .endsWith("and (RES.TENANT_ID_ is null or RES.TENANT_ID_ in ( ? ) ) ) countDistinct");
        // the parameters keep their order: the subquery's came first and still do
        assertThat(rewritten.chars().filter(c -> c == '?').count()).isEqualTo(COUNT.chars().filter(c -> c == '?').count());
        assertThat(rewritten.indexOf("( ?, '*')")).isLessThan(rewritten.indexOf("TENANT_ID_ in ( ? )"));
    }

    @Test
    void theInnerJoinFormToo() {
        String inner = COUNT.replace("left join ( SELECT", "inner join ( SELECT")
                .replace("( (RES.CASE_EXECUTION_ID_ IS NOT NULL) OR (AUTH.RESOURCE_ID_ IS NOT NULL) )",
                        "(AUTH.RESOURCE_ID_ IS NOT NULL)");
        assertThat(TaskQuerySql.rewrite(inner)).startsWith("WITH XS_AUTH AS (").contains("WHERE ( 1 = 1 ) and (RES.ID_ IN");
    }

    @Test
    void anythingElseIsLeftAsTheEngineWroteIt() {
        // a parameter before the join (it would change places with the subquery's)
        assertThat(TaskQuerySql.rewrite(COUNT.replace("from ACT_RU_TASK RES", "from ACT_RU_TASK RES join X on X.A = ?")))
                .isNull();
        // a second permission join (composite checks)
        assertThat(TaskQuerySql.rewrite(COUNT.replace("WHERE ( 1 = 1 )", AUTH.replace("AUTH", "AUTH1") + " WHERE ( 1 = 1 )")))
                .isNull();
        // the join's columns used elsewhere
        assertThat(TaskQuerySql.rewrite(COUNT.replace("SELECT DISTINCT RES.ID_", "SELECT DISTINCT RES.ID_, AUTH.PERMS_")))
                .isNull();
        // no permission check at all (an administrator)
        assertThat(TaskQuerySql.rewrite("SELECT COUNT(*) FROM ACT_RU_TASK RES WHERE RES.TENANT_ID_ in ( ? )")).isNull();
    }
}
