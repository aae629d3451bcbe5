package io.numbat.schemas.manage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PidsTest {
    @Test
    void acceptsTheNodesOwnPidsWithOrWithoutBrackets() {
        assertThat(Pids.normalise("<0.123.0>")).contains("<0.123.0>");
        assertThat(Pids.normalise(" 0.4711.2 ")).contains("<0.4711.2>");
        assertThat(Pids.normalise("<0.007.0>")).contains("<0.7.0>");
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {
            null,
            "",
            "<0.123>",
            "<1.123.0>",
            "<0.123.0",
            "0.123.0>",
            "<0.-1.0>",
            "<0.1.0>; halt()",
            "list_to_pid(\"<0.1.0>\")",
            "<0.99999999999.0>",
            "<0.4294967296.0>",
            "self()"
        }) {
            assertThat(Pids.normalise(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void theProblemQuotesTheInput() {
        assertThat(Pids.problem("x")).contains("'x'").contains("<0.123.0>");
    }
}
