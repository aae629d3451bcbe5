package io.numbat.console.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Serves the page's chart library, uPlot (MIT licence, its {@code LICENSE} served beside it), from its webjar on
 * the class path at {@code /vendor/uplot/}: {@code dist/uPlot.iife.min.js}, {@code dist/uPlot.min.css},
 * {@code LICENSE}. No CDN: the console works offline. The version is the webjar's own, read from its pom.properties.
 */
final class ChartLibrary {
    static final String PATH = "/vendor/uplot/";
    private static final String POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private ChartLibrary() {}

    static void mount(Router router) {
        router.get(PATH + "*")
                .handler(StaticHandler.create("META-INF/resources/webjars/uplot/" + version())
                        .setCachingEnabled(true)
                        .setMaxAgeSeconds(3600));
    }

    /** The webjar's version, e.g. 1.6.30. */
    static String version() {
        try (InputStream in = ChartLibrary.class.getClassLoader().getResourceAsStream(POM)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot webjar is not on the class path (" + POM + ")");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM, e);
        }
    }
}
