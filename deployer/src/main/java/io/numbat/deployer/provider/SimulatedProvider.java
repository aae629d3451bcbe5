package io.numbat.deployer.provider;

import io.vertx.core.Future;

/** Starts and stops nodes inside the agent's fleet simulator: for the demo and scale tests. */
public final class SimulatedProvider implements NodeProvider {
    private final String name;
    private final SimulatedNodes fleet;

    public SimulatedProvider(SimulatedNodes fleet) {
        this("simulated", fleet);
    }

    /** A simulated provider called {@code name} (its name in the deployer's configuration). */
    public SimulatedProvider(String name, SimulatedNodes fleet) {
        this.name = name;
        this.fleet = fleet;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Future<Void> start(NodeSpec spec) {
        return fleet.startLater(spec.node(), spec.family());
    }

    @Override
    public Future<Void> stop(String node) {
        return fleet.stopLater(node)
                .compose(wasRunning -> wasRunning
                        ? Future.succeededFuture()
                        : Future.failedFuture(new IllegalStateException("simulated node " + node + " is not running")));
    }
}
