package io.numbat.processor.remedy;

import static io.numbat.processor.remedy.Remedies.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.processor.GoldenFiles;
import io.numbat.schemas.Alarm;
import io.numbat.schemas.DeploymentState;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.RemediationVerdict;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The golden file of {@link RemedyInput} (the {@code remediation-inputs-by-family} repartition topic; version 2 from
 * the start): an alarm, a deployment event and a command, each as a 4-byte length and its bytes.
 */
class RemedyInputGoldenTest {
    static final String FILE = "remedy-input-v2.bin";

    static List<RemedyInput> samples() {
        return List.of(
                RemedyInput.of(Remedies.raised("web-1@h", MetricId.PROCESS_COUNT, 600, T0)),
                RemedyInput.of(Remedies.event("web-0a1b2c-1", DeploymentState.RUNNING, "x/out", null, T0 + 1)),
                RemedyInput.of(Remedies.command("x", RemediationVerdict.APPROVE, "alice", T0 + 2)));
    }

    static byte[] concatenated(List<RemedyInput> inputs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (RemedyInput i : inputs) {
            byte[] b = i.toBytes();
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    static List<RemedyInput> split(byte[] bytes) {
        List<RemedyInput> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            byte[] one = new byte[b.getInt()];
            b.get(one);
            out.add(RemedyInput.fromBytes(one));
        }
        return out;
    }

    @Test
    void decodesAndEncodesToTheGoldenBytes() {
        byte[] golden = GoldenFiles.read(FILE);
        List<RemedyInput> inputs = split(golden);

        assertThat(inputs)
                .extracting(RemedyInput::kind)
                .containsExactly(RemedyInput.Kind.ALARM, RemedyInput.Kind.DEPLOYMENT, RemedyInput.Kind.COMMAND);
        assertThat(inputs).extracting(RemedyInput::family).containsOnly("web");
        Alarm a = inputs.get(0).alarm();
        assertThat(a).isEqualTo(samples().get(0).alarm());
        assertThat(a.getSecondsToExhaustion()).isEqualTo(600.0);
        assertThat(inputs.get(1).deployment()).isEqualTo(samples().get(1).deployment());
        assertThat(inputs.get(2).command()).isEqualTo(samples().get(2).command());
        assertThat(concatenated(inputs)).isEqualTo(golden);
        assertThat(concatenated(samples())).isEqualTo(golden);
    }

    @Test
    void bytesWithoutTheirVersionByteAreRefusedNamingTheFormat() {
        assertThatThrownBy(() -> RemedyInput.fromBytes(new byte[] {0, 1}))
                .hasMessageContaining("not a remediation input");
        assertThatThrownBy(() -> RemedyInput.fromBytes(new byte[] {2, 7}))
                .hasMessageContaining("not a remediation input");
    }

    /** Writes the missing golden file only; runs only with -Dnumbat.golden.write=true (see {@link GoldenFiles}). */
    @Test
    @EnabledIfSystemProperty(named = GoldenFiles.WRITE_PROPERTY, matches = "true")
    void writesTheGoldenFile() {
        GoldenFiles.writeIfAbsent(FILE, concatenated(samples()));
    }
}
