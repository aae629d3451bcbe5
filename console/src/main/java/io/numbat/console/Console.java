package io.numbat.console;

import io.numbat.console.intake.Intake;
import io.numbat.console.intake.KafkaIntake;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running console: {@link #start(ConsoleConfig)} listens and reads Kafka, {@link #url()} is where
 * it listens, {@link #close()} stops it. What {@code ./numbat console} and {@code ./numbat demo} call.
 */
public final class Console implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 60;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final String deploymentId;
    private final ConsoleVerticle verticle;
    private final String host;

    private Console(Vertx vertx, boolean ownsVertx, String deploymentId, ConsoleVerticle verticle, String host) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.deploymentId = deploymentId;
        this.verticle = verticle;
        this.host = host;
    }

    /**
     * Starts a console on its own Vert.x instance, reading the cluster of {@code config}; blocks
     * until it listens and its consumers are assigned.
     *
     * @throws IllegalStateException if it cannot start (port in use, Kafka unreachable), with the reason
     */
    public static Console start(ConsoleConfig config) {
        Vertx vertx = Vertx.vertx();
        try {
            return start(vertx, true, config, new KafkaIntake(config.cluster(), config.registry()));
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** Starts a console on {@code vertx} (left open by {@link #close()}) with another intake (tests). */
    public static Console start(Vertx vertx, ConsoleConfig config, Intake intake) {
        return start(vertx, false, config, intake);
    }

    private static Console start(Vertx vertx, boolean owns, ConsoleConfig config, Intake intake) {
        ConsoleVerticle v = new ConsoleVerticle(config, intake);
        try {
            String id = vertx.deployVerticle(v)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Console(vertx, owns, id, v, config.host());
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot start the console on " + config.host() + ":" + config.port() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the console did not start within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the console", e);
        }
    }

    public int port() {
        return verticle.port();
    }

    /** {@code http://host:port}, e.g. for {@code console=URL}. */
    public URI url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port());
    }

    /** Stops the server and the consumers (and the Vert.x instance it created), waiting up to a minute. */
    @Override
    public void close() {
        try {
            vertx.undeploy(deploymentId)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (ownsVertx) {
                vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the console did not stop cleanly: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
