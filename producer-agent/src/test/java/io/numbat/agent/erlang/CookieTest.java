package io.numbat.agent.erlang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CookieTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFirstLineAndNeverShowsIt() throws Exception {
        Path f = Files.writeString(dir.resolve("cookie"), "  s3cr3t-cookie  \nsecond line\n");
        Cookie c = Cookie.fromFile(f);
        assertThat(c.secret()).isEqualTo("s3cr3t-cookie");
        assertThat(c.toString()).doesNotContain("s3cr3t");
        assertThat(c.redact("handshake with s3cr3t-cookie failed")).isEqualTo("handshake with *** failed");
    }

    @Test
    void aMissingOrEmptyFileIsAnErrorNamingTheFileOnly() throws Exception {
        assertThatThrownBy(() -> Cookie.fromFile(dir.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> Cookie.fromFile(empty)).hasMessageContaining("is empty");
    }

    @Test
    void backoffDoublesUpToItsMaximumAndResets() {
        Backoff b = new Backoff(Duration.ofSeconds(3));
        assertThat(new long[] {b.nextMillis(), b.nextMillis(), b.nextMillis(), b.nextMillis(), b.nextMillis()})
                .containsExactly(500, 1000, 2000, 3000, 3000);
        b.reset();
        assertThat(b.nextMillis()).isEqualTo(500);
    }
}
