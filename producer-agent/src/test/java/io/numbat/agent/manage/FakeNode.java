package io.numbat.agent.manage;

import io.numbat.schemas.ProcessDetail;
import io.numbat.schemas.ProcessQueue;
import io.numbat.schemas.TopKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A node with a few processes that records every kill and gc it carries out. */
final class FakeNode implements ManagedNode {
    final String node;
    final Set<String> pids;
    final List<String> carriedOut = new ArrayList<>();

    FakeNode(String node, String... pids) {
        this.node = node;
        this.pids = Set.of(pids);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public ProcessDetail processInfo(String pid) throws NodeCommandException {
        known(pid);
        return ProcessDetail.newBuilder()
                .setPid(pid)
                .setInitialCall("m:f/0")
                .setCurrentFunction("m:loop/0")
                .setStatus("waiting")
                .setMessageQueueLength(3)
                .setMemory(2_688)
                .setHeapSize(233)
                .setReductions(42)
                .setDictionarySize(0)
                .build();
    }

    @Override
    public TopNow top(int n, TopKey by) {
        return new TopNow(List.of(new ProcessQueue("p", "<0.1.0>", 0L, "m:f/0", 10L, 100L)), 1_000);
    }

    @Override
    public String gc(Optional<String> pid, boolean dryRun) throws NodeCommandException {
        if (pid.isPresent()) {
            known(pid.get());
        }
        if (!dryRun) {
            carriedOut.add("gc " + pid.orElse("node"));
        }
        return (dryRun ? "would gc " : "gc ") + pid.orElse("node");
    }

    @Override
    public String kill(String pid, String reason, boolean dryRun) throws NodeCommandException {
        known(pid);
        if (!dryRun) {
            carriedOut.add("kill " + pid);
        }
        return (dryRun ? "would kill " : "killed ") + pid;
    }

    private void known(String pid) throws NodeCommandException {
        if (!pids.contains(pid)) {
            throw new NodeCommandException("no process " + pid + " on " + node);
        }
    }
}
