package io.numbat.deployer.provider;

import io.numbat.schemas.CapabilityProfile;

/** What a provider is asked to start: a named node of a family, and the decision it serves. */
public record NodeSpec(String node, String family, String decisionId, CapabilityProfile profile) {}
