package io.numbat.processor.remedy;

import io.numbat.schemas.Remediation;
import io.numbat.schemas.ScalingDecision;
import java.util.ArrayList;
import java.util.List;

/**
 * What one call of {@link FamilyRemediations} asks to publish, in order: the remediations' new states (for
 * {@code numbat.remediations}, keyed by their id), the deployer decisions (for {@code numbat.scaling-decisions},
 * keyed by family), the GC intents, and an error for a command that could not be applied (to report to whoever
 * sent it; the stream goes on).
 */
public final class RemedyOutput {
    private final List<Remediation> remediations = new ArrayList<>();
    private final List<ScalingDecision> decisions = new ArrayList<>();
    private final List<GcRequest> gcRequests = new ArrayList<>();
    private String error;

    void add(Remediation r) {
        remediations.add(r);
    }

    void add(ScalingDecision d) {
        decisions.add(d);
    }

    void add(GcRequest g) {
        gcRequests.add(g);
    }

    RemedyOutput error(String message) {
        this.error = message;
        return this;
    }

    public List<Remediation> remediations() {
        return remediations;
    }

    public List<ScalingDecision> decisions() {
        return decisions;
    }

    public List<GcRequest> gcRequests() {
        return gcRequests;
    }

    /** Why a command was not applied (unknown or expired id, not awaiting approval, ...), or null. */
    public String error() {
        return error;
    }

    public boolean isEmpty() {
        return remediations.isEmpty() && decisions.isEmpty() && gcRequests.isEmpty() && error == null;
    }
}
