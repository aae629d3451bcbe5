package io.numbat.agent.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.numbat.schemas.MetricBatch;
import io.numbat.schemas.MetricId;
import io.numbat.schemas.NodeEvent;
import io.numbat.schemas.NodeEventType;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scraping over real HTTP (the JDK's server): a good endpoint keeps being scraped while one serves garbage and one
 * cannot be reached; each bad one gets one DOWN and one log line despite the retries, and comes UP once it serves
 * the format.
 */
class ScraperTest {
    private static final String PAGE = """
            # TYPE erlang_vm_process_count gauge
            erlang_vm_process_count 51
            erlang_vm_process_limit 262144
            erlang_vm_memory_bytes_total{kind="system"} 700
            erlang_vm_memory_bytes_total{kind="processes"} 300
            """;
    private final List<MetricBatch> batches = new CopyOnWriteArrayList<>();
    private final List<NodeEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> garbage = new AtomicReference<>("<html><body>Welcome</body></html>");
    private HttpServer server;
    private Scraper scraper;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", ex -> reply(ex, 200, PAGE));
        server.createContext("/garbage", ex -> reply(ex, 200, garbage.get()));
        server.createContext("/missing", ex -> reply(ex, 404, "not here"));
        server.start();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body)
            throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @AfterEach
    void stop() {
        if (scraper != null) {
            scraper.close();
        }
        server.stop(0);
    }

    private ScrapeTarget target(String node, String url) {
        return new ScrapeTarget(URI.create(url), node, "beam", Duration.ofMillis(200), Map.of());
    }

    private long count(String node, NodeEventType type) {
        return events.stream()
                .filter(e -> e.getNode().equals(node) && e.getType() == type)
                .count();
    }

    @Test
    void aGoodTargetKeepsBeingScrapedWhileBadOnesRetryWithOneLineEach() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            scraper = Scraper.start(
                    List.of(
                            target("good", base + "/metrics"),
                            target("garbage", base + "/garbage"),
                            target("missing", base + "/missing"),
                            target("away", "http://127.0.0.1:" + closedPort + "/metrics"),
                            target("ghost", "http://no-such-host.invalid:9568/metrics")),
                    batches::add,
                    events::add);
            await(() -> batches.stream().filter(b -> b.getNode().equals("good")).count() >= 3
                    && count("garbage", NodeEventType.DOWN) == 1
                    && count("missing", NodeEventType.DOWN) == 1
                    && count("away", NodeEventType.DOWN) == 1
                    && count("ghost", NodeEventType.DOWN) == 1);
            Thread.sleep(4_000); // several retries (0.5 s, 1 s, 2 s)
            garbage.set(PAGE);
            await(() -> count("garbage", NodeEventType.UP) == 1);
        } finally {
            System.setErr(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        System.out.println(logs);
        MetricBatch good = batches.stream()
                .filter(b -> b.getNode().equals("good"))
                .findFirst()
                .orElseThrow();
        assertThat(good.getSamples())
                .extracting(s -> s.getMetric())
                .containsExactlyInAnyOrder(MetricId.PROCESS_COUNT.id(), MetricId.MEMORY_TOTAL.id());
        assertThat(good.getLimits()).extracting(s -> s.getMetric()).containsExactly(MetricId.PROCESS_COUNT.id());
        assertThat(batches.stream().filter(b -> b.getNode().equals("good")).map(MetricBatch::getSequence))
                .startsWith(0L, 1L, 2L);
        assertThat(batches)
                .noneMatch(b -> b.getNode().equals("away") || b.getNode().equals("missing"));
        assertThat(count("away", NodeEventType.DOWN)).isEqualTo(1);
        assertThat(count("missing", NodeEventType.DOWN)).isEqualTo(1);
        assertThat(events.stream().filter(e -> e.getNode().equals("garbage") && e.getType() == NodeEventType.DOWN))
                .singleElement()
                .satisfies(e -> assertThat(e.getReason())
                        .contains("not the Prometheus text format: line 1")
                        .contains("<html>"));
        assertThat(events.stream().filter(e -> e.getNode().equals("missing") && e.getType() == NodeEventType.DOWN))
                .singleElement()
                .satisfies(e -> assertThat(e.getReason()).contains("HTTP 404"));
        assertThat(events.stream().filter(e -> e.getNode().equals("away") && e.getType() == NodeEventType.DOWN))
                .singleElement()
                .satisfies(e -> assertThat(e.getReason()).contains("cannot connect to 127.0.0.1:" + closedPort));
        assertThat(events.stream().filter(e -> e.getNode().equals("ghost") && e.getType() == NodeEventType.DOWN))
                .singleElement()
                .satisfies(e -> assertThat(e.getReason())
                        .isEqualTo("cannot connect: the host name no-such-host.invalid does not resolve"));
        assertThat(logs.lines().filter(l -> l.contains("away: ") && l.contains("down")))
                .hasSize(1);
        assertThat(logs.lines().filter(l -> l.contains("garbage: down"))).hasSize(1);
        assertThat(scraper.scrapers()).filteredOn(TargetScraper::up).hasSize(2);
    }

    @Test
    void aPageWithoutBeamSeriesIsDownSayingSo() throws Exception {
        garbage.set("http_requests_total{code=\"200\"} 1027\n");
        scraper = Scraper.start(
                List.of(target("web", "http://127.0.0.1:" + server.getAddress().getPort() + "/garbage")),
                batches::add,
                events::add);
        await(() -> count("web", NodeEventType.DOWN) == 1);
        assertThat(events.get(0).getReason()).contains("no BEAM series among the 1 samples");
        assertThat(batches).isEmpty();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
