package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/** The spool's options on {@code numbat fleet} and {@code numbat agent}: checked before anything starts. */
class SpoolOptionsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Numbat.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpListsTheSpoolOptions() {
        assertThat(run("fleet", "--help")).isZero();
        assertThat(out.toString()).contains("--spool-dir", "--spool-max-bytes", "--spool-max-age");
        assertThat(run("agent", "--help")).isZero();
        assertThat(out.toString()).contains("--spool-max-bytes");
    }

    @Test
    void aSpoolBoundUnder1MiBIsAUsageErrorNamingTheOption() {
        assertThat(run("fleet", "--nodes", "1", "--spool-max-bytes", "512k")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--spool-max-bytes must be at least 1 MiB")
                .contains("524288");
        assertThat(run("agent", "--host", "--spool-max-age", "0s")).isEqualTo(2);
        assertThat(err.toString()).contains("--spool-max-age must be positive");
    }

    @Test
    void sizesTakeBinaryUnits() {
        ByteSizeConverter size = new ByteSizeConverter();
        assertThat(size.convert("2m")).isEqualTo(2L << 20);
        assertThat(size.convert("2MiB")).isEqualTo(2L << 20);
        assertThat(size.convert("1g")).isEqualTo(1L << 30);
        assertThat(size.convert("4096")).isEqualTo(4096L);
        assertThatThrownBy(() -> size.convert("two megs")).isInstanceOf(TypeConversionException.class);
    }
}
