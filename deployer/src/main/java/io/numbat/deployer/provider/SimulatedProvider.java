package io.numbat.deployer.provider;

import io.vertx.core.Future;

/** Starts and stops nodes inside the agent's fleet simulator: for the demo and scale tests. */
public final class SimulatedProvider implements NodeProvider {
    private final SimulatedNodes fleet;

    public SimulatedProvider(SimulatedNodes fleet) {
        this.fleet = fleet;
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public Future<Void> start(NodeSpec spec) {
        try {
            fleet.start(spec.node(), spec.family());
            return Future.succeededFuture();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<Void> stop(String node) {
        return fleet.stop(node) ? Future.succeededFuture()
                : Future.failedFuture(new IllegalStateException("simulated node " + node + " is not running"));
    }
}
