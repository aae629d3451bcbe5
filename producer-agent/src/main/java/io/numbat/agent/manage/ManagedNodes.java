package io.numbat.agent.manage;

import java.util.Optional;

/** The nodes one agent watches: it answers commands for these and ignores the others (another agent owns them). */
@FunctionalInterface
public interface ManagedNodes {
    Optional<ManagedNode> find(String node);
}
