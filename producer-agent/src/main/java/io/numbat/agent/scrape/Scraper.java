package io.numbat.agent.scrape;

import io.numbat.agent.erlang.NodeEventSink;
import io.numbat.agent.fleet.BatchSink;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code numbat scrape}: scrapes every target of the configuration, one {@link TargetScraper} (and thread) each, so a
 * target that is away or serves garbage never holds up the others.
 */
public final class Scraper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scraper.class);
    private final ScheduledExecutorService timeouts;
    private final List<TargetScraper> scrapers = new ArrayList<>();

    private Scraper(List<ScrapeTarget> targets, BatchSink batches, NodeEventSink events) {
        this.timeouts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "numbat-scrape-timeouts");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        for (ScrapeTarget t : targets) {
            LOG.info(
                    "scraping {} every {} ms as node {} (family {})",
                    t.url(),
                    t.interval().toMillis(),
                    t.node(),
                    t.family());
            scrapers.add(new TargetScraper(t, http, timeouts, batches, events).start());
        }
    }

    /** Starts scraping {@code targets}, publishing batches to {@code batches} and lifecycle events to {@code events}. */
    public static Scraper start(List<ScrapeTarget> targets, BatchSink batches, NodeEventSink events) {
        return new Scraper(targets, batches, events);
    }

    public List<TargetScraper> scrapers() {
        return List.copyOf(scrapers);
    }

    @Override
    public void close() {
        scrapers.forEach(TargetScraper::close);
        timeouts.shutdownNow();
    }
}
