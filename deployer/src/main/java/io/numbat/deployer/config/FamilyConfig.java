package io.numbat.deployer.config;

import java.util.Objects;

/**
 * A node family: what its nodes need ({@code profile}), what they run, how many of them may run
 * ({@code minNodes}..{@code maxNodes}) and the Erlang cookie file ({@code null} for non-Erlang runs).
 */
public record FamilyConfig(String name, Profile profile, Run run, int minNodes, int maxNodes, String cookieFile) {

    public FamilyConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(run, "run");
        if (minNodes < 0 || maxNodes < minNodes) {
            throw new IllegalArgumentException("family " + name + ": need 0 <= minNodes <= maxNodes, was "
                    + minNodes + ".." + maxNodes);
        }
    }

    /** The same family with another profile, e.g. the one a scaling decision carries. */
    public FamilyConfig withProfile(Profile other) {
        return new FamilyConfig(name, other, run, minNodes, maxNodes, cookieFile);
    }
}
