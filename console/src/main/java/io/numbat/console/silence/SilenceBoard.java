package io.numbat.console.silence;

import io.numbat.schemas.Alarm;
import io.numbat.schemas.FamilyPolicy;
import io.numbat.schemas.Silence;
import io.numbat.schemas.silence.SilenceBook;
import io.numbat.schemas.silence.SilenceRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the console knows of the operators' say over alarms and autoscaling: the latest version of each silence (from
 * the compacted {@code numbat.silences}) and each family's policy mode (from the compacted
 * {@code numbat.family-policies}). Lives on the console's context.
 */
public final class SilenceBoard {
    /** Where a silence stands at a given time. */
    public enum Status {
        PENDING,
        ACTIVE,
        EXPIRED
    }

    private final SilenceBook silences = new SilenceBook();
    private final Map<String, FamilyPolicy> policies = new TreeMap<>();

    /** A silence's latest version; a version that breaks the rules is left out (answers why). */
    public Optional<String> onSilence(Silence s) {
        return silences.put(s);
    }

    public void removeSilence(String id) {
        silences.remove(id);
    }

    public void onPolicy(FamilyPolicy p) {
        policies.put(p.getFamily(), p);
    }

    public void removePolicy(String family) {
        policies.remove(family);
    }

    public Optional<Silence> find(String id) {
        return silences.find(id);
    }

    /** Every silence, those ending last first. */
    public List<Silence> all() {
        return silences.all();
    }

    /** The silence covering {@code alarm} now, if any (the processor marks alarms at their own time). */
    public Optional<Silence> covering(Alarm alarm, long nowMillis) {
        return silences.covering(alarm, nowMillis);
    }

    public static Status status(Silence s, long nowMillis) {
        if (SilenceRules.overAt(s, nowMillis)) {
            return Status.EXPIRED;
        }
        return SilenceRules.activeAt(s, nowMillis) ? Status.ACTIVE : Status.PENDING;
    }

    /** Each family's latest policy, by family. */
    public Map<String, FamilyPolicy> policies() {
        return policies;
    }

    public int size() {
        return silences.size();
    }
}
