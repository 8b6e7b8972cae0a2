package io.plotstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A caller's bound on the bytes it holds in streams until their outcome is told. */
class ByteBudgetTest {
    private static final long NO_WAIT = 0;

    @Test
    void chargesWhatFitsAndRefusesWhatDoesNotWithoutChargingIt() throws Exception {
        ByteBudget budget = new ByteBudget(1_000);
        assertThat(budget.charge(600, NO_WAIT, () -> false)).isTrue();
        assertThat(budget.charge(600, NO_WAIT, () -> false)).isFalse();
        assertThat(budget.chargedBytes()).isEqualTo(600);
        assertThat(budget.charge(400, NO_WAIT, () -> false)).as("exactly full is allowed").isTrue();
        budget.release(1_000);
        assertThat(budget.chargedBytes()).isZero();
    }

    @Test
    void aChargeLargerThanTheBudgetIsAdmittedAloneIntoAnEmptyBudget() throws Exception {
        ByteBudget budget = new ByteBudget(1_000);
        assertThat(budget.charge(5_000, NO_WAIT, () -> false)).isTrue();
        assertThat(budget.charge(1, NO_WAIT, () -> false)).isFalse();
    }

    @Test
    void aWaitEndsUnansweredWhenTheCallerGivesUpOnWaking() throws Exception {
        ByteBudget budget = new ByteBudget(1_000);
        budget.charge(900, NO_WAIT, () -> false);
        AtomicBoolean giveUp = new AtomicBoolean(true);
        assertThat(budget.charge(900, Long.MAX_VALUE, giveUp::get)).isFalse();
        assertThat(budget.chargedBytes()).isEqualTo(900);
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatThrownBy(() -> new ByteBudget(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
