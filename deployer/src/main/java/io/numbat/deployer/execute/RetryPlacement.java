package io.numbat.deployer.execute;

import io.numbat.deployer.broker.Broker;
import io.numbat.deployer.broker.Load;
import io.numbat.deployer.broker.Plan;
import io.numbat.deployer.launch.RetryPlacer;
import io.numbat.deployer.provider.NodeSpec;
import io.numbat.deployer.state.DeploymentTracker;
import java.util.Set;

/** A retry's provider: the broker's best fit among the providers not tried yet, else among all of them. */
final class RetryPlacement implements RetryPlacer {
    private final Broker broker;
    private final DeploymentTracker tracker;

    RetryPlacement(Broker broker, DeploymentTracker tracker) {
        this.broker = broker;
        this.tracker = tracker;
    }

    @Override
    public Pick pick(NodeSpec spec, Set<String> tried) {
        Load load = tracker.loadWithout(spec.node());
        Plan fresh = broker.plan(spec.family(), 1, load, tried);
        if (!fresh.placements().isEmpty()) {
            return new Pick(
                    fresh.placements().get(0).provider(),
                    fresh.placements().get(0).reason());
        }
        Plan any = broker.plan(spec.family(), 1, load);
        if (!any.placements().isEmpty()) {
            return new Pick(
                    any.placements().get(0).provider(),
                    "no untried provider fits; " + any.placements().get(0).reason());
        }
        return Pick.none(any.explanation());
    }
}
