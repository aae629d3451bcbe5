package io.numbat.deployer.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Utils;

/**
 * Which families this deployer acts for. Decisions are keyed by family, so the default partitioner
 * sends all of a family's decisions to one partition of {@code numbat.scaling-decisions}; the
 * deployer that the consumer group assigns that partition owns the family: it alone launches, marks
 * RUNNING, retries, stops and publishes for the family's nodes. The others only follow its events.
 * Plain Java, not thread-safe: the verticle owns it.
 */
public final class Ownership {
    private final int partitions;
    private final Set<Integer> owned = new TreeSet<>();

    /** @param partitions how many partitions the decisions topic has */
    public Ownership(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic has at least one partition, not " + partitions);
        }
        this.partitions = partitions;
    }

    /** The partition the default partitioner gives a record keyed {@code family}: murmur2 of the key's UTF-8 bytes. */
    public static int partitionOf(String family, int partitions) {
        return Utils.toPositive(Utils.murmur2(family.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The partition of {@code family}'s decisions. */
    public int partitionOf(String family) {
        return partitionOf(family, partitions);
    }

    /** Whether this deployer acts for {@code family} now. */
    public boolean owns(String family) {
        return owned.contains(partitionOf(family));
    }

    /** Whether {@code family}'s decisions are on one of {@code partitionSet}. */
    public boolean isIn(String family, Collection<Integer> partitionSet) {
        return partitionSet.contains(partitionOf(family));
    }

    /** The group assigned these partitions to this deployer (on top of those it had). */
    public void assign(Collection<Integer> assigned) {
        owned.addAll(assigned);
    }

    /** The group took these partitions away (or this deployer lost them). */
    public void revoke(Collection<Integer> revoked) {
        owned.removeAll(revoked);
    }

    /** The partitions owned now, in order. */
    public Set<Integer> owned() {
        return Set.copyOf(owned);
    }

    @Override
    public String toString() {
        return "partitions " + owned + " of " + partitions;
    }
}
