package io.numbat.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The scan itself: it sees what this JVM logs and what child processes wrote, and never repeats a secret. */
class SecretScanTest {
    @Test
    void aSecretLoggedHereOrInALogFileIsFoundAndNamedWithoutItsValue(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("node"));
        Files.writeString(tmp.resolve("node").resolve("web-1.log"), "starting\nerl -setcookie c00kie-value\n");
        Files.writeString(tmp.resolve("beam.cookie"), "c00kie-value"); // not a log: the cookie's own file
        try (SecretScan scan = SecretScan.start()) {
            LoggerFactory.getLogger("io.numbat.test").warn("token is t0ken-value");

            assertThat(scan.logged()).contains("WARN  io.numbat.test - token is");
            assertThatThrownBy(() ->
                            scan.assertNoSecret(Map.of("the token", "t0ken-value", "the cookie", "c00kie-value"), tmp))
                    .hasMessageContaining("the token in this JVM's log line 1")
                    .hasMessageContaining("the cookie in " + tmp.resolve("node").resolve("web-1.log") + " line 2")
                    .hasMessageNotContaining("t0ken-value")
                    .hasMessageNotContaining("c00kie-value")
                    .hasMessageNotContaining("beam.cookie");
            scan.assertNoSecret(Map.of("another", "never-logged"), tmp);
        }
    }
}
