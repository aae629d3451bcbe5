package io.numbat.agent.erlang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyPatternsTest {
    @Test
    void theFirstMatchingGlobOnTheNamePartWins() {
        FamilyPatterns p = FamilyPatterns.parse(List.of("web-*=web", "web-canary*=canary", "db?=db"), "beam");

        assertThat(p.familyOf("web-canary1@h")).isEqualTo("web");
        assertThat(p.familyOf("web-1@web-host")).isEqualTo("web");
        assertThat(p.familyOf("db1@h")).isEqualTo("db");
        assertThat(p.familyOf("db12@h")).isEqualTo("beam");
        assertThat(p.familyOf("worker@web-1")).isEqualTo("beam"); // the host part is not matched
    }

    @Test
    void globCharactersOtherThanStarAndQuestionMarkAreLiteral() {
        FamilyPatterns p = FamilyPatterns.parse(List.of("a.b[1]+*=x"), "beam");

        assertThat(p.familyOf("a.b[1]+z@h")).isEqualTo("x");
        assertThat(p.familyOf("aXb[1]+z@h")).isEqualTo("beam");
    }

    @Test
    void aPatternWithoutFamilyIsRefusedNamingIt() {
        assertThatThrownBy(() -> FamilyPatterns.parse(List.of("web-*"), "beam"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GLOB=FAMILY")
                .hasMessageContaining("'web-*'");
        assertThatThrownBy(() -> FamilyPatterns.parse(List.of("=web"), "beam"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
