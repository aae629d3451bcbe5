package io.numbat.agent.fleet;

/**
 * A simulated node family: how many nodes it starts with and how much work it carries in total.
 *
 * @param name family name
 * @param initialNodes nodes started with the fleet
 * @param demand total load of the family in node-equivalents: with {@code n} nodes up each one
 *     runs at about {@code demand / n} scheduler utilisation, so adding nodes relieves the others
 */
public record FamilySpec(String name, int initialNodes, double demand) {
    public FamilySpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("family name must not be blank");
        }
        if (initialNodes < 0) {
            throw new IllegalArgumentException("family " + name + ": initialNodes must be >= 0, was " + initialNodes);
        }
        if (!(demand >= 0)) {
            throw new IllegalArgumentException("family " + name + ": demand must be >= 0, was " + demand);
        }
    }
}
