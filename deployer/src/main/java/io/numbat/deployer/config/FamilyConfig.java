package io.numbat.deployer.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A node family: what its nodes need ({@code profile}), what they run, how many of them may run
 * ({@code minNodes}..{@code maxNodes}), the Erlang cookie file ({@code null} for non-Erlang runs) and,
 * optionally, its own scale-in policy ({@code null}: the deployer's).
 */
public record FamilyConfig(
        String name,
        Profile profile,
        Run run,
        int minNodes,
        int maxNodes,
        String cookieFile,
        ScaleInPolicy scaleInPolicy) {

    /** A family that uses the deployer's scale-in policy. */
    public FamilyConfig(String name, Profile profile, Run run, int minNodes, int maxNodes, String cookieFile) {
        this(name, profile, run, minNodes, maxNodes, cookieFile, null);
    }

    public FamilyConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(run, "run");
        if (minNodes < 0 || maxNodes < minNodes) {
            throw new IllegalArgumentException(
                    "family " + name + ": need 0 <= minNodes <= maxNodes, was " + minNodes + ".." + maxNodes);
        }
    }

    /** The same family with another profile, e.g. the one a scaling decision carries. */
    public FamilyConfig withProfile(Profile other) {
        return new FamilyConfig(name, other, run, minNodes, maxNodes, cookieFile, scaleInPolicy);
    }

    /** The family's own scale-in policy, if it has one. */
    public Optional<ScaleInPolicy> scaleIn() {
        return Optional.ofNullable(scaleInPolicy);
    }
}
