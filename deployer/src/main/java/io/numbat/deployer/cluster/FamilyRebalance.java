package io.numbat.deployer.cluster;

import io.numbat.deployer.launch.LaunchSupervisor;
import io.numbat.deployer.state.DeploymentTracker.Unfinished;
import io.numbat.schemas.DeploymentState;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves families in and out of a deployer as its consumer group assigns and revokes partitions of
 * the decisions topic. Revoked: the families' launches are forgotten (their nodes keep starting; the
 * next owner resumes them) and this deployer's events are flushed before it lets go. Assigned: once
 * {@code numbat.deployments} has been read to its end (every event the previous owner wrote), the
 * families' unfinished launches are resumed as after a restart. Kafka calls it on the decisions
 * consumer's thread, between batches; the work runs on the deployer's executor (its event loop) and
 * is waited for. If {@code numbat.deployments} cannot be read to its end it throws, which stops the
 * decisions consumer: the group then hands the partitions to another deployer.
 */
public final class FamilyRebalance implements ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(FamilyRebalance.class);

    private final Handover handover;
    private final LaunchSupervisor launcher;
    private final Supplier<CompletableFuture<Void>> caughtUp;
    private final Runnable flush;
    private final Executor deployer;
    private Consumer<String> stopAgain = node -> {};

    /** Who asks a provider again to stop a node that was left STOPPING, once its family is taken over. */
    public FamilyRebalance withStopAgain(Consumer<String> stop) {
        this.stopAgain = stop;
        return this;
    }

    /**
     * @param caughtUp completes once the tracker has every event {@code numbat.deployments} holds now
     * @param flush    writes out every event published so far
     * @param deployer the thread that owns the tracker and the launcher
     */
    public FamilyRebalance(
            Handover handover,
            LaunchSupervisor launcher,
            Supplier<CompletableFuture<Void>> caughtUp,
            Runnable flush,
            Executor deployer) {
        this.handover = handover;
        this.launcher = launcher;
        this.caughtUp = caughtUp;
        this.flush = flush;
        this.deployer = deployer;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        if (revoked.isEmpty()) {
            return;
        }
        List<Integer> ids = ids(revoked);
        onDeployer(() -> {
            handover.handOver(ids).forEach(launcher::forget);
            LOG.info(
                    "decision partitions {} revoked: no longer acting for their families; now own {}",
                    ids,
                    handover.ownership());
        });
        flush.run(); // the next owner reads everything this deployer did for them
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        List<Integer> ids = ids(assigned);
        long t0 = System.nanoTime();
        try {
            caughtUp.get().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            // acting without every event of the previous owner could launch its nodes twice: fail the
            // decisions consumer instead, so that the group hands these partitions to another deployer
            throw new IllegalStateException(
                    "decision partitions " + ids + " assigned but numbat.deployments could not be "
                            + "read to its end; not taking over their families",
                    e.getCause());
        }
        onDeployer(() -> {
            List<Unfinished> unfinished = handover.takeOver(ids, launcher::launching);
            LOG.info(
                    "decision partitions {} assigned: acting for their families ({}); {} launches under way resumed "
                            + "({} ms to catch up on numbat.deployments)",
                    ids,
                    handover.ownership(),
                    unfinished.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            resume(launcher, unfinished);
            List<String> stopping = handover.unfinishedStops(ids);
            if (!stopping.isEmpty()) {
                LOG.info("{} nodes were left STOPPING: asking their providers again", stopping.size());
                stopping.forEach(stopAgain);
            }
        });
    }

    /** Resumes launches that another deployer (or this one before a restart) left under way. */
    static void resume(LaunchSupervisor launcher, List<Unfinished> unfinished) {
        for (Unfinished u : unfinished) {
            if (u.state() == DeploymentState.STARTING) {
                launcher.resume(u.spec(), u.provider()); // asked again, no second STARTING
            } else {
                launcher.launch(u.spec(), u.provider()); // still queued: first come, first served
            }
        }
    }

    private static List<Integer> ids(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }

    private void onDeployer(Runnable action) {
        try {
            CompletableFuture.runAsync(action, deployer).join();
        } catch (CompletionException e) {
            LOG.error("handling a rebalance failed", e.getCause());
        }
    }
}
