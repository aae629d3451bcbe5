package io.numbat.console;

import io.numbat.console.api.Api;
import io.numbat.console.api.ApiError;
import io.numbat.console.api.FleetJson;
import io.numbat.console.api.ViewJson;
import io.numbat.console.deploy.HttpDeployerClient;
import io.numbat.console.intake.Intake;
import io.numbat.console.metrics.ConsoleMetrics;
import io.numbat.console.sse.SseHub;
import io.numbat.console.view.AlarmEntry;
import io.numbat.console.view.AlarmList;
import io.numbat.console.view.FleetView;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server and live view on one Vert.x context: records arrive from an
 * {@link Intake} (Kafka, or a test feed), the REST API, SSE and {@code /metrics} read the view.
 */
public final class ConsoleVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleVerticle.class);
    static final int SNAPSHOT_ALARMS = 500;

    private final ConsoleConfig config;
    private final Intake intake;
    private final LongSupplier clock;
    private final LiveView view;
    private SseHub hub;
    private ConsoleMetrics metrics;
    private HttpServer server;
    private HttpDeployerClient deployer;

    public ConsoleVerticle(ConsoleConfig config, Intake intake) {
        this(config, intake, System::currentTimeMillis);
    }

    ConsoleVerticle(ConsoleConfig config, Intake intake, LongSupplier clock) {
        this.config = config;
        this.intake = intake;
        this.clock = clock;
        this.view = new LiveView(FleetView.withDefaults(), new AlarmList(50_000), clock);
    }

    @Override
    public Future<?> start() {
        hub = new SseHub(
                vertx,
                config.sseMessagesPerSecond(),
                this::snapshot,
                () -> FleetJson.summary(view, clock.getAsLong()).encode());
        view.onAlarmChange((change, entry) ->
                hub.publish("alarm:" + entry.alarm().getId(), "alarm", alarmMessage(change.label(), entry)));
        metrics = new ConsoleMetrics(view, hub);
        deployer = config.deployerUrl()
                .map(u -> new HttpDeployerClient(vertx, u, config.deployerToken()))
                .orElse(null);
        return vertx.createHttpServer(
                        new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                .invalidRequestHandler(ApiError::invalidRequest)
                .requestHandler(
                        Api.router(vertx, config, view, intake, hub, metrics, Optional.ofNullable(deployer), clock))
                .listen()
                .compose(s -> {
                    server = s;
                    return intake.start(context, view);
                })
                .onSuccess(v -> LOG.info("console listening on http://{}:{}", config.host(), server.actualPort()))
                .recover(e -> stop().transform(ignored -> Future.failedFuture(e)));
    }

    private static String alarmMessage(String change, AlarmEntry e) {
        return new JsonObject()
                .put("change", change)
                .put("alarm", ViewJson.alarm(e))
                .encode();
    }

    private String snapshot() {
        long now = clock.getAsLong();
        List<AlarmEntry> alarms = view.alarms().list(null, null, null);
        JsonArray live = new JsonArray();
        alarms.stream().limit(SNAPSHOT_ALARMS).forEach(e -> live.add(ViewJson.alarm(e)));
        return new JsonObject()
                .put("fleet", FleetJson.summary(view, now))
                .put("alarms", live)
                .put("alarmsTotal", alarms.size())
                .encode();
    }

    /** The port the server listens on (after start). */
    public int port() {
        return server.actualPort();
    }

    /** The live view; touch it only on this verticle's context. */
    LiveView view() {
        return view;
    }

    @Override
    public Future<?> stop() {
        if (hub != null) {
            hub.close();
        }
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.eventually(intake::stop).eventually(() -> {
            if (metrics != null) {
                metrics.close();
            }
            if (deployer != null) {
                deployer.close();
            }
            return Future.succeededFuture();
        });
    }
}
