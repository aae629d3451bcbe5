package io.numbat.processor.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.PolicyMode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FamilyLoadTest {

    @Test
    void keepsTheOperatorsModeAcrossTheStateStore() {
        FamilyLoad load = new FamilyLoad();
        load.update("web-1", 0.5, 1_000);
        load.mode(PolicyMode.PINNED, 4, 2_000);

        FamilyLoad read = FamilyLoad.fromBytes(load.toBytes());

        assertThat(read.mode()).isEqualTo(PolicyMode.PINNED);
        assertThat(read.pinnedNodes()).isEqualTo(4);
        assertThat(read.modeSinceMillis()).isEqualTo(2_000);
        assertThat(read.nodes()).containsKey("web-1");
    }

    @Test
    void readsStateWrittenBeforeModesExistedAsAutomatic() {
        FamilyLoad load = new FamilyLoad();
        load.update("web-1", 0.5, 1_000);
        load.scaledOutAt(500);
        byte[] current = load.toBytes();
        byte[] older = Arrays.copyOf(current, current.length - (1 + Integer.BYTES + Long.BYTES)); // no mode trailer

        FamilyLoad read = FamilyLoad.fromBytes(older);

        assertThat(read.mode()).isEqualTo(PolicyMode.AUTO);
        assertThat(read.lastScaleOutMillis()).isEqualTo(500);
        assertThat(read.nodes()).containsKey("web-1");
    }

    @Test
    void ignoresAModeOlderThanTheOneHeld() {
        FamilyLoad load = new FamilyLoad();
        load.mode(PolicyMode.PAUSED, 0, 2_000);
        load.mode(PolicyMode.AUTO, 0, 1_000);

        assertThat(load.mode()).isEqualTo(PolicyMode.PAUSED);
    }

    @Test
    void readsLoadSignalsWrittenBeforeKindsExisted() {
        byte[] forecast = LoadSignal.forecast("n", 3, 60, 5).toBytes();
        assertThat(LoadSignal.fromBytes(forecast).forecast()).isTrue();
        assertThat(LoadSignal.fromBytes(
                        LoadSignal.policyMode(PolicyMode.PINNED, 7, 9).toBytes()))
                .satisfies(s -> {
                    assertThat(s.mode()).isEqualTo(PolicyMode.PINNED);
                    assertThat((int) s.value()).isEqualTo(7);
                });
    }
}
