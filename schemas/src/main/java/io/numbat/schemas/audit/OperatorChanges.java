package io.numbat.schemas.audit;

import io.numbat.schemas.ChangeKind;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.Silence;
import java.time.Instant;
import java.util.UUID;

/**
 * The audit records of {@code numbat.operator-changes}, made the same way by every component that takes a change: a
 * new id, who, when, what (the kind and the record as written) and why, and which component took it.
 */
public final class OperatorChanges {
    private OperatorChanges() {}

    /** The record of a silence added or expired ({@code silence} as written), keyed by the silence's id. */
    public static OperatorChange ofSilence(
            ChangeKind kind, Silence silence, String who, String reason, long nowMillis, String via) {
        return OperatorChange.newBuilder()
                .setId(UUID.randomUUID().toString())
                .setTimestamp(Instant.ofEpochMilli(nowMillis))
                .setWho(who)
                .setKind(kind)
                .setSubject(silence.getId())
                .setReason(reason == null ? "" : reason)
                .setVia(via)
                .setSilence(silence)
                .setPolicy(null)
                .build();
    }

    /** The record of a family policy written (paused, resumed or pinned), keyed by the family. */
    public static OperatorChange ofPolicy(FamilyPolicy policy, String via) {
        ChangeKind kind = switch (policy.getMode()) {
            case PAUSED -> ChangeKind.AUTOSCALING_PAUSED;
            case PINNED -> ChangeKind.AUTOSCALING_PINNED;
            case AUTO -> ChangeKind.AUTOSCALING_RESUMED;
        };
        return OperatorChange.newBuilder()
                .setId(UUID.randomUUID().toString())
                .setTimestamp(policy.getTimestamp())
                .setWho(policy.getUser())
                .setKind(kind)
                .setSubject(policy.getFamily())
                .setReason(policy.getReason())
                .setVia(via)
                .setSilence(null)
                .setPolicy(policy)
                .build();
    }
}
