package io.numbat.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpoolSettingsTest {
    private static final Path DIR = Path.of("spool");

    @Test
    void aTwoMegabyteSpoolHasSegmentsOfAnEighthOfItsBound() {
        SpoolSettings small = SpoolSettings.defaults(DIR).withMaxBytes(2_000_000);
        assertThat(small.segmentBytes()).isEqualTo(250_000).isLessThanOrEqualTo(small.maxBytes() / 8);
    }

    @Test
    void segmentsStayBetween64KiBAnd64MiB() {
        assertThat(SpoolSettings.defaults(DIR).segmentBytes()).isEqualTo(64L << 20); // 1 GiB bound
        assertThat(SpoolSettings.defaults(DIR).withMaxBytes(1L << 40).segmentBytes())
                .isEqualTo(64L << 20);
        assertThat(SpoolSettings.defaults(DIR).withMaxBytes(1L << 20).segmentBytes())
                .isEqualTo(128L << 10);
    }

    @Test
    void aBadSettingIsRefusedNamingItsOption() {
        assertThatThrownBy(() -> SpoolSettings.defaults(DIR).withMaxBytes(100_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--spool-max-bytes")
                .hasMessageContaining("100000");
        assertThatThrownBy(() -> SpoolSettings.defaults(DIR).withMaxAge(Duration.ZERO))
                .hasMessageContaining("--spool-max-age");
        assertThatThrownBy(() -> SpoolSettings.defaults(null)).hasMessageContaining("--spool-dir");
    }
}
