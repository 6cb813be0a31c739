package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table of budgets per client address: its windows, its bound, and what a full table does. */
class ClientBudgetsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    private ClientBudgets budgets(String limit, int maxAddresses) {
        return new ClientBudgets(ClientBudgets.parse(limit), maxAddresses, clock);
    }

    private static long v4(int last) {
        return ClientBudgets.keyOf(new byte[] {(byte) 198, 51, 100, (byte) last});
    }

    /** How many of {@code n} events of {@code key} the budget grants. */
    private static int granted(ClientBudgets budgets, long key, int n) {
        int granted = 0;
        for (int i = 0; i < n; i++) {
            granted += budgets.take(key) == null ? 0 : 1;
        }
        return granted;
    }

    @Test
    void anAddressGetsItsCountPerWindowAndTheWindowStartsWithItsFirstEvent() {
        ClientBudgets budgets = budgets("3/PT1H", 100);
        clock.advance(Duration.ofMinutes(10));
        assertThat(granted(budgets, v4(1), 5)).isEqualTo(3);

        clock.advance(Duration.ofMinutes(59));
        assertThat(granted(budgets, v4(1), 1)).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(granted(budgets, v4(1), 5)).isEqualTo(3);
    }

    @Test
    void aCancelledChargeGivesItsShareBackAndAnUnusedAddressIsForgotten() {
        ClientBudgets budgets = budgets("2/PT1H", 100);

        budgets.take(v4(1)).cancel();
        assertThat(budgets.tracked()).isZero();
        budgets.take(v4(1));
        budgets.take(v4(1)).cancel();

        assertThat(granted(budgets, v4(1), 3)).isEqualTo(1);
    }

    @Test
    void aChargeOfAnEndedWindowGivesNothingToTheNextOne() {
        ClientBudgets budgets = budgets("1/PT1H", 100);
        ClientBudgets.Charge old = budgets.take(v4(1));
        clock.advance(Duration.ofHours(1));
        budgets.take(v4(1));

        old.cancel();

        assertThat(granted(budgets, v4(1), 1)).isZero();
    }

    @Test
    void aFullTableNeverEvictsALiveWindowSoFloodingItResetsNoOnesBudget() {
        ClientBudgets budgets = budgets("2/PT1H", 10);
        assertThat(granted(budgets, v4(0), 2)).isEqualTo(2);

        for (int other = 1; other <= 1000; other++) {
            budgets.take(v4(other));
        }

        assertThat(budgets.tracked()).isLessThanOrEqualTo(11);
        assertThat(granted(budgets, v4(0), 1)).as("the flooder's own spent budget").isZero();
    }

    @Test
    void whileTheTableIsFullNewcomersShareOneOverflowBudget() {
        ClientBudgets budgets = budgets("2/PT1H", 3);
        for (int address = 1; address <= 3; address++) {
            budgets.take(v4(address));
        }

        assertThat(granted(budgets, v4(50), 1)).isEqualTo(1);
        assertThat(granted(budgets, v4(51), 1)).isEqualTo(1);
        assertThat(granted(budgets, v4(52), 1)).isZero();
        assertThat(granted(budgets, v4(1), 1)).as("an address in the table keeps its own").isEqualTo(1);
    }

    @Test
    void windowsThatEndedMakeRoomAgain() {
        ClientBudgets budgets = budgets("2/PT1H", 3);
        for (int address = 1; address <= 3; address++) {
            budgets.take(v4(address));
        }
        clock.advance(Duration.ofHours(1));

        assertThat(granted(budgets, v4(60), 2)).isEqualTo(2);
        assertThat(granted(budgets, v4(61), 2)).isEqualTo(2);
        assertThat(budgets.tracked()).isLessThanOrEqualTo(3);
    }

    @Test
    void ipv6AddressesAreKeyedByTheirSlash64AndNeverCollideWithIpv4() {
        assertThat(ClientBudgets.keyOf(IpAddresses.parse("2001:db8:1:2::1")))
                .isEqualTo(ClientBudgets.keyOf(IpAddresses.parse("2001:db8:1:2:ffff::1")))
                .isNotEqualTo(ClientBudgets.keyOf(IpAddresses.parse("2001:db8:1:3::1")));
        assertThat(ClientBudgets.keyOf(IpAddresses.parse("198.51.100.1")))
                .isNotEqualTo(ClientBudgets.keyOf(IpAddresses.parse("::c633:6401")))
                .isNotEqualTo(ClientBudgets.keyOf(IpAddresses.parse("198.51.100.2")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "/PT1H", "0/PT1H", "-1/PT1H", "30/1h", "30/PT0S", "30/PT0.5S", "30/P8D",
        "1000001/PT1H", "x/PT1H", "30/PT1H/2", ""})
    void aBudgetThatIsNotCountSlashDurationFailsNamingTheSetting(String value) {
        assertThatThrownBy(() -> ClientBudgets.parse(value)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.browser-events.budget").hasMessageContaining("COUNT/DURATION");
    }

    @Test
    void theDocumentedDefaultIsTheCodes() {
        assertThat(Setting.BROWSER_EVENTS_BUDGET.defaultValue()).isEqualTo(ClientBudgets.DEFAULT);
    }

    @Test
    void budgetsParse() {
        assertThat(ClientBudgets.parse("30/PT1H")).hasToString("30/PT1H");
        assertThat(ClientBudgets.parse(" 5 / P1D ")).hasToString("5/PT24H");
    }
}
