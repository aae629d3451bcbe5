package io.numbat.schemas.manage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numbat.schemas.ActionKind;
import io.numbat.schemas.OperatorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActionSignatureTest {
    private static final byte[] TOKEN = "operator-secret".getBytes(StandardCharsets.UTF_8);

    static OperatorAction action() {
        return OperatorAction.newBuilder()
                .setRequestId("r-1")
                .setWho("alice")
                .setTimestamp(Instant.ofEpochMilli(1_000))
                .setNode("web-1@sim")
                .setPid("<0.4711.0>")
                .setAction(ActionKind.KILL)
                .setReason("runaway report")
                .setDryRun(false)
                .setDeadline(Instant.ofEpochMilli(31_000))
                .build();
    }

    @Test
    void aSignedActionVerifiesWithTheSameToken() {
        OperatorAction signed = ActionSignature.signed(action(), TOKEN);
        assertThat(signed.getSignature()).hasSize(64);
        assertThat(ActionSignature.verify(signed, TOKEN)).isTrue();
    }

    @Test
    void anotherTokenOrAMissingOrGarbledSignatureIsRefused() {
        OperatorAction signed = ActionSignature.signed(action(), TOKEN);
        assertThat(ActionSignature.verify(signed, "other".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(ActionSignature.verify(action(), TOKEN)).isFalse();
        OperatorAction garbled = OperatorAction.newBuilder(signed)
                .setSignature("zz" + signed.getSignature().substring(2))
                .build();
        assertThat(ActionSignature.verify(garbled, TOKEN)).isFalse();
    }

    @Test
    void changingAnySignedFieldBreaksTheSignature() {
        OperatorAction signed = ActionSignature.signed(action(), TOKEN);
        OperatorAction.Builder[] changed = {
            OperatorAction.newBuilder(signed).setRequestId("r-2"),
            OperatorAction.newBuilder(signed).setWho("mallory"),
            OperatorAction.newBuilder(signed).setTimestamp(Instant.ofEpochMilli(1_001)),
            OperatorAction.newBuilder(signed).setNode("web-2@sim"),
            OperatorAction.newBuilder(signed).setPid("<0.4712.0>"),
            OperatorAction.newBuilder(signed).setPid(null),
            OperatorAction.newBuilder(signed).setAction(ActionKind.GC),
            OperatorAction.newBuilder(signed).setReason("runaway report!"),
            OperatorAction.newBuilder(signed).setDryRun(true),
            OperatorAction.newBuilder(signed).setDeadline(Instant.ofEpochMilli(99_000)),
        };
        for (OperatorAction.Builder b : changed) {
            assertThat(ActionSignature.verify(b.build(), TOKEN))
                    .as(b.build().toString())
                    .isFalse();
        }
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        OperatorAction a = OperatorAction.newBuilder(action())
                .setWho("al")
                .setReason("ice")
                .build();
        OperatorAction b = OperatorAction.newBuilder(action())
                .setWho("ali")
                .setReason("ce")
                .build();
        assertThat(ActionSignature.canonical(a)).isNotEqualTo(ActionSignature.canonical(b));
    }

    @Test
    void anEmptyTokenIsAnError() {
        assertThatThrownBy(() -> ActionSignature.sign(action(), new byte[0])).hasMessageContaining("empty");
    }
}
