package cn.xieshang.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which requests name their case or community in the address, for the log context. */
class CaseRequestsTest {

    @Test
    void anOnlineTopicNamesCaseAndCommunity() {
        assertThat(CaseRequests.addressed("/online/laojunying-3/XS-20261202-7QK3MZ"))
                .isEqualTo(new CaseLog.Case("XS-20261202-7QK3MZ", "laojunying-3"));
    }

    @Test
    void aStartInACommunityNamesTheCommunity() {
        assertThat(CaseRequests.addressed("/engine-rest/process-definition/key/concern/tenant-id/shangmajie-2/submit-form"))
                .isEqualTo(new CaseLog.Case(null, "shangmajie-2"));
    }

    @Test
    void otherRequestsNameNone() {
        assertThat(CaseRequests.addressed("/engine-rest/task/count")).isNull();
        assertThat(CaseRequests.addressed("/online/laojunying-3")).isNull();
    }
}
