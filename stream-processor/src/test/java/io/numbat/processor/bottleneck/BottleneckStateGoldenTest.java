package io.numbat.processor.bottleneck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.processor.GoldenFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Golden files of the bottleneck formats: {@link BottleneckSignal} (the {@code bottleneck-signals-by-family}
 * repartition topic) and {@link FamilyBottlenecks} ({@code family-bottlenecks-store}). Both start at version 2,
 * the version every format writes behind its version byte; there is no version 1. The node's own state is in
 * {@code node-health-v3.bin} (NodeHealthGoldenTest).
 */
class BottleneckStateGoldenTest {
    static final String SIGNAL = "bottleneck-signal-v2.bin";
    static final String FAMILY = "family-bottlenecks-v2.bin";

    static BottleneckSignal signal() {
        return new BottleneckSignal(
                "web-1@host", "web", 1_767_225_600_000L, new String[] {"", "", "my_cache:init/1"}, new double[] {
                    0, 0, 0.62
                });
    }

    /** One node blaming my_cache:init/1 for memory, and the family alarm raised on it. */
    static FamilyBottlenecks family() {
        FamilyBottlenecks f = new FamilyBottlenecks();
        FamilyBottlenecks.Member m = new FamilyBottlenecks.Member();
        m.lastSeenMillis = 1_767_225_600_000L;
        m.culprits[2] = "my_cache:init/1";
        m.figures[2] = 0.62;
        f.nodes.put("web-1@host", m);
        f.raised[2] = "my_cache:init/1";
        f.levels[2] = 2;
        f.sweptMillis = 1_767_225_540_000L;
        return f;
    }

    @Test
    void signalDecodesAndEncodesToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(SIGNAL);
        BottleneckSignal s = new BottleneckSignal.Serde().deserializer().deserialize("t", golden);
        assertThat(s.node()).isEqualTo("web-1@host");
        assertThat(s.family()).isEqualTo("web");
        assertThat(s.timestamp()).isEqualTo(1_767_225_600_000L);
        assertThat(s.culprits()).containsExactly("", "", "my_cache:init/1");
        assertThat(s.figures()).containsExactly(0, 0, 0.62);
        assertThat(s.toBytes()).isEqualTo(golden);
        assertThat(signal().toBytes()).isEqualTo(golden);
    }

    @Test
    void familyDecodesAndEncodesToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(FAMILY);
        FamilyBottlenecks f = new FamilyBottlenecks.Serde().deserializer().deserialize("t", golden);
        assertThat(f.nodes).containsOnlyKeys("web-1@host");
        assertThat(f.nodes.get("web-1@host").culprits).containsExactly("", "", "my_cache:init/1");
        assertThat(f.nodes.get("web-1@host").figures).containsExactly(0, 0, 0.62);
        assertThat(f.nodes.get("web-1@host").lastSeenMillis).isEqualTo(1_767_225_600_000L);
        assertThat(f.raised).containsExactly("", "", "my_cache:init/1");
        assertThat(f.levels).containsExactly(0, 0, 2);
        assertThat(f.sweptMillis).isEqualTo(1_767_225_540_000L);
        assertThat(f.toBytes()).isEqualTo(golden);
        assertThat(family().toBytes()).isEqualTo(golden);
    }

    @Test
    void bytesWithoutTheirVersionByteAreRefusedNamingTheFormat() {
        assertThatThrownBy(() -> BottleneckSignal.fromBytes(new byte[] {0, 1}))
                .hasMessageContaining("not a bottleneck signal");
        assertThatThrownBy(() -> FamilyBottlenecks.fromBytes(new byte[] {0, 1}))
                .hasMessageContaining("not a family's bottlenecks");
    }

    /** Writes missing golden files only; runs only with -Dnumbat.golden.write=true (see {@link GoldenFiles}). */
    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.WRITE_PROPERTY, matches = "true")
    void writesTheGoldenFiles() {
        GoldenFiles.writeIfAbsent(SIGNAL, signal().toBytes());
        GoldenFiles.writeIfAbsent(FAMILY, family().toBytes());
    }
}
