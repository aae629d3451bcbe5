package io.numbat.schemas.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsEachUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aDurationPastWhatADurationHoldsIsAnIllegalArgumentNamingTheText() {
        assertThatThrownBy(() -> Durations.parse("9999999999999999h"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'9999999999999999h' is too long a duration");
        assertThatThrownBy(() -> Durations.parse("99999999999999999999s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'99999999999999999999s' is too long a duration");
    }

    @Test
    void textThatIsNoDurationSaysSo() {
        assertThatThrownBy(() -> Durations.parse("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'soon' is not a duration");
    }
}
