package io.numbat.processor.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.processor.scaling.FamilyLoad;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StateFormatTest {
    @Test
    void theFirstBytesOfTheUnversionedLayoutsReadAsVersion1() {
        byte[] smallLength = ByteBuffer.allocate(8).putInt(3).array();
        byte[] epochMillis = ByteBuffer.allocate(8).putLong(1_700_000_000_000L).array();
        byte[] neverSet = ByteBuffer.allocate(8).putLong(Long.MIN_VALUE).array();
        byte[] negative = ByteBuffer.allocate(8).putLong(-1).array();
        for (byte[] legacy : new byte[][] {smallLength, epochMillis, neverSet, negative, new byte[0]}) {
            assertThat(StateFormat.versionOf(legacy)).isEqualTo(1);
            assertThat(StateFormat.bodyOffset(legacy)).isZero();
        }
    }

    @Test
    void aLeadingVersionByteIsReadAndSkipped() {
        byte[] v2 = {StateFormat.V2, 0, 0, 0, 3};
        assertThat(StateFormat.versionOf(v2)).isEqualTo(2);
        assertThat(StateFormat.bodyOffset(v2)).isEqualTo(1);
        byte[] v3 = {StateFormat.V3, 0, 0, 0, 3};
        assertThat(StateFormat.versionOf(v3)).isEqualTo(3);
        assertThat(StateFormat.bodyOffset(v3)).isEqualTo(1);
        byte[] v4 = {StateFormat.V4, 0, 0, 0, 3};
        assertThat(StateFormat.versionOf(v4)).isEqualTo(4);
        assertThat(StateFormat.bodyOffset(v4)).isEqualTo(1);
    }

    @Test
    void aFamilyThatNeverScaledRoundTripsThroughBothLayouts() {
        FamilyLoad never = new FamilyLoad();
        never.update("web-1", 0.5, 1_700_000_000_000L);
        byte[] today = never.toBytes();
        assertThat(today[0]).isEqualTo(StateFormat.V2);
        byte[] unversioned = Arrays.copyOfRange(today, 1, today.length);
        assertThat(unversioned[0]).as("Long.MIN_VALUE, never scaled out").isEqualTo((byte) 0x80);
        assertThat(FamilyLoad.fromBytes(unversioned).toBytes()).isEqualTo(today);
        assertThat(FamilyLoad.fromBytes(today).lastScaleOutMillis()).isEqualTo(Long.MIN_VALUE);
    }
}
