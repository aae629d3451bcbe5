package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretOptionTest {
    @Test
    void theFilesFirstLineStrippedIsTheSecret(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("token"), "  s3cret-token \nsecond line\n");

        assertThat(SecretOption.resolve(null, file, "--token", "--token-file")).contains("s3cret-token");
        assertThat(SecretOption.resolve("", file, "--token", "--token-file")).contains("s3cret-token");
    }

    @Test
    void withoutAFileTheValueIfAnyIsTheSecret() {
        assertThat(SecretOption.resolve("v", null, "--token", "--token-file")).contains("v");
        assertThat(SecretOption.resolve(" ", null, "--token", "--token-file")).isEmpty();
        assertThat(SecretOption.resolve(null, null, "--token", "--token-file")).isEmpty();
    }
}
