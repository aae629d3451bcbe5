package io.numbat.deployer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {
    static Stream<Arguments> orderedPairs() {
        return Stream.of(
                Arguments.of("25", "26.1"),
                Arguments.of("26", "26.1"),
                Arguments.of("26.2", "26.10"),
                Arguments.of("9", "10"),
                Arguments.of("26.2.5", "27"),
                Arguments.of("26.1.9", "26.2"));
    }

    @ParameterizedTest(name = "{0} < {1}")
    @MethodSource("orderedPairs")
    void comparesPartsNumericallyNotAsText(String lower, String higher) {
        assertThat(Version.parse(lower)).isLessThan(Version.parse(higher));
        assertThat(Version.parse(higher).atLeast(Version.parse(lower))).isTrue();
        assertThat(Version.parse(lower).atLeast(Version.parse(higher))).isFalse();
    }

    @Test
    void missingTrailingPartsCountAsZero() {
        assertThat(Version.parse("26"))
                .isEqualByComparingTo(Version.parse("26.0.0"))
                .isEqualTo(Version.parse("26.0"))
                .hasSameHashCodeAs(Version.parse("26.0"));
        assertThat(Version.parse("26").atLeast(Version.parse("26.0"))).isTrue();
    }

    @Test
    void keepsTheTextAsWritten() {
        assertThat(Version.parse("26.02")).hasToString("26.02").isEqualTo(Version.parse("26.2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "R16B", "26.", ".26", "26..1", "OTP-26", "26.1-rc1", " 26"})
    void rejectsWhatIsNotDottedNumbers(String text) {
        assertThat(Version.isValid(text)).isFalse();
        assertThatThrownBy(() -> Version.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a version");
    }
}
