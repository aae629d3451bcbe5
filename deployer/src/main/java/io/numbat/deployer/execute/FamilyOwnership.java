package io.numbat.deployer.execute;

/**
 * Whether this deployer acts for a family now: it owns the family's partition of the decisions topic
 * in the deployers' consumer group. The others only follow the owner's events.
 */
@FunctionalInterface
public interface FamilyOwnership {
    boolean owns(String family);
}
