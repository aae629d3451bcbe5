package io.numbat.console.api;

import static io.numbat.console.Fixtures.anomalyScores;
import static io.numbat.console.Fixtures.batch;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.ConsoleTestSupport;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /api/nodes/{node}/anomaly}: the node's anomaly scores per minute and metric, and the alarm threshold. */
@ExtendWith(VertxExtension.class)
class AnomalyApiTest {
    private static final String NODE = "web-1@sim";

    private ConsoleTestSupport c;
    private long first;

    @BeforeEach
    void start(Vertx vertx) {
        c = new ConsoleTestSupport(vertx);
        long now = System.currentTimeMillis();
        first = Math.floorDiv(now, 60_000L) * 60_000L - 30 * 60_000L;
        c.intake.feedAndWait(s -> {
            s.metrics(batch(NODE, "web", now - 1_000, 0.5, 1_000));
            s.metrics(batch("quiet@sim", "web", now - 1_000, 0.5, 1_000));
            for (int i = 0; i < 30; i++) { // half an hour, quiet but for minute 20
                s.anomalyScores(anomalyScores(NODE, "web", first + i * 60_000L, i == 20 ? 0.97 : 0.2, 0.9));
            }
        });
    }

    @AfterEach
    void stop() {
        c.close();
    }

    private JsonObject getJson(String path, int status) {
        HttpResponse<Buffer> r = c.send(c.get(path));
        assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isEqualTo(status);
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        return r.bodyAsJsonObject();
    }

    @Test
    void listsEachMinutesHighestScoreAndMetricsWithTheProcessorsThreshold() {
        JsonObject a = getJson("/api/nodes/" + NODE + "/anomaly", 200);
        assertThat(a.getString("node")).isEqualTo(NODE);
        assertThat(a.getString("family")).isEqualTo("web");
        assertThat(a.getDouble("threshold"))
                .as("the threshold the records carry")
                .isEqualTo(0.9);
        assertThat(a.getInteger("windowSeconds")).isEqualTo(60);
        JsonArray minutes = a.getJsonArray("minutes");
        assertThat(minutes).hasSize(30);
        JsonObject spike = minutes.getJsonObject(20);
        assertThat(spike.getLong("windowStart")).isEqualTo(first + 20 * 60_000L);
        assertThat(spike.getLong("windowEnd")).isEqualTo(first + 21 * 60_000L);
        assertThat(spike.getDouble("max")).isEqualTo(0.97);
        assertThat(spike.getString("metric")).isEqualTo("scheduler_utilisation");
        assertThat(spike.getJsonArray("scores"))
                .hasSize(2)
                .anySatisfy(o -> assertThat((JsonObject) o)
                        .isEqualTo(new JsonObject()
                                .put("metric", "process_count")
                                .put("max", 0.1)
                                .put("last", 0.05)
                                .put("samples", 6)));
        JsonArray metrics = a.getJsonArray("metrics");
        assertThat(metrics.getJsonObject(0))
                .as("the metrics by their highest score of the range")
                .isEqualTo(new JsonObject()
                        .put("metric", "scheduler_utilisation")
                        .put("max", 0.97)
                        .put("at", first + 20 * 60_000L)
                        .put("last", 0.02));
        assertThat(metrics.getJsonObject(1).getString("metric")).isEqualTo("process_count");
    }

    @Test
    void minutesNarrowsTheRangeToTheNewestMinutes() {
        JsonObject a = getJson("/api/nodes/" + NODE + "/anomaly?minutes=5", 200);
        JsonArray minutes = a.getJsonArray("minutes");
        assertThat(minutes).hasSize(5);
        assertThat(minutes.getJsonObject(0).getLong("windowStart")).isEqualTo(first + 25 * 60_000L);
        assertThat(a.getJsonArray("metrics").getJsonObject(0).getDouble("max"))
                .as("the spike of minute 20 is outside the range")
                .isEqualTo(0.2);
    }

    @Test
    void aNodeWithoutScoresHasNoMinutesAndTheDefaultThreshold() {
        JsonObject a = getJson("/api/nodes/quiet@sim/anomaly", 200);
        assertThat(a.getJsonArray("minutes")).isEmpty();
        assertThat(a.getJsonArray("metrics")).isEmpty();
        assertThat(a.getDouble("threshold")).isEqualTo(0.95);
    }

    @Test
    void anUnknownNodeIs404AndABadRangeIs400() {
        assertThat(getJson("/api/nodes/nobody@nowhere/anomaly", 404).getString("error"))
                .contains("no node 'nobody@nowhere'");
        assertThat(getJson("/api/nodes/" + NODE + "/anomaly?minutes=0", 400).getString("error"))
                .contains("minutes must be between 1 and 60");
        assertThat(getJson("/api/nodes/" + NODE + "/anomaly?minutes=lots", 400).getString("error"))
                .contains("minutes must be an integer");
    }

    @Test
    void theNodesScoresMakeItKnownAndItsPageStillAnswers() {
        c.intake.feedAndWait(s -> s.anomalyScores(anomalyScores("db-1@sim", "db", first, 0.3, null)));
        JsonObject a = getJson("/api/nodes/db-1@sim/anomaly", 200);
        assertThat(a.getJsonArray("minutes")).hasSize(1);
        assertThat(a.getDouble("threshold"))
                .as("records without a threshold: the default")
                .isEqualTo(0.95);
        assertThat(getJson("/api/nodes/" + NODE, 200).getString("node")).isEqualTo(NODE);
    }
}
