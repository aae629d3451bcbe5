package io.numbat.platform.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class SeriesCsvTest {
    private static SeriesCsv csv(String text) throws IOException {
        return new SeriesCsv(new BufferedReader(new StringReader(text)), "cat/f.csv");
    }

    @Test
    void readsNabTimestampsAsUtcAndKeepsTheRowAsWritten() throws IOException {
        SeriesCsv c = csv("timestamp,value\n2014-04-01 00:00:00,1.5\n2014-04-01 00:05:00, 2\n");
        assertThat(c.next()).isTrue();
        assertThat(c.timestampMillis()).isEqualTo(1_396_310_400_000L);
        assertThat(c.value()).isEqualTo(1.5);
        assertThat(c.row()).isEqualTo("2014-04-01 00:00:00,1.5");
        assertThat(c.next()).isTrue();
        assertThat(c.timestampMillis()).isEqualTo(1_396_310_700_000L);
        assertThat(c.value()).isEqualTo(2);
        assertThat(c.next()).isFalse();
    }

    @Test
    void readsIsoTimestampsWithAndWithoutOffsetAndEpochMillis() throws IOException {
        SeriesCsv c = csv("timestamp,value\n2014-04-01T00:00:00,1\n2014-04-01T02:00:00+02:00,2\n"
                + "2014-04-01T00:00:00Z,3\n1396310400000,4\n");
        for (int i = 0; i < 4; i++) {
            assertThat(c.next()).isTrue();
            assertThat(c.timestampMillis()).isEqualTo(1_396_310_400_000L);
        }
    }

    @Test
    void acceptsNanAndInfinityForTheDetectorToIgnore() throws IOException {
        SeriesCsv c = csv("timestamp,value\n1,NaN\n2,-Infinity\n");
        assertThat(c.next()).isTrue();
        assertThat(c.value()).isNaN();
        assertThat(c.next()).isTrue();
        assertThat(c.value()).isInfinite();
    }

    @Test
    void skipsBlankLines() throws IOException {
        SeriesCsv c = csv("timestamp,value\n\n1,2\n\n");
        assertThat(c.next()).isTrue();
        assertThat(c.line()).isEqualTo(3);
        assertThat(c.next()).isFalse();
    }

    @Test
    void aBadValueNamesFileAndLine() throws IOException {
        SeriesCsv c = csv("timestamp,value\n1,2\n2,abc\n");
        assertThat(c.next()).isTrue();
        assertThatThrownBy(c::next)
                .isInstanceOf(BadSeriesException.class)
                .hasMessage("cat/f.csv line 3: value 'abc' is not a number");
    }

    @Test
    void aBadTimestampNamesFileAndLine() throws IOException {
        SeriesCsv c = csv("timestamp,value\nyesterday,2\n");
        assertThatThrownBy(c::next).hasMessageStartingWith("cat/f.csv line 2: timestamp 'yesterday' is not");
    }

    @Test
    void aRowWithTheWrongNumberOfColumnsNamesFileAndLine() throws IOException {
        SeriesCsv c = csv("timestamp,value\n1,2,3\n");
        assertThatThrownBy(c::next).hasMessageStartingWith("cat/f.csv line 2: expected 2 columns");
    }

    @Test
    void aMissingOrWrongHeaderIsAnError() {
        assertThatThrownBy(() -> csv("")).hasMessageStartingWith("cat/f.csv line 1: empty file");
        assertThatThrownBy(() -> csv("1,2\n")).hasMessageStartingWith("cat/f.csv line 1: expected the header");
    }
}
