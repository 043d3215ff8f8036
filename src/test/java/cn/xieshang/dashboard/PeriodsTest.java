package cn.xieshang.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import cn.xieshang.statistics.Totals;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A period of the totals as the dashboard shows it, and the days whose cases it lists. */
class PeriodsTest {

    static final LocalDate FROM = LocalDate.of(2031, 2, 10);
    static final LocalDate TO = LocalDate.of(2031, 11, 5);

    @Test
    void periodsReadInChinese() {
        assertThat(DashboardController.periodName("2031-03", Totals.Period.month)).isEqualTo("2031年3月");
        assertThat(DashboardController.periodName("2031-Q4", Totals.Period.quarter)).isEqualTo("2031年第4季度");
        assertThat(DashboardController.periodName("2031", Totals.Period.year)).isEqualTo("2031年");
        assertThat(DashboardController.periodName("all", Totals.Period.all)).isEqualTo("全部期间");
    }

    @Test
    void aPeriodsCasesAreThoseOfItsDaysWithinTheChosenDates() {
        assertThat(DashboardController.range("2031-03", Totals.Period.month, FROM, TO))
                .containsExactly(LocalDate.of(2031, 3, 1), LocalDate.of(2031, 3, 31));
        assertThat(DashboardController.range("2031-02", Totals.Period.month, FROM, TO))
                .containsExactly(FROM, LocalDate.of(2031, 2, 28));
        assertThat(DashboardController.range("2031-Q4", Totals.Period.quarter, FROM, TO))
                .containsExactly(LocalDate.of(2031, 10, 1), TO);
        assertThat(DashboardController.range("2031", Totals.Period.year, FROM, TO)).containsExactly(FROM, TO);
        assertThat(DashboardController.range("all", Totals.Period.all, FROM, TO)).containsExactly(FROM, TO);
    }
}
