package io.numbat.deployer.launch;

import io.numbat.deployer.provider.NodeProvider;
import io.numbat.deployer.provider.NodeSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/** A provider whose starts succeed, fail or hang, as the test says; it records every call. */
public final class FakeProvider implements NodeProvider {
    public enum Behaviour {
        SUCCEED,
        FAIL,
        HANG
    }

    private final String name;
    private final Behaviour behaviour;
    /** The nodes asked to start and to stop, in order. */
    public final List<String> started = new ArrayList<>();

    public final List<String> stopped = new ArrayList<>();
    /** The starts that hang, to complete by hand. */
    public final List<Promise<Void>> hanging = new ArrayList<>();

    public FakeProvider(String name, Behaviour behaviour) {
        this.name = name;
        this.behaviour = behaviour;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Future<Void> start(NodeSpec spec) {
        started.add(spec.node());
        return switch (behaviour) {
            case SUCCEED -> Future.succeededFuture();
            case FAIL -> Future.failedFuture(new IllegalStateException(name + " is out of disk"));
            case HANG -> {
                Promise<Void> p = Promise.promise();
                hanging.add(p);
                yield p.future();
            }
        };
    }

    @Override
    public Future<Void> stop(String node) {
        stopped.add(node);
        return Future.succeededFuture();
    }
}
