package io.numbat.processor.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.GoldenFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Golden file of {@link NodeLiveness} (its own store). See {@link GoldenFiles} for how it was written. */
class NodeLivenessGoldenTest {
    static final String FILE = "node-liveness-v2.bin";
    static final String FILE_V1 = "node-liveness-v1.bin";

    static NodeLiveness sample() {
        NodeLiveness l = new NodeLiveness();
        l.family = "web";
        l.lastSeenMillis = 1_700_000_000_000L;
        l.down = true;
        return l;
    }

    @Test
    void nodeLivenessOfTodaysFormatDecodes() {
        NodeLiveness l = new NodeLiveness.Serde().deserializer().deserialize("t", GoldenFiles.read(FILE));
        assertThat(l.family).isEqualTo("web");
        assertThat(l.lastSeenMillis).isEqualTo(1_700_000_000_000L);
        assertThat(l.down).isTrue();
    }

    @Test
    void nodeLivenessEncodesToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(FILE);
        assertThat(sample().toBytes()).isEqualTo(golden);
        assertThat(NodeLiveness.fromBytes(golden).toBytes()).isEqualTo(golden);
    }

    @Test
    void nodeLivenessOfVersion1ReadsAsToday() {
        assertThat(NodeLiveness.fromBytes(GoldenFiles.read(FILE_V1)).toBytes()).isEqualTo(GoldenFiles.read(FILE));
    }

    /** Writes missing golden files only; runs only with -Dnumbat.golden.write=true (see {@link GoldenFiles}). */
    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.WRITE_PROPERTY, matches = "true")
    void writesTheGoldenFile() {
        GoldenFiles.writeIfAbsent(FILE, sample().toBytes());
    }
}
