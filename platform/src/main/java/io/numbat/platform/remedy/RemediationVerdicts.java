package io.numbat.platform.remedy;

import io.numbat.schemas.Remediation;
import io.numbat.schemas.RemediationCommand;
import io.numbat.schemas.RemediationMode;
import io.numbat.schemas.RemediationState;
import io.numbat.schemas.RemediationVerdict;
import io.numbat.schemas.util.Printable;
import java.time.Instant;
import java.util.Map;

/**
 * What {@code numbat remediation approve|reject} checks before it sends anything: the id must name a remediation on
 * {@code numbat.remediations} whose latest state is PROPOSED (and, for an approval, not a notification); then the
 * command to send (keyed by the remediation's family) and whether the state that follows is the one asked for.
 */
public final class RemediationVerdicts {
    private RemediationVerdicts() {}

    /** The remediation {@code id} names, waiting for {@code verdict}; else an error saying why not. */
    public static Remediation waiting(Map<String, Remediation> latest, String id, RemediationVerdict verdict) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("give the remediation's id (numbat remediation list shows them)");
        }
        Remediation r = latest.get(id);
        if (r == null) {
            throw new IllegalArgumentException("unknown remediation '" + Printable.escape(id)
                    + "': not on numbat.remediations (numbat remediation list shows the ids; finished ones are kept "
                    + "an hour)");
        }
        if (r.getState() != RemediationState.PROPOSED) {
            throw new IllegalArgumentException("remediation " + Printable.escape(id) + " is " + r.getState()
                    + (r.getWho() == null ? "" : " (by " + Printable.escape(r.getWho()) + ")")
                    + ", not waiting for a verdict: " + Printable.escape(r.getReason()));
        }
        if (verdict == RemediationVerdict.APPROVE && r.getMode() == RemediationMode.NOTIFY) {
            throw new IllegalArgumentException("remediation " + Printable.escape(id)
                    + " is a notification (mode NOTIFY): it cannot be approved, only rejected");
        }
        return r;
    }

    /** The command for {@code r}, to be written keyed by its family. */
    public static RemediationCommand command(
            Remediation r, RemediationVerdict verdict, String who, String reason, Instant now) {
        return RemediationCommand.newBuilder()
                .setRemediationId(r.getId())
                .setFamily(r.getFamily())
                .setVerdict(verdict)
                .setWho(who == null || who.isBlank() ? "operator" : who)
                .setReason(reason == null || reason.isBlank() ? null : reason)
                .setTimestamp(now)
                .build();
    }

    /** Whether {@code next}, the state after the verdict, is what the verdict asked for. */
    public static boolean applied(RemediationVerdict verdict, RemediationState next) {
        return verdict == RemediationVerdict.REJECT
                ? next == RemediationState.REJECTED
                : next == RemediationState.APPROVED
                        || next == RemediationState.EXECUTING
                        || next == RemediationState.DONE;
    }
}
