package io.numbat.processor.remedy;

import io.numbat.schemas.MetricId;
import io.numbat.schemas.Playbook;
import io.numbat.schemas.RemediationMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How remediations are chosen and bounded: a default {@link Policy} (mode and playbook) with overrides per cause
 * (the metric's name, e.g. {@code atom_count}, or the alarm type when it has no metric), per family and per
 * family and cause; and default {@link Limits} (rate limits, family bounds, timings) with overrides per family.
 * Immutable; the constructor checks every value.
 *
 * @param policy the default mode and playbooks per cause
 * @param policies overrides keyed {@code family/cause}, {@code family} or {@code cause}, most specific first, each
 *     field of a {@link Policy} on its own (a null field falls through to the next)
 * @param limits the default limits
 * @param familyLimits limits of single families, keyed by family
 */
public record RemediationSettings(
        Policy policy, Map<String, Policy> policies, Limits limits, Map<String, Limits> familyLimits) {

    /**
     * A mode and a playbook; either may be null in an override (not set there). A resolved playbook of null means
     * the cause is not remediated at all.
     */
    public record Policy(RemediationMode mode, Playbook playbook) {}

    /**
     * One family's limits.
     *
     * @param maxInProgress K: remediations executing at once
     * @param maxPerHour M: remediations started in any hour
     * @param minNodes a restart never leaves fewer RUNNING nodes than this
     * @param maxNodes a replacement never makes the family larger than this; at this size the playbook is RESTART
     * @param approvalExpiry a proposal not approved within this expires
     * @param launchTimeout a replacement not RUNNING within this fails the remediation
     * @param drain the deployer's drain period before it stops a node
     * @param stopTimeout how long a stop may take after the drain
     * @param gcTime what a garbage collection is given
     * @param safetyMargin what must be left before the forecast limit after the playbook's time
     * @param keepFinished how long a finished remediation is remembered (a redelivered alarm then opens nothing)
     * @param maxAttempts remediations of one forecast: after a REPLACE whose replacement failed (the node still
     *     serving), another is opened while fewer than this were
     */
    public record Limits(
            int maxInProgress,
            int maxPerHour,
            int minNodes,
            int maxNodes,
            Duration approvalExpiry,
            Duration launchTimeout,
            Duration drain,
            Duration stopTimeout,
            Duration gcTime,
            Duration safetyMargin,
            Duration keepFinished,
            int maxAttempts) {
        public Limits {
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new IllegalArgumentException("maxAttempts must be 1 to 100, was " + maxAttempts);
            }
            if (maxInProgress < 1 || maxPerHour < 1) {
                throw new IllegalArgumentException(
                        "maxInProgress and maxPerHour must be >= 1, were " + maxInProgress + " and " + maxPerHour);
            }
            if (minNodes < 0 || maxNodes < Math.max(1, minNodes)) {
                throw new IllegalArgumentException("need 0 <= minNodes <= maxNodes and maxNodes >= 1, were minNodes "
                        + minNodes + ", maxNodes " + maxNodes);
            }
            for (Duration d : new Duration[] {
                approvalExpiry, launchTimeout, drain, stopTimeout, gcTime, safetyMargin, keepFinished
            }) {
                if (d == null || d.isNegative()) {
                    throw new IllegalArgumentException("remediation durations must be >= 0, one was " + d);
                }
            }
        }

        /** What a replacement (or a restart) needs: the launch time-out, the drain and the stop. */
        public Duration replacementTime() {
            return launchTimeout.plus(drain).plus(stopTimeout);
        }

        /** The time {@code playbook} needs before the limit, without the margin. */
        public Duration needs(Playbook playbook) {
            return playbook == Playbook.GC ? gcTime : replacementTime();
        }

        /**
         * K 1, M 6 per hour, 1 to unbounded nodes, proposals expire after 10 min; a replacement needs 180 s (launch
         * 120 s, drain 30 s, stop 30 s) plus a margin of 15 s; gc 10 s; finished remediations remembered 1 h; a failed replacement is tried once more (2 attempts).
         */
        public static Limits defaults() {
            return new Limits(
                    1,
                    6,
                    1,
                    Integer.MAX_VALUE,
                    Duration.ofMinutes(10),
                    Duration.ofSeconds(120),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(15),
                    Duration.ofHours(1),
                    2);
        }
    }

    public RemediationSettings {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(limits, "limits");
        if (policy.mode() == null) {
            throw new IllegalArgumentException("the default remediation policy needs a mode");
        }
        policies = Map.copyOf(policies);
        familyLimits = Map.copyOf(familyLimits);
    }

    /** The causes remediated by default: the leaks a replacement cures (processes, atoms, ETS tables, memory). */
    public static Map<String, Policy> defaultCauses() {
        Map<String, Policy> m = new HashMap<>();
        for (MetricId id :
                new MetricId[] {MetricId.PROCESS_COUNT, MetricId.ATOM_COUNT, MetricId.ETS_COUNT, MetricId.MEMORY_TOTAL
                }) {
            m.put(id.metricName(), new Policy(null, Playbook.REPLACE));
        }
        return m;
    }

    /** Mode {@code mode}; REPLACE for process, atom, ETS and memory exhaustion, nothing else; default limits. */
    public static RemediationSettings defaults(RemediationMode mode) {
        return new RemediationSettings(new Policy(mode, null), defaultCauses(), Limits.defaults(), Map.of());
    }

    /** {@link #defaults(RemediationMode)} in mode APPROVE: nothing is done without an operator. */
    public static RemediationSettings defaults() {
        return defaults(RemediationMode.APPROVE);
    }

    /** These settings with {@code p} as the override for {@code key} ({@code family/cause}, family or cause). */
    public RemediationSettings withPolicy(String key, Policy p) {
        Map<String, Policy> m = new HashMap<>(policies);
        m.put(key, p);
        return new RemediationSettings(policy, m, limits, familyLimits);
    }

    /**
     * These settings with every cause of {@code family} in mode NOTIFY (its playbooks kept): proposals only, nothing
     * launched or stopped. For a family in mode monitor (docs/processor-config.md).
     */
    public RemediationSettings notifyOnly(String family) {
        Map<String, Policy> m = new HashMap<>(policies);
        Policy own = policies.get(family);
        m.put(family, new Policy(RemediationMode.NOTIFY, own == null ? null : own.playbook()));
        String prefix = family + "/";
        policies.forEach((key, p) -> {
            if (key.startsWith(prefix) && p.mode() != null) {
                m.put(key, new Policy(RemediationMode.NOTIFY, p.playbook()));
            }
        });
        return new RemediationSettings(policy, m, limits, familyLimits);
    }

    /** These settings with {@code l} as the limits of {@code family}. */
    public RemediationSettings withLimits(String family, Limits l) {
        Map<String, Limits> m = new HashMap<>(familyLimits);
        m.put(family, l);
        return new RemediationSettings(policy, policies, limits, m);
    }

    /** These settings with {@code l} as the default limits. */
    public RemediationSettings withDefaultLimits(Limits l) {
        return new RemediationSettings(policy, policies, l, familyLimits);
    }

    /** The limits of {@code family}. */
    public Limits limits(String family) {
        return familyLimits.getOrDefault(family, limits);
    }

    /** The mode for {@code cause} in {@code family}: {@code family/cause}, then family, then cause, then default. */
    public RemediationMode mode(String family, String cause) {
        for (Policy p : chain(family, cause)) {
            if (p != null && p.mode() != null) {
                return p.mode();
            }
        }
        return policy.mode();
    }

    /** The playbook for {@code cause} in {@code family}, same order as the mode; null: the cause is not remediated. */
    public Playbook playbook(String family, String cause) {
        for (Policy p : chain(family, cause)) {
            if (p != null && p.playbook() != null) {
                return p.playbook();
            }
        }
        return policy.playbook();
    }

    private Policy[] chain(String family, String cause) {
        return new Policy[] {policies.get(family + "/" + cause), policies.get(family), policies.get(cause)};
    }
}
